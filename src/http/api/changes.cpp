// GET /api/v1/changes?since=CURSOR&limit=N: the public change feed (issue 8; app/changes.hpp).
// Public. Answers {"items": [...], "next_cursor": "...", "more": bool}; a client stores
// next_cursor and asks again with ?since= it. Every bad parameter is 400 with its own code:
// changes.unknown_parameter, changes.bad_limit (not an integer from 1 to 1000), changes.bad_cursor.
// Cache-Control: no-cache (the feed grows; a cache must revalidate).
#include <nlohmann/json.hpp>

#include <charconv>
#include <string>
#include <string_view>

#include "app/changes.hpp"
#include "domain/date.hpp"
#include "http/api/api.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json ChangeToJson(const app::PublicChange& change) {
  const bool service = change.register_kind == domain::ApplicationKind::kCloudService;
  json out = {{"cursor", change.cursor},
              {"type", change.type},
              {"occurred_at", core::FormatRfc3339(change.occurred_at)},
              {"register", service ? "service" : "audit_body"},
              {"registration", {{"id", change.registration_id.value()}, {"number", change.number}}},
              {"state", change.state},
              {"valid_until", domain::FormatDate(change.valid_until)},
              {"organization",
               {{"id", change.organization_id.value()},
                {"name_ja", change.organization_name_ja},
                {"name_en", change.organization_name_en}}}};
  if (change.service_id) {
    out["service"] = {
        {"id", change.service_id->value()}, {"name_ja", change.service_name_ja}, {"name_en", change.service_name_en}};
  }
  return out;
}

// ?limit=: digits only, 1..kMaxChangePageSize; absent is the default.
std::optional<int> ReadLimit(const Request& request) {
  bool present = false;
  for (const auto& [name, value] : request.query) {
    present = present || name == "limit";
  }
  if (!present) {
    return app::kDefaultChangePageSize;
  }
  const std::string_view text = request.Query("limit");
  if (text.empty() || text.size() > 4) {
    return std::nullopt;
  }
  int limit = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > app::kMaxChangePageSize) {
    return std::nullopt;
  }
  return limit;
}

}  // namespace

void RegisterChangeRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/changes", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    int since_count = 0;
    int limit_count = 0;
    for (const auto& [name, value] : request.query) {
      if (name == "since") {
        ++since_count;
      } else if (name == "limit") {
        ++limit_count;
      } else {
        return ErrorResponse(400, "changes.unknown_parameter", "changes.unknown_parameter", request.language,
                             request.request_id, "/" + name);
      }
    }
    if (limit_count > 1) {
      return ErrorResponse(400, "changes.bad_limit", "changes.bad_limit", request.language, request.request_id,
                           "/limit");
    }
    if (since_count > 1) {
      return ErrorResponse(400, "changes.bad_cursor", "changes.bad_cursor", request.language, request.request_id,
                           "/since");
    }
    const auto limit = ReadLimit(request);
    if (!limit) {
      return ErrorResponse(400, "changes.bad_limit", "changes.bad_limit", request.language, request.request_id,
                           "/limit");
    }
    auto page = context.services.ListPublicChanges(caller->principal, request.Query("since"), *limit);
    if (!page) {
      if (page.error().reason == "changes.bad_cursor") {
        return ErrorResponse(400, "changes.bad_cursor", "changes.bad_cursor", request.language, request.request_id,
                             "/since");
      }
      return ErrorResponse(page.error(), request);
    }
    json items = json::array();
    for (const auto& change : page->items) {
      items.push_back(ChangeToJson(change));
    }
    Response response =
        Response::Json(200, json{{"items", items}, {"next_cursor", page->next_cursor}, {"more", page->more}}.dump());
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  });
}

}  // namespace ismap::http::api
