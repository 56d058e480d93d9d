// The draft-07 schema compiler: indexes $id / fragment ids, resolves $refs (fetching remote
// documents through the resolver), and turns each subschema into one cached SchemaNode.
#include "oscal/json_schema.hpp"

#include <string_view>
#include <unordered_map>

#include "oscal/json_document.hpp"
#include "oscal/json_util.hpp"
#include "oscal/schema_node.hpp"

namespace ismap::oscal {
namespace {

using internal::SchemaNode;
using rapidjson::Value;

constexpr int kMaxSchemaDepth = 512;

core::Error Invalid(const std::string& location, const std::string& what) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "json_schema.invalid", location + ": " + what);
}

const Value* Member(const Value& object, std::string_view name) {
  auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view View(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

// Keywords whose values are data, never schemas: their "$id"s are not identifiers.
bool IsDataKeyword(std::string_view key) {
  return key == "enum" || key == "const" || key == "default" || key == "examples";
}

class Compiler {
 public:
  Compiler(JsonSchema::Impl& impl, const JsonSchemaOptions& options) : impl_(impl), options_(options) {}

  core::Result<const SchemaNode*> CompileRoot(const Value& root) {
    ISMAP_RETURN_IF_ERROR(Index(root, options_.base_uri, 0));
    RegisterUri(options_.base_uri, root);
    ISMAP_ASSIGN_OR_RETURN(const SchemaNode* node, CompileAt(root, BaseOf(root, options_.base_uri) + "#"));
    ISMAP_RETURN_IF_ERROR(FillPending());
    return node;
  }

 private:
  void RegisterUri(const std::string& uri, const Value& v) { uri_index_.emplace(uri, &v); }

  // Records the base URI of every schema object and the URIs its $id gives it.
  core::Result<void> Index(const Value& v, const std::string& base, int depth) {
    if (depth > kMaxSchemaDepth) {
      return Invalid(base, "schema nested too deeply");
    }
    if (v.IsArray()) {
      for (const auto& item : v.GetArray()) {
        ISMAP_RETURN_IF_ERROR(Index(item, base, depth + 1));
      }
      return core::Ok();
    }
    if (!v.IsObject()) {
      return core::Ok();
    }
    std::string my_base = base;
    const Value* id = Member(v, "$id");
    // Draft-07 ignores every sibling of $ref, so such an $id never changes the base URI. Its plain-name
    // fragment ("#name") is still registered: the OSCAL 1.1.2 schema puts its anchors exactly there.
    if (id != nullptr && id->IsString()) {
      const bool has_ref = Member(v, "$ref") != nullptr;
      std::string resolved = json::ResolveUri(base, View(*id));
      std::string doc;
      std::string fragment;
      json::SplitFragment(resolved, &doc, &fragment);
      const bool fragment_only = !View(*id).empty() && View(*id)[0] == '#';
      if (!fragment_only && !has_ref) {
        my_base = doc;
        RegisterUri(doc, v);
      }
      if (!fragment.empty() && fragment[0] != '/' && (fragment_only || !has_ref)) {
        RegisterUri(doc + "#" + fragment, v);
      }
    }
    base_of_.emplace(&v, my_base);
    for (const auto& m : v.GetObject()) {
      if (IsDataKeyword(View(m.name))) {
        continue;
      }
      ISMAP_RETURN_IF_ERROR(Index(m.value, my_base, depth + 1));
    }
    return core::Ok();
  }

  std::string BaseOf(const Value& v, const std::string& fallback) const {
    auto it = base_of_.find(&v);
    return it == base_of_.end() ? fallback : it->second;
  }

  core::Result<const Value*> LoadRemote(const std::string& doc) {
    if (!options_.resolver || doc.empty()) {
      return core::MakeError(core::ErrorCode::kNotFound, "json_schema.unresolved_ref",
                             "cannot resolve schema document '" + doc + "'");
    }
    ISMAP_ASSIGN_OR_RETURN(std::string text, options_.resolver(doc));
    ISMAP_ASSIGN_OR_RETURN(JsonDocument parsed, JsonDocument::Parse(text));
    auto owned = std::make_unique<rapidjson::Document>();
    owned->CopyFrom(parsed.root(), owned->GetAllocator());  // a deep copy: the parsed memory goes with `parsed`
    const Value& root = *owned;
    impl_.documents.push_back(std::move(owned));
    ISMAP_RETURN_IF_ERROR(Index(root, doc, 0));
    RegisterUri(doc, root);
    return &root;
  }

  core::Result<const Value*> Resolve(const std::string& uri) {
    if (auto it = uri_index_.find(uri); it != uri_index_.end()) {
      return it->second;
    }
    std::string doc;
    std::string fragment;
    json::SplitFragment(uri, &doc, &fragment);
    if (auto it = uri_index_.find(doc + (fragment.empty() ? "" : "#" + fragment)); it != uri_index_.end()) {
      return it->second;
    }
    const Value* resource = nullptr;
    if (auto it = uri_index_.find(doc); it != uri_index_.end()) {
      resource = it->second;
    } else {
      ISMAP_ASSIGN_OR_RETURN(resource, LoadRemote(doc));
      if (auto again = uri_index_.find(uri); again != uri_index_.end()) {
        return again->second;
      }
    }
    if (fragment.empty()) {
      return resource;
    }
    const Value* target = fragment[0] == '/' ? json::FollowPointer(*resource, fragment) : nullptr;
    if (target == nullptr) {
      return core::MakeError(core::ErrorCode::kNotFound, "json_schema.unresolved_ref",
                             "$ref '" + uri + "' points at nothing");
    }
    return target;
  }

  core::Result<const SchemaNode*> Child(const Value& v, const std::string& base, const std::string& location,
                                        std::string_view token) {
    std::string child = location;
    json::AppendPointerToken(&child, token);
    return CompileAt(v, child, base);
  }

  // Returns the (cached) node for `v`; its keywords are filled later from the work list, so compiling
  // a deeply nested schema uses no more stack than a shallow one.
  core::Result<const SchemaNode*> CompileAt(const Value& v, const std::string& location,
                                            const std::string& parent_base = {}) {
    if (auto it = compiled_.find(&v); it != compiled_.end()) {
      return it->second;
    }
    auto owned = std::make_unique<SchemaNode>();
    SchemaNode* node = owned.get();
    impl_.nodes.push_back(std::move(owned));
    node->location = location;
    compiled_.emplace(&v, node);
    pending_.push_back(Pending{&v, node, BaseOf(v, parent_base)});
    return node;
  }

  core::Result<void> FillPending() {
    while (!pending_.empty()) {
      Pending next = std::move(pending_.back());
      pending_.pop_back();
      ISMAP_RETURN_IF_ERROR(Fill(*next.value, next.node, next.base));
    }
    return core::Ok();
  }

  core::Result<void> Fill(const Value& v, SchemaNode* node, const std::string& base);
  core::Result<void> FillKeyword(std::string_view key, const Value& value, SchemaNode* node, const std::string& base);
  core::Result<std::unique_ptr<RE2>> CompilePattern(const Value& value, const std::string& location);

  JsonSchema::Impl& impl_;
  const JsonSchemaOptions& options_;
  std::unordered_map<std::string, const Value*> uri_index_;
  std::unordered_map<const Value*, std::string> base_of_;
  std::unordered_map<const Value*, const SchemaNode*> compiled_;
  struct Pending {
    const Value* value;
    SchemaNode* node;
    std::string base;
  };
  std::vector<Pending> pending_;
};

core::Result<std::uint64_t> Count(const Value& value, const std::string& location) {
  if (value.IsUint64()) {
    return value.GetUint64();
  }
  if (value.IsDouble() && value.GetDouble() >= 0 && value.GetDouble() < 1.8e19 &&
      value.GetDouble() == static_cast<double>(static_cast<std::uint64_t>(value.GetDouble()))) {
    return static_cast<std::uint64_t>(value.GetDouble());
  }
  return Invalid(location, "expected a non-negative integer");
}

// RE2 spells ECMAScript's \uXXXX as \x{XXXX}; nothing else needs translating.
std::string TranslatePattern(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'u' && i + 5 < p.size() &&
          p.substr(i + 2, 4).find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos) {
        out += "\\x{" + std::string(p.substr(i + 2, 4)) + "}";
        i += 5;
        continue;
      }
      out += p.substr(i, 2);
      ++i;
      continue;
    }
    out += p[i];
  }
  return out;
}

