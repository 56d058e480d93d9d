// Programme statistics (app/portal_statistics.hpp) on every backend. Services and audit bodies are
// registered, suspended, revoked and left to expire over a year and a half; applications are
// submitted (one twice) and decided. The test knows from that story when each registration was on
// the list and how long each application took, and computes the expected counts and percentiles
// itself, independently of the code under test.
#include "app/portal_statistics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <vector>

#include "app/ledger.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::app {
namespace {

using domain::Date;
using domain::RegistrationState;
using testing::IsOk;

core::TimePoint NoonInJapan(const Date& d) {
  using namespace std::chrono;
  return sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)}} + hours{3};
}

// When a registration was on the list, by the story: [from, until), until absent while it still is.
struct OnList {
  domain::Track track = domain::Track::kIsmap;
  bool service = true;
  Date from;
  std::optional<Date> until;
};

// The p-th percentile by linear interpolation, written out again for the test.
double Expected(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double rank = (static_cast<double>(v.size()) - 1) * p / 100;
  const auto lo = static_cast<std::size_t>(rank);
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (rank - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

class PortalStatisticsTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    testing::PortalSeeder seed(*db_, clock_);
    const auto provider = seed.Organization(domain::OrganizationKind::kCsp, "統計クラウド", "Stats Cloud");
    const auto body_a = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人A", "Audit A");
    const auto body_b = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人B", "Audit B");

    To(seed, {2024, 10, 15});
    seed.RegisteredAuditBody(body_a, {2027, 10, 14});
    const auto s1 = seed.RegisteredService(provider, body_a, "S1", domain::Track::kIsmap, {2026, 1, 31});
    Submit(domain::ApplicationKind::kCloudService, provider, {{2024, 10, 15}}, Date{2024, 12, 20}, true);
    Submit(domain::ApplicationKind::kAuditBody, body_b, {{2024, 10, 15}}, Date{2025, 3, 10}, true);

    To(seed, {2025, 3, 10});
    const auto s2 = seed.RegisteredService(provider, body_a, "S2", domain::Track::kLiu, {2027, 1, 31});
    Submit(domain::ApplicationKind::kCloudService, provider, {{2025, 3, 10}}, Date{2025, 5, 1}, true);

    To(seed, {2025, 6, 20});
    seed.Decide(s1.registration, "suspend", RegistrationState::kSuspended);
    Submit(domain::ApplicationKind::kCloudService, provider, {{2025, 6, 20}, {2025, 8, 5}}, Date{2025, 9, 30}, true);

    To(seed, {2025, 8, 5});
    seed.Decide(s1.registration, "reinstate", RegistrationState::kActive);
    seed.RegisteredAuditBody(body_b, {2028, 8, 4});
    Submit(domain::ApplicationKind::kCloudService, provider, {{2025, 8, 5}}, Date{2025, 12, 1}, false);
    // Withdrawn, never decided: not counted.
    Submit(domain::ApplicationKind::kCloudService, provider, {{2025, 8, 5}}, std::nullopt, false);

    To(seed, {2025, 12, 1});
    seed.Decide(s2.registration, "revoke", RegistrationState::kRevoked);
    seed.RegisteredService(provider, body_b, "S3", domain::Track::kIsmap, {2027, 12, 31});

    To(seed, {2026, 2, 10});
    seed.Decide(s1.registration, "expire", RegistrationState::kExpired);

    To(seed, {2026, 3, 15});
    story_ = {{domain::Track::kIsmap, true, {2024, 10, 15}, Date{2026, 2, 1}},  // valid through 01-31
              {domain::Track::kLiu, true, {2025, 3, 10}, Date{2025, 12, 1}},
              {domain::Track::kIsmap, true, {2025, 12, 1}, std::nullopt},
              {domain::Track::kIsmap, false, {2024, 10, 15}, std::nullopt},
              {domain::Track::kIsmap, false, {2025, 8, 5}, std::nullopt}};
  }

  void To(testing::PortalSeeder& seed, const Date& day) {
    seed.AdvanceDays(static_cast<int>(domain::DaysBetween(seed.Today(), day)));
  }

  // An application of `kind` submitted on each of `submitted` (the ledger's submission events, at
  // the clock's time for the first: REQUIRES the clock on submitted[0]), decided on `decided`
  // (approved or rejected by `approve`), or withdrawn when there is no decision.
  void Submit(domain::ApplicationKind kind, domain::OrganizationId applicant, const std::vector<Date>& submitted,
              std::optional<Date> decided, bool approve) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    domain::Application application;
    application.kind = kind;
    application.applicant = applicant;
    application.state = !decided
                            ? domain::ApplicationState::kWithdrawn
                            : (approve ? domain::ApplicationState::kApproved : domain::ApplicationState::kRejected);
    application.state_since = NoonInJapan(decided.value_or(submitted.back()));
    auto stored = (*uow)->Applications().Insert(application, clock_.Now());
    ASSERT_THAT(stored, IsOk());
    const std::string type =
        kind == domain::ApplicationKind::kAuditBody ? "audit_body.submitted" : "cloud_service.submitted";
    for (const Date& day : submitted) {
      // Later submissions (after a return) are recorded at their own day's noon through a clock of their own.
      core::ManualClock at(NoonInJapan(day));
      ASSERT_THAT(RecordEvent(**uow, at, "user:1", std::nullopt, type, ApplicationSubject(stored->id)), IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
    if (decided) {
      const double days = static_cast<double>(domain::DaysBetween(submitted.front(), *decided));
      (kind == domain::ApplicationKind::kAuditBody ? body_days_ : service_days_)[decided->year].push_back(days);
    }
  }

  core::ManualClock clock_{NoonInJapan({2024, 1, 1})};
  std::vector<OnList> story_;
  std::map<int, std::vector<double>> service_days_;
  std::map<int, std::vector<double>> body_days_;
};

TEST_P(PortalStatisticsTest, ListSizesAtEachMonthEndAsTheStoryHadThem) {
  auto stats = ReadPortalStatistics(*db_, Principal::Public(), {2026, 3, 15});
  ASSERT_THAT(stats, IsOk());
  ASSERT_EQ(stats->list_sizes.size(), 24U);
  EXPECT_EQ(stats->list_sizes.front().on, (Date{2024, 4, 30}));
  EXPECT_EQ(stats->list_sizes[22].on, (Date{2026, 2, 28}));
  EXPECT_EQ(stats->list_sizes.back().on, (Date{2026, 3, 15}));
  int nonzero = 0;
  for (const auto& point : stats->list_sizes) {
    int ismap = 0;
    int liu = 0;
    int bodies = 0;
    for (const auto& entry : story_) {
      if (entry.from <= point.on && (!entry.until || point.on < *entry.until)) {
        if (!entry.service) {
          ++bodies;
        } else if (entry.track == domain::Track::kLiu) {
          ++liu;
        } else {
          ++ismap;
        }
      }
    }
    SCOPED_TRACE(domain::FormatDate(point.on));
    EXPECT_EQ(point.ismap_services, ismap);
    EXPECT_EQ(point.liu_services, liu);
    EXPECT_EQ(point.audit_bodies, bodies);
    nonzero += ismap + liu + bodies > 0 ? 1 : 0;
  }
  EXPECT_GT(nonzero, 10);  // the story is inside the window
  // Suspended since 20 June 2025: still on the list at the month's end.
  EXPECT_EQ(stats->list_sizes[14].on, (Date{2025, 6, 30}));
  EXPECT_EQ(stats->list_sizes[14].ismap_services, 1);
}

TEST_P(PortalStatisticsTest, DecisionTimesPerYearFromTheFirstSubmission) {
  auto stats = ReadPortalStatistics(*db_, Principal::Public(), {2026, 3, 15});
  ASSERT_THAT(stats, IsOk());
  ASSERT_EQ(stats->service_decisions.size(), service_days_.size());
  std::size_t i = 0;
  for (const auto& [year, days] : service_days_) {
    SCOPED_TRACE(year);
    EXPECT_EQ(stats->service_decisions[i].year, year);
    EXPECT_EQ(stats->service_decisions[i].count, static_cast<int>(days.size()));
    EXPECT_DOUBLE_EQ(stats->service_decisions[i].median_days, Expected(days, 50));
    EXPECT_DOUBLE_EQ(stats->service_decisions[i].p90_days, Expected(days, 90));
    ++i;
  }
  // 2025: 52, 102 (from the first of two submissions) and 118 days.
  ASSERT_EQ(stats->service_decisions.size(), 2U);
  EXPECT_EQ(stats->service_decisions[1].count, 3);
  EXPECT_DOUBLE_EQ(stats->service_decisions[1].median_days, 102);
  EXPECT_DOUBLE_EQ(stats->service_decisions[1].p90_days, 114.8);
  ASSERT_EQ(stats->audit_body_decisions.size(), 1U);
  EXPECT_EQ(stats->audit_body_decisions[0].year, 2025);
  EXPECT_DOUBLE_EQ(stats->audit_body_decisions[0].median_days, body_days_[2025].front());
}

TEST_P(PortalStatisticsTest, BeforeAnyRegistrationTheListsAreEmpty) {
  auto stats = ReadPortalStatistics(*db_, Principal::Public(), {2024, 9, 30});
  ASSERT_THAT(stats, IsOk());
  ASSERT_EQ(stats->list_sizes.size(), 24U);
  for (const auto& point : stats->list_sizes) {
    EXPECT_EQ(point.ismap_services + point.liu_services + point.audit_bodies, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, PortalStatisticsTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
