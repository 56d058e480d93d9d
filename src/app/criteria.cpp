#include "app/criteria.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/ledger.hpp"
#include "core/text.hpp"

namespace ismap::app {
namespace {

core::Error BadMapping(const std::string& message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "criteria.bad_mapping", message);
}

// Control ids of an edition, from the store or from the import in hand.
class KnownControls {
 public:
  explicit KnownControls(storage::UnitOfWork& uow) : uow_(uow) {}

  void Add(const domain::EditionContent& edition) {
    auto& ids = ids_[edition.info.key];
    for (const auto& c : edition.controls) {
      ids.insert(c.id);
    }
  }

  // nullopt when the edition is not stored (nor being imported).
  core::Result<std::optional<bool>> Has(const domain::ControlRef& ref) {
    auto it = ids_.find(ref.edition_key);
    if (it == ids_.end()) {
      auto edition = uow_.Catalog().GetEdition(ref.edition_key);
      if (!edition) {
        if (edition.error().code == core::ErrorCode::kNotFound) {
          return std::optional<bool>();
        }
        return edition.error();
      }
      ISMAP_ASSIGN_OR_RETURN(auto controls, uow_.Catalog().Controls(edition->id));
      auto& ids = ids_[ref.edition_key];
      for (const auto& c : controls) {
        ids.insert(c.id);
      }
      it = ids_.find(ref.edition_key);
    }
    return std::optional<bool>(it->second.count(ref.control_id) > 0);
  }

 private:
  storage::UnitOfWork& uow_;
  std::map<std::string, std::set<std::string>> ids_;
};

core::Result<void> CheckMappings(KnownControls& known, const std::vector<domain::ControlMapping>& mappings) {
  for (const auto& m : mappings) {
    ISMAP_ASSIGN_OR_RETURN(auto from, known.Has(m.from));
    if (!from || !*from) {
      return BadMapping(
          fmt::format("mapping from {} {}: no such item in a loaded edition", m.from.edition_key, m.from.control_id));
    }
    ISMAP_ASSIGN_OR_RETURN(auto to, known.Has(m.to));
    if (to && !*to) {
      return BadMapping(fmt::format("mapping to {} {}: the edition is loaded but has no such item", m.to.edition_key,
                                    m.to.control_id));
    }
  }
  return core::Ok();
}

core::Result<domain::Baseline> StoreBaseline(storage::UnitOfWork& uow, KnownControls& known,
                                             const domain::BaselineContent& baseline, core::TimePoint now) {
  if (!domain::IsValidKey(baseline.info.key)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "criteria.invalid_baseline",
                           "baseline key \"" + baseline.info.key + "\": use lower-case letters, digits, '.', '_', '-'");
  }
  for (const auto& entry : baseline.entries) {
    ISMAP_ASSIGN_OR_RETURN(auto has, known.Has({baseline.info.edition_key, entry.control_id}));
    if (!has) {
      return core::MakeError(core::ErrorCode::kNotFound, "catalog.edition_not_found",
                             "baseline " + baseline.info.key + " draws from edition " + baseline.info.edition_key +
                                 ", which is not loaded");
    }
    if (!*has) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "criteria.unknown_control",
                             fmt::format("baseline {}: {} is not an item of {}", baseline.info.key, entry.control_id,
                                         baseline.info.edition_key));
    }
  }
  return uow.Catalog().InsertBaseline(baseline, now);
}

}  // namespace

core::Result<ImportedEdition> ImportEdition(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                            const CriteriaImport& import) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kImportCatalog));
  ISMAP_RETURN_IF_ERROR(domain::ValidateEdition(import.edition));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  const core::TimePoint now = clock.Now();
  ImportedEdition out;
  ISMAP_ASSIGN_OR_RETURN(out.edition, uow->Catalog().InsertEdition(import.edition, now));
  KnownControls known(*uow);
  known.Add(import.edition);
  for (const auto& baseline : import.baselines) {
    ISMAP_ASSIGN_OR_RETURN(auto stored, StoreBaseline(*uow, known, baseline, now));
    out.baselines.push_back(std::move(stored));
  }
  ISMAP_RETURN_IF_ERROR(CheckMappings(known, import.mappings));
  ISMAP_ASSIGN_OR_RETURN(out.mappings_added, uow->Catalog().InsertMappings(import.mappings));

  nlohmann::json baselines = nlohmann::json::array();
  for (const auto& b : out.baselines) {
    baselines.push_back(b.info.key);
  }
  const nlohmann::json payload = {
      {"key", out.edition.info.key},
      {"scheme", out.edition.info.scheme},
      {"version", out.edition.info.version},
      {"format", domain::ToString(out.edition.info.format)},
      {"source", out.edition.info.source},
      {"controls", out.edition.control_count},
      {"baselines", baselines},
      {"mappings_added", out.mappings_added},
  };
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCatalogEditionImported, "catalog/" + out.edition.info.key,
                                    payload.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return out;
}

