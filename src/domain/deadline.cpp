#include "domain/deadline.hpp"

#include <chrono>

namespace ismap::domain {
namespace {

// The calendar day in Japan at `t`, as days since 1970-01-01.
std::chrono::sys_days JapanDay(core::TimePoint t) {
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9));
}

}  // namespace

std::int64_t DaysWaiting(core::TimePoint since, core::TimePoint now) {
  if (now <= since) {
    return 0;
  }
  return (JapanDay(now) - JapanDay(since)).count();
}

bool IsOverdue(core::TimePoint since, core::TimePoint now, std::int64_t days) { return DaysWaiting(since, now) > days; }

Date RenewalDueFrom(const Date& valid_until, int notice_days) { return AddDays(valid_until, -notice_days); }

bool IsRenewalDue(const Registration& registration, const Date& today, int notice_days) {
  return registration.state == RegistrationState::kActive && !registration.pending_renewal &&
         RenewalDueFrom(registration.valid_until, notice_days) <= today && today <= registration.valid_until;
}

}  // namespace ismap::domain
