#include "storage/sqlite/sqlite_database.hpp"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <optional>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/embedded_file.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite/sqlite_catalog.hpp"
#include "storage/sqlite/sqlite_documents.hpp"
#include "storage/sqlite/sqlite_feedback.hpp"
#include "storage/sqlite/sqlite_identity.hpp"
#include "storage/sqlite/sqlite_measures.hpp"
#include "storage/sqlite/sqlite_notifications.hpp"
#include "storage/sqlite/sqlite_procurement.hpp"
#include "storage/sqlite/sqlite_repositories.hpp"
#include "storage/sqlite/sqlite_services.hpp"
#include "storage/sqlite/sqlite_statistics.hpp"
#include "storage/sqlite/sqlite_workflow.hpp"

namespace ismap::storage::sqlite {

namespace {
const std::vector<Migration>& KnownMigrations() { return SqliteMigrations(); }

class SqliteUnitOfWork final : public UnitOfWork {
 public:
  SqliteUnitOfWork(SqliteDatabase* owner, std::unique_ptr<Connection> connection,
                   std::unique_lock<std::mutex> write_lock)
      : owner_(owner),
        connection_(std::move(connection)),
        write_lock_(std::move(write_lock)),
        ledger_(*connection_),
        organizations_(*connection_),
        users_(*connection_),
        sessions_(*connection_),
        recovery_codes_(*connection_),
        throttle_(*connection_),
        api_tokens_(*connection_),
        catalog_(*connection_),
        documents_(*connection_),
        notifications_(*connection_),
        mail_outbox_(*connection_),
        applications_(*connection_),
        requirement_sets_(*connection_),
        committee_(*connection_),
        registrations_(*connection_),
        services_(*connection_),
        statements_(*connection_),
        engagements_(*connection_),
        service_applications_(*connection_),
        disclosure_grants_(*connection_),
        service_listings_(*connection_),
        transitional_measures_(*connection_),
        unregistered_services_(*connection_),
        statistics_(*connection_),
        feedback_(*connection_),
        procurement_(*connection_) {}

  ~SqliteUnitOfWork() override {
    if (!committed_) {
      // Nothing useful can be done if ROLLBACK fails: SQLite then rolls back when the
      // connection's next transaction begins or the connection closes.
      (void)connection_->Exec(kRollback);
    }
    owner_->Release(std::move(connection_));
  }

  Result<void> Commit() override {
    ISMAP_RETURN_IF_ERROR(connection_->Exec(kCommit));
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
  SqliteDatabase* owner_;
  std::unique_ptr<Connection> connection_;
  std::unique_lock<std::mutex> write_lock_;  // held by write transactions until they end
  SqliteLedgerRepository ledger_;
  SqliteOrganizationRepository organizations_;
  SqliteUserRepository users_;
  SqliteSessionRepository sessions_;
  SqliteRecoveryCodeRepository recovery_codes_;
  SqliteThrottleRepository throttle_;
  SqliteApiTokenRepository api_tokens_;
  SqliteCatalogRepository catalog_;
  SqliteDocumentRepository documents_;
  SqliteNotificationRepository notifications_;
  SqliteMailOutboxRepository mail_outbox_;
  SqliteApplicationRepository applications_;
  SqliteRequirementSetRepository requirement_sets_;
  SqliteCommitteeRepository committee_;
  SqliteRegistrationRepository registrations_;
  SqliteServiceRepository services_;
  SqliteStatementRepository statements_;
  SqliteEngagementRepository engagements_;
  SqliteServiceApplicationRepository service_applications_;
  SqliteDisclosureGrantRepository disclosure_grants_;
  SqliteServiceListingRepository service_listings_;
  SqliteTransitionalMeasureRepository transitional_measures_;
  SqliteUnregisteredServiceRepository unregistered_services_;
  SqliteStatisticsRepository statistics_;
  SqliteFeedbackRepository feedback_;
  SqliteProcurementRepository procurement_;
  bool committed_ = false;
};

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const core::StorageConfig& config) {
  const std::filesystem::path path(config.sqlite_path);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return core::MakeError(core::ErrorCode::kUnavailable, "storage.unavailable",
                             fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
    }
  }
  std::vector<std::unique_ptr<Connection>> pool;
  for (int i = 0; i < config.pool_size; ++i) {
    ISMAP_ASSIGN_OR_RETURN(auto connection, Connection::Open(config.sqlite_path, config.busy_timeout));
    pool.push_back(std::move(connection));
  }
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(config.sqlite_path, std::move(pool)));
}

