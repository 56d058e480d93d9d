// /api/v1/me/notifications: the caller's in-app inbox, newest first, and marking a notice read.
//   GET  /api/v1/me/notifications?limit=&offset=   {"items":[...],"unread":N,"limit":..,"offset":..}
//   POST /api/v1/me/notifications/{id}/read        204; someone else's or unknown: 404
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json NotificationToJson(const domain::Notification& n) {
  return json{
      {"id", n.id.value()},
      {"kind", n.kind},
      {"subject", n.subject},
      {"link", n.link.empty() ? json(nullptr) : json(n.link)},
      {"title_ja", n.title_ja},
      {"title_en", n.title_en},
      {"created_at", core::FormatRfc3339(n.created_at)},
      {"read_at", n.read_at ? json(core::FormatRfc3339(*n.read_at)) : json(nullptr)},
  };
}

}  // namespace

void RegisterNotificationRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/me/notifications", app::Action::kReadOwnNotifications,
             [&context](const Request& request) {
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               if (auto allowed = app::Authorize(caller->principal, app::Action::kReadOwnNotifications); !allowed) {
                 return ErrorResponse(allowed.error(), request);
               }
               int limit = 0;
               int offset = 0;
               if (!ReadPaging(request, limit, offset)) {
                 return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language,
                                      request.request_id);
               }
               auto inbox = context.services.ListInbox(caller->principal, limit, offset);
               if (!inbox) {
                 return ErrorResponse(inbox.error(), request);
               }
               json items = json::array();
               for (const auto& n : inbox->items) {
                 items.push_back(NotificationToJson(n));
               }
               Response response = Response::Json(
                   200, json{{"items", items}, {"unread", inbox->unread}, {"limit", limit}, {"offset", offset}}.dump());
               response.headers.emplace_back("Cache-Control", "private, no-store");
               return response;
             });

  router.Add(Method::kPost, "/api/v1/me/notifications/{id}/read", app::Action::kUpdateOwnNotifications,
             [&context](const Request& request) {
               auto caller = Identify(request, context);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               if (auto allowed = app::Authorize(caller->principal, app::Action::kUpdateOwnNotifications); !allowed) {
                 return ErrorResponse(allowed.error(), request);
               }
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "notification.not_found", "notification.not_found", request.language,
                                      request.request_id);
               }
               if (auto marked = context.services.MarkNotificationRead(caller->principal, domain::NotificationId(*id));
                   !marked) {
                 return ErrorResponse(marked.error(), request);
               }
               Response response;
               response.status = 204;
               response.content_type.clear();
               return response;
             });
}

}  // namespace ismap::http::api
