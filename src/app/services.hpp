// The application as front ends (HTTP API, pages, CLI) see it: every use case, bound to the
// database and clock of this process. Front ends never touch storage themselves.
// Thread-safe: each call opens its own unit of work.
#pragma once

#include "app/authorization.hpp"
#include "app/organizations.hpp"
#include "app/system.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace ismap::storage {
class Database;
}  // namespace ismap::storage

namespace ismap::app {

class Services {
 public:
  Services(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  core::Result<domain::Organization> CreateOrganization(const Principal& principal,
                                                        const domain::NewOrganization& input) {
    return app::CreateOrganization(db_, clock_, principal, input);
  }
  core::Result<domain::Organization> GetOrganization(const Principal& principal, domain::OrganizationId id) {
    return app::GetOrganization(db_, principal, id);
  }
  core::Result<OrganizationPage> ListOrganizations(const Principal& principal, int limit, int offset) {
    return app::ListOrganizations(db_, principal, limit, offset);
  }
  core::Result<void> CheckReadiness() { return app::CheckReadiness(db_); }
  core::Result<PublicFigures> ReadPublicFigures() { return app::ReadPublicFigures(db_); }

 private:
  storage::Database& db_;
  const core::Clock& clock_;
};

}  // namespace ismap::app
