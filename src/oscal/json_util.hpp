// Small JSON helpers shared by the schema compiler and validator: RFC 3986 reference resolution,
// RFC 6901 JSON pointers, and JSON equality (numbers compare by value: 1 == 1.0). Stateless.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace ismap::oscal::json {

// Resolves `ref` against the absolute or empty `base` (RFC 3986 §5.2). An empty fragment is dropped.
std::string ResolveUri(std::string_view base, std::string_view ref);

// Splits "doc#frag" into "doc" and the percent-decoded "frag" (empty when there is none).
void SplitFragment(std::string_view uri, std::string* doc, std::string* fragment);

// Escapes one reference token (~ -> ~0, / -> ~1) and appends "/token" to `pointer`.
void AppendPointerToken(std::string* pointer, std::string_view token);

// Follows the (decoded) JSON pointer from `root`; nullptr when a step is missing.
const rapidjson::Value* FollowPointer(const rapidjson::Value& root, std::string_view pointer);

// JSON equality: numbers by value, objects regardless of member order.
bool Equals(const rapidjson::Value& a, const rapidjson::Value& b);

// Three-way numeric comparison; both must be numbers.
int CompareNumbers(const rapidjson::Value& a, const rapidjson::Value& b);

}  // namespace ismap::oscal::json
