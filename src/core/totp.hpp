// Second factor: RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30-second steps, what every authenticator
// app supports), the RFC 4648 base32 it is shared in, and one-time recovery codes.
//
// Stateless and thread-safe. Replay protection needs one stored number per user, the last
// accepted step: VerifyTotp refuses any step at or below it, and the caller stores the step it
// returns in the same transaction that completes the login.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace ismap::core {

// RFC 4648 §6 base32, uppercase, without '=' padding (authenticator apps expect none).
std::string Base32Encode(std::string_view bytes);

// Inverse of Base32Encode, lenient about what people paste: lowercase, spaces and trailing '='
// padding are accepted. Returns nullopt on any other character, on '=' followed by data, and on a
// length no encoder can produce (1, 3 or 6 symbols in the last group).
std::optional<std::string> Base32Decode(std::string_view text);

// A new shared secret: 20 bytes from the OS CSPRNG (RFC 4226 §4 recommends 160 bits), base32.
std::string NewTotpSecret();

// The RFC 6238 code for raw secret bytes (not base32) at time step `step`: 6 digits, zero-padded.
std::string TotpCode(std::string_view secret_bytes, std::int64_t step);

// floor(unix seconds / 30); floors before 1970 too.
std::int64_t TotpStep(TimePoint now);

// Accepts `code` if it is the code of step now-1, now or now+1 (one step of clock drift each way,
// RFC 6238 §5.2) and that step is strictly greater than `last_used_step`, so no code works twice.
// Returns the matched step, to be stored as the new last_used_step; nullopt on no match and on
// malformed input (code not exactly 6 ASCII digits, secret not base32 or empty). Codes are
// compared in constant time. For a user who has never used TOTP pass last_used_step = INT64_MIN.
std::optional<std::int64_t> VerifyTotp(std::string_view secret_base32, std::string_view code, TimePoint now,
                                       std::int64_t last_used_step);

// The Key URI that authenticator apps read from a QR code:
// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
// Issuer, account and secret are percent-encoded as UTF-8 (RFC 3986: everything but unreserved
// characters), so ':' in an account cannot be mistaken for the label separator.
std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret_base32);

// `count` recovery codes like "k7qf-m2xd-9hwp": 12 symbols from a 31-letter lowercase alphabet
// without look-alikes (no 0/o, 1/l/i), about 59 bits each, in three hyphenated groups of four.
// Store only core::Sha256Hex(NormalizeRecoveryCode(code)); show the codes once.
// REQUIRES: count >= 0.
std::vector<std::string> NewRecoveryCodes(int count);

// Lowercases (ASCII) and drops spaces and hyphens, so "K7QF M2XD-9HWP" matches "k7qf-m2xd-9hwp".
// Other characters are kept: a wrong character then simply fails to match.
std::string NormalizeRecoveryCode(std::string_view code);

}  // namespace ismap::core
