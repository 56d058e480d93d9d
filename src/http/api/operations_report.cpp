// GET /api/v1/reports/operations?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=json|csv|xlsx]: the
// operational report (issue 9; app/operations_report.hpp), the secretariat's and administrators'.
// A missing or malformed date is 400 invalid_parameter naming it, to before from 400
// report.period_reversed and a period over five years 400 report.period_too_long (both naming
// /to); any parameter but from, to, format and lang is 400 unknown_parameter.
#include "http/api/operations_report.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "http/api/api.hpp"
#include "http/api/downloads.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 3> kModels = {"iaas", "paas", "saas"};

json SummaryJson(const domain::DaySummary& s) {
  return {{"count", s.count}, {"median_days", s.median_days}, {"p90_days", s.p90_days}};
}

json CountsJson(const domain::RegistrationCounts& c) {
  return {{"registered", c.registered}, {"on_list", c.on_list}, {"expired", c.expired}, {"renewed", c.renewed}};
}

// Days with one decimal when there is a fraction ("25", "37.5"), as the statistics page shows them.
std::string Days(double days) {
  const double rounded = std::round(days * 10) / 10;
  char buf[32];
  std::snprintf(buf, sizeof buf, rounded == std::floor(rounded) ? "%.0f" : "%.1f", rounded);
  return buf;
}

std::string GroupLabel(domain::ReportGroup group, core::Language language) {
  return std::string(core::Messages::Get().Text(language, "report.list_" + std::string(domain::ToString(group))));
}

}  // namespace

PeriodOrProblem ReadReportPeriod(std::string_view from, std::string_view to) {
  const auto first = domain::ParseDate(from);
  if (!first) {
    return {std::nullopt, {"/from", "error.invalid_parameter"}};
  }
  const auto last = domain::ParseDate(to);
  if (!last) {
    return {std::nullopt, {"/to", "error.invalid_parameter"}};
  }
  auto period = domain::MakeReportPeriod(*first, *last);
  if (!period) {
    return {std::nullopt, {"/to", period.error().reason}};
  }
  return {*period, {}};
}

json OperationsReportJson(const app::OperationsReport& report) {
  const auto& f = report.figures;
  json applications = json::object();
  json times = json::object();
  json registrations = json::object();
  for (const auto group : domain::kReportGroups) {
    const auto g = static_cast<std::size_t>(group);
    const std::string name(domain::ToString(group));
    const auto& a = f.applications[g];
    applications[name] = {
        {"received", a.received}, {"approved", a.approved}, {"rejected", a.rejected}, {"returned", a.returned}};
    json stages = json::object();
    for (const auto stage : domain::kReportStages) {
      stages[std::string(domain::ToString(stage))] = SummaryJson(f.times[g].stages[static_cast<std::size_t>(stage)]);
    }
    times[name] = {{"total", SummaryJson(f.times[g].total)}, {"stages", std::move(stages)}};
    registrations[name] = CountsJson(f.registrations[g]);
  }
  json models = json::object();
  for (std::size_t m = 0; m < kModels.size(); ++m) {
    models[kModels[m]] = CountsJson(f.by_model[m]);
  }
  json feedback = json::array();
  for (const auto& line : report.feedback) {
    feedback.push_back(
        {{"topic", std::string(domain::ToString(line.topic))}, {"threads", line.threads}, {"answered", line.answered}});
  }
  return {{"period", {{"from", domain::FormatDate(f.period.from)}, {"to", domain::FormatDate(f.period.to)}}},
          {"made_on", domain::FormatDate(report.today)},
          {"applications", std::move(applications)},
          {"decision_times", std::move(times)},
          {"registrations", std::move(registrations)},
          {"registrations_by_model", std::move(models)},
          {"unregistered_services",
           {{"submitted", report.confirmations.submitted}, {"approved", report.confirmations.approved}}},
          {"feedback", std::move(feedback)}};
}

