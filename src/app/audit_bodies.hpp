// Use cases of an audit body's application (issue 6): the applicant creates, edits, submits,
// resubmits and withdraws it; the evaluator starts the evaluation, works through the checklist,
// returns it for correction and recommends. Committee meetings, decisions and registrations are in
// app/committee.hpp. Each change is one transaction with one ledger event; every command names the
// application's version it was issued against (kConflict application.stale_version otherwise).
// Who may do what is decided in app/authorization.cpp; an application is visible to its
// applicant's users, evaluators, reviewers and the committee only (others get 403, as for
// organisations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/cloud_services.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/committee.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The rules in force (config keys audit_body.*, cloud_service.*, committee.quorum, deadlines.overdue_days).
struct AuditBodySettings {
  domain::AuditBodyRules rules;
  domain::RegistrationPolicy registration;
  domain::CommitteeRules committee;
  int renewal_notice_days = 90;  // renewal due this many days before valid_until
  int overdue_days = 14;         // waiting on one person longer than this is overdue
  // The cloud service register's (cloud_service.*): the committee's approvals number services with it.
  CloudServiceSettings cloud_services;
};

// The settings as the configuration states them, parsed and checked by the domain: kInvalidArgument
// naming the key (an unknown legal form, a bad number template, rules out of range).
core::Result<AuditBodySettings> AuditBodySettingsFrom(const core::AuditBodyConfig& audit_body,
                                                      const core::CloudServiceConfig& cloud_service,
                                                      const core::WorkflowConfig& workflow);

struct AuditBodyApplicationView {
  domain::Application application;
  storage::AuditBodyDossier dossier;
  std::optional<domain::Evaluation> evaluation;
  std::vector<domain::ApplicationCommand> available;  // what the workflow accepts next
};

// What the applicant sends: the content (organization_id is the caller's organisation) and contact.
// `registration` names the registration a renewal is for.
struct AuditBodyApplicationInput {
  domain::ApplicationPurpose purpose = domain::ApplicationPurpose::kNew;
  std::optional<domain::RegistrationId> registration;
  storage::AuditBodyDossier dossier;
};

// A new draft of the caller's organisation, which must be an audit body
// (kFailedPrecondition audit_body.not_an_audit_body). Records audit_body.application_created.
core::Result<AuditBodyApplicationView> CreateAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const Principal& principal,
                                                                  const AuditBodyApplicationInput& input);
// Replaces the content while editable (draft, returned): kFailedPrecondition application.not_editable.
core::Result<AuditBodyApplicationView> UpdateAuditBodyDraft(storage::Database& db, const core::Clock& clock,
                                                            const Principal& principal, domain::ApplicationId id,
                                                            std::int64_t version,
                                                            const storage::AuditBodyDossier& dossier);
core::Result<AuditBodyApplicationView> GetAuditBodyApplication(storage::Database& db, const Principal& principal,
                                                               domain::ApplicationId id);

// The applicant's commands. Submit and resubmit validate the content under `settings` on today's
// date in Japan (ValidateAuditBodyApplication's reasons). A renewal's submission marks the
// registration's renewal as applied (registration.renewal_too_late and the like).
core::Result<AuditBodyApplicationView> SubmitAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const AuditBodySettings& settings,
                                                                  const Principal& principal, domain::ApplicationId id,
                                                                  std::int64_t version);
core::Result<AuditBodyApplicationView> ResubmitAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                    const AuditBodySettings& settings,
                                                                    const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version);
core::Result<AuditBodyApplicationView> WithdrawAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                    const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version,
                                                                    const std::string& reason);

// The evaluator's commands. StartEvaluation opens the checklist of the current requirement set.
core::Result<AuditBodyApplicationView> StartAuditBodyEvaluation(storage::Database& db, const core::Clock& clock,
                                                                const Principal& principal, domain::ApplicationId id,
                                                                std::int64_t version);
// Marks one checklist item (application.not_under_evaluation outside evaluation); the version is
// checked, not changed.
core::Result<AuditBodyApplicationView> MarkAuditBodyEvaluationItem(storage::Database& db, const core::Clock& clock,
                                                                   const Principal& principal, domain::ApplicationId id,
                                                                   std::int64_t version, const std::string& item_id,
                                                                   domain::ItemVerdict verdict,
                                                                   const std::string& note);
core::Result<AuditBodyApplicationView> ReturnAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                  const Principal& principal, domain::ApplicationId id,
                                                                  std::int64_t version, const std::string& reason);
// CheckRecommendation against the evaluation's requirement set first.
core::Result<AuditBodyApplicationView> RecommendAuditBodyApplication(storage::Database& db, const core::Clock& clock,
                                                                     const Principal& principal,
                                                                     domain::ApplicationId id, std::int64_t version,
                                                                     domain::RecommendationOutcome outcome,
                                                                     const std::string& note);

// The caller's organisation's applications, newest first.
core::Result<std::vector<domain::Application>> ListOwnAuditBodyApplications(storage::Database& db,
                                                                            const Principal& principal, int limit,
                                                                            int offset);
// Applications waiting on the evaluator (submitted, under evaluation), oldest first; for
// reviewers and the committee also those recommended or on an agenda; for the secretariat only
// those (it puts them on agendas, and never reads an application's content).
core::Result<std::vector<domain::Application>> AuditBodyApplicationQueue(storage::Database& db,
                                                                         const Principal& principal, int limit,
                                                                         int offset);

}  // namespace ismap::app
