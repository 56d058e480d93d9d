// `ismap mail send-pending`, and the settings of documents and e-mail as the configuration gives
// them (for `ismap serve` too).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "app/documents.hpp"
#include "app/mail.hpp"
#include "cli/commands.hpp"
#include "core/config.hpp"

namespace ismap::cli {

// documents.max_bytes and documents.allowed_types (empty: the built-in list).
app::DocumentSettings DocumentSettingsFrom(const core::Config& config);
// smtp.*.
app::MailSettings MailSettingsFrom(const core::Config& config);
// A URL for logs: "smtp://user:secret@host:587" → "smtp://host:587".
std::string WithoutCredentials(const std::string& url);

class MailCommands {
 public:
  // `add_config` adds the common -c/--config option to a subcommand.
  void Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config);
  // The exit code when `mail send-pending` was parsed, else nullopt: 0 when nothing failed,
  // 1 when a message could not be sent or the database failed, 2 when smtp.url is not set.
  std::optional<int> RunIfParsed(const CommonOptions& options);

 private:
  CLI::App* send_pending_ = nullptr;
};

}  // namespace ismap::cli