tabular::Table OperationsReportTable(const app::OperationsReport& report, core::Language language) {
  const auto& messages = core::Messages::Get();
  auto t = [&](const std::string& key) { return std::string(messages.Text(language, "report." + key)); };
  const auto& f = report.figures;
  tabular::Table table;
  table.rows.push_back({t("col_section"), t("col_list"), t("col_measure"), t("col_value")});
  table.rows.push_back({t("period"), "", t("from"), domain::FormatDate(f.period.from)});
  table.rows.push_back({t("period"), "", t("to"), domain::FormatDate(f.period.to)});
  table.rows.push_back({t("period"), "", t("made_on"), domain::FormatDate(report.today)});
  for (const auto group : domain::kReportGroups) {
    const auto& a = f.applications[static_cast<std::size_t>(group)];
    const std::string list = GroupLabel(group, language);
    const std::string section = t("section_applications");
    table.rows.push_back({section, list, t("col_received"), std::to_string(a.received)});
    table.rows.push_back({section, list, t("col_approved"), std::to_string(a.approved)});
    table.rows.push_back({section, list, t("col_rejected"), std::to_string(a.rejected)});
    table.rows.push_back({section, list, t("col_returned"), std::to_string(a.returned)});
  }
  for (const auto group : domain::kReportGroups) {
    const auto& times = f.times[static_cast<std::size_t>(group)];
    const std::string list = GroupLabel(group, language);
    const std::string section = t("section_times");
    auto add = [&](const std::string& stage, const domain::DaySummary& s) {
      table.rows.push_back({section, list, stage + " " + t("col_count"), std::to_string(s.count)});
      table.rows.push_back({section, list, stage + " " + t("col_median"), Days(s.median_days)});
      table.rows.push_back({section, list, stage + " " + t("col_p90"), Days(s.p90_days)});
    };
    for (const auto stage : domain::kReportStages) {
      add(t("stage_" + std::string(domain::ToString(stage))), times.stages[static_cast<std::size_t>(stage)]);
    }
    add(t("stage_total"), times.total);
  }
  auto counts = [&](const std::string& section, const std::string& list, const domain::RegistrationCounts& c) {
    table.rows.push_back({section, list, t("col_registered"), std::to_string(c.registered)});
    table.rows.push_back({section, list, t("col_on_list"), std::to_string(c.on_list)});
    table.rows.push_back({section, list, t("col_expired"), std::to_string(c.expired)});
    table.rows.push_back({section, list, t("col_renewed"), std::to_string(c.renewed)});
  };
  for (const auto group : domain::kReportGroups) {
    counts(t("section_registrations"), GroupLabel(group, language), f.registrations[static_cast<std::size_t>(group)]);
  }
  for (std::size_t m = 0; m < kModels.size(); ++m) {
    counts(t("section_models"), t(std::string("model_") + kModels[m]), f.by_model[m]);
  }
  table.rows.push_back(
      {t("section_confirmations"), "", t("col_submitted"), std::to_string(report.confirmations.submitted)});
  table.rows.push_back(
      {t("section_confirmations"), "", t("col_approved"), std::to_string(report.confirmations.approved)});
  for (const auto& line : report.feedback) {
    const std::string topic = t("topic_" + std::string(domain::ToString(line.topic)));
    table.rows.push_back({t("section_feedback"), topic, t("col_threads"), std::to_string(line.threads)});
    table.rows.push_back({t("section_feedback"), topic, t("col_answered"), std::to_string(line.answered)});
  }
  return table;
}

void RegisterOperationsReportRoute(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/reports/operations", app::Action::kReadOperationsReport,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kReadOperationsReport);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               for (const auto& [name, value] : request.query) {
                 if (name != "from" && name != "to" && name != "format" && name != "lang") {
                   return ErrorResponse(400, "unknown_parameter", "report.unknown_parameter", request.language,
                                        request.request_id, "/" + name);
                 }
               }
               const std::string_view format = request.Query("format").empty() ? "json" : request.Query("format");
               if (format != "json" && format != "csv" && format != "xlsx") {
                 return BadParameter(request, "/format");
               }
               const auto read = ReadReportPeriod(request.Query("from"), request.Query("to"));
               if (!read.period) {
                 const std::string_view code = read.problem.message_key == "error.invalid_parameter"
                                                   ? std::string_view("invalid_parameter")
                                                   : std::string_view(read.problem.message_key);
                 return ErrorResponse(400, code, read.problem.message_key, request.language, request.request_id,
                                      read.problem.pointer);
               }
               auto report = context.services.ReadOperationsReport(caller->principal, *read.period);
               if (!report) {
                 return ErrorResponse(report.error(), request);
               }
               if (format == "json") {
                 return Response::Json(200, OperationsReportJson(*report).dump());
               }
               const std::string name = "operations-report-" + domain::FormatDate(read.period->from) + "-" +
                                        domain::FormatDate(read.period->to);
               auto file =
                   TableDownload(OperationsReportTable(*report, request.language), format, "operations-report", name);
               if (!file) {
                 return ErrorResponse(file.error(), request);
               }
               return *std::move(file);
             });
}

}  // namespace ismap::http::api
