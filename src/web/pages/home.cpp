#include "web/pages.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web {
namespace pages {

void RegisterHomePage(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/", app::Action::kReadPublic, [&context](const http::Request& request) {
    auto visitor = SignedIn(request, context);
    const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
    if (auto allowed = app::Authorize(app::Principal::Public(), app::Action::kReadPublic); !allowed) {
      return ErrorPage(request, allowed.error(), chrome);
    }
    auto figures = context.services.ReadPublicFigures();
    if (!figures) {
      return ErrorPage(request, figures.error(), chrome);
    }
    PageView view{"home.mustache", "home.title", {}};
    view.data.set("organizations", std::to_string(figures->organizations));
    view.data.set("ledger_events", std::to_string(figures->ledger_events));
    return RenderPage(request, std::move(view), chrome);
  });
}

}  // namespace pages

void RegisterPages(http::Router& router, PagesContext& context) {
  pages::RegisterHomePage(router, context);
  pages::RegisterLoginPages(router, context);
  pages::RegisterEnrolmentPages(router, context);
  pages::RegisterAccountPages(router, context);
  pages::RegisterAdminPages(router, context);
  pages::RegisterCatalogPages(router, context);
  pages::RegisterInboxPages(router, context);
  pages::RegisterAuditBodyApplicationPages(router, context);
  pages::RegisterAuditBodyPages(router, context);
  pages::RegisterCommitteePages(router, context);
  pages::RegisterCloudServicePages(router, context);
  pages::RegisterPublicServiceListPage(router, context);
  pages::RegisterPublicServicePage(router, context);
  pages::RegisterStatisticsPage(router, context);
  pages::RegisterOperationsReportPage(router, context);
  pages::RegisterServicePages(router, context);
  pages::RegisterStatementPages(router, context);
  pages::RegisterEngagementPages(router, context);
  pages::RegisterGrantPages(router, context);
  pages::RegisterMeasurePages(router, context);
  pages::RegisterUnregisteredServicePages(router, context);
  pages::RegisterProcurementPages(router, context);
  pages::RegisterServiceApplicationPages(router, context);
  pages::RegisterFeedbackPages(router, context);
}

}  // namespace ismap::web
