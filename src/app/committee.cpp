#include "app/committee.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <string_view>
#include <variant>

#include <string>
#include <utility>

#include "app/ledger.hpp"
#include "app/workflow_notifications.hpp"
#include "domain/date.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::AgendaItemKind;
using domain::ApplicationKind;
using domain::DecisionOutcome;
using domain::RegistrationEvent;

std::string DateText(const domain::Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

nlohmann::json ItemJson(const AgendaItem& item) {
  nlohmann::json j = {{"register", domain::ToString(item.register_kind)}, {"kind", domain::ToString(item.kind())}};
  if (const auto* app = std::get_if<domain::ApplicationId>(&item.subject)) {
    j["application"] = app->value();
  } else {
    j["registration"] = std::get<domain::RegistrationId>(item.subject).value();
  }
  return j;
}

nlohmann::json RegistrationJson(const domain::Registration& r) {
  return {{"number", r.number},
          {"holder", r.holder.value()},
          {"state", domain::ToString(r.state)},
          {"registered_on", DateText(r.registered_on)},
          {"valid_until", DateText(r.valid_until)},
          {"version", r.version}};
}

core::Result<void> RecordRegistrationEvent(storage::UnitOfWork& uow, const core::Clock& clock,
                                           const Principal& principal, std::string_view event,
                                           const domain::Registration& registration, nlohmann::json payload) {
  payload.update(RegistrationJson(registration));
  return RecordEvent(uow, clock, principal.ActorName(), principal.OrganizationId(),
                     std::string(domain::kEventRegistrationPrefix) + std::string(event),
                     RegistrationSubject(registration.id), payload.dump());
}

// The registration event a decision on a registration (or on a renewal application) is.
std::optional<RegistrationEvent> EventOf(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kApprove:
    case DecisionOutcome::kRenew:
      return RegistrationEvent::kRenew;
    case DecisionOutcome::kReject:
      return RegistrationEvent::kRenewalRefused;
    case DecisionOutcome::kSuspend:
      return RegistrationEvent::kSuspend;
    case DecisionOutcome::kReinstate:
      return RegistrationEvent::kReinstate;
    case DecisionOutcome::kRevoke:
      return RegistrationEvent::kRevoke;
    case DecisionOutcome::kWithdraw:
      return RegistrationEvent::kWithdraw;
    case DecisionOutcome::kDefer:
      return std::nullopt;
  }
  return std::nullopt;
}

// Applies `decision` to `registration_id` and records the registration event (none for a deferral).
core::Result<domain::Registration> DecideRegistration(storage::UnitOfWork& uow, const core::Clock& clock,
                                                      const AuditBodySettings& settings, const Principal& principal,
                                                      domain::RegistrationId registration_id,
                                                      const domain::Decision& decision,
                                                      std::optional<domain::Date> renewed_valid_until = std::nullopt) {
  ISMAP_ASSIGN_OR_RETURN(auto registration, uow.Registrations().Get(registration_id));
  ISMAP_ASSIGN_OR_RETURN(auto next, domain::ApplyRegistrationDecision(registration, registration.version, decision,
                                                                      settings.registration, renewed_valid_until));
  const auto event = EventOf(decision.outcome);
  if (!event) {
    return next;
  }
  ISMAP_RETURN_IF_ERROR(uow.Registrations().Update(next, registration.version, domain::JapanDate(decision.decided_at)));
  ISMAP_RETURN_IF_ERROR(
      RecordRegistrationEvent(uow, clock, principal, domain::ToString(*event), next,
                              {{"meeting", decision.meeting_id.value()}, {"reason", decision.reason}}));
  return next;
}

