// Each pages/<area>.cpp registers its own routes; RegisterPages (pages/home.cpp) calls them all.
#pragma once

#include "http/router.hpp"
#include "web/pages.hpp"

namespace ismap::web::pages {

void RegisterHomePage(http::Router& router, PagesContext& context);
void RegisterLoginPages(http::Router& router, PagesContext& context);
void RegisterEnrolmentPages(http::Router& router, PagesContext& context);
void RegisterAccountPages(http::Router& router, PagesContext& context);
void RegisterAdminPages(http::Router& router, PagesContext& context);
// /catalogs, /catalogs/{key}, /catalogs/{key}/controls/{control}; calls RegisterCatalogSearchPages
// first, so that /catalogs/search and /catalogs/diff are not taken for edition keys.
void RegisterCatalogPages(http::Router& router, PagesContext& context);
// /catalogs/search, /catalogs/diff (the compare form), /catalogs/{key}/diff/{other}.
void RegisterCatalogSearchPages(http::Router& router, PagesContext& context);
// /inbox, /inbox/{id}/read: the signed-in user's notifications.
void RegisterInboxPages(http::Router& router, PagesContext& context);
// /audit-bodies (the public list), /audit-bodies/{id}, /audit-bodies/queue, /audit-bodies/{id}/monitoring.
void RegisterAuditBodyPages(http::Router& router, PagesContext& context);
// /audit-bodies/applications...: the applicant's and the evaluator's pages of an application.
void RegisterAuditBodyApplicationPages(http::Router& router, PagesContext& context);
// /committee, /committee/meetings/{id}...: meetings, agendas, attendance and decisions.
void RegisterCommitteePages(http::Router& router, PagesContext& context);
// The cloud service register (issue 7): /services, /services/new, /cloud-services[/{id}] (public).
void RegisterCloudServicePages(http::Router& router, PagesContext& context);
void RegisterPublicServiceListPage(http::Router& router, PagesContext& context);
void RegisterPublicServicePage(http::Router& router, PagesContext& context);
// /statistics: the programme statistics (public).
void RegisterStatisticsPage(http::Router& router, PagesContext& context);
// /reports/operations: the operational report (issue 9), the secretariat's and administrators'.
void RegisterOperationsReportPage(http::Router& router, PagesContext& context);
// /procurement...: an agency's requirement profiles and saved procurement checks (issue 9); calls
// RegisterProcurementProfileForms first, so that /procurement/profiles/new is no profile's id.
void RegisterProcurementPages(http::Router& router, PagesContext& context);
void RegisterProcurementProfileForms(http::Router& router, PagesContext& context);
// /services/{id} and its forms, /grants/{id}/revoke, /engagements/{id}/withdraw.
void RegisterServicePages(http::Router& router, PagesContext& context);
// /statements/{id}: the statement editor.
void RegisterStatementPages(http::Router& router, PagesContext& context);
// /engagements, /engagements/{id}...: the auditor's workspace.
void RegisterEngagementPages(http::Router& router, PagesContext& context);
// /grants: the statements disclosed to an agency.
void RegisterGrantPages(http::Router& router, PagesContext& context);
// /transitional-measures[/{id}/end]: the secretariat's transitional measures (issue 9; measures.cpp).
void RegisterMeasurePages(http::Router& router, PagesContext& context);
// /unregistered-services[/new|/{id}[/bulk|submit|approve|return]]: agencies' confirmations (issue 9).
void RegisterUnregisteredServicePages(http::Router& router, PagesContext& context);
// /applications/queue, /applications/{id}...: cloud service applications.
void RegisterServiceApplicationPages(http::Router& router, PagesContext& context);
// /feedback, /feedback/new, /feedback/{id}[/messages|close|reopen]: feedback threads (issue 9);
// calls RegisterFeedbackStatisticsPage (/feedback/statistics: the operators' counts).
void RegisterFeedbackPages(http::Router& router, PagesContext& context);
void RegisterFeedbackStatisticsPage(http::Router& router, PagesContext& context);

}  // namespace ismap::web::pages
