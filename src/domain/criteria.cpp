#include "domain/criteria.hpp"

#include <array>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<CriteriaTier, 3> kTierNames = {{
    {CriteriaTier::kGovernance, "governance"},
    {CriteriaTier::kManagement, "management"},
    {CriteriaTier::kControlMeasure, "control_measure"},
}};
constexpr NameTable<ControlLevel, 4> kLevelNames = {{
    {ControlLevel::kChapter, "chapter"},
    {ControlLevel::kCategory, "category"},
    {ControlLevel::kObjective, "objective"},
    {ControlLevel::kDetailed, "detailed"},
}};
constexpr NameTable<MandatoryRule, 4> kRuleNames = {{
    {MandatoryRule::kNone, "none"},
    {MandatoryRule::kMandatory, "mandatory"},
    {MandatoryRule::kUnlessExcluded, "unless_excluded"},
    {MandatoryRule::kSelectable, "selectable"},
}};
constexpr NameTable<MappingRelationship, 4> kRelationshipNames = {{
    {MappingRelationship::kEquivalent, "equivalent"},
    {MappingRelationship::kSubset, "subset"},
    {MappingRelationship::kSuperset, "superset"},
    {MappingRelationship::kIntersects, "intersects"},
}};
constexpr NameTable<BaselineKind, 4> kBaselineKindNames = {{
    {BaselineKind::kStandard, "standard"},
    {BaselineKind::kLowImpact, "liu"},
    {BaselineKind::kAgency, "agency"},
    {BaselineKind::kImported, "imported"},
}};
constexpr NameTable<SourceFormat, 4> kFormatNames = {{
    {SourceFormat::kSkeleton, "skeleton"},
    {SourceFormat::kCsv, "csv"},
    {SourceFormat::kXlsx, "xlsx"},
    {SourceFormat::kOscalCatalog, "oscal-catalog"},
}};

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) {
      return false;
    }
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// The key two editions' controls are matched by in a diff.
std::string MatchKey(const Control& control) {
  auto number = ParseIsmapNumber(control.id);
  return number ? number->base() : control.id;
}

}  // namespace

std::string_view ToString(CriteriaTier tier) { return NameOf(kTierNames, tier); }
std::string_view ToString(ControlLevel level) { return NameOf(kLevelNames, level); }
std::string_view ToString(MandatoryRule rule) { return NameOf(kRuleNames, rule); }
std::string_view ToString(MappingRelationship relationship) { return NameOf(kRelationshipNames, relationship); }
std::string_view ToString(BaselineKind kind) { return NameOf(kBaselineKindNames, kind); }
std::string_view ToString(SourceFormat format) { return NameOf(kFormatNames, format); }
std::optional<CriteriaTier> CriteriaTierFromString(std::string_view text) { return ValueOf(kTierNames, text); }
std::optional<ControlLevel> ControlLevelFromString(std::string_view text) { return ValueOf(kLevelNames, text); }
std::optional<MandatoryRule> MandatoryRuleFromString(std::string_view text) { return ValueOf(kRuleNames, text); }
std::optional<MappingRelationship> MappingRelationshipFromString(std::string_view text) {
  return ValueOf(kRelationshipNames, text);
}
std::optional<BaselineKind> BaselineKindFromString(std::string_view text) { return ValueOf(kBaselineKindNames, text); }
std::optional<SourceFormat> SourceFormatFromString(std::string_view text) { return ValueOf(kFormatNames, text); }

std::string IsmapNumber::base() const {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      out += '.';
    }
    out += std::to_string(parts[i]);
  }
  return out;
}

CriteriaTier IsmapNumber::tier() const {
  if (parts.empty()) {
    return CriteriaTier::kControlMeasure;
  }
  if (parts[0] == 3) {
    return CriteriaTier::kGovernance;
  }
  return parts[0] == 4 ? CriteriaTier::kManagement : CriteriaTier::kControlMeasure;
}

