// The operational report (app/operations_report.hpp) on every backend. Over half a year, services
// and audit bodies are registered and lapse; audit body applications go through the real workflow
// (returned, resubmitted, recommended, decided by the committee) and cloud service applications
// are written with the ledger events their workflow records. The test logs every step it takes
// and computes the expected figures from that log itself, independently of the code under test.
#include "app/operations_report.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "app/feedback.hpp"
#include "app/ledger.hpp"
#include "tests/app/workflow_fixture.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::app {
namespace {

using domain::ApplicationKind;
using domain::Date;
using domain::ReportGroup;
using St = domain::ApplicationState;
using testing::IsOk;

core::TimePoint NoonInJapan(const Date& d) { return domain::StartOfJapanDay(d) + std::chrono::hours(12); }

// The p-th percentile by linear interpolation, written out again for the test.
double Expected(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = (static_cast<double>(v.size()) - 1) * p / 100;
  const auto lo = static_cast<std::size_t>(rank);
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (rank - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// The stage the report puts a state in (acceptance, review, returned, additional audit, committee).
int StageIndex(St s) {
  switch (s) {
    case St::kSubmitted:
    case St::kAcceptanceCheck:
      return 0;
    case St::kTechnicalReview:
    case St::kUnderEvaluation:
      return 1;
    case St::kReturned:
      return 2;
    case St::kAdditionalAudit:
      return 3;
    default:
      return 4;
  }
}

// What the test did to one application.
struct Logged {
  ReportGroup group = ReportGroup::kIsmap;
  bool renewal = false;
  std::vector<std::pair<Date, St>> steps;  // from the first submission
  std::optional<Date> decided;
  bool approved = false;
};

const domain::ReportPeriod kPeriod{{2026, 12, 1}, {2027, 3, 31}};

class OperationsReportTest : public WorkflowFixture {
 protected:
  void SetUp() override {
    WorkflowFixture::SetUp();
    if (::testing::Test::IsSkipped()) return;
    rival_admin_ = User(rival_, domain::OrganizationKind::kAuditBody, domain::Role::kAuditBodyAdmin, "a2@b.jp");
    const auto provider = Org(domain::OrganizationKind::kCsp, "報告クラウド");
    testing::PortalSeeder seed(*db_, clock_);
    // 2026-11-25: a service registered before the period, lapsing in it; an audit body likewise.
    ismap_ = seed.RegisteredService(provider, body_, "I1", domain::Track::kIsmap, {2026, 12, 31});
    seed.RegisteredAuditBody(rival_, {2027, 2, 28});
    Service(ismap_.service, ReportGroup::kIsmap, false,
            {{{2026, 10, 1}, St::kSubmitted},
             {{2026, 10, 2}, St::kAcceptanceCheck},
             {{2026, 10, 9}, St::kTechnicalReview},
             {{2026, 11, 1}, St::kRecommended}},
            Date{2026, 11, 20}, true);
    AuditBodyApplications();
    To({2026, 12, 10});
    liu_ = seed.RegisteredService(provider, body_, "L1", domain::Track::kLiu, {2029, 12, 9});
    Service(ismap_.service, ReportGroup::kIsmap, false,
            {{{2026, 11, 28}, St::kSubmitted},
             {{2026, 11, 29}, St::kAcceptanceCheck},
             {{2026, 12, 3}, St::kTechnicalReview},
             {{2026, 12, 20}, St::kReturned},
             {{2026, 12, 27}, St::kSubmitted},
             {{2026, 12, 28}, St::kAcceptanceCheck},
             {{2027, 1, 5}, St::kTechnicalReview},
             {{2027, 1, 25}, St::kAdditionalAudit},
             {{2027, 2, 20}, St::kTechnicalReview},
             {{2027, 3, 1}, St::kRecommended}},
            Date{2027, 3, 15}, true);
    Service(ismap_.service, ReportGroup::kIsmap, false,
            {{{2026, 12, 1}, St::kSubmitted},
             {{2026, 12, 2}, St::kAcceptanceCheck},
             {{2026, 12, 10}, St::kTechnicalReview},
             {{2027, 1, 10}, St::kRecommended}},
            Date{2027, 2, 1}, false);
    Service(liu_.service, ReportGroup::kLiu, true,
            {{{2027, 1, 5}, St::kSubmitted},
             {{2027, 1, 6}, St::kAcceptanceCheck},
             {{2027, 1, 20}, St::kTechnicalReview},
             {{2027, 2, 10}, St::kRecommended}},
            Date{2027, 3, 1}, true);
    Service(liu_.service, ReportGroup::kLiu, false,
            {{{2027, 3, 20}, St::kSubmitted}, {{2027, 3, 25}, St::kAcceptanceCheck}, {{2027, 3, 31}, St::kReturned}},
            Date{2027, 4, 10}, true);
    Service(ismap_.service, ReportGroup::kIsmap, false,
            {{{2026, 12, 5}, St::kSubmitted}, {{2026, 12, 6}, St::kWithdrawn}}, std::nullopt, false);
    To({2027, 4, 5});
    seed.RegisteredService(provider, rival_, "I2", domain::Track::kIsmap, {2030, 4, 4});  // after the period
    FeedbackThreads();
    To({2027, 5, 1});
  }

  void To(const Date& day) { clock_.Advance(NoonInJapan(day) - clock_.Now()); }

  // A cloud service application for `service` through `steps` (each a ledger event at noon in
  // Japan whose payload names the state, as app/cloud_service_applications.cpp records them),
  // approved or rejected on `decided` or withdrawn at the last step.
  void Service(domain::ServiceId service, ReportGroup group, bool renewal, std::vector<std::pair<Date, St>> steps,
               std::optional<Date> decided, bool approve) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    auto stored_service = (*uow)->Services().Get(service);
    ASSERT_THAT(stored_service, IsOk());
    domain::Application a;
    a.kind = ApplicationKind::kCloudService;
    a.purpose = renewal ? domain::ApplicationPurpose::kRenewal : domain::ApplicationPurpose::kNew;
    a.applicant = stored_service->provider;
    if (renewal) a.registration_id = stored_service->registration_id;
    a.state = decided ? (approve ? St::kApproved : St::kRejected) : steps.back().second;
    a.state_since = NoonInJapan(decided.value_or(steps.back().first));
    auto stored = (*uow)->Applications().Insert(a, NoonInJapan(steps.front().first));
    ASSERT_THAT(stored, IsOk());
    domain::ServiceApplicationContent content;
    content.service = service;
    ASSERT_THAT((*uow)->ServiceApplications().PutContent(stored->id, content), IsOk());
    for (const auto& [day, state] : steps) {
      core::ManualClock at(NoonInJapan(day));
      const auto payload = nlohmann::json{{"state", domain::ToString(state)}, {"service", service.value()}}.dump();
      ASSERT_THAT(
          RecordEvent(**uow, at, "user:1", std::nullopt, "cloud_service.step", ApplicationSubject(stored->id), payload),
          IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
    if (steps.back().second == St::kWithdrawn) steps.pop_back();
    log_.push_back({group, renewal, steps, decided, approve});
  }

  // Two audit body applications through the workflow: one returned once and approved, one
  // rejected, both at a meeting on 2027-01-20.
  void AuditBodyApplications() {
    auto created = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
    ASSERT_THAT(created, IsOk());
    const auto first = created->application.id;
    Logged one{ReportGroup::kAuditBodies, false, {}, Date{2027, 1, 20}, true};
    ASSERT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, first, 1), IsOk());
    one.steps.push_back({{2026, 11, 25}, St::kSubmitted});
    To({2026, 11, 28});
    ASSERT_THAT(StartAuditBodyEvaluation(*db_, clock_, evaluator_, first, 2), IsOk());
    one.steps.push_back({{2026, 11, 28}, St::kUnderEvaluation});
    To({2026, 12, 2});
    ASSERT_THAT(ReturnAuditBodyApplication(*db_, clock_, evaluator_, first, 3, "資料不足"), IsOk());
    one.steps.push_back({{2026, 12, 2}, St::kReturned});
    To({2026, 12, 5});
    ASSERT_THAT(ResubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, first, 4), IsOk());
    one.steps.push_back({{2026, 12, 5}, St::kSubmitted});
    To({2026, 12, 6});
    auto started = StartAuditBodyEvaluation(*db_, clock_, evaluator_, first, 5);
    ASSERT_THAT(started, IsOk());
    one.steps.push_back({{2026, 12, 6}, St::kUnderEvaluation});
    Recommend(first, *started, {2026, 12, 20});
    one.steps.push_back({{2026, 12, 20}, St::kRecommended});

    auto rival = CreateAuditBodyApplication(*db_, clock_, rival_admin_, Input());
    ASSERT_THAT(rival, IsOk());
    const auto second = rival->application.id;
    Logged two{ReportGroup::kAuditBodies, false, {}, Date{2027, 1, 20}, false};
    ASSERT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, rival_admin_, second, 1), IsOk());
    two.steps.push_back({{2026, 12, 20}, St::kSubmitted});
    To({2026, 12, 22});
    auto started_two = StartAuditBodyEvaluation(*db_, clock_, evaluator_, second, 2);
    ASSERT_THAT(started_two, IsOk());
    two.steps.push_back({{2026, 12, 22}, St::kUnderEvaluation});
    Recommend(second, *started_two, {2027, 1, 8});
    two.steps.push_back({{2027, 1, 8}, St::kRecommended});

