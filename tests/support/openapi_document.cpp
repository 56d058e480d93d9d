#include "tests/support/openapi_document.hpp"

#include <cstdio>

#include "oscal/json_document.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

// RFC 6901 escaping of one reference token.
std::string Token(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void CollectRefs(const json& value, std::vector<std::string>& refs) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (key == "$ref" && child.is_string()) {
        refs.push_back(child.get<std::string>());
      } else {
        CollectRefs(child, refs);
      }
    }
  } else if (value.is_array()) {
    for (const auto& child : value) {
      CollectRefs(child, refs);
    }
  }
}

}  // namespace

std::optional<OpenApiDocument> OpenApiDocument::Parse(const std::string& text) {
  json root = json::parse(text, nullptr, false);
  if (!root.is_object()) {
    return std::nullopt;
  }
  return OpenApiDocument(std::move(root));
}

json OpenApiDocument::At(const std::string& pointer) const {
  if (pointer.rfind("#/", 0) != 0) {
    return json();
  }
  const json::json_pointer at(pointer.substr(1));
  return root_.contains(at) ? root_.at(at) : json();
}

json OpenApiDocument::Resolved(const json& value) const {
  // Components may refer to components; a cycle is a broken document, so give up after a few steps.
  json out = value;
  for (int step = 0; step < 8 && out.is_object() && out.contains("$ref"); ++step) {
    out = At(out["$ref"].get<std::string>());
  }
  return out;
}

std::vector<std::string> OpenApiDocument::Methods(const std::string& path) const {
  std::vector<std::string> out;
  const json item = root_["paths"].value(path, json::object());
  for (const char* method : {"get", "put", "post", "delete", "options", "head", "patch", "trace"}) {
    if (item.contains(method)) {
      out.emplace_back(method);
    }
  }
  return out;
}

std::vector<json> OpenApiDocument::Parameters(const std::string& path, const std::string& method) const {
  std::vector<json> out;
  const json operation = At("#/paths/" + Token(path) + "/" + method);
  if (!operation.is_object()) {
    return out;
  }
  for (const auto& parameter : operation.value("parameters", json::array())) {
    out.push_back(Resolved(parameter));
  }
  return out;
}

json OpenApiDocument::Response(const std::string& path, const std::string& method, int status) const {
  const json response = At("#/paths/" + Token(path) + "/" + method + "/responses/" + std::to_string(status));
  return Resolved(response);
}

std::optional<std::string> OpenApiDocument::SchemaPointer(const std::string& path, const std::string& method,
                                                          int status, const std::string& media_type) const {
  // The schema's pointer, not a copy: a copy's own "$ref"s would still be relative to the root.
  std::string at = "#/paths/" + Token(path) + "/" + method + "/responses/" + std::to_string(status);
  for (int step = 0; step < 8; ++step) {
    const json response = At(at);
    if (!response.is_object() || !response.contains("$ref")) {
      break;
    }
    at = response["$ref"].get<std::string>();
  }
  at += "/content/" + Token(media_type) + "/schema";
  if (At(at).is_null()) {
    return std::nullopt;
  }
  return at;
}

std::vector<std::string> OpenApiDocument::DanglingRefs() const {
  std::vector<std::string> refs;
  CollectRefs(root_, refs);
  std::vector<std::string> dangling;
  for (const auto& ref : refs) {
    if (At(ref).is_null()) {
      dangling.push_back(ref);
    }
  }
  return dangling;
}

std::vector<std::string> OpenApiDocument::Validate(const std::string& pointer, const std::string& body) const {
  auto it = compiled_.find(pointer);
  if (it == compiled_.end()) {
    // The whole document, with the schema to check against as the root's $ref (draft-07 ignores
    // every sibling of $ref), so that every "#/components/..." inside resolves as written.
    json wrapper = root_;
    wrapper["$ref"] = pointer;
    auto parsed = oscal::JsonDocument::Parse(wrapper.dump());
    if (!parsed) {
      return {"the document does not parse: " + parsed.error().message};
    }
    oscal::JsonSchemaOptions options;
    options.assert_formats = true;
    auto schema = oscal::JsonSchema::Compile(parsed->root(), options);
    if (!schema) {
      return {"schema " + pointer + " does not compile: " + schema.error().message};
    }
    it = compiled_.emplace(pointer, std::move(*schema)).first;
  }
  auto instance = oscal::JsonDocument::Parse(body);
  if (!instance) {
    return {"the body is not JSON: " + instance.error().message};
  }
  std::vector<std::string> problems;
  for (const auto& finding : it->second.Validate(instance->root())) {
    problems.push_back(finding.pointer + ": " + finding.rule + ": " + finding.message);
  }
  return problems;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace ismap::testing
