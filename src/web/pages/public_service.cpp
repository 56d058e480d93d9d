// A cloud service's public page (issue 8): GET /cloud-services/{id}[?on=], everything DESIGN.md §3
// makes public about a registered service, never its statement's entries.
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

using kainjow::mustache::data;

void RegisterPublicServicePage(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/cloud-services/{id}", app::Action::kReadPublic,
             [&context](const http::Request& request) {
               auto visitor = SignedIn(request, context);
               const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
               if (!visitor) {
                 return ErrorPage(request, visitor.error(), chrome);
               }
               const core::Language l = request.language;
               const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorPage(request, 404, "error.not_found", chrome);
               }
               const auto day = DayAsked(request, context.services);
               if (!day) {
                 return ErrorPage(request, 400, "audit_body_pages.bad_date", chrome);
               }
               auto got = context.services.cloud_services().GetPublic(principal, domain::ServiceId(*id), *day);
               if (!got) {
                 return ErrorPage(request, got.error(), chrome);
               }
               PageView view{"cloud_service.mustache", "service_pages.list_title", {}};
               view.title_text = InLanguage(l, got->name_ja, got->name_en);
               data item = PublicItem(l, *got, "");
               std::string regions;
               for (const auto& r : got->regions) {
                 regions += (regions.empty() ? "" : "、") + r;
               }
               item.set("regions", regions);
               item.set("scope", got->scope);
               item.set("period", domain::FormatDate(got->period.first) + " – " + domain::FormatDate(got->period.last));
               item.set("subsequent_events",
                        got->subsequent_events.empty() ? Msg(l, "service_pages.none_text") : got->subsequent_events);
               item.set("audit_body", InLanguage(l, got->audit_body_name_ja, got->audit_body_name_en));
               view.data.set("service", item);
               view.data.set("as_of", Fill(Msg(l, "audit_body_pages.as_of"), "date", domain::FormatDate(*day)));
               return RenderPage(request, std::move(view), chrome);
             });
}

}  // namespace ismap::web::pages
