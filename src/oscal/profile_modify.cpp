// The modify phase: set-parameters and alters (removes, then adds) on the merged catalog.
//
// Pointer stability: the indexes below hold pointers to controls and params inside the output
// document. Modifications only change the members of those objects (and arrays nested in them),
// never the arrays that hold controls, so the pointers stay valid: RapidJSON moves an array's
// elements only when that array itself grows or shrinks.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "oscal/profile_internal.hpp"
#include "oscal/profile_resolver.hpp"

namespace ismap::oscal::profile_internal {
namespace {

constexpr std::string_view kOscalNamespace = "http://csrc.nist.gov/ns/oscal";

using Index = std::unordered_map<std::string, std::vector<Value*>>;

Value Copy(const Value& value, Allocator& allocator) { return Value(value, allocator); }

void IndexControls(Value& container, Index& out) {
  for (const char* key : {"controls", "groups"}) {
    if (Value* items = GetMutableArray(container, key)) {
      for (auto& item : items->GetArray()) {
        if (!item.IsObject()) {
          continue;
        }
        if (std::string_view(key) == "controls") {
          out[std::string(GetString(item, "id"))].push_back(&item);
        }
        IndexControls(item, out);
      }
    }
  }
}

void IndexParams(Value& container, Index& out) {
  if (Value* params = GetMutableArray(container, "params")) {
    for (auto& param : params->GetArray()) {
      out[std::string(GetString(param, "id"))].push_back(&param);
    }
  }
  for (const char* key : {"controls", "groups"}) {
    if (Value* items = GetMutableArray(container, key)) {
      for (auto& item : items->GetArray()) {
        IndexParams(item, out);
      }
    }
  }
}

// Returns the array member `key` of `object`, creating it when absent.
Value& ArrayMember(Value& object, std::string_view key, Allocator& allocator) {
  if (Value* array = GetMutableArray(object, key)) {
    return *array;
  }
  object.AddMember(MakeString(key, allocator), Value(rapidjson::kArrayType), allocator);
  return *GetMutableArray(object, key);
}

// Copies of `items` at the start or end of the array `key` of `object`.
void InsertItems(Value& object, std::string_view key, const Value& items, bool at_start, Allocator& allocator) {
  Value& array = ArrayMember(object, key, allocator);
  if (!at_start) {
    for (const auto& item : items.GetArray()) {
      array.PushBack(Copy(item, allocator), allocator);
    }
    return;
  }
  Value out(rapidjson::kArrayType);
  out.Reserve(array.Size() + items.Size(), allocator);
  for (const auto& item : items.GetArray()) {
    out.PushBack(Copy(item, allocator), allocator);
  }
  for (auto& item : array.GetArray()) {
    out.PushBack(std::move(item), allocator);
  }
  array = std::move(out);
}

void SetParameter(const Value& setting, Value& param, Allocator& allocator) {
  for (auto it = setting.MemberBegin(); it != setting.MemberEnd(); ++it) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    if (key == "param-id") {
      continue;
    }
    if ((key == "props" || key == "links" || key == "constraints" || key == "guidelines") && it->value.IsArray()) {
      Value& target = ArrayMember(param, key, allocator);
      for (const auto& item : it->value.GetArray()) {
        // A prop with the uuid of an existing one replaces it (its distinct id).
        const std::string_view uuid = key == "props" ? GetString(item, "uuid") : std::string_view();
        bool replaced = false;
        for (auto& existing : target.GetArray()) {
          if (!uuid.empty() && GetString(existing, "uuid") == uuid) {
            existing = Copy(item, allocator);
            replaced = true;
          }
        }
        if (!replaced) {
          target.PushBack(Copy(item, allocator), allocator);
        }
      }
      continue;
    }
    // class, depends-on, label, usage, values, select: replace.
    if (param.HasMember(it->name)) {
      param[it->name] = Copy(it->value, allocator);
    } else {
      param.AddMember(Copy(it->name, allocator), Copy(it->value, allocator), allocator);
    }
  }
  Canonicalize(param, Kind::kParam, allocator);
}

// ---- removes ----

struct Removal {
  std::string_view by_id, by_name, by_class, by_ns, by_item_name;
  bool Empty() const {
    return by_id.empty() && by_name.empty() && by_class.empty() && by_ns.empty() && by_item_name.empty();
  }
};

bool Matches(const Value& object, std::string_view item_name, const Removal& r) {
  if (!object.IsObject()) {
    return false;
  }
  if (!r.by_item_name.empty() && r.by_item_name != item_name) {
    return false;
  }
  if (!r.by_id.empty() && GetString(object, "id") != r.by_id) {
    return false;
  }
  if (!r.by_name.empty() && GetString(object, "name") != r.by_name) {
    return false;
  }
  if (!r.by_class.empty() && GetString(object, "class") != r.by_class) {
    return false;
  }
  if (!r.by_ns.empty()) {
    std::string_view ns = GetString(object, "ns");
    if (ns.empty() && (item_name == "prop" || item_name == "part")) {
      ns = kOscalNamespace;  // the default namespace of props and parts
    }
    if (ns != r.by_ns) {
      return false;
    }
  }
  return true;
}

// Removes matching objects from the params, props, links and parts of `object`, at any depth, but
// not from child controls. Returns how many were removed.
int RemoveFrom(Value& object, const Removal& removal) {
  static constexpr std::pair<const char*, std::string_view> kArrays[] = {
      {"params", "param"}, {"props", "prop"}, {"links", "link"}, {"parts", "part"}};
  int removed = 0;
  for (const auto& [key, item_name] : kArrays) {
    Value* array = GetMutableArray(object, key);
    if (array == nullptr) {
      continue;
    }
    for (rapidjson::SizeType i = 0; i < array->Size();) {
      if (Matches((*array)[i], item_name, removal)) {
        array->Erase(array->Begin() + i);
        ++removed;
      } else {
        if ((*array)[i].IsObject()) {
          removed += RemoveFrom((*array)[i], removal);
        }
        ++i;
      }
    }
    if (array->Empty()) {
      object.EraseMember(key);
    }
  }
  return removed;
}

// ---- adds ----

// Where an add's by-id points.
struct Target {
  Value* object = nullptr;
  Kind kind = Kind::kOther;
  Value* parent = nullptr;  //!< the object whose array holds `object`
  Kind parent_kind = Kind::kOther;
  std::string_view array_key;  //!< "params", "parts" or "controls"
  rapidjson::SizeType index = 0;
};

bool FindById(Value& object, Kind kind, std::string_view id, Target* out) {
  static constexpr std::pair<const char*, Kind> kArrays[] = {
      {"params", Kind::kParam}, {"parts", Kind::kPart}, {"controls", Kind::kControl}};
  for (const auto& [key, item_kind] : kArrays) {
    Value* array = GetMutableArray(object, key);
    if (array == nullptr) {
      continue;
    }
    for (rapidjson::SizeType i = 0; i < array->Size(); ++i) {
      Value& item = (*array)[i];
      if (GetString(item, "id") == id) {
        *out = Target{&item, item_kind, &object, kind, key, i};
        return true;
      }
      if (item.IsObject() && FindById(item, item_kind, id, out)) {
        return true;
      }
    }
  }
  return false;
}

std::vector<std::string_view> ContentKeys(Kind kind) {
  switch (kind) {
    case Kind::kControl:
      return {"params", "props", "links", "parts"};
    case Kind::kPart:
      return {"props", "links", "parts"};
    case Kind::kParam:
      return {"props", "links"};
    default:
      return {};
  }
}

// Adds the content of `add` inside `target` (at its start or end); `skip` names a key handled elsewhere.
void AddInside(const Value& add, Value& target, Kind kind, bool at_start, std::string_view skip,
               const std::string& pointer, Allocator& allocator, Issues& issues) {
  const std::vector<std::string_view> allowed = ContentKeys(kind);
  for (auto it = add.MemberBegin(); it != add.MemberEnd(); ++it) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    if (key == "position" || key == "by-id" || key == skip) {
      continue;
    }
    if (key == "title" && it->value.IsString()) {
      if (kind == Kind::kControl || kind == Kind::kPart) {
        if (target.HasMember("title")) {
          target["title"] = Copy(it->value, allocator);
        } else {
          target.AddMember("title", Copy(it->value, allocator), allocator);
        }
      } else {
        issues.Warning(pointer + "/title", kRuleInvalidDirective, "a param has no title; the title is ignored");
      }
      continue;
    }
    if (!it->value.IsArray()) {
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      issues.Warning(pointer + "/" + std::string(key), kRuleInvalidDirective,
                     "the target of this add cannot hold " + std::string(key) + "; they are ignored");
      continue;
    }
    InsertItems(target, key, it->value, at_start, allocator);
  }
  Canonicalize(target, kind, allocator);
}

