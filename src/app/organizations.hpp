// Use cases on organisations.
#pragma once

#include <cstdint>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Authorises, validates, stores and records organization.created in one transaction.
// Errors: kUnauthenticated/kPermissionDenied, kInvalidArgument (domain reasons),
// kAlreadyExists (duplicate corporate number), kUnavailable (database).
core::Result<domain::Organization> CreateOrganization(storage::Database& db, const core::Clock& clock,
                                                      const Principal& principal, const domain::NewOrganization& input);

// kNotFound when absent.
core::Result<domain::Organization> GetOrganization(storage::Database& db, const Principal& principal,
                                                   domain::OrganizationId id);

struct OrganizationPage {
  std::vector<domain::Organization> items;
  std::int64_t total = 0;
};

// REQUIRES: 1 <= limit <= 500, offset >= 0 (the HTTP layer checks what users send).
core::Result<OrganizationPage> ListOrganizations(storage::Database& db, const Principal& principal, int limit,
                                                 int offset);

}  // namespace ismap::app
