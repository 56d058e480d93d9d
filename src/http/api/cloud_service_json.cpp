#include "http/api/cloud_service_json.hpp"

#include "core/clock.hpp"
#include "domain/date.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json DateOrNull(const std::optional<domain::Date>& date) {
  return date ? json(domain::FormatDate(*date)) : json(nullptr);
}

json TimeOrNull(const std::optional<core::TimePoint>& at) {
  return at ? json(core::FormatRfc3339(*at)) : json(nullptr);
}

json ProblemsToJson(const std::vector<domain::Problem>& problems) {
  json out = json::array();
  for (const auto& p : problems) {
    out.push_back(json{{"code", p.reason}, {"message", p.message}});
  }
  return out;
}

json StringsToJson(const std::vector<std::string>& texts) {
  json out = json::array();
  for (const auto& t : texts) {
    out.push_back(t);
  }
  return out;
}

json PeriodToJson(const domain::AuditPeriod& period) {
  return json{{"first", domain::FormatDate(period.first)}, {"last", domain::FormatDate(period.last)}};
}

json RegistrationOrNull(const std::optional<domain::Registration>& registration) {
  return registration ? RegistrationToJson(*registration) : json(nullptr);
}

}  // namespace

json ServiceToJson(const domain::CloudService& s) {
  return json{{"id", s.id.value()},
              {"provider_id", s.provider.value()},
              {"name_ja", s.name_ja},
              {"name_en", s.name_en},
              {"description", s.description},
              {"model", domain::ToString(s.model)},
              {"deployment", domain::ToString(s.deployment)},
              {"regions", StringsToJson(s.regions)},
              {"track", domain::ToString(s.track)},
              {"registration_id", s.registration_id ? json(s.registration_id->value()) : json(nullptr)},
              {"registered_statement", s.registered_statement ? json(s.registered_statement->value()) : json(nullptr)},
              {"version", s.version}};
}

json StatementSummaryToJson(const storage::StatementSummary& s) {
  return json{{"id", s.id.value()},
              {"service_id", s.service.value()},
              {"revision", s.revision},
              {"edition_id", s.edition.value()},
              {"state", domain::ToString(s.state)},
              {"version", s.version},
              {"updated_at", core::FormatRfc3339(s.updated_at)},
              {"submitted_at", TimeOrNull(s.submitted_at)}};
}

json ServiceViewToJson(const app::ServiceView& view) {
  json out = ServiceToJson(view.service);
  out["provider_name_ja"] = view.provider_name_ja;
  out["provider_name_en"] = view.provider_name_en;
  out["registration"] = RegistrationOrNull(view.registration);
  out["status"] = view.status ? json(domain::ToString(*view.status)) : json(nullptr);
  json statements = json::array();
  for (const auto& s : view.statements) {
    statements.push_back(StatementSummaryToJson(s));
  }
  out["statements"] = statements;
  json applications = json::array();
  for (const auto& a : view.applications) {
    applications.push_back(ApplicationToJson(a));
  }
  out["applications"] = applications;
  json engagements = json::array();
  for (const auto& e : view.engagements) {
    engagements.push_back(EngagementToJson(e));
  }
  out["engagements"] = engagements;
  json grants = json::array();
  for (const auto& g : view.grants) {
    grants.push_back(GrantToJson(g));
  }
  out["grants"] = grants;
  return out;
}

json StatementViewToJson(const app::StatementView& view) {
  const domain::Statement& s = view.statement;
  json entries = json::array();
  for (const auto& e : s.entries) {
    entries.push_back(json{{"control_id", e.control_id},
                           {"adopted", e.adopted},
                           {"reason", e.reason},
                           {"implementation", e.implementation}});
  }
  return json{{"id", s.id.value()},
              {"service_id", s.service.value()},
              {"service_name_ja", view.service.name_ja},
              {"service_name_en", view.service.name_en},
              {"provider_id", s.provider.value()},
              {"revision", s.revision},
              {"edition", json{{"id", view.edition.id.value()},
                               {"key", view.edition.info.key},
                               {"title_ja", view.edition.info.title_ja},
                               {"title_en", view.edition.info.title_en}}},
              {"state", domain::ToString(s.state)},
              {"scope", s.scope},
              {"system_overview", s.system_overview},
              {"representative", s.representative},
              // A new draft has none yet (domain::HasAuditPeriod): null, not 1970-01-01.
              {"audit_period", domain::HasAuditPeriod(s.period) ? PeriodToJson(s.period) : json(nullptr)},
              {"subsequent_events", s.subsequent_events},
              {"entries", entries},
              {"version", s.version},
              {"updated_at", core::FormatRfc3339(s.updated_at)},
              {"submitted_at", TimeOrNull(s.submitted_at)},
              {"problems", ProblemsToJson(view.problems)},
              {"progress", json{{"decided", view.progress.decided}, {"total", view.progress.total}}}};
}

