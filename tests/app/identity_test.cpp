// Logging in, the second factor, sessions and users, through the use cases on a real database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "app/organizations.hpp"
#include "app/system.hpp"
#include "app/users.hpp"
#include "core/totp.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery staple";

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
    settings_.hashing = {1, 8 * 1024 * 1024};  // small: the tests check behaviour, not cost
    auto org = CreateOrganization(*db_, clock_, Principal::Operator(),
                                  {domain::OrganizationKind::kCsp, "デモクラウド", "Demo Cloud", "1010001000006"});
    ASSERT_THAT(org, IsOk());
    org_ = org->id;
    auto user = CreateUser(*db_, clock_, settings_, Principal::Operator(),
                           {org_, "Alice@Example.JP", "アリス", {domain::Role::kCspAdmin}}, kPassword);
    ASSERT_THAT(user, IsOk());
    user_ = user->user;
  }

  // Logs in and enrols TOTP; returns the secret.
  std::string Enrol() {
    auto grant = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
    EXPECT_THAT(grant, IsOk());
    auto enrolment = BeginTotpEnrolment(*db_, clock_, settings_, grant->token);
    EXPECT_THAT(enrolment, IsOk());
    auto confirmed = ConfirmTotpEnrolment(*db_, clock_, settings_, grant->token, CodeAt(enrolment->secret, 0));
    EXPECT_THAT(confirmed, IsOk());
    recovery_codes_ = confirmed->recovery_codes;
    return enrolment->secret;
  }

  std::string CodeAt(const std::string& secret, int steps_from_now) {
    return core::TotpCode(*core::Base32Decode(secret), core::TotpStep(clock_.Now()) + steps_from_now);
  }

  std::vector<domain::LedgerEvent> Events() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    return *(*uow)->Ledger().Scan(0, 10000);
  }

  testing::TempDir dir_;
  core::ManualClock clock_{Noon()};
  IdentitySettings settings_;
  std::unique_ptr<storage::Database> db_;
  domain::OrganizationId org_;
  domain::User user_;
  std::vector<std::string> recovery_codes_;
};

TEST_F(IdentityTest, PasswordAloneGivesAPendingSessionWhenMfaIsRequired) {
  auto grant = LogInWithPassword(*db_, clock_, settings_, " ALICE@example.jp ", kPassword, "192.0.2.1");
  ASSERT_THAT(grant, IsOk());
  EXPECT_EQ(grant->stage, domain::SessionStage::kPasswordVerified);
  EXPECT_FALSE(grant->mfa_enrolled);
  EXPECT_EQ(grant->token.size(), 64U);  // 256 bits
  // A pending session is no login: it cannot act as the user.
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, grant->token),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.session_required"));
}

TEST_F(IdentityTest, WithoutRequiredMfaPasswordLogsIn) {
  settings_.mfa_required = false;
  auto grant = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(grant, IsOk());
  EXPECT_EQ(grant->stage, domain::SessionStage::kAuthenticated);
  auto who = ResolveSession(*db_, clock_, settings_, grant->token);
  ASSERT_THAT(who, IsOk());
  EXPECT_EQ(who->principal.user->email, "alice@example.jp");
  EXPECT_EQ(who->principal.organization_kind, domain::OrganizationKind::kCsp);
}

TEST_F(IdentityTest, WrongPasswordAndUnknownAddressGiveTheSameAnswer) {
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", "wrong password!!", "192.0.2.1"),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.invalid_credentials"));
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "nobody@example.jp", kPassword, "192.0.2.2"),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.invalid_credentials"));
  // Both failures are in the ledger, and no password is.
  int failures = 0;
  for (const auto& e : Events()) {
    EXPECT_THAT(e.entry.payload_json, Not(HasSubstr("wrong password")));
    EXPECT_THAT(e.entry.payload_json, Not(HasSubstr(kPassword)));
    failures += e.entry.type == "auth.login_failed" ? 1 : 0;
  }
  EXPECT_EQ(failures, 2);
}

