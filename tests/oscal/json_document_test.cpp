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
