// RAII over the SQLite C API: a Connection owns a sqlite3*, a Statement a sqlite3_stmt*.
// Written by hand because the C API is small and no maintained C++ wrapper ships in Debian 12.
// A Connection is used by one thread at a time (the pool hands it out).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {

// Maps an SQLite result code to our codes: BUSY/LOCKED/IOERR/FULL → kUnavailable,
// CONSTRAINT_UNIQUE → kAlreadyExists, the rest → kInternal.
core::Error SqliteError(int rc, std::string_view query_name, std::string_view detail);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, const char* name) : db_(db), stmt_(stmt), name_(name) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding is 1-based, as in the SQL (?1).
  void Bind(int index, std::int64_t value);
  void Bind(int index, std::string_view value);
  void Bind(int index, const std::optional<std::string>& value);
  void Bind(int index, const std::optional<std::int64_t>& value);
  // Bytes as a BLOB (any bytes; Bind(string_view) binds UTF-8 text).
  void BindBlob(int index, std::string_view bytes);

  // True when a row is ready, false when done; an error otherwise.
  core::Result<bool> Step();
  // Runs to completion, ignoring rows.
  core::Result<void> Run();

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::string Blob(int column) const;

  // Makes the statement ready for reuse (clears bindings).
  void Reset();
  const char* name() const { return name_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const char* name_;
};

// A statement on loan from a Connection's cache; resets it when it goes out of scope, so no
// read cursor outlives its use and holds a lock.
class StatementHandle {
 public:
  explicit StatementHandle(Statement* statement) : statement_(statement) {}
  StatementHandle(StatementHandle&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  StatementHandle& operator=(StatementHandle&&) = delete;
  ~StatementHandle() {
    if (statement_ != nullptr) {
      statement_->Reset();
    }
  }
  Statement* operator->() const { return statement_; }

 private:
  Statement* statement_;
};

class Connection {
 public:
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                        std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement for `query`, cached by name and reset for reuse.
  // REQUIRES: the previous use of the same query has finished with it.
  core::Result<StatementHandle> Prepare(const Query& query);
  // Runs SQL with no parameters and no rows (several statements allowed).
  core::Result<void> Exec(const Query& query);
  core::Result<void> ExecScript(std::string_view name, const std::string& sql);

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t Changes() { return sqlite3_changes64(db_); }
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  struct Cached {
    sqlite3_stmt* raw = nullptr;
    std::unique_ptr<Statement> wrapper;
  };
  std::unordered_map<const char*, Cached> statements_;
};

}  // namespace ismap::storage::sqlite
