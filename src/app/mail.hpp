// Sending the e-mail outbox (issue 6). Notify (app/notifications.hpp) writes e-mails to the outbox
// in the transaction of the step that caused them; SendPendingMail sends what is due, outside any
// transaction, and records for each message that it was sent or why not, trying again later with a
// growing pause until it has tried smtp.max_attempts times.
//
// When smtp.url is empty nothing is sent: the outbox keeps the messages (and `ismap mail
// send-pending` sends them once a server is configured). `ismap serve` runs a MailPump, which calls
// SendPendingMail every smtp.send_interval_seconds, only when smtp.url is set.
//
// Several instances may send at once: a message is claimed (leased for smtp.timeout_ms plus a
// minute) in a transaction before it is sent, so each is sent by one of them. A sender that dies after sending but
// before recording it leaves the message to be sent again once the lease ends: delivery is at least once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/notification.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// config smtp.*.
struct MailSettings {
  std::string smtp_url;  // smtp://host:port (STARTTLS when offered) or smtps://host:port; empty: do not send
  std::string from;      // the envelope and From: address
  std::chrono::milliseconds timeout{30'000};  // per message, connecting included
  int max_attempts = 8;                       // then the message stays unsent with its last error
  std::chrono::seconds retry_after{60};       // pause after the first failure; doubled after each next one
  std::chrono::seconds interval{60};          // MailPump: time between passes
  int batch = 50;                             // messages sent per pass at most

  bool enabled() const { return !smtp_url.empty(); }
};

// Delivers one message. Thread-compatible: one sender per sending thread.
class MailSender {
 public:
  virtual ~MailSender() = default;
  // kUnavailable with the server's or the network's error when the message was not accepted.
  virtual core::Result<void> Send(const domain::Mail& mail) = 0;
};

// SMTP through libcurl: one connection per message, UTF-8 subject (RFC 2047) and body (base64).
class SmtpMailSender final : public MailSender {
 public:
  SmtpMailSender(MailSettings settings, const core::Clock& clock);
  core::Result<void> Send(const domain::Mail& mail) override;

 private:
  MailSettings settings_;
  const core::Clock& clock_;
};

// The whole message as SMTP's DATA carries it (headers, blank line, base64 body), CRLF line ends.
// kInvalidArgument (mail.bad_address) when an address holds characters a header cannot.
core::Result<std::string> FormatMessage(const domain::Mail& mail, const std::string& from, core::TimePoint date);

struct MailReport {
  int sent = 0;
  int failed = 0;  // attempts that failed (the messages stay in the outbox)
};

// One pass: up to settings.batch due messages, oldest first, each claimed, sent and its outcome
// recorded; stops early when `stop` becomes true (checked between messages). Errors are the
// database's; a message that cannot be sent is a failure in the report.
core::Result<MailReport> SendPendingMail(storage::Database& db, const core::Clock& clock, MailSender& sender,
                                         const MailSettings& settings, const std::atomic<bool>* stop = nullptr);

// A thread that runs SendPendingMail every settings.interval until it is destroyed.
class MailPump {
 public:
  MailPump(storage::Database& db, const core::Clock& clock, MailSender& sender, MailSettings settings);
  ~MailPump();  // stops, after the message being sent (if any)
  MailPump(const MailPump&) = delete;
  MailPump& operator=(const MailPump&) = delete;

 private:
  void Run();

  storage::Database& db_;
  const core::Clock& clock_;
  MailSender& sender_;
  MailSettings settings_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> stop_flag_{false};  // tells a pass in progress to end after its current message
  std::thread thread_;                  // last: starts after everything it uses
};

}  // namespace ismap::app
