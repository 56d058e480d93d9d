// The draft-07 evaluator: walks an instance against compiled SchemaNodes, collecting Findings.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "oscal/json_schema.hpp"
#include "oscal/json_util.hpp"
#include "oscal/schema_node.hpp"

namespace ismap::oscal {
namespace {

using internal::SchemaNode;
using rapidjson::Value;

std::string_view View(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::uint64_t CodePoints(std::string_view s) {
  std::uint64_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++n;
    }
  }
  return n;
}

bool IsInteger(const Value& v) {
  if (v.IsInt64() || v.IsUint64()) {
    return true;
  }
  if (!v.IsNumber()) {
    return false;
  }
  double d = v.GetDouble();
  return std::isfinite(d) && std::trunc(d) == d;
}

bool IsMultipleOf(const Value& v, const Value& divisor) {
  if (v.IsInt64() && divisor.IsInt64() && divisor.GetInt64() > 0) {
    return v.GetInt64() % divisor.GetInt64() == 0;
  }
  if (v.IsUint64() && divisor.IsUint64() && divisor.GetUint64() > 0) {
    return v.GetUint64() % divisor.GetUint64() == 0;
  }
  double q = v.GetDouble() / divisor.GetDouble();
  if (!std::isfinite(q)) {  // overflow: an integer is a multiple of 1/n
    double inverse = 1.0 / divisor.GetDouble();
    return IsInteger(v) && std::trunc(inverse) == inverse;
  }
  return std::fabs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::fabs(q));
}

std::string TypeName(const Value& v) {
  if (v.IsNull()) {
    return "null";
  }
  if (v.IsBool()) {
    return "boolean";
  }
  if (v.IsObject()) {
    return "object";
  }
  if (v.IsArray()) {
    return "array";
  }
  if (v.IsNumber()) {
    return IsInteger(v) ? "integer" : "number";
  }
  return "string";
}

bool TypeMatches(std::uint8_t types, const Value& v) {
  using namespace internal;  // NOLINT: local enum names
  if (v.IsNull()) {
    return (types & kNullBit) != 0;
  }
  if (v.IsBool()) {
    return (types & kBooleanBit) != 0;
  }
  if (v.IsObject()) {
    return (types & kObjectBit) != 0;
  }
  if (v.IsArray()) {
    return (types & kArrayBit) != 0;
  }
  if (v.IsNumber()) {
    return (types & kNumberBit) != 0 || ((types & kIntegerBit) != 0 && IsInteger(v));
  }
  return (types & kStringBit) != 0;
}

class Evaluator {
 public:
  explicit Evaluator(std::vector<Finding>* out) : out_(out) {}

  bool Check(const SchemaNode& node, const Value& v) {
    if (depth_ >= JsonSchema::kMaxEvaluationDepth) {
      Fail(node, "$ref",
           "schema evaluation deeper than " + std::to_string(JsonSchema::kMaxEvaluationDepth) +
               " steps (a $ref cycle?)");
      return false;
    }
    ++depth_;
    bool ok = CheckNode(node, v);
    --depth_;
    return ok;
  }

 private:
  bool collecting() const { return out_ != nullptr; }

  void Fail(const SchemaNode& node, std::string_view rule, std::string message) {
    if (!collecting()) {
      return;
    }
    Finding f;
    f.pointer = path_;
    f.schema_pointer = node.location;
    json::AppendPointerToken(&f.schema_pointer, rule);
    f.rule = std::string(rule);
    f.message = std::move(message);
    out_->push_back(std::move(f));
  }

  // Evaluates a subschema without reporting (for anyOf, oneOf, not, if, contains).
  bool Quiet(const SchemaNode& node, const Value& v) {
    std::vector<Finding>* saved = out_;
    out_ = nullptr;
    bool ok = Check(node, v);
    out_ = saved;
    return ok;
  }

