#include "domain/public_record.hpp"

#include <unordered_map>

#include "domain/ledger.hpp"

namespace ismap::domain {

std::vector<ChapterCount> ControlsByChapter(const EditionContent& edition, const std::vector<StatementEntry>& entries) {
  std::unordered_map<std::string_view, bool> adopted;
  for (const StatementEntry& entry : entries) {
    adopted.emplace(entry.control_id, entry.adopted);  // the first entry counts
  }
  // Parents come before their children (ValidateEdition), so one pass finds every item's chapter.
  std::unordered_map<std::string_view, std::size_t> chapter_of;  // item id -> index in `out`
  std::vector<ChapterCount> out;
  for (const Control& control : edition.controls) {
    std::size_t index = 0;
    const auto parent = control.parent_id ? chapter_of.find(*control.parent_id) : chapter_of.end();
    if (parent != chapter_of.end()) {
      index = parent->second;
    } else {
      index = out.size();
      out.push_back({control.id, control.title_ja, control.title_en, 0, 0});
    }
    chapter_of.emplace(control.id, index);
    if (control.is_group || control.withdrawn) {
      continue;
    }
    ++out[index].total;
    if (const auto found = adopted.find(control.id); found != adopted.end() && found->second) {
      ++out[index].implemented;
    }
  }
  std::erase_if(out, [](const ChapterCount& chapter) { return chapter.total == 0; });
  return out;
}

std::optional<std::string_view> PublicRegistrationEvent(std::string_view ledger_type) {
  const std::string_view prefix = kEventRegistrationPrefix;
  if (ledger_type.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  const std::string_view what = ledger_type.substr(prefix.size());
  static constexpr std::pair<std::string_view, std::string_view> kPublic[] = {
      {"created", "published"}, {"renew", "renewed"},      {"renewal_refused", "renewal_refused"},
      {"expire", "expired"},    {"suspend", "suspended"},  {"reinstate", "reinstated"},
      {"revoke", "revoked"},    {"withdraw", "withdrawn"}, {"changed", "changed"},
  };
  for (const auto& [suffix, name] : kPublic) {
    if (what == suffix) {
      return name;
    }
  }
  return std::nullopt;
}

}  // namespace ismap::domain
