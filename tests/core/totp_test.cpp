#include "core/totp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <set>

#include "core/crypto.hpp"

namespace ismap::core {
namespace {

constexpr std::string_view kRfcSecret = "12345678901234567890";  // RFC 6238 Appendix B, SHA1
constexpr std::int64_t kNeverUsed = std::numeric_limits<std::int64_t>::min();

TimePoint AtUnixSeconds(std::int64_t seconds) { return TimePoint{std::chrono::seconds{seconds}}; }

TEST(Base32Test, Rfc4648Vectors) {
  struct Case {
    std::string_view plain, encoded;
  };
  // RFC 4648 §10, with the padding Base32Encode leaves out.
  for (const Case& c : {Case{"", ""}, Case{"f", "MY"}, Case{"fo", "MZXQ"}, Case{"foo", "MZXW6"},
                        Case{"foob", "MZXW6YQ"}, Case{"fooba", "MZXW6YTB"}, Case{"foobar", "MZXW6YTBOI"}}) {
    EXPECT_EQ(Base32Encode(c.plain), c.encoded) << c.plain;
    EXPECT_EQ(Base32Decode(c.encoded), std::string(c.plain)) << c.encoded;
  }
}

TEST(Base32Test, DecodeAcceptsPaddingLowercaseAndSpaces) {
  EXPECT_EQ(Base32Decode("MY======"), "f");
  EXPECT_EQ(Base32Decode("MZXW6YQ="), "foob");
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
  EXPECT_EQ(Base32Decode("MZXW 6YTB OI"), "foobar");
  EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), std::string(kRfcSecret));
}

TEST(Base32Test, DecodeRefusesBadInput) {
  EXPECT_EQ(Base32Decode("MZ1Q"), std::nullopt);  // '1' is not base32
  EXPECT_EQ(Base32Decode("MY!"), std::nullopt);
  EXPECT_EQ(Base32Decode("MZXQ\n"), std::nullopt);  // only spaces are skipped
  EXPECT_EQ(Base32Decode("MY=MY"), std::nullopt);   // data after padding
  EXPECT_EQ(Base32Decode("M"), std::nullopt);       // impossible lengths
  EXPECT_EQ(Base32Decode("MZX"), std::nullopt);
  EXPECT_EQ(Base32Decode("MZXW6Y"), std::nullopt);
}

TEST(TotpTest, Rfc6238AppendixBSha1Vectors) {
  struct Case {
    std::int64_t unix_seconds;
    std::string_view eight_digits;  // as printed in the RFC; 6-digit codes are the last six
  };
  for (const Case& c : {Case{59, "94287082"}, Case{1111111109, "07081804"}, Case{1111111111, "14050471"},
                        Case{1234567890, "89005924"}, Case{2000000000, "69279037"}, Case{20000000000, "65353130"}}) {
    const std::int64_t step = TotpStep(AtUnixSeconds(c.unix_seconds));
    EXPECT_EQ(TotpCode(kRfcSecret, step), c.eight_digits.substr(2)) << c.unix_seconds;
    EXPECT_EQ(VerifyTotp(Base32Encode(kRfcSecret), c.eight_digits.substr(2), AtUnixSeconds(c.unix_seconds), kNeverUsed),
              step)
        << c.unix_seconds;
  }
}

TEST(TotpTest, StepIsFlooredThirtySeconds) {
  EXPECT_EQ(TotpStep(AtUnixSeconds(0)), 0);
  EXPECT_EQ(TotpStep(AtUnixSeconds(29)), 0);
  EXPECT_EQ(TotpStep(AtUnixSeconds(30)), 1);
  EXPECT_EQ(TotpStep(AtUnixSeconds(59)), 1);
  EXPECT_EQ(TotpStep(AtUnixSeconds(59) + std::chrono::microseconds{999'999}), 1);
  EXPECT_EQ(TotpStep(AtUnixSeconds(-1)), -1);
  EXPECT_EQ(TotpStep(AtUnixSeconds(-30)), -1);
  EXPECT_EQ(TotpStep(AtUnixSeconds(-31)), -2);
}

class VerifyTotpTest : public ::testing::Test {
 protected:
  const std::string secret_ = NewTotpSecret();
  const TimePoint now_ = AtUnixSeconds(1'800'000'015);
  const std::int64_t step_ = TotpStep(now_);

  std::string CodeAt(std::int64_t step) const { return TotpCode(*Base32Decode(secret_), step); }
};

TEST_F(VerifyTotpTest, AcceptsCurrentCode) { EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_), now_, kNeverUsed), step_); }

TEST_F(VerifyTotpTest, AcceptsOneStepOfDriftEachWay) {
  EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_ - 1), now_, kNeverUsed), step_ - 1);
  EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_ + 1), now_, kNeverUsed), step_ + 1);
}

