// Reading the cloud service register's request bodies (cloud_service_json.hpp): every refusal names
// the JSON pointer of the field.
#include "http/api/cloud_service_json.hpp"

#include "domain/date.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

FieldProblem Problem(const char* code, const std::string& pointer) { return {code, pointer}; }

// body[name] as a string; missing is a problem only when `required`.
std::optional<FieldProblem> ReadText(const json& body, const char* name, const std::string& pointer, std::string& out,
                                     bool required) {
  const std::string at = pointer + "/" + name;
  if (!body.contains(name)) {
    return required ? std::optional<FieldProblem>(Problem("field_missing", at)) : std::nullopt;
  }
  if (!body[name].is_string()) {
    return Problem("field_type", at);
  }
  out = body[name].get<std::string>();
  return std::nullopt;
}

std::optional<FieldProblem> ReadBool(const json& body, const char* name, const std::string& pointer, bool& out,
                                     bool required) {
  const std::string at = pointer + "/" + name;
  if (!body.contains(name)) {
    return required ? std::optional<FieldProblem>(Problem("field_missing", at)) : std::nullopt;
  }
  if (!body[name].is_boolean()) {
    return Problem("field_type", at);
  }
  out = body[name].get<bool>();
  return std::nullopt;
}

// An optional enum at body[name], read with `parse`.
template <class Parse, class T>
std::optional<FieldProblem> ReadEnum(const json& body, const char* name, const std::string& pointer, Parse parse,
                                     T& out) {
  std::string text;
  if (!body.contains(name)) {
    return std::nullopt;
  }
  if (auto p = ReadText(body, name, pointer, text, true)) {
    return p;
  }
  const auto parsed = parse(text);
  if (!parsed) {
    return Problem("field_invalid", pointer + "/" + name);
  }
  out = *parsed;
  return std::nullopt;
}

// An optional id at body[name]: absent or null leaves `out` empty.
template <class Id>
std::optional<FieldProblem> ReadOptionalId(const json& body, const char* name, const std::string& pointer,
                                           std::optional<Id>& out) {
  out.reset();
  if (!body.contains(name) || body[name].is_null()) {
    return std::nullopt;
  }
  if (!body[name].is_number_integer() || body[name].get<std::int64_t>() < 1) {
    return Problem("field_type", pointer + "/" + name);
  }
  out = Id(body[name].get<std::int64_t>());
  return std::nullopt;
}

std::optional<FieldProblem> ReadEntry(const json& value, const std::string& pointer, domain::StatementEntry& out) {
  if (auto p = RejectUnknown(value, {"control_id", "adopted", "reason", "implementation"}, pointer)) {
    return p;
  }
  if (auto p = ReadText(value, "control_id", pointer, out.control_id, true)) {
    return p;
  }
  if (auto p = ReadBool(value, "adopted", pointer, out.adopted, true)) {
    return p;
  }
  if (auto p = ReadText(value, "reason", pointer, out.reason, false)) {
    return p;
  }
  return ReadText(value, "implementation", pointer, out.implementation, false);
}