  bool Descend(const SchemaNode& node, const Value& v, std::string_view token) {
    std::size_t size = path_.size();
    if (collecting()) {
      json::AppendPointerToken(&path_, token);
    }
    bool ok = Check(node, v);
    path_.resize(size);
    return ok;
  }

  bool CheckNode(const SchemaNode& node, const Value& v) {
    if (node.boolean.has_value()) {
      if (!*node.boolean) {
        Fail(node, "false", "no value is allowed here");
      }
      return *node.boolean;
    }
    if (node.ref != nullptr) {
      return Check(*node.ref, v);
    }
    bool ok = true;
    // `ok = ok && X` would skip X; when collecting we want every finding, otherwise stop early.
    auto step = [&](bool passed) {
      ok = ok && passed;
      return ok || collecting();
    };
    if (node.types != 0 && !TypeMatches(node.types, v)) {
      Fail(node, "type", "expected " + node.type_text + ", found " + TypeName(v));
      if (!step(false)) {
        return false;
      }
    }
    if (node.enum_values != nullptr) {
      bool found = false;
      for (const auto& candidate : node.enum_values->GetArray()) {
        found = found || json::Equals(candidate, v);
      }
      if (!found) {
        Fail(node, "enum", "value is not one of the allowed values");
      }
      if (!step(found)) {
        return false;
      }
    }
    if (node.const_value != nullptr && !json::Equals(*node.const_value, v)) {
      Fail(node, "const", "value does not equal the constant");
      if (!step(false)) {
        return false;
      }
    }
    if (v.IsNumber() && !step(CheckNumber(node, v))) {
      return false;
    }
    if (v.IsString() && !step(CheckString(node, v))) {
      return false;
    }
    if (v.IsArray() && !step(CheckArray(node, v))) {
      return false;
    }
    if (v.IsObject() && !step(CheckObject(node, v))) {
      return false;
    }
    if (!step(CheckCombinators(node, v))) {
      return false;
    }
    return ok;
  }

  bool CheckNumber(const SchemaNode& node, const Value& v) {
    bool ok = true;
    auto limit = [&](const Value* bound, bool fails, std::string_view rule, std::string_view relation) {
      if (bound == nullptr || !fails) {
        return;
      }
      ok = false;
      Fail(node, rule, "value must be " + std::string(relation) + " " + std::to_string(bound->GetDouble()));
    };
    limit(node.maximum, node.maximum && json::CompareNumbers(v, *node.maximum) > 0, "maximum", "<=");
    limit(node.exclusive_maximum, node.exclusive_maximum && json::CompareNumbers(v, *node.exclusive_maximum) >= 0,
          "exclusiveMaximum", "<");
    limit(node.minimum, node.minimum && json::CompareNumbers(v, *node.minimum) < 0, "minimum", ">=");
    limit(node.exclusive_minimum, node.exclusive_minimum && json::CompareNumbers(v, *node.exclusive_minimum) <= 0,
          "exclusiveMinimum", ">");
    limit(node.multiple_of, node.multiple_of && !IsMultipleOf(v, *node.multiple_of), "multipleOf", "a multiple of");
    return ok;
  }

