#include "storage/sqlite/sqlite_catalog.hpp"

#include <fmt/format.h>

#include "storage/like_pattern.hpp"
#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(std::string what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::move(what));
}

core::Error EditionNotFound(std::string_view key) {
  return core::MakeError(core::ErrorCode::kNotFound, "catalog.edition_not_found",
                         fmt::format("edition \"{}\" not found", key));
}

core::Error BaselineNotFound(std::string_view key) {
  return core::MakeError(core::ErrorCode::kNotFound, "catalog.baseline_not_found",
                         fmt::format("baseline \"{}\" not found", key));
}

std::int64_t Flag(bool value) { return value ? 1 : 0; }

// Columns: id, key, scheme, version, effective_date, source, format, title_ja, title_en,
// source_json, created_at, control count.
Result<domain::Edition> ReadEdition(const Statement& row) {
  domain::Edition edition;
  edition.id = domain::EditionId(row.Int(0));
  edition.info.key = row.Text(1);
  edition.info.scheme = row.Text(2);
  edition.info.version = row.Text(3);
  edition.info.effective_date = row.OptionalText(4);
  edition.info.source = row.Text(5);
  const auto format = domain::SourceFormatFromString(row.Text(6));
  if (!format || !core::ParseRfc3339(row.Text(10), &edition.created_at)) {
    return Corrupt(fmt::format("edition {} is malformed", edition.id.value()));
  }
  edition.info.format = *format;
  edition.info.title_ja = row.Text(7);
  edition.info.title_en = row.Text(8);
  edition.info.source_json = row.Text(9);
  edition.control_count = row.Int(11);
  return edition;
}

// Columns from `first`: control_id, parent_id, is_group, tier, level, rule, suffix, title_ja,
// title_en, text_ja, text_en, withdrawn, source_json.
Result<domain::Control> ReadControl(const Statement& row, int first) {
  domain::Control control;
  control.id = row.Text(first);
  control.parent_id = row.OptionalText(first + 1);
  control.is_group = row.Int(first + 2) != 0;
  const auto tier = domain::CriteriaTierFromString(row.Text(first + 3));
  const auto level = domain::ControlLevelFromString(row.Text(first + 4));
  const auto rule = domain::MandatoryRuleFromString(row.Text(first + 5));
  if (!tier || !level || !rule) {
    return Corrupt(fmt::format("control \"{}\" is malformed", control.id));
  }
  control.tier = *tier;
  control.level = *level;
  control.rule = *rule;
  control.suffix = row.Text(first + 6);
  control.title_ja = row.Text(first + 7);
  control.title_en = row.Text(first + 8);
  control.text_ja = row.Text(first + 9);
  control.text_en = row.Text(first + 10);
  control.withdrawn = row.Int(first + 11) != 0;
  control.source_json = row.Text(first + 12);
  return control;
}

// Columns: id, key, edition_key, kind, title_ja, title_en, based_on, source_json, created_at,
// entry count.
Result<domain::Baseline> ReadBaseline(const Statement& row) {
  domain::Baseline baseline;
  baseline.id = domain::BaselineId(row.Int(0));
  baseline.info.key = row.Text(1);
  baseline.info.edition_key = row.Text(2);
  const auto kind = domain::BaselineKindFromString(row.Text(3));
  if (!kind || !core::ParseRfc3339(row.Text(8), &baseline.created_at)) {
    return Corrupt(fmt::format("baseline {} is malformed", baseline.id.value()));
  }
  baseline.info.kind = *kind;
  baseline.info.title_ja = row.Text(4);
  baseline.info.title_en = row.Text(5);
  baseline.info.based_on = row.OptionalText(6);
  baseline.info.source_json = row.Text(7);
  baseline.entry_count = row.Int(9);
  return baseline;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(StatementHandle& statement, Read read) {
  std::vector<T> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(T value, read(*statement.operator->()));
    out.push_back(std::move(value));
  }
}

// True when `query` (one text parameter) finds a row.
Result<bool> Exists(Connection& connection, const Query& query, std::string_view key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection.Prepare(query));
  statement->Bind(1, key);
  return statement->Step();
}

}  // namespace

