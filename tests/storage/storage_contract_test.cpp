// The storage contract: every backend must pass every test here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "app/ledger.hpp"
#include "core/clock.hpp"
#include "domain/ledger.hpp"
#include "storage/migrations.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using testing::HasError;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

domain::NewOrganization Agency(std::string name) {
  return {domain::OrganizationKind::kAgency, name, name + " (en)", std::nullopt};
}

class StorageContractTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
  }
  testing::TempDir dir_;
  std::shared_ptr<Database> db_;
};

TEST_P(StorageContractTest, MigrateTwiceAppliesNothingTheSecondTime) {
  auto again = db_->Migrate();
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);
  auto schema = db_->Schema();
  ASSERT_THAT(schema, IsOk());
  EXPECT_GE(schema->latest, 1);
  EXPECT_EQ(schema->current, schema->latest);
}

TEST_P(StorageContractTest, UnitOfWorkRollsBackUnlessCommitted) {
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    ASSERT_THAT((*uow)->Organizations().Insert(Agency("デモ省"), Noon()), IsOk());
    // No Commit: the destructor rolls back.
  }
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  auto count = (*uow)->Organizations().Count();
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 0);
}

TEST_P(StorageContractTest, CommittedOrganizationCanBeReadBack) {
  domain::OrganizationId id;
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    auto created = (*uow)->Organizations().Insert(
        {domain::OrganizationKind::kCsp, "デモクラウド株式会社", "Demo Cloud", "1010001000006"}, Noon());
    ASSERT_THAT(created, IsOk());
    id = created->id;
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  auto org = (*uow)->Organizations().Get(id);
  ASSERT_THAT(org, IsOk());
  EXPECT_EQ(org->name_ja, "デモクラウド株式会社");
  EXPECT_EQ(org->kind, domain::OrganizationKind::kCsp);
  EXPECT_EQ(org->corporate_number, "1010001000006");
  EXPECT_EQ(org->created_at, Noon());
}

TEST_P(StorageContractTest, MissingOrganizationIsNotFound) {
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  EXPECT_THAT((*uow)->Organizations().Get(domain::OrganizationId(424242)), HasError(core::ErrorCode::kNotFound));
}

TEST_P(StorageContractTest, DuplicateCorporateNumberIsAlreadyExists) {
  auto uow = db_->Begin(TxMode::kWrite);
  ASSERT_THAT(uow, IsOk());
  const domain::NewOrganization org{domain::OrganizationKind::kCsp, "A", "A", "1010001000006"};
  ASSERT_THAT((*uow)->Organizations().Insert(org, Noon()), IsOk());
  EXPECT_THAT((*uow)->Organizations().Insert(org, Noon()), HasError(core::ErrorCode::kAlreadyExists));
}

TEST_P(StorageContractTest, ListPagesInCreationOrder) {
  auto uow = db_->Begin(TxMode::kWrite);
  ASSERT_THAT(uow, IsOk());
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT((*uow)->Organizations().Insert(Agency("省" + std::to_string(i)), Noon()), IsOk());
  }
  auto page = (*uow)->Organizations().List(2, 2);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->size(), 2U);
  EXPECT_EQ((*page)[0].name_ja, "省2");
  EXPECT_EQ((*page)[1].name_ja, "省3");
}

TEST_P(StorageContractTest, GetManyReturnsThoseThatExistInIdOrder) {
  auto uow = db_->Begin(TxMode::kWrite);
  ASSERT_THAT(uow, IsOk());
  std::vector<domain::OrganizationId> ids;
  for (int i = 0; i < 3; ++i) {
    auto org = (*uow)->Organizations().Insert(Agency("庁" + std::to_string(i)), Noon());
    ASSERT_THAT(org, IsOk());
    ids.push_back(org->id);
  }
  auto some = (*uow)->Organizations().GetMany({ids[2], domain::OrganizationId(999999), ids[0], ids[2]});
  ASSERT_THAT(some, IsOk());
  ASSERT_EQ(some->size(), 2U);  // the unknown id is left out, the repeated one given once
  EXPECT_EQ((*some)[0].id, ids[0]);
  EXPECT_EQ((*some)[1].name_ja, "庁2");
  auto none = (*uow)->Organizations().GetMany({});
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageContractTest, LedgerAppendsAndScansInOrder) {
  const core::ManualClock clock(Noon());
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    for (int i = 0; i < 3; ++i) {
      domain::LedgerEntry entry{"operator", std::nullopt, "test.event", "thing/" + std::to_string(i), "{}"};
      ASSERT_THAT(app::AppendLedgerEvent(**uow, clock, entry), IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  auto events = (*uow)->Ledger().Scan(1, 10);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 2U);
  EXPECT_EQ((*events)[0].sequence, 2);
  EXPECT_EQ((*events)[1].entry.subject, "thing/2");
  EXPECT_EQ((*events)[1].prev_hash, (*events)[0].hash);
  uow->reset();
  auto writer = db_->Begin(TxMode::kWrite);
  ASSERT_THAT(writer, IsOk());
  auto head = (*writer)->Ledger().LockHead();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ((*head)->sequence, 3);
}

TEST_P(StorageContractTest, LedgerListsOneSubjectsEventsOldestFirst) {
  const core::ManualClock clock(Noon());
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    for (const char* subject : {"application/1", "application/10", "application/1", "meeting/1", "application/1"}) {
      domain::LedgerEntry entry{"operator", std::nullopt, "test.event", subject, "{}"};
      ASSERT_THAT(app::AppendLedgerEvent(**uow, clock, entry), IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  auto events = (*uow)->Ledger().ListBySubject("application/1", 10);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 3U);  // not application/10: the subject is matched exactly
  EXPECT_EQ((*events)[0].sequence, 1);
  EXPECT_EQ((*events)[1].sequence, 3);
  EXPECT_EQ((*events)[2].sequence, 5);
  auto limited = (*uow)->Ledger().ListBySubject("application/1", 2);
  ASSERT_THAT(limited, IsOk());
  EXPECT_EQ(limited->size(), 2U);
  auto none = (*uow)->Ledger().ListBySubject("application/", 10);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageContractTest, ConcurrentWritersLoseNothingAndKeepOneChain) {
  const core::ManualClock clock(Noon());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto uow = db_->Begin(TxMode::kWrite);
        if (!uow) {
          ++failures;
          continue;
        }
        auto org = (*uow)->Organizations().Insert(Agency(std::to_string(t) + "-" + std::to_string(i)), clock.Now());
        domain::LedgerEntry entry{"operator", std::nullopt, "organization.created", "x", "{}"};
        if (!org || !app::AppendLedgerEvent(**uow, clock, entry) || !(*uow)->Commit()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  EXPECT_EQ(*(*uow)->Organizations().Count(), kThreads * kPerThread);
  EXPECT_EQ(*(*uow)->Ledger().Count(), kThreads * kPerThread);
  uow->reset();
  auto verification = app::VerifyLedger(*db_);  // one chain, however the writers interleaved
  ASSERT_THAT(verification, IsOk());
  EXPECT_FALSE(verification->bad_sequence) << verification->problem;
  EXPECT_EQ(verification->checked, kThreads * kPerThread);
}

TEST(MigrationsTest, BothBackendsShareOneSchemaVersionSequence) {
  const auto& sqlite = SqliteMigrations();
  const auto& postgres = PostgresMigrations();
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1) << sqlite[i].name;
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
