// `ismap oscal validate`: checks OSCAL JSON files against the NIST complete schemas and reports the
// findings as text, JSON, or SARIF 2.1.0 (for code-scanning tools).
// `ismap oscal resolve`: resolves a profile into a catalog from local files only.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "core/text.hpp"
#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"
#include "oscal/profile_resolver.hpp"

namespace ismap::cli {
namespace {

using oscal::Finding;

struct FileReport {
  std::string file;
  std::vector<Finding> findings;

  bool valid() const {
    for (const auto& f : findings) {
      if (f.severity == Finding::Severity::kError) {
        return false;
      }
    }
    return true;
  }
};

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void String(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

std::string_view SeverityName(Finding::Severity severity) {
  return severity == Finding::Severity::kError ? "error" : "warning";
}

// A relative or absolute path as a SARIF artifact URI reference: '/' kept, unsafe bytes percent-encoded.
std::string PathToUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto b = static_cast<unsigned char>(c);
    const bool safe = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
                      b == '.' || b == '_' || b == '~' || b == '/' || b == '+' || b == ',' || b == '=' || b == '@';
    if (safe) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
  return out;
}

std::string_view RuleDescription(std::string_view rule) {
  if (rule == "io") return "The file could not be read";
  if (rule == "json") return "The file is not well-formed JSON";
  if (rule == "oscal-version") return "metadata/oscal-version is not a version this program checks exactly";
  return "JSON Schema keyword of the OSCAL complete schema";
}

void PrintText(const std::vector<FileReport>& reports) {
  std::size_t total = 0;
  for (const auto& report : reports) {
    for (const auto& f : report.findings) {
      std::cout << report.file << ": " << f.pointer << ": " << f.rule << ": " << f.message << "\n";
      ++total;
    }
  }
  std::cout << reports.size() << (reports.size() == 1 ? " file, " : " files, ") << total
            << (total == 1 ? " finding" : " findings") << "\n";
}

void PrintJson(const std::vector<FileReport>& reports) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("files");
  w.StartArray();
  for (const auto& report : reports) {
    w.StartObject();
    w.Key("file");
    String(w, report.file);
    w.Key("valid");
    w.Bool(report.valid());
    w.Key("findings");
    w.StartArray();
    for (const auto& f : report.findings) {
      w.StartObject();
      w.Key("pointer");
      String(w, f.pointer);
      w.Key("schema_pointer");
      String(w, f.schema_pointer);
      w.Key("rule");
      String(w, f.rule);
      w.Key("severity");
      String(w, SeverityName(f.severity));
      w.Key("message");
      String(w, f.message);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::cout << buffer.GetString() << "\n";
}

void PrintSarif(const std::vector<FileReport>& reports) {
  // Rules in order of first use; results refer to them by index.
  std::vector<std::string> rules;
  std::map<std::string, std::size_t> rule_index;
  for (const auto& report : reports) {
    for (const auto& f : report.findings) {
      if (rule_index.emplace(f.rule, rules.size()).second) {
        rules.push_back(f.rule);
      }
    }
  }
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("$schema");
  w.String("https://json.schemastore.org/sarif-2.1.0.json");
  w.Key("version");
  w.String("2.1.0");
  w.Key("runs");
  w.StartArray();
  w.StartObject();
  w.Key("tool");
  w.StartObject();
  w.Key("driver");
  w.StartObject();
  w.Key("name");
  w.String("ismap");
  w.Key("version");
  w.String(ISMAP_VERSION);
  w.Key("rules");
  w.StartArray();
  for (const auto& rule : rules) {
    w.StartObject();
    w.Key("id");
    String(w, rule);
    w.Key("shortDescription");
    w.StartObject();
    w.Key("text");
    String(w, RuleDescription(rule));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool
  w.Key("results");
  w.StartArray();
  for (const auto& report : reports) {
    const std::string uri = PathToUri(report.file);
    for (const auto& f : report.findings) {
      w.StartObject();
      w.Key("ruleId");
      String(w, f.rule);
      w.Key("ruleIndex");
      w.Uint64(rule_index[f.rule]);
      w.Key("level");
      String(w, SeverityName(f.severity));
      w.Key("message");
      w.StartObject();
      w.Key("text");
      String(w, f.message);
      w.EndObject();
      w.Key("locations");
      w.StartArray();
      w.StartObject();
      w.Key("physicalLocation");
      w.StartObject();
      w.Key("artifactLocation");
      w.StartObject();
      w.Key("uri");
      String(w, uri);
      w.EndObject();
      w.EndObject();
      w.Key("logicalLocations");
      w.StartArray();
      w.StartObject();
      w.Key("fullyQualifiedName");
      String(w, f.pointer);
      w.EndObject();
      w.EndArray();
      w.EndObject();
      w.EndArray();  // locations
      if (!f.schema_pointer.empty()) {
        w.Key("properties");
        w.StartObject();
        w.Key("schemaPointer");
        String(w, f.schema_pointer);
        w.EndObject();
      }
      w.EndObject();
    }
  }
  w.EndArray();  // results
  w.EndObject();
  w.EndArray();  // runs
  w.EndObject();
  std::cout << buffer.GetString() << "\n";
}

// ---- oscal resolve ----

struct CatalogMapping {
  std::string href;  // empty: the one document the profile imports
  std::string file;
};

bool IsReadableFile(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && static_cast<bool>(std::ifstream(path, std::ios::binary));
}

std::string FileUri(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return "file://" + PathToUri((ec ? std::filesystem::path(path) : absolute).lexically_normal().string());
}

// The local path a "file:" URI (or a reference without a scheme) names; nullopt for other schemes.
std::optional<std::string> LocalPath(const std::string& uri) {
  std::string_view rest = uri;
  if (rest.substr(0, 7) == "file://") {
    rest.remove_prefix(7);
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || (slash != 0 && rest.substr(0, slash) != "localhost")) {
      return std::nullopt;
    }
    rest.remove_prefix(slash);
  } else if (const std::size_t colon = rest.find(':');
             colon != std::string_view::npos && rest.substr(0, colon).find('/') == std::string_view::npos) {
    return std::nullopt;  // http:, https:, urn:, ...
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  return core::PercentDecode(rest, false);
}

// The distinct hrefs a profile's imports name.
std::set<std::string> ImportHrefs(const rapidjson::Value& root) {
  std::set<std::string> hrefs;
  if (root.IsObject() && root.HasMember("profile") && root["profile"].IsObject() &&
      root["profile"].HasMember("imports") && root["profile"]["imports"].IsArray()) {
    for (const auto& import : root["profile"]["imports"].GetArray()) {
      if (import.IsObject() && import.HasMember("href") && import["href"].IsString()) {
        hrefs.insert(import["href"].GetString());
      }
    }
  }
  return hrefs;
}

}  // namespace

int RunOscalResolve(const OscalResolveOptions& options) {
  std::vector<CatalogMapping> mappings;
  bool bare = false;
  for (const auto& entry : options.catalogs) {
    const std::size_t eq = entry.find('=');
    CatalogMapping m =
        eq == std::string::npos ? CatalogMapping{"", entry} : CatalogMapping{entry.substr(0, eq), entry.substr(eq + 1)};
    if (m.file.empty() || (eq != std::string::npos && m.href.empty())) {
      std::cerr << "ismap: --catalog \"" << entry << "\" is neither FILE nor HREF=FILE\n";
      return kExitConfig;
    }
    if (m.href.empty()) {
      if (bare) {
        std::cerr << "ismap: only one --catalog FILE without HREF=; name the others with --catalog HREF=FILE\n";
        return kExitConfig;
      }
      bare = true;
    }
    if (!IsReadableFile(m.file)) {
      std::cerr << "ismap: cannot read the --catalog file " << m.file << "\n";
      return kExitConfig;
    }
    mappings.push_back(std::move(m));
  }

  auto profile = oscal::JsonDocument::ParseFile(options.profile);
  if (!profile) {
    std::cerr << "ismap: " << profile.error().message << "\n";
    return kExitConfig;
  }
  if (bare) {
    const std::set<std::string> hrefs = ImportHrefs(profile->root());
    if (hrefs.size() > 1) {
      std::cerr << "ismap: " << options.profile << " imports " << hrefs.size() << " documents (";
      for (auto it = hrefs.begin(); it != hrefs.end(); ++it) {
        std::cerr << (it == hrefs.begin() ? "" : ", ") << *it;
      }
      std::cerr << "); say which one a file replaces with --catalog HREF=FILE\n";
      return kExitConfig;
    }
  }

  oscal::ResolveOptions resolve_options;
  resolve_options.base_uri = FileUri(options.profile);
  auto loader = [&mappings](const oscal::ImportRequest& request) -> core::Result<oscal::JsonDocument> {
    for (const auto& m : mappings) {
      const bool match = m.href.empty()
                             ? request.depth == 0
                             : m.href == request.href || m.href == request.uri || m.href == request.import_href;
      if (match) {
        return oscal::JsonDocument::ParseFile(m.file);
      }
    }
    const std::optional<std::string> path = LocalPath(request.uri);
    if (!path) {
      return core::Unexpected(core::ErrorCode::kUnavailable, "oscal.remote_href",
                              request.uri +
                                  " is not a local file and this command does not use the network; "
                                  "name a local copy with --catalog HREF=FILE");
    }
    return oscal::JsonDocument::ParseFile(*path);
  };
  auto result = oscal::ResolveProfile(profile->root(), loader, resolve_options);
  if (!result) {
    std::cerr << "ismap: " << options.profile << ": " << result.error().message << "\n";
    return kExitConfig;
  }

  std::size_t errors = 0;
  for (const auto& f : result->issues) {
    std::cerr << options.profile << ": " << f.pointer << ": " << SeverityName(f.severity) << ": " << f.rule << ": "
              << f.message << "\n";
    errors += f.severity == Finding::Severity::kError ? 1 : 0;
  }
  if (!result->issues.empty()) {
    std::cerr << options.profile << ": " << result->issues.size() << " findings (" << errors << " errors)\n";
  }

  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetIndent(' ', 2);
  result->catalog.root().Accept(w);
  if (options.output.empty() || options.output == "-") {
    std::cout << buffer.GetString() << "\n";
    std::cout.flush();
  } else {
    std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
    out << buffer.GetString() << "\n";
    out.close();
    if (!out) {
      std::cerr << "ismap: cannot write " << options.output << "\n";
      return kExitConfig;
    }
  }
  return errors > 0 ? kExitFailure : kExitOk;
}

int RunOscalValidate(const OscalValidateOptions& options) {
  if (options.format != "text" && options.format != "json" && options.format != "sarif") {
    std::cerr << "ismap: unknown --format \"" << options.format << "\" (text, json or sarif)\n";
    return kExitConfig;
  }
  std::optional<oscal::OscalVersion> version;
  if (!options.schema.empty()) {
    version = oscal::ParseOscalVersion(options.schema);
    if (!version) {
      std::cerr << "ismap: unknown --schema \"" << options.schema << "\" (1.1.2 or 1.1.3)\n";
      return kExitConfig;
    }
  }
  if (options.files.empty()) {
    std::cerr << "ismap: oscal validate needs at least one FILE\n";
    return kExitConfig;
  }

  std::vector<FileReport> reports;
  bool all_valid = true;
  for (const auto& file : options.files) {
    auto findings = oscal::ValidateOscal(file, version);
    if (!findings) {
      std::cerr << "ismap: " << findings.error().message << "\n";
      return kExitFailure;
    }
    reports.push_back({file, std::move(findings).value()});
    all_valid = all_valid && reports.back().valid();
  }

  if (options.format == "json") {
    PrintJson(reports);
  } else if (options.format == "sarif") {
    PrintSarif(reports);
  } else {
    PrintText(reports);
  }
  std::cout.flush();
  return all_valid ? kExitOk : kExitFailure;
}

}  // namespace ismap::cli
