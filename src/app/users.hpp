// Use cases of user management: creating users, listing them, changing their roles and
// resetting a lost second factor. Authorised per organisation (app::Authorize); every change is a
// ledger event without secrets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/identity.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/identity.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct CreatedUser {
  domain::User user;
  std::optional<std::string> one_time_password;  // when none was given: shown once
};

// Creates a user in `user.organization_id`. `password` empty → a random one-time password.
// Errors: authorisation, kNotFound (organisation), kInvalidArgument (user.*, password.*),
// kAlreadyExists (user.duplicate_email).
core::Result<CreatedUser> CreateUser(storage::Database& db, const core::Clock& clock, const IdentitySettings& settings,
                                     const Principal& principal, domain::NewUser user, const std::string& password);

core::Result<std::vector<domain::User>> ListUsers(storage::Database& db, const Principal& principal,
                                                  std::optional<domain::OrganizationId> organization, int limit,
                                                  int offset);

// Authorize(principal, action, the organisation of user `id`): lets a handler refuse before it
// reads a request body, so callers without the right learn nothing from validation errors.
// kNotFound when there is no such user.
core::Result<void> AuthorizeOnUser(storage::Database& db, const Principal& principal, Action action, domain::UserId id);

core::Result<domain::User> ChangeUserRoles(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                           domain::UserId id, const std::vector<domain::Role>& roles);

// For a user who lost their authenticator: removes their TOTP secret and recovery codes and ends
// their sessions, so they enrol again at the next login. Nobody resets their own (that would let a
// stolen password replace the second factor). Errors: authorisation, kNotFound,
// kFailedPrecondition (user.own_mfa_reset).
core::Result<void> ResetUserMfa(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                domain::UserId id);

}  // namespace ismap::app
