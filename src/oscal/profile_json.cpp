// JSON helpers of profile resolution: member access, canonical member order, references, pruning.
#include <utility>

#include "oscal/profile_internal.hpp"

namespace ismap::oscal::profile_internal {
namespace {

rapidjson::SizeType Size(std::string_view s) { return static_cast<rapidjson::SizeType>(s.size()); }

const Value* Find(const Value& object, std::string_view key) {
  if (!object.IsObject()) {
    return nullptr;
  }
  auto it = object.FindMember(Value(rapidjson::StringRef(key.data(), Size(key))));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// Canonical member orders, from the OSCAL 1.1.3 complete JSON schema.
std::vector<std::string_view> Order(Kind kind) {
  switch (kind) {
    case Kind::kCatalog:
      return {"uuid", "metadata", "params", "controls", "groups", "back-matter"};
    case Kind::kMetadata:
      return {
          "title", "published", "last-modified", "version", "oscal-version",       "revisions", "document-ids", "props",
          "links", "roles",     "locations",     "parties", "responsible-parties", "actions",   "remarks"};
    case Kind::kGroup:
      return {"id", "class", "title", "params", "props", "links", "parts", "groups", "controls"};
    case Kind::kControl:
      return {"id", "class", "title", "params", "props", "links", "parts", "controls"};
    case Kind::kPart:
      return {"id", "name", "ns", "class", "title", "props", "prose", "parts", "links"};
    case Kind::kParam:
      return {"id",    "class",       "depends-on", "props",  "links",  "label",
              "usage", "constraints", "guidelines", "values", "select", "remarks"};
    case Kind::kOther:
      break;
  }
  return {};
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

void ScanString(std::string_view s, std::unordered_set<std::string>* refs) {
  // "#id" anywhere: hrefs ("#uuid") and Markdown links ("[text](#uuid)").
  for (std::size_t hash = s.find('#'); hash != std::string_view::npos; hash = s.find('#', hash + 1)) {
    std::size_t end = hash + 1;
    while (end < s.size() && IsIdChar(s[end])) {
      ++end;
    }
    if (end > hash + 1) {
      refs->emplace(s.substr(hash + 1, end - hash - 1));
    }
  }
  // "{{ insert: param, id }}" with any spacing.
  constexpr std::string_view kInsert = "insert:";
  for (std::size_t at = s.find("{{"); at != std::string_view::npos; at = s.find("{{", at + 2)) {
    std::size_t p = at + 2;
    while (p < s.size() && s[p] == ' ') {
      ++p;
    }
    if (s.substr(p, kInsert.size()) != kInsert) {
      continue;
    }
    p += kInsert.size();
    while (p < s.size() && s[p] == ' ') {
      ++p;
    }
    if (s.substr(p, 5) != "param") {
      continue;
    }
    p += 5;
    while (p < s.size() && (s[p] == ' ' || s[p] == ',')) {
      ++p;
    }
    std::size_t end = p;
    while (end < s.size() && IsIdChar(s[end])) {
      ++end;
    }
    if (end > p) {
      refs->emplace(s.substr(p, end - p));
    }
  }
}

// Keeps the elements of the array `key` of `object` for which keep(element) is true, iterating until
// no more are kept: an element kept late may refer to one dropped earlier.
template <class Keep>
void PruneArray(Value& object, std::string_view key, std::unordered_set<std::string>& refs, Keep keep,
                Allocator& allocator) {
  Value* array = GetMutableArray(object, key);
  if (array == nullptr) {
    return;
  }
  std::vector<char> kept(array->Size(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
      if (!kept[i] && keep((*array)[i], refs)) {
        kept[i] = 1;
        changed = true;
        CollectReferences((*array)[i], &refs);
      }
    }
  }
  Value out(rapidjson::kArrayType);
  for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
    if (kept[i]) {
      out.PushBack(std::move((*array)[i]), allocator);
    }
  }
  if (out.Empty()) {
    object.EraseMember(Value(rapidjson::StringRef(key.data(), Size(key))));
  } else {
    *array = std::move(out);
  }
}

// References from everything in `catalog` except the member `skip`.
std::unordered_set<std::string> ReferencesOutside(const Value& catalog, std::string_view skip) {
  std::unordered_set<std::string> refs;
  for (auto it = catalog.MemberBegin(); it != catalog.MemberEnd(); ++it) {
    if (std::string_view(it->name.GetString(), it->name.GetStringLength()) != skip) {
      CollectReferences(it->value, &refs);
    }
  }
  return refs;
}

}  // namespace

std::string_view GetString(const Value& object, std::string_view key) {
  const Value* v = Find(object, key);
  return v != nullptr && v->IsString() ? std::string_view(v->GetString(), v->GetStringLength()) : std::string_view();
}

const Value* GetArray(const Value& object, std::string_view key) {
  const Value* v = Find(object, key);
  return v != nullptr && v->IsArray() ? v : nullptr;
}

const Value* GetObject(const Value& object, std::string_view key) {
  const Value* v = Find(object, key);
  return v != nullptr && v->IsObject() ? v : nullptr;
}

Value* GetMutableArray(Value& object, std::string_view key) { return const_cast<Value*>(GetArray(object, key)); }

Value MakeString(std::string_view text, Allocator& allocator) { return Value(text.data(), Size(text), allocator); }

bool HasKeepAlways(const Value& object) {
  const Value* props = GetArray(object, "props");
  if (props == nullptr) {
    return false;
  }
  for (const auto& prop : props->GetArray()) {
    if (GetString(prop, "name") == "keep" && GetString(prop, "value") == "always") {
      return true;
    }
  }
  return false;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point for the last '*' (linear-ish, no recursion).
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

void Canonicalize(Value& object, Kind kind, Allocator& allocator) {
  if (!object.IsObject()) {
    return;
  }
  const std::vector<std::string_view> order = Order(kind);
  Value out(rapidjson::kObjectType);
  std::vector<char> moved(object.MemberCount(), 0);
  for (const std::string_view key : order) {
    rapidjson::SizeType i = 0;
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it, ++i) {
      if (!moved[i] && std::string_view(it->name.GetString(), it->name.GetStringLength()) == key) {
        out.AddMember(std::move(it->name), std::move(it->value), allocator);
        moved[i] = 1;
        break;
      }
    }
  }
  rapidjson::SizeType i = 0;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it, ++i) {
    if (!moved[i]) {
      out.AddMember(std::move(it->name), std::move(it->value), allocator);
    }
  }
  object = std::move(out);
}

void CollectReferences(const Value& value, std::unordered_set<std::string>* refs) {
  if (value.IsString()) {
    ScanString(std::string_view(value.GetString(), value.GetStringLength()), refs);
  } else if (value.IsArray()) {
    for (const auto& item : value.GetArray()) {
      CollectReferences(item, refs);
    }
  } else if (value.IsObject()) {
    for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
      if (it->value.IsString() && std::string_view(it->name.GetString()) == "depends-on") {
        refs->emplace(it->value.GetString(), it->value.GetStringLength());
      }
      CollectReferences(it->value, refs);
    }
  }
}

