#include "domain/unregistered_service.hpp"

#include <set>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<ConfirmationState, 3> kStateNames = {{
    {ConfirmationState::kDraft, "draft"},
    {ConfirmationState::kSubmitted, "submitted"},
    {ConfirmationState::kApproved, "approved"},
}};
constexpr NameTable<ItemMark, 4> kMarkNames = {{
    {ItemMark::kUnmarked, "unmarked"},
    {ItemMark::kMet, "met"},
    {ItemMark::kNotMet, "not_met"},
    {ItemMark::kNotApplicable, "not_applicable"},
}};

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxRegion = 100;
constexpr std::size_t kMaxRegions = 50;
constexpr std::size_t kMaxUrl = 2000;
constexpr std::size_t kMaxText = 4000;

bool Fits(std::string_view text, std::size_t max) {
  return core::IsValidUtf8(text) && core::CodePointCount(text) <= max;
}

// Only spaces (ASCII whitespace or the ideographic space U+3000) or nothing.
bool Blank(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
      i += kIdeographicSpace.size();
    } else if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

Problem Invalid(std::string reason, std::string message) {
  return Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)};
}

}  // namespace

std::string_view ToString(ConfirmationState state) { return NameOf(kStateNames, state); }
std::string_view ToString(ItemMark mark) { return NameOf(kMarkNames, mark); }
std::optional<ConfirmationState> ConfirmationStateFromString(std::string_view text) {
  return ValueOf(kStateNames, text);
}
std::optional<ItemMark> ItemMarkFromString(std::string_view text) { return ValueOf(kMarkNames, text); }

std::vector<std::string> RequiredItems(const std::vector<Control>& controls, bool objectives_only) {
  std::vector<std::string> out;
  for (const auto& control : controls) {
    if (control.is_group || control.withdrawn || (objectives_only && control.level == ControlLevel::kDetailed)) {
      continue;
    }
    out.push_back(control.id);
  }
  return out;
}

std::vector<ConfirmationItem> AlignItems(const std::vector<std::string>& required,
                                         const std::vector<ConfirmationItem>& items) {
  std::unordered_map<std::string_view, const ConfirmationItem*> by_id;
  for (const auto& item : items) {
    by_id.emplace(item.control_id, &item);  // the first of duplicates wins
  }
  std::vector<ConfirmationItem> out;
  out.reserve(required.size());
  for (const auto& id : required) {
    const auto it = by_id.find(id);
    out.push_back(it != by_id.end() ? *it->second : ConfirmationItem{id, ItemMark::kUnmarked, ""});
  }
  return out;
}

std::vector<Problem> ListInfoProblems(const UnregisteredServiceInfo& info) {
  std::vector<Problem> problems;
  if (Blank(info.name_ja) && Blank(info.name_en)) {
    problems.push_back(Invalid("unregistered.name_required", "the service needs a Japanese or an English name"));
  }
  if (!Fits(info.name_ja, kMaxName) || !Fits(info.name_en, kMaxName)) {
    problems.push_back(Invalid("unregistered.name_too_long", "a service name is text of at most 200 characters"));
  }
  if (Blank(info.provider_name)) {
    problems.push_back(Invalid("unregistered.provider_required", "name the service's provider"));
  } else if (!Fits(info.provider_name, kMaxName)) {
    problems.push_back(Invalid("unregistered.provider_too_long", "the provider's name is at most 200 characters"));
  }
  if (info.regions.empty()) {
    problems.push_back(Invalid("unregistered.region_required", "name at least one region where data may be kept"));
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < info.regions.size(); ++i) {
    const std::string& region = info.regions[i];
    const std::string which = "region " + std::to_string(i + 1);
    if (Blank(region) || !Fits(region, kMaxRegion)) {
      problems.push_back(Invalid("unregistered.bad_region", which + ": a name of 1 to 100 characters is required"));
    } else if (!seen.insert(region).second) {
      problems.push_back(Invalid("unregistered.bad_region", which + ": \"" + region + "\" is listed twice"));
    }
  }
  if (info.regions.size() > kMaxRegions) {
    problems.push_back(Invalid("unregistered.too_many_regions",
                               std::to_string(info.regions.size()) + " regions listed, at most 50 allowed"));
  }
  if (!Fits(info.url, kMaxUrl)) {
    problems.push_back(Invalid("unregistered.url_too_long", "the URL is at most 2000 characters"));
  }
  if (!Fits(info.notes, kMaxText)) {
    problems.push_back(Invalid("unregistered.notes_too_long", "the notes are at most 4000 characters"));
  }
  if (Blank(info.need)) {
    problems.push_back(Invalid("unregistered.need_required", "say why the agency needs this service"));
  } else if (!Fits(info.need, kMaxText)) {
    problems.push_back(Invalid("unregistered.need_too_long", "the reason is at most 4000 characters"));
  }
  return problems;
}

std::vector<ItemFinding> CheckItems(const std::vector<std::string>& required,
                                    const std::vector<ConfirmationItem>& items) {
  std::unordered_map<std::string_view, const ConfirmationItem*> by_id;
  std::vector<ItemFinding> extra;
  const std::set<std::string_view> wanted(required.begin(), required.end());
  for (const auto& item : items) {
    if (wanted.count(item.control_id) == 0) {
      extra.push_back({item.control_id, "unregistered.unknown_item"});
    } else if (!by_id.emplace(item.control_id, &item).second) {
      extra.push_back({item.control_id, "unregistered.duplicate_item"});
    }
  }
  std::vector<ItemFinding> findings;
  for (const auto& id : required) {
    const auto it = by_id.find(id);
    if (it == by_id.end() || it->second->mark == ItemMark::kUnmarked) {
      findings.push_back({id, "unregistered.item_unmarked"});
      continue;
    }
    const ConfirmationItem& item = *it->second;
    if (!Fits(item.note, kMaxText)) {
      findings.push_back({id, "unregistered.note_too_long"});
    } else if (item.mark != ItemMark::kMet && Blank(item.note)) {
      findings.push_back({id, "unregistered.note_required"});
    }
  }
  findings.insert(findings.end(), extra.begin(), extra.end());
  return findings;
}

core::Result<void> Submit(UnregisteredService& record, core::TimePoint now) {
  if (record.state != ConfirmationState::kDraft) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.not_draft",
                           "only a draft confirmation can be submitted");
  }
  record.state = ConfirmationState::kSubmitted;
  record.submitted_at = now;
  record.return_reason.clear();
  return core::Ok();
}

core::Result<void> Approve(UnregisteredService& record, UserId ciso, core::TimePoint now) {
  if (record.state != ConfirmationState::kSubmitted) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.not_submitted",
                           "only a submitted confirmation can be approved");
  }
  record.state = ConfirmationState::kApproved;
  record.approved_at = now;
  record.approved_by = ciso;
  return core::Ok();
}

core::Result<void> Return(UnregisteredService& record, const std::string& reason) {
  if (record.state != ConfirmationState::kSubmitted) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.not_submitted",
                           "only a submitted confirmation can be returned");
  }
  if (Blank(reason)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "unregistered.reason_required",
                           "say why the confirmation is returned");
  }
  if (!Fits(reason, kMaxText)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "unregistered.reason_too_long",
                           "the reason is at most 4000 characters");
  }
  record.state = ConfirmationState::kDraft;
  record.return_reason = reason;
  return core::Ok();
}

}  // namespace ismap::domain
