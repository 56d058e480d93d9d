#include "domain/organization.hpp"

#include <array>
#include <utility>

namespace ismap::domain {
namespace {

constexpr std::array<std::pair<OrganizationKind, std::string_view>, 8> kKindNames = {{
    {OrganizationKind::kCsp, "csp"},
    {OrganizationKind::kAuditBody, "audit_body"},
    {OrganizationKind::kAgency, "agency"},
    {OrganizationKind::kOperationsSupportBody, "operations_support_body"},
    {OrganizationKind::kAuditBodyEvaluator, "audit_body_evaluator"},
    {OrganizationKind::kCommittee, "committee"},
    {OrganizationKind::kSecretariat, "secretariat"},
    {OrganizationKind::kSystem, "system"},
}};

constexpr std::size_t kMaxNameCodePoints = 200;

std::size_t CodePoints(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
      ++n;
    }
  }
  return n;
}

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

}  // namespace

std::string_view ToString(OrganizationKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) {
      return name;
    }
  }
  return "system";
}

std::optional<OrganizationKind> OrganizationKindFromString(std::string_view text) {
  for (const auto& [k, name] : kKindNames) {
    if (name == text) {
      return k;
    }
  }
  return std::nullopt;
}

bool RequiresCorporateNumber(OrganizationKind kind) {
  switch (kind) {
    case OrganizationKind::kCsp:
    case OrganizationKind::kAuditBody:
    case OrganizationKind::kOperationsSupportBody:
    case OrganizationKind::kAuditBodyEvaluator:
      return true;
    case OrganizationKind::kAgency:
    case OrganizationKind::kCommittee:
    case OrganizationKind::kSecretariat:
    case OrganizationKind::kSystem:
      return false;
  }
  return false;
}

core::Result<void> CheckCorporateNumber(std::string_view number) {
  if (number.size() != 13) {
    return Invalid("organization.corporate_number_format", "corporate number must be 13 digits");
  }
  for (const char c : number) {
    if (c < '0' || c > '9') {
      return Invalid("organization.corporate_number_format", "corporate number must be 13 digits");
    }
  }
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    const int digit = number[13 - n] - '0';  // n-th digit from the right of the 12-digit base
    sum += digit * (n % 2 == 1 ? 1 : 2);
  }
  const int expected = 9 - (sum % 9);
  if (number[0] - '0' != expected) {
    return Invalid("organization.corporate_number_check_digit", "corporate number check digit does not match");
  }
  return core::Ok();
}

Organization StoredOrganization(OrganizationId id, const NewOrganization& org, core::TimePoint created_at) {
  return Organization{id, org.kind, org.name_ja, org.name_en, org.corporate_number, created_at};
}

core::Result<void> ValidateNewOrganization(const NewOrganization& org) {
  if (org.name_ja.empty() || org.name_en.empty()) {
    return Invalid("organization.name_required", "name_ja and name_en are required");
  }
  if (CodePoints(org.name_ja) > kMaxNameCodePoints || CodePoints(org.name_en) > kMaxNameCodePoints) {
    return Invalid("organization.name_too_long", "names are limited to 200 characters");
  }
  if (org.corporate_number) {
    ISMAP_RETURN_IF_ERROR(CheckCorporateNumber(*org.corporate_number));
  } else if (RequiresCorporateNumber(org.kind)) {
    return Invalid("organization.corporate_number_required", "organisations of this kind need a corporate number");
  }
  return core::Ok();
}

}  // namespace ismap::domain
