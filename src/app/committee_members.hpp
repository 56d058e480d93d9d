// Who sits on the steering committee (issue 6): the users holding the committee member role, for
// the secretariat's attendance form and for showing who was present. Read-only; authorised as
// reading the committee (Action::kReadCommittee).
#pragma once

#include <vector>

#include "app/authorization.hpp"
#include "core/result.hpp"
#include "domain/identity.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Every enabled user holding Role::kCommitteeMember, by id.
core::Result<std::vector<domain::User>> ListCommitteeMembers(storage::Database& db, const Principal& principal);

}  // namespace ismap::app
