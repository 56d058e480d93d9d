#include "core/password.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>

#include "core/text.hpp"

namespace ismap::core {
namespace {

constexpr std::size_t kMinPasswordChars = 12;
constexpr std::size_t kMaxPasswordChars = 128;
constexpr std::size_t kRandomPasswordChars = 20;
// No 0/O/o and 1/l/I: the password is read off a terminal and typed by hand.
constexpr std::string_view kUnambiguousAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

// sodium_init() is itself idempotent, but call_once makes the "initialised before first use"
// guarantee explicit and skips the library's own locking on every call.
bool EnsureSodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  return ok;
}

bool IsArgon2id(std::string_view encoded) { return encoded.starts_with(crypto_pwhash_argon2id_STRPREFIX); }

// libsodium reads the encoded hash as a C string: refuse anything that would be silently
// truncated at an embedded NUL or cannot fit its fixed-size buffer.
bool FitsEncodedBuffer(std::string_view encoded) {
  return encoded.size() < crypto_pwhash_STRBYTES && encoded.find('\0') == std::string_view::npos;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, const PasswordHashParams& params) {
  if (!EnsureSodium()) {
    return Unexpected(ErrorCode::kInternal, "password.sodium_init", "libsodium failed to initialise");
  }
  if (params.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      params.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      params.mem_limit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      params.mem_limit_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return Unexpected(ErrorCode::kInvalidArgument, "password.bad_params", "argon2id parameters out of range");
  }
  if (password.size() > crypto_pwhash_argon2id_PASSWD_MAX) {
    return Unexpected(ErrorCode::kInvalidArgument, "password.too_long", "password too long to hash");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  // With parameters in range, the only failure left is the allocation of mem_limit_bytes.
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params.ops_limit, params.mem_limit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Unexpected(ErrorCode::kInternal, "password.out_of_memory", "argon2id could not allocate its memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (!EnsureSodium() || !FitsEncodedBuffer(encoded)) {
    return false;
  }
  const std::string terminated(encoded);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view encoded, const PasswordHashParams& params) {
  // libsodium compares parameters only within one algorithm, so an argon2i hash would pass as
  // current; check the algorithm ourselves.
  if (!EnsureSodium() || !FitsEncodedBuffer(encoded) || !IsArgon2id(encoded)) {
    return true;
  }
  const std::string terminated(encoded);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params.ops_limit, params.mem_limit_bytes) != 0;
}

Result<void> CheckPasswordPolicy(std::string_view password) {
  if (!IsValidUtf8(password)) {
    return Unexpected(ErrorCode::kInvalidArgument, "password.invalid_utf8", "password is not valid UTF-8");
  }
  std::size_t code_points = 0;
  std::size_t collapsed = 0;  // code points with each run of spaces counted once (ASVS 2.1.1)
  bool previous_was_space = false;
  for (std::size_t i = 0; i < password.size();) {
    const auto lead = static_cast<unsigned char>(password[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    const std::string_view cp = password.substr(i, len);
    const bool is_space = cp == " " || cp == "\u3000";
    if (!(is_space && previous_was_space)) {
      ++collapsed;
    }
    previous_was_space = is_space;
    ++code_points;
    i += len;
  }
  if (collapsed < kMinPasswordChars) {
    return Unexpected(ErrorCode::kInvalidArgument, "password.too_short", "password must have at least 12 characters");
  }
  if (code_points > kMaxPasswordChars) {
    return Unexpected(ErrorCode::kInvalidArgument, "password.too_long", "password must have at most 128 characters");
  }
  return Ok();
}

std::string RandomPassword() {
  if (!EnsureSodium()) {
    // Without a CSPRNG there is no safe fallback; same policy as RandomHex in crypto.cpp.
    throw std::runtime_error("sodium_init failed");
  }
  std::string out(kRandomPasswordChars, '\0');
  for (char& c : out) {
    // randombytes_uniform rejects out-of-range draws, so every letter is equally likely.
    c = kUnambiguousAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kUnambiguousAlphabet.size()))];
  }
  return out;
}

}  // namespace ismap::core
