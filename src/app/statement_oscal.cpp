// A statement as an OSCAL SSP and back, and audit results from and to OSCAL assessment-results.
#include "app/statement_files.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "app/statement_files_internal.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "oscal/catalog_convert.hpp"
#include "oscal/oscal_validator.hpp"
#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"

namespace ismap::app {
namespace {

using namespace statement_files_internal;  // NOLINT: this file's own helpers

// ---- OSCAL helpers ----

std::string FindingsText(const std::string& file, const std::vector<oscal::Finding>& findings) {
  std::string out;
  for (std::size_t i = 0; i < findings.size() && i < kMaxFindingsShown; ++i) {
    out += fmt::format("\n  {}: {} [{}] {}", file, findings[i].pointer.empty() ? "/" : findings[i].pointer,
                       findings[i].rule, findings[i].message);
  }
  if (findings.size() > kMaxFindingsShown) {
    out += fmt::format("\n  ... and {} more", findings.size() - kMaxFindingsShown);
  }
  return out;
}

std::vector<oscal::Finding> Errors(std::vector<oscal::Finding> findings) {
  std::vector<oscal::Finding> errors;
  for (auto& finding : findings) {
    if (finding.severity == oscal::Finding::Severity::kError) {
      errors.push_back(std::move(finding));
    }
  }
  return errors;
}

// Validates `text` against the OSCAL schema and parses it; `model` is the root member expected.
core::Result<Json> ReadOscal(std::string_view text, const std::string& file, std::string_view model) {
  ISMAP_ASSIGN_OR_RETURN(auto findings, oscal::ValidateOscalText(text));
  const auto errors = Errors(std::move(findings));
  if (!errors.empty()) {
    return Invalid(
        "statement_file.invalid_oscal",
        fmt::format("{}: not a valid OSCAL document ({} findings):", file, errors.size()) + FindingsText(file, errors));
  }
  Json json = Json::parse(text.begin(), text.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Invalid("statement_file.invalid_oscal", file + ": not a JSON object");
  }
  if (!json.contains(std::string(model))) {
    const std::string found = json.empty() ? std::string("nothing") : json.begin().key();
    return Invalid("statement_file.wrong_model",
                   fmt::format("{}: an OSCAL {} is expected, the file holds a {}", file, model, found));
  }
  return json;
}

// Self-check of what this program writes: an invalid export is a defect.
core::Result<void> CheckExport(const std::string& text, std::string_view what) {
  ISMAP_ASSIGN_OR_RETURN(auto findings, oscal::ValidateOscalText(text));
  const auto errors = Errors(std::move(findings));
  if (!errors.empty()) {
    return core::MakeError(
        core::ErrorCode::kInternal, "statement_file.export_invalid",
        fmt::format("the {} written does not validate:", what) + FindingsText(std::string(what), errors));
  }
  return core::Ok();
}

std::string StringAt(const Json& object, const char* member) {
  if (!object.is_object()) {
    return "";
  }
  auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& ArrayAt(const Json& object, const char* member) {
  static const Json kEmpty = Json::array();
  if (!object.is_object()) {
    return kEmpty;
  }
  auto it = object.find(member);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

// The value of the ISMAP-namespace prop `name`, if any.
std::optional<std::string> IsmapProp(const Json& object, std::string_view name) {
  for (const auto& prop : ArrayAt(object, "props")) {
    if (StringAt(prop, "ns") == oscal::kIsmapPropNamespace && StringAt(prop, "name") == name) {
      return StringAt(prop, "value");
    }
  }
  return std::nullopt;
}

Json IsmapPropJson(std::string_view name, std::string_view value) {
  return Json{{"name", name}, {"ns", oscal::kIsmapPropNamespace}, {"value", value}};
}

void AppendParagraph(std::string* out, const std::string& text) {
  if (text.empty()) {
    return;
  }
  if (!out->empty()) {
    *out += "\n\n";
  }
  *out += text;
}

}  // namespace

// ---- SSP ----

core::Result<std::string> ExportStatementSsp(const domain::EditionContent& edition, const domain::Statement& statement,
                                             const SspExportOptions& options) {
  const auto controls = ControlsById(edition);
  const std::string component_uuid = NewUuid();
  Json requirements = Json::array();
  for (const auto& entry : statement.entries) {
    if (!entry.adopted) {
      continue;
    }
    const auto control = controls.find(entry.control_id);
    if (control == controls.end() || control->second->is_group) {
      continue;  // not a control of the edition: CheckSelection reports it
    }
    Json requirement = {
        {"uuid", NewUuid()},
        {"control-id", oscal::OscalControlId(edition.info.scheme, entry.control_id)},
    };
    if (oscal::OscalControlId(edition.info.scheme, entry.control_id) != entry.control_id) {
      requirement["props"] = Json::array({Json{{"name", "label"}, {"value", entry.control_id}}});
    }
    requirement["by-components"] = Json::array({Json{
        {"component-uuid", component_uuid},
        {"uuid", NewUuid()},
        {"description", entry.implementation},
    }});
    requirements.push_back(std::move(requirement));
  }
  if (requirements.empty()) {
    return Invalid("statement_file.nothing_adopted",
                   "the statement adopts no control: an OSCAL SSP needs at least one implemented requirement");
  }
  const std::string name = OneLine(options.service_name, "(unnamed service)");
  Json metadata = {
      {"title", name + " 言明書 (System Security Plan), revision " + std::to_string(statement.revision)},
      {"last-modified", core::FormatRfc3339(options.last_modified)},
      {"version", std::to_string(statement.revision)},
      {"oscal-version", "1.1.3"},
  };
  if (!options.provider_name.empty()) {
    metadata["parties"] = Json::array(
        {Json{{"uuid", NewUuid()}, {"type", "organization"}, {"name", OneLine(options.provider_name, "-")}}});
  }
  std::string description;
  AppendParagraph(&description, statement.scope.empty() ? "" : "言明の対象範囲 (scope): " + statement.scope);
  AppendParagraph(&description,
                  statement.system_overview.empty() ? "" : "システム概要 (overview): " + statement.system_overview);
  if (description.empty()) {
    description = name;
  }
  Json characteristics = {
      {"system-ids", Json::array({Json{{"identifier-type", std::string(oscal::kIsmapPropNamespace) + "/service-id"},
                                       {"id", OneLine(options.service_id, NewUuid())}}})},
      {"system-name", name},
      {"description", description},
      {"security-sensitivity-level", OneLine(options.sensitivity_level, "ismap-standard")},
      {"system-information",
       Json{{"information-types",
             Json::array({Json{{"uuid", NewUuid()},
                               {"title", "Information processed by " + name},
                               {"description", statement.scope.empty() ? name : statement.scope}}})}}},
      {"status", Json{{"state", "operational"}}},
      {"authorization-boundary", Json{{"description", statement.scope.empty() ? description : statement.scope}}},
  };
  Json implementation = {
      {"users", Json::array({Json{{"uuid", NewUuid()}, {"title", "Cloud service provider"}}})},
      {"components", Json::array({Json{
                         {"uuid", component_uuid},
                         {"type", "this-system"},
                         {"title", name},
                         {"description", statement.system_overview.empty() ? name : statement.system_overview},
                         {"status", Json{{"state", "operational"}}},
                     }})},
  };
  const std::string href = options.import_profile_href.empty() ? edition.info.key : options.import_profile_href;
  Json ssp = {
      {"uuid", NewUuid()},
      {"metadata", std::move(metadata)},
      {"import-profile", Json{{"href", href}}},
      {"system-characteristics", std::move(characteristics)},
      {"system-implementation", std::move(implementation)},
      {"control-implementation",
       Json{{"description", fmt::format("Controls adopted in statement revision {} against criteria edition {}.",
                                        statement.revision, edition.info.key)},
            {"implemented-requirements", std::move(requirements)}}},
  };
  const std::string text = Dump(Json{{"system-security-plan", std::move(ssp)}});
  ISMAP_RETURN_IF_ERROR(CheckExport(text, "system security plan"));
  return text;
}

core::Result<std::vector<domain::StatementEntry>> ImportStatementSsp(const domain::EditionContent& edition,
                                                                     std::string_view json, const std::string& file) {
  ISMAP_ASSIGN_OR_RETURN(const Json document, ReadOscal(json, file, "system-security-plan"));
  const auto by_oscal_id = ControlsByOscalId(edition);
  const Json& requirements =
      ArrayAt(document["system-security-plan"]["control-implementation"], "implemented-requirements");
  std::map<std::string, std::pair<std::string, std::string>> implemented;  // item id -> (text, pointer)
  for (std::size_t i = 0; i < requirements.size(); ++i) {
    const Json& requirement = requirements[i];
    const std::string pointer =
        fmt::format("/system-security-plan/control-implementation/implemented-requirements/{}", i);
    const std::string oscal_id = StringAt(requirement, "control-id");
    const auto control = by_oscal_id.find(oscal_id);
    if (control == by_oscal_id.end() || control->second->is_group) {
      return Invalid(
          "statement_file.unknown_control_id",
          fmt::format("{}: {}/control-id: \"{}\" is not a control of edition {}{}", file, pointer, oscal_id,
                      edition.info.key, control == by_oscal_id.end() ? "" : " (it is a chapter or category)"));
    }
    std::string text;
    for (const auto& by : ArrayAt(requirement, "by-components")) {
      AppendParagraph(&text, StringAt(by, "description"));
    }
    for (const auto& statement : ArrayAt(requirement, "statements")) {
      for (const auto& by : ArrayAt(statement, "by-components")) {
        AppendParagraph(&text, StringAt(by, "description"));
      }
    }
    const auto [previous, inserted] = implemented.emplace(control->second->id, std::make_pair(text, pointer));
    if (!inserted) {
      return Invalid("statement_file.duplicate_control",
                     fmt::format("{}: {}/control-id: control {} is implemented at {} already", file, pointer, oscal_id,
                                 previous->second.second));
    }
  }
  std::vector<domain::StatementEntry> entries;
  for (const auto& control : edition.controls) {
    if (control.is_group) {
      continue;
    }
    const auto it = implemented.find(control.id);
    if (it != implemented.end()) {
      entries.push_back({control.id, true, "", it->second.first});
    } else if (!control.withdrawn) {
      entries.push_back({control.id, false, "", ""});
    }
  }
  return entries;
}

// ---- assessment-results ----

namespace {

// Results collected per control, in the order controls first appear.
class ResultCollector {
 public:
  domain::ControlResult& At(const domain::Control& control) {
    auto [it, inserted] = index_.emplace(control.id, results_.size());
    if (inserted) {
      domain::ControlResult result;
      result.control_id = control.id;
      results_.push_back(std::move(result));
      state_.emplace_back();
    }
    return results_[it->second];
  }
  struct State {
    bool has_finding = false;
    std::set<std::string> observations;  // uuids already in the procedure
  };
  State& StateOf(const domain::Control& control) {
    At(control);
    return state_[index_.at(control.id)];
  }
  std::vector<domain::ControlResult> Finish() {
    for (std::size_t i = 0; i < results_.size(); ++i) {
      if (!state_[i].has_finding) {
        results_[i].result = domain::AuditResult::kNotPerformed;
        results_[i].design = false;
        results_[i].operating = false;
        results_[i].description.clear();
      }
    }
    return std::move(results_);
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<domain::ControlResult> results_;
  std::vector<State> state_;
};

std::string ProcedureLine(const Json& observation) {
  const std::string description = StringAt(observation, "description");
  if (IsmapProp(observation, "procedure")) {
    return description;
  }
  std::string methods;
  for (const auto& method : ArrayAt(observation, "methods")) {
    if (method.is_string()) {
      methods += (methods.empty() ? "" : ", ") + method.get<std::string>();
    }
  }
  return methods.empty() ? description : methods + ": " + description;
}

void AddObservation(ResultCollector& collector, const domain::Control& control, const std::string& uuid,
                    const Json& observation) {
  if (!collector.StateOf(control).observations.insert(uuid).second) {
    return;
  }
  domain::ControlResult& result = collector.At(control);
  if (!result.procedure.empty()) {
    result.procedure += "\n";
  }
  result.procedure += ProcedureLine(observation);
}

}  // namespace

core::Result<std::vector<domain::ControlResult>> ImportAssessmentResults(const domain::EditionContent& edition,
                                                                         std::string_view json,
                                                                         const std::string& file) {
  ISMAP_ASSIGN_OR_RETURN(const Json document, ReadOscal(json, file, "assessment-results"));
  const auto by_oscal_id = ControlsByOscalId(edition);
  auto lookup = [&](const std::string& id, bool objective) -> const domain::Control* {
    auto it = by_oscal_id.find(id);
    if (it == by_oscal_id.end() && objective) {
      const auto underscore = id.find('_');
      if (underscore != std::string::npos) {
        it = by_oscal_id.find(std::string_view(id).substr(0, underscore));
      }
    }
    return it == by_oscal_id.end() || it->second->is_group ? nullptr : it->second;
  };
  auto unknown = [&](const std::string& pointer, const std::string& id) {
    return Invalid("statement_file.unknown_control_id",
                   fmt::format("{}: {}: \"{}\" is not a control of edition {}", file, pointer, id, edition.info.key));
  };
  ResultCollector collector;
  const Json& results = ArrayAt(document["assessment-results"], "results");
  for (std::size_t r = 0; r < results.size(); ++r) {
    const Json& result = results[r];
    const std::string base = fmt::format("/assessment-results/results/{}", r);
    const Json& selections = ArrayAt(result["reviewed-controls"], "control-selections");
    for (std::size_t s = 0; s < selections.size(); ++s) {
      const Json& included = ArrayAt(selections[s], "include-controls");
      for (std::size_t k = 0; k < included.size(); ++k) {
        const std::string id = StringAt(included[k], "control-id");
        const domain::Control* control = lookup(id, false);
        if (control == nullptr) {
          return unknown(
              fmt::format("{}/reviewed-controls/control-selections/{}/include-controls/{}/control-id", base, s, k), id);
        }
        collector.At(*control);
      }
    }
    std::map<std::string, const Json*> observation_of;
    const Json& observations = ArrayAt(result, "observations");
    for (std::size_t o = 0; o < observations.size(); ++o) {
      const Json& observation = observations[o];
      const std::string uuid = StringAt(observation, "uuid");
      observation_of.emplace(uuid, &observation);
      const Json& props = ArrayAt(observation, "props");
      for (std::size_t p = 0; p < props.size(); ++p) {
        if (StringAt(props[p], "ns") != oscal::kIsmapPropNamespace || StringAt(props[p], "name") != "control") {
          continue;
        }
        const std::string id = StringAt(props[p], "value");
        const domain::Control* control = lookup(id, false);
        if (control == nullptr) {
          return unknown(fmt::format("{}/observations/{}/props/{}/value", base, o, p), id);
        }
        AddObservation(collector, *control, uuid, observation);
      }
    }
    const Json& findings = ArrayAt(result, "findings");
    for (std::size_t f = 0; f < findings.size(); ++f) {
      const Json& finding = findings[f];
      const Json& target = finding["target"];
      const std::string id = StringAt(target, "target-id");
      const domain::Control* control = lookup(id, true);
      if (control == nullptr) {
        return unknown(fmt::format("{}/findings/{}/target/target-id", base, f), id);
      }
      domain::ControlResult& out = collector.At(*control);
      ResultCollector::State& state = collector.StateOf(*control);
      const bool satisfied = StringAt(target.value("status", Json::object()), "state") == "satisfied";
      if (!state.has_finding) {
        out.result = domain::AuditResult::kNoException;
        out.design = true;
        out.operating = true;
      }
      state.has_finding = true;
      if (!satisfied) {
        out.result = domain::AuditResult::kException;
        AppendParagraph(&out.description, StringAt(finding, "description"));
        const std::string target_text = StringAt(target, "description");
        if (target_text != StringAt(finding, "description")) {
          AppendParagraph(&out.description, target_text);
        }
      }
      if (const auto evaluation = IsmapProp(finding, "evaluation")) {
        out.design = *evaluation == "design" || *evaluation == "design-and-operating";
        out.operating = *evaluation == "operating" || *evaluation == "design-and-operating";
      }
      for (const auto& related : ArrayAt(finding, "related-observations")) {
        const std::string uuid = StringAt(related, "observation-uuid");
        const auto it = observation_of.find(uuid);
        if (it != observation_of.end()) {
          AddObservation(collector, *control, uuid, *it->second);
        }
      }
    }
  }
  return collector.Finish();
}

core::Result<std::string> ExportAssessmentResults(const domain::EditionContent& edition,
                                                  const std::vector<domain::ControlResult>& results,
                                                  const AssessmentExportOptions& options) {
  if (results.empty()) {
    return Invalid("statement_file.no_results", "there are no results to export");
  }
  const std::string when = core::FormatRfc3339(options.start);
  const std::string title = OneLine(options.title, "ISMAP audit results");
  Json reviewed = Json::array();
  Json observations = Json::array();
  Json findings = Json::array();
  for (const auto& result : results) {
    const std::string oscal_id = oscal::OscalControlId(edition.info.scheme, result.control_id);
    reviewed.push_back(Json{{"control-id", oscal_id}});
    std::optional<std::string> observation_uuid;
    if (!result.procedure.empty()) {
      observation_uuid = NewUuid();
      observations.push_back(Json{
          {"uuid", *observation_uuid},
          {"title", "Procedure for " + result.control_id},
          {"description", result.procedure},
          {"props", Json::array({IsmapPropJson("procedure", "verbatim"), IsmapPropJson("control", oscal_id)})},
          {"methods", Json::array({"EXAMINE"})},
          {"collected", when},
      });
    }
    if (result.result == domain::AuditResult::kNotPerformed) {
      continue;
    }
    const bool exception = result.result == domain::AuditResult::kException;
    const char* evaluation = result.design && result.operating ? "design-and-operating"
                             : result.design                   ? "design"
                             : result.operating                ? "operating"
                                                               : "none";
    Json finding = {
        {"uuid", NewUuid()},
        {"title", result.control_id + (exception ? ": 例外事項あり (exception)" : ": 例外事項なし (no exception)")},
        {"description", exception ? result.description : std::string("No exception was found.")},
        {"props", Json::array({IsmapPropJson("evaluation", evaluation)})},
        {"target", Json{{"type", "objective-id"},
                        {"target-id", oscal_id},
                        {"status", Json{{"state", exception ? "not-satisfied" : "satisfied"}}}}},
    };
    if (observation_uuid) {
      finding["related-observations"] = Json::array({Json{{"observation-uuid", *observation_uuid}}});
    }
    findings.push_back(std::move(finding));
  }
  Json result = {
      {"uuid", NewUuid()},
      {"title", title},
      {"description", fmt::format("Results of the audit against criteria edition {}.", edition.info.key)},
      {"start", when},
      {"reviewed-controls", Json{{"control-selections", Json::array({Json{{"include-controls", reviewed}}})}}},
  };
  if (!observations.empty()) {
    result["observations"] = std::move(observations);
  }
  if (!findings.empty()) {
    result["findings"] = std::move(findings);
  }
  Json document = {
      {"assessment-results",
       Json{
           {"uuid", NewUuid()},
           {"metadata", Json{{"title", title}, {"last-modified", when}, {"version", "1"}, {"oscal-version", "1.1.3"}}},
           {"import-ap", Json{{"href", options.import_ap_href.empty() ? std::string("assessment-plan.json")
                                                                      : options.import_ap_href}}},
           {"results", Json::array({std::move(result)})},
       }}};
  const std::string text = Dump(document);
  ISMAP_RETURN_IF_ERROR(CheckExport(text, "assessment results"));
  return text;
}

}  // namespace ismap::app