void ApplyAdd(const Value& add, Value& control, const std::string& pointer, bool report, Allocator& allocator,
              Issues& issues) {
  std::string_view position = GetString(add, "position");
  if (position.empty()) {
    position = "ending";
  }
  const std::string_view by_id = GetString(add, "by-id");
  // A by-id naming the control itself: the specification calls such an add inoperative, but FedRAMP's
  // published resolved catalogs apply it to the control as if by-id were absent; so do we.
  if (by_id.empty() || by_id == GetString(control, "id")) {
    AddInside(add, control, Kind::kControl, position == "starting" || position == "before", "", pointer, allocator,
              issues);
    return;
  }
  Target target;
  if (!FindById(control, Kind::kControl, by_id, &target)) {
    if (report) {
      issues.Warning(pointer + "/by-id", kRuleUnknownTarget,
                     "control \"" + std::string(GetString(control, "id")) + "\" holds nothing with id \"" +
                         std::string(by_id) + "\"; the add is ignored");
    }
    return;
  }
  if (position == "starting" || position == "ending") {
    AddInside(add, *target.object, target.kind, position == "starting", "", pointer, allocator, issues);
    return;
  }
  // before / after: items of the target's own kind go right beside it, the rest into its parent.
  const bool after = position == "after";
  Value& siblings = *GetMutableArray(*target.parent, target.array_key);
  // (Never into a "controls" array: an add cannot carry controls, and the control index points into them.)
  const Value* same = target.array_key == "controls" ? nullptr : GetArray(add, target.array_key);
  if (same != nullptr) {
    Value out(rapidjson::kArrayType);
    out.Reserve(siblings.Size() + same->Size(), allocator);
    for (rapidjson::SizeType i = 0; i < siblings.Size(); ++i) {
      if (i == target.index && !after) {
        for (const auto& item : same->GetArray()) {
          out.PushBack(Copy(item, allocator), allocator);
        }
      }
      out.PushBack(std::move(siblings[i]), allocator);
      if (i == target.index && after) {
        for (const auto& item : same->GetArray()) {
          out.PushBack(Copy(item, allocator), allocator);
        }
      }
    }
    siblings = std::move(out);
  }
  AddInside(add, *target.parent, target.parent_kind, !after, target.array_key, pointer, allocator, issues);
}

}  // namespace

