#include "app/criteria_files.hpp"

#include <fmt/format.h>
#include <rapidjson/pointer.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/criteria_sources.hpp"
#include "core/text.hpp"
#include "oscal/catalog_convert.hpp"
#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"
#include "oscal/profile_resolver.hpp"
#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"

namespace ismap::app {
namespace {

namespace fs = std::filesystem;

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

core::Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::MakeError(core::ErrorCode::kNotFound, "criteria.file_not_found", path + ": cannot be read");
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Lower-case letters, digits and '-' from the file name: "NIST_SP-800-53_rev5.0.1_catalog.json" ->
// "nist-sp-800-53-rev5.0.1-catalog".
std::string KeyFromFileName(const std::string& path) {
  std::string key;
  for (char c : fs::path(path).stem().string()) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    if (keep) {
      key += c;
    } else if (!key.empty() && key.back() != '-') {
      key += '-';
    }
  }
  while (!key.empty() && (key.back() == '-' || key.back() == '.')) {
    key.pop_back();
  }
  return key.substr(0, 64);
}

std::string Extension(const std::string& path) { return core::AsciiLower(fs::path(path).extension().string()); }

core::Result<CriteriaFormat> DetectFormat(const std::string& path, const std::string& bytes,
                                          const oscal::JsonDocument* json) {
  const std::string ext = Extension(path);
  if (ext == ".csv") {
    return CriteriaFormat::kCsv;
  }
  if (ext == ".xlsx") {
    return CriteriaFormat::kXlsx;
  }
  if (json != nullptr && json->root().IsObject()) {
    if (json->root().HasMember("catalog")) {
      return CriteriaFormat::kOscalCatalog;
    }
    if (json->root().HasMember("profile")) {
      return CriteriaFormat::kOscalProfile;
    }
    if (json->root().HasMember("chapters")) {
      return CriteriaFormat::kSkeleton;
    }
  }
  if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K') {
    return CriteriaFormat::kXlsx;
  }
  return Invalid("criteria.unknown_format",
                 path +
                     ": not a format ismap imports (skeleton JSON, CSV, XLSX, OSCAL catalog or profile); "
                     "name it with --format");
}

std::string FindingsText(const std::string& path, const std::vector<oscal::Finding>& findings, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < findings.size() && i < max; ++i) {
    out += fmt::format("\n  {}: {} [{}] {}", path, findings[i].pointer.empty() ? "/" : findings[i].pointer,
                       findings[i].rule, findings[i].message);
  }
  if (findings.size() > max) {
    out += fmt::format("\n  ... and {} more", findings.size() - max);
  }
  return out;
}

// The oscal-version a document declares ("" when it has none).
std::string DeclaredVersion(const rapidjson::Value& root) {
  if (root.IsObject()) {
    for (auto it = root.MemberBegin(); it != root.MemberEnd(); ++it) {
      const auto* version = rapidjson::Pointer("/metadata/oscal-version").Get(it->value);
      if (version != nullptr && version->IsString()) {
        return version->GetString();
      }
    }
  }
  return "";
}

// Schema errors refuse the document; warnings (such as an older oscal-version) are passed on.
// OSCAL 1.2.x has no schema here: it is checked against 1.1.3, and what 1.1.3 does not know (new
// fields, new values) is reported as warnings; the import keeps it all, so export gives it back.
core::Result<void> CheckOscal(const std::string& path, const std::string& bytes, const rapidjson::Value& root,
                              FileImportResult* result) {
  ISMAP_ASSIGN_OR_RETURN(auto findings, oscal::ValidateOscalText(bytes));
  const bool newer = DeclaredVersion(root).starts_with("1.2.");
  std::vector<oscal::Finding> errors;
  for (auto& finding : findings) {
    const bool schema_rule = finding.rule != "json" && finding.rule != "dangling-reference";
    if (newer && schema_rule && finding.severity == oscal::Finding::Severity::kError) {
      finding.severity = oscal::Finding::Severity::kWarning;
      finding.message += " (OSCAL 1.2 document checked against the 1.1.3 schema)";
    }
    (finding.severity == oscal::Finding::Severity::kError ? errors : result->warnings).push_back(finding);
  }
  if (!errors.empty()) {
    return Invalid("criteria.invalid_oscal",
                   fmt::format("{}: not a valid OSCAL document ({} findings):", path, errors.size()) +
                       FindingsText(path, errors, 20));
  }
  return core::Ok();
}

