#include "storage/postgres/postgres_catalog.hpp"

#include <fmt/format.h>

#include "storage/like_pattern.hpp"
#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
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

std::string Id(std::int64_t value) { return std::to_string(value); }
std::string_view Flag(bool value) { return value ? "t" : "f"; }

// Columns: id, key, scheme, version, effective_date, source, format, title_ja, title_en,
// source_json, created_at, control count.
Result<domain::Edition> ReadEdition(const PgResult& r, int row) {
  domain::Edition edition;
  edition.id = domain::EditionId(r.Int(row, 0));
  edition.info.key = r.Text(row, 1);
  edition.info.scheme = r.Text(row, 2);
  edition.info.version = r.Text(row, 3);
  edition.info.effective_date = r.OptionalText(row, 4);
  edition.info.source = r.Text(row, 5);
  const auto format = domain::SourceFormatFromString(r.Text(row, 6));
  if (!format || !core::ParseRfc3339(r.Text(row, 10), &edition.created_at)) {
    return Corrupt(fmt::format("edition {} is malformed", edition.id.value()));
  }
  edition.info.format = *format;
  edition.info.title_ja = r.Text(row, 7);
  edition.info.title_en = r.Text(row, 8);
  edition.info.source_json = r.Text(row, 9);
  edition.control_count = r.Int(row, 11);
  return edition;
}

// Columns from `first`: control_id, parent_id, is_group, tier, level, rule, suffix, title_ja,
// title_en, text_ja, text_en, withdrawn, source_json.
Result<domain::Control> ReadControl(const PgResult& r, int row, int first) {
  domain::Control control;
  control.id = r.Text(row, first);
  control.parent_id = r.OptionalText(row, first + 1);
  control.is_group = r.Bool(row, first + 2);
  const auto tier = domain::CriteriaTierFromString(r.Text(row, first + 3));
  const auto level = domain::ControlLevelFromString(r.Text(row, first + 4));
  const auto rule = domain::MandatoryRuleFromString(r.Text(row, first + 5));
  if (!tier || !level || !rule) {
    return Corrupt(fmt::format("control \"{}\" is malformed", control.id));
  }
  control.tier = *tier;
  control.level = *level;
  control.rule = *rule;
  control.suffix = r.Text(row, first + 6);
  control.title_ja = r.Text(row, first + 7);
  control.title_en = r.Text(row, first + 8);
  control.text_ja = r.Text(row, first + 9);
  control.text_en = r.Text(row, first + 10);
  control.withdrawn = r.Bool(row, first + 11);
  control.source_json = r.Text(row, first + 12);
  return control;
}

// Columns: id, key, edition_key, kind, title_ja, title_en, based_on, source_json, created_at,
// entry count.
Result<domain::Baseline> ReadBaseline(const PgResult& r, int row) {
  domain::Baseline baseline;
  baseline.id = domain::BaselineId(r.Int(row, 0));
  baseline.info.key = r.Text(row, 1);
  baseline.info.edition_key = r.Text(row, 2);
  const auto kind = domain::BaselineKindFromString(r.Text(row, 3));
  if (!kind || !core::ParseRfc3339(r.Text(row, 8), &baseline.created_at)) {
    return Corrupt(fmt::format("baseline {} is malformed", baseline.id.value()));
  }
  baseline.info.kind = *kind;
  baseline.info.title_ja = r.Text(row, 4);
  baseline.info.title_en = r.Text(row, 5);
  baseline.info.based_on = r.OptionalText(row, 6);
  baseline.info.source_json = r.Text(row, 7);
  baseline.entry_count = r.Int(row, 9);
  return baseline;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace

Result<domain::Edition> PostgresCatalogRepository::InsertEdition(const domain::EditionContent& content,
                                                                 core::TimePoint now) {
  const domain::EditionInfo& info = content.info;
  auto inserted =
      connection_.Run(kInsertEdition, {info.key, info.scheme, info.version, info.effective_date, info.source,
                                       std::string(domain::ToString(info.format)), info.title_ja, info.title_en,
                                       info.source_json, core::FormatRfc3339(now)});
  if (!inserted) {
    if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
      return core::MakeError(core::ErrorCode::kAlreadyExists, "catalog.duplicate_edition",
                             fmt::format("an edition with key \"{}\" exists", info.key));
    }
    return inserted.error();
  }
  domain::Edition edition;
  edition.id = domain::EditionId(inserted->Int(0, 0));
  edition.info = info;
  edition.created_at = now;
  if (content.controls.empty()) {
    return edition;
  }
  // One statement for all controls: a round trip per row costs more than the rows themselves.
  constexpr int kColumns = 13;
  ArrayParam columns[kColumns];
  for (const domain::Control& control : content.controls) {
    columns[0].Add(control.id);
    columns[1].AddOptional(control.parent_id);
    columns[2].Add(Flag(control.is_group));
    columns[3].Add(domain::ToString(control.tier));
    columns[4].Add(domain::ToString(control.level));
    columns[5].Add(domain::ToString(control.rule));
    columns[6].Add(control.suffix);
    columns[7].Add(control.title_ja);
    columns[8].Add(control.title_en);
    columns[9].Add(control.text_ja);
    columns[10].Add(control.text_en);
    columns[11].Add(Flag(control.withdrawn));
    columns[12].Add(control.source_json);
    if (!control.is_group) {
      ++edition.control_count;
    }
  }
  std::vector<Param> params;
  params.reserve(kColumns + 1);
  params.emplace_back(Id(edition.id.value()));
  for (const ArrayParam& column : columns) {
    params.emplace_back(column.Literal());
  }
  ISMAP_RETURN_IF_ERROR(connection_.Run(kInsertControls, params));
  return edition;
}

