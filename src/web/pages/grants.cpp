// /grants: the disclosure grants an agency holds (issue 7) — whose service, for what period, whether
// active today, and a link to the statement the grant opens (its restricted annex; reading it is
// recorded in the ledger by the statement page's use case).
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

using kainjow::mustache::data;

void RegisterGrantPages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/grants", app::Action::kReadOwnGrants,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const core::Language l = request.language;
                auto grants = context.services.cloud_services().ListOwnGrants(visitor.principal);
                if (!grants) {
                  return ErrorPage(request, grants.error(), chrome);
                }
                PageView view{"grants.mustache", "service_pages.agency_grants_title", {}};
                view.no_store = true;
                data rows{data::type::list};
                for (const auto& g : *grants) {
                  data row{data::type::object};
                  row.set("service", InLanguage(l, g.service_name_ja, g.service_name_en));
                  row.set("provider", InLanguage(l, g.provider_name_ja, g.provider_name_en));
                  row.set("from", domain::FormatDate(g.grant.from));
                  row.set("until", domain::FormatDate(g.grant.until));
                  row.set("status", Msg(l, g.grant.revoked_at ? "service_pages.grant_revoked"
                                           : g.active         ? "service_pages.grant_active"
                                                              : "service_pages.grant_inactive"));
                  if (g.active && g.statement) {
                    row.set("href", StatementHref(*g.statement));
                  }
                  rows.push_back(row);
                }
                view.data.set("grants", rows);
                view.data.set("none", grants->empty());
                return RenderPage(request, std::move(view), chrome);
              });
}

}  // namespace ismap::web::pages
