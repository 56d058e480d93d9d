#include "oscal/json_schema.hpp"

#include <gtest/gtest.h>

#include <string>

#include "oscal/json_document.hpp"

namespace ismap::oscal {
namespace {

JsonDocument Json(const std::string& text) {
  auto doc = JsonDocument::Parse(text);
  EXPECT_TRUE(doc) << doc.error().message;
  return std::move(doc).value();
}

JsonSchema Schema(const std::string& text, const JsonSchemaOptions& options = {}) {
  auto schema = JsonSchema::Compile(Json(text).root(), options);
  EXPECT_TRUE(schema) << schema.error().message;
  return std::move(schema).value();
}

TEST(JsonSchemaTest, FindingNamesInstancePointerSchemaPointerAndRule) {
  auto schema = Schema(R"({"properties": {"a/b": {"items": {"type": "string"}}}, "required": ["c"]})");
  auto findings = schema.Validate(Json(R"({"a/b": ["x", 3]})").root());
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_EQ(findings[0].rule, "required");
  EXPECT_EQ(findings[0].pointer, "");
  EXPECT_EQ(findings[1].rule, "type");
  EXPECT_EQ(findings[1].pointer, "/a~1b/1");
  EXPECT_EQ(findings[1].schema_pointer, "#/properties/a~1b/items/type");
  EXPECT_EQ(findings[1].severity, Finding::Severity::kError);
}

TEST(JsonSchemaTest, UnicodePropertyClassesWork) {
  // The OSCAL token pattern; std::regex would read \p as a literal p.
  auto schema = Schema(R"({"pattern": "^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$"})");
  EXPECT_TRUE(schema.IsValid(Json(R"("Ünïcode_1.x")").root()));
  EXPECT_TRUE(schema.IsValid(Json(R"("統制")").root()));
  EXPECT_FALSE(schema.IsValid(Json(R"("1abc")").root()));
  EXPECT_FALSE(schema.IsValid(Json(R"("a b")").root()));
}

TEST(JsonSchemaTest, PatternIsAnUnanchoredSearch) {
  auto schema = Schema(R"({"pattern": "b+"})");
  EXPECT_TRUE(schema.IsValid(Json(R"("abbbc")").root()));
  EXPECT_FALSE(schema.IsValid(Json(R"("ac")").root()));
}

TEST(JsonSchemaTest, UncompilablePatternFailsCompile) {
  const std::string text = R"j({"properties": {"a": {"pattern": "(?=x)"}}})j";
  auto schema = JsonSchema::Compile(Json(text).root());
  ASSERT_FALSE(schema);
  EXPECT_EQ(schema.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(schema.error().message.find("/properties/a/pattern"), std::string::npos) << schema.error().message;
}

TEST(JsonSchemaTest, UnresolvableRefFailsCompile) {
  auto remote = JsonSchema::Compile(Json(R"({"$ref": "http://example.com/other.json"})").root());
  ASSERT_FALSE(remote);
  EXPECT_EQ(remote.error().code, core::ErrorCode::kNotFound);
  auto local = JsonSchema::Compile(Json(R"({"$ref": "#/definitions/missing"})").root());
  ASSERT_FALSE(local);
  EXPECT_EQ(local.error().code, core::ErrorCode::kNotFound);
}

TEST(JsonSchemaTest, ResolverSuppliesRemoteDocuments) {
  JsonSchemaOptions options;
  options.resolver = [](const std::string& uri) -> core::Result<std::string> {
    if (uri == "http://example.com/defs.json") {
      return std::string(R"({"definitions": {"n": {"type": "integer"}}})");
    }
    return core::Unexpected(core::ErrorCode::kNotFound, "test", uri);
  };
  auto schema =
      Schema(R"({"$id": "http://example.com/root.json", "items": {"$ref": "defs.json#/definitions/n"}})", options);
  EXPECT_TRUE(schema.IsValid(Json("[1, 2]").root()));
  EXPECT_FALSE(schema.IsValid(Json("[1, 2.5]").root()));
}

TEST(JsonSchemaTest, RefCycleWithoutProgressStopsWithAFinding) {
  auto schema = Schema(R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}},
                           "$ref": "#/definitions/a"})");
  auto findings = schema.Validate(Json("1").root());
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].rule, "$ref");
  EXPECT_FALSE(schema.IsValid(Json("1").root()));
}

TEST(JsonSchemaTest, NestedInstances) {
  auto schema = Schema(R"({"type": ["array", "integer"], "items": {"$ref": "#"}})");
  std::string forty = std::string(40, '[') + "1" + std::string(40, ']');
  EXPECT_TRUE(schema.Validate(Json(forty).root()).empty());
  std::string bad = std::string(40, '[') + "\"x\"" + std::string(40, ']');
  auto findings = schema.Validate(Json(bad).root());
  ASSERT_EQ(findings.size(), 1U);
  std::string expected_pointer;
  for (int i = 0; i < 40; ++i) {
    expected_pointer += "/0";
  }
  EXPECT_EQ(findings[0].pointer, expected_pointer);

  // The deepest instance the parser accepts still validates without exhausting anything.
  std::string max_depth = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(schema.Validate(Json(max_depth).root()).empty());

  // 100000 levels never reach the validator: the parser refuses them with a clear error.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto parsed = JsonDocument::Parse(deep);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find("nesting deeper than 512 levels"), std::string::npos) << parsed.error().message;
}

TEST(JsonSchemaTest, DeeplyNestedSchemaCompilesAndValidates) {
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += R"({"not": )";
  }
  text += "true";
  for (int i = 0; i < 500; ++i) {
    text += "}";
  }
  auto schema = Schema(text);
  EXPECT_TRUE(schema.IsValid(Json("1").root()));  // an even number of nots
}

TEST(JsonSchemaTest, LengthCountsCodePointsAndUniqueItemsComparesNumbersByValue) {
  auto length = Schema(R"({"maxLength": 2, "minLength": 2})");
  EXPECT_TRUE(length.IsValid(Json(R"("日本")").root()));
  EXPECT_FALSE(length.IsValid(Json(R"("日本語")").root()));
  auto unique = Schema(R"({"uniqueItems": true})");
  EXPECT_FALSE(unique.IsValid(Json("[1, 1.0]").root()));
  EXPECT_TRUE(unique.IsValid(Json(R"([{"a": 1}, {"a": 2}])").root()));
}

TEST(JsonSchemaTest, FormatIsAnAnnotationUnlessAsserted) {
  const std::string text =
      R"({"properties": {"t": {"format": "date-time"}, "d": {"format": "date"}, "e": {"format": "email"},
          "4": {"format": "ipv4"}, "6": {"format": "ipv6"}, "u": {"format": "uri"}, "id": {"format": "uuid"}}})";
  auto lenient = Schema(text);
  EXPECT_TRUE(lenient.IsValid(Json(R"({"t": "yesterday"})").root()));

  JsonSchemaOptions options;
  options.assert_formats = true;
  auto strict = Schema(text, options);
  EXPECT_TRUE(strict.IsValid(Json(R"({"t": "2024-02-29T12:00:00.5+09:00", "d": "2024-02-29", "e": "a.b@example.jp",
                                      "4": "192.168.0.1", "6": "::1", "u": "https://example.com/a?b#c",
                                      "id": "84cbf061-eb87-4ec1-8112-1f529232e907"})")
                                 .root()));
  for (const char* bad : {R"({"t": "2024-02-29 12:00:00"})", R"({"d": "2023-02-29"})", R"({"e": "a..b@x"})",
                          R"({"4": "256.1.1.1"})", R"({"4": "01.1.1.1"})", R"({"6": "12345::"})",
                          R"({"u": "/relative/path"})", R"({"id": "84cbf061eb874ec181121f529232e907"})"}) {
    EXPECT_FALSE(strict.IsValid(Json(bad).root())) << bad;
  }
}

}  // namespace
}  // namespace ismap::oscal