void ApplyModify(const Value* modify, Value& catalog, Allocator& allocator, Issues& issues) {
  if (modify == nullptr) {
    return;
  }
  if (const Value* settings = GetArray(*modify, "set-parameters")) {
    Index params;
    IndexParams(catalog, params);
    for (rapidjson::SizeType i = 0; i < settings->Size(); ++i) {
      const Value& setting = (*settings)[i];
      const std::string id(GetString(setting, "param-id"));
      auto it = params.find(id);
      if (it == params.end()) {
        issues.Warning("/profile/modify/set-parameters/" + std::to_string(i), kRuleUnknownParam,
                       "no param \"" + id + "\" in the resolved catalog; the setting is ignored");
        continue;
      }
      for (Value* param : it->second) {
        SetParameter(setting, *param, allocator);
      }
    }
  }
  if (const Value* alters = GetArray(*modify, "alters")) {
    Index controls;
    IndexControls(catalog, controls);
    for (rapidjson::SizeType i = 0; i < alters->Size(); ++i) {
      const Value& alter = (*alters)[i];
      const std::string pointer = "/profile/modify/alters/" + std::to_string(i);
      const std::string id(GetString(alter, "control-id"));
      auto it = controls.find(id);
      if (it == controls.end()) {
        issues.Warning(pointer + "/control-id", kRuleUnknownControl,
                       "no control \"" + id + "\" in the resolved catalog; the alter is ignored");
        continue;
      }
      const Value* removes = GetArray(alter, "removes");
      const Value* adds = GetArray(alter, "adds");
      bool report = true;  // report problems once, not once per duplicate of the control
      for (Value* control : it->second) {
        for (rapidjson::SizeType j = 0; removes != nullptr && j < removes->Size(); ++j) {
          const Value& r = (*removes)[j];
          const Removal removal{GetString(r, "by-id"), GetString(r, "by-name"), GetString(r, "by-class"),
                                GetString(r, "by-ns"), GetString(r, "by-item-name")};
          const std::string where = pointer + "/removes/" + std::to_string(j);
          if (removal.Empty()) {
            if (report) {
              issues.Warning(where, kRuleInvalidDirective, "a remove without criteria removes nothing");
            }
            continue;
          }
          if (RemoveFrom(*control, removal) == 0 && report) {
            issues.Warning(where, kRuleNothingRemoved, "nothing in control \"" + id + "\" matches this remove");
          }
        }
        for (rapidjson::SizeType j = 0; adds != nullptr && j < adds->Size(); ++j) {
          ApplyAdd((*adds)[j], *control, pointer + "/adds/" + std::to_string(j), report, allocator, issues);
        }
        Canonicalize(*control, Kind::kControl, allocator);
        report = false;
      }
    }
  }
}

}  // namespace ismap::oscal::profile_internal
