#include "http/api/audit_body_json.hpp"

#include <set>

#include "core/clock.hpp"
#include "domain/date.hpp"
#include "tabular/csv.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

FieldProblem Problem(const char* code, const std::string& pointer) { return {code, pointer}; }

json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

// body[name] as a string into `out`; missing or not a string is a problem.
std::optional<FieldProblem> ReadString(const json& body, const char* name, const std::string& pointer,
                                       std::string& out) {
  const std::string at = pointer + "/" + name;
  if (!body.contains(name)) {
    return Problem("field_missing", at);
  }
  if (!body[name].is_string()) {
    return Problem("field_type", at);
  }
  out = body[name].get<std::string>();
  return std::nullopt;
}

std::optional<FieldProblem> ReadQualification(const json& value, const std::string& pointer,
                                              domain::Qualification& out) {
  if (!value.is_object()) {
    return Problem("field_type", pointer);
  }
  if (auto p = RejectUnknown(value, {"kind", "other_name", "number", "expires_on"}, pointer)) {
    return p;
  }
  std::string kind;
  if (auto p = ReadString(value, "kind", pointer, kind)) {
    return p;
  }
  const auto parsed = domain::QualificationKindFromString(kind);
  if (!parsed) {
    return Problem("field_invalid", pointer + "/kind");
  }
  out.kind = *parsed;
  if (value.contains("other_name") && !value["other_name"].is_null()) {
    if (auto p = ReadString(value, "other_name", pointer, out.other_name)) {
      return p;
    }
  }
  if (auto p = ReadString(value, "number", pointer, out.number)) {
    return p;
  }
  out.expires_on.reset();
  if (value.contains("expires_on") && !value["expires_on"].is_null()) {
    if (!value["expires_on"].is_string()) {
      return Problem("field_type", pointer + "/expires_on");
    }
    auto date = domain::ParseDate(value["expires_on"].get<std::string>());
    if (!date) {
      return Problem("field_invalid", pointer + "/expires_on");
    }
    out.expires_on = *date;
  }
  return std::nullopt;
}

json QualificationToJson(const domain::Qualification& q) {
  return json{{"kind", domain::ToString(q.kind)},
              {"other_name", TextOrNull(q.other_name)},
              {"number", q.number},
              {"expires_on", q.expires_on ? json(domain::FormatDate(*q.expires_on)) : json(nullptr)}};
}

json ItemToJson(const domain::AgendaItem& item) {
  json out{{"kind", domain::ToString(item.kind())}, {"register", domain::ToString(item.register_kind)}};
  if (const auto* application = std::get_if<domain::ApplicationId>(&item.subject)) {
    out["application_id"] = application->value();
  } else {
    out["registration_id"] = std::get<domain::RegistrationId>(item.subject).value();
  }
  return out;
}

}  // namespace

std::optional<FieldProblem> ReadAuditor(const json& value, const std::string& pointer, domain::Auditor& out) {
  if (!value.is_object()) {
    return Problem("field_type", pointer);
  }
  if (auto p = RejectUnknown(value, {"name", "qualifications"}, pointer)) {
    return p;
  }
  if (auto p = ReadString(value, "name", pointer, out.name)) {
    return p;
  }
  if (!value.contains("qualifications")) {
    return Problem("field_missing", pointer + "/qualifications");
  }
  const json& list = value["qualifications"];
  if (!list.is_array()) {
    return Problem("field_type", pointer + "/qualifications");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    domain::Qualification q;
    if (auto p = ReadQualification(list[i], pointer + "/qualifications/" + std::to_string(i), q)) {
      return p;
    }
    out.qualifications.push_back(std::move(q));
  }
  return std::nullopt;
}

json AuditorToJson(const domain::Auditor& auditor) {
  json qualifications = json::array();
  for (const auto& q : auditor.qualifications) {
    qualifications.push_back(QualificationToJson(q));
  }
  return json{{"name", auditor.name}, {"qualifications", qualifications}};
}

