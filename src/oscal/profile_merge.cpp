// The merge phase: combine (keep, use-first) and structuring (flat, as-is, custom) of the selected
// controls into the output catalog, and the loose-param candidates.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "oscal/profile_internal.hpp"

namespace ismap::oscal::profile_internal {
namespace {

std::string_view Name(const Value::ConstMemberIterator& it) {
  return {it->name.GetString(), it->name.GetStringLength()};
}

Value Copy(const Value& value, Allocator& allocator) { return Value(value, allocator); }

// Writes the selected controls of one source, in its structure, into output arrays.
class Emitter {
 public:
  Emitter(const CatalogIndex& index, const std::vector<char>& included, Allocator& allocator)
      : index_(index), included_(included), allocator_(allocator) {}

  // `control` when included, otherwise its included descendants, moved up to its place.
  void CollectControl(const Value& control, Value& out) {
    if (!control.IsObject()) {
      return;
    }
    if (included_[index_.IndexOf(control)]) {
      out.PushBack(CopyControl(control), allocator_);
    } else if (const Value* children = GetArray(control, "controls")) {
      for (const auto& child : children->GetArray()) {
        CollectControl(child, out);
      }
    }
  }

  // Every included control of `container` and its groups, without the groups.
  void CollectFlat(const Value& container, Value& out) {
    for (auto it = container.MemberBegin(); it != container.MemberEnd(); ++it) {
      if (Name(it) == "controls" && it->value.IsArray()) {
        for (const auto& control : it->value.GetArray()) {
          CollectControl(control, out);
        }
      } else if (Name(it) == "groups" && it->value.IsArray()) {
        for (const auto& group : it->value.GetArray()) {
          if (group.IsObject()) {
            CollectFlat(group, out);
          }
        }
      }
    }
  }

  // The group with its non-control content, included controls and non-empty subgroups; false when
  // it holds no included control and has no keep=always prop.
  bool CopyGroup(const Value& group, Value& out) {
    Value copy(rapidjson::kObjectType);
    bool holds = false;
    for (auto it = group.MemberBegin(); it != group.MemberEnd(); ++it) {
      Value items(rapidjson::kArrayType);
      if (Name(it) == "controls" && it->value.IsArray()) {
        for (const auto& control : it->value.GetArray()) {
          CollectControl(control, items);
        }
      } else if (Name(it) == "groups" && it->value.IsArray()) {
        for (const auto& sub : it->value.GetArray()) {
          Value sub_copy;
          if (sub.IsObject() && CopyGroup(sub, sub_copy)) {
            items.PushBack(std::move(sub_copy), allocator_);
          }
        }
      } else {
        copy.AddMember(Copy(it->name, allocator_), Copy(it->value, allocator_), allocator_);
        continue;
      }
      if (!items.Empty()) {
        holds = true;
        copy.AddMember(Copy(it->name, allocator_), std::move(items), allocator_);
      }
    }
    if (!holds && !HasKeepAlways(group)) {
      return false;
    }
    emitted_groups_.insert(&group);
    out = std::move(copy);
    return true;
  }

  // Loose-param candidates: params of `container` (the catalog, or a group not written out) and of
  // every control left out, in document order.
  void CollectLooseParams(const Value& container, bool is_catalog, std::vector<const Value*>& out) {
    if (is_catalog || emitted_groups_.count(&container) == 0) {
      AppendParams(container, out);
    }
    for (auto it = container.MemberBegin(); it != container.MemberEnd(); ++it) {
      if (Name(it) == "controls" && it->value.IsArray()) {
        for (const auto& control : it->value.GetArray()) {
          ControlLooseParams(control, out);
        }
      } else if (Name(it) == "groups" && it->value.IsArray()) {
        for (const auto& group : it->value.GetArray()) {
          if (group.IsObject()) {
            CollectLooseParams(group, false, out);
          }
        }
      }
    }
  }

 private:
  static void AppendParams(const Value& object, std::vector<const Value*>& out) {
    if (const Value* params = GetArray(object, "params")) {
      for (const auto& param : params->GetArray()) {
        out.push_back(&param);
      }
    }
  }

  void ControlLooseParams(const Value& control, std::vector<const Value*>& out) {
    if (!control.IsObject()) {
      return;
    }
    if (!included_[index_.IndexOf(control)]) {
      AppendParams(control, out);
    }
    if (const Value* children = GetArray(control, "controls")) {
      for (const auto& child : children->GetArray()) {
        ControlLooseParams(child, out);
      }
    }
  }

