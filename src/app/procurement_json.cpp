#include "app/procurement_json.hpp"

#include <string_view>
#include <utility>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/date.hpp"

namespace ismap::app {
namespace {

using nlohmann::json;

json Nullable(const std::optional<domain::Date>& date) {
  return date ? json(domain::FormatDate(*date)) : json(nullptr);
}

json AddedJson(const domain::AddedControl& added) {
  return {{"edition", added.edition_key}, {"control", added.control_id}, {"ismap_controls", added.ismap_controls}};
}

// Reading throws (nlohmann's type errors, or Bad) and the two entry points turn any throw into
// storage.corrupt: these documents come only from the writers above.
struct Bad {
  std::string what;
};

template <class T, class F>
T Parsed(std::optional<T> value, F what) {
  if (!value) {
    throw Bad{what()};
  }
  return *value;
}

domain::Date DateOf(const json& value) {
  auto date = domain::ParseDate(value.get<std::string>());
  if (!date) {
    throw Bad{"bad date " + value.dump()};
  }
  return *date;
}

std::optional<domain::Date> OptionalDateOf(const json& value) {
  return value.is_null() ? std::nullopt : std::optional<domain::Date>(DateOf(value));
}

core::TimePoint TimeOf(const json& value) {
  core::TimePoint t;
  if (!core::ParseRfc3339(value.get<std::string>(), &t)) {
    throw Bad{"bad time " + value.dump()};
  }
  return t;
}

domain::AddedControl AddedOf(const json& value) {
  return {value.at("edition").get<std::string>(), value.at("control").get<std::string>(),
          value.at("ismap_controls").get<std::vector<std::string>>()};
}

domain::Profile ProfileOf(const json& j) {
  domain::Profile p;
  p.id = domain::ProfileId(j.at("id").get<std::int64_t>());
  p.agency = domain::OrganizationId(j.at("agency").get<std::int64_t>());
  p.name = j.at("name").get<std::string>();
  p.purpose = j.at("purpose").get<std::string>();
  p.edition_key = j.at("edition").get<std::string>();
  p.baseline = Parsed(domain::TrackFromString(j.at("baseline").get<std::string>()), [] { return "bad baseline"; });
  for (const auto& added : j.at("added")) {
    p.added.push_back(AddedOf(added));
  }
  const json& c = j.at("conditions");
  for (const auto& model : c.at("models")) {
    p.conditions.models.push_back(
        Parsed(domain::ServiceModelFromString(model.get<std::string>()), [] { return "bad model"; }));
  }
  p.conditions.regions = c.at("regions").get<std::vector<std::string>>();
  if (!c.at("track").is_null()) {
    p.conditions.track = Parsed(domain::TrackFromString(c.at("track").get<std::string>()), [] { return "bad track"; });
  }
  p.conditions.valid_through = OptionalDateOf(c.at("valid_through"));
  p.version = j.at("version").get<std::int64_t>();
  p.created_at = TimeOf(j.at("created_at"));
  p.updated_at = TimeOf(j.at("updated_at"));
  return p;
}

// How a check that has no id yet begins (CheckJsonText, WithCheckId).
constexpr std::string_view kNoId = "{\"id\":null,";

// A record holds every service on the list with every gap (10,000 services and 160,000 gaps make
// 13.6 MB in bench/procurement_check.sh), so services are written straight into the text: a
// nlohmann::json tree costs an allocation per value and made saving a check several times slower.
// Field names are ASCII identifiers; values go through core::AppendJsonEscaped.
void AppendString(std::string& out, std::string_view value) {
  out += '"';
  core::AppendJsonEscaped(out, value);
  out += '"';
}

void AppendField(std::string& out, std::string_view name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  AppendString(out, value);
}

void AppendService(std::string& out, const domain::CheckedService& s) {
  out += "{\"service\":";
  out += std::to_string(s.service.value());
  AppendField(out, "name_ja", s.name_ja);
  AppendField(out, "name_en", s.name_en);
  AppendField(out, "provider_name_ja", s.provider_name_ja);
  AppendField(out, "provider_name_en", s.provider_name_en);
  AppendField(out, "number", s.number);
  if (s.status) {
    AppendField(out, "status", domain::ToString(*s.status));
  } else {
    out += ",\"status\":null";
  }
  if (s.valid_until) {
    AppendField(out, "valid_until", domain::FormatDate(*s.valid_until));
  } else {
    out += ",\"valid_until\":null";
  }
  AppendField(out, "track", domain::ToString(s.track));
  AppendField(out, "model", domain::ToString(s.model));
  out += ",\"regions\":[";
  for (std::size_t i = 0; i < s.regions.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    AppendString(out, s.regions[i]);
  }
  out += "],\"disclosed\":";
  out += s.disclosed ? "true" : "false";
  AppendField(out, "outcome", domain::ToString(s.outcome));
  out += ",\"gaps\":[";
  for (std::size_t i = 0; i < s.gaps.size(); ++i) {
    const auto& gap = s.gaps[i];
    out += i > 0 ? ",{\"kind\":" : "{\"kind\":";
    AppendString(out, domain::ToString(gap.kind));
    AppendField(out, "control", gap.control_id);
    AppendField(out, "detail", gap.detail);
    out += '}';
  }
  out += "]}";
}

domain::CheckedService ServiceOf(const json& j) {
  domain::CheckedService s;
  s.service = domain::ServiceId(j.at("service").get<std::int64_t>());
  s.name_ja = j.at("name_ja").get<std::string>();
  s.name_en = j.at("name_en").get<std::string>();
  s.provider_name_ja = j.at("provider_name_ja").get<std::string>();
  s.provider_name_en = j.at("provider_name_en").get<std::string>();
  s.number = j.at("number").get<std::string>();
  if (!j.at("status").is_null()) {
    s.status =
        Parsed(domain::RegistrationStatusFromString(j.at("status").get<std::string>()), [] { return "bad status"; });
  }
  s.valid_until = OptionalDateOf(j.at("valid_until"));
  s.track = Parsed(domain::TrackFromString(j.at("track").get<std::string>()), [] { return "bad track"; });
  s.model = Parsed(domain::ServiceModelFromString(j.at("model").get<std::string>()), [] { return "bad model"; });
  s.regions = j.at("regions").get<std::vector<std::string>>();
  s.disclosed = j.at("disclosed").get<bool>();
  s.outcome = Parsed(domain::CheckOutcomeFromString(j.at("outcome").get<std::string>()), [] { return "bad outcome"; });
  for (const auto& gap : j.at("gaps")) {
    s.gaps.push_back({Parsed(domain::GapKindFromString(gap.at("kind").get<std::string>()), [] { return "bad gap"; }),
                      gap.at("control").get<std::string>(), gap.at("detail").get<std::string>()});
  }
  return s;
}

template <class T, class Read>
core::Result<T> Decode(const std::string& text, Read read, const char* what) {
  try {
    return read(json::parse(text));
  } catch (const Bad& bad) {
    return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::string(what) + ": " + bad.what);
  } catch (const std::exception& e) {
    return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::string(what) + ": " + e.what());
  }
}

}  // namespace

