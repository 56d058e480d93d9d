#include "http/json_body.hpp"

#include "http/errors.hpp"

namespace ismap::http {
namespace {

// Deepest nesting of arrays and objects, ignoring brackets inside strings.
int NestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

JsonBody ParseJsonBody(const Request& request) {
  JsonBody out;
  const std::string_view type = request.Header("content-type");
  if (type.substr(0, type.find(';')) != "application/json") {
    out.error = ErrorResponse(415, "unsupported_media_type", "error.unsupported_media_type", request.language,
                              request.request_id);
    return out;
  }
  if (NestingDepth(request.body) > kMaxJsonDepth) {
    out.error = ErrorResponse(400, "json_too_deep", "error.json_too_deep", request.language, request.request_id);
    return out;
  }
  out.value = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (out.value.is_discarded()) {
    out.error = ErrorResponse(400, "invalid_json", "error.invalid_json", request.language, request.request_id);
  }
  return out;
}

}  // namespace ismap::http