  bool CheckString(const SchemaNode& node, const Value& v) {
    bool ok = true;
    std::string_view s = View(v);
    if (node.max_length || node.min_length) {
      std::uint64_t n = CodePoints(s);
      if (node.max_length && n > *node.max_length) {
        ok = false;
        Fail(node, "maxLength", "string longer than " + std::to_string(*node.max_length) + " characters");
      }
      if (node.min_length && n < *node.min_length) {
        ok = false;
        Fail(node, "minLength", "string shorter than " + std::to_string(*node.min_length) + " characters");
      }
    }
    if (node.pattern && !RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *node.pattern)) {
      ok = false;
      Fail(node, "pattern", "string does not match pattern " + node.pattern->pattern());
    }
    if (node.format != internal::Format::kNone && !internal::CheckFormat(node.format, s)) {
      ok = false;
      Fail(node, "format", "string is not a valid format");
    }
    return ok;
  }

  bool CheckArray(const SchemaNode& node, const Value& v) {
    bool ok = true;
    const rapidjson::SizeType size = v.Size();
    if (node.max_items && size > *node.max_items) {
      ok = false;
      Fail(node, "maxItems", "array has more than " + std::to_string(*node.max_items) + " items");
    }
    if (node.min_items && size < *node.min_items) {
      ok = false;
      Fail(node, "minItems", "array has fewer than " + std::to_string(*node.min_items) + " items");
    }
    if (!ok && !collecting()) {
      return false;
    }
    if (node.unique_items) {
      for (rapidjson::SizeType i = 0; i < size && ok; ++i) {
        for (rapidjson::SizeType j = i + 1; j < size; ++j) {
          if (json::Equals(v[i], v[j])) {
            ok = false;
            Fail(node, "uniqueItems", "items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
            break;
          }
        }
      }
    }
    for (rapidjson::SizeType i = 0; i < size && (ok || collecting()); ++i) {
      const SchemaNode* item = node.items;
      if (node.items_is_list) {
        item = i < node.item_list.size() ? node.item_list[i] : node.additional_items;
      }
      if (item != nullptr && !Descend(*item, v[i], std::to_string(i))) {
        ok = false;
      }
    }
    if (node.contains != nullptr) {
      bool any = false;
      for (rapidjson::SizeType i = 0; i < size && !any; ++i) {
        any = Quiet(*node.contains, v[i]);
      }
      if (!any) {
        ok = false;
        Fail(node, "contains", "no item matches the contains schema");
      }
    }
    return ok;
  }

  bool CheckObject(const SchemaNode& node, const Value& v) {
    bool ok = true;
    const rapidjson::SizeType count = v.MemberCount();
    if (node.max_properties && count > *node.max_properties) {
      ok = false;
      Fail(node, "maxProperties", "object has more than " + std::to_string(*node.max_properties) + " properties");
    }
    if (node.min_properties && count < *node.min_properties) {
      ok = false;
      Fail(node, "minProperties", "object has fewer than " + std::to_string(*node.min_properties) + " properties");
    }
    for (const auto& name : node.required) {
      if (!v.HasMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())))) {
        ok = false;
        Fail(node, "required", "missing required property '" + name + "'");
      }
    }
    if (!ok && !collecting()) {
      return false;
    }
    for (const auto& [name, deps] : node.dependency_lists) {
      if (!v.HasMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())))) {
        continue;
      }
      for (const auto& dep : deps) {
        if (!v.HasMember(rapidjson::Value(rapidjson::StringRef(dep.data(), dep.size())))) {
          ok = false;
          Fail(node, "dependencies", "property '" + name + "' requires property '" + dep + "'");
        }
      }
    }
    for (const auto& [name, schema] : node.dependency_schemas) {
      if (v.HasMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size()))) && !Check(*schema, v)) {
        ok = false;
        if (!collecting()) {
          return false;
        }
      }
    }
    for (const auto& m : v.GetObject()) {
      if (!ok && !collecting()) {
        return false;
      }
      std::string_view key = View(m.name);
      if (node.property_names != nullptr && !Quiet(*node.property_names, m.name)) {
        ok = false;
        Fail(node, "propertyNames", "property name '" + std::string(key) + "' is not allowed");
      }
      bool matched = false;
      if (auto it = node.properties.find(key); it != node.properties.end()) {
        matched = true;
        if (!Descend(*it->second, m.value, key)) {
          ok = false;
        }
      }
      for (const auto& [re, schema] : node.pattern_properties) {
        if (RE2::PartialMatch(re2::StringPiece(key.data(), key.size()), *re)) {
          matched = true;
          if (!Descend(*schema, m.value, key)) {
            ok = false;
          }
        }
      }
      if (!matched && node.additional_properties != nullptr) {
        const SchemaNode& extra = *node.additional_properties;
        if (extra.boolean.has_value() && !*extra.boolean) {
          ok = false;
          Fail(node, "additionalProperties", "property '" + std::string(key) + "' is not allowed");
        } else if (!Descend(extra, m.value, key)) {
          ok = false;
        }
      }
    }
    return ok;
  }

  bool CheckCombinators(const SchemaNode& node, const Value& v) {
    bool ok = true;
    for (const SchemaNode* sub : node.all_of) {
      if (!Check(*sub, v)) {
        ok = false;
        if (!collecting()) {
          return false;
        }
      }
    }
    if (!node.any_of.empty()) {
      bool any = false;
      for (const SchemaNode* sub : node.any_of) {
        if (Quiet(*sub, v)) {
          any = true;
          break;
        }
      }
      if (!any) {
        ok = false;
        Fail(node, "anyOf", "value matches none of the anyOf schemas");
        ExplainBestBranch(node.any_of, v);
      }
    }
    if (!node.one_of.empty()) {
      int matches = 0;
      for (const SchemaNode* sub : node.one_of) {
        if (Quiet(*sub, v) && ++matches > 1) {
          break;
        }
      }
      if (matches != 1) {
        ok = false;
        Fail(node, "oneOf",
             matches == 0 ? "value matches none of the oneOf schemas"
                          : "value matches more than one of the oneOf schemas");
        if (matches == 0) {
          ExplainBestBranch(node.one_of, v);
        }
      }
    }
    if (node.not_schema != nullptr && Quiet(*node.not_schema, v)) {
      ok = false;
      Fail(node, "not", "value matches the schema it must not match");
    }
    if (node.if_schema != nullptr) {
      const SchemaNode* branch = Quiet(*node.if_schema, v) ? node.then_schema : node.else_schema;
      if (branch != nullptr && !Check(*branch, v)) {
        ok = false;
      }
    }
    return ok;
  }

  // After a failed anyOf/oneOf, adds the findings of the branch that got furthest into the instance
  // (deepest pointer, then fewest findings), so that "catalog/groups/0/controls/0/id: pattern" is reported
  // rather than only "oneOf" at the root. Nested explanations are capped to keep failures cheap.
  void ExplainBestBranch(const std::vector<const SchemaNode*>& branches, const Value& v) {
    if (!collecting() || explain_depth_ >= kMaxExplainDepth) {
      return;
    }
    ++explain_depth_;
    std::vector<Finding>* saved = out_;
    std::vector<Finding> best;
    std::size_t best_depth = 0;
    bool have_best = false;
    for (const SchemaNode* sub : branches) {
      std::vector<Finding> trial;
      out_ = &trial;
      Check(*sub, v);
      std::size_t depth = 0;
      for (const auto& f : trial) {
        depth = std::max(depth, static_cast<std::size_t>(std::count(f.pointer.begin(), f.pointer.end(), '/')));
      }
      if (!have_best || depth > best_depth || (depth == best_depth && trial.size() < best.size())) {
        best = std::move(trial);
        best_depth = depth;
        have_best = true;
      }
    }
    out_ = saved;
    --explain_depth_;
    for (auto& f : best) {
      out_->push_back(std::move(f));
    }
  }

  static constexpr int kMaxExplainDepth = 4;

  std::vector<Finding>* out_;
  int explain_depth_ = 0;
  std::string path_;
  int depth_ = 0;
};

}  // namespace

std::vector<Finding> JsonSchema::Validate(const rapidjson::Value& instance) const {
  std::vector<Finding> findings;
  Evaluator evaluator(&findings);
  if (!evaluator.Check(*impl_->root, instance) && findings.empty()) {
    findings.push_back(Finding{"", impl_->root->location, "schema", "value is invalid", Finding::Severity::kError});
  }
  return findings;
}

bool JsonSchema::IsValid(const rapidjson::Value& instance) const {
  Evaluator evaluator(nullptr);
  return evaluator.Check(*impl_->root, instance);
}

}  // namespace ismap::oscal
