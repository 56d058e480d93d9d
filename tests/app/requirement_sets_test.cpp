// The audit-body requirement set (app/requirement_sets.hpp) on every backend: the shipped default
// stored once, publishing new versions (who may, duplicates, validation), the public read, and the
// JSON form with errors that name the file and the JSON pointer.
#include "app/requirement_sets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/clock.hpp"
#include "domain/ledger.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::StartsWith;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

class RequirementSetTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    secretariat_ = User(domain::OrganizationKind::kSecretariat, Role::kSecretariat, "s@x.jp");
    evaluator_ = User(domain::OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e@x.jp");
  }

  Principal User(domain::OrganizationKind kind, Role role, const std::string& email) {
    return testing::InsertUser(*db_, testing::InsertOrganization(*db_, kind, email, Noon()), kind, role, email, Noon());
  }

  std::map<std::string, int> LedgerTypes() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 10000);
    std::map<std::string, int> types;
    for (const auto& e : *events) {
      ++types[e.entry.type];
    }
    return types;
  }

  static domain::RequirementSet Set(std::string version) {
    return {std::move(version), {{"a", "要件A", "Requirement A"}, {"b", "要件B", ""}}};
  }

  core::ManualClock clock_{Noon()};
  Principal secretariat_, evaluator_;
};

TEST_P(RequirementSetTest, TheShippedSetReplacesTheMigrationPlaceholderOnce) {
  auto before = CurrentRequirementSet(*db_, Principal::Public());
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->version, kMigrationRequirementSetVersion);

  auto seeded = SeedDefaultRequirementSet(*db_, clock_);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_TRUE(*seeded);
  auto shipped = ShippedRequirementSet();
  ASSERT_THAT(shipped, IsOk());
  auto current = CurrentRequirementSet(*db_, Principal::Public());
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->version, kShippedRequirementSetVersion);
  ASSERT_EQ(current->items.size(), shipped->items.size());
  EXPECT_GE(current->items.size(), 8U);
  for (const auto& item : current->items) {
    EXPECT_FALSE(item.text_ja.empty()) << item.id;
    EXPECT_FALSE(item.text_en.empty()) << item.id;
  }
  EXPECT_EQ(LedgerTypes()[domain::kEventRequirementSetPublished], 1);

  auto again = SeedDefaultRequirementSet(*db_, clock_);
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(*again);
  EXPECT_EQ(LedgerTypes()[domain::kEventRequirementSetPublished], 1);
}

TEST_P(RequirementSetTest, TheSecretariatPublishesANewVersionThatBecomesCurrent) {
  auto published = PublishRequirementSet(*db_, clock_, secretariat_, Set("2026-04"));
  ASSERT_THAT(published, IsOk());
  auto current = CurrentRequirementSet(*db_, evaluator_);
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->version, "2026-04");
  ASSERT_EQ(current->items.size(), 2U);
  EXPECT_EQ(current->items[1].text_ja, "要件B");
  EXPECT_EQ(LedgerTypes()[domain::kEventRequirementSetPublished], 1);

  EXPECT_THAT(PublishRequirementSet(*db_, clock_, secretariat_, Set("2026-04")),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "requirement_set.duplicate_version"));
  EXPECT_THAT(PublishRequirementSet(*db_, clock_, Principal::Operator(), Set("2026-05")), IsOk());
  // A set the secretariat published is never replaced by the shipped one.
  auto seeded = SeedDefaultRequirementSet(*db_, clock_);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_FALSE(*seeded);
  EXPECT_EQ(CurrentRequirementSet(*db_, Principal::Public())->version, "2026-05");
  EXPECT_EQ(LedgerTypes()[domain::kEventRequirementSetPublished], 2);
}

TEST_P(RequirementSetTest, OnlyTheSecretariatAdminsAndTheOperatorPublish) {
  EXPECT_THAT(PublishRequirementSet(*db_, clock_, evaluator_, Set("x")), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(PublishRequirementSet(*db_, clock_, Principal::Public(), Set("x")),
              HasError(core::ErrorCode::kUnauthenticated));
  const auto admin = User(domain::OrganizationKind::kSystem, Role::kAdmin, "admin@x.jp");
  EXPECT_THAT(PublishRequirementSet(*db_, clock_, admin, Set("x")), IsOk());
  domain::RequirementSet bad = Set("y");
  bad.items.push_back({"a", "重複", ""});
  EXPECT_THAT(PublishRequirementSet(*db_, clock_, secretariat_, bad),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.invalid_requirement_set"));
  EXPECT_EQ(CurrentRequirementSet(*db_, Principal::Public())->version, "x");
}

INSTANTIATE_TEST_SUITE_P(Backends, RequirementSetTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

TEST(RequirementSetJsonTest, RoundTripsAndNamesTheFileAndPointerOfAnError) {
  auto parsed = ParseRequirementSet(
      R"({"version":"v1","metadata":{"note":"ours"},"items":[{"id":"a","text_ja":"要件","text_en":"Req"}]})", "f.json");
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->version, "v1");
  auto again = ParseRequirementSet(RequirementSetJson(*parsed), "g.json");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->items[0].text_en, "Req");

  auto wrong_type = ParseRequirementSet(R"({"version":"v1","items":[{"id":"a","text_ja":"x"},{"id":"b","text_ja":3}]})",
                                        "sets/new.json");
  ASSERT_THAT(wrong_type, HasErrorReason(core::ErrorCode::kInvalidArgument, "requirement_set.bad_json"));
  EXPECT_THAT(wrong_type.error().message, StartsWith("sets/new.json: /items/1/text_ja: "));

  auto missing = ParseRequirementSet(R"({"items":[]})", "a.json");
  ASSERT_THAT(missing, HasErrorReason(core::ErrorCode::kInvalidArgument, "requirement_set.bad_json"));
  EXPECT_THAT(missing.error().message, StartsWith("a.json: /version: "));

  auto unknown = ParseRequirementSet(R"({"version":"v","items":[{"id":"a","text_ja":"x","txt_en":"y"}]})", "b.json");
  EXPECT_THAT(unknown.error().message, StartsWith("b.json: /items/0/txt_en: "));

  auto not_json = ParseRequirementSet("{\"version\": ", "c.json");
  ASSERT_THAT(not_json, HasErrorReason(core::ErrorCode::kInvalidArgument, "requirement_set.bad_json"));
  EXPECT_THAT(not_json.error().message, StartsWith("c.json: /: not JSON"));

  auto invalid = ParseRequirementSet(R"({"version":"v","items":[]})", "d.json");
  ASSERT_THAT(invalid, HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.invalid_requirement_set"));
  EXPECT_THAT(invalid.error().message, HasSubstr("d.json: "));
}

}  // namespace
}  // namespace ismap::app
