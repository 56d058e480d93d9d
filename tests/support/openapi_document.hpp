// An OpenAPI 3.1 document read by tests: the operations it documents, their parameters and
// responses (following "$ref"s to components), and validation of a response body against the
// schema the document gives for it. Validation reuses the draft-07 validator of src/oscal (the
// document keeps to the subset where draft-07 and 2020-12 agree: type and arrays of types,
// properties, required, additionalProperties, items, enum, minimum/maximum, maxLength, format
// date and date-time, $ref without siblings), with formats asserted.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oscal/json_schema.hpp"

namespace ismap::testing {

class OpenApiDocument {
 public:
  // nullopt when `text` is not a JSON object.
  static std::optional<OpenApiDocument> Parse(const std::string& text);

  const nlohmann::json& root() const { return root_; }

  // "get", "post", ... documented for `path` (exactly as written in the document).
  std::vector<std::string> Methods(const std::string& path) const;
  // The operation's parameters with "$ref"s followed; empty when the operation is not documented.
  std::vector<nlohmann::json> Parameters(const std::string& path, const std::string& method) const;
  // The response object for `status` with its "$ref" followed; null when not documented.
  nlohmann::json Response(const std::string& path, const std::string& method, int status) const;
  // The JSON pointer ("#/paths/...") of the schema for `media_type` ("application/json") of that
  // response; nullopt when the response has no such content.
  std::optional<std::string> SchemaPointer(const std::string& path, const std::string& method, int status,
                                           const std::string& media_type) const;

  // The value at a "#/..." pointer, null when it points at nothing.
  nlohmann::json At(const std::string& pointer) const;
  // Every "$ref" anywhere in the document that points at nothing.
  std::vector<std::string> DanglingRefs() const;

  // Problems of `body` (JSON text) against the schema at `pointer`, one line each ("<instance
  // pointer>: <rule>: <message>"); empty when valid. A schema that does not compile or a body that
  // does not parse is one problem.
  std::vector<std::string> Validate(const std::string& pointer, const std::string& body) const;

 private:
  explicit OpenApiDocument(nlohmann::json root) : root_(std::move(root)) {}
  nlohmann::json Resolved(const nlohmann::json& value) const;

  nlohmann::json root_;
  // Compiled schemas by pointer (compiling copies the whole document, so once per pointer).
  mutable std::map<std::string, oscal::JsonSchema> compiled_;
};

// Percent-encoding of a query value (RFC 3986 unreserved characters kept).
std::string UrlEncode(const std::string& text);

}  // namespace ismap::testing