json ProfileJson(const domain::Profile& p) {
  json added = json::array();
  for (const auto& a : p.added) {
    added.push_back(AddedJson(a));
  }
  json models = json::array();
  for (const auto model : p.conditions.models) {
    models.push_back(domain::ToString(model));
  }
  return {{"id", p.id.value()},
          {"agency", p.agency.value()},
          {"name", p.name},
          {"purpose", p.purpose},
          {"edition", p.edition_key},
          {"baseline", domain::ToString(p.baseline)},
          {"added", std::move(added)},
          {"conditions",
           {{"models", std::move(models)},
            {"regions", p.conditions.regions},
            {"track", p.conditions.track ? json(domain::ToString(*p.conditions.track)) : json(nullptr)},
            {"valid_through", Nullable(p.conditions.valid_through)}}},
          {"version", p.version},
          {"created_at", core::FormatRfc3339(p.created_at)},
          {"updated_at", core::FormatRfc3339(p.updated_at)}};
}

core::Result<domain::Profile> ProfileFromJson(const std::string& text) {
  return Decode<domain::Profile>(text, ProfileOf, "profile");
}

std::string CheckJsonText(const domain::ProcurementCheck& c) {
  json unmapped = json::array();
  for (const auto& a : c.unmapped) {
    unmapped.push_back(AddedJson(a));
  }
  json measure = nullptr;
  if (c.measure) {
    measure = {{"id", c.measure->id},
               {"title_ja", c.measure->title_ja},
               {"title_en", c.measure->title_en},
               {"relaxations", c.measure->relaxations}};
  }
  const json head = {{"agency", c.agency.value()},
                     {"checked_on", domain::FormatDate(c.checked_on)},
                     {"checked_at", core::FormatRfc3339(c.checked_at)},
                     {"checked_by", c.checked_by},
                     {"profile", ProfileJson(c.profile)},
                     {"measure", std::move(measure)},
                     {"requirement_count", c.requirement_count},
                     {"unmapped", std::move(unmapped)},
                     {"counts", {{"meets", c.meets}, {"unconfirmed", c.unconfirmed}, {"misses", c.misses}}}};
  // The id first, so that WithCheckId can put in the one a saved record gets from its insert.
  std::string text = c.id.value() > 0 ? "{\"id\":" + std::to_string(c.id.value()) + "," : std::string(kNoId);
  text.reserve(c.services.size() * 1400);
  text += std::string_view(head.dump()).substr(1);
  text.pop_back();  // the closing brace: the services follow
  text += ",\"services\":[";
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    if (i > 0) {
      text += ',';
    }
    AppendService(text, c.services[i]);
  }
  text += "]}";
  return text;
}

