// Thin wrappers over OpenSSL: SHA-256, secure random bytes, constant-time comparison.
// Thread-safe (OpenSSL 3 needs no locking callbacks).
#pragma once

#include <string>
#include <string_view>

namespace ismap::core {

// Lowercase hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// `bytes` random bytes from the OS CSPRNG, as lowercase hex (2 × bytes characters).
std::string RandomHex(std::size_t bytes);

// Equal length and content, in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ismap::core