std::optional<FieldProblem> RejectUnknown(const json& body, std::initializer_list<const char*> known,
                                          const std::string& pointer) {
  if (!body.is_object()) {
    return Problem("field_type", pointer);
  }
  const std::set<std::string> names(known.begin(), known.end());
  for (const auto& [key, value] : body.items()) {
    if (names.count(key) == 0) {
      return Problem("field_unknown", pointer + "/" + key);
    }
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadDossier(const json& value, const std::string& pointer, storage::AuditBodyDossier& out) {
  if (auto p = RejectUnknown(value,
                             {"legal_form", "auditors", "quality_control", "independence_policy", "documents",
                              "contact_email", "contact_phone"},
                             pointer)) {
    return p;
  }
  std::string legal_form;
  if (auto p = ReadString(value, "legal_form", pointer, legal_form)) {
    return p;
  }
  const auto form = domain::LegalFormFromString(legal_form);
  if (!form) {
    return Problem("field_invalid", pointer + "/legal_form");
  }
  out.content.legal_form = *form;
  if (!value.contains("auditors")) {
    return Problem("field_missing", pointer + "/auditors");
  }
  if (!value["auditors"].is_array()) {
    return Problem("field_type", pointer + "/auditors");
  }
  out.content.auditors.clear();
  for (std::size_t i = 0; i < value["auditors"].size(); ++i) {
    domain::Auditor auditor;
    if (auto p = ReadAuditor(value["auditors"][i], pointer + "/auditors/" + std::to_string(i), auditor)) {
      return p;
    }
    out.content.auditors.push_back(std::move(auditor));
  }
  if (auto p = ReadString(value, "quality_control", pointer, out.content.quality_control)) {
    return p;
  }
  if (auto p = ReadString(value, "independence_policy", pointer, out.content.independence_policy)) {
    return p;
  }
  out.content.documents.clear();
  if (value.contains("documents")) {
    if (!value["documents"].is_array()) {
      return Problem("field_type", pointer + "/documents");
    }
    for (std::size_t i = 0; i < value["documents"].size(); ++i) {
      const json& id = value["documents"][i];
      if (!id.is_number_integer() || id.get<std::int64_t>() < 1) {
        return Problem("field_type", pointer + "/documents/" + std::to_string(i));
      }
      out.content.documents.emplace_back(id.get<std::int64_t>());
    }
  }
  if (auto p = ReadString(value, "contact_email", pointer, out.contact_email)) {
    return p;
  }
  if (auto p = ReadString(value, "contact_phone", pointer, out.contact_phone)) {
    return p;
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadVersion(const json& body, std::int64_t& out) {
  if (!body.is_object() || !body.contains("version")) {
    return Problem("field_missing", "/version");
  }
  if (!body["version"].is_number_integer() || body["version"].get<std::int64_t>() < 1) {
    return Problem("field_type", "/version");
  }
  out = body["version"].get<std::int64_t>();
  return std::nullopt;
}

std::optional<FieldProblem> ReadAgendaItem(const json& body, domain::AgendaItem& out) {
  const bool has_application = body.is_object() && body.contains("application_id");
  const bool has_registration = body.is_object() && body.contains("registration_id");
  if (has_application == has_registration) {
    return Problem(has_application ? "field_invalid" : "field_missing", "/application_id");
  }
  const char* name = has_application ? "application_id" : "registration_id";
  if (!body[name].is_number_integer() || body[name].get<std::int64_t>() < 1) {
    return Problem("field_type", std::string("/") + name);
  }
  const std::int64_t id = body[name].get<std::int64_t>();
  auto register_kind = domain::ApplicationKind::kAuditBody;
  if (body.contains("register")) {
    if (!body["register"].is_string()) {
      return Problem("field_type", "/register");
    }
    const auto parsed = domain::ApplicationKindFromString(body["register"].get<std::string>());
    if (!parsed) {
      return Problem("field_invalid", "/register");
    }
    register_kind = *parsed;
  }
  out = has_application ? domain::AgendaItem::ForApplication(register_kind, domain::ApplicationId(id))
                        : domain::AgendaItem::ForRegistration(register_kind, domain::RegistrationId(id));
  return std::nullopt;
}

json DossierToJson(const storage::AuditBodyDossier& dossier) {
  json auditors = json::array();
  for (const auto& auditor : dossier.content.auditors) {
    auditors.push_back(AuditorToJson(auditor));
  }
  json documents = json::array();
  for (const auto& id : dossier.content.documents) {
    documents.push_back(id.value());
  }
  return json{{"legal_form", domain::ToString(dossier.content.legal_form)},
              {"auditors", auditors},
              {"quality_control", dossier.content.quality_control},
              {"independence_policy", dossier.content.independence_policy},
              {"documents", documents},
              {"contact_email", dossier.contact_email},
              {"contact_phone", dossier.contact_phone}};
}

json ApplicationToJson(const domain::Application& a) {
  return json{
      {"id", a.id.value()},
      {"kind", domain::ToString(a.kind)},
      {"purpose", domain::ToString(a.purpose)},
      {"applicant_id", a.applicant.value()},
      {"registration_id", a.registration_id ? json(a.registration_id->value()) : json(nullptr)},
      {"state", domain::ToString(a.state)},
      {"version", a.version},
      {"state_since", core::FormatRfc3339(a.state_since)},
      {"recommendation", a.recommendation ? json{{"outcome", domain::ToString(a.recommendation->outcome)},
                                                 {"note", a.recommendation->note}}
                                          : json(nullptr)},
      {"meeting_id", a.meeting_id ? json(a.meeting_id->value()) : json(nullptr)},
      {"last_reason", TextOrNull(a.last_reason)},
  };
}

json ApplicationViewToJson(const app::AuditBodyApplicationView& view) {
  json out = ApplicationToJson(view.application);
  out["content"] = DossierToJson(view.dossier);
  if (view.evaluation) {
    json items = json::array();
    for (const auto& item : view.evaluation->items) {
      items.push_back(
          json{{"item_id", item.item_id}, {"verdict", domain::ToString(item.verdict)}, {"note", item.note}});
    }
    out["evaluation"] = json{{"requirement_set_version", view.evaluation->requirement_set_version}, {"items", items}};
  } else {
    out["evaluation"] = nullptr;
  }
  json available = json::array();
  for (const auto command : view.available) {
    available.push_back(domain::ToString(command));
  }
  out["available"] = available;
  return out;
}

json QueueEntryToJson(const app::QueueEntry& entry) {
  json out = ApplicationToJson(entry.application);
  out["applicant_name_ja"] = entry.applicant_name_ja;
  out["applicant_name_en"] = entry.applicant_name_en;
  out["days_waiting"] = entry.days_waiting;
  out["overdue"] = entry.overdue;
  return out;
}

json MeetingToJson(const domain::Meeting& meeting, int quorum) {
  json members = json::array();
  for (const auto& id : meeting.members_present) {
    members.push_back(id.value());
  }
  json agenda = json::array();
  for (const auto& item : meeting.agenda) {
    json entry = ItemToJson(item);
    entry["decision"] = nullptr;
    if (const auto decision = domain::FindDecision(meeting, item)) {
      entry["decision"] = json{{"outcome", domain::ToString(decision->outcome)},
                               {"reason", decision->reason},
                               {"decided_at", core::FormatRfc3339(decision->decided_at)}};
    }
    agenda.push_back(std::move(entry));
  }
  return json{{"id", meeting.id.value()},
              {"date", domain::FormatDate(meeting.date)},
              {"members_present", members},
              {"quorum", quorum},
              {"agenda", agenda}};
}

json RegistrationToJson(const domain::Registration& r) {
  return json{{"id", r.id.value()},
              {"organization_id", r.holder.value()},
              {"registration_number", r.number},
              {"registered_on", domain::FormatDate(r.registered_on)},
              {"valid_until", domain::FormatDate(r.valid_until)},
              {"state", domain::ToString(r.state)},
              {"pending_renewal", r.pending_renewal ? json(r.pending_renewal->value()) : json(nullptr)},
              {"version", r.version}};
}

json RegistrationRecordToJson(const app::RegistrationRecord& record) {
  json out = RegistrationToJson(record.registration);
  out["status"] = domain::ToString(record.status);
  json history = json::array();
  for (const auto& interval : record.history) {
    history.push_back(json{{"from", domain::FormatDate(interval.from)},
                           {"to", interval.to ? json(domain::FormatDate(*interval.to)) : json(nullptr)},
                           {"state", domain::ToString(interval.state)}});
  }
  out["history"] = history;
  return out;
}

tabular::Table PublicAuditBodiesTable(const std::vector<app::PublicAuditBody>& bodies) {
  tabular::Table table;
  table.rows.push_back({"registration_number", "name_ja", "name_en", "registered_on", "valid_until", "status",
                        "contact_email", "contact_phone"});
  for (const auto& b : bodies) {
    table.rows.push_back({b.number, b.name_ja, b.name_en, domain::FormatDate(b.registered_on),
                          domain::FormatDate(b.valid_until), std::string(domain::ToString(b.status)), b.contact_email,
                          b.contact_phone});
  }
  return table;
}

json PublicAuditBodyToJson(const app::PublicAuditBody& body) {
  return json{
      {"registration_id", body.registration_id.value()},
      {"organization_id", body.holder.value()},
      {"name_ja", body.name_ja},
      {"name_en", body.name_en},
      {"registration_number", body.number},
      {"registered_on", domain::FormatDate(body.registered_on)},
      {"valid_until", domain::FormatDate(body.valid_until)},
      {"status", domain::ToString(body.status)},
      {"contact_email", TextOrNull(body.contact_email)},
      {"contact_phone", TextOrNull(body.contact_phone)},
  };
}

}  // namespace ismap::http::api
