// The public change feed (app/changes.hpp) on every backend: the demo's audit bodies and cloud
// services registered through the real committee flow, then expired by the daily job; the feed
// paged with small limits gives every registration event exactly once, in ledger order, with the
// public type of its register, and nothing of applications, meetings or reasons.
#include "app/changes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/committee.hpp"
#include "app/criteria_demo.hpp"
#include "app/ledger.hpp"
#include "app/system.hpp"
#include "domain/date.hpp"
#include "domain/ledger.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

const core::PasswordHashParams kFastHashing{1, 8 * 1024 * 1024};

// A ledger event the feed must show: its sequence and its registration event's suffix.
struct Expected {
  std::int64_t sequence;
  std::string what;
};

class ChangesTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
    ASSERT_THAT(SeedDemoData(*db_, clock_, kFastHashing), IsOk());
    ASSERT_THAT(SeedDemoCatalogs(*db_, clock_, ISMAP_SHARED_DATA_DIR), IsOk());
    ASSERT_THAT(SeedDemoAuditBodies(*db_, clock_, settings_, kFastHashing), IsOk());
    ASSERT_THAT(SeedDemoCloudServices(*db_, clock_, settings_, kFastHashing), IsOk());
  }

  // The registration events of the ledger after `after`, straight from storage.
  std::vector<Expected> RegistrationEvents(std::int64_t after = 0) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(after, 100000);
    EXPECT_THAT(events, IsOk());
    std::vector<Expected> out;
    const std::string prefix = domain::kEventRegistrationPrefix;
    for (const auto& event : *events) {
      if (event.entry.type.rfind(prefix, 0) == 0) {
        out.push_back({event.sequence, event.entry.type.substr(prefix.size())});
      }
    }
    return out;
  }

  // The last sequence (sequences have no gaps).
  std::int64_t LedgerLength() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto count = (*uow)->Ledger().Count();
    EXPECT_THAT(count, IsOk());
    return count.has_value() ? *count : 0;
  }

  // Every change after `cursor`, `limit` at a time, following next_cursor until `more` is false.
  // `cursor` ends as the last next_cursor.
  std::vector<PublicChange> ReadAll(std::string& cursor, int limit) {
    std::vector<PublicChange> all;
    for (int request = 0; request < 1000; ++request) {
      auto page = ListPublicChanges(*db_, Principal::Public(), cursor, limit);
      EXPECT_THAT(page, IsOk());
      if (!page.has_value()) {
        break;
      }
      EXPECT_LE(static_cast<int>(page->items.size()), limit);
      all.insert(all.end(), page->items.begin(), page->items.end());
      cursor = page->next_cursor;
      if (!page->more) {
        return all;
      }
    }
    ADD_FAILURE() << "the feed did not end";
    return all;
  }

  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
};

TEST_P(ChangesTest, EveryRegistrationEventOnceInOrderWithItsPublicType) {
  const auto expected = RegistrationEvents();
  ASSERT_FALSE(expected.empty());

  for (const int limit : {1, 2, 3, 100, 1000}) {
    SCOPED_TRACE(limit);
    std::string cursor;
    const auto changes = ReadAll(cursor, limit);
    ASSERT_EQ(changes.size(), expected.size());
    std::set<std::string> types;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const auto& change = changes[i];
      EXPECT_EQ(change.cursor, std::to_string(expected[i].sequence));
      const bool service = change.register_kind == domain::ApplicationKind::kCloudService;
      const std::string register_prefix = service ? "service." : "audit_body.";
      EXPECT_EQ(change.type.rfind(register_prefix, 0), 0U) << change.type;
      EXPECT_FALSE(change.number.empty());
      EXPECT_FALSE(change.organization_name_ja.empty());
      EXPECT_EQ(change.service_id.has_value(), service);
      if (service) {
        EXPECT_FALSE(change.service_name_ja.empty());
      }
      if (expected[i].what == "created") {
        EXPECT_EQ(change.type, service ? "service.published" : "audit_body.listed");
      } else if (expected[i].what == "suspend") {
        EXPECT_EQ(change.type, register_prefix + "suspended");
      }
      types.insert(change.type);
    }
    EXPECT_TRUE(types.contains("audit_body.listed"));
    EXPECT_TRUE(types.contains("audit_body.suspended"));
    EXPECT_TRUE(types.contains("service.published"));
    // The cursor reaches the ledger's last event even though it is not public: the next request
    // starts after it rather than scanning the same events again.
    EXPECT_EQ(cursor, std::to_string(LedgerLength()));
  }
}

