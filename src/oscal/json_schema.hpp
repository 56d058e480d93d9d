// JsonSchema: a JSON Schema draft-07 validator over RapidJSON values.
//
// Compile a schema once with JsonSchema::Compile, then call Validate for each instance. Every draft-07
// keyword is supported, including $ref (JSON pointers, $id base changes, "#name" fragment ids,
// relative references) and remote references through a caller-supplied resolver. Patterns use RE2
// (Unicode-aware, so OSCAL's \p{L} works); a pattern RE2 cannot compile fails Compile. `format` is an
// annotation unless JsonSchemaOptions::assert_formats is set.
//
// Validate never throws for any instance and never recurses without bound: the evaluation depth is
// capped (see kMaxEvaluationDepth) and instance depth is bounded by JsonDocument's parser limit.
// A compiled JsonSchema is immutable; Validate is safe to call concurrently from several threads.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ismap::oscal {

struct Finding {
  enum class Severity { kError, kWarning };

  std::string pointer;         //!< RFC 6901 pointer into the instance ("" is the root)
  std::string schema_pointer;  //!< absolute location of the failing keyword ("<base>#/properties/a/type")
  std::string rule;            //!< the keyword: "type", "required", "pattern", ...
  std::string message;         //!< English text for logs and reports
  Severity severity = Severity::kError;
};

// Returns the JSON text of the document at an absolute URI without fragment
// ("http://localhost:1234/integer.json"); kNotFound when it has none.
using SchemaResolver = std::function<core::Result<std::string>(const std::string& uri)>;

struct JsonSchemaOptions {
  //! Fetches documents named by remote $refs. Unset: any remote $ref fails Compile with kNotFound.
  SchemaResolver resolver;
  //! Base URI of the root schema when it has no absolute $id.
  std::string base_uri;
  //! Check date-time, date, time, email, ipv4, ipv6, uri, uuid instead of treating format as annotation.
  bool assert_formats = false;
};

class JsonSchema {
 public:
  //! Nested evaluation steps beyond this fail with rule "$ref" instead of exhausting the stack.
  static constexpr int kMaxEvaluationDepth = 1100;

  // Compiles `schema` (copied; the caller's value need not outlive the result). Errors:
  // kInvalidArgument for a malformed schema or an uncompilable pattern, kNotFound for a $ref
  // that does not resolve, or whatever the resolver returned.
  static core::Result<JsonSchema> Compile(const rapidjson::Value& schema, const JsonSchemaOptions& options = {});

  // All findings for `instance`, empty when it is valid.
  std::vector<Finding> Validate(const rapidjson::Value& instance) const;
  // Faster yes/no: stops at the first failure.
  bool IsValid(const rapidjson::Value& instance) const;

  struct Impl;

 private:
  explicit JsonSchema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace ismap::oscal