    To({2027, 1, 20});
    const auto meeting = Meeting();
    for (const auto& [id, outcome] :
         {std::pair{first, domain::DecisionOutcome::kApprove}, std::pair{second, domain::DecisionOutcome::kReject}}) {
      const auto item = domain::AgendaItem::ForApplication(ApplicationKind::kAuditBody, id);
      ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting, item), IsOk());
      ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting, item, outcome, "理由"), IsOk());
    }
    log_.push_back(one);
    log_.push_back(two);
  }

  // An agency's feedback: a thread before the period, one in it answered by the secretariat and
  // one in it not answered.
  void FeedbackThreads() {
    const auto agency = Org(domain::OrganizationKind::kAgency, "報告省");
    const auto member = User(agency, domain::OrganizationKind::kAgency, domain::Role::kAgencyMember, "m@agency.jp");
    FeedbackService feedback(*db_, clock_);
    To({2026, 11, 30});
    ASSERT_THAT(feedback.Open(member, domain::FeedbackTopic::kCriteria, "期間前", "本文"), IsOk());
    To({2027, 2, 1});
    auto answered = feedback.Open(member, domain::FeedbackTopic::kCriteria, "管理基準について", "本文");
    ASSERT_THAT(answered, IsOk());
    ASSERT_THAT(feedback.Post(secretariat_, answered->thread.id, "回答です"), IsOk());
    To({2027, 2, 2});
    ASSERT_THAT(feedback.Open(member, domain::FeedbackTopic::kSystem, "システムについて", "本文"), IsOk());
  }

  // Every checklist item met, then recommended for approval on `day`.
  void Recommend(domain::ApplicationId id, const AuditBodyApplicationView& started, const Date& day) {
    std::int64_t version = started.application.version;
    for (const auto& item : started.evaluation->items) {
      auto marked = MarkAuditBodyEvaluationItem(*db_, clock_, evaluator_, id, version, item.item_id,
                                                domain::ItemVerdict::kMet, "");
      ASSERT_THAT(marked, IsOk());
      version = marked->application.version;
    }
    To(day);
    ASSERT_THAT(RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, version,
                                              domain::RecommendationOutcome::kApprove, "適合"),
                IsOk());
  }

  domain::ReportFigures Report() {
    auto report = ReadOperationsReport(*db_, secretariat_, kPeriod, domain::JapanDate(clock_.Now()));
    EXPECT_THAT(report, IsOk());
    return report.has_value() ? report->figures : domain::ReportFigures{};
  }

  Principal rival_admin_;
  testing::SeededService ismap_, liu_;
  std::vector<Logged> log_;
};