TEST_F(VerifyTotpTest, RefusesTwoStepsOfDrift) {
  // A random secret could give two steps the same code (one chance in a million); skip that case.
  for (const std::int64_t far : {step_ - 2, step_ + 2}) {
    const std::string code = CodeAt(far);
    if (code == CodeAt(step_ - 1) || code == CodeAt(step_) || code == CodeAt(step_ + 1)) {
      continue;
    }
    EXPECT_EQ(VerifyTotp(secret_, code, now_, kNeverUsed), std::nullopt) << far - step_;
  }
}

TEST_F(VerifyTotpTest, RefusesReplayOfAnAcceptedCode) {
  const std::optional<std::int64_t> used = VerifyTotp(secret_, CodeAt(step_), now_, kNeverUsed);
  ASSERT_EQ(used, step_);
  EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_), now_, *used), std::nullopt);
  // Nor an older code still inside the drift window.
  EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_ - 1), now_, *used), std::nullopt);
  // The next step's code is still good.
  EXPECT_EQ(VerifyTotp(secret_, CodeAt(step_ + 1), now_, *used), step_ + 1);
}

TEST_F(VerifyTotpTest, RefusesMalformedCodes) {
  const std::string code = CodeAt(step_);
  for (const std::string& bad :
       {std::string(), code.substr(0, 5), code + "0", code.substr(0, 5) + "a", " " + code.substr(1),
        code.substr(0, 3) + " " + code.substr(3), std::string("abcdef"), std::string("١٢٣٤٥٦")}) {
    EXPECT_EQ(VerifyTotp(secret_, bad, now_, kNeverUsed), std::nullopt) << bad;
  }
}

TEST_F(VerifyTotpTest, RefusesBadSecrets) {
  const std::string code = CodeAt(step_);
  EXPECT_EQ(VerifyTotp("", code, now_, kNeverUsed), std::nullopt);
  EXPECT_EQ(VerifyTotp("not base32!", code, now_, kNeverUsed), std::nullopt);
  EXPECT_EQ(VerifyTotp(NewTotpSecret(), code == "000000" ? "000001" : "000000", now_, kNeverUsed), std::nullopt);
}

TEST(TotpSecretTest, TwentyRandomBytesInBase32) {
  const std::string secret = NewTotpSecret();
  EXPECT_EQ(secret.size(), 32U);
  ASSERT_TRUE(Base32Decode(secret).has_value());
  EXPECT_EQ(Base32Decode(secret)->size(), 20U);
  EXPECT_NE(NewTotpSecret(), secret);
}

TEST(TotpUriTest, KeyUriFormat) {
  EXPECT_EQ(TotpUri("ISMAP", "taro@example.jp", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/ISMAP:taro%40example.jp?secret=JBSWY3DPEHPK3PXP&issuer=ISMAP"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpUriTest, PercentEncodesUtf8AndSeparators) {
  EXPECT_EQ(TotpUri("政府", "a:b c&d", "MY"),
            "otpauth://totp/%E6%94%BF%E5%BA%9C:a%3Ab%20c%26d?secret=MY&issuer=%E6%94%BF%E5%BA%9C"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(RecoveryCodeTest, CodesHaveTheDocumentedShape) {
  const std::vector<std::string> codes = NewRecoveryCodes(10);
  ASSERT_EQ(codes.size(), 10U);
  for (const std::string& code : codes) {
    EXPECT_THAT(code, ::testing::MatchesRegex("[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}"));
  }
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  EXPECT_TRUE(NewRecoveryCodes(0).empty());
}

TEST(RecoveryCodeTest, NormalizeToleratesCaseSpacesAndHyphens) {
  EXPECT_EQ(NormalizeRecoveryCode("k7qf-m2xd-9hwp"), "k7qfm2xd9hwp");
  EXPECT_EQ(NormalizeRecoveryCode(" K7QF M2XD-9hwp "), "k7qfm2xd9hwp");
  EXPECT_EQ(NormalizeRecoveryCode("k7qf--m2xd  9hwp"), "k7qfm2xd9hwp");
  EXPECT_EQ(Sha256Hex(NormalizeRecoveryCode("K7QF-M2XD-9HWP")), Sha256Hex(NormalizeRecoveryCode("k7qfm2xd9hwp")));
  EXPECT_NE(NormalizeRecoveryCode("k7qf-m2xd-9hwq"), "k7qfm2xd9hwp");
}

}  // namespace
}  // namespace ismap::core
