#include "domain/operations_report.hpp"

#include <algorithm>
#include <iterator>

#include "domain/statistics.hpp"

namespace ismap::domain {
namespace {

using St = ApplicationState;

std::size_t Index(ReportGroup group) { return static_cast<std::size_t>(group); }
std::size_t Index(ReportStage stage) { return static_cast<std::size_t>(stage); }

DaySummary Summarise(const std::vector<double>& days) {
  return {static_cast<int>(days.size()), Percentile(days, 50), Percentile(days, 90)};
}

void CountApplication(const ReportPeriod& period, const ApplicationHistory& a, ApplicationCounts& counts) {
  if (const auto submitted = FirstSubmittedOn(a); submitted && period.Contains(*submitted)) {
    ++counts.received;
  }
  if (const auto decided = DecidedOn(a); decided && period.Contains(*decided)) {
    ++(a.state == St::kApproved ? counts.approved : counts.rejected);
  }
  for (const StateChange& change : a.changes) {
    if (change.state == St::kReturned && period.Contains(JapanDate(change.at))) {
      ++counts.returned;
    }
  }
}

void CountRegistration(const ReportPeriod& period, const RegistrationFacts& r, RegistrationCounts& counts) {
  counts.registered += period.Contains(r.registered_on) ? 1 : 0;
  counts.on_list += r.on_list_at_end ? 1 : 0;
  counts.expired += r.lapsed_on && period.Contains(*r.lapsed_on) ? 1 : 0;
}

}  // namespace

core::Result<ReportPeriod> MakeReportPeriod(const Date& from, const Date& to) {
  if (to < from) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "report.period_reversed",
                           "the period ends " + FormatDate(to) + ", before it begins " + FormatDate(from));
  }
  // The last day of five years counted from `from` (民法 143条, as registrations count validity).
  if (AddMonthsCivil(from, kReportMaxYears * 12) < to) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "report.period_too_long",
                           "a report covers at most five years");
  }
  return ReportPeriod{from, to};
}

std::string_view ToString(ReportGroup group) {
  switch (group) {
    case ReportGroup::kIsmap:
      return "ismap";
    case ReportGroup::kLiu:
      return "liu";
    case ReportGroup::kAuditBodies:
      return "audit_bodies";
  }
  return "audit_bodies";
}

std::string_view ToString(ReportStage stage) {
  switch (stage) {
    case ReportStage::kAcceptance:
      return "acceptance";
    case ReportStage::kReview:
      return "review";
    case ReportStage::kReturned:
      return "returned";
    case ReportStage::kAdditionalAudit:
      return "additional_audit";
    case ReportStage::kCommittee:
      return "committee";
  }
  return "committee";
}

std::optional<ReportStage> StageOf(ApplicationState state) {
  switch (state) {
    case St::kSubmitted:
    case St::kAcceptanceCheck:
      return ReportStage::kAcceptance;
    case St::kTechnicalReview:
    case St::kUnderEvaluation:
      return ReportStage::kReview;
    case St::kReturned:
      return ReportStage::kReturned;
    case St::kAdditionalAudit:
      return ReportStage::kAdditionalAudit;
    case St::kRecommended:
    case St::kCommittee:
      return ReportStage::kCommittee;
    case St::kDraft:
    case St::kApproved:
    case St::kRejected:
    case St::kWithdrawn:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Date> FirstSubmittedOn(const ApplicationHistory& application) {
  for (const StateChange& change : application.changes) {
    if (change.state == St::kSubmitted) {
      return JapanDate(change.at);
    }
  }
  return std::nullopt;
}

std::optional<Date> DecidedOn(const ApplicationHistory& application) {
  if (application.state != St::kApproved && application.state != St::kRejected) {
    return std::nullopt;
  }
  return JapanDate(application.state_since);
}

std::optional<StageDays> SplitStages(const ApplicationHistory& application) {
  const auto decided = DecidedOn(application);
  const auto first = std::find_if(application.changes.begin(), application.changes.end(),
                                  [](const StateChange& c) { return c.state == St::kSubmitted; });
  if (!decided || first == application.changes.end()) {
    return std::nullopt;
  }
  StageDays out;
  for (auto it = first; it != application.changes.end(); ++it) {
    const auto stage = StageOf(it->state);
    if (!stage) {
      continue;  // a change into an outcome before the decision's own time: nothing to count
    }
    const auto next = std::next(it);
    const Date until = next == application.changes.end() ? *decided : JapanDate(next->at);
    out.days[Index(*stage)] += DaysBetween(JapanDate(it->at), until);
    out.entered[Index(*stage)] = true;
  }
  out.total = DaysBetween(JapanDate(first->at), *decided);
  return out;
}

std::optional<Date> LapsedOn(const Registration& registration, const Date& today) {
  if (registration.state != RegistrationState::kExpired &&
      StatusOn(registration, today) != RegistrationStatus::kExpired) {
    return std::nullopt;
  }
  return AddDays(registration.valid_until, 1);
}

ReportFigures ComputeReportFigures(const ReportPeriod& period, const std::vector<ApplicationHistory>& applications,
                                   const std::vector<RegistrationFacts>& registrations) {
  ReportFigures figures;
  figures.period = period;
  // Days per group, then per stage (and the total last).
  std::array<std::array<std::vector<double>, 6>, 3> days;
  for (const ApplicationHistory& a : applications) {
    const std::size_t g = Index(a.group);
    CountApplication(period, a, figures.applications[g]);
    const auto decided = DecidedOn(a);
    if (!decided || !period.Contains(*decided)) {
      continue;
    }
    if (a.purpose == ApplicationPurpose::kRenewal && a.state == St::kApproved) {
      ++figures.registrations[g].renewed;
      if (a.model) {
        ++figures.by_model[static_cast<std::size_t>(*a.model)].renewed;
      }
    }
    if (const auto split = SplitStages(a)) {
      for (ReportStage stage : kReportStages) {
        if (split->entered[Index(stage)]) {
          days[g][Index(stage)].push_back(static_cast<double>(split->days[Index(stage)]));
        }
      }
      days[g][5].push_back(static_cast<double>(split->total));
    }
  }
  for (ReportGroup group : kReportGroups) {
    const std::size_t g = Index(group);
    for (ReportStage stage : kReportStages) {
      figures.times[g].stages[Index(stage)] = Summarise(days[g][Index(stage)]);
    }
    figures.times[g].total = Summarise(days[g][5]);
  }
  for (const RegistrationFacts& r : registrations) {
    CountRegistration(period, r, figures.registrations[Index(r.group)]);
    if (r.model) {
      CountRegistration(period, r, figures.by_model[static_cast<std::size_t>(*r.model)]);
    }
  }
  return figures;
}

}  // namespace ismap::domain
