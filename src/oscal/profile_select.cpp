// Import selection: which controls of a source catalog an import (or a custom insert-controls)
// selects — include-all, include-controls and exclude-controls with with-ids, matching and
// with-child-controls — and reading the merge directive.
#include <algorithm>
#include <string>

#include "oscal/profile_internal.hpp"

namespace ismap::oscal::profile_internal {
namespace {

// Marks what one select-control-by-id object (with-ids, matching, with-child-controls) picks.
// Ids and patterns that pick nothing are reported (unknown ids in an exclusion are warnings only).
void Mark(const CatalogIndex& index, const Value& select, const std::string& pointer, bool include,
          std::vector<char>& marks, Issues& issues) {
  const bool children = GetString(select, "with-child-controls") == "yes";
  auto mark = [&](int node) {
    marks[node] = 1;
    if (children) {
      std::fill(marks.begin() + node + 1, marks.begin() + index.nodes()[node].end, 1);
    }
  };
  if (const Value* ids = GetArray(select, "with-ids")) {
    for (rapidjson::SizeType k = 0; k < ids->Size(); ++k) {
      const Value& id = (*ids)[k];
      const std::vector<int>* found = id.IsString() ? index.Find(id.GetString()) : nullptr;
      if (found == nullptr) {
        const std::string where = pointer + "/with-ids/" + std::to_string(k);
        const std::string text = id.IsString() ? std::string(id.GetString()) : "(not a string)";
        if (include) {
          issues.Error(where, kRuleUnknownControl, "no control \"" + text + "\" in the imported document");
        } else {
          issues.Warning(where, kRuleUnknownControl, "no control \"" + text + "\" to exclude");
        }
        continue;
      }
      for (int node : *found) {
        mark(node);
      }
    }
  }
  if (const Value* matching = GetArray(select, "matching")) {
    for (rapidjson::SizeType k = 0; k < matching->Size(); ++k) {
      const std::string where = pointer + "/matching/" + std::to_string(k);
      const std::string_view pattern = GetString((*matching)[k], "pattern");
      if (pattern.empty()) {
        issues.Warning(where, kRuleEmptyMatch, "matching without a pattern matches nothing");
        continue;
      }
      bool any = false;
      for (std::size_t node = 0; node < index.nodes().size(); ++node) {
        if (GlobMatch(pattern, GetString(*index.nodes()[node].control, "id"))) {
          mark(static_cast<int>(node));
          any = true;
        }
      }
      if (!any) {
        issues.Warning(where, kRuleEmptyMatch, "pattern \"" + std::string(pattern) + "\" matches no control");
      }
    }
  }
}

}  // namespace

CatalogIndex::CatalogIndex(const Value& catalog) { Walk(catalog); }

const std::vector<int>* CatalogIndex::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

void CatalogIndex::Walk(const Value& container) {
  for (auto it = container.MemberBegin(); it != container.MemberEnd(); ++it) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    if (key == "controls" && it->value.IsArray()) {
      for (const auto& control : it->value.GetArray()) {
        AddControl(control, -1);
      }
    } else if (key == "groups" && it->value.IsArray()) {
      for (const auto& group : it->value.GetArray()) {
        if (group.IsObject()) {
          Walk(group);
        }
      }
    }
  }
}

void CatalogIndex::AddControl(const Value& control, int parent) {
  if (!control.IsObject()) {
    return;
  }
  const int index = static_cast<int>(nodes_.size());
  nodes_.push_back({&control, parent, 0});
  by_id_[GetString(control, "id")].push_back(index);
  by_pointer_[&control] = index;
  if (const Value* children = GetArray(control, "controls")) {
    for (const auto& child : children->GetArray()) {
      AddControl(child, index);
    }
  }
  nodes_[index].end = static_cast<int>(nodes_.size());
}

// Which controls of `index` an import (or a custom insert-controls) selects: include-all or
// include-controls (plus their ancestors), minus exclude-controls.
std::vector<char> Select(const CatalogIndex& index, const Value& directive, const std::string& pointer,
                         bool with_ancestors, Issues& issues) {
  const std::size_t n = index.nodes().size();
  std::vector<char> included(n, 0);
  std::vector<char> excluded(n, 0);
  const bool all = directive.HasMember("include-all");
  const Value* includes = GetArray(directive, "include-controls");
  if (all) {
    std::fill(included.begin(), included.end(), 1);
  } else if (includes == nullptr) {
    issues.Warning(pointer, kRuleInvalidDirective, "neither include-all nor include-controls: nothing is included");
  }
  if (includes != nullptr && !all) {
    for (rapidjson::SizeType k = 0; k < includes->Size(); ++k) {
      Mark(index, (*includes)[k], pointer + "/include-controls/" + std::to_string(k), true, included, issues);
    }
  }
  if (const Value* excludes = GetArray(directive, "exclude-controls")) {
    for (rapidjson::SizeType k = 0; k < excludes->Size(); ++k) {
      Mark(index, (*excludes)[k], pointer + "/exclude-controls/" + std::to_string(k), false, excluded, issues);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    included[i] = included[i] && !excluded[i];
  }
  if (with_ancestors) {
    for (std::size_t i = n; i-- > 0;) {
      if (included[i]) {
        for (int p = index.nodes()[i].parent; p >= 0; p = index.nodes()[p].parent) {
          if (!excluded[p]) {
            included[p] = 1;
          }
        }
      }
    }
  }
  return included;
}

MergeDirective ReadMerge(const Value* merge, Issues& issues) {
  MergeDirective out;
  if (merge == nullptr) {
    return out;
  }
  const std::string_view method = merge->HasMember("combine") ? GetString((*merge)["combine"], "method") : "";
  if (method == "use-first") {
    out.combine = Combine::kUseFirst;
  } else if (method == "merge") {
    out.combine = Combine::kUseFirst;
    issues.Warning("/profile/merge/combine/method", kRuleMerge,
                   "combine method \"merge\" is deprecated and undefined; resolved as use-first");
  }
  int structures = 0;
  if (merge->HasMember("flat")) {
    ++structures;
  }
  const Value* as_is = merge->HasMember("as-is") ? &(*merge)["as-is"] : nullptr;
  if (as_is != nullptr && as_is->IsBool() && as_is->GetBool()) {
    ++structures;
    out.structure = Structure::kAsIs;
  }
  if (const Value* custom = GetObject(*merge, "custom")) {
    ++structures;
    out.structure = Structure::kCustom;
    out.custom = custom;
  }
  if (structures > 1) {
    issues.Error("/profile/merge", kRuleMerge, "more than one of flat, as-is and custom; resolved as flat");
    out.structure = Structure::kFlat;
    out.custom = nullptr;
  }
  return out;
}

}  // namespace ismap::oscal::profile_internal