json EngagementToJson(const domain::Engagement& e) {
  json auditors = json::array();
  for (const auto& a : e.auditors) {
    auditors.push_back(AuditorToJson(a));
  }
  return json{{"id", e.id.value()},
              {"service_id", e.service.value()},
              {"provider_id", e.provider.value()},
              {"audit_body_id", e.audit_body.value()},
              {"statement_id", e.statement.value()},
              {"state", domain::ToString(e.state)},
              {"independence", json{{"did_not_help_prepare_statement", e.independence.did_not_help_prepare_statement},
                                    {"text", e.independence.text}}},
              {"auditors", auditors},
              {"report_document", e.report_document ? json(e.report_document->value()) : json(nullptr)},
              {"report_issued_on", DateOrNull(e.report_issued_on)},
              {"last_reason", TextOrNull(e.last_reason)},
              {"version", e.version},
              {"created_at", core::FormatRfc3339(e.created_at)}};
}

json EngagementViewToJson(const app::EngagementView& view) {
  json out = EngagementToJson(view.engagement);
  json results = json::array();
  for (const auto& r : view.engagement.results) {
    results.push_back(json{{"control_id", r.control_id},
                           {"procedure", r.procedure},
                           {"design", r.design},
                           {"operating", r.operating},
                           {"result", domain::ToString(r.result)},
                           {"description", r.description}});
  }
  out["results"] = results;
  out["service_name_ja"] = view.service.name_ja;
  out["service_name_en"] = view.service.name_en;
  out["audit_body_name_ja"] = view.audit_body_name_ja;
  out["audit_body_name_en"] = view.audit_body_name_en;
  if (view.statement) {
    json statement{{"id", view.statement->id.value()},
                   {"revision", view.statement->revision},
                   {"state", domain::ToString(view.statement->state)},
                   {"audit_period", PeriodToJson(view.statement->period)}};
    json adopted = json::array();
    for (const auto& entry : view.statement->entries) {
      if (entry.adopted) {
        adopted.push_back(entry.control_id);
      }
    }
    statement["adopted_controls"] = adopted;
    out["statement"] = statement;
  } else {
    out["statement"] = nullptr;
  }
  return out;
}

json ServiceApplicationViewToJson(const app::ServiceApplicationView& view) {
  json out = ApplicationToJson(view.application);
  const auto& c = view.content;
  out["content"] =
      json{{"service", c.service.value()},
           {"statement", c.statement ? json(c.statement->value()) : json(nullptr)},
           {"engagement", c.engagement ? json(c.engagement->value()) : json(nullptr)},
           {"additional_engagement", c.additional_engagement ? json(c.additional_engagement->value()) : json(nullptr)},
           {"disclosures", json{{"capital_and_officers", c.disclosures.capital_and_officers},
                                {"foreign_law_risk", c.disclosures.foreign_law_risk},
                                {"governing_law_and_court", c.disclosures.governing_law_and_court},
                                {"third_party_tests", c.disclosures.third_party_tests},
                                {"other_certifications", c.disclosures.other_certifications}}}};
  out["service"] = ServiceToJson(view.service);
  if (view.review) {
    json items = json::array();
    for (const auto& item : view.review->items) {
      items.push_back(
          json{{"control_id", item.item_id}, {"verdict", domain::ToString(item.verdict)}, {"note", item.note}});
    }
    out["review"] = json{{"items", items}};
  } else {
    out["review"] = nullptr;
  }
  out["problems"] = ProblemsToJson(view.problems);
  out["adoption_changes"] = StringsToJson(view.adoption_changes);
  json times = json::array();
  for (const auto& t : view.state_times) {
    times.push_back(json{{"state", domain::ToString(t.state)}, {"seconds", t.seconds}, {"current", t.current}});
  }
  out["state_times"] = times;
  json available = json::array();
  for (const auto command : view.available) {
    available.push_back(domain::ToString(command));
  }
  out["available"] = available;
  return out;
}

