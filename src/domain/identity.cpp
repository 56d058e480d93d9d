#include "domain/identity.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace ismap::domain {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  OrganizationKind kind;
};

constexpr std::array<RoleInfo, 11> kRoles = {{
    {Role::kCspMember, "csp_member", OrganizationKind::kCsp},
    {Role::kCspAdmin, "csp_admin", OrganizationKind::kCsp},
    {Role::kAuditor, "auditor", OrganizationKind::kAuditBody},
    {Role::kAuditBodyAdmin, "audit_body_admin", OrganizationKind::kAuditBody},
    {Role::kReviewer, "reviewer", OrganizationKind::kOperationsSupportBody},
    {Role::kEvaluator, "evaluator", OrganizationKind::kAuditBodyEvaluator},
    {Role::kCommitteeMember, "committee_member", OrganizationKind::kCommittee},
    {Role::kAgencyMember, "agency_member", OrganizationKind::kAgency},
    {Role::kAgencyCiso, "agency_ciso", OrganizationKind::kAgency},
    {Role::kSecretariat, "secretariat", OrganizationKind::kSecretariat},
    {Role::kAdmin, "admin", OrganizationKind::kSystem},
}};

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
constexpr std::size_t kMaxDisplayNameCodePoints = 100;

const RoleInfo& Info(Role role) {
  for (const auto& info : kRoles) {
    if (info.role == role) {
      return info;
    }
  }
  return kRoles.back();
}

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

bool HasControlCharacters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// One '@' with something on each side, a dot in the domain, no spaces or controls. Deliverability
// is proven by use, not by a regular expression.
bool LooksLikeEmail(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  return email.find(' ') == std::string_view::npos && !HasControlCharacters(email);
}

std::size_t CodePoints(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = [] {
    std::vector<Role> all;
    for (const auto& info : kRoles) {
      all.push_back(info.role);
    }
    return all;
  }();
  return kAll;
}

std::string_view ToString(Role role) { return Info(role).name; }

std::optional<Role> RoleFromString(std::string_view text) {
  for (const auto& info : kRoles) {
    if (info.name == text) {
      return info.role;
    }
  }
  return std::nullopt;
}

OrganizationKind KindOfRole(Role role) { return Info(role).kind; }

bool RoleAllowedFor(Role role, OrganizationKind kind) { return KindOfRole(role) == kind; }

bool IsOrganizationAdmin(Role role) {
  return role == Role::kCspAdmin || role == Role::kAuditBodyAdmin || role == Role::kAdmin;
}

bool User::Has(Role role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

std::string NormalizeEmail(std::string_view email) {
  while (!email.empty() && email.front() == ' ') {
    email.remove_prefix(1);
  }
  while (!email.empty() && email.back() == ' ') {
    email.remove_suffix(1);
  }
  std::string out(email);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

core::Result<void> ValidateNewUser(const NewUser& user, OrganizationKind kind) {
  if (user.email.size() > kMaxEmailBytes || !LooksLikeEmail(user.email)) {
    return Invalid("user.email_invalid", "e-mail address is not valid");
  }
  if (user.display_name.empty() || CodePoints(user.display_name) > kMaxDisplayNameCodePoints ||
      HasControlCharacters(user.display_name)) {
    return Invalid("user.display_name_invalid", "display name must be 1 to 100 characters without control characters");
  }
  if (user.roles.empty()) {
    return Invalid("user.roles_required", "a user needs at least one role");
  }
  for (const Role role : user.roles) {
    if (!RoleAllowedFor(role, kind)) {
      return Invalid("user.role_not_allowed", std::string("role ") + std::string(ToString(role)) +
                                                  " does not belong to organisations of kind " +
                                                  std::string(ToString(kind)));
    }
  }
  return core::Ok();
}

}  // namespace ismap::domain
