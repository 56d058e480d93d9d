// The signed-in user's inbox: their notifications, newest first, unread ones marked, 50 a page,
// and a button to mark each unread one read. Only one's own (app::Action::kReadOwnNotifications).
//   GET  /inbox?offset=
//   POST /inbox/{id}/read   (form with csrf_token) → 303 back to /inbox
#include <charconv>

#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kPerPage = 50;
constexpr int kMaxOffset = 1'000'000'000;

int OffsetOf(const http::Request& request) {
  const std::string_view text = request.Query("offset");
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0 && value <= kMaxOffset ? value : 0;
}

// "2026-11-25 21:04" in Japan's time (UTC+9), as the programme's days are Japanese days.
std::string LocalTime(core::TimePoint t) {
  const std::string text = core::FormatRfc3339(t + std::chrono::hours(9));
  return text.substr(0, 10) + " " + text.substr(11, 5);
}

std::string InboxHref(int offset) { return offset > 0 ? "/inbox?offset=" + std::to_string(offset) : "/inbox"; }

}  // namespace

void RegisterInboxPages(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/inbox", app::Action::kReadOwnNotifications,
             [&context](const http::Request& request) {
               auto gate = RequireUser(request, context, app::Action::kReadOwnNotifications);
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               const Chrome chrome = ChromeFor(context, visitor);
               const int offset = OffsetOf(request);
               auto inbox = context.services.ListInbox(visitor.principal, kPerPage + 1, offset);
               if (!inbox) {
                 return ErrorPage(request, inbox.error(), chrome);
               }
               const bool english = request.language == core::Language::kEn;
               const auto& messages = core::Messages::Get();

               PageView view{"inbox.mustache", "inbox.title", {}};
               view.no_store = true;
               view.data.set("csrf_token", visitor.session.csrf_token);
               view.data.set("unread_count", Fill(messages.Text(request.language, "inbox.unread_count"), "count",
                                                  std::to_string(inbox->unread)));
               data items{data::type::list};
               const std::size_t shown = std::min<std::size_t>(inbox->items.size(), kPerPage);
               for (std::size_t i = 0; i < shown; ++i) {
                 const domain::Notification& n = inbox->items[i];
                 data item{data::type::object};
                 const std::string id = std::to_string(n.id.value());
                 item.set("id", id);
                 item.set("title", english ? n.title_en : n.title_ja);
                 item.set("href", n.link);
                 item.set("has_link", !n.link.empty());
                 item.set("unread", !n.read_at.has_value());
                 item.set("created_at", LocalTime(n.created_at));
                 item.set("created_at_iso", core::FormatRfc3339(n.created_at));
                 item.set("action", "/inbox/" + id + "/read");
                 items.push_back(item);
               }
               view.data.set("none", shown == 0);
               view.data.set("items", items);
               const bool has_next = inbox->items.size() > static_cast<std::size_t>(kPerPage);
               if (has_next) {
                 view.data.set("next_href", InboxHref(offset + kPerPage));
               }
               if (offset > 0) {
                 view.data.set("previous_href", InboxHref(std::max(0, offset - kPerPage)));
               }
               view.data.set("paginated", has_next || offset > 0);
               return RenderPage(request, std::move(view), chrome);
             });

  router.Add(http::Method::kPost, "/inbox/{id}/read", app::Action::kUpdateOwnNotifications,
             [&context](const http::Request& request) {
               auto gate = RequireUser(request, context, app::Action::kUpdateOwnNotifications);
               if (auto* refused = std::get_if<http::Response>(&gate)) {
                 return std::move(*refused);
               }
               const auto& visitor = std::get<app::Authenticated>(gate);
               const Chrome chrome = ChromeFor(context, visitor);
               if (auto form = ReadForm(request, visitor.session.csrf_token); !form) {
                 return ErrorPage(request, form.error(), chrome);
               }
               std::int64_t id = 0;
               const std::string_view text = request.Param("id");
               const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
               if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
                 return ErrorPage(request, 404, "notification.not_found", chrome);
               }
               if (auto marked = context.services.MarkNotificationRead(visitor.principal, domain::NotificationId(id));
                   !marked) {
                 return ErrorPage(request, marked.error(), chrome);
               }
               return Redirect("/inbox");
             });
}

}  // namespace ismap::web::pages
