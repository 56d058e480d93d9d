// Profile resolution: acquiring imports (loader, back-matter rlinks and base64, nested profiles,
// cycles), then the merge and modify phases (profile_select.cpp, profile_modify.cpp), then the
// metadata and back-matter of the result.
#include "oscal/profile_resolver.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <unordered_set>
#include <utility>

#include "oscal/json_util.hpp"
#include "oscal/profile_internal.hpp"

namespace ismap::oscal {
namespace profile_internal {
namespace {

//! Deepest chain of profiles importing profiles; beyond it an import is refused (no cycle needed).
constexpr int kMaxImportDepth = 32;

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+' || c == '-') {
      v = 62;
    } else if (c == '/' || c == '_') {
      v = 63;
    } else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      continue;
    } else {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

class Resolver {
 public:
  Resolver(const DocumentLoader& loader, const ResolveOptions& options) : loader_(loader), options_(options) {
    if (!options.base_uri.empty()) {
      chain_.push_back(options.base_uri);
    }
  }

  // Resolves the "profile" object `profile` located at `uri` (may be empty), imported at `depth`.
  core::Result<JsonDocument> Resolve(const Value& profile, const std::string& uri, int depth, Issues& issues) {
    const Value* imports = GetArray(profile, "imports");
    if (imports == nullptr) {
      return core::Unexpected(core::ErrorCode::kInvalidArgument, "oscal.profile_invalid",
                              "the profile has no \"imports\" array");
    }
    auto out = JsonDocument::Parse("{}");
    if (!out) {
      return out.error();
    }
    Allocator& allocator = out->document().GetAllocator();
    Value catalog(rapidjson::kObjectType);

    std::vector<ImportSource> sources;
    for (rapidjson::SizeType i = 0; i < imports->Size(); ++i) {
      const std::string pointer = "/profile/imports/" + std::to_string(i);
      if (const Value* source = Acquire(profile, (*imports)[i], uri, depth, pointer, issues)) {
        sources.push_back(ImportSource{source, &(*imports)[i], pointer});
      }
    }
    SelectAndMerge(sources, ReadMerge(GetObject(profile, "merge"), issues), catalog, allocator, issues);
    const Value* modify = GetObject(profile, "modify");
    ApplyModify(modify, catalog, allocator, issues);
    std::unordered_set<std::string> set_params;
    if (const Value* settings = modify != nullptr ? GetArray(*modify, "set-parameters") : nullptr) {
      for (const auto& setting : settings->GetArray()) {
        set_params.emplace(GetString(setting, "param-id"));
      }
    }
    PruneLooseParams(catalog, set_params, allocator);

    const std::string uuid = depth == 0 && !options_.uuid.empty() ? options_.uuid : NewUuid();
    catalog.AddMember("uuid", MakeString(uuid, allocator), allocator);
    const core::SystemClock system_clock;
    const core::Clock& clock = options_.clock != nullptr ? *options_.clock : system_clock;
    catalog.AddMember("metadata", Metadata(profile, sources, uri, options_.tool, clock.Now(), allocator, issues),
                      allocator);
    AddBackMatter(profile, sources, catalog, allocator);
    if (options_.prune_back_matter) {
      PruneResources(catalog, allocator);
    }
    Canonicalize(catalog, Kind::kCatalog, allocator);
    out->document().AddMember("catalog", std::move(catalog), allocator);
    return out;
  }

 private:
  // The "catalog" object an import selects from (resolving an imported profile first), or nullptr
  // after reporting why there is none.
  const Value* Acquire(const Value& profile, const Value& import, const std::string& base, int depth,
                       const std::string& pointer, Issues& issues) {
    const std::string href(GetString(import, "href"));
    if (href.empty()) {
      issues.Error(pointer, kRuleUnresolvedImport, "the import has no href");
      return nullptr;
    }
    if (href[0] != '#') {
      std::string uri;
      std::string error;
      const Value* root = Load(href, href, base, depth, &uri, &error);
      if (root == nullptr) {
        issues.Error(pointer + "/href", kRuleUnresolvedImport, "cannot load \"" + href + "\": " + error);
        return nullptr;
      }
      return ToCatalog(*root, uri, depth, pointer, issues);
    }
    // "#uuid": a back-matter resource of this profile; its rlinks in order, then its base64.
    const Value* resource = FindResource(profile, href.substr(1));
    if (resource == nullptr) {
      issues.Error(pointer + "/href", kRuleUnresolvedImport,
                   "no back-matter resource with uuid \"" + href.substr(1) + "\" in the profile");
      return nullptr;
    }
    std::string errors;
    if (const Value* rlinks = GetArray(*resource, "rlinks")) {
      for (const auto& rlink : rlinks->GetArray()) {
        const std::string link(GetString(rlink, "href"));
        std::string uri;
        std::string error;
        const Value* root = Load(link, href, base, depth, &uri, &error);
        if (root != nullptr && (GetObject(*root, "catalog") != nullptr || GetObject(*root, "profile") != nullptr)) {
          return ToCatalog(*root, uri, depth, pointer, issues);
        }
        errors +=
            (errors.empty() ? "" : "; ") + link + ": " + (root == nullptr ? error : "not an OSCAL catalog or profile");
      }
    }
    if (const Value* base64 = GetObject(*resource, "base64")) {
      const std::optional<std::string> bytes = DecodeBase64(GetString(*base64, "value"));
      auto parsed = bytes ? JsonDocument::Parse(*bytes)
                          : core::Result<JsonDocument>(core::Unexpected(core::ErrorCode::kInvalidArgument,
                                                                        "oscal.base64", "malformed base64"));
      if (parsed) {
        const std::string uri = base + href;
        const Value& root = loaded_.emplace(uri, std::move(parsed).value()).first->second.root();
        return ToCatalog(root, uri, depth, pointer, issues);
      }
      errors += (errors.empty() ? "" : "; ") + std::string("base64: ") + parsed.error().message;
    }
    issues.Error(pointer + "/href", kRuleUnresolvedImport,
                 "cannot load resource " + href + (errors.empty() ? ": it has no rlink or base64" : ": " + errors));
    return nullptr;
  }

  static const Value* FindResource(const Value& profile, std::string_view uuid) {
    const Value* back_matter = GetObject(profile, "back-matter");
    const Value* resources = back_matter != nullptr ? GetArray(*back_matter, "resources") : nullptr;
    if (resources != nullptr) {
      for (const auto& resource : resources->GetArray()) {
        if (GetString(resource, "uuid") == uuid) {
          return &resource;
        }
      }
    }
    return nullptr;
  }

  // The document `href` names (documents given in the options first, then each URI loaded once).
  const Value* Load(const std::string& href, const std::string& import_href, const std::string& base, int depth,
                    std::string* uri, std::string* error) {
    *uri = base.empty() ? href : json::ResolveUri(base, href);
    for (const std::string* key : std::initializer_list<const std::string*>{&href, uri}) {
      if (auto it = options_.documents.find(*key); it != options_.documents.end() && it->second != nullptr) {
        return it->second;
      }
    }
    if (auto it = loaded_.find(*uri); it != loaded_.end()) {
      return &it->second.root();
    }
    auto loaded = loader_ ? loader_(ImportRequest{href, *uri, import_href, depth})
                          : core::Result<JsonDocument>(core::Unexpected(core::ErrorCode::kUnavailable,
                                                                        "oscal.no_loader", "no document loader"));
    if (!loaded) {
      *error = loaded.error().message;
      return nullptr;
    }
    return &loaded_.emplace(*uri, std::move(loaded).value()).first->second.root();
  }

  const Value* ToCatalog(const Value& root, const std::string& uri, int depth, const std::string& pointer,
                         Issues& issues) {
    if (const Value* catalog = GetObject(root, "catalog")) {
      return catalog;
    }
    const Value* profile = GetObject(root, "profile");
    if (profile == nullptr) {
      issues.Error(pointer + "/href", kRuleUnresolvedImport, uri + " is neither an OSCAL catalog nor a profile");
      return nullptr;
    }
    if (std::find(chain_.begin(), chain_.end(), uri) != chain_.end()) {
      std::string cycle;
      for (const auto& link : chain_) {
        cycle += link + " -> ";
      }
      issues.Error(pointer + "/href", kRuleCircularImport, "circular import: " + cycle + uri);
      return nullptr;
    }
    if (depth + 1 >= kMaxImportDepth) {
      issues.Error(pointer + "/href", kRuleCircularImport,
                   "profiles import profiles more than " + std::to_string(kMaxImportDepth) + " levels deep");
      return nullptr;
    }
    Issues nested;
    chain_.push_back(uri);
    auto resolved = Resolve(*profile, uri, depth + 1, nested);
    chain_.pop_back();
    for (Finding& f : nested.list()) {
      f.message = "in imported profile " + uri + (f.pointer.empty() ? "" : " at " + f.pointer) + ": " + f.message;
      f.pointer = pointer + "/href";
      issues.Add(std::move(f));
    }
    if (!resolved) {
      issues.Error(pointer + "/href", kRuleUnresolvedImport, uri + ": " + resolved.error().message);
      return nullptr;
    }
    resolved_.push_back(std::move(resolved).value());
    return GetObject(resolved_.back().root(), "catalog");
  }

  const DocumentLoader& loader_;
  const ResolveOptions& options_;
  std::vector<std::string> chain_;              // URIs of the profiles being resolved, outermost first
  std::map<std::string, JsonDocument> loaded_;  // documents by URI, each loaded once per call
  std::vector<JsonDocument> resolved_;          // catalogs of imported profiles (documents do not move)
};

}  // namespace
}  // namespace profile_internal

core::Result<ResolutionResult> ResolveProfile(const rapidjson::Value& profile, const DocumentLoader& loader,
                                              const ResolveOptions& options) {
  const rapidjson::Value* body = profile.IsObject() ? profile_internal::GetObject(profile, "profile") : nullptr;
  if (body == nullptr) {
    return core::Unexpected(core::ErrorCode::kInvalidArgument, "oscal.not_a_profile",
                            "not an OSCAL profile document (no \"profile\" object at the root)");
  }
  profile_internal::Issues issues;
  profile_internal::Resolver resolver(loader, options);
  auto catalog = resolver.Resolve(*body, options.base_uri, 0, issues);
  if (!catalog) {
    return catalog.error();
  }
  return ResolutionResult{std::move(catalog).value(), std::move(issues.list())};
}

bool HasErrors(const std::vector<Finding>& issues) {
  for (const auto& f : issues) {
    if (f.severity == Finding::Severity::kError) {
      return true;
    }
  }
  return false;
}

}  // namespace ismap::oscal