Result<std::vector<domain::Edition>> PostgresCatalogRepository::ListEditions() {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListEditions));
  return ReadRows<domain::Edition>(result, ReadEdition);
}

Result<domain::Edition> PostgresCatalogRepository::GetEdition(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectEditionByKey, {key}));
  if (result.Rows() == 0) {
    return EditionNotFound(key);
  }
  return ReadEdition(result, 0);
}

Result<std::vector<domain::Control>> PostgresCatalogRepository::Controls(domain::EditionId edition) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListControls, {Id(edition.value())}));
  return ReadRows<domain::Control>(result, [](const PgResult& r, int row) { return ReadControl(r, row, 0); });
}

Result<domain::Control> PostgresCatalogRepository::GetControl(domain::EditionId edition,
                                                              const std::string& control_id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectControl, {Id(edition.value()), control_id}));
  if (result.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "catalog.control_not_found",
                           fmt::format("control \"{}\" not found in edition {}", control_id, edition.value()));
  }
  return ReadControl(result, 0, 0);
}

Result<std::vector<ControlHit>> PostgresCatalogRepository::Search(std::optional<domain::EditionId> edition,
                                                                  const std::string& text, int limit, int offset) {
  std::vector<Param> params;
  if (edition) {
    params.emplace_back(Id(edition->value()));
  }
  params.emplace_back(ContainsPattern(text));
  params.emplace_back(Id(limit));
  params.emplace_back(Id(offset));
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(edition ? kSearchControlsInEdition : kSearchControls, params));
  return ReadRows<ControlHit>(result, [](const PgResult& r, int row) -> Result<ControlHit> {
    ISMAP_ASSIGN_OR_RETURN(domain::Control control, ReadControl(r, row, 1));
    return ControlHit{r.Text(row, 0), std::move(control)};
  });
}