TEST_P(OperationsReportTest, ApplicationCountsEqualTheLog) {
  const auto figures = Report();
  for (ReportGroup group : domain::kReportGroups) {
    SCOPED_TRACE(std::string(domain::ToString(group)));
    domain::ApplicationCounts expected;
    for (const Logged& a : log_) {
      if (a.group != group) continue;
      expected.received += kPeriod.Contains(a.steps.front().first) ? 1 : 0;
      if (a.decided && kPeriod.Contains(*a.decided)) ++(a.approved ? expected.approved : expected.rejected);
      for (const auto& [day, state] : a.steps) {
        expected.returned += state == St::kReturned && kPeriod.Contains(day) ? 1 : 0;
      }
    }
    const auto& got = figures.applications[static_cast<std::size_t>(group)];
    EXPECT_EQ(got.received, expected.received);
    EXPECT_EQ(got.approved, expected.approved);
    EXPECT_EQ(got.rejected, expected.rejected);
    EXPECT_EQ(got.returned, expected.returned);
  }
  // By hand: ISMAP received 12-01 and 12-05 (withdrawn), decided 02-01 and 03-15, returned 12-20.
  EXPECT_EQ(figures.applications[0].received, 2);
  EXPECT_EQ(figures.applications[0].approved, 1);
  EXPECT_EQ(figures.applications[0].rejected, 1);
  EXPECT_EQ(figures.applications[0].returned, 1);
  EXPECT_EQ(figures.applications[1].returned, 1);  // 03-31, the last day
  EXPECT_EQ(figures.applications[2].received, 1);  // the rival's, 12-20
  EXPECT_EQ(figures.applications[2].returned, 1);
}