domain::EditionInfo Merged(domain::EditionInfo base, const domain::EditionInfo& given) {
  auto take = [](std::string& into, const std::string& value) {
    if (!value.empty()) {
      into = value;
    }
  };
  take(base.key, given.key);
  take(base.scheme, given.scheme);
  take(base.version, given.version);
  take(base.title_ja, given.title_ja);
  take(base.title_en, given.title_en);
  take(base.source, given.source);
  if (given.effective_date) {
    base.effective_date = given.effective_date;
  }
  return base;
}

core::Result<CriteriaImport> ReadXlsxCriteria(const std::string& path, const std::string& bytes,
                                              const FileImportOptions& options) {
  ISMAP_ASSIGN_OR_RETURN(auto sheets, tabular::ReadXlsx(bytes));
  const tabular::Table* controls = nullptr;
  const tabular::Table* edition = nullptr;
  const tabular::Table* mappings = nullptr;
  for (const auto& sheet : sheets) {
    if (sheet.name == "edition") {
      edition = &sheet;
    } else if (sheet.name == "mappings") {
      mappings = &sheet;
    } else if (controls == nullptr && (sheet.name == "controls" || sheet.name != "edition")) {
      controls = &sheet;
    }
  }
  if (controls == nullptr) {
    return Invalid("criteria.bad_sheet", path + ": no \"controls\" sheet");
  }
  domain::EditionInfo info;
  info.format = domain::SourceFormat::kXlsx;
  info.source = fs::path(path).filename().string();
  if (edition != nullptr) {
    ISMAP_ASSIGN_OR_RETURN(info, ReadEditionSheet(*edition, info, path));
  }
  info = Merged(info, options.info);
  ISMAP_ASSIGN_OR_RETURN(auto import, ImportCriteriaTable(*controls, info, path));
  if (mappings != nullptr) {
    ISMAP_ASSIGN_OR_RETURN(import.mappings, ImportMappingTable(*mappings, info.key, path));
  }
  return import;
}

core::Result<CriteriaImport> ReadCsvCriteria(const std::string& path, const std::string& bytes,
                                             const FileImportOptions& options) {
  auto table = tabular::ReadCsv(bytes);
  if (!table) {
    return Invalid(table.error().reason, path + ": " + table.error().message);
  }
  domain::EditionInfo info = options.info;
  info.format = domain::SourceFormat::kCsv;
  if (info.source.empty()) {
    info.source = fs::path(path).filename().string();
  }
  return ImportCriteriaTable(*table, info, path);
}

core::Result<CriteriaImport> ReadCatalogCriteria(const std::string& path, const oscal::JsonDocument& json,
                                                 const FileImportOptions& options) {
  oscal::CatalogImportOptions catalog;
  catalog.key = options.info.key.empty() ? KeyFromFileName(path) : options.info.key;
  catalog.scheme = options.info.scheme;
  if (catalog.scheme.empty()) {
    const auto* title = rapidjson::Pointer("/catalog/metadata/title").Get(json.root());
    const bool nist =
        title != nullptr && title->IsString() && std::string(title->GetString()).find("800-53") != std::string::npos;
    catalog.scheme = nist ? "nist-sp800-53" : "oscal";
  }
  catalog.source = options.info.source.empty() ? fs::path(path).filename().string() : options.info.source;
  catalog.language = options.language;
  catalog.effective_date = options.info.effective_date;
  CriteriaImport import;
  ISMAP_ASSIGN_OR_RETURN(import.edition, oscal::EditionFromCatalog(json.root(), catalog));
  domain::EditionInfo& info = import.edition.info;
  info = Merged(info, options.info);
  if (info.scheme == "ismap") {
    import.baselines.push_back(domain::StandardBaseline(import.edition, info.key + "-standard"));
  }
  return import;
}

// Every control id of a resolved catalog, in order.
void CollectControlIds(const rapidjson::Value& container, std::vector<std::string>* out) {
  for (const char* member : {"groups", "controls"}) {
    auto it = container.FindMember(member);
    if (it == container.MemberEnd() || !it->value.IsArray()) {
      continue;
    }
    for (const auto& child : it->value.GetArray()) {
      if (!child.IsObject()) {
        continue;
      }
      if (std::string_view(member) == "controls" && child.HasMember("id") && child["id"].IsString()) {
        out->emplace_back(child["id"].GetString());
      }
      CollectControlIds(child, out);
    }
  }
}

