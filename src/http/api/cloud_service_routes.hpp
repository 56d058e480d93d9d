// What the cloud service register's handlers share (cloud_services.cpp, cloud_service_engagements.cpp,
// cloud_service_applications.cpp; issue 7): the steps every route takes in the same order as the
// audit-body routes (identify and authorise the route's action before reading anything else, the
// path id, then the JSON body), refused fields as 400 with their JSON pointer, and answers that are
// never cached. Internal to the API.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>

#include "http/api/api.hpp"
#include "http/api/cloud_service_json.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api::cloud_routes {

inline Response Refused(const Request& request, const FieldProblem& problem) {
  return ErrorResponse(400, problem.code, "error." + problem.code, request.language, request.request_id,
                       problem.pointer);
}

inline Response NotFound(const Request& request) {
  return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
}

// A JSON answer that no cache keeps (restricted or changing content); `version` > 0 also as the ETag.
inline Response NoStore(int status, const nlohmann::json& body, std::int64_t version = 0) {
  Response response = Response::Json(status, body.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  if (version > 0) {
    response.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  }
  return response;
}

// What a handler has once the common steps passed.
struct Call {
  Caller caller;
  std::int64_t id = 0;  // the path's {id}, when the route has one
  nlohmann::json body;  // the JSON body, when the route reads one
};

enum Needs : unsigned { kNothing = 0, kId = 1, kBody = 2 };

// Identify and authorise `action`; then the path id (404 unless a positive integer); then the JSON
// body (415/400). Runs `handle(Call&)` -> Response when all passed.
template <class Fn>
Response Handle(const Request& request, ApiContext& context, app::Action action, unsigned needs, Fn handle) {
  auto caller = IdentifyFor(request, context, action);
  if (!caller) {
    return ErrorResponse(caller.error(), request);
  }
  Call call{std::move(*caller), 0, nlohmann::json()};
  if ((needs & kId) != 0) {
    const auto id = PositiveId(request.Param("id"));
    if (!id) {
      return NotFound(request);
    }
    call.id = *id;
  }
  if ((needs & kBody) != 0) {
    JsonBody body = ParseJsonBody(request);
    if (body.error) {
      return *body.error;
    }
    call.body = std::move(body.value);
  }
  return handle(call);
}

// The result as `to_json(value)` with `status`, or its error.
template <class T, class ToJson>
Response Answer(const Request& request, const core::Result<T>& result, ToJson to_json, int status = 200) {
  if (!result) {
    return ErrorResponse(result.error(), request);
  }
  return NoStore(status, to_json(*result));
}

}  // namespace ismap::http::api::cloud_routes
