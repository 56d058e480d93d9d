#include "cli/mail_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/setup.hpp"
#include "core/clock.hpp"

namespace ismap::cli {

app::DocumentSettings DocumentSettingsFrom(const core::Config& config) {
  app::DocumentSettings settings;
  settings.max_bytes = config.documents.max_bytes;
  if (!config.documents.allowed_types.empty()) {
    settings.allowed_types = config.documents.allowed_types;
  }
  return settings;
}

app::MailSettings MailSettingsFrom(const core::Config& config) {
  app::MailSettings settings;
  settings.smtp_url = config.smtp.url;
  settings.from = config.smtp.from;
  settings.timeout = config.smtp.timeout;
  settings.interval = config.smtp.send_interval;
  settings.max_attempts = config.smtp.max_attempts;
  settings.retry_after = config.smtp.retry;
  return settings;
}

std::string WithoutCredentials(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) {
    return url;
  }
  const auto host_end = url.find('/', scheme + 3);
  const auto at = url.rfind('@', host_end == std::string::npos ? url.size() : host_end);
  if (at == std::string::npos || at < scheme) {
    return url;
  }
  return url.substr(0, scheme + 3) + url.substr(at + 1);
}

void MailCommands::Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config) {
  CLI::App* mail = app.add_subcommand("mail", "The e-mail outbox");
  mail->require_subcommand(1);
  send_pending_ =
      mail->add_subcommand("send-pending", "Send the e-mail waiting in the outbox now, by the SMTP server of smtp.url");
  add_config(send_pending_);
  send_pending_->footer(
      "Sends every due message (those whose retry pause has passed and that have not used up smtp.max_attempts). "
      "Exit status: 0 nothing failed; 1 a message could not be sent (it stays in the outbox with its error) or "
      "the database failed; 2 smtp.url is not set, or bad configuration.");
}

std::optional<int> MailCommands::RunIfParsed(const CommonOptions& options) {
  if (send_pending_ == nullptr || !send_pending_->parsed()) {
    return std::nullopt;
  }
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  const app::MailSettings settings = MailSettingsFrom(*config);
  if (!settings.enabled()) {
    std::cerr << "ismap mail send-pending: smtp.url is not set; nothing was sent (the outbox keeps the messages)\n";
    return kExitConfig;
  }
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  app::SmtpMailSender sender(settings, clock);
  app::MailReport total;
  while (true) {
    auto report = app::SendPendingMail(*db, clock, sender, settings);
    if (!report) {
      std::cerr << "ismap mail send-pending: " << report.error().message << "\n";
      return kExitFailure;
    }
    total.sent += report->sent;
    total.failed += report->failed;
    // A batch that was not full was the last of what is due; failed messages wait for their pause.
    if (report->sent + report->failed < settings.batch) {
      break;
    }
  }
  std::cout << fmt::format("mail: {} sent, {} failed\n", total.sent, total.failed);
  return total.failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace ismap::cli
