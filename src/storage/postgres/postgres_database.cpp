#include "storage/postgres/postgres_database.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/crypto.hpp"
#include "storage/migrations.hpp"
#include "storage/postgres/postgres_catalog.hpp"
#include "storage/postgres/postgres_documents.hpp"
#include "storage/postgres/postgres_feedback.hpp"
#include "storage/postgres/postgres_identity.hpp"
#include "storage/postgres/postgres_measures.hpp"
#include "storage/postgres/postgres_notifications.hpp"
#include "storage/postgres/postgres_procurement.hpp"
#include "storage/postgres/postgres_repositories.hpp"
#include "storage/postgres/postgres_services.hpp"
#include "storage/postgres/postgres_statistics.hpp"
#include "storage/postgres/postgres_workflow.hpp"

namespace ismap::storage::postgres {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5'000};

class PostgresUnitOfWork final : public UnitOfWork {
 public:
  PostgresUnitOfWork(PostgresDatabase* owner, std::unique_ptr<PostgresDatabase::Slot> slot)
      : owner_(owner),
        slot_(std::move(slot)),
        ledger_(*slot_->connection),
        organizations_(*slot_->connection),
        users_(*slot_->connection),
        sessions_(*slot_->connection),
        recovery_codes_(*slot_->connection),
        throttle_(*slot_->connection),
        api_tokens_(*slot_->connection),
        catalog_(*slot_->connection),
        documents_(*slot_->connection),
        notifications_(*slot_->connection),
        mail_outbox_(*slot_->connection),
        applications_(*slot_->connection),
        requirement_sets_(*slot_->connection),
        committee_(*slot_->connection),
        registrations_(*slot_->connection),
        services_(*slot_->connection),
        statements_(*slot_->connection),
        engagements_(*slot_->connection),
        service_applications_(*slot_->connection),
        disclosure_grants_(*slot_->connection),
        service_listings_(*slot_->connection),
        transitional_measures_(*slot_->connection),
        unregistered_services_(*slot_->connection),
        statistics_(*slot_->connection),
        feedback_(*slot_->connection),
        procurement_(*slot_->connection) {}

  ~PostgresUnitOfWork() override {
    if (!committed_ && slot_->connection->Healthy()) {
      // A failed ROLLBACK means the connection is gone; the pool replaces it on next use.
      (void)slot_->connection->Run(kRollback);
    }
    owner_->Release(std::move(slot_));
  }

  Result<void> Commit() override {
    ISMAP_RETURN_IF_ERROR(slot_->connection->Run(kCommit));
    committed_ = true;
    return core::Ok();
  }

  LedgerRepository& Ledger() override { return ledger_; }
  OrganizationRepository& Organizations() override { return organizations_; }
  UserRepository& Users() override { return users_; }
  SessionRepository& Sessions() override { return sessions_; }
  RecoveryCodeRepository& RecoveryCodes() override { return recovery_codes_; }
  ThrottleRepository& Throttle() override { return throttle_; }
  ApiTokenRepository& ApiTokens() override { return api_tokens_; }
  CatalogRepository& Catalog() override { return catalog_; }
  DocumentRepository& Documents() override { return documents_; }
  NotificationRepository& Notifications() override { return notifications_; }
  MailOutboxRepository& MailOutbox() override { return mail_outbox_; }
  ApplicationRepository& Applications() override { return applications_; }
  RequirementSetRepository& RequirementSets() override { return requirement_sets_; }
  CommitteeRepository& Committee() override { return committee_; }
  RegistrationRepository& Registrations() override { return registrations_; }
  ServiceRepository& Services() override { return services_; }
  StatementRepository& Statements() override { return statements_; }
  EngagementRepository& Engagements() override { return engagements_; }
  ServiceApplicationRepository& ServiceApplications() override { return service_applications_; }
  DisclosureGrantRepository& DisclosureGrants() override { return disclosure_grants_; }
  ServiceListingRepository& ServiceListings() override { return service_listings_; }
  TransitionalMeasureRepository& TransitionalMeasures() override { return transitional_measures_; }
  UnregisteredServiceRepository& UnregisteredServices() override { return unregistered_services_; }
  StatisticsRepository& Statistics() override { return statistics_; }
  FeedbackRepository& Feedback() override { return feedback_; }
  ProcurementRepository& Procurement() override { return procurement_; }