core::Result<domain::Baseline> ImportBaseline(storage::Database& db, const core::Clock& clock,
                                              const Principal& principal, const domain::BaselineContent& baseline) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kImportCatalog));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  KnownControls known(*uow);
  ISMAP_ASSIGN_OR_RETURN(auto stored, StoreBaseline(*uow, known, baseline, clock.Now()));
  const nlohmann::json payload = {{"key", stored.info.key},
                                  {"edition", stored.info.edition_key},
                                  {"kind", domain::ToString(stored.info.kind)},
                                  {"entries", stored.entry_count}};
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCatalogBaselineImported, "baseline/" + stored.info.key,
                                    payload.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return stored;
}

core::Result<std::int64_t> ImportMappings(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                          const std::vector<domain::ControlMapping>& mappings) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kImportCatalog));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  KnownControls known(*uow);
  ISMAP_RETURN_IF_ERROR(CheckMappings(known, mappings));
  ISMAP_ASSIGN_OR_RETURN(auto added, uow->Catalog().InsertMappings(mappings));
  const nlohmann::json payload = {{"mappings", mappings.size()}, {"added", added}};
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCatalogMappingsImported, "mappings", payload.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return added;
}

core::Result<std::vector<domain::Edition>> ListEditions(storage::Database& db, const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Catalog().ListEditions();
}

core::Result<domain::Edition> GetEdition(storage::Database& db, const Principal& principal, const std::string& key) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Catalog().GetEdition(key);
}

core::Result<domain::EditionContent> ReadEdition(storage::Database& db, const Principal& principal,
                                                 const std::string& key) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto edition, uow->Catalog().GetEdition(key));
  domain::EditionContent content;
  content.info = edition.info;
  ISMAP_ASSIGN_OR_RETURN(content.controls, uow->Catalog().Controls(edition.id));
  return content;
}

core::Result<ControlPage> ReadControl(storage::Database& db, const Principal& principal, const std::string& key,
                                      const std::string& control_id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ControlPage page;
  ISMAP_ASSIGN_OR_RETURN(page.edition, uow->Catalog().GetEdition(key));
  ISMAP_ASSIGN_OR_RETURN(auto controls, uow->Catalog().Controls(page.edition.id));
  std::map<std::string, const domain::Control*> by_id;
  for (const auto& c : controls) {
    by_id.emplace(c.id, &c);
  }
  auto it = by_id.find(control_id);
  if (it == by_id.end()) {
    return core::MakeError(core::ErrorCode::kNotFound, "catalog.control_not_found",
                           fmt::format("{} has no item {}", key, control_id));
  }
  page.control = *it->second;
  for (auto parent = page.control.parent_id; parent;) {
    auto p = by_id.find(*parent);
    if (p == by_id.end() || page.ancestors.size() > 16) {
      break;
    }
    page.ancestors.insert(page.ancestors.begin(), *p->second);
    parent = p->second->parent_id;
  }
  for (const auto& c : controls) {
    if (c.parent_id == control_id) {
      page.children.push_back(c);
    }
  }
  ISMAP_ASSIGN_OR_RETURN(page.mappings, uow->Catalog().MappingsOf({key, control_id}));
  return page;
}

core::Result<std::vector<storage::ControlHit>> SearchControls(storage::Database& db, const Principal& principal,
                                                              const std::optional<std::string>& key,
                                                              const std::string& text, int limit, int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  std::size_t characters = 0;
  for (const char c : text) {
    characters += (static_cast<unsigned char>(c) & 0xc0) != 0x80 ? 1 : 0;
  }
  if (characters == 0 || characters > 200 || !core::IsValidUtf8(text)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "catalog.search_text",
                           "search text must be 1 to 200 characters of UTF-8");
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  std::optional<domain::EditionId> edition;
  if (key) {
    ISMAP_ASSIGN_OR_RETURN(auto found, uow->Catalog().GetEdition(*key));
    edition = found.id;
  }
  return uow->Catalog().Search(edition, text, limit, offset);
}

core::Result<domain::EditionDiff> DiffEditions(storage::Database& db, const Principal& principal,
                                               const std::string& before_key, const std::string& after_key) {
  ISMAP_ASSIGN_OR_RETURN(auto before, ReadEdition(db, principal, before_key));
  ISMAP_ASSIGN_OR_RETURN(auto after, ReadEdition(db, principal, after_key));
  return domain::DiffEditions(before.controls, after.controls);
}

core::Result<std::vector<domain::ControlMapping>> ListMappingsFrom(storage::Database& db, const Principal& principal,
                                                                   const std::string& edition_key) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Catalog().MappingsFrom(edition_key);
}

core::Result<std::vector<domain::Baseline>> ListBaselines(storage::Database& db, const Principal& principal,
                                                          const std::optional<std::string>& edition_key) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Catalog().ListBaselines(edition_key);
}

core::Result<domain::BaselineContent> ReadBaseline(storage::Database& db, const Principal& principal,
                                                   const std::string& key) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto baseline, uow->Catalog().GetBaseline(key));
  domain::BaselineContent content;
  content.info = baseline.info;
  ISMAP_ASSIGN_OR_RETURN(content.entries, uow->Catalog().BaselineEntries(baseline.id));
  return content;
}

}  // namespace ismap::app
