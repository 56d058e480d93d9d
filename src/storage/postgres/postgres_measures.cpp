#include "storage/postgres/postgres_measures.hpp"

#include <fmt/format.h>

#include "storage/measure_json.hpp"
#include "storage/postgres/measure_queries.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

core::Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

core::Result<core::TimePoint> ReadTime(const std::string& text) {
  core::TimePoint t;
  if (!core::ParseRfc3339(text, &t)) {
    return Corrupt("bad time " + text);
  }
  return t;
}

core::Result<std::optional<core::TimePoint>> ReadOptionalTime(const std::optional<std::string>& text) {
  if (!text) {
    return std::optional<core::TimePoint>();
  }
  ISMAP_ASSIGN_OR_RETURN(auto t, ReadTime(*text));
  return std::optional<core::TimePoint>(t);
}

std::string Id(std::int64_t value) { return std::to_string(value); }
Param OptionalId(const auto& id) { return id ? Param(Id(id->value())) : std::nullopt; }
std::string Text(std::string_view value) { return std::string(value); }
Param OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? Param(core::FormatRfc3339(*t)) : std::nullopt;
}

core::Result<domain::TransitionalMeasure> ReadMeasure(const PgResult& r, int row) {
  domain::TransitionalMeasure m;
  m.id = domain::TransitionalMeasureId(r.Int(row, 0));
  m.title_ja = r.Text(row, 1);
  m.title_en = r.Text(row, 2);
  m.description_ja = r.Text(row, 3);
  m.description_en = r.Text(row, 4);
  ISMAP_ASSIGN_OR_RETURN(m.effective_from, ReadDate(r.Text(row, 5)));
  ISMAP_ASSIGN_OR_RETURN(m.effective_until, ReadDate(r.Text(row, 6)));
  ISMAP_ASSIGN_OR_RETURN(m.relaxations, DecodeRelaxations(r.Text(row, 7)));
  m.version = r.Int(row, 8);
  ISMAP_ASSIGN_OR_RETURN(m.created_at, ReadTime(r.Text(row, 9)));
  return m;
}

core::Result<domain::UnregisteredService> ReadRecord(const PgResult& r, int row) {
  domain::UnregisteredService u;
  u.id = domain::UnregisteredServiceId(r.Int(row, 0));
  u.agency = domain::OrganizationId(r.Int(row, 1));
  u.info.name_ja = r.Text(row, 2);
  u.info.name_en = r.Text(row, 3);
  u.info.provider_name = r.Text(row, 4);
  const auto model = domain::ServiceModelFromString(r.Text(row, 5));
  if (!model) {
    return Corrupt("bad service model " + r.Text(row, 5));
  }
  u.info.model = *model;
  ISMAP_ASSIGN_OR_RETURN(u.info.regions, DecodeRegions(r.Text(row, 6)));
  u.info.url = r.Text(row, 7);
  u.info.notes = r.Text(row, 8);
  u.info.need = r.Text(row, 9);
  u.edition = domain::EditionId(r.Int(row, 10));
  ISMAP_ASSIGN_OR_RETURN(u.confirmation_date, ReadDate(r.Text(row, 11)));
  if (auto measure = r.OptionalInt(row, 12)) {
    u.measure = domain::TransitionalMeasureId(*measure);
  }
  ISMAP_ASSIGN_OR_RETURN(u.items, DecodeConfirmationItems(r.Text(row, 13)));
  const auto state = domain::ConfirmationStateFromString(r.Text(row, 14));
  if (!state) {
    return Corrupt("bad confirmation state " + r.Text(row, 14));
  }
  u.state = *state;
  u.return_reason = r.Text(row, 15);
  u.created_by = domain::UserId(r.Int(row, 16));
  ISMAP_ASSIGN_OR_RETURN(u.submitted_at, ReadOptionalTime(r.OptionalText(row, 17)));
  ISMAP_ASSIGN_OR_RETURN(u.approved_at, ReadOptionalTime(r.OptionalText(row, 18)));
  if (auto by = r.OptionalInt(row, 19)) {
    u.approved_by = domain::UserId(*by);
  }
  u.version = r.Int(row, 20);
  ISMAP_ASSIGN_OR_RETURN(u.created_at, ReadTime(r.Text(row, 21)));
  ISMAP_ASSIGN_OR_RETURN(u.updated_at, ReadTime(r.Text(row, 22)));
  return u;
}

template <class T, class Read>
core::Result<std::vector<T>> ReadRows(const PgResult& r, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(r.Rows()));
  for (int row = 0; row < r.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(auto value, read(r, row));
    out.push_back(std::move(value));
  }
  return out;
}

// The columns both Insert and Update write, in the order of the queries.
void AppendContent(std::vector<Param>& params, const domain::UnregisteredService& u) {
  params.insert(params.end(),
                {u.info.name_ja, u.info.name_en, u.info.provider_name, Text(domain::ToString(u.info.model)),
                 EncodeRegions(u.info.regions), u.info.url, u.info.notes, u.info.need, Id(u.edition.value()),
                 domain::FormatDate(u.confirmation_date), OptionalId(u.measure), EncodeConfirmationItems(u.items),
                 Text(domain::ToString(u.state)), u.return_reason});
}

}  // namespace

core::Result<std::vector<domain::TransitionalMeasure>> PostgresTransitionalMeasureRepository::List() {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListMeasures));
  return ReadRows<domain::TransitionalMeasure>(r, ReadMeasure);
}

core::Result<std::vector<domain::TransitionalMeasure>> PostgresTransitionalMeasureRepository::ListForChange() {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kLockMeasures));
  return List();
}

