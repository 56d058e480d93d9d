#include "core/password.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>

#include "tests/support/result_matchers.hpp"

namespace ismap::core {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

// argon2id's cheapest setting: the defaults take ~80 ms a hash, too slow to repeat in every test.
constexpr PasswordHashParams kFast{.ops_limit = 1, .mem_limit_bytes = std::size_t{8} * 1024 * 1024};

std::string Repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += unit;
  }
  return out;
}

TEST(PasswordHashTest, HashThenVerify) {
  auto encoded = HashPassword("correct horse battery", kFast);
  ASSERT_THAT(encoded, IsOk());
  EXPECT_THAT(*encoded, ::testing::StartsWith("$argon2id$v=19$m=8192,t=1,p=1$"));
  EXPECT_TRUE(VerifyPassword(*encoded, "correct horse battery"));
}

TEST(PasswordHashTest, WrongPasswordFails) {
  auto encoded = HashPassword("correct horse battery", kFast);
  ASSERT_THAT(encoded, IsOk());
  EXPECT_FALSE(VerifyPassword(*encoded, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*encoded, "correct horse battery "));
  EXPECT_FALSE(VerifyPassword(*encoded, ""));
}

TEST(PasswordHashTest, JapanesePasswordRoundTrips) {
  auto encoded = HashPassword("政府情報システムのためのパスワード", kFast);
  ASSERT_THAT(encoded, IsOk());
  EXPECT_TRUE(VerifyPassword(*encoded, "政府情報システムのためのパスワード"));
  EXPECT_FALSE(VerifyPassword(*encoded, "政府情報システムのためのパスワ"));
}

TEST(PasswordHashTest, SaltMakesHashesOfTheSamePasswordDiffer) {
  auto first = HashPassword("same password here", kFast);
  auto second = HashPassword("same password here", kFast);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(VerifyPassword(*first, "same password here"));
  EXPECT_TRUE(VerifyPassword(*second, "same password here"));
}

TEST(PasswordHashTest, MalformedEncodedNeverVerifies) {
  auto encoded = HashPassword("correct horse battery", kFast);
  ASSERT_THAT(encoded, IsOk());
  const std::string& good = *encoded;
  EXPECT_FALSE(VerifyPassword("", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(good.substr(0, good.size() - 5), "correct horse battery"));  // truncated
  EXPECT_FALSE(VerifyPassword(good + std::string(1, '\0') + "junk", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(good + Repeat("A", 200), "correct horse battery"));
  std::string flipped = good;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(flipped, "correct horse battery"));
}

TEST(PasswordHashTest, RefusesParamsOutsideLibsodiumLimits) {
  EXPECT_THAT(HashPassword("x", {.ops_limit = 0, .mem_limit_bytes = std::size_t{8} * 1024 * 1024}),
              HasErrorReason(ErrorCode::kInvalidArgument, "password.bad_params"));
  EXPECT_THAT(HashPassword("x", {.ops_limit = 1, .mem_limit_bytes = 1024}),
              HasErrorReason(ErrorCode::kInvalidArgument, "password.bad_params"));
}

TEST(PasswordHashTest, NeedsRehashWhenParamsChange) {
  auto encoded = HashPassword("correct horse battery", kFast);
  ASSERT_THAT(encoded, IsOk());
  EXPECT_FALSE(PasswordNeedsRehash(*encoded, kFast));
  EXPECT_TRUE(PasswordNeedsRehash(*encoded, {.ops_limit = 2, .mem_limit_bytes = kFast.mem_limit_bytes}));
  EXPECT_TRUE(
      PasswordNeedsRehash(*encoded, {.ops_limit = kFast.ops_limit, .mem_limit_bytes = std::size_t{16} * 1024 * 1024}));
  EXPECT_TRUE(PasswordNeedsRehash(*encoded, PasswordHashParams{}));
}

TEST(PasswordHashTest, NeedsRehashForMalformedAndOtherAlgorithms) {
  EXPECT_TRUE(PasswordNeedsRehash("", kFast));
  EXPECT_TRUE(PasswordNeedsRehash("not a hash", kFast));
  // Same parameters, but argon2i: libsodium alone would call it current.
  std::array<char, crypto_pwhash_STRBYTES> argon2i{};
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i.data(), "pw", 2, 3, kFast.mem_limit_bytes, crypto_pwhash_ALG_ARGON2I13), 0);
  EXPECT_TRUE(VerifyPassword(argon2i.data(), "pw"));
  EXPECT_TRUE(PasswordNeedsRehash(argon2i.data(), {.ops_limit = 3, .mem_limit_bytes = kFast.mem_limit_bytes}));
}

