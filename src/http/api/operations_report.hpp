// The operational report (issue 9) as the API and the page give it: the period read from a query,
// the figures as JSON and as one table (CSV and XLSX), labels in the request's language.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/operations_report.hpp"
#include "core/i18n.hpp"
#include "domain/operations_report.hpp"
#include "http/message.hpp"
#include "tabular/table.hpp"

namespace ismap::http::api {

// ?from= and ?to= (YYYY-MM-DD, days in Japan, both included) as a period, or the problem: the
// pointer of the parameter at fault ("/from", "/to") and the message key (error.invalid_parameter
// for a missing or malformed date, report.period_reversed, report.period_too_long).
struct PeriodProblem {
  std::string pointer;
  std::string message_key;
};
struct PeriodOrProblem {
  std::optional<domain::ReportPeriod> period;
  PeriodProblem problem;
};
PeriodOrProblem ReadReportPeriod(std::string_view from, std::string_view to);

// {"period": {"from", "to"}, "made_on", "applications": {list: {received, approved, rejected,
// returned}}, "decision_times": {list: {"total": summary, "stages": {stage: summary}}},
// "registrations": {list: {registered, on_list, expired, renewed}}, "registrations_by_model":
// {"iaas"|"paas"|"saas": the same}, "unregistered_services": {submitted, approved}, "feedback":
// [{topic, threads, answered}, ...every topic]} where list is ismap, liu or audit_bodies and a
// summary is {"count", "median_days", "p90_days"}.
nlohmann::json OperationsReportJson(const app::OperationsReport& report);

// One row per figure under a header (section, list, measure, value), labels in `language`; the
// first rows name the period and the day the report was made.
tabular::Table OperationsReportTable(const app::OperationsReport& report, core::Language language);

}  // namespace ismap::http::api