core::Result<domain::BaselineContent> ResolveBaseline(storage::Database& db, const Principal& principal,
                                                      const std::string& path, const oscal::JsonDocument& json,
                                                      const FileImportOptions& options, FileImportResult* result) {
  if (!options.profile_edition) {
    return Invalid("criteria.profile_edition",
                   path + ": a profile is loaded as a baseline of a stored edition: name it (--edition KEY)");
  }
  ISMAP_ASSIGN_OR_RETURN(auto edition, ReadEdition(db, principal, *options.profile_edition));
  // Whatever the profile imports, it selects from this edition: resolve it against the edition as
  // OSCAL, then map OSCAL ids back to item ids.
  const std::string catalog_text = oscal::CatalogFromEdition(edition, options.language, core::TimePoint{});
  ISMAP_ASSIGN_OR_RETURN(auto catalog, oscal::JsonDocument::Parse(catalog_text));
  const oscal::DocumentLoader loader = [&](const oscal::ImportRequest& request) -> core::Result<oscal::JsonDocument> {
    if (!request.href.empty() && request.href[0] == '#') {
      return oscal::JsonDocument::Parse(catalog_text);
    }
    if (request.depth > 0) {
      return core::MakeError(core::ErrorCode::kUnavailable, "criteria.nested_profile",
                             request.href + ": a profile importing other profiles is not loaded as a baseline");
    }
    return oscal::JsonDocument::Parse(catalog_text);
  };
  ISMAP_ASSIGN_OR_RETURN(auto resolved, oscal::ResolveProfile(json.root(), loader));
  if (oscal::HasErrors(resolved.issues)) {
    return Invalid("criteria.unresolved_profile",
                   fmt::format("{}: the profile does not resolve against {}:", path, *options.profile_edition) +
                       FindingsText(path, resolved.issues, 20));
  }
  result->warnings.insert(result->warnings.end(), resolved.issues.begin(), resolved.issues.end());
  std::map<std::string, std::string> item_of;
  for (const auto& c : edition.controls) {
    item_of.emplace(oscal::OscalControlId(edition.info.scheme, c.id), c.id);
  }
  std::vector<std::string> oscal_ids;
  CollectControlIds(resolved.catalog.root()["catalog"], &oscal_ids);
  std::vector<std::string> ids;
  for (const auto& id : oscal_ids) {
    auto it = item_of.find(id);
    ids.push_back(it != item_of.end() ? it->second : id);
  }
  const std::string key = options.baseline_key ? *options.baseline_key : KeyFromFileName(path);
  return oscal::BaselineFromProfile(json.root(), key, *options.profile_edition, ids);
}

}  // namespace

std::optional<CriteriaFormat> CriteriaFormatFromString(std::string_view text) {
  if (text == "skeleton") return CriteriaFormat::kSkeleton;
  if (text == "csv") return CriteriaFormat::kCsv;
  if (text == "xlsx") return CriteriaFormat::kXlsx;
  if (text == "oscal-catalog") return CriteriaFormat::kOscalCatalog;
  if (text == "oscal-profile") return CriteriaFormat::kOscalProfile;
  return std::nullopt;
}

std::optional<ExportFormat> ExportFormatFromString(std::string_view text) {
  if (text == "oscal") return ExportFormat::kOscal;
  if (text == "csv") return ExportFormat::kCsv;
  if (text == "xlsx") return ExportFormat::kXlsx;
  return std::nullopt;
}

