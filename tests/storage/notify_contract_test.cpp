// The storage contract for whom workflows notify and what the deadline job remembers
// (UserRepository::ListWithRole, NotificationRepository::ExistsSince), on every backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using domain::Role;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12} + microseconds{250};
}

std::vector<std::string> Emails(const std::vector<domain::User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) {
    out.push_back(u.email);
  }
  return out;
}

class NotifyContractTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
  }

  std::unique_ptr<UnitOfWork> Write() {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return std::move(*uow);
  }

  testing::TempDir dir_;
  std::shared_ptr<Database> db_;
};

TEST_P(NotifyContractTest, UsersWithARoleAreTheEnabledHoldersInEveryOrOneOrganisation) {
  auto uow = Write();
  auto a = uow->Organizations().Insert({domain::OrganizationKind::kAuditBody, "A", "A", std::nullopt}, Noon());
  auto b = uow->Organizations().Insert({domain::OrganizationKind::kAuditBody, "B", "B", std::nullopt}, Noon());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  auto add = [&](domain::OrganizationId org, const std::string& email, std::vector<Role> roles) {
    auto user = uow->Users().Insert({org, email, email, std::move(roles)}, "hash", Noon());
    EXPECT_THAT(user, IsOk());
    return user->id;
  };
  add(a->id, "a-admin@x.jp", {Role::kAuditBodyAdmin});
  add(a->id, "a-auditor@x.jp", {Role::kAuditor});
  add(b->id, "b-both@x.jp", {Role::kAuditor, Role::kAuditBodyAdmin});
  const auto gone = add(b->id, "b-gone@x.jp", {Role::kAuditBodyAdmin});
  ASSERT_THAT(uow->Users().SetDisabled(gone, true), IsOk());

  auto all = uow->Users().ListWithRole(Role::kAuditBodyAdmin, std::nullopt);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Emails(*all), ElementsAre("a-admin@x.jp", "b-both@x.jp"));
  ASSERT_EQ(all->size(), 2U);
  EXPECT_TRUE((*all)[1].Has(Role::kAuditor));  // with all their roles

  auto of_b = uow->Users().ListWithRole(Role::kAuditBodyAdmin, b->id);
  ASSERT_THAT(of_b, IsOk());
  EXPECT_THAT(Emails(*of_b), ElementsAre("b-both@x.jp"));
  auto auditors_of_a = uow->Users().ListWithRole(Role::kAuditor, a->id);
  ASSERT_THAT(auditors_of_a, IsOk());
  EXPECT_THAT(Emails(*auditors_of_a), ElementsAre("a-auditor@x.jp"));
  auto nobody = uow->Users().ListWithRole(Role::kCommitteeMember, std::nullopt);
  ASSERT_THAT(nobody, IsOk());
  EXPECT_THAT(*nobody, IsEmpty());
}

TEST_P(NotifyContractTest, ANotificationExistsSinceTheTimeItWasWritten) {
  auto uow = Write();
  auto org = uow->Organizations().Insert({domain::OrganizationKind::kAuditBody, "A", "A", std::nullopt}, Noon());
  ASSERT_THAT(org, IsOk());
  auto user = uow->Users().Insert({org->id, "u@x.jp", "u", {Role::kAuditBodyAdmin}}, "hash", Noon());
  ASSERT_THAT(user, IsOk());
  domain::NotificationRequest request;
  request.kind = "audit_body.renewal_due";
  request.subject = "registration/7";
  request.link = "/audit-bodies/1";
  request.text.title_ja = "更新";
  request.text.title_en = "Renewal";
  ASSERT_THAT(uow->Notifications().Insert(user->id, request, Noon()), IsOk());

  using std::chrono::microseconds;
  auto exists = [&](const std::string& kind, const std::string& subject, core::TimePoint since) {
    auto r = uow->Notifications().ExistsSince(kind, subject, since);
    EXPECT_THAT(r, IsOk());
    return r.has_value() && *r;
  };
  EXPECT_TRUE(exists("audit_body.renewal_due", "registration/7", Noon() - std::chrono::days{30}));
  EXPECT_TRUE(exists("audit_body.renewal_due", "registration/7", Noon()));
  EXPECT_FALSE(exists("audit_body.renewal_due", "registration/7", Noon() + microseconds{1}));
  EXPECT_FALSE(exists("audit_body.renewal_due", "registration/8", Noon() - std::chrono::days{1}));
  EXPECT_FALSE(exists("audit_body.application_overdue", "registration/7", Noon() - std::chrono::days{1}));
}

INSTANTIATE_TEST_SUITE_P(Backends, NotifyContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
