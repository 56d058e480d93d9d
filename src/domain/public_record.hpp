// What a registered cloud service's public record says beyond its line of the list (DESIGN.md §3;
// issue 8): the controls its registered statement implements, counted per chapter of the edition
// (never the entries' text, reasons or implementations), and the public name of each event of its
// registration's history. Pure: no I/O. Thread-compatible values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/criteria.hpp"
#include "domain/statement.hpp"

namespace ismap::domain {

// One chapter of the edition: how many of its controls the statement implements, of how many.
struct ChapterCount {
  std::string chapter;  // the chapter's id ("5")
  std::string title_ja;
  std::string title_en;
  int implemented = 0;
  int total = 0;
};

// Per chapter, in the edition's order: a chapter is a top-level item of the edition, and every item
// under it that is not a group and not withdrawn counts towards its total (control objectives,
// detailed controls, governance and management items alike, as Progress counts them). An item is
// implemented when the statement adopts it (the first entry for a control counts, as in
// CheckSelection). Chapters with nothing to count are left out.
std::vector<ChapterCount> ControlsByChapter(const EditionContent& edition, const std::vector<StatementEntry>& entries);

// The public name of a registration ledger event ("registration.<suffix>"), the one the change
// feed gives after its register's prefix: created → "published", renew → "renewed",
// renewal_refused, expire → "expired", suspend → "suspended", reinstate → "reinstated",
// revoke → "revoked", withdraw → "withdrawn", changed. nullopt for every other type (a renewal
// filed, anything not a registration event): not part of the public history.
std::optional<std::string_view> PublicRegistrationEvent(std::string_view ledger_type);

}  // namespace ismap::domain
