#include "storage/postgres/pg_connection.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstring>

namespace ismap::storage::postgres {

std::int64_t PgResult::Int(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  std::int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

std::int64_t PgResult::AffectedRows() const {
  const char* text = PQcmdTuples(result_);
  std::int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

void ArrayParam::Add(std::string_view item) {
  text_ += empty_ ? "\"" : ",\"";
  empty_ = false;
  for (const char c : item) {
    if (c == '"' || c == '\\') {
      text_.push_back('\\');
    }
    text_.push_back(c);
  }
  text_.push_back('"');
}

void ArrayParam::AddNull() {
  text_ += empty_ ? "NULL" : ",NULL";
  empty_ = false;
}

void ArrayParam::AddOptional(const std::optional<std::string>& item) {
  if (item) {
    Add(std::string_view(*item));
  } else {
    AddNull();
  }
}

core::Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& dsn,
                                                               std::chrono::milliseconds statement_timeout,
                                                               bool prepared_statements) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) {
      detail.pop_back();
    }
    PQfinish(conn);
    return core::MakeError(core::ErrorCode::kUnavailable, "storage.unavailable",
                           fmt::format("cannot connect to PostgreSQL: {}", detail));
  }
  auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn, prepared_statements));
  ISMAP_RETURN_IF_ERROR(connection->Run(kSetStatementTimeout, {std::to_string(statement_timeout.count())}));
  return connection;
}

core::Error PgConnection::ErrorFrom(const PGresult* result, std::string_view name) const {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  std::string detail = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) {
    detail.pop_back();
  }
  core::ErrorCode code = core::ErrorCode::kInternal;
  std::string reason = "storage.internal";
  if (sqlstate == "23505") {
    code = core::ErrorCode::kAlreadyExists;
    reason = "storage.already_exists";
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    code = core::ErrorCode::kConflict;
    reason = "storage.conflict";
  } else if (!Healthy() || sqlstate.rfind("08", 0) == 0 || sqlstate == "57014" || sqlstate.rfind("57P", 0) == 0 ||
             sqlstate == "53300") {
    // Connection problems, statement timeout, admin shutdown, too many connections.
    code = core::ErrorCode::kUnavailable;
    reason = "storage.unavailable";
  }
  return core::MakeError(code, reason, fmt::format("postgres {}: {} [{}]", name, detail, sqlstate));
}

core::Result<PgResult> PgConnection::Run(const Query& query, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p ? p->c_str() : nullptr);
  }
  const int n = static_cast<int>(values.size());
  PGresult* raw = nullptr;
  if (prepared_statements_) {
    if (prepared_.count(query.name) == 0) {
      PgResult prepared(PQprepare(conn_, query.name, query.sql, n, nullptr));
      if (PQresultStatus(prepared.raw()) != PGRES_COMMAND_OK) {
        return ErrorFrom(prepared.raw(), query.name);
      }
      prepared_.insert(query.name);
    }
    raw = PQexecPrepared(conn_, query.name, n, values.data(), nullptr, nullptr, 0);
  } else {
    raw = PQexecParams(conn_, query.sql, n, nullptr, values.data(), nullptr, nullptr, 0);
  }
  PgResult result(raw);
  const auto status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return ErrorFrom(raw, query.name);
  }
  return result;
}

core::Result<void> PgConnection::RunScript(std::string_view name, const std::string& sql) {
  PgResult result(PQexec(conn_, sql.c_str()));
  const auto status = PQresultStatus(result.raw());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return ErrorFrom(result.raw(), name);
  }
  return core::Ok();
}

}  // namespace ismap::storage::postgres
