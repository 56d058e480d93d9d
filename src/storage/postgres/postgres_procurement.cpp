#include "storage/postgres/postgres_procurement.hpp"

#include <fmt/format.h>

#include "storage/postgres/queries.hpp"
#include "storage/row_reading.hpp"

namespace ismap::storage::postgres {
namespace {

using rows::NotFound;

std::string Id(std::int64_t value) { return std::to_string(value); }

// Columns: id, agency_id, name, body_json, version, created_at, updated_at.
Result<StoredProfile> ReadProfile(const PgResult& r, int row) {
  StoredProfile p;
  p.id = domain::ProfileId(r.Int(row, 0));
  p.agency = domain::OrganizationId(r.Int(row, 1));
  p.name = r.Text(row, 2);
  p.body_json = r.Text(row, 3);
  p.version = r.Int(row, 4);
  ISMAP_ASSIGN_OR_RETURN(p.created_at, rows::ReadTime(r.Text(row, 5)));
  ISMAP_ASSIGN_OR_RETURN(p.updated_at, rows::ReadTime(r.Text(row, 6)));
  return p;
}

// Columns: id, agency_id, profile_id, profile_name, checked_on, checked_at, checked_by, meets,
// unconfirmed, misses, record_json.
Result<StoredCheck> ReadCheck(const PgResult& r, int row) {
  StoredCheck c;
  c.summary.id = domain::ProcurementCheckId(r.Int(row, 0));
  c.agency = domain::OrganizationId(r.Int(row, 1));
  c.summary.profile = domain::ProfileId(r.Int(row, 2));
  c.summary.profile_name = r.Text(row, 3);
  ISMAP_ASSIGN_OR_RETURN(c.summary.checked_on, rows::ReadDate(r.Text(row, 4)));
  ISMAP_ASSIGN_OR_RETURN(c.summary.checked_at, rows::ReadTime(r.Text(row, 5)));
  c.summary.checked_by = r.Text(row, 6);
  c.summary.meets = static_cast<int>(r.Int(row, 7));
  c.summary.unconfirmed = static_cast<int>(r.Int(row, 8));
  c.summary.misses = static_cast<int>(r.Int(row, 9));
  c.record_json = r.Text(row, 10);
  return c;
}

template <class T, class Read>
Result<std::vector<T>> ReadAll(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace

Result<domain::ProfileId> PostgresProcurementRepository::InsertProfile(const StoredProfile& profile) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kInsertProfile,
                                  {Id(profile.agency.value()), profile.name, profile.body_json,
                                   core::FormatRfc3339(profile.created_at), core::FormatRfc3339(profile.updated_at)}));
  return domain::ProfileId(r.Int(0, 0));
}

Result<StoredProfile> PostgresProcurementRepository::GetProfile(domain::ProfileId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectProfile, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("profile.not_found", fmt::format("profile {} not found", id.value()));
  }
  return ReadProfile(r, 0);
}

Result<void> PostgresProcurementRepository::UpdateProfile(const StoredProfile& profile, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kUpdateProfile, {Id(profile.id.value()), profile.name, profile.body_json,
                                                   core::FormatRfc3339(profile.updated_at), Id(expected_version)}));
  if (r.AffectedRows() == 0) {
    ISMAP_RETURN_IF_ERROR(GetProfile(profile.id));  // kNotFound when it is gone
    return rows::Stale("profile.stale_version", "profile", profile.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<StoredProfile>> PostgresProcurementRepository::ListProfiles(domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListProfiles, {Id(agency.value())}));
  return ReadAll<StoredProfile>(r, ReadProfile);
}

Result<domain::ProcurementCheckId> PostgresProcurementRepository::InsertCheck(const StoredCheck& check) {
  const auto& summary = check.summary;
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertCheck, {Id(check.agency.value()), Id(summary.profile.value()), summary.profile_name,
                                     domain::FormatDate(summary.checked_on), core::FormatRfc3339(summary.checked_at),
                                     summary.checked_by, Id(summary.meets), Id(summary.unconfirmed), Id(summary.misses),
                                     check.record_json}));
  return domain::ProcurementCheckId(r.Int(0, 0));
}

Result<StoredCheck> PostgresProcurementRepository::GetCheck(domain::ProcurementCheckId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectCheck, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("check.not_found", fmt::format("procurement check {} not found", id.value()));
  }
  return ReadCheck(r, 0);
}

Result<std::vector<StoredCheck>> PostgresProcurementRepository::ListChecks(domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListChecks, {Id(agency.value())}));
  return ReadAll<StoredCheck>(r, ReadCheck);
}

Result<void> PostgresProcurementRepository::PutAdoption(const StoredAdoption& adoption) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(
      kInsertAdoption, {Id(adoption.statement.value()), Id(adoption.edition.value()), adoption.adoption_hex}));
  return core::Ok();
}

Result<std::vector<StoredAdoption>> PostgresProcurementRepository::GetAdoptions(
    const std::vector<domain::StatementId>& statements) {
  std::string array = "{";
  for (const auto& id : statements) {
    array += (array.size() > 1 ? "," : "") + std::to_string(id.value());
  }
  array += "}";
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectAdoptions, {array}));
  return ReadAll<StoredAdoption>(r, [](const PgResult& result, int row) -> Result<StoredAdoption> {
    return StoredAdoption{domain::StatementId(result.Int(row, 0)), domain::EditionId(result.Int(row, 1)),
                          result.Text(row, 2)};
  });
}

}  // namespace ismap::storage::postgres
