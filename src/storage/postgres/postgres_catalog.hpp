// PostgreSQL implementation of the control-criteria repository, bound to one connection inside one
// transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresCatalogRepository final : public CatalogRepository {
 public:
  explicit PostgresCatalogRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Edition> InsertEdition(const domain::EditionContent& content, core::TimePoint now) override;
  Result<std::vector<domain::Edition>> ListEditions() override;
  Result<domain::Edition> GetEdition(const std::string& key) override;
  Result<std::vector<domain::Control>> Controls(domain::EditionId edition) override;
  Result<domain::Control> GetControl(domain::EditionId edition, const std::string& control_id) override;
  Result<std::vector<ControlHit>> Search(std::optional<domain::EditionId> edition, const std::string& text, int limit,
                                         int offset) override;

  Result<domain::Baseline> InsertBaseline(const domain::BaselineContent& content, core::TimePoint now) override;
  Result<std::vector<domain::Baseline>> ListBaselines(std::optional<std::string> edition_key) override;
  Result<domain::Baseline> GetBaseline(const std::string& key) override;
  Result<std::vector<domain::BaselineEntry>> BaselineEntries(domain::BaselineId baseline) override;

  Result<std::int64_t> InsertMappings(const std::vector<domain::ControlMapping>& mappings) override;
  Result<std::vector<domain::ControlMapping>> MappingsOf(const domain::ControlRef& control) override;
  Result<std::vector<domain::ControlMapping>> MappingsFrom(const std::string& edition_key) override;
  Result<std::int64_t> CountMappings() override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
