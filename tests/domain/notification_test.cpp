// Notifications: what a notice may hold, its e-mail, and the pause before a failed e-mail is tried
// again. Deadlines: days waiting, counted in Japanese calendar days.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/deadline.hpp"
#include "domain/notification.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;

NotificationRequest Valid() {
  NotificationRequest r;
  r.kind = "audit_body_application.returned";
  r.subject = "audit_body_application/12";
  r.link = "/audit-bodies/applications/12?tab=checklist";
  r.text = {"申請が差し戻されました", "The application was returned", "修正して再提出してください。",
            "Please correct it and submit it again."};
  return r;
}

TEST(NotificationTest, ValidRequestPasses) {
  EXPECT_THAT(ValidateNotification(Valid()), IsOk());
  NotificationRequest no_link = Valid();
  no_link.link.clear();
  no_link.text.body_ja.clear();
  EXPECT_THAT(ValidateNotification(no_link), IsOk());
}

TEST(NotificationTest, EveryBadFieldIsRefused) {
  std::vector<std::pair<std::string, NotificationRequest>> bad;
  auto with = [&](const std::string& what, auto change) {
    NotificationRequest r = Valid();
    change(r);
    bad.emplace_back(what, r);
  };
  with("empty kind", [](NotificationRequest& r) { r.kind.clear(); });
  with("kind with capitals", [](NotificationRequest& r) { r.kind = "Returned"; });
  with("kind with space", [](NotificationRequest& r) { r.kind = "a b"; });
  with("bad subject", [](NotificationRequest& r) { r.subject = "application 12"; });
  with("absolute link", [](NotificationRequest& r) { r.link = "https://evil.example/"; });
  with("protocol-relative link", [](NotificationRequest& r) { r.link = "//evil.example/"; });
  with("script link", [](NotificationRequest& r) { r.link = "javascript:alert(1)"; });
  with("link with quote", [](NotificationRequest& r) { r.link = "/a\"onmouseover=x"; });
  with("no Japanese title", [](NotificationRequest& r) { r.text.title_ja.clear(); });
  with("no English title", [](NotificationRequest& r) { r.text.title_en.clear(); });
  with("long title", [](NotificationRequest& r) { r.text.title_en = std::string(201, 'x'); });
  with("title with newline", [](NotificationRequest& r) { r.text.title_en = "a\r\nBcc: x@example.com"; });
  with("body not UTF-8", [](NotificationRequest& r) { r.text.body_en = "\xff"; });
  with("long body", [](NotificationRequest& r) { r.text.body_ja = std::string(20001, 'x'); });
  for (const auto& [what, request] : bad) {
    EXPECT_THAT(ValidateNotification(request),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "notification.invalid"))
        << what;
  }
  // 200 characters is the limit, counted in characters, not bytes.
  NotificationRequest japanese = Valid();
  japanese.text.title_ja.clear();
  for (int i = 0; i < 200; ++i) {
    japanese.text.title_ja += "監";
  }
  EXPECT_THAT(ValidateNotification(japanese), IsOk());
}

TEST(NotificationTest, MailCarriesBothLanguagesJapaneseFirst) {
  const NewMail mail = ComposeMail("eval@example.jp", Valid().text);
  EXPECT_EQ(mail.recipient, "eval@example.jp");
  EXPECT_EQ(mail.subject, "[ISMAP] 申請が差し戻されました / The application was returned");
  EXPECT_LT(mail.body.find("修正して"), mail.body.find("Please correct"));
}

TEST(NotificationTest, RetryPauseDoublesUpToSixHours) {
  const core::TimePoint t{};
  const std::chrono::seconds base(60);
  EXPECT_EQ(NextMailAttempt(t, 1, base) - t, std::chrono::seconds(60));
  EXPECT_EQ(NextMailAttempt(t, 2, base) - t, std::chrono::seconds(120));
  EXPECT_EQ(NextMailAttempt(t, 4, base) - t, std::chrono::seconds(480));
  EXPECT_EQ(NextMailAttempt(t, 30, base) - t, std::chrono::hours(6));
}

TEST(NotificationTest, LongErrorsAreCutOnCharacterBoundaries) {
  EXPECT_EQ(TrimMailError("short"), "short");
  std::string japanese;
  for (int i = 0; i < 300; ++i) {
    japanese += "失";  // 3 bytes each
  }
  const std::string cut = TrimMailError(japanese);
  EXPECT_LE(cut.size(), kMaxMailError);
  EXPECT_EQ(cut.size() % 3, 0U);
}

core::TimePoint Jst(int y, unsigned m, unsigned d, int h, int min = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} - hours{9};
}

TEST(DeadlineTest, DaysWaitingCountsJapaneseCalendarDays) {
  EXPECT_EQ(DaysWaiting(Jst(2026, 4, 1, 9), Jst(2026, 4, 1, 23, 59)), 0);
  EXPECT_EQ(DaysWaiting(Jst(2026, 4, 1, 23), Jst(2026, 4, 2, 1)), 1);
  // Midnight in Japan (15:00 UTC the day before) starts the next day.
  EXPECT_EQ(DaysWaiting(Jst(2026, 4, 1, 9), Jst(2026, 4, 2, 0)), 1);
  EXPECT_EQ(DaysWaiting(Jst(2026, 2, 27, 12), Jst(2026, 3, 2, 12)), 3);  // not a leap year
  EXPECT_EQ(DaysWaiting(Jst(2024, 2, 27, 12), Jst(2024, 3, 2, 12)), 4);  // leap year
  EXPECT_EQ(DaysWaiting(Jst(2026, 12, 31, 23, 59), Jst(2027, 1, 1, 0)), 1);
  EXPECT_EQ(DaysWaiting(Jst(2026, 4, 2, 0), Jst(2026, 4, 1, 0)), 0);  // not yet
}

TEST(DeadlineTest, OverdueIsMoreThanTheDays) {
  const auto since = Jst(2026, 4, 1, 10);
  EXPECT_FALSE(IsOverdue(since, Jst(2026, 4, 15, 23), 14));
  EXPECT_TRUE(IsOverdue(since, Jst(2026, 4, 16, 0), 14));
  EXPECT_FALSE(IsOverdue(since, since, 0));
  EXPECT_TRUE(IsOverdue(since, Jst(2026, 4, 2, 0), 0));
}

TEST(RenewalDue, FromNoticeDaysBeforeTheLastValidDayThroughIt) {
  Registration r;
  r.registered_on = {2023, 4, 1};
  r.valid_until = {2026, 3, 31};
  EXPECT_EQ(RenewalDueFrom(r.valid_until, 90), (Date{2025, 12, 31}));
  EXPECT_EQ(RenewalDueFrom({2028, 3, 1}, 1), (Date{2028, 2, 29}));  // a leap day
  EXPECT_FALSE(IsRenewalDue(r, {2025, 12, 30}, 90));
  EXPECT_TRUE(IsRenewalDue(r, {2025, 12, 31}, 90));
  EXPECT_TRUE(IsRenewalDue(r, {2026, 3, 31}, 90));
  EXPECT_FALSE(IsRenewalDue(r, {2026, 4, 1}, 90));  // past its validity: expiry's business
  r.pending_renewal = ApplicationId(7);
  EXPECT_FALSE(IsRenewalDue(r, {2026, 1, 15}, 90));  // already filed
  r.pending_renewal.reset();
  r.state = RegistrationState::kSuspended;
  EXPECT_FALSE(IsRenewalDue(r, {2026, 1, 15}, 90));
}

}  // namespace
}  // namespace ismap::domain
