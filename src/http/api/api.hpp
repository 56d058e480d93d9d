// The JSON API: one file per resource. Handlers translate HTTP to use cases and back; they decide
// nothing themselves (authorisation is app::Authorize, rules are in the domain).
#pragma once

#include <optional>
#include <string>

#include "app/authorization.hpp"
#include "app/services.hpp"
#include "http/message.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace ismap::http::api {

inline constexpr char kSessionCookie[] = "ismap_session";

struct ApiContext {
  app::Services& services;
  const Metrics& metrics;
  std::string operator_token;  // empty: the operator API is disabled
  bool cookie_secure = true;
};

// Who is calling, and with which session (when by cookie).
struct Caller {
  app::Principal principal;
  std::optional<std::string> session_token;
  std::string csrf_token;
};

// The caller of `request`:
// - "Authorization: Bearer <operator token>" (compared in constant time): the operator;
// - "Authorization: Bearer ismap_...": the API token's user, within the token's scopes (401 when
//   the token is unknown, revoked or expired);
// - the session cookie of a fully logged-in session: that user. For POST, PUT, PATCH and DELETE
//   the request must also pass CSRF checks: an Origin header, when sent, naming this host, and
//   X-CSRF-Token equal to the session's token (403 auth.csrf_invalid otherwise);
// - nothing: the public. An unknown or expired cookie is 401, so the user learns to log in again.
core::Result<Caller> Identify(const Request& request, ApiContext& context);

// Identify, then the coarse check of `action` (no resource yet): handlers call it before reading
// anything else of the request, so that a caller who may not act learns nothing from validation.
core::Result<Caller> IdentifyFor(const Request& request, ApiContext& context, app::Action action);

// CSRF checks for a session in any stage (the login steps use them before the session is full).
core::Result<void> CheckCsrf(const Request& request, const std::string& expected_token);
// Login CSRF: a state-changing request from a page of another site is refused even without a session.
core::Result<void> CheckOrigin(const Request& request);

// Set-Cookie values for the session cookie.
std::string SessionCookie(const std::string& token, bool secure);
std::string ClearedSessionCookie(bool secure);

// GET /healthz, GET /readyz, GET /metrics.
void RegisterHealthRoutes(Router& router, ApiContext& context);
// POST and GET /api/v1/organizations, GET /api/v1/organizations/{id}.
void RegisterOrganizationRoutes(Router& router, ApiContext& context);
// /api/v1/session (log in and out, second factor, enrolment), /api/v1/sessions, /api/v1/me.
void RegisterSessionRoutes(Router& router, ApiContext& context);
// /api/v1/organizations/{id}/users, /api/v1/users/{id}/roles, /api/v1/users/{id}/mfa.
void RegisterUserRoutes(Router& router, ApiContext& context);
// /api/v1/tokens: the caller's API tokens.
void RegisterTokenRoutes(Router& router, ApiContext& context);
// /api/v1/catalogs (editions, tree, controls, diff, export), /api/v1/controls (search),
// /api/v1/baselines: public reads of the control criteria and other catalogs.
void RegisterCatalogRoutes(Router& router, ApiContext& context);
// GET /api/v1/audit-bodies[?on=YYYY-MM-DD][&format=csv]: the public audit body list;
// GET /api/v1/audit-bodies/{id}[?on=]: one body's public record (by organisation id);
// GET /api/v1/audit-bodies/{id}/monitoring: its record over time, for reviewers and evaluators.
void RegisterAuditBodyRoutes(Router& router, ApiContext& context);
// GET /api/v1/audit-bodies/requirements: the current requirement set for audit bodies (public).
void RegisterRequirementSetRoutes(Router& router, ApiContext& context);
// /api/v1/audit-bodies/applications[/{id}[/submit|resubmit|withdraw|start-evaluation|evaluation|return|
// recommend]], /api/v1/audit-bodies/queue: an audit body's applications and the evaluator's work.
void RegisterAuditBodyApplicationRoutes(Router& router, ApiContext& context);
// /api/v1/committee/meetings[/{id}[/agenda|attendance|decisions]]: the steering committee.
void RegisterCommitteeRoutes(Router& router, ApiContext& context);
// /api/v1/services (the public cloud service list, ?on= and ?format=csv; one service's public line;
// a provider's services, record and statements), /api/v1/statements/{id}[/submit] and
// /api/v1/grants: the cloud service register (issue 7).
void RegisterCloudServiceRoutes(Router& router, ApiContext& context);
// GET /api/v1/services/{id}: one service's public record (public_service.cpp).
void RegisterPublicServiceRoute(Router& router, ApiContext& context);
// /api/v1/engagements[/mine|/{id}[/accept|decline|withdraw|results|report]]: audit engagements.
void RegisterEngagementRoutes(Router& router, ApiContext& context);
// /api/v1/applications[/mine|/queue|/{id}[/<command>|/findings]]: cloud service applications.
void RegisterServiceApplicationRoutes(Router& router, ApiContext& context);
// GET /api/v1/statements/{id}/export?format=csv|xlsx|oscal-ssp, POST /api/v1/statements/{id}/import
// ?format=csv|xlsx|oscal-ssp&version=N and POST /api/v1/engagements/{id}/results/import
// ?format=oscal-assessment-results&version=N (bodies are the files' bytes): a statement's files.
void RegisterStatementFileRoutes(Router& router, ApiContext& context);
// POST /api/v1/documents (raw body upload), GET /api/v1/documents/{id}[/content].
void RegisterDocumentRoutes(Router& router, ApiContext& context);
// GET /api/v1/me/notifications, POST /api/v1/me/notifications/{id}/read: the caller's inbox.
void RegisterNotificationRoutes(Router& router, ApiContext& context);
// GET /api/v1/changes?since=CURSOR&limit=N: the public change feed of both registers (issue 8).
void RegisterChangeRoutes(Router& router, ApiContext& context);
// GET /api/v1/statistics: the programme statistics (issue 8; statistics.cpp).
void RegisterStatisticsRoute(Router& router, ApiContext& context);
// /api/v1/transitional-measures[/{id}] and /api/v1/unregistered-services[/{id}[/submit|approve|return]]
// (issue 9; measures.cpp).
void RegisterMeasureAndUnregisteredRoutes(Router& router, ApiContext& context);
// /api/v1/feedback[/{id}[/messages|close|reopen]|/statistics]: feedback threads (issue 9; feedback.cpp).
void RegisterFeedbackRoutes(Router& router, ApiContext& context);
// GET /api/v1/reports/operations: the operational report (issue 9; operations_report.cpp).
void RegisterOperationsReportRoute(Router& router, ApiContext& context);
// /api/v1/profiles[/{id}] and /api/v1/procurement-checks[/{id}]: an agency's requirement profiles
// and procurement checks (issue 9; procurement.cpp).
void RegisterProcurementRoutes(Router& router, ApiContext& context);
// GET /api/v1/openapi.json: the OpenAPI 3.1 document of the public API (api/openapi.json, embedded).
void RegisterOpenApiRoute(Router& router, ApiContext& context);

}  // namespace ismap::http::api