 private:
  PostgresDatabase* owner_;
  std::unique_ptr<PostgresDatabase::Slot> slot_;
  PostgresLedgerRepository ledger_;
  PostgresOrganizationRepository organizations_;
  PostgresUserRepository users_;
  PostgresSessionRepository sessions_;
  PostgresRecoveryCodeRepository recovery_codes_;
  PostgresThrottleRepository throttle_;
  PostgresApiTokenRepository api_tokens_;
  PostgresCatalogRepository catalog_;
  PostgresDocumentRepository documents_;
  PostgresNotificationRepository notifications_;
  PostgresMailOutboxRepository mail_outbox_;
  PostgresApplicationRepository applications_;
  PostgresRequirementSetRepository requirement_sets_;
  PostgresCommitteeRepository committee_;
  PostgresRegistrationRepository registrations_;
  PostgresServiceRepository services_;
  PostgresStatementRepository statements_;
  PostgresEngagementRepository engagements_;
  PostgresServiceApplicationRepository service_applications_;
  PostgresDisclosureGrantRepository disclosure_grants_;
  PostgresServiceListingRepository service_listings_;
  PostgresTransitionalMeasureRepository transitional_measures_;
  PostgresUnregisteredServiceRepository unregistered_services_;
  PostgresStatisticsRepository statistics_;
  PostgresFeedbackRepository feedback_;
  PostgresProcurementRepository procurement_;
  bool committed_ = false;
};

// Removes the password from a DSN for logs: "password=..." and "user:secret@" forms.
std::string Redact(std::string dsn) {
  const auto at = dsn.find('@');
  const auto scheme = dsn.find("://");
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = dsn.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) {
      dsn.replace(colon + 1, at - colon - 1, "***");
    }
  }
  const auto password = dsn.find("password=");
  if (password != std::string::npos) {
    const auto end = dsn.find(' ', password);
    dsn.replace(password + 9, (end == std::string::npos ? dsn.size() : end) - password - 9, "***");
  }
  return dsn;
}

}  // namespace

PostgresDatabase::PostgresDatabase(const core::StorageConfig& config) : config_(config) {
  for (int i = 0; i < config.pool_size; ++i) {
    idle_.push_back(std::make_unique<Slot>());
  }
}

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const core::StorageConfig& config) {
  return std::unique_ptr<PostgresDatabase>(new PostgresDatabase(config));
}

std::string PostgresDatabase::Describe() const { return "postgres:" + Redact(config_.postgres_dsn); }

Result<std::unique_ptr<PostgresDatabase::Slot>> PostgresDatabase::Acquire() {
  std::unique_ptr<Slot> slot;
  {
    std::unique_lock lock(mu_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    slot = std::move(idle_.back());
    idle_.pop_back();
  }
  if (slot->connection && slot->connection->Healthy()) {
    return slot;
  }
  slot->connection.reset();
  const auto now = std::chrono::steady_clock::now();
  if (now < slot->next_attempt) {
    Release(std::move(slot));
    return core::MakeError(core::ErrorCode::kUnavailable, "storage.unavailable",
                           "PostgreSQL is unreachable; retrying shortly");
  }
  auto connection = PgConnection::Open(config_.postgres_dsn, config_.statement_timeout, config_.prepared_statements);
  if (!connection) {
    slot->backoff = std::min(kMaxBackoff, slot->backoff.count() == 0 ? kFirstBackoff : slot->backoff * 2);
    slot->next_attempt = now + slot->backoff;
    Release(std::move(slot));
    return connection.error();
  }
  slot->connection = std::move(*connection);
  slot->backoff = std::chrono::milliseconds(0);
  return slot;
}

void PostgresDatabase::Release(std::unique_ptr<Slot> slot) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(slot));
  }
  available_.notify_one();
}

