#include "storage/postgres/postgres_repositories.hpp"

#include <fmt/format.h>

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(std::string_view what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::string(what));
}

Param OptionalParam(const std::optional<std::int64_t>& value) {
  return value ? Param(std::to_string(*value)) : std::nullopt;
}

Result<std::int64_t> CountOf(PgConnection& connection, const Query& query) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection.Run(query));
  if (result.Rows() != 1) {
    return Corrupt(fmt::format("{} returned no row", query.name));
  }
  return result.Int(0, 0);
}

Result<domain::Organization> ReadOrganization(const PgResult& result, int row) {
  domain::Organization org;
  org.id = domain::OrganizationId(result.Int(row, 0));
  const std::string kind = result.Text(row, 1);
  const auto parsed_kind = domain::OrganizationKindFromString(kind);
  if (!parsed_kind) {
    return Corrupt(fmt::format("organization {} has unknown kind '{}'", org.id.value(), kind));
  }
  org.kind = *parsed_kind;
  org.name_ja = result.Text(row, 2);
  org.name_en = result.Text(row, 3);
  org.corporate_number = result.OptionalText(row, 4);
  if (!core::ParseRfc3339(result.Text(row, 5), &org.created_at)) {
    return Corrupt(fmt::format("organization {} has a malformed created_at", org.id.value()));
  }
  return org;
}

}  // namespace

Result<std::optional<domain::LedgerHead>> PostgresLedgerRepository::LockHead() {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kLockLedgerHead));
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectLedgerHead));
  if (result.Rows() == 0) {
    return std::optional<domain::LedgerHead>();
  }
  return std::optional<domain::LedgerHead>(domain::LedgerHead{result.Int(0, 0), result.Text(0, 1)});
}

Result<void> PostgresLedgerRepository::Append(const domain::LedgerEvent& event) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(
      kInsertLedgerEvent, {std::to_string(event.sequence), core::FormatRfc3339(event.occurred_at), event.entry.actor,
                           OptionalParam(event.entry.organization_id), event.entry.type, event.entry.subject,
                           event.entry.payload_json, event.prev_hash, event.hash}));
  return core::Ok();
}

namespace {

// The rows of kScanLedger or kLedgerBySubject (the same columns).
std::vector<domain::LedgerEvent> ReadLedgerEvents(const PgResult& result) {
  std::vector<domain::LedgerEvent> events;
  events.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    domain::LedgerEvent event;
    event.sequence = result.Int(row, 0);
    // A malformed time is tampering, which the verifier reports by sequence; keep the epoch so
    // the recomputed hash differs.
    if (!core::ParseRfc3339(result.Text(row, 1), &event.occurred_at)) {
      event.occurred_at = core::TimePoint{};
    }
    event.entry.actor = result.Text(row, 2);
    event.entry.organization_id = result.OptionalInt(row, 3);
    event.entry.type = result.Text(row, 4);
    event.entry.subject = result.Text(row, 5);
    event.entry.payload_json = result.Text(row, 6);
    event.prev_hash = result.Text(row, 7);
    event.hash = result.Text(row, 8);
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace

Result<std::vector<domain::LedgerEvent>> PostgresLedgerRepository::Scan(std::int64_t after_sequence, int limit) {
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kScanLedger, {std::to_string(after_sequence), std::to_string(limit)}));
  return ReadLedgerEvents(result);
}

Result<std::vector<domain::LedgerEvent>> PostgresLedgerRepository::ListBySubject(const std::string& subject,
                                                                                 int limit) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kLedgerBySubject, {subject, std::to_string(limit)}));
  return ReadLedgerEvents(result);
}

Result<std::int64_t> PostgresLedgerRepository::Count() { return CountOf(connection_, kCountLedger); }

Result<std::int64_t> PostgresLedgerRepository::LastSequenceOfType(const std::string& type) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kLastLedgerSequenceOfType, {type}));
  return result.Rows() == 0 ? std::int64_t{0} : result.Int(0, 0);
}

Result<domain::Organization> PostgresOrganizationRepository::Insert(const domain::NewOrganization& org,
                                                                    core::TimePoint now) {
  auto result = connection_.Run(kInsertOrganization, {std::string(domain::ToString(org.kind)), org.name_ja, org.name_en,
                                                      org.corporate_number, core::FormatRfc3339(now)});
  if (!result) {
    if (result.error().code == core::ErrorCode::kAlreadyExists) {
      return core::MakeError(core::ErrorCode::kAlreadyExists, "organization.duplicate_corporate_number",
                             "an organisation with this corporate number exists");
    }
    return result.error();
  }
  return domain::StoredOrganization(domain::OrganizationId(result->Int(0, 0)), org, now);
}

Result<domain::Organization> PostgresOrganizationRepository::Get(domain::OrganizationId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectOrganization, {std::to_string(id.value())}));
  if (result.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "organization.not_found",
                           fmt::format("organization {} not found", id.value()));
  }
  return ReadOrganization(result, 0);
}

Result<std::vector<domain::Organization>> PostgresOrganizationRepository::GetMany(
    const std::vector<domain::OrganizationId>& ids) {
  std::string array = "{";
  for (const auto& id : ids) {
    array += (array.size() > 1 ? "," : "") + std::to_string(id.value());
  }
  array += "}";
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectOrganizations, {array}));
  std::vector<domain::Organization> out;
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(auto org, ReadOrganization(result, row));
    out.push_back(std::move(org));
  }
  return out;
}

Result<std::vector<domain::Organization>> PostgresOrganizationRepository::List(int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kListOrganizations, {std::to_string(limit), std::to_string(offset)}));
  std::vector<domain::Organization> out;
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(auto org, ReadOrganization(result, row));
    out.push_back(std::move(org));
  }
  return out;
}

Result<std::int64_t> PostgresOrganizationRepository::Count() { return CountOf(connection_, kCountOrganizations); }

}  // namespace ismap::storage::postgres