core::Result<std::unique_ptr<RE2>> Compiler::CompilePattern(const Value& value, const std::string& location) {
  if (!value.IsString()) {
    return Invalid(location, "pattern must be a string");
  }
  RE2::Options re_options;
  re_options.set_log_errors(false);
  auto re = std::make_unique<RE2>(TranslatePattern(View(value)), re_options);
  if (!re->ok()) {
    return Invalid(location, "pattern '" + std::string(View(value)) + "' does not compile: " + re->error());
  }
  return re;
}

core::Result<void> Compiler::Fill(const Value& v, SchemaNode* node, const std::string& base) {
  if (v.IsBool()) {
    node->boolean = v.GetBool();
    return core::Ok();
  }
  if (!v.IsObject()) {
    return Invalid(node->location, "a schema must be an object or a boolean");
  }
  if (const Value* ref = Member(v, "$ref"); ref != nullptr && ref->IsString()) {
    std::string uri = json::ResolveUri(base, View(*ref));
    ISMAP_ASSIGN_OR_RETURN(const Value* target, Resolve(uri));
    ISMAP_ASSIGN_OR_RETURN(node->ref, CompileAt(*target, uri.find('#') == std::string::npos ? uri + "#" : uri, base));
    return core::Ok();
  }
  for (const auto& m : v.GetObject()) {
    ISMAP_RETURN_IF_ERROR(FillKeyword(View(m.name), m.value, node, base));
  }
  return core::Ok();
}

