#include "core/text.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace ismap::core {
namespace {

TEST(Utf8Test, AcceptsJapaneseAndAscii) {
  EXPECT_TRUE(IsValidUtf8("政府情報システム ISMAP"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));  // U+1F600
}

TEST(Utf8Test, RefusesMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe3\x81"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("a\x80z"));            // stray continuation
}

TEST(PercentDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("%E6%94%BF%E5%BA%9C", false), "政府");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
}

TEST(PercentDecodeTest, RefusesMalformedEscapes) {
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("%4", false));
  EXPECT_FALSE(PercentDecode("%zz", false));
  EXPECT_FALSE(PercentDecode("abc%", false));
}

TEST(JsonEscapeTest, EscapesQuotesAndControls) {
  std::string out;
  AppendJsonEscaped(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001");
}

TEST(ClockTest, Rfc3339RoundTrips) {
  using namespace std::chrono;
  const TimePoint t = sys_days{year{2026} / 11 / 25} + hours{1} + minutes{2} + seconds{3} + microseconds{4};
  EXPECT_EQ(FormatRfc3339(t), "2026-11-25T01:02:03.000004Z");
  TimePoint parsed;
  ASSERT_TRUE(ParseRfc3339(FormatRfc3339(t), &parsed));
  EXPECT_EQ(parsed, t);
  EXPECT_FALSE(ParseRfc3339("2026-13-25T01:02:03.000004Z", &parsed));
  EXPECT_FALSE(ParseRfc3339("2026-11-25 01:02:03", &parsed));
}

TEST(CryptoTest, Sha256OfKnownInput) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, RandomHexHasRequestedLengthAndVaries) {
  EXPECT_EQ(RandomHex(32).size(), 64U);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

TEST(CryptoTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

TEST(CodePointCountTest, CountsCharactersNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0U);
  EXPECT_EQ(CodePointCount("abc"), 3U);
  EXPECT_EQ(CodePointCount("会計"), 2U);  // 6 bytes
  EXPECT_EQ(CodePointCount("ストレージ a"), 7U);
  EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80"), 1U);  // a four-byte emoji
}

}  // namespace
}  // namespace ismap::core
