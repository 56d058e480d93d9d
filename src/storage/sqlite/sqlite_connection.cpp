#include "storage/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>

namespace ismap::storage::sqlite {

core::Error SqliteError(int rc, std::string_view query_name, std::string_view detail) {
  const int primary = rc & 0xff;
  core::ErrorCode code = core::ErrorCode::kInternal;
  std::string reason = "storage.internal";
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
      primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
    code = core::ErrorCode::kUnavailable;
    reason = "storage.unavailable";
  } else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    code = core::ErrorCode::kAlreadyExists;
    reason = "storage.already_exists";
  }
  return core::MakeError(code, reason, fmt::format("sqlite {}: {} ({})", query_name, detail, sqlite3_errstr(rc)));
}

void Statement::Bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

void Statement::Bind(int index, const std::optional<std::string>& value) {
  if (value) {
    Bind(index, std::string_view(*value));
  } else {
    sqlite3_bind_null(stmt_, index);
  }
}

void Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  if (value) {
    Bind(index, *value);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
}

void Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

core::Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const int extended = sqlite3_extended_errcode(db_);
  return SqliteError(extended, name_, sqlite3_errmsg(db_));
}

core::Result<void> Statement::Run() {
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) {
      return core::Ok();
    }
  }
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(stmt_, column));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
    return std::nullopt;
  }
  return Text(column);
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
    return std::nullopt;
  }
  return Int(column);
}

std::string Statement::Blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return bytes == nullptr ? std::string() : std::string(bytes, sqlite3_column_bytes(stmt_, column));
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                           std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return SqliteError(rc, "open", fmt::format("{}: {}", path, detail));
  }
  auto connection = std::unique_ptr<Connection>(new Connection(db));
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  sqlite3_extended_result_codes(db, 1);
  ISMAP_RETURN_IF_ERROR(connection->Exec(kPragmas));
  return connection;
}

Connection::~Connection() {
  for (auto& [name, cached] : statements_) {
    sqlite3_finalize(cached.raw);
  }
  sqlite3_close(db_);
}

core::Result<StatementHandle> Connection::Prepare(const Query& query) {
  auto it = statements_.find(query.name);
  if (it == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_, query.sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    if (rc != SQLITE_OK) {
      return SqliteError(sqlite3_extended_errcode(db_), query.name, sqlite3_errmsg(db_));
    }
    Cached cached{raw, std::make_unique<Statement>(db_, raw, query.name)};
    it = statements_.emplace(query.name, std::move(cached)).first;
  }
  it->second.wrapper->Reset();
  return StatementHandle(it->second.wrapper.get());
}

core::Result<void> Connection::Exec(const Query& query) { return ExecScript(query.name, query.sql); }

core::Result<void> Connection::ExecScript(std::string_view name, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : "";
    sqlite3_free(message);
    return SqliteError(sqlite3_extended_errcode(db_), name, detail);
  }
  return core::Ok();
}

}  // namespace ismap::storage::sqlite
