#include "app/deadlines.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/committee.hpp"

#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "app/workflow_notifications.hpp"
#include "domain/deadline.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

using domain::ActorKind;
using domain::ApplicationKind;
using domain::ApplicationState;
using domain::Role;

constexpr int kPage = 200;

// Whom an application waiting on `actor` waits on, as users.
core::Result<std::vector<domain::UserId>> WaitingUsers(storage::UnitOfWork& uow, const domain::Application& a,
                                                       ActorKind actor) {
  switch (actor) {
    case ActorKind::kApplicant:
      return RegisterAdmins(uow, a.kind, a.applicant);
    case ActorKind::kEvaluator:
      return UsersWithRole(uow, Role::kEvaluator, std::nullopt);
    case ActorKind::kReviewer:
      return UsersWithRole(uow, Role::kReviewer, std::nullopt);
    case ActorKind::kSecretariat:
      return UsersWithRole(uow, Role::kSecretariat, std::nullopt);
    case ActorKind::kCommittee:
      return UsersWithRole(uow, Role::kCommitteeMember, std::nullopt);
    case ActorKind::kSystem:
      break;
  }
  return std::vector<domain::UserId>();
}

struct WaitText {
  const char* ja;
  const char* en;
};

WaitText WhatIsAwaited(ActorKind actor) {
  switch (actor) {
    case ActorKind::kApplicant:
      return {"申請者による修正・再提出", "the applicant's correction and resubmission"};
    case ActorKind::kEvaluator:
      return {"評価者による評価", "the evaluator's evaluation"};
    case ActorKind::kReviewer:
      return {"審査者による審査", "the reviewer's review"};
    case ActorKind::kSecretariat:
      return {"事務局による運営委員会の議題への追加", "the secretariat putting it on a committee agenda"};
    case ActorKind::kCommittee:
      return {"運営委員会の決定", "the steering committee's decision"};
    case ActorKind::kSystem:
      break;
  }
  return {"対応", "action"};
}

core::Result<int> NotifyRenewalsDue(storage::UnitOfWork& uow, const core::Clock& clock,
                                    const AuditBodySettings& settings, const domain::Date& today,
                                    DeadlineReport* report) {
  int written = 0;
  for (const auto kind : {ApplicationKind::kAuditBody, ApplicationKind::kCloudService}) {
    const bool service = kind == ApplicationKind::kCloudService;
    const int notice_days = service ? settings.cloud_services.renewal_notice_days : settings.renewal_notice_days;
    ISMAP_ASSIGN_OR_RETURN(auto registrations, uow.Registrations().List(kind, today));
    for (const auto& r : registrations) {
      if (!domain::IsRenewalDue(r, today, notice_days)) {
        continue;
      }
      const std::string subject = RegistrationSubject(r.id);
      const core::TimePoint window_opened = domain::StartOfJapanDay(domain::RenewalDueFrom(r.valid_until, notice_days));
      ISMAP_ASSIGN_OR_RETURN(bool told, uow.Notifications().ExistsSince(kNoticeRenewalDue, subject, window_opened));
      if (told) {
        continue;
      }
      ISMAP_ASSIGN_OR_RETURN(auto admins, RegisterAdmins(uow, r.register_kind, r.holder));
      if (admins.empty()) {
        continue;  // nobody to tell yet; tried again at the next run
      }
      const std::string until = domain::FormatDate(r.valid_until);
      const auto days = domain::DaysBetween(today, r.valid_until);
      domain::NotificationRequest request;
      request.kind = kNoticeRenewalDue;
      request.subject = subject;
      if (service) {
        ISMAP_ASSIGN_OR_RETURN(auto registered, uow.Services().GetByRegistration(r.id));
        request.link = ServiceLink(registered.id);
      } else {
        request.link = AuditBodyLink(r.holder);
      }
      request.text.title_ja =
          fmt::format("登録 {} の有効期限（{}）が近づいています：更新を申請してください", r.number, until);
      request.text.title_en =
          fmt::format("Registration {} expires on {}: please apply for its renewal", r.number, until);
      request.text.body_ja = fmt::format(
          "登録番号 {} は {} まで有効です（あと {} "
          "日）。有効期限までに更新の申請が提出されない場合、登録は失効します。\n\n{}",
          r.number, until, days, request.link);
      request.text.body_en = fmt::format(
          "Registration {} is valid until {} ({} days from today). Unless a renewal is applied for before then, the "
          "registration expires.\n\n{}",
          r.number, until, days, request.link);
      ISMAP_ASSIGN_OR_RETURN(auto notices, Notify(uow, clock, admins, request));
      written += static_cast<int>(notices.size());
      report->renewal_due.push_back(r.id);
    }
  }
  return written;
}

// An application on the agenda of a meeting still to come waits for that day, not on the members.
core::Result<bool> AwaitsAComingMeeting(storage::UnitOfWork& uow, const domain::Application& a,
                                        const domain::Date& today) {
  if (a.state != ApplicationState::kCommittee || !a.meeting_id) {
    return false;
  }
  ISMAP_ASSIGN_OR_RETURN(auto meeting, uow.Committee().GetMeeting(*a.meeting_id));
  return meeting.date >= today;
}

