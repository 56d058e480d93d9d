// Organisations (DESIGN.md §2, §4): every user belongs to one, and its kind decides which roles
// its users may hold. Pure rules: kinds, names, and the corporate number (法人番号) check digit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"

namespace ismap::domain {

using OrganizationId = core::StrongId<struct OrganizationTag>;

enum class OrganizationKind {
  kCsp,                    // cloud service provider
  kAuditBody,              // 監査機関
  kAgency,                 // 政府機関等
  kOperationsSupportBody,  // 運用支援機関 (IPA)
  kAuditBodyEvaluator,     // 監査機関の評価を行う機関 (JASA)
  kCommittee,              // 制度運営委員会
  kSecretariat,            // 事務局
  kSystem,                 // the system's own operators
};

// The one path between kinds and text ("csp", "audit_body", ...), for the database, JSON and HTML.
std::string_view ToString(OrganizationKind kind);
std::optional<OrganizationKind> OrganizationKindFromString(std::string_view text);

// Private bodies that contract with the programme carry a corporate number; agencies, the
// committee and the secretariat may not have one recorded.
bool RequiresCorporateNumber(OrganizationKind kind);

// 13 digits whose first is the check digit of the other twelve (National Tax Agency rule:
// 9 - (Σ Pn×Qn mod 9), Pn the n-th digit from the right, Qn 1 for odd n and 2 for even n).
// Errors: kInvalidArgument with reason organization.corporate_number_format / _check_digit.
core::Result<void> CheckCorporateNumber(std::string_view number);

struct NewOrganization {
  OrganizationKind kind = OrganizationKind::kCsp;
  std::string name_ja;
  std::string name_en;
  std::optional<std::string> corporate_number;
};

struct Organization {
  OrganizationId id;
  OrganizationKind kind = OrganizationKind::kCsp;
  std::string name_ja;
  std::string name_en;
  std::optional<std::string> corporate_number;
  core::TimePoint created_at;
};

// The organisation `org` becomes once stored under `id` at `created_at`.
Organization StoredOrganization(OrganizationId id, const NewOrganization& org, core::TimePoint created_at);

// Trims nothing and invents nothing: refuses what is wrong with a reason a front end can translate.
core::Result<void> ValidateNewOrganization(const NewOrganization& org);

}  // namespace ismap::domain
