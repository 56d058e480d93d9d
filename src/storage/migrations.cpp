#include "storage/migrations.hpp"

#include <charconv>

namespace ismap::storage {

namespace sqlite {
const std::vector<core::EmbeddedFile>& EmbeddedMigrations();  // generated
}  // namespace sqlite
namespace postgres {
const std::vector<core::EmbeddedFile>& EmbeddedMigrations();  // generated
}  // namespace postgres

std::vector<Migration> ParseMigrations(const std::vector<core::EmbeddedFile>& files) {
  std::vector<Migration> out;
  for (const auto& file : files) {
    int version = 0;
    std::from_chars(file.name.data() + 1, file.name.data() + file.name.size(), version);
    out.push_back({version, std::string(file.name), file.bytes});
  }
  return out;
}

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = ParseMigrations(sqlite::EmbeddedMigrations());
  return kMigrations;
}

const std::vector<Migration>& PostgresMigrations() {
  static const std::vector<Migration> kMigrations = ParseMigrations(postgres::EmbeddedMigrations());
  return kMigrations;
}

}  // namespace ismap::storage