TEST_F(IdentityTest, FailuresSlowLoginDownPerAccountAndPerAddress) {
  for (int i = 0; i < domain::kFreeFailures; ++i) {
    ASSERT_THAT(LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", "wrong password!!", "192.0.2.9"),
                HasError(core::ErrorCode::kUnauthenticated));
  }
  // Even the right password waits now, from any address.
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "198.51.100.7"),
              HasErrorReason(core::ErrorCode::kResourceExhausted, "auth.throttled"));
  // The address is slowed down for other accounts too.
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "other@example.jp", kPassword, "192.0.2.9"),
              HasErrorReason(core::ErrorCode::kResourceExhausted, "auth.throttled"));
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "198.51.100.7"), IsOk());
}

TEST_F(IdentityTest, TotpLoginRotatesTheTokenAndRefusesReplay) {
  const std::string secret = Enrol();
  clock_.Advance(std::chrono::seconds(30));
  auto pending = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(pending, IsOk());
  EXPECT_TRUE(pending->mfa_enrolled);
  EXPECT_THAT(VerifySecondFactor(*db_, clock_, settings_, pending->token, "000000x"),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.mfa_invalid"));
  const std::string code = CodeAt(secret, 0);
  auto full = VerifySecondFactor(*db_, clock_, settings_, pending->token, code);
  ASSERT_THAT(full, IsOk());
  EXPECT_NE(full->token, pending->token);  // no session fixation
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, pending->token), HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, full->token), IsOk());
  // The same code again, on a new pending session: refused.
  auto again = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT(VerifySecondFactor(*db_, clock_, settings_, again->token, code),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.mfa_invalid"));
}

TEST_F(IdentityTest, RecoveryCodeWorksOnce) {
  Enrol();
  ASSERT_EQ(recovery_codes_.size(), 10U);
  auto first = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(VerifySecondFactor(*db_, clock_, settings_, first->token, " " + recovery_codes_[3] + " "), IsOk());
  auto second = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  EXPECT_THAT(VerifySecondFactor(*db_, clock_, settings_, second->token, recovery_codes_[3]),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.mfa_invalid"));
}

TEST_F(IdentityTest, EnrolmentCannotReplaceAWorkingFactor) {
  Enrol();
  auto pending = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(pending, IsOk());
  // With only the password, nobody can set up a new authenticator and skip the old one.
  EXPECT_THAT(BeginTotpEnrolment(*db_, clock_, settings_, pending->token),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "auth.mfa_not_pending"));
}

TEST_F(IdentityTest, SessionsEndWhenIdleAndAtTheirAbsoluteLimit) {
  settings_.mfa_required = false;
  auto grant = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(grant, IsOk());
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_THAT(ResolveSession(*db_, clock_, settings_, grant->token), IsOk());  // refreshes the idle timer
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_THAT(ResolveSession(*db_, clock_, settings_, grant->token), IsOk());
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, grant->token),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.session_expired"));

  auto busy = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(busy, IsOk());
  for (int i = 0; i < 12 * 3; ++i) {  // used every 20 minutes for 12 hours
    clock_.Advance(std::chrono::minutes(20));
    if (!ResolveSession(*db_, clock_, settings_, busy->token)) {
      EXPECT_GE(i, 12 * 3 - 2);
      return;
    }
  }
  ADD_FAILURE() << "a session lived past its absolute limit";
}

TEST_F(IdentityTest, ForgedTokensAreUnknown) {
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, std::string(64, 'a')),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.session_required"));
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, ""),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.session_required"));
}

TEST_F(IdentityTest, LogOutEverywhereEndsEverySession) {
  settings_.mfa_required = false;
  auto a = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  auto b = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.2");
  auto who = ResolveSession(*db_, clock_, settings_, a->token);
  ASSERT_THAT(who, IsOk());
  auto ended = LogOutEverywhere(*db_, clock_, who->principal);
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(*ended, 2);
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, b->token), HasError(core::ErrorCode::kUnauthenticated));
}

