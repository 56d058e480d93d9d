// The JSON of the cloud service register in the API (issue 7), both ways: services, statements,
// engagements, applications, grants and the public list. Reading refuses what it does not
// understand with the JSON pointer of the field (FieldProblem, as audit_body_json.hpp): unknown
// fields, wrong types, unknown enum values, bad dates. Writing never puts restricted content
// (statement entries, implementation texts, results) into the public shapes.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/cloud_services.hpp"
#include "http/api/audit_body_json.hpp"
#include "tabular/table.hpp"

namespace ismap::http::api {

// ---- Reading request bodies. Each reads `value` at `pointer` ("" for the body itself).

// {"name_ja", "name_en", "description", "model", "deployment", "regions": [..], "track"} (and
// "version" when `allow_version`, read separately). name_ja/name_en/description default to "",
// model "saas", deployment "public", track "ismap"; regions is required. The rules (lengths, a
// name) are the domain's.
std::optional<FieldProblem> ReadService(const nlohmann::json& value, domain::CloudService& out, bool allow_version);

// {"version", "scope"?, "system_overview"?, "representative"?, "audit_period"?: {"first", "last"},
// "subsequent_events"?, "entries"?: [{"control_id", "adopted", "reason"?, "implementation"?}],
// "replace_all_entries"?}.
std::optional<FieldProblem> ReadStatementEdit(const nlohmann::json& body, app::StatementEdit& out);

// {"did_not_help_prepare_statement": bool, "text"} at `pointer`.
std::optional<FieldProblem> ReadIndependence(const nlohmann::json& value, const std::string& pointer,
                                             domain::IndependenceDeclaration& out);
// [{"control_id", "procedure", "design", "operating", "result", "description"?}] at `pointer`.
std::optional<FieldProblem> ReadResults(const nlohmann::json& value, const std::string& pointer,
                                        std::vector<domain::ControlResult>& out);
// {"service", "statement"?, "engagement"?, "disclosures": {...}} at `pointer`: the content of a
// cloud service application (ids are positive integers; statement and engagement may be null).
std::optional<FieldProblem> ReadApplicationContent(const nlohmann::json& value, const std::string& pointer,
                                                   domain::ServiceApplicationContent& out);
// A required "YYYY-MM-DD" at body[name].
std::optional<FieldProblem> ReadDate(const nlohmann::json& body, const char* name, const std::string& pointer,
                                     domain::Date& out);
// A required positive integer id at body[name].
std::optional<FieldProblem> ReadId(const nlohmann::json& body, const char* name, std::int64_t& out);

// ---- Writing.

nlohmann::json ServiceToJson(const domain::CloudService& service);
nlohmann::json ServiceViewToJson(const app::ServiceView& view);
nlohmann::json StatementSummaryToJson(const storage::StatementSummary& summary);
// The statement with its header and entries (restricted: only for those GetStatement allows).
nlohmann::json StatementViewToJson(const app::StatementView& view);
// An engagement without its results (lists, the service record).
nlohmann::json EngagementToJson(const domain::Engagement& engagement);
nlohmann::json EngagementViewToJson(const app::EngagementView& view);
nlohmann::json ServiceApplicationViewToJson(const app::ServiceApplicationView& view);
nlohmann::json ServiceQueueLineToJson(const app::ServiceQueueLine& line);
nlohmann::json GrantToJson(const domain::DisclosureGrant& grant);
// A grant as its agency sees it: the grant's fields, service and provider names, the statement it
// opens (null when none is submitted) and whether it is active today.
nlohmann::json GrantViewToJson(const app::GrantView& view);
// Public fields only (DESIGN.md §3).
nlohmann::json PublicServiceToJson(const app::PublicService& service);
// The public list as the CSV download's rows, header first.
tabular::Table PublicServicesTable(const std::vector<app::PublicService>& services);

}  // namespace ismap::http::api