json ServiceQueueLineToJson(const app::ServiceQueueLine& line) {
  json out = ApplicationToJson(line.line.application);
  out["service_id"] = line.line.service.value();
  out["service_name_ja"] = line.line.service_name_ja;
  out["service_name_en"] = line.line.service_name_en;
  out["applicant_name_ja"] = line.line.applicant_name_ja;
  out["applicant_name_en"] = line.line.applicant_name_en;
  out["days_waiting"] = line.days_waiting;
  out["overdue"] = line.overdue;
  return out;
}

json GrantToJson(const domain::DisclosureGrant& g) {
  return json{{"id", g.id.value()},
              {"service_id", g.service.value()},
              {"provider_id", g.provider.value()},
              {"agency_id", g.agency.value()},
              {"from", domain::FormatDate(g.from)},
              {"until", domain::FormatDate(g.until)},
              {"revoked_at", TimeOrNull(g.revoked_at)},
              {"created_at", core::FormatRfc3339(g.created_at)}};
}

json GrantViewToJson(const app::GrantView& view) {
  json out = GrantToJson(view.grant);
  out["service_name_ja"] = view.service_name_ja;
  out["service_name_en"] = view.service_name_en;
  out["provider_name_ja"] = view.provider_name_ja;
  out["provider_name_en"] = view.provider_name_en;
  out["statement_id"] = view.statement ? json(view.statement->value()) : json(nullptr);
  out["active"] = view.active;
  return out;
}

json PublicServiceToJson(const app::PublicService& s) {
  return json{{"service_id", s.service_id.value()},
              {"registration_id", s.registration_id.value()},
              {"name_ja", s.name_ja},
              {"name_en", s.name_en},
              {"provider_id", s.provider_id.value()},
              {"provider_name_ja", s.provider_name_ja},
              {"provider_name_en", s.provider_name_en},
              {"registration_number", s.number},
              {"registered_on", domain::FormatDate(s.registered_on)},
              {"valid_until", domain::FormatDate(s.valid_until)},
              {"status", domain::ToString(s.status)},
              {"track", domain::ToString(s.track)},
              {"model", domain::ToString(s.model)},
              {"regions", StringsToJson(s.regions)},
              {"scope", s.scope},
              {"audit_period", domain::HasAuditPeriod(s.period) ? PeriodToJson(s.period) : json(nullptr)},
              {"subsequent_events", s.subsequent_events},
              {"audit_body_id", s.audit_body_id ? json(s.audit_body_id->value()) : json(nullptr)},
              {"audit_body_name_ja", s.audit_body_name_ja},
              {"audit_body_name_en", s.audit_body_name_en}};
}

tabular::Table PublicServicesTable(const std::vector<app::PublicService>& services) {
  tabular::Table table;
  table.rows.push_back({"registration_number", "name_ja", "name_en", "provider_name_ja", "provider_name_en",
                        "registered_on", "valid_until", "status", "track", "model", "regions", "audit_period_first",
                        "audit_period_last", "audit_body_name_ja", "audit_body_name_en"});
  for (const auto& s : services) {
    std::string regions;
    for (const auto& r : s.regions) {
      regions += (regions.empty() ? "" : ";") + r;
    }
    table.rows.push_back({s.number, s.name_ja, s.name_en, s.provider_name_ja, s.provider_name_en,
                          domain::FormatDate(s.registered_on), domain::FormatDate(s.valid_until),
                          std::string(domain::ToString(s.status)), std::string(domain::ToString(s.track)),
                          std::string(domain::ToString(s.model)), regions, domain::FormatDate(s.period.first),
                          domain::FormatDate(s.period.last), s.audit_body_name_ja, s.audit_body_name_en});
  }
  return table;
}

}  // namespace ismap::http::api