// The production backend: PostgreSQL 15 through libpq. A fixed pool of connections; a connection
// that lost the server is replaced on its next use, with a growing pause between attempts
// (100 ms doubling to 5 s), so a restarted server is picked up without restarting ismap and a
// stopped one is not hammered. While the server is away every call fails fast with kUnavailable.
// Thread-safe; several processes may share one database.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresDatabase final : public Database {
 public:
  // Connects lazily: opening succeeds even when the server is down, so /readyz can say so.
  static Result<std::unique_ptr<PostgresDatabase>> Open(const core::StorageConfig& config);

  Result<std::unique_ptr<UnitOfWork>> Begin(TxMode mode) override;
  Result<int> Migrate() override;
  Result<SchemaState> Schema() override;
  std::string Describe() const override;

  // A pool slot: its connection (null until connected) and when it may next try to connect.
  struct Slot {
    std::unique_ptr<PgConnection> connection;
    std::chrono::steady_clock::time_point next_attempt{};
    std::chrono::milliseconds backoff{0};
  };
  void Release(std::unique_ptr<Slot> slot);

 private:
  explicit PostgresDatabase(const core::StorageConfig& config);
  // A slot with a live connection, or kUnavailable.
  Result<std::unique_ptr<Slot>> Acquire();

  core::StorageConfig config_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Slot>> idle_;
};

}  // namespace ismap::storage::postgres