void Issues::Error(std::string pointer, std::string_view rule, std::string message) {
  list_.push_back(Finding{std::move(pointer), "", std::string(rule), std::move(message), Finding::Severity::kError});
}

void Issues::Warning(std::string pointer, std::string_view rule, std::string message) {
  list_.push_back(Finding{std::move(pointer), "", std::string(rule), std::move(message), Finding::Severity::kWarning});
}

void PruneLooseParams(Value& catalog, const std::unordered_set<std::string>& protected_ids, Allocator& allocator) {
  std::unordered_set<std::string> refs = ReferencesOutside(catalog, "params");
  auto keep = [&protected_ids](const Value& param, const std::unordered_set<std::string>& known) {
    const std::string id(GetString(param, "id"));
    return known.count(id) > 0 || protected_ids.count(id) > 0 || HasKeepAlways(param);
  };
  PruneArray(catalog, "params", refs, keep, allocator);
}

void PruneResources(Value& catalog, Allocator& allocator) {
  Value* back_matter = const_cast<Value*>(GetObject(catalog, "back-matter"));
  if (back_matter == nullptr) {
    return;
  }
  std::unordered_set<std::string> refs = ReferencesOutside(catalog, "back-matter");
  auto keep = [](const Value& resource, const std::unordered_set<std::string>& known) {
    return known.count(std::string(GetString(resource, "uuid"))) > 0 || HasKeepAlways(resource);
  };
  PruneArray(*back_matter, "resources", refs, keep, allocator);
  if (back_matter->ObjectEmpty()) {
    catalog.EraseMember("back-matter");
  }
}

}  // namespace ismap::oscal::profile_internal