core::Result<int> NotifyOverdue(storage::UnitOfWork& uow, const core::Clock& clock, const AuditBodySettings& settings,
                                const domain::Date& today, DeadlineReport* report) {
  const core::TimePoint now = clock.Now();
  // Drafts wait on the applicant too, but nobody asked for them: only what someone else handed over.
  const std::vector<ApplicationState> states = {ApplicationState::kSubmitted,       ApplicationState::kUnderEvaluation,
                                                ApplicationState::kAcceptanceCheck, ApplicationState::kTechnicalReview,
                                                ApplicationState::kAdditionalAudit, ApplicationState::kReturned,
                                                ApplicationState::kRecommended,     ApplicationState::kCommittee};
  int written = 0;
  for (const auto kind : {ApplicationKind::kAuditBody, ApplicationKind::kCloudService}) {
    for (int offset = 0;; offset += kPage) {
      ISMAP_ASSIGN_OR_RETURN(auto page, uow.Applications().ListByStates(kind, states, kPage, offset));
      for (const auto& a : page) {
        const auto actor = domain::WaitingOn(a.kind, a.state);
        if (!actor || !domain::IsOverdue(a.state_since, now, settings.overdue_days)) {
          continue;
        }
        const std::string subject = ApplicationSubject(a.id);
        ISMAP_ASSIGN_OR_RETURN(bool told, uow.Notifications().ExistsSince(kNoticeOverdue, subject, a.state_since));
        if (told) {
          continue;
        }
        ISMAP_ASSIGN_OR_RETURN(bool coming, AwaitsAComingMeeting(uow, a, today));
        if (coming) {
          continue;
        }
        ISMAP_ASSIGN_OR_RETURN(auto users, WaitingUsers(uow, a, *actor));
        if (users.empty()) {
          continue;
        }
        const auto days = domain::DaysWaiting(a.state_since, now);
        const auto awaited = WhatIsAwaited(*actor);
        const std::string since = domain::FormatDate(domain::JapanDate(a.state_since));
        domain::NotificationRequest request;
        request.kind = kNoticeOverdue;
        request.subject = subject;
        request.link = kind == ApplicationKind::kCloudService ? ServiceApplicationLink(a.id) : ApplicationLink(a.id);
        request.text.title_ja = fmt::format("申請 {} が {} 日間、{}を待っています", a.id.value(), days, awaited.ja);
        request.text.title_en = fmt::format("Application {} has waited {} days for {}", a.id.value(), days, awaited.en);
        request.text.body_ja =
            fmt::format("申請 {} は {} から「{}」の状態のままです（期限の目安 {} 日）。\n\n{}", a.id.value(), since,
                        domain::ToString(a.state), settings.overdue_days, request.link);
        request.text.body_en =
            fmt::format("Application {} has been {} since {} (the limit is {} days).\n\n{}", a.id.value(),
                        domain::ToString(a.state), since, settings.overdue_days, request.link);
        ISMAP_ASSIGN_OR_RETURN(auto notices, Notify(uow, clock, users, request));
        written += static_cast<int>(notices.size());
        report->overdue.push_back(a.id);
      }
      if (static_cast<int>(page.size()) < kPage) {
        break;
      }
    }
  }
  return written;
}

}  // namespace

core::Result<DeadlineReport> NotifyDeadlines(storage::Database& db, const core::Clock& clock,
                                             const AuditBodySettings& settings, const Principal& principal,
                                             const domain::Date& today) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRunRegistrationJobs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  // Held until the end: another instance running the job meanwhile waits, then sees these notices.
  ISMAP_RETURN_IF_ERROR(uow->Ledger().LockHead());
  DeadlineReport report;
  ISMAP_ASSIGN_OR_RETURN(int renewals, NotifyRenewalsDue(*uow, clock, settings, today, &report));
  ISMAP_ASSIGN_OR_RETURN(int overdue, NotifyOverdue(*uow, clock, settings, today, &report));
  report.notifications = renewals + overdue;
  if (report.renewal_due.empty() && report.overdue.empty()) {
    return report;  // nothing written: the transaction rolls back
  }
  nlohmann::json renewal_ids = nlohmann::json::array();
  for (const auto id : report.renewal_due) {
    renewal_ids.push_back(id.value());
  }
  nlohmann::json overdue_ids = nlohmann::json::array();
  for (const auto id : report.overdue) {
    overdue_ids.push_back(id.value());
  }
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventDeadlinesNotified, "jobs/deadlines",
                                    nlohmann::json{{"on", domain::FormatDate(today)},
                                                   {"renewal_due", renewal_ids},
                                                   {"overdue", overdue_ids},
                                                   {"notifications", report.notifications},
                                                   {"renewal_notice_days", settings.renewal_notice_days},
                                                   {"overdue_days", settings.overdue_days}}
                                        .dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return report;
}

core::Result<DailyJobReport> RunDailyJobs(storage::Database& db, const core::Clock& clock,
                                          const AuditBodySettings& settings, const Principal& principal) {
  DailyJobReport report;
  report.today = domain::JapanDate(clock.Now());
  ISMAP_ASSIGN_OR_RETURN(report.expired, ExpireRegistrations(db, clock, principal, report.today));
  ISMAP_ASSIGN_OR_RETURN(report.deadlines, NotifyDeadlines(db, clock, settings, principal, report.today));
  return report;
}

DailyJobTimer::DailyJobTimer(storage::Database& db, const core::Clock& clock, AuditBodySettings settings,
                             std::chrono::seconds interval)
    : db_(db), clock_(clock), settings_(std::move(settings)), interval_(interval), thread_([this] { Run(); }) {}

DailyJobTimer::~DailyJobTimer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void LogDailyJobs(const core::Result<DailyJobReport>& report) {
  if (!report) {
    spdlog::warn("daily jobs: {}", report.error().message);
  } else if (report->expired > 0 || report->deadlines.notifications > 0) {
    spdlog::info("daily jobs: {} registrations expired; {} renewal reminders, {} overdue applications, {} notices",
                 report->expired, report->deadlines.renewal_due.size(), report->deadlines.overdue.size(),
                 report->deadlines.notifications);
  }
}

void DailyJobTimer::Run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    LogDailyJobs(RunDailyJobs(db_, clock_, settings_, Principal::Operator()));
    lock.lock();
  }
}

}  // namespace ismap::app
