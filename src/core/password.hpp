// Password hashing (argon2id via libsodium) and the password policy of ASVS 4.0 §2.1.
//
// The encoded hash is libsodium's self-describing "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string,
// so the parameters travel with each hash and can be raised later: PasswordNeedsRehash tells the
// login path when to re-hash with the current parameters.
//
// Thread-safe: libsodium is initialised once (std::call_once) and every function is reentrant.
// Hashing is deliberately slow and memory-hungry; call it off the network threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ismap::core {

// argon2id cost. libsodium fixes parallelism at p=1.
//
// Defaults: t=3 passes over m=64 MiB. This is RFC 9106 §4's second recommended setting (t=3,
// m=64 MiB; libsodium cannot do its p=4) and well above OWASP's argon2id floor (m=19 MiB, t=2,
// p=1). libsodium's presets bracket it: INTERACTIVE is t=2/64 MiB, MODERATE t=3/256 MiB. MODERATE's
// 256 MiB per hash was rejected because logins run concurrently on a 2-core server: eight at once
// would need 2 GiB, turning a login burst into memory exhaustion. Keeping 64 MiB and adding a pass
// buys ~50 % more work per guess than INTERACTIVE at the same memory.
// Measured on the 2-core Debian 12 machine (AMD EPYC): ~82 ms per hash or verify, ~22 per second
// with both cores busy, which caps login throughput; that is the point.
struct PasswordHashParams {
  unsigned long long ops_limit = 3;                             // argon2id passes (t)
  std::size_t mem_limit_bytes = std::size_t{64} * 1024 * 1024;  // argon2id memory (m), bytes
};

// Hashes `password` with a fresh random salt. Returns the encoded "$argon2id$..." string.
// Errors: kInvalidArgument (reason "password.bad_params") if `params` are outside libsodium's
// limits (ops_limit >= 1, mem_limit_bytes >= 8 KiB); kInternal if the memory cannot be allocated.
Result<std::string> HashPassword(std::string_view password, const PasswordHashParams& params);

// True iff `encoded` is a well-formed argon2 hash of `password`. False on a mismatch and on a
// malformed or truncated `encoded` (e.g. an empty column), never an error: the caller answers both
// the same way. Takes as long as the hash's own parameters demand.
bool VerifyPassword(std::string_view encoded, std::string_view password);

// True if `encoded` was not made by argon2id with exactly `params` (weaker or stronger), including
// when it is malformed or of another algorithm. Call after a successful VerifyPassword and store
// a new HashPassword result when this says so.
bool PasswordNeedsRehash(std::string_view encoded, const PasswordHashParams& params);

// ASVS 4.0 2.1.1–2.1.9: 12 to 128 characters (Unicode code points, so a 12-kanji password is 12),
// any characters allowed, including spaces and Japanese, and no composition rules. As 2.1.1 asks,
// the minimum is counted after each run of spaces (U+0020 or the ideographic U+3000) is taken as
// one, so padding with spaces cannot reach it. The password itself is never altered.
// Errors (all kInvalidArgument): "password.too_short", "password.too_long", and
// "password.invalid_utf8" for bytes that are not UTF-8 (code points cannot be counted).
Result<void> CheckPasswordPolicy(std::string_view password);

// A random password for one-time use (printed once by `ismap init`): 20 characters from a 56-letter
// alphabet without look-alikes (no 0/O/o, 1/l/I), about 116 bits. Passes CheckPasswordPolicy.
std::string RandomPassword();

}  // namespace ismap::core
