// Internal: the compiled form of one (sub)schema, shared by json_schema.cpp (compiler) and
// json_schema_validate.cpp (evaluator). Nodes point at each other and at values inside the
// documents owned by JsonSchema::Impl; both live as long as the compiled schema.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oscal/json_schema.hpp"

namespace ismap::oscal::internal {

enum TypeBit : std::uint8_t {
  kNullBit = 1,
  kBooleanBit = 2,
  kObjectBit = 4,
  kArrayBit = 8,
  kNumberBit = 16,
  kStringBit = 32,
  kIntegerBit = 64,
};

enum class Format { kNone, kDateTime, kDate, kTime, kEmail, kIpv4, kIpv6, kUri, kUuid };

struct SchemaNode {
  std::string location;             // absolute URI of this subschema, with a JSON pointer fragment
  std::optional<bool> boolean;      // set for `true` / `false` schemas
  const SchemaNode* ref = nullptr;  // draft-07: $ref overrides every sibling keyword

  std::uint8_t types = 0;  // 0: no "type" keyword
  std::string type_text;
  const rapidjson::Value* enum_values = nullptr;
  const rapidjson::Value* const_value = nullptr;

  const rapidjson::Value* multiple_of = nullptr;
  const rapidjson::Value* maximum = nullptr;
  const rapidjson::Value* exclusive_maximum = nullptr;
  const rapidjson::Value* minimum = nullptr;
  const rapidjson::Value* exclusive_minimum = nullptr;

  std::optional<std::uint64_t> max_length, min_length;
  std::unique_ptr<RE2> pattern;
  Format format = Format::kNone;

  const SchemaNode* items = nullptr;
  std::vector<const SchemaNode*> item_list;
  bool items_is_list = false;
  const SchemaNode* additional_items = nullptr;
  std::optional<std::uint64_t> max_items, min_items;
  bool unique_items = false;
  const SchemaNode* contains = nullptr;

  std::optional<std::uint64_t> max_properties, min_properties;
  std::vector<std::string> required;
  std::map<std::string, const SchemaNode*, std::less<>> properties;
  std::vector<std::pair<std::unique_ptr<RE2>, const SchemaNode*>> pattern_properties;
  const SchemaNode* additional_properties = nullptr;
  std::vector<std::pair<std::string, std::vector<std::string>>> dependency_lists;
  std::vector<std::pair<std::string, const SchemaNode*>> dependency_schemas;
  const SchemaNode* property_names = nullptr;

  const SchemaNode* if_schema = nullptr;
  const SchemaNode* then_schema = nullptr;
  const SchemaNode* else_schema = nullptr;
  std::vector<const SchemaNode*> all_of, any_of, one_of;
  const SchemaNode* not_schema = nullptr;
};

// Format checks (format.cpp).
Format FormatFromName(std::string_view name);
bool CheckFormat(Format format, std::string_view text);

}  // namespace ismap::oscal::internal

namespace ismap::oscal {

struct JsonSchema::Impl {
  std::vector<std::unique_ptr<rapidjson::Document>> documents;
  std::vector<std::unique_ptr<internal::SchemaNode>> nodes;
  const internal::SchemaNode* root = nullptr;
};

}  // namespace ismap::oscal