TEST_P(ChangesTest, FollowingTheCursorGivesLaterEventsOnlyOnce) {
  std::string cursor;
  const auto before = ReadAll(cursor, 4);
  ASSERT_FALSE(before.empty());

  // Nothing new: the same cursor, an empty page, nothing more.
  auto empty = ListPublicChanges(*db_, Principal::Public(), cursor, 10);
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->items.empty());
  EXPECT_EQ(empty->next_cursor, cursor);
  EXPECT_FALSE(empty->more);

  // Six years on every registration has run out: the daily job expires them all.
  const std::int64_t last = std::stoll(cursor);
  clock_.Advance(std::chrono::hours{24 * 365 * 6});
  auto expired = ExpireRegistrations(*db_, clock_, Principal::Operator(), domain::JapanDate(clock_.Now()));
  ASSERT_THAT(expired, IsOk());
  ASSERT_GT(*expired, 0);

  const auto expected = RegistrationEvents(last);
  ASSERT_EQ(static_cast<int>(expected.size()), *expired);
  const auto after = ReadAll(cursor, 2);
  ASSERT_EQ(after.size(), expected.size());
  std::set<std::string> types;
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].cursor, std::to_string(expected[i].sequence));
    EXPECT_EQ(after[i].state, "expired");
    types.insert(after[i].type);
  }
  EXPECT_EQ(types, (std::set<std::string>{"audit_body.expired", "service.expired"}));
}

TEST_P(ChangesTest, ARequestScansABoundedStretchAndMovesPastIt) {
  std::string cursor;
  ReadAll(cursor, 1000);
  // More non-public events (an application's) than one request examines.
  const int noise = kMaxChangeScan + 5;
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    for (int i = 0; i < noise; ++i) {
      ASSERT_THAT(RecordEvent(**uow, clock_, "system", std::nullopt, domain::kEventAuditBodyApplicationUpdated,
                              "application/1", R"({"reason":"非公開"})"),
                  IsOk());
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  const std::int64_t start = std::stoll(cursor);
  auto first = ListPublicChanges(*db_, Principal::Public(), cursor, 10);
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->items.empty());
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->next_cursor, std::to_string(start + kMaxChangeScan));
  auto second = ListPublicChanges(*db_, Principal::Public(), first->next_cursor, 10);
  ASSERT_THAT(second, IsOk());
  EXPECT_TRUE(second->items.empty());
  EXPECT_FALSE(second->more);
  EXPECT_EQ(second->next_cursor, std::to_string(start + noise));
}

TEST_P(ChangesTest, RefusesBadCursorsAndLimits) {
  for (const char* cursor : {"x", "-1", "01", "1.5", " 1", "1234567890123456789", "１"}) {
    EXPECT_THAT(ListPublicChanges(*db_, Principal::Public(), cursor, 10),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "changes.bad_cursor"))
        << cursor;
  }
  for (const int limit : {0, -1, kMaxChangePageSize + 1}) {
    EXPECT_THAT(ListPublicChanges(*db_, Principal::Public(), "", limit),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "changes.bad_limit"))
        << limit;
  }
  // A cursor past the end is an empty page, not an error: the ledger will get there.
  auto past = ListPublicChanges(*db_, Principal::Public(), "999999999", 10);
  ASSERT_THAT(past, IsOk());
  EXPECT_TRUE(past->items.empty());
  EXPECT_EQ(past->next_cursor, "999999999");
  EXPECT_FALSE(past->more);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
