// The storage contract for LedgerRepository::LastSequenceOfType (what the public version reads):
// the newest event of exactly that type, 0 when there is none, on every backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/ledger.hpp"
#include "core/clock.hpp"
#include "domain/ledger.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using testing::IsOk;

class LedgerTypeContractTest : public ::testing::TestWithParam<testing::Backend> {
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

TEST_P(LedgerTypeContractTest, LastSequenceOfTypeIsTheNewestOfExactlyThatType) {
  const core::ManualClock clock(core::TimePoint{} + std::chrono::hours(24 * 20000));
  {
    auto uow = db_->Begin(TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    for (const char* type : {"registration.created", "application.submitted", "registration.created",
                             "registration.suspend", "registration.created.x"}) {
      domain::LedgerEntry entry{"operator", std::nullopt, type, "registration/1", "{}"};
      ASSERT_THAT(app::AppendLedgerEvent(**uow, clock, entry), IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(uow, IsOk());
  auto& ledger = (*uow)->Ledger();
  const auto last = [&ledger](const char* type) {
    auto sequence = ledger.LastSequenceOfType(type);
    EXPECT_THAT(sequence, IsOk());
    return sequence.has_value() ? *sequence : std::int64_t{-1};
  };
  EXPECT_EQ(last("registration.created"), 3);
  EXPECT_EQ(last("registration.suspend"), 4);
  EXPECT_EQ(last("application.submitted"), 2);
  EXPECT_EQ(last("registration.revoke"), 0);
  EXPECT_EQ(last("registration."), 0);  // exact, not a prefix
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTypeContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