Result<std::unique_ptr<UnitOfWork>> PostgresDatabase::Begin(TxMode mode) {
  // A connection can look healthy and still have lost its server (a restart since its last use):
  // BEGIN then fails. BEGIN changes nothing, so it is safe to try once more on a new connection.
  for (int attempt = 0;; ++attempt) {
    ISMAP_ASSIGN_OR_RETURN(auto slot, Acquire());
    auto begun = slot->connection->Run(mode == TxMode::kWrite ? kBeginWrite : kBeginRead);
    if (begun) {
      return std::unique_ptr<UnitOfWork>(new PostgresUnitOfWork(this, std::move(slot)));
    }
    const bool lost = !slot->connection->Healthy();
    Release(std::move(slot));
    if (!lost || attempt > 0) {
      return begun.error();
    }
  }
}

namespace {

// Gives a slot back to the pool when a migration or schema query is done with it.
class SlotLease {
 public:
  SlotLease(PostgresDatabase* db, std::unique_ptr<PostgresDatabase::Slot> slot) : db_(db), slot_(std::move(slot)) {}
  ~SlotLease() { db_->Release(std::move(slot_)); }
  SlotLease(const SlotLease&) = delete;
  SlotLease& operator=(const SlotLease&) = delete;
  PgConnection& connection() { return *slot_->connection; }

 private:
  PostgresDatabase* db_;
  std::unique_ptr<PostgresDatabase::Slot> slot_;
};

}  // namespace

Result<int> PostgresDatabase::Migrate() {
  ISMAP_ASSIGN_OR_RETURN(auto slot, Acquire());
  SlotLease lease(this, std::move(slot));
  PgConnection& c = lease.connection();
  int ran = 0;
  for (const auto& migration : PostgresMigrations()) {
    // Each migration in its own transaction under an advisory lock: instances that start at the
    // same moment apply it once; a failing migration leaves the schema as it was.
    ISMAP_RETURN_IF_ERROR(c.Run(kBeginWrite));
    auto fail = [&](const core::Error& e) {
      (void)c.Run(kRollback);
      return core::MakeError(e.code, e.reason, fmt::format("migration {}: {}", migration.name, e.message));
    };
    for (const Query* step : {&kLockMigrations, &kCreateMigrationsTable}) {
      if (auto r = c.Run(*step); !r) {
        return fail(r.error());
      }
    }
    const std::string checksum = core::Sha256Hex(migration.sql);
    auto applied = c.Run(kSelectMigrationChecksum, {std::to_string(migration.version)});
    if (!applied) {
      return fail(applied.error());
    }
    if (applied->Rows() > 0) {
      (void)c.Run(kRollback);
      if (applied->Text(0, 0) != checksum) {
        return core::MakeError(core::ErrorCode::kFailedPrecondition, "storage.migration_changed",
                               fmt::format("migration {} was changed after it was applied", migration.name));
      }
      continue;
    }
    if (auto r = c.RunScript(migration.name, std::string(migration.sql)); !r) {
      return fail(r.error());
    }
    if (auto r = c.Run(kInsertMigration, {std::to_string(migration.version), migration.name, checksum}); !r) {
      return fail(r.error());
    }
    if (auto r = c.Run(kCommit); !r) {
      return fail(r.error());
    }
    ++ran;
  }
  return ran;
}

Result<SchemaState> PostgresDatabase::Schema() {
  SchemaState state;
  state.latest = PostgresMigrations().empty() ? 0 : PostgresMigrations().back().version;
  ISMAP_ASSIGN_OR_RETURN(auto slot, Acquire());
  SlotLease lease(this, std::move(slot));
  ISMAP_ASSIGN_OR_RETURN(auto exists, lease.connection().Run(kMigrationsTableExists));
  if (exists.Rows() > 0 && exists.Bool(0, 0)) {
    ISMAP_ASSIGN_OR_RETURN(auto version, lease.connection().Run(kSelectSchemaVersion));
    state.current = static_cast<int>(version.Int(0, 0));
  }
  return state;
}

}  // namespace ismap::storage::postgres