TEST_F(IdentityTest, DisabledUserCannotLogIn) {
  auto uow = db_->Begin(storage::TxMode::kWrite);
  ASSERT_THAT((*uow)->Users().SetDisabled(user_.id, true), IsOk());
  ASSERT_THAT((*uow)->Commit(), IsOk());
  uow->reset();
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1"),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.invalid_credentials"));
}

TEST_F(IdentityTest, BadUsersAreRefusedAndNothingIsStored) {
  const std::vector<std::pair<domain::NewUser, std::string>> cases = {
      {{org_, "not-an-address", "X", {domain::Role::kCspMember}}, "user.email_invalid"},
      {{org_, "a@example.jp", "", {domain::Role::kCspMember}}, "user.display_name_invalid"},
      {{org_, "a@example.jp", "bell\x07", {domain::Role::kCspMember}}, "user.display_name_invalid"},
      {{org_, "a@example.jp", std::string(101, 'x'), {domain::Role::kCspMember}}, "user.display_name_invalid"},
      {{org_, "a@example.jp", "X", {}}, "user.roles_required"},
      {{org_, "a@example.jp", "X", {domain::Role::kReviewer}}, "user.role_not_allowed"},
      {{org_, "alice@example.jp", "X", {domain::Role::kCspMember}}, "user.duplicate_email"},
  };
  for (const auto& [user, reason] : cases) {
    auto created = CreateUser(*db_, clock_, settings_, Principal::Operator(), user, kPassword);
    ASSERT_FALSE(created) << reason;
    EXPECT_EQ(created.error().reason, reason);
  }
  EXPECT_THAT(CreateUser(*db_, clock_, settings_, Principal::Operator(),
                         {org_, "b@example.jp", "X", {domain::Role::kCspMember}}, "short"),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "password.too_short"));
  auto users = ListUsers(*db_, Principal::Operator(), org_, 100, 0);
  ASSERT_THAT(users, IsOk());
  EXPECT_EQ(users->size(), 1U);
}

TEST_F(IdentityTest, SqlLookingInputIsJustText) {
  const std::string name = "Robert'); DROP TABLE users;--";
  auto created = CreateUser(*db_, clock_, settings_, Principal::Operator(),
                            {org_, "bobby@example.jp", name, {domain::Role::kCspMember}}, kPassword);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->user.display_name, name);
  EXPECT_THAT(LogInWithPassword(*db_, clock_, settings_, "' OR '1'='1", "' OR '1'='1", "192.0.2.1"),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.invalid_credentials"));
}

TEST_F(IdentityTest, OrganisationAdminsManageTheirOwnUsersOnly) {
  settings_.mfa_required = false;
  auto other = CreateOrganization(*db_, clock_, Principal::Operator(),
                                  {domain::OrganizationKind::kCsp, "他社", "Other", "2010001000013"});
  ASSERT_THAT(other, IsOk());
  auto grant = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  auto alice = ResolveSession(*db_, clock_, settings_, grant->token);
  ASSERT_THAT(alice, IsOk());
  EXPECT_THAT(CreateUser(*db_, clock_, settings_, alice->principal,
                         {org_, "colleague@example.jp", "同僚", {domain::Role::kCspMember}}, ""),
              IsOk());
  EXPECT_THAT(CreateUser(*db_, clock_, settings_, alice->principal,
                         {other->id, "intruder@example.jp", "X", {domain::Role::kCspAdmin}}, ""),
              HasError(core::ErrorCode::kPermissionDenied));
  auto changed = ChangeUserRoles(*db_, clock_, alice->principal, user_.id, {domain::Role::kCspMember});
  ASSERT_THAT(changed, IsOk());
  bool recorded = false;
  for (const auto& e : Events()) {
    recorded = recorded || e.entry.type == "user.roles_changed";
  }
  EXPECT_TRUE(recorded);
}