// A decided cloud service application (issue 7). Approving a new one registers the service, valid
// through RegistrationValidUntil of its statement's audit period, and records the statement as the
// registered one; a renewal's approval extends the validity to its own statement's; an approved
// change makes its statement the registered one. The service row carries the registration.
core::Result<std::optional<domain::Registration>> DecideService(storage::UnitOfWork& uow, const core::Clock& clock,
                                                                const AuditBodySettings& settings,
                                                                const Principal& principal,
                                                                const domain::Application& decided,
                                                                const domain::Decision& decision) {
  ISMAP_ASSIGN_OR_RETURN(auto content, uow.ServiceApplications().GetContent(decided.id));
  ISMAP_ASSIGN_OR_RETURN(auto service, uow.Services().Get(content.service));
  if (!content.statement) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "application.statement_required",
                           "the application names no statement");
  }
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow.Statements().Get(*content.statement));
  const domain::Date valid_until = domain::RegistrationValidUntil(statement.period);
  const bool approved = decided.state == domain::ApplicationState::kApproved;
  std::optional<domain::Registration> result;
  if (decided.purpose == domain::ApplicationPurpose::kNew) {
    if (!approved) {
      return result;
    }
    const auto& numbers = settings.cloud_services.number_template;
    const int year = domain::JapanDate(decision.decided_at).year;
    ISMAP_ASSIGN_OR_RETURN(auto serial, uow.Registrations().NextSerial(decided.kind, numbers.has_year() ? year : 0));
    ISMAP_ASSIGN_OR_RETURN(auto registration,
                           domain::RegisterOnApprovalUntil(decided, decision, numbers, serial, valid_until));
    ISMAP_ASSIGN_OR_RETURN(auto stored, uow.Registrations().Insert(registration, decision.decided_at));
    ISMAP_RETURN_IF_ERROR(RecordRegistrationEvent(uow, clock, principal, "created", stored,
                                                  {{"meeting", decision.meeting_id.value()},
                                                   {"application", decided.id.value()},
                                                   {"service", service.id.value()},
                                                   {"reason", decision.reason}}));
    service.registration_id = stored.id;
    result = std::move(stored);
  } else if (decided.purpose == domain::ApplicationPurpose::kRenewal && decided.registration_id &&
             decision.outcome != DecisionOutcome::kDefer) {
    ISMAP_ASSIGN_OR_RETURN(auto registration, DecideRegistration(uow, clock, settings, principal,
                                                                 *decided.registration_id, decision, valid_until));
    result = std::move(registration);
    if (!approved) {
      return result;
    }
  } else if (decided.purpose == domain::ApplicationPurpose::kChange && approved && decided.registration_id) {
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow.Registrations().Get(*decided.registration_id));
    ISMAP_RETURN_IF_ERROR(RecordRegistrationEvent(uow, clock, principal, "changed", registration,
                                                  {{"meeting", decision.meeting_id.value()},
                                                   {"application", decided.id.value()},
                                                   {"statement", statement.id.value()},
                                                   {"reason", decision.reason}}));
    result = std::move(registration);
  } else {
    return result;
  }
  const std::int64_t version = service.version;
  service.registered_statement = statement.id;
  service.version = version + 1;
  ISMAP_RETURN_IF_ERROR(uow.Services().Update(service, version));
  return result;
}

}  // namespace

core::Result<domain::Meeting> CreateMeeting(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                            const domain::Date& date) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCommittee));
  const core::TimePoint now = clock.Now();
  if (!domain::IsValidDate(date)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "committee.bad_date", "not a calendar date");
  }
  if (date < domain::JapanDate(now)) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "committee.meeting_past",
                           "a meeting cannot be created for a day already past");
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto meeting, uow->Committee().InsertMeeting(date, now));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCommitteeMeetingCreated, MeetingSubject(meeting.id),
                                    nlohmann::json{{"date", DateText(date)}}.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return meeting;
}

core::Result<domain::Meeting> GetMeeting(storage::Database& db, const Principal& principal, domain::MeetingId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCommittee));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Committee().GetMeeting(id);
}

core::Result<std::vector<domain::Meeting>> ListMeetings(storage::Database& db, const Principal& principal, int limit,
                                                        int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCommittee));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Committee().ListMeetings(limit, offset);
}

core::Result<domain::Meeting> AddToAgenda(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                          domain::MeetingId meeting_id, const AgendaItem& item) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCommittee));
  const core::TimePoint now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto meeting, uow->Committee().GetMeeting(meeting_id));
  ISMAP_ASSIGN_OR_RETURN(auto next_meeting, domain::AddToAgenda(meeting, item, domain::JapanDate(now)));
  if (const auto* app_id = std::get_if<domain::ApplicationId>(&item.subject)) {
    ISMAP_ASSIGN_OR_RETURN(auto application, uow->Applications().Get(*app_id));
    if (application.kind != item.register_kind) {
      return core::MakeError(core::ErrorCode::kNotFound, "application.not_found", "application not found");
    }
    if (application.state != domain::ApplicationState::kRecommended) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "committee.not_recommended",
                             "only a recommended application can be put on an agenda");
    }
    ISMAP_ASSIGN_OR_RETURN(auto next, domain::Apply(application, application.version,
                                                    domain::ApplicationAction::PutOnAgenda(meeting_id), now));
    ISMAP_RETURN_IF_ERROR(uow->Applications().Update(next, application.version));
  } else {
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow->Registrations().Get(std::get<domain::RegistrationId>(item.subject)));
    if (registration.register_kind != item.register_kind) {
      return core::MakeError(core::ErrorCode::kNotFound, "registration.not_found", "registration not found");
    }
  }
  ISMAP_RETURN_IF_ERROR(uow->Committee().AddAgendaItem(meeting_id, item));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCommitteeAgendaAdded, MeetingSubject(meeting_id),
                                    ItemJson(item).dump()));
  ISMAP_RETURN_IF_ERROR(NotifyAgendaItem(*uow, clock, next_meeting, item));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return next_meeting;
}

