#include "domain/procurement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>
#include <unordered_set>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxPurpose = 4000;
constexpr std::size_t kMaxAdded = 5000;
constexpr std::size_t kMaxRegion = 100;

Problem Invalid(std::string reason, std::string message) {
  return Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)};
}

// Well-formed UTF-8 of at most `max` code points.
bool Fits(std::string_view text, std::size_t max) {
  return core::IsValidUtf8(text) && core::CodePointCount(text) <= max;
}

bool Blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

constexpr NameTable<GapKind, 9> kGapKinds{{
    {GapKind::kScope, "scope"},
    {GapKind::kTrack, "track"},
    {GapKind::kModel, "model"},
    {GapKind::kRegion, "region"},
    {GapKind::kValidity, "validity"},
    {GapKind::kNotRegistered, "not_registered"},
    {GapKind::kControlNotAdopted, "control_not_adopted"},
    {GapKind::kControlNotInEdition, "control_not_in_edition"},
    {GapKind::kNotDisclosed, "not_disclosed"},
}};

constexpr NameTable<CheckOutcome, 3> kOutcomes{{
    {CheckOutcome::kMeets, "meets"},
    {CheckOutcome::kUnconfirmed, "unconfirmed"},
    {CheckOutcome::kMisses, "misses"},
}};

bool Adopts(const AdoptionBits& bits, int position) {
  const auto word = static_cast<std::size_t>(position) / 64;
  return word < bits.size() && ((bits[word] >> (position % 64)) & 1U) != 0;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) {
      out += ", ";
    }
    out += part;
  }
  return out;
}

}  // namespace

std::string_view ToString(GapKind kind) { return NameOf(kGapKinds, kind); }
std::optional<GapKind> GapKindFromString(std::string_view text) { return ValueOf(kGapKinds, text); }
std::string_view ToString(CheckOutcome outcome) { return NameOf(kOutcomes, outcome); }
std::optional<CheckOutcome> CheckOutcomeFromString(std::string_view text) { return ValueOf(kOutcomes, text); }

std::vector<Problem> ListProfileProblems(const Profile& profile) {
  std::vector<Problem> problems;
  if (Blank(profile.name)) {
    problems.push_back(Invalid("profile.name_required", "a profile needs a name"));
  } else if (!Fits(profile.name, kMaxName)) {
    problems.push_back(Invalid("profile.name_too_long", fmt::format("the name is over {} characters", kMaxName)));
  }
  if (!Fits(profile.purpose, kMaxPurpose)) {
    problems.push_back(
        Invalid("profile.purpose_too_long", fmt::format("the purpose is over {} characters", kMaxPurpose)));
  }
  if (profile.edition_key.empty()) {
    problems.push_back(Invalid("profile.edition_required", "a profile names the ISMAP criteria edition"));
  }
  if (profile.added.size() > kMaxAdded) {
    problems.push_back(Invalid("profile.too_many_controls", fmt::format("at most {} added controls", kMaxAdded)));
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& added : profile.added) {
    if (!seen.emplace(added.edition_key, added.control_id).second) {
      problems.push_back(Invalid("profile.duplicate_control",
                                 fmt::format("{}:{} is added twice", added.edition_key, added.control_id)));
    }
  }
  std::set<std::string> regions;
  for (std::size_t i = 0; i < profile.conditions.regions.size(); ++i) {
    const auto& region = profile.conditions.regions[i];
    if (Blank(region) || !Fits(region, kMaxRegion) || !regions.insert(region).second) {
      problems.push_back(Invalid("profile.bad_region", fmt::format("region {} is empty, too long or repeated", i + 1)));
    }
  }
  std::set<ServiceModel> models;
  for (const auto model : profile.conditions.models) {
    if (!models.insert(model).second) {
      problems.push_back(
          Invalid("profile.duplicate_model", fmt::format("service model {} is given twice", ToString(model))));
    }
  }
  return problems;
}

std::string_view ProfileProblemField(std::string_view reason) {
  if (reason.starts_with("profile.name_")) {
    return "name";
  }
  if (reason == "profile.purpose_too_long") {
    return "purpose";
  }
  if (reason == "profile.edition_required" || reason == "profile.not_ismap_edition" ||
      reason == "criteria.edition_not_found") {
    return "edition";
  }
  if (reason == "profile.too_many_controls" || reason == "profile.duplicate_control" ||
      reason == "profile.unknown_control") {
    return "added";
  }
  if (reason == "profile.bad_region") {
    return "regions";
  }
  if (reason == "profile.duplicate_model") {
    return "models";
  }
  return {};
}

std::vector<std::string> BaselineRequirements(const EditionContent& edition, Track baseline) {
  std::vector<std::string> ids;
  for (const auto& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    const bool required = control.rule == MandatoryRule::kMandatory || control.rule == MandatoryRule::kUnlessExcluded;
    if (!required || (baseline == Track::kLiu && control.level == ControlLevel::kDetailed)) {
      continue;
    }
    ids.push_back(control.id);
  }
  return ids;
}

std::vector<Requirement> ProfileRequirements(const Profile& profile, const std::vector<std::string>& baseline) {
  std::vector<Requirement> requirements;
  std::unordered_set<std::string> seen;
  for (const auto& id : baseline) {
    if (seen.insert(id).second) {
      requirements.push_back({id, "baseline"});
    }
  }
  for (const auto& added : profile.added) {
    for (const auto& id : added.ismap_controls) {
      if (seen.insert(id).second) {
        requirements.push_back({id, added.edition_key + ":" + added.control_id});
      }
    }
  }
  return requirements;
}

