#include "storage/sqlite/sqlite_procurement.hpp"

#include <fmt/format.h>

#include "storage/row_reading.hpp"
#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

using rows::Corrupt;
using rows::NotFound;

// Columns: id, agency_id, name, body_json, version, created_at, updated_at.
Result<StoredProfile> ReadProfile(const Statement& row) {
  StoredProfile p;
  p.id = domain::ProfileId(row.Int(0));
  p.agency = domain::OrganizationId(row.Int(1));
  p.name = row.Text(2);
  p.body_json = row.Text(3);
  p.version = row.Int(4);
  ISMAP_ASSIGN_OR_RETURN(p.created_at, rows::ReadTime(row.Text(5)));
  ISMAP_ASSIGN_OR_RETURN(p.updated_at, rows::ReadTime(row.Text(6)));
  return p;
}

// Columns: id, agency_id, profile_id, profile_name, checked_on, checked_at, checked_by, meets,
// unconfirmed, misses, record_json.
Result<StoredCheck> ReadCheck(const Statement& row) {
  StoredCheck c;
  c.summary.id = domain::ProcurementCheckId(row.Int(0));
  c.agency = domain::OrganizationId(row.Int(1));
  c.summary.profile = domain::ProfileId(row.Int(2));
  c.summary.profile_name = row.Text(3);
  ISMAP_ASSIGN_OR_RETURN(c.summary.checked_on, rows::ReadDate(row.Text(4)));
  ISMAP_ASSIGN_OR_RETURN(c.summary.checked_at, rows::ReadTime(row.Text(5)));
  c.summary.checked_by = row.Text(6);
  c.summary.meets = static_cast<int>(row.Int(7));
  c.summary.unconfirmed = static_cast<int>(row.Int(8));
  c.summary.misses = static_cast<int>(row.Int(9));
  c.record_json = row.Text(10);
  return c;
}

template <class T, class Read>
Result<std::vector<T>> ReadAll(StatementHandle& statement, Read read) {
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

}  // namespace

Result<domain::ProfileId> SqliteProcurementRepository::InsertProfile(const StoredProfile& profile) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertProfile));
  s->Bind(1, profile.agency.value());
  s->Bind(2, std::string_view(profile.name));
  s->Bind(3, std::string_view(profile.body_json));
  s->Bind(4, std::string_view(core::FormatRfc3339(profile.created_at)));
  s->Bind(5, std::string_view(core::FormatRfc3339(profile.updated_at)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_profile returned no id");
  }
  return domain::ProfileId(s->Int(0));
}

Result<StoredProfile> SqliteProcurementRepository::GetProfile(domain::ProfileId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectProfile));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("profile.not_found", fmt::format("profile {} not found", id.value()));
  }
  return ReadProfile(*s.operator->());
}

Result<void> SqliteProcurementRepository::UpdateProfile(const StoredProfile& profile, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateProfile));
  s->Bind(1, profile.id.value());
  s->Bind(2, std::string_view(profile.name));
  s->Bind(3, std::string_view(profile.body_json));
  s->Bind(4, std::string_view(core::FormatRfc3339(profile.updated_at)));
  s->Bind(5, expected_version);
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    ISMAP_RETURN_IF_ERROR(GetProfile(profile.id));  // kNotFound when it is gone
    return rows::Stale("profile.stale_version", "profile", profile.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<StoredProfile>> SqliteProcurementRepository::ListProfiles(domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListProfiles));
  s->Bind(1, agency.value());
  return ReadAll<StoredProfile>(s, ReadProfile);
}

Result<domain::ProcurementCheckId> SqliteProcurementRepository::InsertCheck(const StoredCheck& check) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertCheck));
  const auto& summary = check.summary;
  s->Bind(1, check.agency.value());
  s->Bind(2, summary.profile.value());
  s->Bind(3, std::string_view(summary.profile_name));
  s->Bind(4, std::string_view(domain::FormatDate(summary.checked_on)));
  s->Bind(5, std::string_view(core::FormatRfc3339(summary.checked_at)));
  s->Bind(6, std::string_view(summary.checked_by));
  s->Bind(7, std::int64_t{summary.meets});
  s->Bind(8, std::int64_t{summary.unconfirmed});
  s->Bind(9, std::int64_t{summary.misses});
  s->Bind(10, std::string_view(check.record_json));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_check returned no id");
  }
  return domain::ProcurementCheckId(s->Int(0));
}

Result<StoredCheck> SqliteProcurementRepository::GetCheck(domain::ProcurementCheckId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectCheck));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("check.not_found", fmt::format("procurement check {} not found", id.value()));
  }
  return ReadCheck(*s.operator->());
}

Result<std::vector<StoredCheck>> SqliteProcurementRepository::ListChecks(domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListChecks));
  s->Bind(1, agency.value());
  return ReadAll<StoredCheck>(s, ReadCheck);
}

Result<void> SqliteProcurementRepository::PutAdoption(const StoredAdoption& adoption) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertAdoption));
  s->Bind(1, adoption.statement.value());
  s->Bind(2, adoption.edition.value());
  s->Bind(3, std::string_view(adoption.adoption_hex));
  return s->Run();
}

Result<std::vector<StoredAdoption>> SqliteProcurementRepository::GetAdoptions(
    const std::vector<domain::StatementId>& statements) {
  std::string json = "[";
  for (const auto& id : statements) {
    json += (json.size() > 1 ? "," : "") + std::to_string(id.value());
  }
  json += "]";
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectAdoptions));
  s->Bind(1, std::string_view(json));
  return ReadAll<StoredAdoption>(s, [](const Statement& row) -> Result<StoredAdoption> {
    return StoredAdoption{domain::StatementId(row.Int(0)), domain::EditionId(row.Int(1)), row.Text(2)};
  });
}

}  // namespace ismap::storage::sqlite
