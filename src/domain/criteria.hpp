// Control criteria (管理基準, DESIGN.md §1, §3; FACTS.md "Control criteria"): editions of a catalog,
// their controls, baselines drawn from them and mappings between catalogs. Pure rules: the ISMAP id
// grammar, the tier and level an id implies, the mandatory rule of each item, the standard baselines,
// and the diff between two editions.
//
// One model holds every catalog: the ISMAP criteria (chapters 3-18), NIST SP 800-53 and anything else
// loaded from OSCAL. A catalog's structure (OSCAL groups; ISMAP chapters and categories) is stored as
// controls with `is_group` set, so that a tree is one list in document order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"

namespace ismap::domain {

using EditionId = core::StrongId<struct EditionTag>;
using BaselineId = core::StrongId<struct BaselineTag>;

// ガバナンス基準 (ch. 3), マネジメント基準 (ch. 4), 管理策基準 (ch. 5-18). Other catalogs: kControlMeasure.
enum class CriteriaTier { kGovernance, kManagement, kControlMeasure };
// Chapter 5, category 5.1, control objective 5.1.1 (統制目標), detailed control 5.1.1.1 (詳細管理策).
// OSCAL catalogs: top-level groups are chapters, nested groups categories, controls objectives and
// their enhancements detailed controls.
enum class ControlLevel { kChapter, kCategory, kObjective, kDetailed };
// kNone for groups; kMandatory must be adopted; kUnlessExcluded must be adopted or excluded with a
// reason (every ISMAP control objective); kSelectable is the provider's choice from its risk analysis.
enum class MandatoryRule { kNone, kMandatory, kUnlessExcluded, kSelectable };
enum class MappingRelationship { kEquivalent, kSubset, kSuperset, kIntersects };
// kStandard: the ISMAP baseline; kLowImpact: ISMAP-LIU; kAgency: an agency's profile adding to a
// baseline; kImported: an OSCAL profile loaded as it is (NIST LOW, FedRAMP HIGH, ...).
enum class BaselineKind { kStandard, kLowImpact, kAgency, kImported };

// The single mapping between each enum and its text in the database, JSON, CSV and URLs.
std::string_view ToString(CriteriaTier tier);
std::string_view ToString(ControlLevel level);
std::string_view ToString(MandatoryRule rule);
std::string_view ToString(MappingRelationship relationship);
std::string_view ToString(BaselineKind kind);
std::optional<CriteriaTier> CriteriaTierFromString(std::string_view text);
std::optional<ControlLevel> ControlLevelFromString(std::string_view text);
std::optional<MandatoryRule> MandatoryRuleFromString(std::string_view text);
std::optional<MappingRelationship> MappingRelationshipFromString(std::string_view text);
std::optional<BaselineKind> BaselineKindFromString(std::string_view text);

// An ISMAP item number: "5", "5.1", "9.2.3", "9.2.3.11" or "9.2.3.11.PB". FACTS.md gives the grammar
// `^(\d+(\.\d+){1,3})(\.(PB|P|B))?$` (plus a bare chapter number). The suffix's meaning is
// unconfirmed, so it is kept as data and no rule reads it.
struct IsmapNumber {
  std::vector<int> parts;  // 1 to 4 numbers
  std::string suffix;      // "", "P", "B" or "PB"

