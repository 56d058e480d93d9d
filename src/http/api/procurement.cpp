// /api/v1/profiles and /api/v1/procurement-checks (issue 9; app/procurement.hpp): an agency's
// requirement profiles and the checks it ran against the cloud service list.
//   GET  /api/v1/profiles                        the caller's agency's profiles, newest first
//   POST /api/v1/profiles                        201, the profile, Location
//   GET  /api/v1/profiles/{id}                   the profile with every control it requires
//   PUT  /api/v1/profiles/{id}                   the whole profile with the "version" it was read at
//   POST /api/v1/procurement-checks {"profile", "save"?}
//        runs the check on today's list: saved as a record (201, Location) unless "save" is false
//        (200, a preview with a null id)
//   GET  /api/v1/procurement-checks              the agency's saved checks, newest first
//   GET  /api/v1/procurement-checks/{id}[?format=json|csv|xlsx]
//        the record exactly as it was saved; CSV (UTF-8 with a BOM) and XLSX one row per gap
// Only the agency's members and CISO reach these routes; another agency's profile or check is 404,
// as one that does not exist. Bad input is 400 with the field's JSON pointer: field_missing,
// field_type, field_unknown, field_invalid (an enum or a date), and the domain's profile.* rules
// (profile.unknown_control and profile.duplicate_control point at the line of "added").
#include <nlohmann/json.hpp>

#include "app/procurement_json.hpp"
#include "domain/date.hpp"
#include "http/api/cloud_service_routes.hpp"
#include "http/api/downloads.hpp"
#include "http/api/procurement_export.hpp"

