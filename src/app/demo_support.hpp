// What the demo seeders (audit_body_demo.cpp, cloud_service_demo.cpp) share: fictitious corporate
// numbers with a valid check digit, and organisations and users found by their number or e-mail or
// created through the use cases, so a seeder run twice creates nothing twice.
#pragma once

#include <string>

#include "app/authorization.hpp"
#include "app/identity.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The 13-digit corporate number of the 12 digits `base12` with the check digit of
// domain::CheckCorporateNumber in front: 9 - (Σ Pn×Qn mod 9).
std::string DemoCorporateNumber(const std::string& base12);

// The principal of the user with `email`. kNotFound user.not_found.
core::Result<Principal> LoadDemoPrincipal(storage::Database& db, const std::string& email);

// The user of `email`, created in `org` with the demo password of `role` (hashed under `identity`)
// when missing.
core::Result<Principal> EnsureDemoUser(storage::Database& db, const core::Clock& clock,
                                       const IdentitySettings& identity, domain::OrganizationId org,
                                       const std::string& email, const std::string& name, domain::Role role);

// The organisation with the corporate number made from `base12`, created when missing.
core::Result<domain::OrganizationId> EnsureDemoOrganization(storage::Database& db, const core::Clock& clock,
                                                            domain::OrganizationKind kind, const std::string& name_ja,
                                                            const std::string& name_en, const std::string& base12);

}  // namespace ismap::app