  Value CopyControl(const Value& control) {
    Value copy(rapidjson::kObjectType);
    for (auto it = control.MemberBegin(); it != control.MemberEnd(); ++it) {
      if (Name(it) == "controls" && it->value.IsArray()) {
        Value children(rapidjson::kArrayType);
        for (const auto& child : it->value.GetArray()) {
          CollectControl(child, children);
        }
        if (!children.Empty()) {
          copy.AddMember(Copy(it->name, allocator_), std::move(children), allocator_);
        }
      } else {
        copy.AddMember(Copy(it->name, allocator_), Copy(it->value, allocator_), allocator_);
      }
    }
    return copy;
  }

  const CatalogIndex& index_;
  const std::vector<char>& included_;
  Allocator& allocator_;
  std::unordered_set<const Value*> emitted_groups_;
};

// One import's selection, kept for the custom structure and loose params.
struct Selection {
  const ImportSource* source = nullptr;
  std::unique_ptr<CatalogIndex> index;
  std::vector<char> included;
};

// merge/custom: the profile's groups, with insert-controls picking from the included controls.
class CustomBuilder {
 public:
  CustomBuilder(std::vector<Selection>& selections, Allocator& allocator, Issues& issues)
      : selections_(selections), allocator_(allocator), issues_(issues) {}

  // Builds `custom` (members groups / insert-controls) into `catalog`.
  void Build(const Value& custom, const std::string& pointer, Value& catalog) {
    Value controls(rapidjson::kArrayType);
    Value groups(rapidjson::kArrayType);
    Fill(custom, pointer, controls, groups);
    if (!controls.Empty()) {
      catalog.AddMember("controls", std::move(controls), allocator_);
    }
    if (!groups.Empty()) {
      catalog.AddMember("groups", std::move(groups), allocator_);
    }
  }

  // Included controls that no insert-controls selected: their params are loose-param candidates.
  bool WasInserted(const Value* control) const { return inserted_.count(control) > 0; }

 private:
  void Fill(const Value& container, const std::string& pointer, Value& controls, Value& groups) {
    if (const Value* inserts = GetArray(container, "insert-controls")) {
      for (rapidjson::SizeType k = 0; k < inserts->Size(); ++k) {
        Insert((*inserts)[k], pointer + "/insert-controls/" + std::to_string(k), controls);
      }
    }
    if (const Value* subgroups = GetArray(container, "groups")) {
      for (rapidjson::SizeType k = 0; k < subgroups->Size(); ++k) {
        const Value& group = (*subgroups)[k];
        Value copy(rapidjson::kObjectType);
        Value sub_controls(rapidjson::kArrayType);
        Value sub_groups(rapidjson::kArrayType);
        for (auto it = group.MemberBegin(); it != group.MemberEnd(); ++it) {
          if (Name(it) != "insert-controls" && Name(it) != "groups") {
            copy.AddMember(Copy(it->name, allocator_), Copy(it->value, allocator_), allocator_);
          }
        }
        Fill(group, pointer + "/groups/" + std::to_string(k), sub_controls, sub_groups);
        if (!sub_groups.Empty()) {
          copy.AddMember("groups", std::move(sub_groups), allocator_);
        }
        if (!sub_controls.Empty()) {
          copy.AddMember("controls", std::move(sub_controls), allocator_);
        }
        Canonicalize(copy, Kind::kGroup, allocator_);
        groups.PushBack(std::move(copy), allocator_);
      }
    }
  }

  void Insert(const Value& directive, const std::string& pointer, Value& out) {
    std::vector<const Value*> picked;
    for (auto& selection : selections_) {
      // Select among this source's controls, then keep only those the import included. Ids are
      // looked up in every source, so a miss in one is no finding: an empty selection is.
      Issues ignored;
      std::vector<char> marks = Select(*selection.index, directive, pointer, false, ignored);
      for (std::size_t i = 0; i < marks.size(); ++i) {
        if (marks[i] && selection.included[i]) {
          picked.push_back(selection.index->nodes()[i].control);
        }
      }
    }
    if (picked.empty()) {
      issues_.Warning(pointer, kRuleEmptyMatch, "insert-controls selects none of the included controls");
    }
    const std::string_view order = GetString(directive, "order");
    if (order == "ascending" || order == "descending") {
      std::stable_sort(picked.begin(), picked.end(), [order](const Value* a, const Value* b) {
        return order == "ascending" ? GetString(*a, "id") < GetString(*b, "id")
                                    : GetString(*a, "id") > GetString(*b, "id");
      });
    }
    for (const Value* control : picked) {
      Value copy(rapidjson::kObjectType);
      for (auto it = control->MemberBegin(); it != control->MemberEnd(); ++it) {
        if (Name(it) != "controls") {
          copy.AddMember(Copy(it->name, allocator_), Copy(it->value, allocator_), allocator_);
        }
      }
      out.PushBack(std::move(copy), allocator_);
      inserted_.insert(control);
    }
  }

