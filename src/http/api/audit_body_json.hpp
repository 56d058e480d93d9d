// The JSON of audit-body applications, meetings and registrations in the API (issue 6), both ways.
// Reading refuses what it does not understand with the JSON pointer of the field, so a client
// learns exactly which field to fix: unknown fields, wrong types, unknown enum values, bad dates.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "app/audit_bodies.hpp"
#include "app/audit_body_views.hpp"
#include "app/committee.hpp"
#include "domain/committee.hpp"
#include "tabular/table.hpp"

namespace ismap::http::api {

// A refused field: the error code ("field_missing", "field_type", "field_unknown", "field_invalid")
// and the JSON pointer.
struct FieldProblem {
  std::string code;
  std::string pointer;
};

// {"legal_form", "auditors": [{"name", "qualifications": [{"kind", "other_name"?, "number",
// "expires_on": "YYYY-MM-DD"|null}]}], "quality_control", "independence_policy", "documents": [ids],
// "contact_email", "contact_phone"} at `pointer`. Every field is required except other_name and
// expires_on, so a client cannot blank one by leaving it out.
std::optional<FieldProblem> ReadDossier(const nlohmann::json& value, const std::string& pointer,
                                        storage::AuditBodyDossier& out);
// {"name", "qualifications": [...]} at `pointer`, as in ReadDossier (also the auditors an audit body
// assigns to a cloud service engagement).
std::optional<FieldProblem> ReadAuditor(const nlohmann::json& value, const std::string& pointer, domain::Auditor& out);
nlohmann::json AuditorToJson(const domain::Auditor& auditor);
// The integer at body["version"] (>= 1).
std::optional<FieldProblem> ReadVersion(const nlohmann::json& body, std::int64_t& out);
// {"application_id": N} or {"registration_id": N}, with "register": "audit_body" (the default) or
// "cloud_service": an agenda item of that register.
std::optional<FieldProblem> ReadAgendaItem(const nlohmann::json& body, domain::AgendaItem& out);
// Fields of `body` not in `known` → field_unknown naming the first.
std::optional<FieldProblem> RejectUnknown(const nlohmann::json& body, std::initializer_list<const char*> known,
                                          const std::string& pointer = "");

nlohmann::json DossierToJson(const storage::AuditBodyDossier& dossier);
nlohmann::json ApplicationToJson(const domain::Application& application);
nlohmann::json ApplicationViewToJson(const app::AuditBodyApplicationView& view);
nlohmann::json QueueEntryToJson(const app::QueueEntry& entry);
nlohmann::json MeetingToJson(const domain::Meeting& meeting, int quorum);
nlohmann::json RegistrationToJson(const domain::Registration& registration);
nlohmann::json RegistrationRecordToJson(const app::RegistrationRecord& record);
nlohmann::json PublicAuditBodyToJson(const app::PublicAuditBody& body);
// The public list as the CSV download's rows, header first.
tabular::Table PublicAuditBodiesTable(const std::vector<app::PublicAuditBody>& bodies);

}  // namespace ismap::http::api
