#include "http/api/measures_json.hpp"

#include "domain/date.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

std::optional<FieldProblem> ReadText(const json& body, const char* name, std::string& out, bool required) {
  const std::string at = std::string("/") + name;
  if (!body.contains(name)) {
    return required ? std::optional<FieldProblem>(FieldProblem{"field_missing", at}) : std::nullopt;
  }
  if (!body[name].is_string()) {
    return FieldProblem{"field_type", at};
  }
  out = body[name].get<std::string>();
  return std::nullopt;
}

std::optional<FieldProblem> ReadDay(const json& body, const char* name, domain::Date& out) {
  std::string text;
  if (auto p = ReadText(body, name, text, true)) {
    return p;
  }
  const auto date = domain::ParseDate(text);
  if (!date) {
    return FieldProblem{"field_invalid", std::string("/") + name};
  }
  out = *date;
  return std::nullopt;
}

std::optional<FieldProblem> ReadItems(const json& body, std::vector<domain::ConfirmationItem>& out) {
  out.clear();
  if (!body.contains("items")) {
    return std::nullopt;
  }
  if (!body["items"].is_array()) {
    return FieldProblem{"field_type", "/items"};
  }
  for (std::size_t i = 0; i < body["items"].size(); ++i) {
    const json& item = body["items"][i];
    const std::string at = "/items/" + std::to_string(i);
    if (!item.is_object()) {
      return FieldProblem{"field_type", at};
    }
    if (auto p = RejectUnknown(item, {"control_id", "mark", "note"}, at)) {
      return p;
    }
    domain::ConfirmationItem read;
    std::string mark;
    for (auto [name, field, required] :
         {std::tuple<const char*, std::string*, bool>{"control_id", &read.control_id, true},
          {"mark", &mark, true},
          {"note", &read.note, false}}) {
      if (!item.contains(name)) {
        if (required) {
          return FieldProblem{"field_missing", at + "/" + name};
        }
        continue;
      }
      if (!item[name].is_string()) {
        return FieldProblem{"field_type", at + "/" + name};
      }
      *field = item[name].get<std::string>();
    }
    const auto parsed = domain::ItemMarkFromString(mark);
    if (!parsed) {
      return FieldProblem{"field_invalid", at + "/mark"};
    }
    read.mark = *parsed;
    out.push_back(std::move(read));
  }
  return std::nullopt;
}

json OptionalTime(const std::optional<core::TimePoint>& t) { return t ? json(core::FormatRfc3339(*t)) : json(nullptr); }

}  // namespace

std::optional<FieldProblem> ReadMeasure(const json& body, domain::TransitionalMeasure& out, bool allow_version) {
  if (!body.is_object()) {
    return FieldProblem{"field_type", ""};
  }
  if (auto p = allow_version
                   ? RejectUnknown(body, {"version", "title_ja", "title_en", "description_ja", "description_en",
                                          "effective_from", "effective_until", "relaxations"})
                   : RejectUnknown(body, {"title_ja", "title_en", "description_ja", "description_en", "effective_from",
                                          "effective_until", "relaxations"})) {
    return p;
  }
  for (auto [name, field] : {std::pair<const char*, std::string*>{"title_ja", &out.title_ja},
                             {"title_en", &out.title_en},
                             {"description_ja", &out.description_ja},
                             {"description_en", &out.description_en}}) {
    if (auto p = ReadText(body, name, *field, false)) {
      return p;
    }
  }
  if (auto p = ReadDay(body, "effective_from", out.effective_from)) {
    return p;
  }
  if (auto p = ReadDay(body, "effective_until", out.effective_until)) {
    return p;
  }
  if (!body.contains("relaxations")) {
    return FieldProblem{"field_missing", "/relaxations"};
  }
  if (!body["relaxations"].is_array()) {
    return FieldProblem{"field_type", "/relaxations"};
  }
  out.relaxations.clear();
  for (std::size_t i = 0; i < body["relaxations"].size(); ++i) {
    const json& value = body["relaxations"][i];
    const auto relaxation = value.is_string() ? domain::RelaxationFromString(value.get<std::string>()) : std::nullopt;
    if (!relaxation) {
      return FieldProblem{value.is_string() ? "field_invalid" : "field_type", "/relaxations/" + std::to_string(i)};
    }
    out.relaxations.push_back(*relaxation);
  }
  return std::nullopt;
}

json MeasureToJson(const domain::TransitionalMeasure& m) {
  json relaxations = json::array();
  for (const auto r : m.relaxations) {
    relaxations.push_back(std::string(domain::ToString(r)));
  }
  return json{{"id", m.id.value()},
              {"title_ja", m.title_ja},
              {"title_en", m.title_en},
              {"description_ja", m.description_ja},
              {"description_en", m.description_en},
              {"effective_from", domain::FormatDate(m.effective_from)},
              {"effective_until", domain::FormatDate(m.effective_until)},
              {"relaxations", relaxations},
              {"version", m.version},
              {"created_at", core::FormatRfc3339(m.created_at)}};
}