TEST_F(IdentityTest, FirstAdminIsCreatedOnceWithAOneTimePassword) {
  auto password = CreateFirstAdmin(*db_, clock_, settings_.hashing, "root@example.go.jp");
  ASSERT_THAT(password, IsOk());
  EXPECT_FALSE(*password) << "users exist already (alice)";
  testing::TempDir fresh_dir;
  auto fresh = testing::OpenSqlite(fresh_dir);
  ASSERT_THAT(InitializeSystem(*fresh, clock_), IsOk());
  auto first = CreateFirstAdmin(*fresh, clock_, settings_.hashing, "root@example.go.jp");
  ASSERT_THAT(first, IsOk());
  ASSERT_TRUE(*first);
  settings_.mfa_required = false;
  EXPECT_THAT(LogInWithPassword(*fresh, clock_, settings_, "root@example.go.jp", **first, "192.0.2.1"), IsOk());
}

}  // namespace
}  // namespace ismap::app

#include "app/api_tokens.hpp"

namespace ismap::app {
namespace {

TEST_F(IdentityTest, ApiTokensExpire) {
  settings_.mfa_required = false;
  auto grant = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  auto alice = ResolveSession(*db_, clock_, settings_, grant->token);
  ASSERT_THAT(alice, IsOk());
  auto created = CreateApiToken(*db_, clock_, alice->principal, "ci", {"list_users"}, 1);
  ASSERT_THAT(created, IsOk());
  auto principal = ResolveApiToken(*db_, clock_, created->token);
  ASSERT_THAT(principal, IsOk());
  EXPECT_THAT(Authorize(*principal, Action::kListUsers, Resource{org_}), IsOk());
  EXPECT_THAT(Authorize(*principal, Action::kCreateUser, Resource{org_}), HasError(core::ErrorCode::kPermissionDenied));
  clock_.Advance(std::chrono::hours(25));
  EXPECT_THAT(ResolveApiToken(*db_, clock_, created->token),
              HasErrorReason(core::ErrorCode::kUnauthenticated, "auth.token_invalid"));
  bool recorded = false;
  for (const auto& e : Events()) {
    recorded = recorded || e.entry.type == "api_token.created";
    EXPECT_THAT(e.entry.payload_json, Not(HasSubstr(created->token)));
  }
  EXPECT_TRUE(recorded);
}

}  // namespace
}  // namespace ismap::app

namespace ismap::app {
namespace {

TEST_F(IdentityTest, AnAdministratorResetsALostSecondFactor) {
  const std::string secret = Enrol();
  clock_.Advance(std::chrono::seconds(30));
  auto pending = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  auto full = VerifySecondFactor(*db_, clock_, settings_, pending->token, CodeAt(secret, 0));
  ASSERT_THAT(full, IsOk());
  auto alice = ResolveSession(*db_, clock_, settings_, full->token);
  ASSERT_THAT(alice, IsOk());
  // Nobody resets their own: a stolen password must not replace the second factor.
  EXPECT_THAT(ResetUserMfa(*db_, clock_, alice->principal, user_.id),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "user.own_mfa_reset"));
  EXPECT_THAT(ResetUserMfa(*db_, clock_, Principal::Public(), user_.id), HasError(core::ErrorCode::kUnauthenticated));
  ASSERT_THAT(ResetUserMfa(*db_, clock_, Principal::Operator(), user_.id), IsOk());
  // Her sessions ended; the next login leads to enrolment again, and the old codes are gone.
  EXPECT_THAT(ResolveSession(*db_, clock_, settings_, full->token), HasError(core::ErrorCode::kUnauthenticated));
  auto again = LogInWithPassword(*db_, clock_, settings_, "alice@example.jp", kPassword, "192.0.2.1");
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(again->mfa_enrolled);
  EXPECT_THAT(VerifySecondFactor(*db_, clock_, settings_, again->token, recovery_codes_[0]),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "auth.mfa_enrolment_required"));
  EXPECT_THAT(BeginTotpEnrolment(*db_, clock_, settings_, again->token), IsOk());
  bool recorded = false;
  for (const auto& e : Events()) {
    recorded = recorded || e.entry.type == "auth.mfa_reset";
  }
  EXPECT_TRUE(recorded);
}

}  // namespace
}  // namespace ismap::app