core::Result<std::uint8_t> TypeBits(const Value& value, const std::string& location) {
  auto one = [&](std::string_view t) -> core::Result<std::uint8_t> {
    using namespace internal;  // NOLINT: local enum names
    if (t == "null") {
      return std::uint8_t{kNullBit};
    }
    if (t == "boolean") {
      return std::uint8_t{kBooleanBit};
    }
    if (t == "object") {
      return std::uint8_t{kObjectBit};
    }
    if (t == "array") {
      return std::uint8_t{kArrayBit};
    }
    if (t == "number") {
      return std::uint8_t{kNumberBit};
    }
    if (t == "string") {
      return std::uint8_t{kStringBit};
    }
    if (t == "integer") {
      return std::uint8_t{kIntegerBit};
    }
    return Invalid(location, "unknown type '" + std::string(t) + "'");
  };
  if (value.IsString()) {
    return one(View(value));
  }
  if (!value.IsArray()) {
    return Invalid(location, "type must be a string or an array");
  }
  std::uint8_t bits = 0;
  for (const auto& t : value.GetArray()) {
    if (!t.IsString()) {
      return Invalid(location, "type entries must be strings");
    }
    ISMAP_ASSIGN_OR_RETURN(std::uint8_t b, one(View(t)));
    bits |= b;
  }
  return bits;
}

