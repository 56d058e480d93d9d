#include "app/authorization.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ismap::app {
namespace {

using domain::Role;

bool SameOrganization(const Principal& p, const Resource& r) {
  return p.user && r.organization && p.user->organization_id == *r.organization;
}

// Admins manage every organisation's users; CSP and audit-body admins only their own.
bool ManagesUsersOf(const Principal& p, const Resource& r) {
  if (p.Has(Role::kAdmin)) {
    return true;
  }
  return (p.Has(Role::kCspAdmin) || p.Has(Role::kAuditBodyAdmin)) && SameOrganization(p, r);
}

// A document and the like: public ones are anyone's; others are their owner's and their readers'.
bool MayRead(const Principal& p, const Resource& r) {
  if (!r.readers || r.readers->is_public || SameOrganization(p, r)) {
    return true;
  }
  const Readers& readers = *r.readers;
  if (std::find(readers.organizations.begin(), readers.organizations.end(), p.user->organization_id) !=
      readers.organizations.end()) {
    return true;
  }
  return readers.roles_apply &&
         std::any_of(readers.roles.begin(), readers.roles.end(), [&p](domain::Role role) { return p.Has(role); });
}

// A provider's own users (admin or member), on their organisation's services.
bool ManagesCloudServices(const Principal& p, const Resource& r) {
  return p.organization_kind == domain::OrganizationKind::kCsp && (p.Has(Role::kCspAdmin) || p.Has(Role::kCspMember)) &&
         (!r.organization || SameOrganization(p, r));
}

// The engaged audit body's users (admin or auditor), on its own engagements.
bool AuditsCloudServices(const Principal& p, const Resource& r) {
  return p.organization_kind == domain::OrganizationKind::kAuditBody &&
         (p.Has(Role::kAuditBodyAdmin) || p.Has(Role::kAuditor)) && (!r.organization || SameOrganization(p, r));
}

// A government agency's member or CISO, in an agency organisation.
bool IsAgencyUser(const Principal& p) {
  return p.organization_kind == domain::OrganizationKind::kAgency &&
         (p.Has(Role::kAgencyMember) || p.Has(Role::kAgencyCiso));
}

// An agency's members and CISO, on their own agency's records.
bool UsesProcurement(const Principal& p, const Resource& r) {
  return p.organization_kind == domain::OrganizationKind::kAgency &&
         (p.Has(Role::kAgencyMember) || p.Has(Role::kAgencyCiso)) && (!r.organization || SameOrganization(p, r));
}

// Feedback (issue 9): an agency's members and CISO, on their own agency's threads.
bool SendsFeedback(const Principal& p, const Resource& r) {
  return p.organization_kind == domain::OrganizationKind::kAgency &&
         (p.Has(Role::kAgencyMember) || p.Has(Role::kAgencyCiso)) && (!r.organization || SameOrganization(p, r));
}

// The operators who answer feedback: the secretariat and the operations support body's reviewers.
bool OperatesFeedback(const Principal& p, const Resource&) {
  return p.Has(Role::kSecretariat) || p.Has(Role::kReviewer);
}

bool ReadsCloudServiceQueue(const Principal& p, const Resource&) {
  return p.Has(Role::kReviewer) || p.Has(Role::kCommitteeMember) || p.Has(Role::kSecretariat);
}

struct Rule {
  Action action;
  std::string_view name;
  bool public_allowed;
  bool operator_allowed;
  bool (*user_allowed)(const Principal&, const Resource&);
};

// The policy. A new action without a row here cannot be authorised (and the endpoint test fails).
constexpr auto kPolicy = std::to_array<Rule>({
    {Action::kReadPublic, "read_public", true, true, [](const Principal&, const Resource&) { return true; }},
    {Action::kLogIn, "log_in", true, true, [](const Principal&, const Resource&) { return true; }},
    {Action::kReadOwnAccount, "read_own_account", false, false, [](const Principal&, const Resource&) { return true; }},
    {Action::kManageOwnSecurity, "manage_own_security", false, false,
     [](const Principal&, const Resource&) { return true; }},
    {Action::kListOrganizations, "list_organizations", false, true,
     [](const Principal& p, const Resource&) { return p.Has(Role::kAdmin) || p.Has(Role::kSecretariat); }},
    {Action::kReadOrganization, "read_organization", false, true,
     [](const Principal& p, const Resource& r) {
       return p.Has(Role::kAdmin) || p.Has(Role::kSecretariat) || SameOrganization(p, r);
     }},
    {Action::kCreateOrganization, "create_organization", false, true,
     [](const Principal& p, const Resource&) { return p.Has(Role::kAdmin); }},
    {Action::kListUsers, "list_users", false, true,
     [](const Principal& p, const Resource& r) { return r.organization ? ManagesUsersOf(p, r) : p.Has(Role::kAdmin); }},
    {Action::kCreateUser, "create_user", false, true, ManagesUsersOf},
    {Action::kChangeUserRoles, "change_user_roles", false, true, ManagesUsersOf},
    {Action::kDisableUser, "disable_user", false, true, ManagesUsersOf},
    {Action::kResetUserMfa, "reset_user_mfa", false, true, ManagesUsersOf},
    {Action::kReadCatalogs, "read_catalogs", true, true, [](const Principal&, const Resource&) { return true; }},
    // Editions are immutable once loaded and every statement pins one: only the secretariat, which
    // keeps the criteria, and administrators load them.
    {Action::kImportCatalog, "import_catalog", false, true,
     [](const Principal& p, const Resource&) { return p.Has(Role::kAdmin) || p.Has(Role::kSecretariat); }},
    // Any signed-in user, for their own organisation; the operator has no organisation to own it.
    {Action::kUploadDocument, "upload_document", false, false, [](const Principal&, const Resource&) { return true; }},
    // Public documents are anyone's; Authorize refuses the public and the operator a resource that
    // is not public (Resource::readers), and MayRead decides for users.
    {Action::kReadDocument, "read_document", true, true, MayRead},
    {Action::kReadOwnNotifications, "read_own_notifications", false, false,
     [](const Principal&, const Resource&) { return true; }},
    {Action::kUpdateOwnNotifications, "update_own_notifications", false, false,
     [](const Principal&, const Resource&) { return true; }},
    // Audit-body applications: nobody but the applicant, the evaluator, reviewers and the committee
    // sees one (issue 6); the public sees only the list (kReadPublic).
    {Action::kApplyAsAuditBody, "apply_as_audit_body", false, false,
     [](const Principal& p, const Resource& r) {
       return p.organization_kind == domain::OrganizationKind::kAuditBody && p.Has(Role::kAuditBodyAdmin) &&
              (!r.organization || SameOrganization(p, r));
     }},
    {Action::kReadAuditBodyApplication, "read_audit_body_application", false, false,
     [](const Principal& p, const Resource& r) {
       return p.Has(Role::kEvaluator) || p.Has(Role::kReviewer) || p.Has(Role::kCommitteeMember) ||
              ((p.Has(Role::kAuditBodyAdmin) || p.Has(Role::kAuditor)) && (!r.organization || SameOrganization(p, r)));
     }},
    {Action::kEvaluateAuditBodyApplication, "evaluate_audit_body_application", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kEvaluator); }},
    // The secretariat sees the part that waits on it (what to put on an agenda), never the content.
    {Action::kReadAuditBodyQueue, "read_audit_body_queue", false, false,
     [](const Principal& p, const Resource&) {
       return p.Has(Role::kEvaluator) || p.Has(Role::kReviewer) || p.Has(Role::kCommitteeMember) ||
              p.Has(Role::kSecretariat);
     }},
    {Action::kMonitorAuditBodies, "monitor_audit_bodies", false, false,
     [](const Principal& p, const Resource&) {
       return p.Has(Role::kEvaluator) || p.Has(Role::kReviewer) || p.Has(Role::kSecretariat);
     }},
    {Action::kReadCommittee, "read_committee", false, false,
     [](const Principal& p, const Resource&) {
       return p.Has(Role::kCommitteeMember) || p.Has(Role::kSecretariat) || p.Has(Role::kReviewer) ||
              p.Has(Role::kEvaluator);
     }},
    {Action::kManageCommittee, "manage_committee", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kSecretariat); }},
    {Action::kDecideCommittee, "decide_committee", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kCommitteeMember); }},
    {Action::kRunRegistrationJobs, "run_registration_jobs", false, true,
     [](const Principal& p, const Resource&) { return p.Has(Role::kAdmin); }},
    // The checklist is the secretariat's to keep; reading it is public (kReadPublic).
    {Action::kManageRequirementSets, "manage_requirement_sets", false, true,
     [](const Principal& p, const Resource&) { return p.Has(Role::kSecretariat) || p.Has(Role::kAdmin); }},
    // Cloud services (issue 7): the provider's own users act on their organisation's services;
    // restricted content is read by the readers the workflow names (statement annex, report;
    // DESIGN.md §3); the secretariat sees the queue's part that waits on it, never the content.
    {Action::kManageCloudServices, "manage_cloud_services", false, false, ManagesCloudServices},
    {Action::kReadCloudServiceRecord, "read_cloud_service_record", false, false, MayRead},
    {Action::kAuditCloudService, "audit_cloud_service", false, false, AuditsCloudServices},
    {Action::kReviewCloudService, "review_cloud_service", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kReviewer); }},
    {Action::kReadCloudServiceQueue, "read_cloud_service_queue", false, false, ReadsCloudServiceQueue},
    {Action::kReadOwnGrants, "read_own_grants", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kAgencyMember) || p.Has(Role::kAgencyCiso); }},
    // Feedback (issue 9): an agency writes in its own threads only; the operators (the secretariat
    // and the operations support body's reviewers) read and answer every agency's. The use cases
    // answer another agency's thread as not found, so nothing of it leaks.
    {Action::kSendFeedback, "send_feedback", false, false, SendsFeedback},
    {Action::kAnswerFeedback, "answer_feedback", false, false, OperatesFeedback},
    {Action::kReadFeedback, "read_feedback", false, false,
     [](const Principal& p, const Resource& r) { return OperatesFeedback(p, r) || SendsFeedback(p, r); }},
    {Action::kReadFeedbackStatistics, "read_feedback_statistics", false, false, OperatesFeedback},
    // An agency's profiles and checks are its own: the use cases answer another agency's as not found.
    {Action::kManageProfiles, "manage_profiles", false, false, UsesProcurement},
    {Action::kRunProcurementChecks, "run_procurement_checks", false, false, UsesProcurement},
    // The report to the Cybersecurity Strategy Headquarters is the secretariat's to make (issue 9).
    {Action::kReadOperationsReport, "read_operations_report", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kSecretariat) || p.Has(Role::kAdmin); }},
    // Transitional measures (issue 9): every side that applies or explains them reads them; only the
    // secretariat configures them.
    {Action::kReadTransitionalMeasures, "read_transitional_measures", false, false,
     [](const Principal& p, const Resource&) {
       return IsAgencyUser(p) || p.Has(Role::kSecretariat) || p.Has(Role::kReviewer);
     }},
    {Action::kManageTransitionalMeasures, "manage_transitional_measures", false, false,
     [](const Principal& p, const Resource&) { return p.Has(Role::kSecretariat); }},
    // Unregistered-service confirmations are the agency's own records; its CISO approves them, and
    // the secretariat oversees every agency's (read-only).
    {Action::kRecordUnregisteredServices, "record_unregistered_services", false, false,
     [](const Principal& p, const Resource& r) {
       return IsAgencyUser(p) && (!r.organization || SameOrganization(p, r));
     }},
    {Action::kReadUnregisteredServices, "read_unregistered_services", false, false,
     [](const Principal& p, const Resource& r) {
       return p.Has(Role::kSecretariat) || (IsAgencyUser(p) && (!r.organization || SameOrganization(p, r)));
     }},
    {Action::kApproveUnregisteredServices, "approve_unregistered_services", false, false,
     [](const Principal& p, const Resource& r) {
       return p.organization_kind == domain::OrganizationKind::kAgency && p.Has(Role::kAgencyCiso) &&
              (!r.organization || SameOrganization(p, r));
     }},
});

