// The daily deadline job for audit bodies (issue 6): reminds holders that a renewal is due and
// tells whoever an application waits on that it has waited too long. Run by `ismap jobs daily`
// and, every hour, by `ismap serve`, together with ExpireRegistrations (app/committee.hpp).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "app/audit_bodies.hpp"
#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/date.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct DeadlineReport {
  std::vector<domain::RegistrationId> renewal_due;  // holders reminded in this run
  std::vector<domain::ApplicationId> overdue;       // applications whose waiting party was told
  int notifications = 0;                            // inbox entries written
};

// (a) Renewal due: every active audit-body registration with no renewal pending whose valid_until
//     is today or within settings.renewal_notice_days after today → the holder's audit_body_admin
//     users (kind audit_body.renewal_due, subject registration/<id>).
// (b) Overdue: every audit-body application that waits on someone (domain::WaitingOn; drafts are
//     the applicant's own business and excluded) for more than settings.overdue_days calendar days
//     in Japan since state_since (domain::IsOverdue) → whom it waits on: the applicant's admins,
//     the evaluators, the secretariat or the committee members (audit_body.application_overdue);
//     an application on the agenda of a meeting still to come is not overdue before that day.
// Idempotent: the notices themselves are the memory. A registration is reminded once per validity
// period (no reminder of this kind about it since the period's notice window opened, i.e.
// valid_until - renewal_notice_days); an application once per stay in its state (none since
// state_since). So running it every hour, or twice a day, notifies once; a renewed registration or
// an application that moved on and came back is told again. The run holds the ledger head lock
// from the start, so two instances running it together do not both notify.
// One ledger event audit_body.deadlines_notified per run that notified something.
// Authorised as kRunRegistrationJobs (administrators and the operator).
core::Result<DeadlineReport> NotifyDeadlines(storage::Database& db, const core::Clock& clock,
                                             const AuditBodySettings& settings, const Principal& principal,
                                             const domain::Date& today);

// The daily jobs together: ExpireRegistrations, then NotifyDeadlines, for today in Japan.
struct DailyJobReport {
  domain::Date today;
  int expired = 0;
  DeadlineReport deadlines;
};
core::Result<DailyJobReport> RunDailyJobs(storage::Database& db, const core::Clock& clock,
                                          const AuditBodySettings& settings, const Principal& principal);

// A thread that runs RunDailyJobs as the operator every `interval` (an hour in `ismap serve`, which
// runs them once itself before it listens, so what they change is there before the first request)
// until it is destroyed. Failures are logged and tried again at the next run. The jobs are
// idempotent, so instances that all run it do no harm.
// Logs what a run did (info) or why it failed (warning).
void LogDailyJobs(const core::Result<DailyJobReport>& report);

class DailyJobTimer {
 public:
  DailyJobTimer(storage::Database& db, const core::Clock& clock, AuditBodySettings settings,
                std::chrono::seconds interval);
  ~DailyJobTimer();  // stops after the run in progress, if any
  DailyJobTimer(const DailyJobTimer&) = delete;
  DailyJobTimer& operator=(const DailyJobTimer&) = delete;

 private:
  void Run();

  storage::Database& db_;
  const core::Clock& clock_;
  AuditBodySettings settings_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace ismap::app