  std::vector<Selection>& selections_;
  Allocator& allocator_;
  Issues& issues_;
  std::unordered_set<const Value*> inserted_;
};

// Ids of the params directly under controls and groups of `container`, recursively.
void CollectParamIds(const Value& container, std::unordered_set<std::string>& ids) {
  if (const Value* params = GetArray(container, "params")) {
    for (const auto& param : params->GetArray()) {
      ids.emplace(GetString(param, "id"));
    }
  }
  for (const char* key : {"controls", "groups"}) {
    if (const Value* items = GetArray(container, key)) {
      for (const auto& item : items->GetArray()) {
        CollectParamIds(item, ids);
      }
    }
  }
}

}  // namespace

void SelectAndMerge(const std::vector<ImportSource>& imports, const MergeDirective& merge, Value& catalog,
                    Allocator& allocator, Issues& issues) {
  std::vector<Selection> selections;
  std::unordered_map<std::string, std::string> first_import;  // control id -> pointer of the import that has it
  for (const ImportSource& source : imports) {
    Selection selection;
    selection.source = &source;
    selection.index = std::make_unique<CatalogIndex>(*source.catalog);
    selection.included = Select(*selection.index, *source.directive, source.pointer, true, issues);
    const auto& nodes = selection.index->nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!selection.included[i]) {
        continue;
      }
      const std::string id(GetString(*nodes[i].control, "id"));
      auto [it, fresh] = first_import.emplace(id, source.pointer);
      if (fresh) {
        continue;
      }
      if (merge.combine == Combine::kUseFirst) {
        selection.included[i] = 0;
      } else {
        issues.Warning(source.pointer, kRuleDuplicateControl,
                       "control \"" + id + "\" is included again (first by " + it->second +
                           "); both are kept (merge/combine keep): the result has a duplicate id");
      }
    }
    selections.push_back(std::move(selection));
  }

  Value controls(rapidjson::kArrayType);
  Value groups(rapidjson::kArrayType);
  std::vector<const Value*> loose;
  std::unique_ptr<CustomBuilder> custom;
  if (merge.structure == Structure::kCustom) {
    custom = std::make_unique<CustomBuilder>(selections, allocator, issues);
    custom->Build(*merge.custom, "/profile/merge/custom", catalog);
  }
  for (auto& selection : selections) {
    Emitter emitter(*selection.index, selection.included, allocator);
    const Value& source = *selection.source->catalog;
    if (merge.structure == Structure::kFlat) {
      emitter.CollectFlat(source, controls);
    } else if (merge.structure == Structure::kAsIs) {
      for (auto it = source.MemberBegin(); it != source.MemberEnd(); ++it) {
        if (Name(it) == "controls" && it->value.IsArray()) {
          for (const auto& control : it->value.GetArray()) {
            emitter.CollectControl(control, controls);
          }
        } else if (Name(it) == "groups" && it->value.IsArray()) {
          for (const auto& group : it->value.GetArray()) {
            Value copy;
            if (group.IsObject() && emitter.CopyGroup(group, copy)) {
              groups.PushBack(std::move(copy), allocator);
            }
          }
        }
      }
    }
    emitter.CollectLooseParams(source, true, loose);
    if (custom != nullptr) {
      const auto& nodes = selection.index->nodes();
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (selection.included[i] && !custom->WasInserted(nodes[i].control)) {
          if (const Value* params = GetArray(*nodes[i].control, "params")) {
            for (const auto& param : params->GetArray()) {
              loose.push_back(&param);
            }
          }
        }
      }
    }
  }
  if (!controls.Empty()) {
    catalog.AddMember("controls", std::move(controls), allocator);
  }
  if (!groups.Empty()) {
    catalog.AddMember("groups", std::move(groups), allocator);
  }

  // Loose params: every candidate whose id the result does not already hold, once.
  std::unordered_set<std::string> present;
  CollectParamIds(catalog, present);
  Value params(rapidjson::kArrayType);
  for (const Value* param : loose) {
    if (present.emplace(GetString(*param, "id")).second) {
      params.PushBack(Copy(*param, allocator), allocator);
    }
  }
  if (!params.Empty()) {
    catalog.AddMember("params", std::move(params), allocator);
  }
}

}  // namespace ismap::oscal::profile_internal