core::Result<FileImportResult> ImportCriteriaFile(storage::Database& db, const core::Clock& clock,
                                                  const Principal& principal, const std::string& path,
                                                  const FileImportOptions& options) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kImportCatalog));
  ISMAP_ASSIGN_OR_RETURN(const std::string bytes, ReadWholeFile(path));
  std::optional<oscal::JsonDocument> json;
  const std::string ext = Extension(path);
  if (ext != ".csv" && ext != ".xlsx" && !(bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] == 'K')) {
    auto parsed = oscal::JsonDocument::Parse(bytes);
    if (!parsed && (options.format == std::nullopt || options.format != CriteriaFormat::kCsv)) {
      return Invalid(parsed.error().reason, path + ": " + parsed.error().message);
    }
    if (parsed) {
      json.emplace(std::move(*parsed));
    }
  }
  CriteriaFormat format{};
  if (options.format) {
    format = *options.format;
  } else {
    ISMAP_ASSIGN_OR_RETURN(format, DetectFormat(path, bytes, json ? &*json : nullptr));
  }
  FileImportResult result;
  if (format == CriteriaFormat::kOscalProfile) {
    ISMAP_RETURN_IF_ERROR(CheckOscal(path, bytes, json->root(), &result));
    ISMAP_ASSIGN_OR_RETURN(auto baseline, ResolveBaseline(db, principal, path, *json, options, &result));
    ISMAP_ASSIGN_OR_RETURN(result.baseline, ImportBaseline(db, clock, principal, baseline));
    return result;
  }
  CriteriaImport import;
  switch (format) {
    case CriteriaFormat::kSkeleton: {
      const std::string key = options.info.key.empty() ? std::string("ismap-skeleton") : options.info.key;
      ISMAP_ASSIGN_OR_RETURN(import, ImportSkeleton(bytes, path, key));
      break;
    }
    case CriteriaFormat::kCsv: {
      ISMAP_ASSIGN_OR_RETURN(import, ReadCsvCriteria(path, bytes, options));
      break;
    }
    case CriteriaFormat::kXlsx: {
      ISMAP_ASSIGN_OR_RETURN(import, ReadXlsxCriteria(path, bytes, options));
      break;
    }
    case CriteriaFormat::kOscalCatalog: {
      ISMAP_RETURN_IF_ERROR(CheckOscal(path, bytes, json->root(), &result));
      ISMAP_ASSIGN_OR_RETURN(import, ReadCatalogCriteria(path, *json, options));
      break;
    }
    case CriteriaFormat::kOscalProfile:
      break;  // handled above
  }
  for (const std::string& file : options.mapping_files) {
    ISMAP_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(file));
    auto table = tabular::ReadCsv(text);
    if (!table) {
      return Invalid(table.error().reason, file + ": " + table.error().message);
    }
    ISMAP_ASSIGN_OR_RETURN(auto mappings, ImportMappingTable(*table, import.edition.info.key, file));
    import.mappings.insert(import.mappings.end(), mappings.begin(), mappings.end());
  }
  ISMAP_ASSIGN_OR_RETURN(result.edition, ImportEdition(db, clock, principal, import));
  return result;
}

core::Result<std::string> ExportEdition(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                        const std::string& key, ExportFormat format, const std::string& language) {
  ISMAP_ASSIGN_OR_RETURN(auto edition, ReadEdition(db, principal, key));
  if (format == ExportFormat::kOscal) {
    return oscal::CatalogFromEdition(edition, language, clock.Now());
  }
  std::vector<std::string> liu;
  ISMAP_ASSIGN_OR_RETURN(auto baselines, ListBaselines(db, principal, key));
  for (const auto& b : baselines) {
    if (b.info.kind == domain::BaselineKind::kLowImpact) {
      ISMAP_ASSIGN_OR_RETURN(auto content, ReadBaseline(db, principal, b.info.key));
      for (const auto& entry : content.entries) {
        liu.push_back(entry.control_id);
      }
    }
  }
  tabular::Table controls = CriteriaTable(edition, liu);
  if (format == ExportFormat::kCsv) {
    return tabular::WriteCsv(controls);
  }
  ISMAP_ASSIGN_OR_RETURN(auto mappings, ListMappingsFrom(db, principal, key));
  std::vector<tabular::Table> sheets = {EditionSheet(edition.info), controls};
  if (!mappings.empty()) {
    sheets.push_back(MappingTable(mappings));
  }
  return tabular::WriteXlsx(sheets);
}

core::Result<std::string> ExportBaseline(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                         const std::string& key, const std::string& language) {
  ISMAP_ASSIGN_OR_RETURN(auto baseline, ReadBaseline(db, principal, key));
  ISMAP_ASSIGN_OR_RETURN(auto edition, GetEdition(db, principal, baseline.info.edition_key));
  return oscal::ProfileFromBaseline(baseline, edition.info.scheme == "ismap",
                                    baseline.info.edition_key + "." + language + ".json", language, clock.Now());
}

}  // namespace ismap::app