std::unique_ptr<Connection> SqliteDatabase::Acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void SqliteDatabase::Release(std::unique_ptr<Connection> connection) {
  if (sqlite3_get_autocommit(connection->raw()) == 0) {
    // Returned inside a transaction (an early error return): never hand that to the next user.
    (void)connection->Exec(kRollback);
  }
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

Result<std::unique_ptr<UnitOfWork>> SqliteDatabase::Begin(TxMode mode) {
  std::unique_lock<std::mutex> write_lock;
  if (mode == TxMode::kWrite) {
    write_lock = std::unique_lock(write_mu_);
  }
  auto connection = Acquire();
  if (auto r = connection->Exec(mode == TxMode::kWrite ? kBeginWrite : kBeginRead); !r) {
    Release(std::move(connection));
    return r.error();
  }
  return std::unique_ptr<UnitOfWork>(new SqliteUnitOfWork(this, std::move(connection), std::move(write_lock)));
}

Result<int> SqliteDatabase::Migrate() {
  std::lock_guard write_lock(write_mu_);
  auto connection = Acquire();
  struct Returner {
    SqliteDatabase* db;
    std::unique_ptr<Connection>& c;
    ~Returner() { db->Release(std::move(c)); }
  } returner{this, connection};

  const core::SystemClock clock;
  int ran = 0;
  for (const auto& migration : KnownMigrations()) {
    // One write transaction per migration, checked inside it: a second process migrating at the
    // same moment waits for the lock, then finds the migration applied. A failing migration
    // leaves the schema as it was.
    ISMAP_RETURN_IF_ERROR(connection->Exec(kBeginWrite));
    auto fail = [&](const core::Error& e) {
      (void)connection->Exec(kRollback);
      return core::MakeError(e.code, e.reason, fmt::format("migration {}: {}", migration.name, e.message));
    };
    if (auto r = connection->Exec(kCreateMigrationsTable); !r) {
      return fail(r.error());
    }
    const std::string checksum = core::Sha256Hex(migration.sql);
    std::optional<std::string> applied;
    {
      ISMAP_ASSIGN_OR_RETURN(StatementHandle select, connection->Prepare(kSelectMigrationChecksum));
      select->Bind(1, static_cast<std::int64_t>(migration.version));
      auto row = select->Step();
      if (!row) {
        return fail(row.error());
      }
      if (*row) {
        applied = select->Text(0);
      }
    }
    if (applied) {
      (void)connection->Exec(kRollback);
      if (*applied != checksum) {
        return core::MakeError(core::ErrorCode::kFailedPrecondition, "storage.migration_changed",
                               fmt::format("migration {} was changed after it was applied", migration.name));
      }
      continue;
    }
    if (auto r = connection->ExecScript(migration.name, std::string(migration.sql)); !r) {
      return fail(r.error());
    }
    {
      ISMAP_ASSIGN_OR_RETURN(StatementHandle insert, connection->Prepare(kInsertMigration));
      insert->Bind(1, static_cast<std::int64_t>(migration.version));
      insert->Bind(2, std::string_view(migration.name));
      insert->Bind(3, std::string_view(checksum));
      insert->Bind(4, std::string_view(core::FormatRfc3339(clock.Now())));
      if (auto r = insert->Run(); !r) {
        return fail(r.error());
      }
    }
    if (auto r = connection->Exec(kCommit); !r) {
      return fail(r.error());
    }
    ++ran;
  }
  return ran;
}

Result<SchemaState> SqliteDatabase::Schema() {
  auto connection = Acquire();
  struct Returner {
    SqliteDatabase* db;
    std::unique_ptr<Connection>& c;
    ~Returner() { db->Release(std::move(c)); }
  } returner{this, connection};

  SchemaState state;
  state.latest = KnownMigrations().empty() ? 0 : KnownMigrations().back().version;
  ISMAP_ASSIGN_OR_RETURN(StatementHandle exists, connection->Prepare(kMigrationsTableExists));
  ISMAP_ASSIGN_OR_RETURN(bool row, exists->Step());
  const bool has_table = row && exists->Int(0) > 0;
  if (has_table) {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle version, connection->Prepare(kSelectSchemaVersion));
    ISMAP_ASSIGN_OR_RETURN(bool has_row, version->Step());
    state.current = has_row ? static_cast<int>(version->Int(0)) : 0;
  }
  return state;
}

}  // namespace ismap::storage::sqlite
