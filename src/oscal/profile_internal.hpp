// Internals of profile resolution shared by profile_*.cpp; not part of the public API (see
// profile_resolver.hpp for the behaviour). Everything here works on RapidJSON values: the source
// documents are read-only, the result is built in one output document with its allocator.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "oscal/json_schema.hpp"
#include "oscal/profile_resolver.hpp"

namespace ismap::oscal::profile_internal {

using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

// ---- small JSON helpers (profile_json.cpp) ----

// The string member `key` of `object`, or "" when absent or not a string.
std::string_view GetString(const Value& object, std::string_view key);
// The member `key` of `object` when it has the given type; nullptr otherwise.
const Value* GetArray(const Value& object, std::string_view key);
const Value* GetObject(const Value& object, std::string_view key);
Value* GetMutableArray(Value& object, std::string_view key);
// A string value allocated in `allocator`.
Value MakeString(std::string_view text, Allocator& allocator);
// True when `object` has a prop {"name": "keep", "value": "always"}.
bool HasKeepAlways(const Value& object);
// Glob match: `*` any run of characters (also none), `?` exactly one; everything else literal.
bool GlobMatch(std::string_view pattern, std::string_view text);

// Kinds of objects whose members have a canonical order.
enum class Kind { kCatalog, kMetadata, kGroup, kControl, kPart, kParam, kOther };
// Reorders the members of `object` to the OSCAL canonical order of `kind`; unknown members keep their
// relative order after the known ones. Values are moved, not copied.
void Canonicalize(Value& object, Kind kind, Allocator& allocator);

// Appends to `refs` every id `value` refers to: "{{ insert: param, ID }}" in any string, "#ID" in any
// string, and the value of any "depends-on" member.
void CollectReferences(const Value& value, std::unordered_set<std::string>* refs);

// ---- findings ----

class Issues {
 public:
  void Error(std::string pointer, std::string_view rule, std::string message);
  void Warning(std::string pointer, std::string_view rule, std::string message);
  void Add(Finding finding) { list_.push_back(std::move(finding)); }
  std::vector<Finding>& list() { return list_; }

 private:
  std::vector<Finding> list_;
};

// ---- selection (profile_select.cpp) and merge (profile_merge.cpp) ----

// One import after its document was acquired: the "catalog" object it selects from.
struct ImportSource {
  const Value* catalog = nullptr;    //!< the {"uuid":..., "metadata":..., "controls"/"groups"...} object
  const Value* directive = nullptr;  //!< the profile's import object
  std::string pointer;               //!< "/profile/imports/N"
};

// The controls of one source catalog in document order (pre-order; groups and controls in member
// order), by id and by address. The catalog must outlive the index.
class CatalogIndex {
 public:
  struct Node {
    const Value* control = nullptr;
    int parent = -1;  //!< parent control, -1 at catalog or group level
    int end = 0;      //!< one past the last descendant
  };

  explicit CatalogIndex(const Value& catalog);

  const std::vector<Node>& nodes() const { return nodes_; }
  //! Nodes with that id (several when the catalog repeats it); nullptr when none.
  const std::vector<int>* Find(std::string_view id) const;
  //! REQUIRES: `control` is a control of the indexed catalog.
  int IndexOf(const Value& control) const { return by_pointer_.at(&control); }

 private:
  void Walk(const Value& container);
  void AddControl(const Value& control, int parent);

  std::vector<Node> nodes_;
  std::unordered_map<std::string_view, std::vector<int>> by_id_;
  std::unordered_map<const Value*, int> by_pointer_;
};

// Which nodes of `index` a directive with include-all / include-controls / exclude-controls selects
// (an import, or a custom insert-controls). With `with_ancestors`, the ancestors of an included
// control are included too, unless excluded. Unknown ids and empty patterns become findings under
// `pointer`.
std::vector<char> Select(const CatalogIndex& index, const Value& directive, const std::string& pointer,
                         bool with_ancestors, Issues& issues);

enum class Structure { kFlat, kAsIs, kCustom };
enum class Combine { kKeep, kUseFirst };

struct MergeDirective {
  Structure structure = Structure::kFlat;
  Combine combine = Combine::kKeep;
  const Value* custom = nullptr;  //!< the merge/custom object when structure is kCustom
};

// Reads the profile's merge object (may be nullptr); reports malformed directives.
MergeDirective ReadMerge(const Value* merge, Issues& issues);

// Selects the controls of every import and writes them into `catalog` (an object in the output
// document) as "params" (every loose-param candidate, to be pruned after modify), "controls" and
// "groups".
void SelectAndMerge(const std::vector<ImportSource>& imports, const MergeDirective& merge, Value& catalog,
                    Allocator& allocator, Issues& issues);

// ---- modify (profile_modify.cpp) ----

// Applies the profile's modify object (may be nullptr) to the output catalog object.
void ApplyModify(const Value* modify, Value& catalog, Allocator& allocator, Issues& issues);

// ---- output (profile_output.cpp) ----

// A random version 4 uuid.
std::string NewUuid();
// The result's metadata: the profile's, with last-modified `now`, the newest oscal-version of the
// profile and `sources` (at most 1.1.3), resolution-tool and source-profile props, a source-profile
// link to `uri` ("urn:uuid:<profile uuid>" when empty), and keep=always roles and parties of `sources`.
Value Metadata(const Value& profile, const std::vector<ImportSource>& sources, const std::string& uri,
               std::string_view tool, core::TimePoint now, Allocator& allocator, Issues& issues);
// Adds "back-matter" to `catalog`: the resources of `sources` then of `profile`; a later resource
// replaces an earlier one with the same uuid (moving to the end) unless only the earlier has keep=always.
void AddBackMatter(const Value& profile, const std::vector<ImportSource>& sources, Value& catalog,
                   Allocator& allocator);

// ---- pruning (profile_json.cpp) ----

// Drops catalog-level params nothing refers to, unless keep=always or named in `protected_ids`.
void PruneLooseParams(Value& catalog, const std::unordered_set<std::string>& protected_ids, Allocator& allocator);
// Drops back-matter resources nothing refers to, unless keep=always.
void PruneResources(Value& catalog, Allocator& allocator);

}  // namespace ismap::oscal::profile_internal
