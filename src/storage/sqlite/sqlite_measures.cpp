#include "storage/sqlite/sqlite_measures.hpp"

#include <fmt/format.h>

#include "storage/measure_json.hpp"
#include "storage/sqlite/measure_queries.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::sqlite {
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

std::optional<std::string> OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? std::optional<std::string>(core::FormatRfc3339(*t)) : std::nullopt;
}

std::optional<std::int64_t> OptionalId(const auto& id) {
  return id ? std::optional<std::int64_t>(id->value()) : std::nullopt;
}

core::Result<domain::TransitionalMeasure> ReadMeasure(const Statement& r) {
  domain::TransitionalMeasure m;
  m.id = domain::TransitionalMeasureId(r.Int(0));
  m.title_ja = r.Text(1);
  m.title_en = r.Text(2);
  m.description_ja = r.Text(3);
  m.description_en = r.Text(4);
  ISMAP_ASSIGN_OR_RETURN(m.effective_from, ReadDate(r.Text(5)));
  ISMAP_ASSIGN_OR_RETURN(m.effective_until, ReadDate(r.Text(6)));
  ISMAP_ASSIGN_OR_RETURN(m.relaxations, DecodeRelaxations(r.Text(7)));
  m.version = r.Int(8);
  ISMAP_ASSIGN_OR_RETURN(m.created_at, ReadTime(r.Text(9)));
  return m;
}

core::Result<domain::UnregisteredService> ReadRecord(const Statement& r) {
  domain::UnregisteredService u;
  u.id = domain::UnregisteredServiceId(r.Int(0));
  u.agency = domain::OrganizationId(r.Int(1));
  u.info.name_ja = r.Text(2);
  u.info.name_en = r.Text(3);
  u.info.provider_name = r.Text(4);
  const auto model = domain::ServiceModelFromString(r.Text(5));
  if (!model) {
    return Corrupt("bad service model " + r.Text(5));
  }
  u.info.model = *model;
  ISMAP_ASSIGN_OR_RETURN(u.info.regions, DecodeRegions(r.Text(6)));
  u.info.url = r.Text(7);
  u.info.notes = r.Text(8);
  u.info.need = r.Text(9);
  u.edition = domain::EditionId(r.Int(10));
  ISMAP_ASSIGN_OR_RETURN(u.confirmation_date, ReadDate(r.Text(11)));
  if (auto measure = r.OptionalInt(12)) {
    u.measure = domain::TransitionalMeasureId(*measure);
  }
  ISMAP_ASSIGN_OR_RETURN(u.items, DecodeConfirmationItems(r.Text(13)));
  const auto state = domain::ConfirmationStateFromString(r.Text(14));
  if (!state) {
    return Corrupt("bad confirmation state " + r.Text(14));
  }
  u.state = *state;
  u.return_reason = r.Text(15);
  u.created_by = domain::UserId(r.Int(16));
  ISMAP_ASSIGN_OR_RETURN(u.submitted_at, ReadOptionalTime(r.OptionalText(17)));
  ISMAP_ASSIGN_OR_RETURN(u.approved_at, ReadOptionalTime(r.OptionalText(18)));
  if (auto by = r.OptionalInt(19)) {
    u.approved_by = domain::UserId(*by);
  }
  u.version = r.Int(20);
  ISMAP_ASSIGN_OR_RETURN(u.created_at, ReadTime(r.Text(21)));
  ISMAP_ASSIGN_OR_RETURN(u.updated_at, ReadTime(r.Text(22)));
  return u;
}

template <class T, class Read>
core::Result<std::vector<T>> ReadRows(StatementHandle& s, Read read) {
  std::vector<T> out;
  for (;;) {
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(auto value, read(*s.operator->()));
    out.push_back(std::move(value));
  }
}

// The columns both Insert and Update write, from ?first on, in the order of the queries.
void BindContent(Statement& s, int first, const domain::UnregisteredService& u) {
  s.Bind(first, std::string_view(u.info.name_ja));
  s.Bind(first + 1, std::string_view(u.info.name_en));
  s.Bind(first + 2, std::string_view(u.info.provider_name));
  s.Bind(first + 3, domain::ToString(u.info.model));
  s.Bind(first + 4, std::string_view(EncodeRegions(u.info.regions)));
  s.Bind(first + 5, std::string_view(u.info.url));
  s.Bind(first + 6, std::string_view(u.info.notes));
  s.Bind(first + 7, std::string_view(u.info.need));
  s.Bind(first + 8, u.edition.value());
  s.Bind(first + 9, std::string_view(domain::FormatDate(u.confirmation_date)));
  s.Bind(first + 10, OptionalId(u.measure));
  s.Bind(first + 11, std::string_view(EncodeConfirmationItems(u.items)));
  s.Bind(first + 12, domain::ToString(u.state));
  s.Bind(first + 13, std::string_view(u.return_reason));
}

}  // namespace

core::Result<std::vector<domain::TransitionalMeasure>> SqliteTransitionalMeasureRepository::List() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListMeasures));
  return ReadRows<domain::TransitionalMeasure>(s, ReadMeasure);
}

core::Result<domain::TransitionalMeasure> SqliteTransitionalMeasureRepository::Get(domain::TransitionalMeasureId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectMeasure));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "measure.not_found",
                           fmt::format("transitional measure {} not found", id.value()));
  }
  return ReadMeasure(*s.operator->());
}

core::Result<std::optional<domain::TransitionalMeasure>> SqliteTransitionalMeasureRepository::InForce(
    const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectMeasureInForce));
  s->Bind(1, std::string_view(domain::FormatDate(on)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return std::optional<domain::TransitionalMeasure>();
  }
  ISMAP_ASSIGN_OR_RETURN(auto measure, ReadMeasure(*s.operator->()));
  return std::optional<domain::TransitionalMeasure>(std::move(measure));
}

