// Reading JSON request bodies safely: a size limit is the server's job; this adds a nesting limit
// (so no input can exhaust the stack) and turns parse failures into errors with a position.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "http/message.hpp"

namespace ismap::http {

inline constexpr int kMaxJsonDepth = 32;

struct JsonBody {
  nlohmann::json value;
  std::optional<Response> error;  // set when the body cannot be used
};

// Requires Content-Type application/json (415 otherwise), a body nested at most kMaxJsonDepth deep
// and well-formed JSON (400 invalid_json).
JsonBody ParseJsonBody(const Request& request);

}  // namespace ismap::http