TEST_P(OperationsReportTest, StageTimesEqualTheLog) {
  const auto figures = Report();
  for (ReportGroup group : domain::kReportGroups) {
    SCOPED_TRACE(std::string(domain::ToString(group)));
    std::array<std::vector<double>, 5> stages;
    std::vector<double> totals;
    for (const Logged& a : log_) {
      if (a.group != group || !a.decided || !kPeriod.Contains(*a.decided)) continue;
      std::array<std::optional<double>, 5> spent;
      for (std::size_t i = 0; i < a.steps.size(); ++i) {
        const Date until = i + 1 < a.steps.size() ? a.steps[i + 1].first : *a.decided;
        auto& slot = spent[StageIndex(a.steps[i].second)];
        slot = slot.value_or(0) + static_cast<double>(domain::DaysBetween(a.steps[i].first, until));
      }
      for (std::size_t s = 0; s < 5; ++s) {
        if (spent[s]) stages[s].push_back(*spent[s]);
      }
      totals.push_back(static_cast<double>(domain::DaysBetween(a.steps.front().first, *a.decided)));
    }
    const auto& got = figures.times[static_cast<std::size_t>(group)];
    for (std::size_t s = 0; s < 5; ++s) {
      SCOPED_TRACE(s);
      EXPECT_EQ(got.stages[s].count, static_cast<int>(stages[s].size()));
      EXPECT_DOUBLE_EQ(got.stages[s].median_days, Expected(stages[s], 50));
      EXPECT_DOUBLE_EQ(got.stages[s].p90_days, Expected(stages[s], 90));
    }
    EXPECT_EQ(got.total.count, static_cast<int>(totals.size()));
    EXPECT_DOUBLE_EQ(got.total.median_days, Expected(totals, 50));
    EXPECT_DOUBLE_EQ(got.total.p90_days, Expected(totals, 90));
  }
  // By hand: ISMAP decided in 62 (12-01 → 02-01) and 107 days (11-28 → 03-15).
  EXPECT_DOUBLE_EQ(figures.times[0].total.median_days, 84.5);
  EXPECT_EQ(figures.times[0].stages[3].count, 1);
  EXPECT_DOUBLE_EQ(figures.times[0].stages[3].median_days, 26);  // 01-25 → 02-20
  // The approved audit body: 11-25 → 01-20, 31 days of it on the committee's side (12-20 → 01-20).
  EXPECT_EQ(figures.times[2].total.count, 2);
  EXPECT_DOUBLE_EQ(figures.times[2].stages[2].median_days, 3);
}