Result<domain::Edition> SqliteCatalogRepository::InsertEdition(const domain::EditionContent& content,
                                                               core::TimePoint now) {
  const domain::EditionInfo& info = content.info;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertEdition));
    statement->Bind(1, std::string_view(info.key));
    statement->Bind(2, std::string_view(info.scheme));
    statement->Bind(3, std::string_view(info.version));
    statement->Bind(4, info.effective_date);
    statement->Bind(5, std::string_view(info.source));
    statement->Bind(6, domain::ToString(info.format));
    statement->Bind(7, std::string_view(info.title_ja));
    statement->Bind(8, std::string_view(info.title_en));
    statement->Bind(9, std::string_view(info.source_json));
    statement->Bind(10, std::string_view(core::FormatRfc3339(now)));
    if (auto r = statement->Run(); !r) {
      if (r.error().code == core::ErrorCode::kAlreadyExists) {
        return core::MakeError(core::ErrorCode::kAlreadyExists, "catalog.duplicate_edition",
                               fmt::format("an edition with key \"{}\" exists", info.key));
      }
      return r.error();
    }
  }
  domain::Edition edition;
  edition.id = domain::EditionId(sqlite3_last_insert_rowid(connection_.raw()));
  edition.info = info;
  edition.created_at = now;
  // One prepared statement for every control: binding and stepping is all the per-row work.
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertControl));
  std::int64_t position = 0;
  for (const domain::Control& control : content.controls) {
    statement->Reset();
    statement->Bind(1, edition.id.value());
    statement->Bind(2, position++);
    statement->Bind(3, std::string_view(control.id));
    statement->Bind(4, control.parent_id);
    statement->Bind(5, Flag(control.is_group));
    statement->Bind(6, domain::ToString(control.tier));
    statement->Bind(7, domain::ToString(control.level));
    statement->Bind(8, domain::ToString(control.rule));
    statement->Bind(9, std::string_view(control.suffix));
    statement->Bind(10, std::string_view(control.title_ja));
    statement->Bind(11, std::string_view(control.title_en));
    statement->Bind(12, std::string_view(control.text_ja));
    statement->Bind(13, std::string_view(control.text_en));
    statement->Bind(14, Flag(control.withdrawn));
    statement->Bind(15, std::string_view(control.source_json));
    ISMAP_RETURN_IF_ERROR(statement->Run());
    if (!control.is_group) {
      ++edition.control_count;
    }
  }
  return edition;
}

Result<std::vector<domain::Edition>> SqliteCatalogRepository::ListEditions() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListEditions));
  return ReadRows<domain::Edition>(statement, ReadEdition);
}

Result<domain::Edition> SqliteCatalogRepository::GetEdition(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectEditionByKey));
  statement->Bind(1, std::string_view(key));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return EditionNotFound(key);
  }
  return ReadEdition(*statement.operator->());
}

Result<std::vector<domain::Control>> SqliteCatalogRepository::Controls(domain::EditionId edition) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListControls));
  statement->Bind(1, edition.value());
  return ReadRows<domain::Control>(statement, [](const Statement& row) { return ReadControl(row, 0); });
}

Result<domain::Control> SqliteCatalogRepository::GetControl(domain::EditionId edition, const std::string& control_id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectControl));
  statement->Bind(1, edition.value());
  statement->Bind(2, std::string_view(control_id));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "catalog.control_not_found",
                           fmt::format("control \"{}\" not found in edition {}", control_id, edition.value()));
  }
  return ReadControl(*statement.operator->(), 0);
}

Result<std::vector<ControlHit>> SqliteCatalogRepository::Search(std::optional<domain::EditionId> edition,
                                                                const std::string& text, int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement,
                         connection_.Prepare(edition ? kSearchControlsInEdition : kSearchControls));
  if (edition) {
    statement->Bind(1, edition->value());
  }
  statement->Bind(2, std::string_view(ContainsPattern(text)));
  statement->Bind(3, static_cast<std::int64_t>(limit));
  statement->Bind(4, static_cast<std::int64_t>(offset));
  return ReadRows<ControlHit>(statement, [](const Statement& row) -> Result<ControlHit> {
    ISMAP_ASSIGN_OR_RETURN(domain::Control control, ReadControl(row, 1));
    return ControlHit{row.Text(0), std::move(control)};
  });
}