Result<domain::Baseline> PostgresCatalogRepository::InsertBaseline(const domain::BaselineContent& content,
                                                                   core::TimePoint now) {
  const domain::BaselineInfo& info = content.info;
  // Named errors for what the foreign keys would refuse anyway.
  ISMAP_ASSIGN_OR_RETURN(auto edition, connection_.Run(kSelectEditionIdByKey, {info.edition_key}));
  if (edition.Rows() == 0) {
    return EditionNotFound(info.edition_key);
  }
  if (info.based_on) {
    ISMAP_ASSIGN_OR_RETURN(auto base, connection_.Run(kSelectBaselineIdByKey, {*info.based_on}));
    if (base.Rows() == 0) {
      return BaselineNotFound(*info.based_on);
    }
  }
  auto inserted = connection_.Run(kInsertBaseline,
                                  {info.key, info.edition_key, std::string(domain::ToString(info.kind)), info.title_ja,
                                   info.title_en, info.based_on, info.source_json, core::FormatRfc3339(now)});
  if (!inserted) {
    if (inserted.error().code == core::ErrorCode::kAlreadyExists) {
      return core::MakeError(core::ErrorCode::kAlreadyExists, "catalog.duplicate_baseline",
                             fmt::format("a baseline with key \"{}\" exists", info.key));
    }
    return inserted.error();
  }
  domain::Baseline baseline;
  baseline.id = domain::BaselineId(inserted->Int(0, 0));
  baseline.info = info;
  baseline.created_at = now;
  baseline.entry_count = static_cast<std::int64_t>(content.entries.size());
  if (content.entries.empty()) {
    return baseline;
  }
  ArrayParam control_ids;
  ArrayParam required;
  for (const domain::BaselineEntry& entry : content.entries) {
    control_ids.Add(entry.control_id);
    required.Add(Flag(entry.required));
  }
  ISMAP_RETURN_IF_ERROR(
      connection_.Run(kInsertBaselineEntries, {Id(baseline.id.value()), control_ids.Literal(), required.Literal()}));
  return baseline;
}

Result<std::vector<domain::Baseline>> PostgresCatalogRepository::ListBaselines(std::optional<std::string> edition_key) {
  std::vector<Param> params;
  if (edition_key) {
    params.emplace_back(*edition_key);
  }
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(edition_key ? kListBaselinesOfEdition : kListBaselines, params));
  return ReadRows<domain::Baseline>(result, ReadBaseline);
}

Result<domain::Baseline> PostgresCatalogRepository::GetBaseline(const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectBaselineByKey, {key}));
  if (result.Rows() == 0) {
    return BaselineNotFound(key);
  }
  return ReadBaseline(result, 0);
}

Result<std::vector<domain::BaselineEntry>> PostgresCatalogRepository::BaselineEntries(domain::BaselineId baseline) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListBaselineEntries, {Id(baseline.value())}));
  return ReadRows<domain::BaselineEntry>(result, [](const PgResult& r, int row) -> Result<domain::BaselineEntry> {
    return domain::BaselineEntry{r.Text(row, 0), r.Bool(row, 1)};
  });
}

Result<std::int64_t> PostgresCatalogRepository::InsertMappings(const std::vector<domain::ControlMapping>& mappings) {
  if (mappings.empty()) {
    return 0;
  }
  constexpr int kColumns = 6;
  ArrayParam columns[kColumns];
  for (const domain::ControlMapping& mapping : mappings) {
    columns[0].Add(mapping.from.edition_key);
    columns[1].Add(mapping.from.control_id);
    columns[2].Add(mapping.to.edition_key);
    columns[3].Add(mapping.to.control_id);
    columns[4].Add(domain::ToString(mapping.relationship));
    columns[5].Add(mapping.source_document);
  }
  std::vector<Param> params;
  params.reserve(kColumns);
  for (const ArrayParam& column : columns) {
    params.emplace_back(column.Literal());
  }
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kInsertMappings, params));
  return result.AffectedRows();
}

// A row of kSelectMappingsOf / kSelectMappingsFrom.
static Result<domain::ControlMapping> MappingFromRow(const PgResult& r, int row) {
  const auto relationship = domain::MappingRelationshipFromString(r.Text(row, 4));
  if (!relationship) {
    return Corrupt("control mapping has an unknown relationship");
  }
  return domain::ControlMapping{
      {r.Text(row, 0), r.Text(row, 1)}, {r.Text(row, 2), r.Text(row, 3)}, *relationship, r.Text(row, 5)};
}

Result<std::vector<domain::ControlMapping>> PostgresCatalogRepository::MappingsOf(const domain::ControlRef& control) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectMappingsOf, {control.edition_key, control.control_id}));
  return ReadRows<domain::ControlMapping>(result, MappingFromRow);
}

Result<std::vector<domain::ControlMapping>> PostgresCatalogRepository::MappingsFrom(const std::string& edition_key) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectMappingsFrom, {edition_key}));
  return ReadRows<domain::ControlMapping>(result, MappingFromRow);
}

Result<std::int64_t> PostgresCatalogRepository::CountMappings() {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kCountMappings));
  if (result.Rows() != 1) {
    return Corrupt("count_mappings returned no row");
  }
  return result.Int(0, 0);
}

}  // namespace ismap::storage::postgres
