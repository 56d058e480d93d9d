#include "storage/database.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace ismap::storage {

Result<std::unique_ptr<Database>> OpenDatabase(const core::StorageConfig& config) {
  if (config.kind == "sqlite") {
    ISMAP_ASSIGN_OR_RETURN(auto db, sqlite::SqliteDatabase::Open(config));
    return std::unique_ptr<Database>(std::move(db));
  }
  if (config.kind == "postgres") {
    ISMAP_ASSIGN_OR_RETURN(auto db, postgres::PostgresDatabase::Open(config));
    return std::unique_ptr<Database>(std::move(db));
  }
  return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid_value",
                         "storage.kind '" + config.kind + "' is not supported");
}

}  // namespace ismap::storage
