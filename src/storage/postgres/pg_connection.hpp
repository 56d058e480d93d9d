// RAII over libpq: a PgConnection owns a PGconn*, a PgResult a PGresult*. Written by hand because
// Debian 12's libpqxx (6.4) is old and the part of libpq we need is small (see STYLE.md).
// A PgConnection is used by one thread at a time (the pool hands it out).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {

class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&&) = delete;
  ~PgResult() { PQclear(result_); }

  int Rows() const { return PQntuples(result_); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  std::string Text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
  }
  std::optional<std::string> OptionalText(int row, int column) const {
    return IsNull(row, column) ? std::nullopt : std::optional<std::string>(Text(row, column));
  }
  std::int64_t Int(int row, int column) const;
  std::optional<std::int64_t> OptionalInt(int row, int column) const {
    return IsNull(row, column) ? std::nullopt : std::optional<std::int64_t>(Int(row, column));
  }
  bool Bool(int row, int column) const { return Text(row, column) == "t"; }
  PGresult* raw() const { return result_; }
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t AffectedRows() const;

 private:
  PGresult* result_;
};

// A parameter in text form; nullopt is SQL NULL.
using Param = std::optional<std::string>;

// An array parameter in PostgreSQL's text form ({"a","b",NULL}), for statements that take a whole
// batch of rows at once (INSERT ... SELECT FROM unnest($1::text[], ...)): one round trip instead
// of one per row. Every item is quoted, so commas, braces, spaces and the word NULL stay text.
class ArrayParam {
 public:
  void Add(std::string_view item);
  void AddNull();
  void AddOptional(const std::optional<std::string>& item);
  // The literal: {"5.1","a \"b\""}; {} when empty.
  std::string Literal() const { return text_ + "}"; }

 private:
  std::string text_ = "{";
  bool empty_ = true;
};

class PgConnection {
 public:
  // kUnavailable when the server cannot be reached.
  static core::Result<std::unique_ptr<PgConnection>> Open(const std::string& dsn,
                                                          std::chrono::milliseconds statement_timeout,
                                                          bool prepared_statements);
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `query` with `params`. Prepares it on first use when prepared statements are on;
  // otherwise sends it with PQexecParams (safe behind pgbouncer in transaction mode).
  // Errors: kAlreadyExists (unique violation), kConflict (serialization failure, deadlock),
  // kUnavailable (connection lost, timeout, server shutting down), kInternal (the rest).
  core::Result<PgResult> Run(const Query& query, const std::vector<Param>& params = {});
  // Runs several statements with no parameters (migrations).
  core::Result<void> RunScript(std::string_view name, const std::string& sql);

  // False once the connection to the server is gone; the pool then replaces it.
  bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

 private:
  PgConnection(PGconn* conn, bool prepared) : conn_(conn), prepared_statements_(prepared) {}
  core::Error ErrorFrom(const PGresult* result, std::string_view name) const;

  PGconn* conn_;
  bool prepared_statements_;
  std::unordered_set<const char*> prepared_;
};

}  // namespace ismap::storage::postgres