TEST_P(OperationsReportTest, RegistrationsExpiriesAndRenewals) {
  const auto figures = Report();
  const auto& ismap = figures.registrations[0];
  EXPECT_EQ(ismap.registered, 0);  // I1 before the period, I2 after it
  EXPECT_EQ(ismap.on_list, 0);     // I1 lapsed on 2027-01-01
  EXPECT_EQ(ismap.expired, 1);
  EXPECT_EQ(ismap.renewed, 0);
  const auto& liu = figures.registrations[1];
  EXPECT_EQ(liu.registered, 1);
  EXPECT_EQ(liu.on_list, 1);
  EXPECT_EQ(liu.expired, 0);
  EXPECT_EQ(liu.renewed, 1);
  const auto& bodies = figures.registrations[2];
  EXPECT_EQ(bodies.registered, 1);  // the approved application's registration, 2027-01-20
  EXPECT_EQ(bodies.on_list, 1);
  EXPECT_EQ(bodies.expired, 1);  // the rival's, lapsed 2027-03-01
  const auto& saas = figures.by_model[static_cast<std::size_t>(domain::ServiceModel::kSaas)];
  EXPECT_EQ(saas.registered, ismap.registered + liu.registered);
  EXPECT_EQ(saas.on_list, ismap.on_list + liu.on_list);
  EXPECT_EQ(saas.expired, 1);
  EXPECT_EQ(saas.renewed, 1);
  EXPECT_EQ(figures.by_model[0].on_list + figures.by_model[1].on_list, 0);
}

TEST_P(OperationsReportTest, FeedbackByTopicAndConfirmationsFromTheirRepositories) {
  auto report = ReadOperationsReport(*db_, secretariat_, kPeriod, {2027, 5, 1});
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(report->feedback.size(), domain::AllFeedbackTopics().size());
  for (const auto& line : report->feedback) {
    SCOPED_TRACE(std::string(domain::ToString(line.topic)));
    const bool criteria = line.topic == domain::FeedbackTopic::kCriteria;
    const bool system = line.topic == domain::FeedbackTopic::kSystem;
    EXPECT_EQ(line.threads, criteria || system ? 1 : 0);  // the one before the period is not counted
    EXPECT_EQ(line.answered, criteria ? 1 : 0);
  }
  EXPECT_EQ(report->confirmations.submitted, 0);
  EXPECT_EQ(report->confirmations.approved, 0);
}

TEST_P(OperationsReportTest, OnlyTheSecretariatAndAdministrators) {
  EXPECT_THAT(ReadOperationsReport(*db_, applicant_, kPeriod, {2027, 5, 1}),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(ReadOperationsReport(*db_, member_, kPeriod, {2027, 5, 1}),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(ReadOperationsReport(*db_, Principal::Public(), kPeriod, {2027, 5, 1}),
              testing::HasError(core::ErrorCode::kUnauthenticated));
  const auto admin = User(body_, domain::OrganizationKind::kSystem, domain::Role::kAdmin, "root@sys.jp");
  EXPECT_THAT(ReadOperationsReport(*db_, admin, kPeriod, {2027, 5, 1}), IsOk());
}

INSTANTIATE_TEST_SUITE_P(Backends, OperationsReportTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
