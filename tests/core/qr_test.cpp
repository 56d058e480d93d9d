#include "core/qr.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/result_matchers.hpp"

namespace ismap::core {
namespace {

using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::Not;

constexpr std::string_view kUri =
    "otpauth://totp/ISMAP:taro%40example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ISMAP"
    "&algorithm=SHA1&digits=6&period=30";

TEST(QrSvgTest, IsAnAccessibleSvgWithOnePath) {
  auto svg = QrSvg(kUri);
  ASSERT_THAT(svg, IsOk());
  EXPECT_THAT(*svg, ::testing::StartsWith(R"(<svg xmlns="http://www.w3.org/2000/svg" )"));
  EXPECT_THAT(*svg, HasSubstr(R"(role="img" aria-label="QR code")"));
  EXPECT_THAT(*svg, HasSubstr(R"(<path fill="#000" d="M)"));
  EXPECT_THAT(*svg, ::testing::EndsWith("</svg>"));
  EXPECT_EQ(svg->find("<path"), svg->rfind("<path"));
}

TEST(QrSvgTest, ContainsNothingActiveOrExternal) {
  auto svg = QrSvg(R"(<script>alert(1)</script> "quoted" & href=x)");
  ASSERT_THAT(svg, IsOk());
  EXPECT_THAT(*svg, Not(HasSubstr("<script")));
  EXPECT_THAT(*svg, Not(HasSubstr("href")));
  EXPECT_THAT(*svg, Not(HasSubstr("quoted")));
}

TEST(QrSvgTest, VersionOneGeometryWithQuietZone) {
  // "hello" fits version 1 (21 modules); 4 quiet modules each side make 29.
  auto svg = QrSvg("hello", 4);
  ASSERT_THAT(svg, IsOk());
  EXPECT_THAT(*svg, HasSubstr(R"(width="116" height="116" viewBox="0 0 29 29")"));
  // The top-left finder pattern's first row: 7 dark modules starting inside the quiet zone.
  EXPECT_THAT(*svg, HasSubstr(R"(d="M4 4h7v1h-7z)"));
}

TEST(QrSvgTest, DeterministicForTheSameInputAndDifferentOtherwise) {
  auto a = QrSvg(kUri);
  auto b = QrSvg(kUri);
  auto c = QrSvg(std::string(kUri) + "x");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
}

TEST(QrSvgTest, EncodesJapaneseText) { EXPECT_THAT(QrSvg("政府情報システム"), IsOk()); }

TEST(QrSvgTest, RefusesTextTooLongForAQrCode) {
  EXPECT_THAT(QrSvg(std::string(10000, 'a')), HasErrorReason(ErrorCode::kInvalidArgument, "qr.too_long"));
}

TEST(QrSvgTest, RefusesEmptyOrNulTextAndBadModuleSize) {
  EXPECT_THAT(QrSvg(""), HasErrorReason(ErrorCode::kInvalidArgument, "qr.invalid_input"));
  EXPECT_THAT(QrSvg(std::string("ab\0cd", 5)), HasErrorReason(ErrorCode::kInvalidArgument, "qr.invalid_input"));
  EXPECT_THAT(QrSvg("hello", 0), HasErrorReason(ErrorCode::kInvalidArgument, "qr.bad_module_size"));
  EXPECT_THAT(QrSvg("hello", 65), HasErrorReason(ErrorCode::kInvalidArgument, "qr.bad_module_size"));
}

}  // namespace
}  // namespace ismap::core
