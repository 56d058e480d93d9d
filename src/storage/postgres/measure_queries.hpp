// The PostgreSQL statements of the transitional measures and unregistered-service confirmations
// (issue 9; V012), kept beside queries.hpp (whose Query type they use) so this feature's SQL is
// in one place. $1, $2 as in queries.hpp.
#pragma once

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {

#define ISMAP_PG_MEASURE_COLUMNS                                                              \
  "id, title_ja, title_en, description_ja, description_en, effective_from, effective_until, " \
  "relaxations_json, version, created_at"

inline constexpr Query kListMeasures{
    "list_measures", "SELECT " ISMAP_PG_MEASURE_COLUMNS " FROM transitional_measures ORDER BY effective_from, id"};
// Taken before the overlap check: other writers of measures wait until this transaction ends;
// readers (MeasureInForce inside other use cases) do not.
inline constexpr Query kLockMeasures{"lock_measures", "LOCK TABLE transitional_measures IN SHARE ROW EXCLUSIVE MODE"};
inline constexpr Query kSelectMeasure{"select_measure",
                                      "SELECT " ISMAP_PG_MEASURE_COLUMNS " FROM transitional_measures WHERE id = $1"};
inline constexpr Query kSelectMeasureInForce{
    "select_measure_in_force",
    "SELECT " ISMAP_PG_MEASURE_COLUMNS
    " FROM transitional_measures WHERE effective_from COLLATE \"C\" <= $1 AND effective_until COLLATE \"C\" >= $1 "
    "ORDER BY effective_from DESC, id DESC LIMIT 1"};
inline constexpr Query kInsertMeasure{
    "insert_measure",
    "INSERT INTO transitional_measures (title_ja, title_en, description_ja, description_en, effective_from, "
    "effective_until, relaxations_json, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id"};
inline constexpr Query kUpdateMeasure{
    "update_measure",
    "UPDATE transitional_measures SET title_ja = $3, title_en = $4, description_ja = $5, description_en = $6, "
    "effective_from = $7, effective_until = $8, relaxations_json = $9, version = version + 1 "
    "WHERE id = $1 AND version = $2"};

// The list reads '[]'::text for the items: a record holds about 1,200 and a list shows none.
#define ISMAP_PG_UNREGISTERED_COLUMNS(items)                                                            \
  "id, agency_id, name_ja, name_en, provider_name, model, regions_json, url, notes, need, edition_id, " \
  "confirmation_date, measure_id, " items                                                               \
  ", state, return_reason, created_by, submitted_at, approved_at, approved_by, version, created_at, updated_at"

inline constexpr Query kInsertUnregistered{
    "insert_unregistered",
    "INSERT INTO unregistered_services (agency_id, name_ja, name_en, provider_name, model, regions_json, url, "
    "notes, need, edition_id, confirmation_date, measure_id, items_json, state, return_reason, created_by, "
    "submitted_at, approved_at, approved_by, version, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $21) "
    "RETURNING id"};
inline constexpr Query kSelectUnregistered{
    "select_unregistered",
    "SELECT " ISMAP_PG_UNREGISTERED_COLUMNS("items_json") " FROM unregistered_services WHERE id = $1"};
inline constexpr Query kUpdateUnregistered{
    "update_unregistered",
    "UPDATE unregistered_services SET name_ja = $3, name_en = $4, provider_name = $5, model = $6, "
    "regions_json = $7, url = $8, notes = $9, need = $10, edition_id = $11, confirmation_date = $12, "
    "measure_id = $13, items_json = $14, state = $15, return_reason = $16, submitted_at = $17, "
    "approved_at = $18, approved_by = $19, updated_at = $20, version = version + 1 "
    "WHERE id = $1 AND version = $2"};
inline constexpr Query kListUnregistered{
    "list_unregistered", "SELECT " ISMAP_PG_UNREGISTERED_COLUMNS(
                             "'[]'::text") " FROM unregistered_services ORDER BY id DESC LIMIT $1 OFFSET $2"};
inline constexpr Query kListUnregisteredByAgency{
    "list_unregistered_by_agency",
    "SELECT " ISMAP_PG_UNREGISTERED_COLUMNS(
        "'[]'::text") " FROM unregistered_services WHERE agency_id = $3 ORDER BY id DESC LIMIT $1 OFFSET $2"};
inline constexpr Query kCountUnregistered{"count_unregistered", "SELECT COUNT(*) FROM unregistered_services"};
inline constexpr Query kCountUnregisteredByAgency{"count_unregistered_by_agency",
                                                  "SELECT COUNT(*) FROM unregistered_services WHERE agency_id = $1"};
// Times are fixed-width RFC 3339 UTC text, so text order (bytewise: COLLATE "C") is time order;
// [$1, $2) is the period.
inline constexpr Query kCountUnregisteredInPeriod{
    "count_unregistered_in_period",
    "SELECT (SELECT COUNT(*) FROM unregistered_services WHERE submitted_at COLLATE \"C\" >= $1 AND submitted_at "
    "COLLATE \"C\" < $2), "
    "(SELECT COUNT(*) FROM unregistered_services WHERE approved_at COLLATE \"C\" >= $1 AND approved_at COLLATE \"C\" < "
    "$2)"};

}  // namespace ismap::storage::postgres