std::string WithCheckId(std::string text, domain::ProcurementCheckId id) {
  if (text.starts_with(kNoId)) {
    text.replace(0, kNoId.size(), "{\"id\":" + std::to_string(id.value()) + ",");
  }
  return text;
}

core::Result<domain::ProcurementCheck> CheckFromJson(const std::string& text) {
  return Decode<domain::ProcurementCheck>(
      text,
      [](const json& j) {
        domain::ProcurementCheck c;
        // Stored records are written before the insert gives the id (null then); the row has it.
        if (const json& id = j.at("id"); !id.is_null()) {
          c.id = domain::ProcurementCheckId(id.get<std::int64_t>());
        }
        c.agency = domain::OrganizationId(j.at("agency").get<std::int64_t>());
        c.checked_on = DateOf(j.at("checked_on"));
        c.checked_at = TimeOf(j.at("checked_at"));
        c.checked_by = j.at("checked_by").get<std::string>();
        c.profile = ProfileOf(j.at("profile"));
        if (const json& m = j.at("measure"); !m.is_null()) {
          c.measure = domain::AppliedMeasure{m.at("id").get<std::int64_t>(), m.at("title_ja").get<std::string>(),
                                             m.at("title_en").get<std::string>(),
                                             m.at("relaxations").get<std::vector<std::string>>()};
        }
        c.requirement_count = j.at("requirement_count").get<int>();
        for (const auto& a : j.at("unmapped")) {
          c.unmapped.push_back(AddedOf(a));
        }
        for (const auto& s : j.at("services")) {
          c.services.push_back(ServiceOf(s));
        }
        c.meets = j.at("counts").at("meets").get<int>();
        c.unconfirmed = j.at("counts").at("unconfirmed").get<int>();
        c.misses = j.at("counts").at("misses").get<int>();
        return c;
      },
      "procurement check");
}

}  // namespace ismap::app
