// Notification use cases on both backends: Notify in the caller's unit of work (inbox and outbox
// commit or vanish with the step), the inbox is one's own, and the outbox sender — against a fake
// SMTP server in this process (the message arrives, with its UTF-8 subject and body), against one
// that refuses the recipient, and against a closed port (the error is recorded and the message
// tried again after its pause, until the attempts run out).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "app/mail.hpp"
#include "app/notifications.hpp"
#include "app/system.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/fake_smtp.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {
namespace {

using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::SizeIs;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

domain::NotificationRequest Returned(int id) {
  domain::NotificationRequest r;
  r.kind = "audit_body_application.returned";
  r.subject = "audit_body_application/" + std::to_string(id);
  r.link = "/audit-bodies/applications/" + std::to_string(id);
  r.text = {"申請が差し戻されました（第" + std::to_string(id) + "号）",
            "Application " + std::to_string(id) + " returned",
            "評価機関から修正の依頼があります。\n.先頭のドットも届くこと。", "The evaluator asks for corrections."};
  return r;
}

// A port nothing listens on: bound, then closed.
std::uint16_t ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Base64 of what FormatMessage wrote, back to text (for reading the received body).
std::string DecodeBase64(const std::string& text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto at = kAlphabet.find(c);
    if (at == std::string::npos) {
      continue;  // line breaks and padding
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

class NotificationsTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
    auto uow = Write();
    auto org = uow->Organizations().Insert(
        {domain::OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator", "1234567890123"}, Noon());
    ASSERT_THAT(org, IsOk());
    for (const char* email : {"eval1@example.jp", "eval2@example.jp", "gone@example.jp"}) {
      auto user = uow->Users().Insert({org->id, email, email, {Role::kEvaluator}}, "hash", Noon());
      ASSERT_THAT(user, IsOk());
      users_.push_back(Principal::ForUser(*user, domain::OrganizationKind::kAuditBodyEvaluator));
    }
    ASSERT_THAT(uow->Users().SetDisabled(users_[2].user->id, true), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  std::unique_ptr<storage::UnitOfWork> Write() {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return uow ? std::move(*uow) : nullptr;
  }

  std::vector<domain::Mail> Outbox() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    return *(*uow)->MailOutbox().List(100, 0);
  }

  void NotifyAndCommit(const std::vector<domain::UserId>& users, const domain::NotificationRequest& r) {
    auto uow = Write();
    ASSERT_THAT(Notify(*uow, clock_, users, r), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  MailSettings Settings(const std::string& url) {
    MailSettings s;
    s.smtp_url = url;
    s.from = "noreply@ismap.example.jp";
    s.timeout = std::chrono::seconds(5);
    s.max_attempts = 3;
    s.retry_after = std::chrono::seconds(60);
    return s;
  }

  core::ManualClock clock_{Noon()};
  std::vector<Principal> users_;
};

TEST_P(NotificationsTest, NotifyWritesInboxAndOutboxInTheCallersUnitOfWork) {
  const std::vector<domain::UserId> ids = {users_[0].user->id, users_[1].user->id, users_[0].user->id,
                                           users_[2].user->id};
  {
    auto uow = Write();
    auto written = Notify(*uow, clock_, ids, Returned(12));
    ASSERT_THAT(written, IsOk());
    EXPECT_THAT(*written, SizeIs(3));  // each user once
    // Not committed: the step that notified failed, and its notices go with it.
  }
  EXPECT_THAT(*ListInbox(*db_, users_[0], 50, 0), ::testing::Field(&Inbox::items, SizeIs(0)));
  EXPECT_THAT(Outbox(), SizeIs(0));

  NotifyAndCommit(ids, Returned(12));
  auto inbox = ListInbox(*db_, users_[0], 50, 0);
  ASSERT_THAT(inbox, IsOk());
  ASSERT_THAT(inbox->items, SizeIs(1));
  EXPECT_EQ(inbox->unread, 1);
  EXPECT_EQ(inbox->items[0].title_ja, "申請が差し戻されました（第12号）");
  EXPECT_EQ(inbox->items[0].link, "/audit-bodies/applications/12");
  EXPECT_EQ(inbox->items[0].created_at, Noon());
  // The disabled user gets the notice in the inbox but no e-mail.
  EXPECT_THAT(ListInbox(*db_, users_[2], 50, 0)->items, SizeIs(1));
  const auto mail = Outbox();
  ASSERT_THAT(mail, SizeIs(2));
  EXPECT_EQ(mail[1].message.recipient, "eval1@example.jp");
  EXPECT_EQ(mail[0].message.recipient, "eval2@example.jp");
  EXPECT_EQ(mail[0].message.subject, "[ISMAP] 申請が差し戻されました（第12号） / Application 12 returned");
  EXPECT_EQ(mail[0].sent_at, std::nullopt);
  EXPECT_EQ(mail[0].attempts, 0);
}

TEST_P(NotificationsTest, NotifyRefusesBadRequestsAndUnknownUsers) {
  auto uow = Write();
  domain::NotificationRequest bad = Returned(1);
  bad.link = "https://elsewhere.example/";
  EXPECT_THAT(Notify(*uow, clock_, {users_[0].user->id}, bad),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "notification.invalid"));
  EXPECT_THAT(Notify(*uow, clock_, {domain::UserId(9999)}, Returned(1)),
              HasErrorReason(core::ErrorCode::kNotFound, "user.not_found"));
}

TEST_P(NotificationsTest, InboxIsOnesOwnAndMarkingReadToo) {
  NotifyAndCommit({users_[0].user->id}, Returned(1));
  NotifyAndCommit({users_[0].user->id}, Returned(2));
  NotifyAndCommit({users_[1].user->id}, Returned(3));
  auto mine = ListInbox(*db_, users_[0], 50, 0);
  ASSERT_THAT(mine->items, SizeIs(2));
  EXPECT_EQ(mine->items[0].subject, "audit_body_application/2");  // newest first
  const domain::NotificationId first = mine->items[1].id;
  const domain::NotificationId theirs = ListInbox(*db_, users_[1], 50, 0)->items[0].id;

  EXPECT_THAT(MarkNotificationRead(*db_, clock_, users_[0], theirs),
              HasErrorReason(core::ErrorCode::kNotFound, "notification.not_found"));
  EXPECT_THAT(MarkNotificationRead(*db_, clock_, users_[0], domain::NotificationId(9999)),
              HasErrorReason(core::ErrorCode::kNotFound, "notification.not_found"));
  clock_.Advance(std::chrono::minutes(5));
  EXPECT_THAT(MarkNotificationRead(*db_, clock_, users_[0], first), IsOk());
  EXPECT_THAT(MarkNotificationRead(*db_, clock_, users_[0], first), IsOk());  // again is fine
  mine = ListInbox(*db_, users_[0], 50, 0);
  EXPECT_EQ(mine->unread, 1);
  EXPECT_EQ(mine->items[1].read_at, Noon() + std::chrono::minutes(5));
  EXPECT_EQ(*CountUnread(*db_, users_[1]), 1);  // theirs untouched

  EXPECT_THAT(ListInbox(*db_, Principal::Public(), 50, 0), HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(ListInbox(*db_, Principal::Operator(), 50, 0), HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(MarkNotificationRead(*db_, clock_, Principal::Public(), first),
              HasError(core::ErrorCode::kUnauthenticated));
}

TEST_P(NotificationsTest, SenderDeliversToAnSmtpServerAndMarksSent) {
  testing::FakeSmtpServer server;
  NotifyAndCommit({users_[0].user->id, users_[1].user->id}, Returned(12));
  SmtpMailSender sender(Settings(server.url()), clock_);
  auto report = SendPendingMail(*db_, clock_, sender, Settings(server.url()));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->sent, 2);
  EXPECT_EQ(report->failed, 0);
  ASSERT_TRUE(server.WaitFor(2));
  const auto messages = server.messages();
  EXPECT_EQ(messages[0].mail_from, "<noreply@ismap.example.jp>");
  EXPECT_THAT(messages[0].recipients, ::testing::ElementsAre("<eval1@example.jp>"));
  const std::string& data = messages[0].data;
  EXPECT_THAT(data, HasSubstr("To: <eval1@example.jp>\r\n"));
  EXPECT_THAT(data, HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_THAT(data, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"));
  EXPECT_THAT(data, HasSubstr("Date: Wed, 25 Nov 2026 12:00:00 +0000\r\n"));
  const std::string body = DecodeBase64(data.substr(data.find("\r\n\r\n") + 4));
  EXPECT_THAT(body, HasSubstr("評価機関から修正の依頼があります。\n.先頭のドットも届くこと。"));
  EXPECT_THAT(body, HasSubstr("The evaluator asks for corrections."));
  // The subject decodes back to the notice's titles.
  std::string subject;
  for (std::size_t at = data.find("=?UTF-8?B?"); at != std::string::npos; at = data.find("=?UTF-8?B?", at + 1)) {
    const auto end = data.find("?=", at + 10);
    subject += DecodeBase64(data.substr(at + 10, end - at - 10));
    if (data.compare(end + 2, 3, "\r\n ") != 0) {
      break;
    }
  }
  EXPECT_EQ(subject, "[ISMAP] 申請が差し戻されました（第12号） / Application 12 returned");

  for (const auto& mail : Outbox()) {
    EXPECT_EQ(mail.sent_at, Noon());
    EXPECT_EQ(mail.attempts, 1);
    EXPECT_EQ(mail.last_error, std::nullopt);
  }
  // Nothing is sent twice.
  EXPECT_EQ(SendPendingMail(*db_, clock_, sender, Settings(server.url()))->sent, 0);
}

TEST_P(NotificationsTest, RefusedRecipientIsRecordedWithTheServersAnswer) {
  testing::FakeSmtpServer server(/*refuse_recipients=*/true);
  NotifyAndCommit({users_[0].user->id}, Returned(1));
  SmtpMailSender sender(Settings(server.url()), clock_);
  auto report = SendPendingMail(*db_, clock_, sender, Settings(server.url()));
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->failed, 1);
  const auto mail = Outbox();
  EXPECT_EQ(mail[0].sent_at, std::nullopt);
  EXPECT_THAT(mail[0].last_error.value_or(""), HasSubstr("550"));
}

TEST_P(NotificationsTest, ClosedPortIsRecordedAndRetriedAfterThePauseUntilAttemptsRunOut) {
  NotifyAndCommit({users_[0].user->id}, Returned(1));
  const MailSettings settings = Settings("smtp://127.0.0.1:" + std::to_string(ClosedPort()));
  SmtpMailSender sender(settings, clock_);

  auto first = SendPendingMail(*db_, clock_, sender, settings);
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->failed, 1);
  auto mail = Outbox();
  EXPECT_EQ(mail[0].attempts, 1);
  EXPECT_THAT(mail[0].last_error.value_or(""), ::testing::AnyOf(HasSubstr("onnect"), HasSubstr("refused")));
  EXPECT_EQ(mail[0].next_attempt_at, Noon() + std::chrono::seconds(60));

  // Not before the pause.
  EXPECT_EQ(SendPendingMail(*db_, clock_, sender, settings)->failed, 0);
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(SendPendingMail(*db_, clock_, sender, settings)->failed, 1);
  mail = Outbox();
  EXPECT_EQ(mail[0].attempts, 2);
  EXPECT_EQ(mail[0].next_attempt_at, Noon() + std::chrono::seconds(60 + 120));  // doubled
  clock_.Advance(std::chrono::seconds(120));
  EXPECT_EQ(SendPendingMail(*db_, clock_, sender, settings)->failed, 1);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(SendPendingMail(*db_, clock_, sender, settings)->failed, 0);  // 3 attempts: it rests
  mail = Outbox();
  EXPECT_EQ(mail[0].attempts, 3);
  EXPECT_EQ(mail[0].sent_at, std::nullopt);

  // Once a server answers, a fresh message goes out and the spent one stays as it is.
  testing::FakeSmtpServer server;
  NotifyAndCommit({users_[1].user->id}, Returned(2));
  SmtpMailSender working(Settings(server.url()), clock_);
  EXPECT_EQ(SendPendingMail(*db_, clock_, working, Settings(server.url()))->sent, 1);
}

// Counts what it is asked to send; fails when told to.
class RecordingSender final : public MailSender {
 public:
  core::Result<void> Send(const domain::Mail& mail) override {
    sent.push_back(mail.message.recipient);
    return core::Ok();
  }
  std::vector<std::string> sent;
};

TEST_P(NotificationsTest, PumpSendsAtOnceAndStopsPromptly) {
  NotifyAndCommit({users_[0].user->id, users_[1].user->id}, Returned(1));
  RecordingSender sender;
  MailSettings settings = Settings("smtp://unused.example:25");
  settings.interval = std::chrono::hours(1);
  const auto started = std::chrono::steady_clock::now();
  {
    MailPump pump(*db_, clock_, sender, settings);
    for (int i = 0; i < 500; ++i) {
      bool done = true;
      for (const auto& mail : Outbox()) {
        done = done && mail.sent_at.has_value();
      }
      if (done) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }  // stops without waiting for the hour
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_THAT(sender.sent, ::testing::UnorderedElementsAre("eval1@example.jp", "eval2@example.jp"));
}

TEST_P(NotificationsTest, DemoUsersGetAWelcomeNoticeOnce) {
  // Demo data goes into an empty database only.
  testing::TempDir demo_dir;
  auto demo = GetParam().open(demo_dir);
  ASSERT_NE(demo, nullptr);
  ASSERT_THAT(InitializeSystem(*demo, clock_), IsOk());
  ASSERT_THAT(SeedDemoData(*demo, clock_, core::PasswordHashParams{1, 8 * 1024 * 1024}), IsOk());
  auto seeded = SeedDemoNotifications(*demo, clock_);
  ASSERT_THAT(seeded, IsOk());
  EXPECT_EQ(*seeded, static_cast<int>(domain::AllRoles().size()));  // one per demo user
  EXPECT_EQ(*SeedDemoNotifications(*demo, clock_), 0);
  auto uow = demo->Begin(storage::TxMode::kRead);
  EXPECT_THAT(*(*uow)->MailOutbox().List(10, 0), SizeIs(0));  // no e-mail to demo addresses
  // Not for anyone else.
  EXPECT_EQ(*SeedDemoNotifications(*db_, clock_), 0);
}

TEST(MailFormatTest, RefusesAddressesThatWouldBreakTheHeaders) {
  domain::Mail mail;
  mail.message = {"victim@example.jp\r\nBcc: all@example.jp", "s", "b"};
  EXPECT_THAT(FormatMessage(mail, "noreply@example.jp", Noon()),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "mail.bad_address"));
  mail.message.recipient = "ok@example.jp";
  EXPECT_THAT(FormatMessage(mail, "a <b@example.jp>", Noon()),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "mail.bad_address"));
  mail.message.subject = std::string(300, 'x') + "\r\nBcc: x@example.jp";
  auto text = FormatMessage(mail, "noreply@example.jp", Noon());
  ASSERT_THAT(text, IsOk());
  EXPECT_THAT(*text, ::testing::Not(HasSubstr("\r\nBcc:")));
  // Every encoded word fits the 76-character line limit.
  std::size_t start = 0;
  while (start < text->size()) {
    const auto end = text->find("\r\n", start);
    EXPECT_LE(end - start, 78U);
    start = end + 2;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