const Rule* Find(Action action) {
  for (const auto& rule : kPolicy) {
    if (rule.action == action) {
      return &rule;
    }
  }
  return nullptr;
}

}  // namespace

std::string Principal::ActorName() const {
  switch (kind) {
    case Kind::kOperator:
      return "operator";
    case Kind::kUser:
      return "user:" + std::to_string(user->id.value());
    case Kind::kPublic:
      return "public";
  }
  return "public";
}

std::optional<std::int64_t> Principal::OrganizationId() const {
  return user ? std::optional<std::int64_t>(user->organization_id.value()) : std::nullopt;
}

const std::vector<Action>& AllActions() {
  static const std::vector<Action> kAll = [] {
    std::vector<Action> all;
    for (const auto& rule : kPolicy) {
      all.push_back(rule.action);
    }
    return all;
  }();
  return kAll;
}

std::optional<Action> ActionFromString(std::string_view text) {
  for (const auto& rule : kPolicy) {
    if (rule.name == text) {
      return rule.action;
    }
  }
  return std::nullopt;
}

std::string_view ToString(Action action) {
  const Rule* rule = Find(action);
  return rule != nullptr ? rule->name : "unknown";
}

core::Result<void> Authorize(const Principal& principal, Action action, const Resource& resource) {
  const Rule* rule = Find(action);
  bool allowed = false;
  if (rule != nullptr) {
    // A resource with named readers that is not public is never the public's or the operator's.
    const bool restricted = resource.readers && !resource.readers->is_public;
    switch (principal.kind) {
      case Principal::Kind::kPublic:
        allowed = rule->public_allowed && !restricted;
        break;
      case Principal::Kind::kOperator:
        allowed = rule->operator_allowed && !restricted;
        break;
      case Principal::Kind::kUser:
        allowed = principal.user && !principal.user->disabled && rule->user_allowed(principal, resource);
        if (allowed && principal.token_scopes && (!rule->public_allowed || restricted)) {
          const auto& scopes = *principal.token_scopes;
          allowed = std::find(scopes.begin(), scopes.end(), rule->name) != scopes.end();
        }
        break;
    }
  }
  if (allowed) {
    return core::Ok();
  }
  if (principal.kind == Principal::Kind::kPublic) {
    return core::MakeError(core::ErrorCode::kUnauthenticated, "error.unauthenticated",
                           fmt::format("{} needs a signed-in user", ToString(action)));
  }
  return core::MakeError(core::ErrorCode::kPermissionDenied, "error.permission_denied",
                         fmt::format("{} may not {}", principal.ActorName(), ToString(action)));
}

}  // namespace ismap::app
