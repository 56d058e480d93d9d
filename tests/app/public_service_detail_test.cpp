// A cloud service's public record (app/public_service_detail.hpp) on every backend: the line of
// the list with the controls implemented per chapter, the audit body, and the registration's
// history as it stood on the day asked about — public events only, never reasons.
#include "app/public_service_detail.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/backend_test.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::app {
namespace {

using domain::Date;
using domain::RegistrationState;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint NoonInJapan(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{3};
}

class PublicServiceDetailTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    testing::PortalSeeder seed(*db_, clock_);
    provider_ = seed.Organization(domain::OrganizationKind::kCsp, "詳細クラウド株式会社", "Detail Cloud K.K.");
    body_ = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人詳細", "Detail Audit");
    seeded_ = seed.RegisteredService(provider_, body_, "詳細クラウド", domain::Track::kIsmap, {2026, 7, 31});
    seed.AdvanceDays(30);  // 2025-02-09
    seed.RecordPrivate(seeded_.registration, "registration.renewal_applied");
    seed.Decide(seeded_.registration, "suspend", RegistrationState::kSuspended);
    seed.AdvanceDays(10);  // 2025-02-19
    seed.Decide(seeded_.registration, "reinstate", RegistrationState::kActive);
    seed.AdvanceDays(100);  // 2025-05-30
    seed.Decide(seeded_.registration, "renew", RegistrationState::kActive, Date{2027, 7, 31});
  }

  core::Result<PublicServiceRecord> Get(const Date& on, std::optional<domain::ServiceId> id = std::nullopt) {
    CloudServices cloud(*db_, clock_, CloudServiceSettings{});
    return GetPublicServiceRecord(*db_, cloud, Principal::Public(), id.value_or(seeded_.service), on);
  }

  core::ManualClock clock_{NoonInJapan(2025, 1, 10)};
  domain::OrganizationId provider_;
  domain::OrganizationId body_;
  testing::SeededService seeded_;
};

TEST_P(PublicServiceDetailTest, TodaysRecordHasTheLineChaptersAuditBodyAndEveryPublicEvent) {
  auto record = Get({2025, 5, 30});
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->line.service_id, seeded_.service);
  EXPECT_EQ(record->line.status, domain::RegistrationStatus::kActive);
  EXPECT_EQ(record->line.scope, "詳細クラウド の本番環境");
  ASSERT_TRUE(record->audit_body.has_value());
  EXPECT_EQ(*record->audit_body, body_);

  ASSERT_EQ(record->controls_by_chapter.size(), 2U);
  EXPECT_EQ(record->controls_by_chapter[0].chapter, "3");
  EXPECT_EQ(record->controls_by_chapter[0].implemented, 1);
  EXPECT_EQ(record->controls_by_chapter[0].total, 1);
  EXPECT_EQ(record->controls_by_chapter[1].chapter, "5");
  EXPECT_EQ(record->controls_by_chapter[1].title_ja, "管理策 5");
  EXPECT_EQ(record->controls_by_chapter[1].implemented, 2);
  EXPECT_EQ(record->controls_by_chapter[1].total, 4);

  // The renewal filed is not a public event; the others in order with the validity they left.
  ASSERT_EQ(record->history.size(), 4U);
  EXPECT_EQ(record->history[0].event, "published");
  EXPECT_EQ(record->history[0].on, (Date{2025, 1, 10}));
  EXPECT_EQ(record->history[0].valid_until, (Date{2026, 7, 31}));
  EXPECT_EQ(record->history[1].event, "suspended");
  EXPECT_EQ(record->history[1].on, (Date{2025, 2, 9}));
  EXPECT_EQ(record->history[2].event, "reinstated");
  EXPECT_EQ(record->history[2].on, (Date{2025, 2, 19}));
  EXPECT_EQ(record->history[3].event, "renewed");
  EXPECT_EQ(record->history[3].on, (Date{2025, 5, 30}));
  EXPECT_EQ(record->history[3].valid_until, (Date{2027, 7, 31}));
}

TEST_P(PublicServiceDetailTest, APastDayShowsTheRecordAsItStoodThen) {
  auto record = Get({2025, 2, 10});
  ASSERT_THAT(record, IsOk());
  EXPECT_EQ(record->line.status, domain::RegistrationStatus::kSuspended);
  ASSERT_EQ(record->history.size(), 2U);
  EXPECT_EQ(record->history[1].event, "suspended");
  EXPECT_EQ(record->controls_by_chapter.size(), 2U);
}

TEST_P(PublicServiceDetailTest, NotOnTheListIsNotFound) {
  EXPECT_THAT(Get({2025, 1, 9}), HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
  EXPECT_THAT(Get({2025, 5, 30}, domain::ServiceId(seeded_.service.value() + 99)),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicServiceDetailTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
