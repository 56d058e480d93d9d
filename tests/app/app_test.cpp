#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/authorization.hpp"
#include "app/ledger.hpp"
#include "app/organizations.hpp"
#include "app/system.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

// Small argon2id parameters: the tests check behaviour, not hashing cost.
const core::PasswordHashParams kFastHashing{1, 8 * 1024 * 1024};

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
  }
  std::int64_t LedgerCount() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    return *(*uow)->Ledger().Count();
  }
  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  std::unique_ptr<storage::Database> db_;
};

TEST(AuthorizationTest, PublicMayReadPublicOnly) {
  EXPECT_THAT(Authorize(Principal::Public(), Action::kReadPublic), IsOk());
  EXPECT_THAT(Authorize(Principal::Public(), Action::kListOrganizations), HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(Authorize(Principal::Public(), Action::kCreateOrganization), HasError(core::ErrorCode::kUnauthenticated));
}

TEST(AuthorizationTest, OperatorMayDoEveryAction) {
  for (auto action :
       {Action::kReadPublic, Action::kListOrganizations, Action::kReadOrganization, Action::kCreateOrganization}) {
    EXPECT_THAT(Authorize(Principal::Operator(), action), IsOk()) << ToString(action);
  }
}

TEST_F(AppTest, InitializeTwiceStartsTheLedgerOnce) {
  auto again = InitializeSystem(*db_, clock_);
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->newly_initialized);
  EXPECT_EQ(LedgerCount(), 1);
}

TEST_F(AppTest, CreatingAnOrganizationRecordsOneLedgerEvent) {
  auto org = CreateOrganization(*db_, clock_, Principal::Operator(),
                                {domain::OrganizationKind::kAuditBody, "デモ監査法人", "Demo Audit", "2010001000013"});
  ASSERT_THAT(org, IsOk());
  EXPECT_EQ(LedgerCount(), 2);
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto events = (*uow)->Ledger().Scan(1, 10);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ((*events)[0].entry.type, "organization.created");
  EXPECT_EQ((*events)[0].entry.actor, "operator");
  EXPECT_EQ((*events)[0].entry.subject, "organization/" + std::to_string(org->id.value()));
  EXPECT_THAT((*events)[0].entry.payload_json, HasSubstr("デモ監査法人"));
}

TEST_F(AppTest, RefusedCreationLeavesNoTrace) {
  EXPECT_THAT(CreateOrganization(*db_, clock_, Principal::Public(),
                                 {domain::OrganizationKind::kAgency, "省", "M", std::nullopt}),
              HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(CreateOrganization(*db_, clock_, Principal::Operator(),
                                 {domain::OrganizationKind::kCsp, "社", "Co", "1010001000007"}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.corporate_number_check_digit"));
  ASSERT_THAT(CreateOrganization(*db_, clock_, Principal::Operator(),
                                 {domain::OrganizationKind::kCsp, "社", "Co", "1010001000006"}),
              IsOk());
  EXPECT_THAT(CreateOrganization(*db_, clock_, Principal::Operator(),
                                 {domain::OrganizationKind::kCsp, "別社", "Other", "1010001000006"}),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "organization.duplicate_corporate_number"));
  // Only the initialisation and the one successful creation are in the ledger.
  EXPECT_EQ(LedgerCount(), 2);
  auto page = ListOrganizations(*db_, Principal::Operator(), 50, 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->total, 1);
}

TEST_F(AppTest, ListingNeedsTheOperator) {
  EXPECT_THAT(ListOrganizations(*db_, Principal::Public(), 50, 0), HasError(core::ErrorCode::kUnauthenticated));
}

TEST_F(AppTest, DemoDataIsSeededOnceAndVerifies) {
  auto seeded = SeedDemoData(*db_, clock_, kFastHashing);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, 8);
  auto again = SeedDemoData(*db_, clock_, kFastHashing);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
  auto verification = VerifyLedger(*db_);
  ASSERT_THAT(verification, IsOk());
  EXPECT_FALSE(verification->bad_sequence);
  EXPECT_EQ(verification->checked, 9 + 11);  // system.initialized, 8 organisations, 11 users
}

TEST_F(AppTest, VerifyNamesTheRowChangedBehindTheProgramsBack) {
  ASSERT_THAT(SeedDemoData(*db_, clock_, kFastHashing), IsOk());
  db_.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("test.db").c_str(), &raw), SQLITE_OK);
  // The triggers stop honest mistakes; someone with the file can drop them. The chain still tells.
  ASSERT_EQ(sqlite3_exec(raw,
                         "DROP TRIGGER ledger_events_no_update;"
                         "UPDATE ledger_events SET payload = '{\"name_ja\":\"改ざん\"}' WHERE sequence = 4;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  db_ = testing::OpenSqlite(dir_);
  ASSERT_NE(db_, nullptr);
  auto verification = VerifyLedger(*db_);
  ASSERT_THAT(verification, IsOk());
  ASSERT_TRUE(verification->bad_sequence);
  EXPECT_EQ(*verification->bad_sequence, 4);
  EXPECT_EQ(verification->checked, 3);
}

TEST_F(AppTest, ReadinessFollowsTheSchema) {
  EXPECT_THAT(CheckReadiness(*db_), IsOk());
  core::StorageConfig config;
  config.sqlite_path = dir_.File("other.db");
  auto unmigrated = storage::OpenDatabase(config);
  ASSERT_THAT(unmigrated, IsOk());
  EXPECT_THAT(CheckReadiness(**unmigrated), HasError(core::ErrorCode::kUnavailable));
}

}  // namespace
}  // namespace ismap::app