std::optional<FieldProblem> ReadDisclosures(const json& value, const std::string& pointer, domain::Disclosures& out) {
  if (auto p = RejectUnknown(value,
                             {"capital_and_officers", "foreign_law_risk", "governing_law_and_court",
                              "third_party_tests", "other_certifications"},
                             pointer)) {
    return p;
  }
  for (auto [name, field] : {std::pair<const char*, std::string*>{"capital_and_officers", &out.capital_and_officers},
                             {"foreign_law_risk", &out.foreign_law_risk},
                             {"governing_law_and_court", &out.governing_law_and_court},
                             {"third_party_tests", &out.third_party_tests},
                             {"other_certifications", &out.other_certifications}}) {
    if (auto p = ReadText(value, name, pointer, *field, true)) {
      return p;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<FieldProblem> ReadDate(const json& body, const char* name, const std::string& pointer,
                                     domain::Date& out) {
  std::string text;
  if (auto p = ReadText(body, name, pointer, text, true)) {
    return p;
  }
  const auto date = domain::ParseDate(text);
  if (!date) {
    return Problem("field_invalid", pointer + "/" + name);
  }
  out = *date;
  return std::nullopt;
}

std::optional<FieldProblem> ReadId(const json& body, const char* name, std::int64_t& out) {
  const std::string at = std::string("/") + name;
  if (!body.is_object() || !body.contains(name)) {
    return Problem("field_missing", at);
  }
  if (!body[name].is_number_integer() || body[name].get<std::int64_t>() < 1) {
    return Problem("field_type", at);
  }
  out = body[name].get<std::int64_t>();
  return std::nullopt;
}

std::optional<FieldProblem> ReadService(const json& value, domain::CloudService& out, bool allow_version) {
  if (allow_version) {
    if (auto p = RejectUnknown(
            value, {"version", "name_ja", "name_en", "description", "model", "deployment", "regions", "track"})) {
      return p;
    }
  } else if (auto p = RejectUnknown(value,
                                    {"name_ja", "name_en", "description", "model", "deployment", "regions", "track"})) {
    return p;
  }
  for (auto [name, field] : {std::pair<const char*, std::string*>{"name_ja", &out.name_ja},
                             {"name_en", &out.name_en},
                             {"description", &out.description}}) {
    if (auto p = ReadText(value, name, "", *field, false)) {
      return p;
    }
  }
  if (auto p = ReadEnum(value, "model", "", domain::ServiceModelFromString, out.model)) {
    return p;
  }
  if (auto p = ReadEnum(value, "deployment", "", domain::DeploymentModelFromString, out.deployment)) {
    return p;
  }
  if (auto p = ReadEnum(value, "track", "", domain::TrackFromString, out.track)) {
    return p;
  }
  if (!value.contains("regions")) {
    return Problem("field_missing", "/regions");
  }
  if (!value["regions"].is_array()) {
    return Problem("field_type", "/regions");
  }
  out.regions.clear();
  for (std::size_t i = 0; i < value["regions"].size(); ++i) {
    if (!value["regions"][i].is_string()) {
      return Problem("field_type", "/regions/" + std::to_string(i));
    }
    out.regions.push_back(value["regions"][i].get<std::string>());
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadStatementEdit(const json& body, app::StatementEdit& out) {
  if (auto p = RejectUnknown(body, {"version", "scope", "system_overview", "representative", "audit_period",
                                    "subsequent_events", "entries", "replace_all_entries"})) {
    return p;
  }
  for (auto [name, field] : {std::pair<const char*, std::optional<std::string>*>{"scope", &out.scope},
                             {"system_overview", &out.system_overview},
                             {"representative", &out.representative},
                             {"subsequent_events", &out.subsequent_events}}) {
    if (body.contains(name)) {
      std::string text;
      if (auto p = ReadText(body, name, "", text, true)) {
        return p;
      }
      *field = std::move(text);
    }
  }
  if (body.contains("audit_period")) {
    const json& period = body["audit_period"];
    if (auto p = RejectUnknown(period, {"first", "last"}, "/audit_period")) {
      return p;
    }
    domain::AuditPeriod read;
    if (auto p = ReadDate(period, "first", "/audit_period", read.first)) {
      return p;
    }
    if (auto p = ReadDate(period, "last", "/audit_period", read.last)) {
      return p;
    }
    out.period = read;
  }
  if (body.contains("entries")) {
    if (!body["entries"].is_array()) {
      return Problem("field_type", "/entries");
    }
    for (std::size_t i = 0; i < body["entries"].size(); ++i) {
      domain::StatementEntry entry;
      if (auto p = ReadEntry(body["entries"][i], "/entries/" + std::to_string(i), entry)) {
        return p;
      }
      out.entries.push_back(std::move(entry));
    }
  }
  return ReadBool(body, "replace_all_entries", "", out.replace_all_entries, false);
}

std::optional<FieldProblem> ReadIndependence(const json& value, const std::string& pointer,
                                             domain::IndependenceDeclaration& out) {
  if (auto p = RejectUnknown(value, {"did_not_help_prepare_statement", "text"}, pointer)) {
    return p;
  }
  if (auto p = ReadBool(value, "did_not_help_prepare_statement", pointer, out.did_not_help_prepare_statement, true)) {
    return p;
  }
  return ReadText(value, "text", pointer, out.text, true);
}

std::optional<FieldProblem> ReadResults(const json& value, const std::string& pointer,
                                        std::vector<domain::ControlResult>& out) {
  if (!value.is_array()) {
    return Problem("field_type", pointer);
  }
  out.clear();
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    const json& item = value[i];
    if (auto p = RejectUnknown(item, {"control_id", "procedure", "design", "operating", "result", "description"}, at)) {
      return p;
    }
    domain::ControlResult result;
    if (auto p = ReadText(item, "control_id", at, result.control_id, true)) {
      return p;
    }
    if (auto p = ReadText(item, "procedure", at, result.procedure, true)) {
      return p;
    }
    if (auto p = ReadBool(item, "design", at, result.design, true)) {
      return p;
    }
    if (auto p = ReadBool(item, "operating", at, result.operating, true)) {
      return p;
    }
    if (!item.contains("result")) {
      return Problem("field_missing", at + "/result");
    }
    if (auto p = ReadEnum(item, "result", at, domain::AuditResultFromString, result.result)) {
      return p;
    }
    if (auto p = ReadText(item, "description", at, result.description, false)) {
      return p;
    }
    out.push_back(std::move(result));
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadApplicationContent(const json& value, const std::string& pointer,
                                                   domain::ServiceApplicationContent& out) {
  if (auto p = RejectUnknown(value, {"service", "statement", "engagement", "disclosures"}, pointer)) {
    return p;
  }
  if (!value.contains("service")) {
    return Problem("field_missing", pointer + "/service");
  }
  std::optional<domain::ServiceId> service;
  if (auto p = ReadOptionalId(value, "service", pointer, service)) {
    return p;
  }
  if (!service) {
    return Problem("field_type", pointer + "/service");
  }
  out.service = *service;
  if (auto p = ReadOptionalId(value, "statement", pointer, out.statement)) {
    return p;
  }
  if (auto p = ReadOptionalId(value, "engagement", pointer, out.engagement)) {
    return p;
  }
  if (!value.contains("disclosures")) {
    return Problem("field_missing", pointer + "/disclosures");
  }
  return ReadDisclosures(value["disclosures"], pointer + "/disclosures", out.disclosures);
}

}  // namespace ismap::http::api
