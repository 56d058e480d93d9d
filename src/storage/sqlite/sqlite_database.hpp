// The embedded SQLite backend: a small pool of connections to one file in WAL mode.
// Write transactions start with BEGIN IMMEDIATE, so writers queue on the busy timeout instead of
// failing half-way. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> Open(const core::StorageConfig& config);

  Result<std::unique_ptr<UnitOfWork>> Begin(TxMode mode) override;
  Result<int> Migrate() override;
  Result<SchemaState> Schema() override;
  std::string Describe() const override { return "sqlite:" + path_; }

  // Connections come back here when a unit of work ends.
  void Release(std::unique_ptr<Connection> connection);

 private:
  SqliteDatabase(std::string path, std::vector<std::unique_ptr<Connection>> pool)
      : path_(std::move(path)), idle_(std::move(pool)) {}
  std::unique_ptr<Connection> Acquire();

  std::string path_;
  // Writers of this process queue here, in the kernel's mutex order, before BEGIN IMMEDIATE.
  // SQLite's busy handler alone retries with sleeps and no order, so under load one writer could
  // lose again and again until the busy timeout; now only writers of other processes meet it.
  std::mutex write_mu_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace ismap::storage::sqlite