core::Result<domain::TransitionalMeasure> PostgresTransitionalMeasureRepository::Get(domain::TransitionalMeasureId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectMeasure, {Id(id.value())}));
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "measure.not_found",
                           fmt::format("transitional measure {} not found", id.value()));
  }
  return ReadMeasure(r, 0);
}

core::Result<std::optional<domain::TransitionalMeasure>> PostgresTransitionalMeasureRepository::InForce(
    const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectMeasureInForce, {domain::FormatDate(on)}));
  if (r.Rows() == 0) {
    return std::optional<domain::TransitionalMeasure>();
  }
  ISMAP_ASSIGN_OR_RETURN(auto measure, ReadMeasure(r, 0));
  return std::optional<domain::TransitionalMeasure>(std::move(measure));
}

core::Result<domain::TransitionalMeasure> PostgresTransitionalMeasureRepository::Insert(
    const domain::TransitionalMeasure& measure) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertMeasure,
                      {measure.title_ja, measure.title_en, measure.description_ja, measure.description_en,
                       domain::FormatDate(measure.effective_from), domain::FormatDate(measure.effective_until),
                       EncodeRelaxations(measure.relaxations), core::FormatRfc3339(measure.created_at)}));
  domain::TransitionalMeasure stored = measure;
  stored.id = domain::TransitionalMeasureId(r.Int(0, 0));
  stored.version = 1;
  return stored;
}

core::Result<domain::TransitionalMeasure> PostgresTransitionalMeasureRepository::Update(
    const domain::TransitionalMeasure& measure) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kUpdateMeasure,
                      {Id(measure.id.value()), Id(measure.version), measure.title_ja, measure.title_en,
                       measure.description_ja, measure.description_en, domain::FormatDate(measure.effective_from),
                       domain::FormatDate(measure.effective_until), EncodeRelaxations(measure.relaxations)}));
  if (r.AffectedRows() == 0) {
    ISMAP_RETURN_IF_ERROR(Get(measure.id));  // kNotFound when there is none
    return core::MakeError(
        core::ErrorCode::kConflict, "measure.stale_version",
        fmt::format("transitional measure {} is not at version {}", measure.id.value(), measure.version));
  }
  domain::TransitionalMeasure stored = measure;
  stored.version = measure.version + 1;
  return stored;
}

core::Result<domain::UnregisteredService> PostgresUnregisteredServiceRepository::Insert(
    const domain::UnregisteredService& record) {
  std::vector<Param> params{Id(record.agency.value())};
  AppendContent(params, record);
  params.insert(params.end(), {Id(record.created_by.value()), OptionalTime(record.submitted_at),
                               OptionalTime(record.approved_at), OptionalId(record.approved_by),
                               core::FormatRfc3339(record.created_at), core::FormatRfc3339(record.updated_at)});
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kInsertUnregistered, params));
  domain::UnregisteredService stored = record;
  stored.id = domain::UnregisteredServiceId(r.Int(0, 0));
  stored.version = 1;
  return stored;
}

core::Result<domain::UnregisteredService> PostgresUnregisteredServiceRepository::Get(domain::UnregisteredServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectUnregistered, {Id(id.value())}));
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "unregistered.not_found",
                           fmt::format("unregistered-service confirmation {} not found", id.value()));
  }
  return ReadRecord(r, 0);
}

core::Result<domain::UnregisteredService> PostgresUnregisteredServiceRepository::Update(
    const domain::UnregisteredService& record) {
  std::vector<Param> params{Id(record.id.value()), Id(record.version)};
  AppendContent(params, record);
  params.insert(params.end(), {OptionalTime(record.submitted_at), OptionalTime(record.approved_at),
                               OptionalId(record.approved_by), core::FormatRfc3339(record.updated_at)});
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kUpdateUnregistered, params));
  if (r.AffectedRows() == 0) {
    ISMAP_RETURN_IF_ERROR(Get(record.id));  // kNotFound when there is none
    return core::MakeError(core::ErrorCode::kConflict, "unregistered.stale_version",
                           fmt::format("confirmation {} is not at version {}", record.id.value(), record.version));
  }
  domain::UnregisteredService stored = record;
  stored.version = record.version + 1;
  return stored;
}

core::Result<std::vector<domain::UnregisteredService>> PostgresUnregisteredServiceRepository::List(
    std::optional<domain::OrganizationId> agency, int limit, int offset) {
  std::vector<Param> params{Id(limit), Id(offset)};
  if (agency) {
    params.push_back(Id(agency->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(agency ? kListUnregisteredByAgency : kListUnregistered, params));
  return ReadRows<domain::UnregisteredService>(r, ReadRecord);
}

core::Result<std::int64_t> PostgresUnregisteredServiceRepository::Count(std::optional<domain::OrganizationId> agency) {
  std::vector<Param> params;
  if (agency) {
    params.push_back(Id(agency->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(agency ? kCountUnregisteredByAgency : kCountUnregistered, params));
  return r.Int(0, 0);
}

core::Result<ConfirmationCounts> PostgresUnregisteredServiceRepository::CountInPeriod(const domain::Date& from,
                                                                                      const domain::Date& to) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kCountUnregisteredInPeriod,
                                         {core::FormatRfc3339(domain::StartOfJapanDay(from)),
                                          core::FormatRfc3339(domain::StartOfJapanDay(domain::AddDays(to, 1)))}));
  return ConfirmationCounts{r.Int(0, 0), r.Int(0, 1)};
}

}  // namespace ismap::storage::postgres