core::Result<domain::Meeting> RecordAttendance(storage::Database& db, const core::Clock& clock,
                                               const Principal& principal, domain::MeetingId meeting_id,
                                               const std::vector<domain::UserId>& members_present) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCommittee));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto meeting, uow->Committee().GetMeeting(meeting_id));
  nlohmann::json members = nlohmann::json::array();
  for (const auto& id : members_present) {
    auto user = uow->Users().Get(id);
    if (!user.has_value() || !user->Has(domain::Role::kCommitteeMember)) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "committee.not_a_member",
                             "user " + std::to_string(id.value()) + " is not a committee member");
    }
    members.push_back(id.value());
  }
  ISMAP_RETURN_IF_ERROR(uow->Committee().SetMembersPresent(meeting_id, members_present));
  meeting.members_present = members_present;
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCommitteeAttendanceRecorded, MeetingSubject(meeting_id),
                                    nlohmann::json{{"members_present", members}}.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return meeting;
}

core::Result<DecisionResult> Decide(storage::Database& db, const core::Clock& clock, const AuditBodySettings& settings,
                                    const Principal& principal, domain::MeetingId meeting_id, const AgendaItem& item,
                                    DecisionOutcome outcome, const std::string& reason) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kDecideCommittee));
  const core::TimePoint now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto meeting, uow->Committee().GetMeeting(meeting_id));
  ISMAP_ASSIGN_OR_RETURN(auto decision, domain::Decide(meeting, item, outcome, reason, now, settings.committee));
  ISMAP_RETURN_IF_ERROR(uow->Committee().InsertDecision(decision));
  nlohmann::json payload = ItemJson(item);
  payload["outcome"] = domain::ToString(outcome);
  payload["reason"] = reason;
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventCommitteeDecided, MeetingSubject(meeting_id), payload.dump()));

  DecisionResult result{decision, std::nullopt, std::nullopt};
  if (const auto* app_id = std::get_if<domain::ApplicationId>(&item.subject)) {
    ISMAP_ASSIGN_OR_RETURN(auto application, uow->Applications().Get(*app_id));
    ISMAP_ASSIGN_OR_RETURN(auto decided, domain::ApplyDecision(application, application.version, decision));
    ISMAP_RETURN_IF_ERROR(uow->Applications().Update(decided, application.version));
    if (decided.kind == ApplicationKind::kCloudService) {
      ISMAP_ASSIGN_OR_RETURN(result.registration, DecideService(*uow, clock, settings, principal, decided, decision));
    } else if (decided.purpose == domain::ApplicationPurpose::kNew &&
               decided.state == domain::ApplicationState::kApproved) {
      const auto& policy = settings.registration;
      const int year = domain::JapanDate(now).year;
      ISMAP_ASSIGN_OR_RETURN(
          auto serial, uow->Registrations().NextSerial(decided.kind, policy.number_template.has_year() ? year : 0));
      ISMAP_ASSIGN_OR_RETURN(auto registration, domain::RegisterOnApproval(decided, decision, policy, serial));
      ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Registrations().Insert(registration, now));
      ISMAP_RETURN_IF_ERROR(RecordRegistrationEvent(
          *uow, clock, principal, "created", stored,
          {{"meeting", meeting_id.value()}, {"application", decided.id.value()}, {"reason", reason}}));
      result.registration = std::move(stored);
    } else if (decided.purpose == domain::ApplicationPurpose::kRenewal && decided.registration_id &&
               outcome != DecisionOutcome::kDefer) {
      ISMAP_ASSIGN_OR_RETURN(auto registration,
                             DecideRegistration(*uow, clock, settings, principal, *decided.registration_id, decision));
      result.registration = std::move(registration);
    }
    ISMAP_RETURN_IF_ERROR(NotifyApplicationDecided(*uow, clock, decided, outcome, reason));
    result.application = std::move(decided);
  } else {
    ISMAP_ASSIGN_OR_RETURN(
        auto registration,
        DecideRegistration(*uow, clock, settings, principal, std::get<domain::RegistrationId>(item.subject), decision));
    if (outcome != DecisionOutcome::kDefer) {
      ISMAP_RETURN_IF_ERROR(NotifyRegistrationDecided(*uow, clock, registration, outcome, reason));
    }
    result.registration = std::move(registration);
  }
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return result;
}

core::Result<int> ExpireRegistrations(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                      const domain::Date& today) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRunRegistrationJobs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  int expired = 0;
  for (const auto kind : {ApplicationKind::kAuditBody, ApplicationKind::kCloudService}) {
    ISMAP_ASSIGN_OR_RETURN(auto candidates, uow->Registrations().ListExpiring(kind, today));
    for (const auto& registration : candidates) {
      auto next = domain::ApplyExpiry(registration, registration.version, today);
      if (!next.has_value()) {
        if (next.error().code == core::ErrorCode::kFailedPrecondition) {
          continue;  // a renewal filed in time keeps it valid; not yet expired
        }
        return next.error();
      }
      ISMAP_RETURN_IF_ERROR(uow->Registrations().Update(*next, registration.version, today));
      ISMAP_RETURN_IF_ERROR(RecordRegistrationEvent(
          *uow, clock, principal, domain::ToString(RegistrationEvent::kExpire), *next, {{"on", DateText(today)}}));
      ISMAP_RETURN_IF_ERROR(NotifyRegistrationExpired(*uow, clock, *next));
      ++expired;
    }
  }
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return expired;
}

}  // namespace ismap::app