EditionItems ItemsOf(const EditionContent& edition) {
  EditionItems items;
  for (const auto& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    items.position.emplace(control.id, static_cast<int>(items.ids.size()));
    items.ids.push_back(control.id);
    items.detailed.push_back(control.level == ControlLevel::kDetailed);
  }
  return items;
}

AdoptionBits AdoptionOf(const EditionItems& items, const std::vector<StatementEntry>& entries) {
  AdoptionBits bits((items.ids.size() + 63) / 64, 0);
  std::unordered_set<std::string_view> decided;
  for (const auto& entry : entries) {
    if (!decided.insert(entry.control_id).second || !entry.adopted) {
      continue;  // the first entry for a control counts
    }
    if (const auto found = items.position.find(entry.control_id); found != items.position.end()) {
      bits[static_cast<std::size_t>(found->second) / 64] |= std::uint64_t{1} << (found->second % 64);
    }
  }
  return bits;
}

std::string AdoptionHex(const AdoptionBits& bits) {
  std::string hex;
  hex.reserve(bits.size() * 16);
  for (const auto word : bits) {
    hex += fmt::format("{:016x}", word);
  }
  return hex;
}

std::optional<AdoptionBits> AdoptionFromHex(std::string_view hex) {
  if (hex.size() % 16 != 0) {
    return std::nullopt;
  }
  AdoptionBits bits;
  bits.reserve(hex.size() / 16);
  for (std::size_t i = 0; i < hex.size(); i += 16) {
    std::uint64_t word = 0;
    for (std::size_t j = i; j < i + 16; ++j) {
      const char c = hex[j];
      int digit = 0;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else {
        return std::nullopt;
      }
      word = (word << 4) | static_cast<std::uint64_t>(digit);
    }
    bits.push_back(word);
  }
  return bits;
}

CheckOutcome OutcomeOf(const std::vector<Gap>& gaps) {
  if (gaps.empty()) {
    return CheckOutcome::kMeets;
  }
  const bool only_to_confirm = std::all_of(gaps.begin(), gaps.end(), [](const Gap& gap) {
    return gap.kind == GapKind::kNotDisclosed || gap.kind == GapKind::kNotRegistered;
  });
  return only_to_confirm ? CheckOutcome::kUnconfirmed : CheckOutcome::kMisses;
}

ResolvedRequirements Resolve(const std::vector<Requirement>& requirements, const EditionItems& items) {
  ResolvedRequirements resolved;
  resolved.positions.reserve(requirements.size());
  for (const auto& requirement : requirements) {
    const auto found = items.position.find(requirement.control_id);
    resolved.positions.push_back(found == items.position.end() ? -1 : found->second);
  }
  return resolved;
}

std::vector<Gap> CheckService(const Profile& profile, const std::vector<Requirement>& requirements,
                              const ResolvedRequirements& resolved, const CandidateService& service) {
  std::vector<Gap> gaps;
  const auto& conditions = profile.conditions;
  if (profile.baseline == Track::kIsmap && service.track == Track::kLiu) {
    gaps.push_back({GapKind::kScope, "", std::string(ToString(service.track))});
  }
  if (conditions.track && *conditions.track != service.track) {
    gaps.push_back({GapKind::kTrack, "", std::string(ToString(service.track))});
  }
  if (!conditions.models.empty() &&
      std::find(conditions.models.begin(), conditions.models.end(), service.model) == conditions.models.end()) {
    gaps.push_back({GapKind::kModel, "", std::string(ToString(service.model))});
  }
  if (!conditions.regions.empty()) {
    static const std::vector<std::string> kNone;
    const auto& offered = service.regions != nullptr ? *service.regions : kNone;
    const bool any = std::any_of(offered.begin(), offered.end(), [&](const std::string& region) {
      return std::find(conditions.regions.begin(), conditions.regions.end(), region) != conditions.regions.end();
    });
    if (!any) {
      gaps.push_back({GapKind::kRegion, "", Join(offered)});
    }
  }
  if (conditions.valid_through && service.valid_until && *service.valid_until < *conditions.valid_through) {
    gaps.push_back({GapKind::kValidity, "", FormatDate(*service.valid_until)});
  }
  if (!service.registered) {
    gaps.push_back({GapKind::kNotRegistered, "", ""});
  }
  if (service.items == nullptr || service.adoption == nullptr) {
    return gaps;
  }
  int undisclosed = 0;
  for (std::size_t i = 0; i < requirements.size(); ++i) {
    const int position = resolved.positions[i];
    if (position < 0) {
      gaps.push_back({GapKind::kControlNotInEdition, requirements[i].control_id, ""});
      continue;
    }
    if (service.items->detailed[static_cast<std::size_t>(position)] && !service.disclosed) {
      ++undisclosed;
      continue;
    }
    if (!Adopts(*service.adoption, position)) {
      gaps.push_back({GapKind::kControlNotAdopted, requirements[i].control_id, ""});
    }
  }
  if (undisclosed > 0) {
    gaps.push_back({GapKind::kNotDisclosed, "", std::to_string(undisclosed)});
  }
  return gaps;
}

void FinishCheck(ProcurementCheck* check) {
  auto key = [](const CheckedService& s) {
    return std::make_tuple(static_cast<int>(s.outcome), s.number.empty(), s.number, s.name_ja, s.service.value());
  };
  std::sort(check->services.begin(), check->services.end(),
            [&key](const CheckedService& a, const CheckedService& b) { return key(a) < key(b); });
  check->meets = check->unconfirmed = check->misses = 0;
  for (const auto& service : check->services) {
    switch (service.outcome) {
      case CheckOutcome::kMeets:
        ++check->meets;
        break;
      case CheckOutcome::kUnconfirmed:
        ++check->unconfirmed;
        break;
      case CheckOutcome::kMisses:
        ++check->misses;
        break;
    }
  }
}

}  // namespace ismap::domain
