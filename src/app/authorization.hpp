// The one place that decides who may do what (DESIGN.md §2): Authorize(principal, action,
// resource). Handlers call it and nothing else decides. Principals are the public (no login), a
// signed-in user (roles of their organisation), and the operator (a configured bearer token for
// automation). The table in authorization.cpp is the whole policy.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"

namespace ismap::app {

struct Principal {
  enum class Kind { kPublic, kOperator, kUser };
  Kind kind = Kind::kPublic;
  std::optional<domain::User> user;  // kUser only
  domain::OrganizationKind organization_kind = domain::OrganizationKind::kSystem;
  // Set when the user acts through an API token: only these actions, and only those the user may.
  std::optional<std::vector<std::string>> token_scopes;

  static Principal Public() { return {}; }
  static Principal Operator() { return {Kind::kOperator, std::nullopt, domain::OrganizationKind::kSystem, {}}; }
  static Principal ForUser(domain::User user, domain::OrganizationKind kind) {
    return {Kind::kUser, std::move(user), kind, {}};
  }
  // The actor recorded in ledger events: "public", "operator", "user:<id>".
  std::string ActorName() const;
  std::optional<std::int64_t> OrganizationId() const;
  bool Has(domain::Role role) const { return user && user->Has(role); }
};

enum class Action {
  kReadPublic,         // home page, public lists, health
  kLogIn,              // the login steps: password, second factor, enrolment, logging out
  kReadOwnAccount,     // GET /api/v1/me, the account page
  kManageOwnSecurity,  // own MFA, own sessions ("log out everywhere")
  kListOrganizations,  // the full register, with corporate numbers
  kReadOrganization,
  kCreateOrganization,
  kListUsers,   // of one organisation (resource) or of all (no resource)
  kCreateUser,  // in the resource organisation
  kChangeUserRoles,
  kDisableUser,
  kResetUserMfa,   // a user lost their authenticator: they enrol again at the next login
  kReadCatalogs,   // the control criteria, other catalogs, baselines, mappings and diffs: public
  kImportCatalog,  // load an edition, a baseline (OSCAL profile) or mappings: the secretariat
  // A file, owned by the uploader's organisation.
  kUploadDocument,
  // A document's metadata and bytes. Public documents: anyone. Others: the owner organisation and
  // the readers the document's subject names (Resource::readers), never the public or the operator.
  kReadDocument,
  kReadOwnNotifications,    // the caller's inbox
  kUpdateOwnNotifications,  // marking the caller's own notifications read
  // Audit-body applications (issue 6). The resource is the applicant organisation.
  kApplyAsAuditBody,              // create, edit, submit, resubmit, withdraw: the audit body's admin
  kReadAuditBodyApplication,      // the applicant's users, evaluators, reviewers, the committee
  kEvaluateAuditBodyApplication,  // start, mark the checklist, return, recommend: the evaluator
  kReadAuditBodyQueue,            // applications waiting: evaluators, reviewers, committee, secretariat
  kMonitorAuditBodies,            // an audit body's record over time: evaluators, reviewers, the secretariat
  kReadCommittee,                 // meetings, agendas, decisions: committee, secretariat, reviewers, evaluators
  kManageCommittee,               // create meetings, set agendas, record attendance: the secretariat
  kDecideCommittee,               // decide agenda items in a meeting: committee members
  kRunRegistrationJobs,           // the daily expiry job: administrators and the operator
  kManageRequirementSets,         // publish a new version of the evaluator's checklist: the secretariat, admins
  // The cloud service register (issue 7). The resource is the provider organisation, or for reads
  // of restricted content the readers its workflow names (app/cloud_service_internal.hpp).
  kManageCloudServices,     // services, statements, engagements requested, applications, grants: the provider's users
  kReadCloudServiceRecord,  // a service's non-public record, applications, statements, reports: by Readers
  kAuditCloudService,       // accept, decline, record results, issue the report: the engaged audit body's users
  kReviewCloudService,      // acceptance check, technical review, findings, return, recommend: reviewers
  kReadCloudServiceQueue,   // applications waiting: reviewers, committee, secretariat
  kReadOwnGrants,           // the disclosure grants an agency holds: its users
  // Feedback threads (issue 9). The resource is the thread's agency.
  kSendFeedback,            // open threads, write, close and reopen in the agency's own: its members and CISO
  kAnswerFeedback,          // answer and close any agency's threads: the secretariat and reviewers
  kReadFeedback,            // the agency's own threads (its users); every thread (secretariat, reviewers)
  kReadFeedbackStatistics,  // counts by topic, state and month: the secretariat and reviewers
  // Requirement profiles and procurement checks (issue 9): an agency's own records.
  kManageProfiles,        // create, change and read the agency's profiles: its members and CISO
  kRunProcurementChecks,  // run, save and read the agency's checks: its members and CISO
  // The operational report (issue 9): whole-register figures for a period.
  kReadOperationsReport,  // the secretariat and administrators
  // Transitional measures and unregistered-service confirmations (issue 9). The resource of a
  // confirmation is its agency.
  kReadTransitionalMeasures,     // agencies' users, the secretariat, reviewers
  kManageTransitionalMeasures,   // create, edit before the start, end early: the secretariat
  kRecordUnregisteredServices,   // create, edit, submit: the agency's members and CISO
  kReadUnregisteredServices,     // the agency's own users; the secretariat every agency's
  kApproveUnregisteredServices,  // approve or return: the CISO of the same agency
};

const std::vector<Action>& AllActions();
std::string_view ToString(Action action);
std::optional<Action> ActionFromString(std::string_view text);

// Who may read a resource that is not public, besides the organisation that owns it (DESIGN.md
// §3). The policy does not know workflows: the caller that knows the resource's subject says who
// its readers are (app/documents.hpp: DocumentReaders), by organisation and by role.
struct Readers {
  bool is_public = false;
  std::vector<domain::OrganizationId> organizations;
  std::vector<domain::Role> roles;  // users holding one of these roles, in any organisation
  bool roles_apply = true;          // false for confidential resources: organisations only
};

// The thing acted on, as far as the policy cares: the organisation that owns it, and for a
// resource whose readers depend on it (a document), who they are. Without `readers` the question
// is the route's: may the caller read such resources at all (public ones, at least)?
struct Resource {
  std::optional<domain::OrganizationId> organization;
  std::optional<Readers> readers = std::nullopt;
};

// Ok when allowed; kUnauthenticated when nobody is signed in and the action needs someone,
// kPermissionDenied when the principal is known but not allowed.
core::Result<void> Authorize(const Principal& principal, Action action, const Resource& resource = {});

}  // namespace ismap::app
