// Deadlines (issue 6): how long something has waited on a person, and whether that is too long.
// A day in the programme is a calendar day in Japan (UTC+9, no daylight saving time): an item
// submitted at 23:00 on 1 April has waited one day at 01:00 on 2 April. Workflows call these to
// show waiting times and to notify about overdue items. Pure: the caller passes `now`.
#pragma once

#include <cstdint>

#include "core/clock.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

// Calendar days in Japan from the day of `since` to the day of `now`: 0 on the same day, 1 the
// next day; 0 when `now` is before `since`.
std::int64_t DaysWaiting(core::TimePoint since, core::TimePoint now);

// True when the item has waited more than `days` days (DaysWaiting > days). REQUIRES: days >= 0.
bool IsOverdue(core::TimePoint since, core::TimePoint now, std::int64_t days);

// The first day a registration valid through `valid_until` is due for renewal: `notice_days`
// before it (config audit_body.renewal_notice_days). REQUIRES: notice_days >= 0.
Date RenewalDueFrom(const Date& valid_until, int notice_days);

// True from RenewalDueFrom through valid_until for an active registration with no renewal filed:
// the days on which its holder must be reminded (and pages show it as due).
bool IsRenewalDue(const Registration& registration, const Date& today, int notice_days);

}  // namespace ismap::domain