// Hand-written rather than RE2: the grammar is four numbers and a suffix, and domain links only core.
core::Result<IsmapNumber> ParseIsmapNumber(std::string_view id) {
  auto bad = [&] {
    return Invalid("criteria.bad_ismap_id",
                   "\"" + std::string(id) + "\" is not an ISMAP item number (5, 5.1, 9.2.3, 9.2.3.11 or 9.2.3.11.PB)");
  };
  IsmapNumber number;
  std::string_view rest = id;
  for (const std::string_view suffix : {".PB", ".P", ".B"}) {
    if (rest.size() > suffix.size() && rest.ends_with(suffix)) {
      number.suffix = suffix.substr(1);
      rest.remove_suffix(suffix.size());
      break;
    }
  }
  while (true) {
    std::size_t digits = 0;
    while (digits < rest.size() && IsDigit(rest[digits])) {
      ++digits;
    }
    if (digits == 0 || digits > 4 || (digits > 1 && rest[0] == '0')) {
      return bad();
    }
    int value = 0;
    std::from_chars(rest.data(), rest.data() + digits, value);
    number.parts.push_back(value);
    rest.remove_prefix(digits);
    if (rest.empty()) {
      break;
    }
    if (rest[0] != '.') {
      return bad();
    }
    rest.remove_prefix(1);
  }
  // A suffix needs at least two numbers (the grammar's first group); a chapter has no flags.
  if (number.parts.size() > 4 || (number.parts.size() == 1 && !number.suffix.empty())) {
    return bad();
  }
  return number;
}

MandatoryRule DefaultIsmapRule(CriteriaTier tier, ControlLevel level) {
  if (level == ControlLevel::kChapter || level == ControlLevel::kCategory) {
    return MandatoryRule::kNone;
  }
  if (tier != CriteriaTier::kControlMeasure) {
    return MandatoryRule::kMandatory;
  }
  return level == ControlLevel::kObjective ? MandatoryRule::kUnlessExcluded : MandatoryRule::kSelectable;
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || key.size() > 64) {
    return false;
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alnum = (c >= 'a' && c <= 'z') || IsDigit(c);
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return false;
    }
  }
  return true;
}

core::Result<void> ValidateEdition(const EditionContent& content) {
  std::vector<std::string> problems;
  const EditionInfo& info = content.info;
  if (!IsValidKey(info.key)) {
    problems.push_back("key \"" + info.key + "\": use lower-case letters, digits, '.', '_' and '-' (at most 64)");
  } else if (info.key == "search" || info.key == "diff") {
    // /catalogs/search and /catalogs/diff are pages: an edition of that name would have no page.
    problems.push_back("key \"" + info.key + "\" is reserved: choose another");
  }
  if (!IsValidKey(info.scheme)) {
    problems.push_back("scheme \"" + info.scheme + "\": use lower-case letters, digits, '.', '_' and '-'");
  }
  if (info.title_ja.empty() && info.title_en.empty()) {
    problems.push_back("the edition has no title");
  }
  if (info.effective_date && !IsValidDate(*info.effective_date)) {
    problems.push_back("effective date \"" + *info.effective_date + "\" is not YYYY-MM-DD");
  }
  const bool ismap = info.scheme == "ismap";
  std::unordered_map<std::string, const Control*> seen;
  for (const Control& control : content.controls) {
    const std::string where = control.id.empty() ? std::string("(no id)") : control.id;
    if (control.id.empty()) {
      problems.push_back(where + ": no id");
      continue;
    }
    if (!seen.emplace(control.id, &control).second) {
      problems.push_back(where + ": the id appears twice");
      continue;
    }
    if (control.title_ja.empty() && control.title_en.empty() && !control.withdrawn) {
      problems.push_back(where + ": no title in Japanese or English");
    }
    const Control* parent = nullptr;
    if (control.parent_id) {
      auto it = seen.find(*control.parent_id);
      if (it == seen.end()) {
        problems.push_back(where + ": parent \"" + *control.parent_id + "\" is not an earlier item");
      } else {
        parent = it->second;
        if (control.is_group && !parent->is_group) {
          problems.push_back(where + ": a group cannot sit inside a control");
        }
      }
    }
    if (!ismap) {
      continue;
    }
    auto number = ParseIsmapNumber(control.id);
    if (!number) {
      problems.push_back(number.error().message);
      continue;
    }
    if (parent != nullptr) {
      auto parent_number = ParseIsmapNumber(parent->id);
      if (parent_number && parent_number->parts.size() + 1 != number->parts.size()) {
        problems.push_back(where + ": one level below its parent " + parent->id + " expected");
      }
    } else if (number->parts.size() != 1) {
      problems.push_back(where + ": has no parent");
    }
  }
  if (problems.empty()) {
    return {};
  }
  std::string message = "the edition cannot be imported:";
  for (const std::string& problem : problems) {
    message += "\n  " + problem;
  }
  return Invalid("criteria.invalid_edition", message);
}