namespace ismap::http::api {
namespace {

using namespace cloud_routes;  // Handle, Call, Answer, Refused, NoStore and the route needs
using nlohmann::json;

std::optional<FieldProblem> ReadString(const json& body, const char* name, const std::string& pointer, std::string& out,
                                       bool required) {
  if (!body.contains(name)) {
    return required ? std::optional<FieldProblem>(FieldProblem{"field_missing", pointer + "/" + name}) : std::nullopt;
  }
  if (!body[name].is_string()) {
    return FieldProblem{"field_type", pointer + "/" + name};
  }
  out = body[name].get<std::string>();
  return std::nullopt;
}

// An array of strings at body[name], each turned into a T by `parse` (field_invalid when it cannot).
template <class T, class Parse>
std::optional<FieldProblem> ReadList(const json& body, const char* name, const std::string& pointer,
                                     std::vector<T>& out, Parse parse) {
  if (!body.contains(name)) {
    return std::nullopt;
  }
  const std::string at = pointer + "/" + name;
  if (!body[name].is_array()) {
    return FieldProblem{"field_type", at};
  }
  for (std::size_t i = 0; i < body[name].size(); ++i) {
    const json& value = body[name][i];
    if (!value.is_string()) {
      return FieldProblem{"field_type", at + "/" + std::to_string(i)};
    }
    auto parsed = parse(value.get<std::string>());
    if (!parsed) {
      return FieldProblem{"field_invalid", at + "/" + std::to_string(i)};
    }
    out.push_back(std::move(*parsed));
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadAdded(const json& body, std::vector<domain::ControlRef>& out) {
  if (!body.contains("added")) {
    return std::nullopt;
  }
  if (!body["added"].is_array()) {
    return FieldProblem{"field_type", "/added"};
  }
  for (std::size_t i = 0; i < body["added"].size(); ++i) {
    const json& line = body["added"][i];
    const std::string at = "/added/" + std::to_string(i);
    if (!line.is_object()) {
      return FieldProblem{"field_type", at};
    }
    if (auto p = RejectUnknown(line, {"edition", "control"}, at)) {
      return p;
    }
    domain::ControlRef ref;
    if (auto p = ReadString(line, "edition", at, ref.edition_key, true)) {
      return p;
    }
    if (auto p = ReadString(line, "control", at, ref.control_id, true)) {
      return p;
    }
    out.push_back(std::move(ref));
  }
  return std::nullopt;
}

std::optional<FieldProblem> ReadConditions(const json& body, domain::ProfileConditions& out) {
  if (!body.contains("conditions")) {
    return std::nullopt;
  }
  const json& c = body["conditions"];
  if (!c.is_object()) {
    return FieldProblem{"field_type", "/conditions"};
  }
  if (auto p = RejectUnknown(c, {"models", "regions", "track", "valid_through"}, "/conditions")) {
    return p;
  }
  if (auto p = ReadList(c, "models", "/conditions", out.models, domain::ServiceModelFromString)) {
    return p;
  }
  if (auto p = ReadList(c, "regions", "/conditions", out.regions,
                        [](const std::string& text) { return std::optional<std::string>(text); })) {
    return p;
  }
  if (c.contains("track") && !c["track"].is_null()) {
    if (!c["track"].is_string()) {
      return FieldProblem{"field_type", "/conditions/track"};
    }
    out.track = domain::TrackFromString(c["track"].get<std::string>());
    if (!out.track) {
      return FieldProblem{"field_invalid", "/conditions/track"};
    }
  }
  if (c.contains("valid_through") && !c["valid_through"].is_null()) {
    if (!c["valid_through"].is_string()) {
      return FieldProblem{"field_type", "/conditions/valid_through"};
    }
    auto day = domain::ParseDate(c["valid_through"].get<std::string>());
    if (!day) {
      return FieldProblem{"field_invalid", "/conditions/valid_through"};
    }
    out.valid_through = *day;
  }
  return std::nullopt;
}

// {"name", "purpose"?, "edition", "baseline"? ("ismap", the default, or "liu"), "added"?:
// [{"edition", "control"}], "conditions"?: {"models"?, "regions"?, "track"?, "valid_through"?}}
// and "version" when `allow_version` (read separately).
std::optional<FieldProblem> ReadProfile(const json& body, app::ProfileInput& out, bool allow_version) {
  if (!body.is_object()) {
    return FieldProblem{"field_type", ""};
  }
  if (auto p = allow_version
                   ? RejectUnknown(body, {"version", "name", "purpose", "edition", "baseline", "added", "conditions"})
                   : RejectUnknown(body, {"name", "purpose", "edition", "baseline", "added", "conditions"})) {
    return p;
  }
  if (auto p = ReadString(body, "name", "", out.name, true)) {
    return p;
  }
  if (auto p = ReadString(body, "purpose", "", out.purpose, false)) {
    return p;
  }
  if (auto p = ReadString(body, "edition", "", out.edition_key, true)) {
    return p;
  }
  std::string baseline = "ismap";
  if (auto p = ReadString(body, "baseline", "", baseline, false)) {
    return p;
  }
  const auto track = domain::TrackFromString(baseline);
  if (!track) {
    return FieldProblem{"field_invalid", "/baseline"};
  }
  out.baseline = *track;
  if (auto p = ReadAdded(body, out.added)) {
    return p;
  }
  return ReadConditions(body, out.conditions);
}

// A refusal of the profile rules, pointing at its field: for a control of "added" that no catalog
// holds or that is given twice, at its line (the use case's message names edition and control).
Response ProfileRefused(const Request& request, const core::Error& error, const app::ProfileInput& input) {
  const std::string_view field = domain::ProfileProblemField(error.reason);
  if (error.code != core::ErrorCode::kInvalidArgument || field.empty()) {
    return ErrorResponse(error, request);
  }
  std::string pointer = (field == "regions" || field == "models" ? "/conditions/" : "/") + std::string(field);
  if (error.reason == "profile.unknown_control" || error.reason == "profile.duplicate_control") {
    const bool second = error.reason == "profile.duplicate_control";
    bool seen = false;
    for (std::size_t i = 0; i < input.added.size(); ++i) {
      const auto& ref = input.added[i];
      const bool named = error.message.find(ref.edition_key) != std::string::npos &&
                         (error.message.find("no catalog") != std::string::npos ||
                          error.message.find(ref.control_id) != std::string::npos);
      if (named && (!second || seen)) {
        pointer += "/" + std::to_string(i);
        break;
      }
      seen = seen || named;
    }
  }
  return ErrorResponse(400, error.reason, error.reason, request.language, request.request_id, pointer);
}

template <class Fn>
Response SavedProfile(const Request& request, const app::ProfileInput& input, Fn save, int status) {
  auto saved = save();
  if (!saved) {
    return ProfileRefused(request, saved.error(), input);
  }
  Response response = NoStore(status, app::ProfileJson(*saved), saved->version);
  if (status == 201) {
    response.headers.emplace_back("Location", "/api/v1/profiles/" + std::to_string(saved->id.value()));
  }
  return response;
}

json ProfileViewJson(const app::ProfileView& view) {
  json out = app::ProfileJson(view.profile);
  json requirements = json::array();
  for (const auto& line : view.requirements) {
    requirements.push_back({{"control_id", line.control_id},
                            {"title_ja", line.title_ja},
                            {"title_en", line.title_en},
                            {"from", line.from},
                            {"detailed", line.detailed}});
  }
  out["requirement_count"] = requirements.size();
  out["requirements"] = std::move(requirements);
  return out;
}

// A check as the record's own text (app::CheckJsonText), never cached.
Response CheckAnswer(int status, const domain::ProcurementCheck& check) {
  Response response = Response::Json(status, app::CheckJsonText(check));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

json CheckSummaryJson(const domain::CheckSummary& s) {
  return {{"id", s.id.value()},
          {"profile", s.profile.value()},
          {"profile_name", s.profile_name},
          {"checked_on", domain::FormatDate(s.checked_on)},
          {"checked_at", core::FormatRfc3339(s.checked_at)},
          {"checked_by", s.checked_by},
          {"counts", {{"meets", s.meets}, {"unconfirmed", s.unconfirmed}, {"misses", s.misses}}}};
}

void RegisterProfileRoutes(Router& router, ApiContext& context) {
  constexpr auto kManage = app::Action::kManageProfiles;
  router.Add(Method::kGet, "/api/v1/profiles", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kNothing, [&](Call& in) {
      return Answer(request, context.services.procurement().ListProfiles(in.caller.principal),
                    [](const std::vector<domain::Profile>& profiles) {
                      json items = json::array();
                      for (const auto& profile : profiles) {
                        items.push_back(app::ProfileJson(profile));
                      }
                      return json{{"items", items}};
                    });
    });
  });
  router.Add(Method::kPost, "/api/v1/profiles", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kBody, [&](Call& in) {
      app::ProfileInput input;
      if (auto problem = ReadProfile(in.body, input, false)) {
        return Refused(request, *problem);
      }
      return SavedProfile(
          request, input, [&] { return context.services.procurement().CreateProfile(in.caller.principal, input); },
          201);
    });
  });
  router.Add(Method::kGet, "/api/v1/profiles/{id}", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kId, [&](Call& in) {
      return Answer(request, context.services.procurement().GetProfile(in.caller.principal, domain::ProfileId(in.id)),
                    ProfileViewJson);
    });
  });
  router.Add(Method::kPut, "/api/v1/profiles/{id}", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kId | kBody, [&](Call& in) {
      app::ProfileInput input;
      if (auto problem = ReadProfile(in.body, input, true)) {
        return Refused(request, *problem);
      }
      std::int64_t version = 0;
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      return SavedProfile(
          request, input,
          [&] {
            return context.services.procurement().UpdateProfile(in.caller.principal, domain::ProfileId(in.id), version,
                                                                input);
          },
          200);
    });
  });
}

