// The metadata and back-matter of a resolved catalog, and its uuid.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/crypto.hpp"
#include "oscal/profile_internal.hpp"

namespace ismap::oscal::profile_internal {
namespace {

//! The newest OSCAL version this resolver writes.
constexpr std::array<int, 3> kToolVersion = {1, 1, 3};

std::optional<std::array<int, 3>> ParseVersion(std::string_view text) {
  std::array<int, 3> v{0, 0, 0};
  std::size_t part = 0;
  bool digit = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      v[part] = v[part] * 10 + (c - '0');
      digit = true;
    } else if (c == '.' && digit && part < 2) {
      ++part;
      digit = false;
    } else {
      break;  // "1.0.0-rc2": the suffix does not count
    }
  }
  if (!digit && part == 0) {
    return std::nullopt;
  }
  return v;
}

Value Prop(std::string_view name, std::string_view value, Allocator& allocator) {
  Value prop(rapidjson::kObjectType);
  prop.AddMember("name", MakeString(name, allocator), allocator);
  prop.AddMember("value", MakeString(value, allocator), allocator);
  return prop;
}

Value& ArrayOf(Value& object, const char* key, Allocator& allocator) {
  if (!object.HasMember(key) || !object[key].IsArray()) {
    object.RemoveMember(key);
    object.AddMember(Value(key, allocator), Value(rapidjson::kArrayType), allocator);
  }
  return object[key];
}

// Roles and parties of an imported document with a keep=always prop, unless already present.
void CarryKeepAlways(const Value* from, Value& metadata, Allocator& allocator) {
  if (from == nullptr) {
    return;
  }
  for (const auto& [key, id] : {std::pair<const char*, const char*>{"roles", "id"}, {"parties", "uuid"}}) {
    const Value* items = GetArray(*from, key);
    for (rapidjson::SizeType i = 0; items != nullptr && i < items->Size(); ++i) {
      const Value& item = (*items)[i];
      if (!HasKeepAlways(item)) {
        continue;
      }
      Value& target = ArrayOf(metadata, key, allocator);
      bool present = false;
      for (const auto& existing : target.GetArray()) {
        present = present || GetString(existing, id) == GetString(item, id);
      }
      if (!present) {
        target.PushBack(Value(item, allocator), allocator);
      }
    }
  }
}

}  // namespace

std::string NewUuid() {
  std::string hex = core::RandomHex(16);
  hex[12] = '4';                                                          // version 4
  hex[16] = "89ab"[std::stoi(std::string(1, hex[16]), nullptr, 16) & 3];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

Value Metadata(const Value& profile, const std::vector<ImportSource>& sources, const std::string& uri,
               std::string_view tool, core::TimePoint now, Allocator& allocator, Issues& issues) {
  Value metadata(rapidjson::kObjectType);
  const Value* source = GetObject(profile, "metadata");
  if (source != nullptr) {
    for (auto it = source->MemberBegin(); it != source->MemberEnd(); ++it) {
      const std::string_view key(it->name.GetString(), it->name.GetStringLength());
      if (key != "last-modified" && key != "oscal-version") {
        metadata.AddMember(Value(it->name, allocator), Value(it->value, allocator), allocator);
      }
    }
  }
  if (!metadata.HasMember("title")) {
    metadata.AddMember("title", "Resolved profile", allocator);
  }
  if (!metadata.HasMember("version")) {
    metadata.AddMember("version", "0", allocator);
  }
  metadata.AddMember("last-modified", MakeString(core::FormatRfc3339(now), allocator), allocator);

  // oscal-version: the newest of the profile's and the imported documents', at most the tool's.
  std::array<int, 3> newest{0, 0, 0};
  std::vector<std::string_view> versions;
  versions.push_back(source != nullptr ? GetString(*source, "oscal-version") : "");
  for (const ImportSource& s : sources) {
    const Value* m = GetObject(*s.catalog, "metadata");
    versions.push_back(m != nullptr ? GetString(*m, "oscal-version") : "");
    CarryKeepAlways(m, metadata, allocator);
  }
  for (const std::string_view text : versions) {
    if (auto v = ParseVersion(text)) {
      if ((*v)[0] != kToolVersion[0]) {
        issues.Warning("/profile/metadata/oscal-version", kRuleOscalVersion,
                       "OSCAL " + std::string(text) + " mixed with version 1 documents");
      }
      newest = std::max(newest, *v);
    }
  }
  newest = newest == std::array<int, 3>{0, 0, 0} ? kToolVersion : std::min(newest, kToolVersion);
  const std::string version =
      std::to_string(newest[0]) + "." + std::to_string(newest[1]) + "." + std::to_string(newest[2]);
  metadata.AddMember("oscal-version", MakeString(version, allocator), allocator);

  const std::string where = uri.empty() ? "urn:uuid:" + std::string(GetString(profile, "uuid")) : uri;
  Value& props = ArrayOf(metadata, "props", allocator);
  props.PushBack(Prop("resolution-tool", tool, allocator), allocator);
  props.PushBack(Prop("source-profile", where, allocator), allocator);
  Value link(rapidjson::kObjectType);
  link.AddMember("href", MakeString(where, allocator), allocator);
  link.AddMember("rel", "source-profile", allocator);
  ArrayOf(metadata, "links", allocator).PushBack(std::move(link), allocator);
  Canonicalize(metadata, Kind::kMetadata, allocator);
  return metadata;
}

// The imported documents' resources, then the profile's; a later one replaces an earlier one with
// the same uuid (moving to the end) unless only the earlier has keep=always.
void AddBackMatter(const Value& profile, const std::vector<ImportSource>& sources, Value& catalog,
                   Allocator& allocator) {
  std::vector<const Value*> order;
  std::unordered_map<std::string_view, std::size_t> at;
  auto add_from = [&](const Value& document) {
    const Value* back_matter = GetObject(document, "back-matter");
    const Value* resources = back_matter != nullptr ? GetArray(*back_matter, "resources") : nullptr;
    for (rapidjson::SizeType i = 0; resources != nullptr && i < resources->Size(); ++i) {
      const Value& resource = (*resources)[i];
      const std::string_view uuid = GetString(resource, "uuid");
      if (auto it = at.find(uuid); it != at.end()) {
        if (HasKeepAlways(*order[it->second]) && !HasKeepAlways(resource)) {
          continue;
        }
        order[it->second] = nullptr;
      }
      at[uuid] = order.size();
      order.push_back(&resource);
    }
  };
  for (const ImportSource& source : sources) {
    add_from(*source.catalog);
  }
  add_from(profile);
  Value resources(rapidjson::kArrayType);
  for (const Value* resource : order) {
    if (resource != nullptr) {
      resources.PushBack(Value(*resource, allocator), allocator);
    }
  }
  if (!resources.Empty()) {
    Value back_matter(rapidjson::kObjectType);
    back_matter.AddMember("resources", std::move(resources), allocator);
    catalog.AddMember("back-matter", std::move(back_matter), allocator);
  }
}

}  // namespace ismap::oscal::profile_internal