core::Result<void> Compiler::FillKeyword(std::string_view key, const Value& value, SchemaNode* node,
                                         const std::string& base) {
  std::string at = node->location;
  json::AppendPointerToken(&at, key);
  const std::string& loc = node->location;
  auto schema_list = [&](std::vector<const SchemaNode*>* out) -> core::Result<void> {
    if (!value.IsArray() || value.Empty()) {
      return Invalid(at, "expected a non-empty array of schemas");
    }
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      ISMAP_ASSIGN_OR_RETURN(const SchemaNode* child, Child(value[i], base, at, std::to_string(i)));
      out->push_back(child);
    }
    return core::Ok();
  };
  auto number = [&](const Value** out) -> core::Result<void> {
    if (!value.IsNumber()) {
      return Invalid(at, "expected a number");
    }
    *out = &value;
    return core::Ok();
  };
  if (key == "type") {
    ISMAP_ASSIGN_OR_RETURN(node->types, TypeBits(value, at));
    node->type_text = value.IsString() ? std::string(View(value)) : "one of the listed types";
  } else if (key == "enum") {
    if (!value.IsArray()) {
      return Invalid(at, "enum must be an array");
    }
    node->enum_values = &value;
  } else if (key == "const") {
    node->const_value = &value;
  } else if (key == "multipleOf") {
    ISMAP_RETURN_IF_ERROR(number(&node->multiple_of));
    if (value.GetDouble() <= 0) {
      return Invalid(at, "multipleOf must be positive");
    }
  } else if (key == "maximum") {
    ISMAP_RETURN_IF_ERROR(number(&node->maximum));
  } else if (key == "exclusiveMaximum") {
    ISMAP_RETURN_IF_ERROR(number(&node->exclusive_maximum));
  } else if (key == "minimum") {
    ISMAP_RETURN_IF_ERROR(number(&node->minimum));
  } else if (key == "exclusiveMinimum") {
    ISMAP_RETURN_IF_ERROR(number(&node->exclusive_minimum));
  } else if (key == "maxLength") {
    ISMAP_ASSIGN_OR_RETURN(node->max_length, Count(value, at));
  } else if (key == "minLength") {
    ISMAP_ASSIGN_OR_RETURN(node->min_length, Count(value, at));
  } else if (key == "pattern") {
    ISMAP_ASSIGN_OR_RETURN(node->pattern, CompilePattern(value, at));
  } else if (key == "format") {
    if (options_.assert_formats && value.IsString()) {
      node->format = internal::FormatFromName(View(value));
    }
  } else if (key == "items") {
    if (value.IsArray()) {
      node->items_is_list = true;
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        ISMAP_ASSIGN_OR_RETURN(const SchemaNode* child, Child(value[i], base, at, std::to_string(i)));
        node->item_list.push_back(child);
      }
    } else {
      ISMAP_ASSIGN_OR_RETURN(node->items, Child(value, base, loc, key));
    }
  } else if (key == "additionalItems") {
    ISMAP_ASSIGN_OR_RETURN(node->additional_items, Child(value, base, loc, key));
  } else if (key == "maxItems") {
    ISMAP_ASSIGN_OR_RETURN(node->max_items, Count(value, at));
  } else if (key == "minItems") {
    ISMAP_ASSIGN_OR_RETURN(node->min_items, Count(value, at));
  } else if (key == "uniqueItems") {
    node->unique_items = value.IsTrue();
  } else if (key == "contains") {
    ISMAP_ASSIGN_OR_RETURN(node->contains, Child(value, base, loc, key));
  } else if (key == "maxProperties") {
    ISMAP_ASSIGN_OR_RETURN(node->max_properties, Count(value, at));
  } else if (key == "minProperties") {
    ISMAP_ASSIGN_OR_RETURN(node->min_properties, Count(value, at));
  } else if (key == "required") {
    if (!value.IsArray()) {
      return Invalid(at, "required must be an array");
    }
    for (const auto& name : value.GetArray()) {
      if (!name.IsString()) {
        return Invalid(at, "required entries must be strings");
      }
      node->required.emplace_back(View(name));
    }
  } else if (key == "properties" || key == "patternProperties" || key == "dependencies") {
    if (!value.IsObject()) {
      return Invalid(at, std::string(key) + " must be an object");
    }
    for (const auto& m : value.GetObject()) {
      std::string name(View(m.name));
      if (key == "dependencies" && m.value.IsArray()) {
        std::vector<std::string> names;
        for (const auto& dep : m.value.GetArray()) {
          if (!dep.IsString()) {
            return Invalid(at, "dependency entries must be strings");
          }
          names.emplace_back(View(dep));
        }
        node->dependency_lists.emplace_back(name, std::move(names));
        continue;
      }
      ISMAP_ASSIGN_OR_RETURN(const SchemaNode* child, Child(m.value, base, at, name));
      if (key == "properties") {
        node->properties.emplace(name, child);
      } else if (key == "dependencies") {
        node->dependency_schemas.emplace_back(name, child);
      } else {
        ISMAP_ASSIGN_OR_RETURN(auto re, CompilePattern(m.name, at));
        node->pattern_properties.emplace_back(std::move(re), child);
      }
    }
  } else if (key == "additionalProperties") {
    ISMAP_ASSIGN_OR_RETURN(node->additional_properties, Child(value, base, loc, key));
  } else if (key == "propertyNames") {
    ISMAP_ASSIGN_OR_RETURN(node->property_names, Child(value, base, loc, key));
  } else if (key == "if") {
    ISMAP_ASSIGN_OR_RETURN(node->if_schema, Child(value, base, loc, key));
  } else if (key == "then") {
    ISMAP_ASSIGN_OR_RETURN(node->then_schema, Child(value, base, loc, key));
  } else if (key == "else") {
    ISMAP_ASSIGN_OR_RETURN(node->else_schema, Child(value, base, loc, key));
  } else if (key == "allOf") {
    ISMAP_RETURN_IF_ERROR(schema_list(&node->all_of));
  } else if (key == "anyOf") {
    ISMAP_RETURN_IF_ERROR(schema_list(&node->any_of));
  } else if (key == "oneOf") {
    ISMAP_RETURN_IF_ERROR(schema_list(&node->one_of));
  } else if (key == "not") {
    ISMAP_ASSIGN_OR_RETURN(node->not_schema, Child(value, base, loc, key));
  }
  return core::Ok();
}

}  // namespace

core::Result<JsonSchema> JsonSchema::Compile(const rapidjson::Value& schema, const JsonSchemaOptions& options) {
  auto impl = std::make_shared<Impl>();
  auto doc = std::make_unique<rapidjson::Document>();
  doc->CopyFrom(schema, doc->GetAllocator());
  const Value& root = *doc;
  impl->documents.push_back(std::move(doc));
  Compiler compiler(*impl, options);
  ISMAP_ASSIGN_OR_RETURN(impl->root, compiler.CompileRoot(root));
  return JsonSchema(std::move(impl));
}

}  // namespace ismap::oscal
