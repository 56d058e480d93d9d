#include "core/i18n.hpp"

#include <gtest/gtest.h>

namespace ismap::core {
namespace {

TEST(MessagesTest, JapaneseAndEnglishHaveTheSameKeys) {
  const auto& messages = Messages::Get();
  for (const auto& [key, text] : messages.All(Language::kJa)) {
    EXPECT_TRUE(messages.Has(Language::kEn, key)) << "missing in en.toml: " << key;
    EXPECT_FALSE(text.empty()) << key;
  }
  for (const auto& [key, text] : messages.All(Language::kEn)) {
    EXPECT_TRUE(messages.Has(Language::kJa, key)) << "missing in ja.toml: " << key;
  }
  EXPECT_GT(messages.All(Language::kJa).size(), 20U);
}

TEST(MessagesTest, DisclaimerSaysNoAbsoluteGuarantee) {
  const auto& messages = Messages::Get();
  EXPECT_NE(std::string(messages.Text(Language::kJa, "site.disclaimer"))
                .find("絶対的なセキュリティを保証するものではありません"),
            std::string::npos);
  EXPECT_NE(std::string(messages.Text(Language::kEn, "site.disclaimer")).find("not a guarantee"), std::string::npos);
}

TEST(MessagesTest, MissingKeyIsShownAsItself) {
  EXPECT_EQ(Messages::Get().Text(Language::kEn, "no.such.key"), "no.such.key");
}

TEST(NegotiateLanguageTest, QueryThenCookieThenHeaderThenFallback) {
  EXPECT_EQ(NegotiateLanguage("en", "ja", "ja", Language::kJa), Language::kEn);
  EXPECT_EQ(NegotiateLanguage("", "en", "ja", Language::kJa), Language::kEn);
  EXPECT_EQ(NegotiateLanguage("", "", "en-GB,en;q=0.9", Language::kJa), Language::kEn);
  EXPECT_EQ(NegotiateLanguage("", "", "", Language::kJa), Language::kJa);
  EXPECT_EQ(NegotiateLanguage("fr", "xx", "de", Language::kEn), Language::kEn);
}

TEST(NegotiateLanguageTest, AcceptLanguageHonoursQualityValues) {
  EXPECT_EQ(NegotiateLanguage("", "", "en;q=0.5, ja;q=0.8", Language::kEn), Language::kJa);
  EXPECT_EQ(NegotiateLanguage("", "", "fr, en;q=0.1", Language::kJa), Language::kEn);
  EXPECT_EQ(NegotiateLanguage("", "", "en;q=bogus, ja", Language::kEn), Language::kJa);
}

}  // namespace
}  // namespace ismap::core