void RegisterCheckRoutes(Router& router, ApiContext& context) {
  constexpr auto kRun = app::Action::kRunProcurementChecks;
  router.Add(Method::kPost, "/api/v1/procurement-checks", kRun, [&context](const Request& request) {
    return Handle(request, context, kRun, kBody, [&](Call& in) {
      if (!in.body.is_object()) {
        return Refused(request, {"field_type", ""});
      }
      if (auto problem = RejectUnknown(in.body, {"profile", "save"})) {
        return Refused(request, *problem);
      }
      std::int64_t profile = 0;
      if (auto problem = ReadId(in.body, "profile", profile)) {
        return Refused(request, *problem);
      }
      bool save = true;
      if (in.body.contains("save")) {
        if (!in.body["save"].is_boolean()) {
          return Refused(request, {"field_type", "/save"});
        }
        save = in.body["save"].get<bool>();
      }
      auto& procurement = context.services.procurement();
      const app::Principal& principal = in.caller.principal;
      if (!save) {  // a preview: not saved, so its id is null
        auto check = procurement.Evaluate(principal, domain::ProfileId(profile));
        return check ? CheckAnswer(200, *check) : ErrorResponse(check.error(), request);
      }
      std::string record;
      auto check = procurement.RunCheck(principal, domain::ProfileId(profile), &record);
      if (!check) {
        return ErrorResponse(check.error(), request);
      }
      Response response = Response::Json(201, std::move(record));
      response.headers.emplace_back("Cache-Control", "no-store");
      response.headers.emplace_back("Location", "/api/v1/procurement-checks/" + std::to_string(check->id.value()));
      return response;
    });
  });
  router.Add(Method::kGet, "/api/v1/procurement-checks", kRun, [&context](const Request& request) {
    return Handle(request, context, kRun, kNothing, [&](Call& in) {
      return Answer(request, context.services.procurement().ListChecks(in.caller.principal),
                    [](const std::vector<domain::CheckSummary>& checks) {
                      json items = json::array();
                      for (const auto& check : checks) {
                        items.push_back(CheckSummaryJson(check));
                      }
                      return json{{"items", items}};
                    });
    });
  });
  router.Add(Method::kGet, "/api/v1/procurement-checks/{id}", kRun, [&context](const Request& request) {
    return Handle(request, context, kRun, kId, [&](Call& in) {
      for (const auto& [name, value] : request.query) {
        if (name != "format" && name != "lang") {
          return ErrorResponse(400, "unknown_parameter", "error.unknown_parameter", request.language,
                               request.request_id, "/" + name);
        }
      }
      const std::string format(request.Query("format"));
      if (!format.empty() && format != "json" && format != "csv" && format != "xlsx") {
        return BadParameter(request, "/format");
      }
      auto check = context.services.procurement().GetCheck(in.caller.principal, domain::ProcurementCheckId(in.id));
      if (!check) {
        return ErrorResponse(check.error(), request);
      }
      if (format.empty() || format == "json") {
        return CheckAnswer(200, *check);
      }
      auto download = TableDownload(CheckTable(*check, request.language), format, "procurement-check",
                                    "procurement-check-" + std::to_string(in.id));
      if (!download) {
        return ErrorResponse(download.error(), request);
      }
      download->headers.emplace_back("Cache-Control", "no-store");
      return std::move(*download);
    });
  });
}

}  // namespace

void RegisterProcurementRoutes(Router& router, ApiContext& context) {
  RegisterProfileRoutes(router, context);
  RegisterCheckRoutes(router, context);
}

}  // namespace ismap::http::api
