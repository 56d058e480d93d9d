// The public cloud service list (issue 8): GET /cloud-services[?on=]. Public fields only: never a
// statement's entries (app::PublicService has none).
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

using kainjow::mustache::data;

// ?on=: the day asked for (today when absent); nullopt when it is not a date.
std::optional<domain::Date> DayAsked(const http::Request& request, const app::Services& services) {
  const std::string_view text = request.Query("on");
  if (text.empty()) {
    return services.TodayInJapan();
  }
  auto parsed = domain::ParseDate(text);
  return parsed ? std::optional<domain::Date>(*parsed) : std::nullopt;
}

kainjow::mustache::data PublicItem(core::Language l, const app::PublicService& s, const std::string& on_query) {
  kainjow::mustache::data item{kainjow::mustache::data::type::object};
  item.set("href", PublicServiceHref(s.service_id) + on_query);
  item.set("number", s.number);
  item.set("name", InLanguage(l, s.name_ja, s.name_en));
  item.set("name_lang", LangOf(l, s.name_en));
  item.set("provider", InLanguage(l, s.provider_name_ja, s.provider_name_en));
  item.set("provider_lang", LangOf(l, s.provider_name_en));
  item.set("model", ModelLabel(l, s.model));
  item.set("track", TrackLabel(l, s.track));
  item.set("status", StatusLabel(l, s.status));
  item.set("registered_on", domain::FormatDate(s.registered_on));
  item.set("valid_until", domain::FormatDate(s.valid_until));
  return item;
}

void RegisterPublicServiceListPage(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/cloud-services", app::Action::kReadPublic, [&context](const http::Request& request) {
    auto visitor = SignedIn(request, context);
    const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
    if (!visitor) {
      return ErrorPage(request, visitor.error(), chrome);
    }
    const core::Language l = request.language;
    const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
    PageView view{"cloud_services.mustache", "service_pages.list_title", {}};
    view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
    auto day = DayAsked(request, context.services);
    FormErrors errors;
    if (!day) {
      errors.Field("on", "audit_body_pages.on_label", Msg(l, "audit_body_pages.bad_date"));
      view.status = 400;
      day = context.services.TodayInJapan();
    }
    auto list = context.services.cloud_services().ListPublic(principal, *day);
    if (!list) {
      return ErrorPage(request, list.error(), chrome);
    }
    const std::string date = domain::FormatDate(*day);
    const std::string on_query = request.Query("on").empty() || view.status != 200 ? "" : "?on=" + date;
    view.data.set("on", request.Query("on").empty() ? date : std::string(request.Query("on")));
    view.data.set("as_of", Fill(Msg(l, "audit_body_pages.as_of"), "date", date));
    view.data.set("csv_href", "/api/v1/services?format=csv&on=" + date);
    view.data.set("xlsx_href", "/api/v1/services?format=xlsx&on=" + date);
    data items{data::type::list};
    for (const auto& s : *list) {
      items.push_back(PublicItem(l, s, on_query));
    }
    view.data.set("services", items);
    view.data.set("none", list->empty());
    const bool manage = app::Authorize(principal, app::Action::kManageCloudServices).has_value();
    const bool queue = app::Authorize(principal, app::Action::kReadCloudServiceQueue).has_value();
    const bool audit = app::Authorize(principal, app::Action::kAuditCloudService).has_value();
    view.data.set("link_services", manage);
    view.data.set("link_queue", queue);
    view.data.set("link_engagements", audit);
    view.data.set("has_links", manage || queue || audit);
    errors.Apply(view.data, l);
    return RenderPage(request, std::move(view), chrome);
  });
}

}  // namespace ismap::web::pages
