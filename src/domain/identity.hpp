// Users and roles (DESIGN.md §2). A user belongs to one organisation and holds roles valid for its
// kind: an auditor works for an audit body, never for a CSP. Pure rules, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

using UserId = core::StrongId<struct UserTag>;

enum class Role {
  kCspMember,
  kCspAdmin,
  kAuditor,
  kAuditBodyAdmin,
  kReviewer,
  kEvaluator,
  kCommitteeMember,
  kAgencyMember,
  kAgencyCiso,
  kSecretariat,
  kAdmin,
};

// Every role, in DESIGN.md's order.
const std::vector<Role>& AllRoles();
std::string_view ToString(Role role);
std::optional<Role> RoleFromString(std::string_view text);

// The organisation kind a role belongs to (csp_admin → kCsp, admin → kSystem, ...).
OrganizationKind KindOfRole(Role role);
bool RoleAllowedFor(Role role, OrganizationKind kind);

// Roles that manage the users of their own organisation.
bool IsOrganizationAdmin(Role role);

struct NewUser {
  OrganizationId organization_id;
  std::string email;
  std::string display_name;
  std::vector<Role> roles;
};

struct User {
  UserId id;
  OrganizationId organization_id;
  std::string email;  // normalised (NormalizeEmail)
  std::string display_name;
  std::vector<Role> roles;
  bool mfa_enabled = false;
  bool disabled = false;
  core::TimePoint created_at;

  bool Has(Role role) const;
};

// Lowercases ASCII letters and trims surrounding spaces; addresses are compared in this form.
std::string NormalizeEmail(std::string_view email);

// kInvalidArgument with a reason: user.email_invalid, user.display_name_invalid,
// user.roles_required, user.role_not_allowed (a role that does not fit `kind`).
core::Result<void> ValidateNewUser(const NewUser& user, OrganizationKind kind);

}  // namespace ismap::domain
