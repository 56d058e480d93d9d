#include "storage/sqlite/sqlite_repositories.hpp"

#include <fmt/format.h>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(std::string_view what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::string(what));
}

Result<std::int64_t> CountOf(Connection& connection, const Query& query) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection.Prepare(query));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return Corrupt(fmt::format("{} returned no row", query.name));
  }
  return statement->Int(0);
}

Result<domain::Organization> ReadOrganization(const Statement& row) {
  domain::Organization org;
  org.id = domain::OrganizationId(row.Int(0));
  const std::string kind = row.Text(1);
  const auto parsed_kind = domain::OrganizationKindFromString(kind);
  if (!parsed_kind) {
    return Corrupt(fmt::format("organization {} has unknown kind '{}'", org.id.value(), kind));
  }
  org.kind = *parsed_kind;
  org.name_ja = row.Text(2);
  org.name_en = row.Text(3);
  org.corporate_number = row.OptionalText(4);
  if (!core::ParseRfc3339(row.Text(5), &org.created_at)) {
    return Corrupt(fmt::format("organization {} has a malformed created_at", org.id.value()));
  }
  return org;
}

}  // namespace

Result<std::optional<domain::LedgerHead>> SqliteLedgerRepository::LockHead() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectLedgerHead));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return std::optional<domain::LedgerHead>();
  }
  return std::optional<domain::LedgerHead>(domain::LedgerHead{statement->Int(0), statement->Text(1)});
}

Result<void> SqliteLedgerRepository::Append(const domain::LedgerEvent& event) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertLedgerEvent));
  statement->Bind(1, event.sequence);
  statement->Bind(2, std::string_view(core::FormatRfc3339(event.occurred_at)));
  statement->Bind(3, std::string_view(event.entry.actor));
  statement->Bind(4, event.entry.organization_id);
  statement->Bind(5, std::string_view(event.entry.type));
  statement->Bind(6, std::string_view(event.entry.subject));
  statement->Bind(7, std::string_view(event.entry.payload_json));
  statement->Bind(8, std::string_view(event.prev_hash));
  statement->Bind(9, std::string_view(event.hash));
  return statement->Run();
}

namespace {

// The rows of kScanLedger or kLedgerBySubject (the same columns), once bound.
Result<std::vector<domain::LedgerEvent>> ReadLedgerEvents(StatementHandle& statement) {
  std::vector<domain::LedgerEvent> events;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      break;
    }
    domain::LedgerEvent event;
    event.sequence = statement->Int(0);
    // A malformed time is not a storage failure: it is tampering, which the verifier reports.
    // Keep the epoch so the recomputed hash differs and the event is named.
    if (!core::ParseRfc3339(statement->Text(1), &event.occurred_at)) {
      event.occurred_at = core::TimePoint{};
    }
    event.entry.actor = statement->Text(2);
    event.entry.organization_id = statement->OptionalInt(3);
    event.entry.type = statement->Text(4);
    event.entry.subject = statement->Text(5);
    event.entry.payload_json = statement->Text(6);
    event.prev_hash = statement->Text(7);
    event.hash = statement->Text(8);
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace

Result<std::vector<domain::LedgerEvent>> SqliteLedgerRepository::Scan(std::int64_t after_sequence, int limit) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kScanLedger));
  statement->Bind(1, after_sequence);
  statement->Bind(2, static_cast<std::int64_t>(limit));
  return ReadLedgerEvents(statement);
}

Result<std::vector<domain::LedgerEvent>> SqliteLedgerRepository::ListBySubject(const std::string& subject, int limit) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kLedgerBySubject));
  statement->Bind(1, std::string_view(subject));
  statement->Bind(2, static_cast<std::int64_t>(limit));
  return ReadLedgerEvents(statement);
}

Result<std::int64_t> SqliteLedgerRepository::Count() { return CountOf(connection_, kCountLedger); }

Result<std::int64_t> SqliteLedgerRepository::LastSequenceOfType(const std::string& type) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kLastLedgerSequenceOfType));
  statement->Bind(1, std::string_view(type));
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  return row ? statement->Int(0) : std::int64_t{0};
}

Result<domain::Organization> SqliteOrganizationRepository::Insert(const domain::NewOrganization& org,
                                                                  core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertOrganization));
  statement->Bind(1, domain::ToString(org.kind));
  statement->Bind(2, std::string_view(org.name_ja));
  statement->Bind(3, std::string_view(org.name_en));
  statement->Bind(4, org.corporate_number);
  statement->Bind(5, std::string_view(core::FormatRfc3339(now)));
  if (auto r = statement->Run(); !r) {
    if (r.error().code == core::ErrorCode::kAlreadyExists) {
      return core::MakeError(core::ErrorCode::kAlreadyExists, "organization.duplicate_corporate_number",
                             "an organisation with this corporate number exists");
    }
    return r.error();
  }
  return domain::StoredOrganization(domain::OrganizationId(sqlite3_last_insert_rowid(connection_.raw())), org, now);
}

Result<domain::Organization> SqliteOrganizationRepository::Get(domain::OrganizationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectOrganization));
  statement->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "organization.not_found",
                           fmt::format("organization {} not found", id.value()));
  }
  return ReadOrganization(*statement.operator->());
}

Result<std::vector<domain::Organization>> SqliteOrganizationRepository::GetMany(
    const std::vector<domain::OrganizationId>& ids) {
  std::string json = "[";
  for (const auto& id : ids) {
    json += (json.size() > 1 ? "," : "") + std::to_string(id.value());
  }
  json += "]";
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectOrganizations));
  statement->Bind(1, std::string_view(json));
  std::vector<domain::Organization> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(auto org, ReadOrganization(*statement.operator->()));
    out.push_back(std::move(org));
  }
}

Result<std::vector<domain::Organization>> SqliteOrganizationRepository::List(int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListOrganizations));
  statement->Bind(1, static_cast<std::int64_t>(limit));
  statement->Bind(2, static_cast<std::int64_t>(offset));
  std::vector<domain::Organization> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      break;
    }
    ISMAP_ASSIGN_OR_RETURN(auto org, ReadOrganization(*statement.operator->()));
    out.push_back(std::move(org));
  }
  return out;
}

Result<std::int64_t> SqliteOrganizationRepository::Count() { return CountOf(connection_, kCountOrganizations); }

}  // namespace ismap::storage::sqlite