std::optional<FieldProblem> ReadUnregisteredInput(const json& body, app::UnregisteredServiceInput& out,
                                                  bool allow_edition, bool allow_version) {
  if (!body.is_object()) {
    return FieldProblem{"field_type", ""};
  }
  std::vector<const char*> known = {"name_ja", "name_en", "provider_name", "model", "regions",
                                    "url",     "notes",   "need",          "items"};
  if (allow_edition) {
    known.push_back("edition");
  }
  if (allow_version) {
    known.push_back("version");
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) == known.end()) {
      return FieldProblem{"field_unknown", "/" + key};
    }
  }
  auto& info = out.info;
  for (auto [name, field, required] : {std::tuple<const char*, std::string*, bool>{"name_ja", &info.name_ja, false},
                                       {"name_en", &info.name_en, false},
                                       {"provider_name", &info.provider_name, true},
                                       {"url", &info.url, false},
                                       {"notes", &info.notes, false},
                                       {"need", &info.need, true}}) {
    if (auto p = ReadText(body, name, *field, required)) {
      return p;
    }
  }
  if (body.contains("model")) {
    const auto model =
        body["model"].is_string() ? domain::ServiceModelFromString(body["model"].get<std::string>()) : std::nullopt;
    if (!model) {
      return FieldProblem{body["model"].is_string() ? "field_invalid" : "field_type", "/model"};
    }
    info.model = *model;
  }
  if (!body.contains("regions")) {
    return FieldProblem{"field_missing", "/regions"};
  }
  if (!body["regions"].is_array()) {
    return FieldProblem{"field_type", "/regions"};
  }
  info.regions.clear();
  for (std::size_t i = 0; i < body["regions"].size(); ++i) {
    if (!body["regions"][i].is_string()) {
      return FieldProblem{"field_type", "/regions/" + std::to_string(i)};
    }
    info.regions.push_back(body["regions"][i].get<std::string>());
  }
  if (allow_edition && body.contains("edition")) {
    std::string key;
    if (auto p = ReadText(body, "edition", key, true)) {
      return p;
    }
    out.edition_key = key;
  }
  return ReadItems(body, out.items);
}

json UnregisteredSummaryToJson(const app::UnregisteredServiceView& view) {
  const auto& r = view.record;
  return json{
      {"id", r.id.value()},
      {"agency", {{"id", r.agency.value()}, {"name_ja", view.agency_name_ja}, {"name_en", view.agency_name_en}}},
      {"name_ja", r.info.name_ja},
      {"name_en", r.info.name_en},
      {"provider_name", r.info.provider_name},
      {"model", domain::ToString(r.info.model)},
      {"edition", view.edition_key},
      {"state", domain::ToString(r.state)},
      {"returned", !r.return_reason.empty()},
      {"confirmation_date", domain::FormatDate(r.confirmation_date)},
      {"measure", r.measure ? json(r.measure->value()) : json(nullptr)},
      {"submitted_at", OptionalTime(r.submitted_at)},
      {"approved_at", OptionalTime(r.approved_at)},
      {"version", r.version},
      {"updated_at", core::FormatRfc3339(r.updated_at)}};
}

json UnregisteredViewToJson(const app::UnregisteredServiceView& view) {
  const auto& r = view.record;
  json out = UnregisteredSummaryToJson(view);
  out["regions"] = r.info.regions;
  out["url"] = r.info.url;
  out["notes"] = r.info.notes;
  out["need"] = r.info.need;
  out["return_reason"] = r.return_reason;
  out["created_by"] = r.created_by.value();
  out["approved_by"] = r.approved_by ? json(r.approved_by->value()) : json(nullptr);
  out["created_at"] = core::FormatRfc3339(r.created_at);
  out["measure_applied"] = view.measure ? MeasureToJson(*view.measure) : json(nullptr);
  json items = json::array();
  for (const auto& item : r.items) {
    items.push_back({{"control_id", item.control_id}, {"mark", domain::ToString(item.mark)}, {"note", item.note}});
  }
  out["items"] = std::move(items);
  json findings = json::array();
  for (const auto& f : view.findings) {
    findings.push_back({{"control_id", f.control_id.empty() ? json(nullptr) : json(f.control_id)}, {"code", f.code}});
  }
  out["findings"] = std::move(findings);
  out["may_edit"] = view.may_edit;
  out["may_approve"] = view.may_approve;
  return out;
}

}  // namespace ismap::http::api
