#include "core/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <limits>
#include <stdexcept>

#include "core/crypto.hpp"

namespace ismap::core {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::int64_t kStepSeconds = 30;
constexpr std::size_t kSecretBytes = 20;
constexpr int kDigits = 6;
constexpr std::uint32_t kDigitsModulus = 1'000'000;
// Read aloud or typed from paper: no 0/o, 1/l/i.
constexpr std::string_view kRecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
constexpr int kRecoveryGroups = 3;
constexpr int kRecoveryGroupSize = 4;

void RandomBytes(unsigned char* out, std::size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    // No CSPRNG, no safe fallback: the same unrecoverable state as in core::RandomHex.
    throw std::runtime_error("RAND_bytes failed");
  }
}

// Uniform index in [0, n) by rejection sampling, so that no letter is likelier than another.
// REQUIRES: 0 < n <= 256.
std::size_t RandomIndex(std::size_t n) {
  const unsigned limit = 256 - 256 % static_cast<unsigned>(n);
  for (;;) {
    unsigned char b = 0;
    RandomBytes(&b, 1);
    if (b < limit) {
      return b % n;
    }
  }
}

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a';
  }
  if (c >= '2' && c <= '7') {
    return c - '2' + 26;
  }
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void AppendPercentEncoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
}

bool IsSixDigits(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kDigits)) {
    return false;
  }
  for (const char c : code) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1f]);
    }
  }
  if (bits > 0) {
    out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  }
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t symbols = 0;
  bool padding = false;
  for (const char c : text) {
    if (c == ' ') {
      continue;
    }
    if (c == '=') {
      padding = true;
      continue;
    }
    const int value = Base32Value(c);
    if (value < 0 || padding) {
      return std::nullopt;
    }
    ++symbols;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // A final group of 1, 3 or 6 symbols does not end on a byte boundary: truncated or corrupted.
  const std::size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) {
    return std::nullopt;
  }
  return out;
}

std::string NewTotpSecret() {
  std::array<unsigned char, kSecretBytes> secret{};
  RandomBytes(secret.data(), secret.size());
  return Base32Encode(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
}

std::string TotpCode(std::string_view secret_bytes, std::int64_t step) {
  // RFC 4226 §5.2: HMAC over the counter as 8 big-endian bytes.
  std::array<unsigned char, 8> counter{};
  auto value = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  // Some OpenSSL 3.0 releases reject a null key even with length 0; an empty view may have one.
  static constexpr unsigned char kEmptyKey = 0;
  const void* key = secret_bytes.empty() ? &kEmptyKey : static_cast<const void*>(secret_bytes.data());
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha1(), key, static_cast<int>(secret_bytes.size()), counter.data(), counter.size(), mac.data(),
           &mac_size) == nullptr ||
      mac_size != 20) {
    throw std::runtime_error("HMAC(sha1) failed");  // only on allocation failure, as in Sha256Hex
  }
  // RFC 4226 §5.3 dynamic truncation.
  const std::size_t offset = mac[19] & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t number = binary % kDigitsModulus;
  std::string code(kDigits, '0');
  for (int i = kDigits - 1; i >= 0; --i) {
    code[static_cast<std::size_t>(i)] = static_cast<char>('0' + number % 10);
    number /= 10;
  }
  return code;
}

std::int64_t TotpStep(TimePoint now) {
  const std::int64_t seconds = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  // Integer division truncates toward zero; TOTP wants floor.
  std::int64_t step = seconds / kStepSeconds;
  if (seconds % kStepSeconds < 0) {
    --step;
  }
  return step;
}

std::optional<std::int64_t> VerifyTotp(std::string_view secret_base32, std::string_view code, TimePoint now,
                                       std::int64_t last_used_step) {
  if (!IsSixDigits(code)) {
    return std::nullopt;
  }
  const std::optional<std::string> secret = Base32Decode(secret_base32);
  if (!secret || secret->empty()) {
    return std::nullopt;
  }
  const std::int64_t current = TotpStep(now);
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    if (step > last_used_step && ConstantTimeEquals(TotpCode(*secret, step), code)) {
      return step;
    }
  }
  return std::nullopt;
}

std::string TotpUri(std::string_view issuer, std::string_view account, std::string_view secret_base32) {
  std::string uri = "otpauth://totp/";
  AppendPercentEncoded(uri, issuer);
  uri += ':';
  AppendPercentEncoded(uri, account);
  uri += "?secret=";
  AppendPercentEncoded(uri, secret_base32);
  uri += "&issuer=";
  AppendPercentEncoded(uri, issuer);
  uri += "&algorithm=SHA1&digits=6&period=30";
  return uri;
}

std::vector<std::string> NewRecoveryCodes(int count) {
  std::vector<std::string> codes;
  codes.reserve(static_cast<std::size_t>(count > 0 ? count : 0));
  for (int n = 0; n < count; ++n) {
    std::string code;
    for (int g = 0; g < kRecoveryGroups; ++g) {
      if (g > 0) {
        code.push_back('-');
      }
      for (int i = 0; i < kRecoveryGroupSize; ++i) {
        code.push_back(kRecoveryAlphabet[RandomIndex(kRecoveryAlphabet.size())]);
      }
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string NormalizeRecoveryCode(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (const char c : code) {
    if (c == ' ' || c == '-') {
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace ismap::core