core::Result<domain::TransitionalMeasure> SqliteTransitionalMeasureRepository::Insert(
    const domain::TransitionalMeasure& measure) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertMeasure));
  s->Bind(1, std::string_view(measure.title_ja));
  s->Bind(2, std::string_view(measure.title_en));
  s->Bind(3, std::string_view(measure.description_ja));
  s->Bind(4, std::string_view(measure.description_en));
  s->Bind(5, std::string_view(domain::FormatDate(measure.effective_from)));
  s->Bind(6, std::string_view(domain::FormatDate(measure.effective_until)));
  s->Bind(7, std::string_view(EncodeRelaxations(measure.relaxations)));
  s->Bind(8, std::string_view(core::FormatRfc3339(measure.created_at)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_measure returned no id");
  }
  domain::TransitionalMeasure stored = measure;
  stored.id = domain::TransitionalMeasureId(s->Int(0));
  stored.version = 1;
  return stored;
}

core::Result<domain::TransitionalMeasure> SqliteTransitionalMeasureRepository::Update(
    const domain::TransitionalMeasure& measure) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateMeasure));
  s->Bind(1, measure.id.value());
  s->Bind(2, measure.version);
  s->Bind(3, std::string_view(measure.title_ja));
  s->Bind(4, std::string_view(measure.title_en));
  s->Bind(5, std::string_view(measure.description_ja));
  s->Bind(6, std::string_view(measure.description_en));
  s->Bind(7, std::string_view(domain::FormatDate(measure.effective_from)));
  s->Bind(8, std::string_view(domain::FormatDate(measure.effective_until)));
  s->Bind(9, std::string_view(EncodeRelaxations(measure.relaxations)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    ISMAP_RETURN_IF_ERROR(Get(measure.id));  // kNotFound when there is none
    return core::MakeError(
        core::ErrorCode::kConflict, "measure.stale_version",
        fmt::format("transitional measure {} is not at version {}", measure.id.value(), measure.version));
  }
  domain::TransitionalMeasure stored = measure;
  stored.version = measure.version + 1;
  return stored;
}

core::Result<domain::UnregisteredService> SqliteUnregisteredServiceRepository::Insert(
    const domain::UnregisteredService& record) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertUnregistered));
  s->Bind(1, record.agency.value());
  BindContent(*s.operator->(), 2, record);
  s->Bind(16, record.created_by.value());
  s->Bind(17, OptionalTime(record.submitted_at));
  s->Bind(18, OptionalTime(record.approved_at));
  s->Bind(19, OptionalId(record.approved_by));
  s->Bind(20, std::string_view(core::FormatRfc3339(record.created_at)));
  s->Bind(21, std::string_view(core::FormatRfc3339(record.updated_at)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_unregistered returned no id");
  }
  domain::UnregisteredService stored = record;
  stored.id = domain::UnregisteredServiceId(s->Int(0));
  stored.version = 1;
  return stored;
}

core::Result<domain::UnregisteredService> SqliteUnregisteredServiceRepository::Get(domain::UnregisteredServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectUnregistered));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "unregistered.not_found",
                           fmt::format("unregistered-service confirmation {} not found", id.value()));
  }
  return ReadRecord(*s.operator->());
}

core::Result<domain::UnregisteredService> SqliteUnregisteredServiceRepository::Update(
    const domain::UnregisteredService& record) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateUnregistered));
  s->Bind(1, record.id.value());
  s->Bind(2, record.version);
  BindContent(*s.operator->(), 3, record);
  s->Bind(17, OptionalTime(record.submitted_at));
  s->Bind(18, OptionalTime(record.approved_at));
  s->Bind(19, OptionalId(record.approved_by));
  s->Bind(20, std::string_view(core::FormatRfc3339(record.updated_at)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    ISMAP_RETURN_IF_ERROR(Get(record.id));  // kNotFound when there is none
    return core::MakeError(core::ErrorCode::kConflict, "unregistered.stale_version",
                           fmt::format("confirmation {} is not at version {}", record.id.value(), record.version));
  }
  domain::UnregisteredService stored = record;
  stored.version = record.version + 1;
  return stored;
}

core::Result<std::vector<domain::UnregisteredService>> SqliteUnregisteredServiceRepository::List(
    std::optional<domain::OrganizationId> agency, int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s,
                         connection_.Prepare(agency ? kListUnregisteredByAgency : kListUnregistered));
  s->Bind(1, static_cast<std::int64_t>(limit));
  s->Bind(2, static_cast<std::int64_t>(offset));
  if (agency) {
    s->Bind(3, agency->value());
  }
  return ReadRows<domain::UnregisteredService>(s, ReadRecord);
}

core::Result<std::int64_t> SqliteUnregisteredServiceRepository::Count(std::optional<domain::OrganizationId> agency) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s,
                         connection_.Prepare(agency ? kCountUnregisteredByAgency : kCountUnregistered));
  if (agency) {
    s->Bind(1, agency->value());
  }
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

core::Result<ConfirmationCounts> SqliteUnregisteredServiceRepository::CountInPeriod(const domain::Date& from,
                                                                                    const domain::Date& to) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kCountUnregisteredInPeriod));
  s->Bind(1, std::string_view(core::FormatRfc3339(domain::StartOfJapanDay(from))));
  s->Bind(2, std::string_view(core::FormatRfc3339(domain::StartOfJapanDay(domain::AddDays(to, 1)))));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  ConfirmationCounts counts;
  if (row) {
    counts.submitted = s->Int(0);
    counts.approved = s->Int(1);
  }
  return counts;
}

}  // namespace ismap::storage::sqlite
