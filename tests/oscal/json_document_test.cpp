#include "oscal/json_document.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ismap::oscal {
namespace {

TEST(JsonDocumentTest, ParsesValidText) {
  auto doc = JsonDocument::Parse(R"({"a": [1, 2.5, "x", null, true]})");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->root()["a"].Size(), 5U);
}

TEST(JsonDocumentTest, ErrorNamesOffsetLineAndColumn) {
  auto doc = JsonDocument::Parse("{\n  \"a\": 1,\n  \"b\": tru\n}");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(doc.error().reason, "json.parse");
  EXPECT_NE(doc.error().message.find("line 3:"), std::string::npos) << doc.error().message;
  EXPECT_NE(doc.error().message.find("offset "), std::string::npos) << doc.error().message;
}

TEST(JsonDocumentTest, RejectsInvalidUtf8) {
  auto doc = JsonDocument::Parse("\"\xC3\x28\"");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(JsonDocumentTest, RejectsTrailingGarbageAndEmptyInput) {
  EXPECT_FALSE(JsonDocument::Parse("{} x"));
  EXPECT_FALSE(JsonDocument::Parse(""));
}

TEST(JsonDocumentTest, NestingLimitIsEnforced) {
  std::string ok = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(JsonDocument::Parse(ok));
  std::string deep = std::string(513, '[') + std::string(513, ']');
  auto doc = JsonDocument::Parse(deep);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("nesting deeper than 512"), std::string::npos) << doc.error().message;
  EXPECT_TRUE(JsonDocument::Parse(deep, JsonParseOptions{.max_depth = 600}));
}

TEST(JsonDocumentTest, MissingFileIsNotFound) {
  auto doc = JsonDocument::ParseFile("/nonexistent/ismap/file.json");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ismap::oscal

namespace ismap::oscal {
namespace {

// simdjson parses; what it cannot take goes to RapidJSON. Both must give the same values.
TEST(JsonDocumentTest, IntegersBeyond64BitsAreReadAsDoubles) {
  auto doc = JsonDocument::Parse(R"({"big": 1180591620717411303424, "small": -42, "u": 18446744073709551615})");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_TRUE(doc->root()["big"].IsDouble());
  EXPECT_DOUBLE_EQ(doc->root()["big"].GetDouble(), 1180591620717411303424.0);
  EXPECT_EQ(doc->root()["small"].GetInt(), -42);
  EXPECT_EQ(doc->root()["u"].GetUint64(), 18446744073709551615ULL);
}

TEST(JsonDocumentTest, DepthLimitIsExactOnBothPaths) {
  const std::size_t limit = 64;
  auto at_limit = JsonDocument::Parse(std::string(limit, '[') + std::string(limit, ']'), {limit});
  EXPECT_TRUE(at_limit) << at_limit.error().message;
  auto over = JsonDocument::Parse(std::string(limit + 1, '[') + std::string(limit + 1, ']'), {limit});
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("nesting deeper than 64 levels"), std::string::npos) << over.error().message;
}

TEST(JsonDocumentTest, KeepsDuplicateKeysStringsAndUnicodeAsWritten) {
  auto doc = JsonDocument::Parse(
      "{\"a\": \"x\\u00e9\\ud83d\\ude00\", \"a\": \"統制目標\", \"n\": null, \"t\": true, \"f\": 1.5}");
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_EQ(doc->root().MemberCount(), 5U);
  EXPECT_STREQ(doc->root().MemberBegin()->value.GetString(), "x\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_STREQ((doc->root().MemberBegin() + 1)->value.GetString(), "統制目標");
  EXPECT_TRUE(doc->root()["n"].IsNull());
  EXPECT_TRUE(doc->root()["t"].GetBool());
  EXPECT_DOUBLE_EQ(doc->root()["f"].GetDouble(), 1.5);
}

}  // namespace
}  // namespace ismap::oscal