Result<domain::Baseline> SqliteCatalogRepository::InsertBaseline(const domain::BaselineContent& content,
                                                                 core::TimePoint now) {
  const domain::BaselineInfo& info = content.info;
  // Named errors for what the foreign keys would refuse anyway.
  ISMAP_ASSIGN_OR_RETURN(bool edition_exists, Exists(connection_, kSelectEditionIdByKey, info.edition_key));
  if (!edition_exists) {
    return EditionNotFound(info.edition_key);
  }
  if (info.based_on) {
    ISMAP_ASSIGN_OR_RETURN(bool base_exists, Exists(connection_, kSelectBaselineIdByKey, *info.based_on));
    if (!base_exists) {
      return BaselineNotFound(*info.based_on);
    }
  }
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertBaseline));
    statement->Bind(1, std::string_view(info.key));
    statement->Bind(2, std::string_view(info.edition_key));
    statement->Bind(3, domain::ToString(info.kind));
    statement->Bind(4, std::string_view(info.title_ja));
    statement->Bind(5, std::string_view(info.title_en));
    statement->Bind(6, info.based_on);
    statement->Bind(7, std::string_view(info.source_json));
    statement->Bind(8, std::string_view(core::FormatRfc3339(now)));
    if (auto r = statement->Run(); !r) {
      if (r.error().code == core::ErrorCode::kAlreadyExists) {
        return core::MakeError(core::ErrorCode::kAlreadyExists, "catalog.duplicate_baseline",
                               fmt::format("a baseline with key \"{}\" exists", info.key));
      }
      return r.error();
    }
  }
  domain::Baseline baseline;
  baseline.id = domain::BaselineId(sqlite3_last_insert_rowid(connection_.raw()));
  baseline.info = info;
  baseline.created_at = now;
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertBaselineEntry));
  std::int64_t position = 0;
  for (const domain::BaselineEntry& entry : content.entries) {
    statement->Reset();
    statement->Bind(1, baseline.id.value());
    statement->Bind(2, position++);
    statement->Bind(3, std::string_view(entry.control_id));
    statement->Bind(4, Flag(entry.required));
    ISMAP_RETURN_IF_ERROR(statement->Run());
  }
  baseline.entry_count = position;
  return baseline;
}

Result<std::vector<domain::Baseline>> SqliteCatalogRepository::ListBaselines(std::optional<std::string> edition_key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement,
                         connection_.Prepare(edition_key ? kListBaselinesOfEdition : kListBaselines));
  if (edition_key) {
    statement->Bind(1, std::string_view(*edition_key));
  }
  return ReadRows<domain::Baseline>(statement, ReadBaseline);
}

Result<domain::Baseline> SqliteCatalogRepository::GetBaseline(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectBaselineByKey));
  statement->Bind(1, std::string_view(key));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return BaselineNotFound(key);
  }
  return ReadBaseline(*statement.operator->());
}

Result<std::vector<domain::BaselineEntry>> SqliteCatalogRepository::BaselineEntries(domain::BaselineId baseline) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListBaselineEntries));
  statement->Bind(1, baseline.value());
  return ReadRows<domain::BaselineEntry>(statement, [](const Statement& row) -> Result<domain::BaselineEntry> {
    return domain::BaselineEntry{row.Text(0), row.Int(1) != 0};
  });
}

Result<std::int64_t> SqliteCatalogRepository::InsertMappings(const std::vector<domain::ControlMapping>& mappings) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertMapping));
  std::int64_t added = 0;
  for (const domain::ControlMapping& mapping : mappings) {
    statement->Reset();
    statement->Bind(1, std::string_view(mapping.from.edition_key));
    statement->Bind(2, std::string_view(mapping.from.control_id));
    statement->Bind(3, std::string_view(mapping.to.edition_key));
    statement->Bind(4, std::string_view(mapping.to.control_id));
    statement->Bind(5, domain::ToString(mapping.relationship));
    statement->Bind(6, std::string_view(mapping.source_document));
    ISMAP_RETURN_IF_ERROR(statement->Run());
    added += connection_.Changes();
  }
  return added;
}

// A row of kSelectMappingsOf / kSelectMappingsFrom.
static Result<domain::ControlMapping> MappingFromRow(const Statement& row) {
  const auto relationship = domain::MappingRelationshipFromString(row.Text(4));
  if (!relationship) {
    return Corrupt("control mapping has an unknown relationship");
  }
  return domain::ControlMapping{{row.Text(0), row.Text(1)}, {row.Text(2), row.Text(3)}, *relationship, row.Text(5)};
}

Result<std::vector<domain::ControlMapping>> SqliteCatalogRepository::MappingsOf(const domain::ControlRef& control) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectMappingsOf));
  statement->Bind(1, std::string_view(control.edition_key));
  statement->Bind(2, std::string_view(control.control_id));
  return ReadRows<domain::ControlMapping>(statement, MappingFromRow);
}

Result<std::vector<domain::ControlMapping>> SqliteCatalogRepository::MappingsFrom(const std::string& edition_key) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectMappingsFrom));
  statement->Bind(1, std::string_view(edition_key));
  return ReadRows<domain::ControlMapping>(statement, MappingFromRow);
}

Result<std::int64_t> SqliteCatalogRepository::CountMappings() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kCountMappings));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return Corrupt("count_mappings returned no row");
  }
  return statement->Int(0);
}

}  // namespace ismap::storage::sqlite
