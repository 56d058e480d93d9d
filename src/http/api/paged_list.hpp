// GET of a paged list, the same for every resource: identify, authorise the route's action before
// reading anything else, read ?limit= and ?offset=, fetch, and answer
// {"items": [...], "limit": L, "offset": O} with Cache-Control: no-store.
#pragma once

#include <nlohmann/json.hpp>

#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {

// `fetch(principal, limit, offset)` returns core::Result<std::vector<T>>; `to_json(const T&)`.
template <class Fetch, class ToJson>
Response PagedList(const Request& request, ApiContext& context, app::Action action, Fetch fetch, ToJson to_json) {
  auto caller = IdentifyFor(request, context, action);
  if (!caller) {
    return ErrorResponse(caller.error(), request);
  }
  int limit = 0;
  int offset = 0;
  if (!ReadPaging(request, limit, offset)) {
    return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language, request.request_id);
  }
  auto page = fetch(caller->principal, limit, offset);
  if (!page) {
    return ErrorResponse(page.error(), request);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : *page) {
    items.push_back(to_json(item));
  }
  Response response =
      Response::Json(200, nlohmann::json{{"items", items}, {"limit", limit}, {"offset", offset}}.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace ismap::http::api