  std::string base() const;  // "9.2.3.11" without the suffix
  ControlLevel level() const { return static_cast<ControlLevel>(parts.size() - 1); }
  CriteriaTier tier() const;  // from the chapter: 3 governance, 4 management, else control measure
};
// kInvalidArgument (criteria.bad_ismap_id) naming the id.
core::Result<IsmapNumber> ParseIsmapNumber(std::string_view id);

// ISMAP's rule for an item that is not a group: governance and management items are mandatory,
// objectives mandatory unless excluded, detailed controls selectable (an edition marks the
// mandatory ones explicitly).
MandatoryRule DefaultIsmapRule(CriteriaTier tier, ControlLevel level);

struct Control {
  std::string id;                        // unique in its edition ("9.2.3.11.PB", "ac-2.1", "ac")
  std::optional<std::string> parent_id;  // the enclosing group or control; none at the top
  bool is_group = false;                 // chapter/category/OSCAL group: structure, not a requirement
  CriteriaTier tier = CriteriaTier::kControlMeasure;
  ControlLevel level = ControlLevel::kObjective;
  MandatoryRule rule = MandatoryRule::kNone;
  std::string suffix;  // ISMAP flags "P", "B", "PB" or ""
  std::string title_ja;
  std::string title_en;
  std::string text_ja;
  std::string text_en;
  bool withdrawn = false;
  // What the source said that the fields above do not hold, as JSON, kept for export: the OSCAL
  // group or control object without its child groups and controls; for CSV and XLSX, the columns
  // this program does not know as {"column": "value"}. Empty when there is nothing.
  std::string source_json;
};

// Where an edition came from. The formats are those `ismap catalog import` reads.
enum class SourceFormat { kSkeleton, kCsv, kXlsx, kOscalCatalog };
std::string_view ToString(SourceFormat format);
std::optional<SourceFormat> SourceFormatFromString(std::string_view text);

struct EditionInfo {
  std::string key;                            // stable name in URLs and CLI: [a-z0-9][a-z0-9._-]{0,63}, "ismap-2024-07"
  std::string scheme;                         // "ismap", "nist-sp800-53", "iso-27002", ... same grammar as key
  std::string version;                        // the edition's own version text
  std::optional<std::string> effective_date;  // YYYY-MM-DD
  std::string source;                         // document or file the text came from
  SourceFormat format = SourceFormat::kSkeleton;
  std::string title_ja;
  std::string title_en;
  // The source document without its controls (OSCAL: metadata, params, back-matter), kept verbatim
  // so export gives back what was imported. Empty when there is nothing.
  std::string source_json;
};

struct EditionContent {
  EditionInfo info;
  std::vector<Control> controls;  // document order: every parent before its children
};

struct Edition {
  EditionId id;
  EditionInfo info;
  std::int64_t control_count = 0;  // items that are not groups
  core::TimePoint created_at;
};

// Checks what import must refuse: key and scheme grammar, titles present (one language at least),
// unique ids, parents that exist and come first, no group under a control, and for the "ismap"
// scheme the id grammar with a level one below the parent's. Every problem is listed, in order, as
// "<control id>: <problem>"; kInvalidArgument (criteria.invalid_edition) when there is any.
core::Result<void> ValidateEdition(const EditionContent& content);
bool IsValidKey(std::string_view key);

// Fills tier, level and rule of every item of an "ismap" edition from its id, keeping an explicit
// kMandatory on a detailed control (the important ones the edition marks).
void ApplyIsmapRules(EditionContent* content);

struct BaselineEntry {
  std::string control_id;
  bool required = false;  // must be adopted (or, for an objective, excluded with a reason)
};

struct BaselineInfo {
  std::string key;  // same grammar as an edition key
  std::string edition_key;
  BaselineKind kind = BaselineKind::kStandard;
  std::string title_ja;
  std::string title_en;
  std::optional<std::string> based_on;  // the baseline an agency profile adds to
  std::string source_json;              // an imported OSCAL profile, verbatim
};

struct BaselineContent {
  BaselineInfo info;
  std::vector<BaselineEntry> entries;  // in catalog order
};

struct Baseline {
  BaselineId id;
  BaselineInfo info;
  std::int64_t entry_count = 0;
  core::TimePoint created_at;
};

// The ISMAP baseline of an edition: every item that is not a group; required unless selectable.
BaselineContent StandardBaseline(const EditionContent& edition, std::string key);
// `base` with `added` appended (added entries are required; ones already in `base` become required).
std::vector<BaselineEntry> WithAdditions(const std::vector<BaselineEntry>& base,
                                         const std::vector<BaselineEntry>& added);

struct ControlRef {
  std::string edition_key;
  std::string control_id;
};

struct ControlMapping {
  ControlRef from;
  ControlRef to;
  MappingRelationship relationship = MappingRelationship::kEquivalent;
  std::string source_document;  // the crosswalk the mapping was read from
};

// Added, removed and changed controls between two editions, matched by id (for ISMAP ids, by the
// number without its suffix, so a control that gains ".P" is changed, not removed and added).
struct ControlChange {
  Control before;
  Control after;
  std::vector<std::string> fields;  // "id", "title_ja", "title_en", "text_ja", "text_en", "rule", "parent", "withdrawn"
};
struct EditionDiff {
  std::vector<Control> added;
  std::vector<Control> removed;
  std::vector<ControlChange> changed;
};
EditionDiff DiffEditions(const std::vector<Control>& before, const std::vector<Control>& after);

}  // namespace ismap::domain
