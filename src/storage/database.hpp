// Repository interfaces: what the application layer may ask of a database. Backends (sqlite/ now,
// postgres/ next) implement every one; handlers and pages never see SQL, rows or connections.
//
// A UnitOfWork is one transaction. It rolls back in its destructor unless Commit() succeeded, so a
// use case that returns early on an error leaves nothing half-written. A UnitOfWork belongs to one
// thread at a time; a Database is safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "domain/ledger.hpp"
#include "domain/organization.hpp"

namespace ismap::storage {

template <class T>
using Result = core::Result<T>;

// Append and read only: there is no way to change or remove an event (leveldb's log::Writer).
class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  // The last event, locked until the transaction ends so that no other writer (thread, process or
  // instance) can extend the chain meanwhile. REQUIRES: a write transaction.
  virtual Result<std::optional<domain::LedgerHead>> LockHead() = 0;
  // REQUIRES: a write transaction, `event` built by domain::ChainNext from LockHead().
  virtual Result<void> Append(const domain::LedgerEvent& event) = 0;
  // Events with sequence > after_sequence, in order, at most `limit`.
  virtual Result<std::vector<domain::LedgerEvent>> Scan(std::int64_t after_sequence, int limit) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // kAlreadyExists when the corporate number is taken.
  virtual Result<domain::Organization> Insert(const domain::NewOrganization& org, core::TimePoint now) = 0;
  virtual Result<domain::Organization> Get(domain::OrganizationId id) = 0;  // kNotFound
  virtual Result<std::vector<domain::Organization>> List(int limit, int offset) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;  // rolls back unless committed
  virtual Result<void> Commit() = 0;
  virtual LedgerRepository& Ledger() = 0;
  virtual OrganizationRepository& Organizations() = 0;
};

enum class TxMode { kRead, kWrite };

struct SchemaState {
  int current = 0;  // highest applied migration
  int latest = 0;   // highest migration this build knows
};

class Database {
 public:
  virtual ~Database() = default;
  // kUnavailable when the database cannot be reached or stays locked past the busy timeout.
  virtual Result<std::unique_ptr<UnitOfWork>> Begin(TxMode mode) = 0;
  // Applies pending migrations in order, each in its own transaction; returns how many ran.
  // kFailedPrecondition when an applied migration's text changed since it was applied.
  virtual Result<int> Migrate() = 0;
  virtual Result<SchemaState> Schema() = 0;
  virtual std::string Describe() const = 0;  // "sqlite:var/ismap.db", for logs
};

// Opens the backend named by config.kind. Creates the SQLite file's directory if needed.
Result<std::unique_ptr<Database>> OpenDatabase(const core::StorageConfig& config);

}  // namespace ismap::storage
