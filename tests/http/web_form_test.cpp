// Form bodies and redirect targets of the pages: untrusted input, parsed by pure functions.
#include "web/form.hpp"

#include <gtest/gtest.h>

namespace ismap::web {
namespace {

TEST(FormTest, ParsesEscapesPlusesAndRepeatedNames) {
  auto form = Form::Parse("email=a%40example.jp&name=%E3%83%87%E3%83%A2+%E5%A4%AA%E9%83%8E&role=a&role=b&&flag");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->Get("email"), "a@example.jp");
  EXPECT_EQ(form->Get("name"), "デモ 太郎");
  EXPECT_EQ(form->All("role"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(form->Has("flag"));
  EXPECT_EQ(form->Get("flag"), "");
  EXPECT_FALSE(form->Has("missing"));
}

TEST(FormTest, RefusesMalformedEscapesAndInvalidUtf8) {
  EXPECT_FALSE(Form::Parse("a=%zz"));
  EXPECT_FALSE(Form::Parse("a=%4"));
  EXPECT_FALSE(Form::Parse("a=%FF%FE"));
  EXPECT_FALSE(Form::Parse("%C0%AF=x"));
}

TEST(FormTest, ContentTypeIgnoresParameters) {
  EXPECT_TRUE(IsFormContentType("application/x-www-form-urlencoded"));
  EXPECT_TRUE(IsFormContentType("application/x-www-form-urlencoded; charset=UTF-8"));
  EXPECT_FALSE(IsFormContentType("application/json"));
  EXPECT_FALSE(IsFormContentType("multipart/form-data; boundary=x"));
}

TEST(FormTest, OnlyLocalPathsAreRedirectTargets) {
  EXPECT_EQ(LocalPathOrEmpty("/account"), "/account");
  EXPECT_EQ(LocalPathOrEmpty("/admin/organizations?offset=100"), "/admin/organizations?offset=100");
  for (const char* bad : {"", "account", "//evil.example/", "/\\evil.example", "https://evil.example/",
                          "/account\r\nSet-Cookie: x=y", "javascript:alert(1)"}) {
    EXPECT_EQ(LocalPathOrEmpty(bad), "") << bad;
  }
}

TEST(FormTest, QueryEscapeKeepsOnlyUnreserved) {
  EXPECT_EQ(QueryEscape("/account?a=1&b=日"), "%2Faccount%3Fa%3D1%26b%3D%E6%97%A5");
  EXPECT_EQ(QueryEscape("A-z_0.9~"), "A-z_0.9~");
}

}  // namespace
}  // namespace ismap::web
