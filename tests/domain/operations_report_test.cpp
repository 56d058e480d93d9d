// The operational report's rules (domain/operations_report.hpp): the period, what counts in it,
// the split of an application's time into stages, and the medians and 90th percentiles.
#include "domain/operations_report.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

namespace ismap::domain {
namespace {

using St = ApplicationState;
using std::chrono::hours;
using std::chrono::minutes;

// `hour`:`minute` in Japan on `day`.
core::TimePoint At(Date day, int hour = 10, int minute = 0) {
  return StartOfJapanDay(day) + hours(hour) + minutes(minute);
}

// An application decided (approved) on `decided`, first submitted `days` days before it, its
// whole time in acceptance.
ApplicationHistory Decided(ReportGroup group, Date decided, std::int64_t days, St outcome = St::kApproved) {
  ApplicationHistory a;
  a.group = group;
  a.state = outcome;
  a.state_since = At(decided);
  a.changes = {{At(AddDays(decided, -days)), St::kSubmitted}};
  return a;
}

const ReportPeriod kFiscal2025{{2025, 4, 1}, {2026, 3, 31}};

TEST(ReportPeriod, BothDaysIncludedUpToFiveYears) {
  auto period = MakeReportPeriod({2025, 4, 1}, {2025, 4, 1});
  ASSERT_TRUE(period.has_value());
  EXPECT_TRUE(period->Contains({2025, 4, 1}));
  EXPECT_FALSE(period->Contains({2025, 3, 31}));
  EXPECT_FALSE(period->Contains({2025, 4, 2}));
  EXPECT_TRUE(MakeReportPeriod({2021, 4, 1}, {2026, 3, 31}).has_value());
  EXPECT_EQ(MakeReportPeriod({2021, 4, 1}, {2026, 4, 1}).error().reason, "report.period_too_long");
  EXPECT_EQ(MakeReportPeriod({2024, 2, 29}, {2029, 2, 28}).has_value(), true);
  EXPECT_EQ(MakeReportPeriod({2024, 2, 29}, {2029, 3, 1}).error().reason, "report.period_too_long");
  const auto reversed = MakeReportPeriod({2025, 4, 2}, {2025, 4, 1});
  ASSERT_FALSE(reversed.has_value());
  EXPECT_EQ(reversed.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(reversed.error().reason, "report.period_reversed");
}

TEST(StageOf, GroupsStatesIntoTheReportedStages) {
  EXPECT_EQ(StageOf(St::kSubmitted), ReportStage::kAcceptance);
  EXPECT_EQ(StageOf(St::kAcceptanceCheck), ReportStage::kAcceptance);
  EXPECT_EQ(StageOf(St::kTechnicalReview), ReportStage::kReview);
  EXPECT_EQ(StageOf(St::kUnderEvaluation), ReportStage::kReview);
  EXPECT_EQ(StageOf(St::kReturned), ReportStage::kReturned);
  EXPECT_EQ(StageOf(St::kAdditionalAudit), ReportStage::kAdditionalAudit);
  EXPECT_EQ(StageOf(St::kRecommended), ReportStage::kCommittee);
  EXPECT_EQ(StageOf(St::kCommittee), ReportStage::kCommittee);
  EXPECT_EQ(StageOf(St::kDraft), std::nullopt);
  EXPECT_EQ(StageOf(St::kApproved), std::nullopt);
}

TEST(SplitStages, EachStateLastsUntilTheNextChangeAndStagesAddUpToTheTotal) {
  ApplicationHistory a;
  a.state = St::kApproved;
  a.state_since = At({2025, 7, 20});
  a.changes = {{At({2025, 4, 28}), St::kDraft},           {At({2025, 5, 1}), St::kSubmitted},
               {At({2025, 5, 3}), St::kAcceptanceCheck},  {At({2025, 5, 8}), St::kReturned},
               {At({2025, 5, 18}), St::kSubmitted},       {At({2025, 5, 19}), St::kAcceptanceCheck},
               {At({2025, 5, 20}), St::kTechnicalReview}, {At({2025, 6, 1}), St::kAdditionalAudit},
               {At({2025, 6, 21}), St::kTechnicalReview}, {At({2025, 7, 1}), St::kRecommended}};
  const auto split = SplitStages(a);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->days[0], 7 + 2);    // acceptance: 05-01..05-08, 05-18..05-20
  EXPECT_EQ(split->days[1], 12 + 10);  // review: 05-20..06-01, 06-21..07-01
  EXPECT_EQ(split->days[2], 10);       // returned
  EXPECT_EQ(split->days[3], 20);       // additional audit
  EXPECT_EQ(split->days[4], 19);       // recommended and committee until the decision
  EXPECT_EQ(split->total, 80);         // 05-01..07-20
  EXPECT_EQ(split->days[0] + split->days[1] + split->days[2] + split->days[3] + split->days[4], split->total);
  EXPECT_TRUE(split->entered[2]);
}

TEST(SplitStages, CountsCalendarDaysInJapan) {
  // Submitted at 23:50 and decided at 00:10 two days later in Japan: two days, not one.
  ApplicationHistory a;
  a.state = St::kRejected;
  a.state_since = At({2025, 5, 3}, 0, 10);
  a.changes = {{At({2025, 5, 1}, 23, 50), St::kSubmitted}, {At({2025, 5, 2}, 9), St::kUnderEvaluation}};
  const auto split = SplitStages(a);
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->days[0], 1);
  EXPECT_EQ(split->days[1], 1);
  EXPECT_FALSE(split->entered[2]);
  EXPECT_EQ(split->total, 2);
}

TEST(SplitStages, NothingForApplicationsNotDecidedOrNeverSubmitted) {
  ApplicationHistory open = Decided(ReportGroup::kIsmap, {2025, 5, 1}, 3);
  open.state = St::kTechnicalReview;
  EXPECT_FALSE(SplitStages(open).has_value());
  ApplicationHistory withdrawn = Decided(ReportGroup::kIsmap, {2025, 5, 1}, 3);
  withdrawn.state = St::kWithdrawn;
  EXPECT_FALSE(SplitStages(withdrawn).has_value());
  ApplicationHistory unsubmitted = Decided(ReportGroup::kIsmap, {2025, 5, 1}, 3);
  unsubmitted.changes.clear();
  EXPECT_FALSE(SplitStages(unsubmitted).has_value());
}

TEST(ComputeReportFigures, MedianAndP90OnOddAndEvenCounts) {
  std::vector<ApplicationHistory> apps;
  for (int days : {10, 40, 20}) {  // odd: median 20, p90 rank 1.8 between 20 and 40 → 36
    apps.push_back(Decided(ReportGroup::kIsmap, {2025, 6, 1}, days));
  }
  for (int days : {10, 20, 30, 40}) {  // even: median 25, p90 rank 2.7 → 37
    apps.push_back(Decided(ReportGroup::kAuditBodies, {2025, 6, 1}, days));
  }
  const auto figures = ComputeReportFigures(kFiscal2025, apps, {});
  const auto& ismap = figures.times[0];
  EXPECT_EQ(ismap.total.count, 3);
  EXPECT_DOUBLE_EQ(ismap.total.median_days, 20);
  EXPECT_DOUBLE_EQ(ismap.total.p90_days, 36);
  EXPECT_EQ(ismap.stages[0].count, 3);
  EXPECT_DOUBLE_EQ(ismap.stages[0].median_days, 20);
  EXPECT_EQ(ismap.stages[2].count, 0);  // nobody was returned
  const auto& bodies = figures.times[2];
  EXPECT_EQ(bodies.total.count, 4);
  EXPECT_DOUBLE_EQ(bodies.total.median_days, 25);
  EXPECT_DOUBLE_EQ(bodies.total.p90_days, 37);
  EXPECT_EQ(figures.times[1].total.count, 0);
  EXPECT_DOUBLE_EQ(figures.times[1].total.median_days, 0);
}

TEST(ComputeReportFigures, EmptyPeriodCountsNothing) {
  const std::vector<ApplicationHistory> apps = {Decided(ReportGroup::kIsmap, {2024, 6, 1}, 30)};
  RegistrationFacts reg;
  reg.group = ReportGroup::kIsmap;
  reg.registered_on = {2024, 6, 1};
  const auto figures = ComputeReportFigures(kFiscal2025, apps, {reg});
  EXPECT_EQ(figures.applications[0].received, 0);
  EXPECT_EQ(figures.applications[0].approved, 0);
  EXPECT_EQ(figures.times[0].total.count, 0);
  EXPECT_EQ(figures.registrations[0].registered, 0);
  EXPECT_EQ(figures.registrations[0].on_list, 0);
  const auto none = ComputeReportFigures(kFiscal2025, {}, {});
  EXPECT_EQ(none.applications[2].received, 0);
  EXPECT_DOUBLE_EQ(none.times[2].total.p90_days, 0);
}

TEST(ComputeReportFigures, PeriodBoundariesAreDaysInJapan) {
  std::vector<ApplicationHistory> apps;
  // Received at 23:59 on the day before the period (out) and 00:01 on its first day (in).
  ApplicationHistory before = Decided(ReportGroup::kLiu, {2025, 4, 10}, 0);
  before.changes = {{At({2025, 3, 31}, 23, 59), St::kSubmitted}};
  ApplicationHistory first = Decided(ReportGroup::kLiu, {2026, 4, 1}, 0, St::kRejected);
  first.state_since = At({2026, 4, 1}, 0, 1);  // decided the day after the period: not counted
  first.changes = {{At({2025, 4, 1}, 0, 1), St::kSubmitted}, {At({2026, 3, 31}, 23, 59), St::kReturned}};
  apps.push_back(before);
  apps.push_back(first);
  ApplicationHistory last = Decided(ReportGroup::kLiu, {2026, 3, 31}, 5, St::kRejected);
  last.state_since = At({2026, 3, 31}, 23, 59);
  apps.push_back(last);
  const auto figures = ComputeReportFigures(kFiscal2025, apps, {});
  const auto& liu = figures.applications[1];
  EXPECT_EQ(liu.received, 2);  // `first` and `last`
  EXPECT_EQ(liu.approved, 1);  // `before`, decided 2025-04-10
  EXPECT_EQ(liu.rejected, 1);  // `last`
  EXPECT_EQ(liu.returned, 1);  // `first`'s return at 23:59 on the last day
  EXPECT_EQ(figures.times[1].total.count, 2);
}

TEST(ComputeReportFigures, EveryReturnCountsAndRenewalsByGroupAndModel) {
  ApplicationHistory twice = Decided(ReportGroup::kIsmap, {2025, 9, 1}, 60);
  twice.purpose = ApplicationPurpose::kRenewal;
  twice.model = ServiceModel::kPaas;
  twice.changes.push_back({At({2025, 7, 10}), St::kReturned});
  twice.changes.push_back({At({2025, 7, 12}), St::kSubmitted});
  twice.changes.push_back({At({2025, 7, 20}), St::kReturned});
  twice.changes.push_back({At({2025, 7, 22}), St::kSubmitted});
  ApplicationHistory refused = Decided(ReportGroup::kIsmap, {2025, 9, 1}, 60, St::kRejected);
  refused.purpose = ApplicationPurpose::kRenewal;
  const auto figures = ComputeReportFigures(kFiscal2025, {twice, refused}, {});
  EXPECT_EQ(figures.applications[0].returned, 2);
  EXPECT_EQ(figures.registrations[0].renewed, 1);
  EXPECT_EQ(figures.by_model[1].renewed, 1);
  EXPECT_EQ(figures.by_model[0].renewed, 0);
  EXPECT_EQ(figures.times[0].stages[2].count, 1);
  EXPECT_DOUBLE_EQ(figures.times[0].stages[2].median_days, 4);
}

TEST(ComputeReportFigures, RegistrationsNewOnTheListAndExpired) {
  std::vector<RegistrationFacts> regs(3);
  regs[0] = {ReportGroup::kIsmap, ServiceModel::kSaas, {2025, 4, 1}, true, std::nullopt};
  regs[1] = {ReportGroup::kIsmap, ServiceModel::kIaas, {2022, 4, 1}, false, Date{2026, 3, 31}};
  regs[2] = {ReportGroup::kAuditBodies, std::nullopt, {2026, 3, 31}, true, Date{2026, 4, 1}};
  const auto figures = ComputeReportFigures(kFiscal2025, {}, regs);
  EXPECT_EQ(figures.registrations[0].registered, 1);
  EXPECT_EQ(figures.registrations[0].on_list, 1);
  EXPECT_EQ(figures.registrations[0].expired, 1);
  EXPECT_EQ(figures.registrations[2].registered, 1);
  EXPECT_EQ(figures.registrations[2].expired, 0);  // lapses the day after the period
  EXPECT_EQ(figures.by_model[2].registered, 1);
  EXPECT_EQ(figures.by_model[0].expired, 1);
  EXPECT_EQ(figures.by_model[1].on_list, 0);
}

TEST(LapsedOn, TheDayAfterTheValidityOnceExpiredForGood) {
  Registration r;
  r.valid_until = {2025, 6, 30};
  EXPECT_EQ(LapsedOn(r, {2025, 6, 30}), std::nullopt);
  EXPECT_EQ(LapsedOn(r, {2025, 7, 1}), (Date{2025, 7, 1}));
  r.pending_renewal = ApplicationId(7);
  EXPECT_EQ(LapsedOn(r, {2025, 7, 1}), std::nullopt);  // renewal pending: still on the list
  r.pending_renewal.reset();
  r.state = RegistrationState::kExpired;
  EXPECT_EQ(LapsedOn(r, {2025, 6, 1}), (Date{2025, 7, 1}));
  r.state = RegistrationState::kRevoked;
  EXPECT_EQ(LapsedOn(r, {2025, 7, 1}), std::nullopt);
}

}  // namespace
}  // namespace ismap::domain