void ApplyIsmapRules(EditionContent* content) {
  for (Control& control : content->controls) {
    auto number = ParseIsmapNumber(control.id);
    if (!number) {
      continue;  // ValidateEdition reports it
    }
    control.tier = number->tier();
    control.level = number->level();
    control.suffix = number->suffix;
    control.is_group = control.level == ControlLevel::kChapter || control.level == ControlLevel::kCategory;
    const MandatoryRule standard = DefaultIsmapRule(control.tier, control.level);
    const bool marked_mandatory = control.level == ControlLevel::kDetailed && control.rule == MandatoryRule::kMandatory;
    control.rule = marked_mandatory ? MandatoryRule::kMandatory : standard;
  }
}

BaselineContent StandardBaseline(const EditionContent& edition, std::string key) {
  BaselineContent baseline;
  baseline.info.key = std::move(key);
  baseline.info.edition_key = edition.info.key;
  baseline.info.kind = BaselineKind::kStandard;
  baseline.info.title_ja = edition.info.title_ja + " 標準ベースライン";
  baseline.info.title_en = edition.info.title_en + " standard baseline";
  for (const Control& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    baseline.entries.push_back({control.id, control.rule != MandatoryRule::kSelectable});
  }
  return baseline;
}

std::vector<BaselineEntry> WithAdditions(const std::vector<BaselineEntry>& base,
                                         const std::vector<BaselineEntry>& added) {
  std::vector<BaselineEntry> out = base;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < out.size(); ++i) {
    index.emplace(out[i].control_id, i);
  }
  for (const BaselineEntry& entry : added) {
    auto it = index.find(entry.control_id);
    if (it != index.end()) {
      out[it->second].required = true;
      continue;
    }
    index.emplace(entry.control_id, out.size());
    out.push_back({entry.control_id, true});
  }
  return out;
}

EditionDiff DiffEditions(const std::vector<Control>& before, const std::vector<Control>& after) {
  EditionDiff diff;
  std::unordered_map<std::string, const Control*> old_by_key;
  for (const Control& control : before) {
    old_by_key.emplace(MatchKey(control), &control);
  }
  std::set<std::string> matched;
  for (const Control& now : after) {
    const std::string key = MatchKey(now);
    auto it = old_by_key.find(key);
    if (it == old_by_key.end()) {
      diff.added.push_back(now);
      continue;
    }
    matched.insert(key);
    const Control& was = *it->second;
    ControlChange change{was, now, {}};
    auto compare = [&](const char* field, const auto& a, const auto& b) {
      if (a != b) {
        change.fields.emplace_back(field);
      }
    };
    compare("id", was.id, now.id);
    compare("title_ja", was.title_ja, now.title_ja);
    compare("title_en", was.title_en, now.title_en);
    compare("text_ja", was.text_ja, now.text_ja);
    compare("text_en", was.text_en, now.text_en);
    compare("rule", was.rule, now.rule);
    compare("parent", was.parent_id, now.parent_id);
    compare("withdrawn", was.withdrawn, now.withdrawn);
    if (!change.fields.empty()) {
      diff.changed.push_back(std::move(change));
    }
  }
  for (const Control& was : before) {
    if (matched.count(MatchKey(was)) == 0) {
      diff.removed.push_back(was);
    }
  }
  return diff;
}

}  // namespace ismap::domain
