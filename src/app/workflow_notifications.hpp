// Who is told what when an audit body's application or registration moves on (issue 6). Every
// step that leaves the next move to someone notifies them, with app::Notify, in the step's own unit
// of work, so the step and its notices commit together or not at all:
//   submitted, resubmitted            → every evaluator
//   returned for correction           → the applicant's audit_body_admin users, with the reason
//   recommended                       → the secretariat, to put it on an agenda
//   put on an agenda                  → the committee members
//   decided (approve, reject, defer)  → the applicant's admins, with the reason
//   a decision on a registration      → the holder's admins, with the reason
// Recipients are the enabled users holding the role (storage ListWithRole). Each notice has
// Japanese and English text and a link: /audit-bodies/applications/{id}, /committee/meetings/{id},
// /audit-bodies/{organization_id}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/committee.hpp"
#include "domain/identity.hpp"
#include "domain/notification.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Notification kinds (NotificationRequest::kind).
inline constexpr char kNoticeSubmitted[] = "audit_body.submitted";
inline constexpr char kNoticeResubmitted[] = "audit_body.resubmitted";
inline constexpr char kNoticeReturned[] = "audit_body.returned";
inline constexpr char kNoticeRecommended[] = "audit_body.recommended";
inline constexpr char kNoticeOnAgenda[] = "committee.agenda_added";
inline constexpr char kNoticeDecided[] = "audit_body.decided";
inline constexpr char kNoticeRegistrationDecided[] = "registration.decided";
inline constexpr char kNoticeRenewalDue[] = "audit_body.renewal_due";
inline constexpr char kNoticeOverdue[] = "audit_body.application_overdue";
inline constexpr char kNoticeExpired[] = "registration.expired";

// Links to the pages.
std::string ApplicationLink(domain::ApplicationId id);
std::string MeetingLink(domain::MeetingId id);
std::string AuditBodyLink(domain::OrganizationId id);
// Cloud services (issue 7): /applications/{id}, /services/{id}.
std::string ServiceApplicationLink(domain::ApplicationId id);
std::string ServiceLink(domain::ServiceId id);

// The enabled users holding `role`, anywhere or in `organization`, by id.
core::Result<std::vector<domain::UserId>> UsersWithRole(storage::UnitOfWork& uow, domain::Role role,
                                                        std::optional<domain::OrganizationId> organization);
// The admins of an organisation that applies to or holds a place on the register of `kind`
// (audit_body_admin for audit bodies, csp_admin for cloud services).
core::Result<std::vector<domain::UserId>> RegisterAdmins(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                                         domain::OrganizationId organization);

// After the application step recorded as ledger event `event` (domain::kEventAuditBody*): notifies
// whom the step leaves waiting (submitted, resubmitted, returned, recommended); other events notify
// nobody. `reason` is the reason given with the step (a return's).
core::Result<void> NotifyApplicationStep(storage::UnitOfWork& uow, const core::Clock& clock,
                                         const domain::Application& application, std::string_view event,
                                         const std::string& reason);
// An item put on `meeting`'s agenda: the committee members.
core::Result<void> NotifyAgendaItem(storage::UnitOfWork& uow, const core::Clock& clock, const domain::Meeting& meeting,
                                    const domain::AgendaItem& item);
// The committee decided an application: the applicant's admins.
core::Result<void> NotifyApplicationDecided(storage::UnitOfWork& uow, const core::Clock& clock,
                                            const domain::Application& application, domain::DecisionOutcome outcome,
                                            const std::string& reason);
// The committee decided on a registration (suspend, reinstate, revoke, withdraw, renew): the holder's admins.
core::Result<void> NotifyRegistrationDecided(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const domain::Registration& registration, domain::DecisionOutcome outcome,
                                             const std::string& reason);
// The daily job expired a registration (its validity ran out with no renewal filed): the holder's admins.
core::Result<void> NotifyRegistrationExpired(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const domain::Registration& registration);

}  // namespace ismap::app