// The one test at production cost, so that the defaults themselves are known to work.
TEST(PasswordHashTest, DefaultParamsHashAndVerify) {
  const PasswordHashParams defaults;
  auto encoded = HashPassword("correct horse battery", defaults);
  ASSERT_THAT(encoded, IsOk());
  EXPECT_THAT(*encoded, ::testing::StartsWith("$argon2id$v=19$m=65536,t=3,p=1$"));
  EXPECT_TRUE(VerifyPassword(*encoded, "correct horse battery"));
  EXPECT_FALSE(PasswordNeedsRehash(*encoded, defaults));
}

TEST(PasswordPolicyTest, LengthLimitsInCodePoints) {
  EXPECT_THAT(CheckPasswordPolicy(""), HasErrorReason(ErrorCode::kInvalidArgument, "password.too_short"));
  EXPECT_THAT(CheckPasswordPolicy(Repeat("a", 11)), HasErrorReason(ErrorCode::kInvalidArgument, "password.too_short"));
  EXPECT_THAT(CheckPasswordPolicy(Repeat("a", 12)), IsOk());
  EXPECT_THAT(CheckPasswordPolicy(Repeat("a", 128)), IsOk());
  EXPECT_THAT(CheckPasswordPolicy(Repeat("a", 129)), HasErrorReason(ErrorCode::kInvalidArgument, "password.too_long"));
}

TEST(PasswordPolicyTest, CountsJapaneseCharactersNotBytes) {
  EXPECT_THAT(CheckPasswordPolicy("政府情報安全管理評価制度"), IsOk());  // 12 kanji, 36 bytes
  EXPECT_THAT(CheckPasswordPolicy(Repeat("漢", 11)), HasErrorReason(ErrorCode::kInvalidArgument, "password.too_short"));
  EXPECT_THAT(CheckPasswordPolicy(Repeat("漢", 128)), IsOk());  // 384 bytes
  EXPECT_THAT(CheckPasswordPolicy(Repeat("漢", 129)), HasErrorReason(ErrorCode::kInvalidArgument, "password.too_long"));
  EXPECT_THAT(CheckPasswordPolicy(Repeat("\xf0\x9f\x98\x80", 12)), IsOk());  // 4-byte code points
}

TEST(PasswordPolicyTest, AnyCharactersWithoutCompositionRules) {
  EXPECT_THAT(CheckPasswordPolicy("all lowercase words"), IsOk());
  EXPECT_THAT(CheckPasswordPolicy("ひらがな と カタカナ です"), IsOk());
  EXPECT_THAT(CheckPasswordPolicy("123456789012"), IsOk());
}

TEST(PasswordPolicyTest, RunsOfSpacesCountOnceTowardsTheMinimum) {
  // ASVS 2.1.1: "at least 12 characters in length (after multiple spaces are combined)".
  EXPECT_THAT(CheckPasswordPolicy("ab" + Repeat(" ", 10)),
              HasErrorReason(ErrorCode::kInvalidArgument, "password.too_short"));
  EXPECT_THAT(CheckPasswordPolicy("ab" + Repeat("\u3000", 10)),
              HasErrorReason(ErrorCode::kInvalidArgument, "password.too_short"));
  EXPECT_THAT(CheckPasswordPolicy("a b c d e f "), IsOk());
}

TEST(PasswordPolicyTest, RefusesInvalidUtf8) {
  EXPECT_THAT(CheckPasswordPolicy(Repeat("a", 12) + "\xff"),
              HasErrorReason(ErrorCode::kInvalidArgument, "password.invalid_utf8"));
}

TEST(RandomPasswordTest, TwentyUnambiguousCharactersThatPassThePolicy) {
  const std::string password = RandomPassword();
  EXPECT_EQ(password.size(), 20U);
  EXPECT_EQ(password.find_first_of("0O1lIo"), std::string::npos) << password;
  EXPECT_EQ(password.find_first_not_of("23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"), std::string::npos);
  EXPECT_THAT(CheckPasswordPolicy(password), IsOk());
  EXPECT_NE(RandomPassword(), RandomPassword());
}

}  // namespace
}  // namespace ismap::core
