#include "cli/jobs_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/audit_bodies.hpp"
#include "app/deadlines.hpp"
#include "cli/setup.hpp"
#include "core/clock.hpp"

namespace ismap::cli {
namespace {

template <class Id>
std::string Ids(const std::vector<Id>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += (out.empty() ? "" : ", ") + std::to_string(id.value());
  }
  return out.empty() ? "none" : out;
}

}  // namespace

void JobsCommands::Register(CLI::App& app, const std::function<void(CLI::App*)>& add_config) {
  CLI::App* jobs = app.add_subcommand("jobs", "Scheduled jobs");
  jobs->require_subcommand(1);
  daily_ = jobs->add_subcommand(
      "daily",
      "Expire registrations whose validity ran out, remind holders of renewals due, and tell whoever an "
      "application waits on that it is overdue (audit_body.renewal_notice_days, deadlines.overdue_days)");
  add_config(daily_);
  daily_->footer(
      "Safe to run any number of times a day: nothing expires twice and nobody is told twice. `ismap serve` runs "
      "the same every hour. Exit status: 0 done; 1 the database failed; 2 bad configuration.");
}

std::optional<int> JobsCommands::RunIfParsed(const CommonOptions& options) {
  if (daily_ == nullptr || !daily_->parsed()) {
    return std::nullopt;
  }
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  auto settings = app::AuditBodySettingsFrom(config->audit_body, config->cloud_service, config->workflow);
  if (!settings) {
    std::cerr << "ismap: invalid configuration: " << settings.error().message << "\n";
    return kExitConfig;
  }
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  if (!MigrateIfBehindOrReport(*db, "jobs daily")) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  auto report = app::RunDailyJobs(*db, clock, *settings, app::Principal::Operator());
  if (!report) {
    std::cerr << "ismap jobs daily: " << report.error().message << "\n";
    return report.error().code == core::ErrorCode::kInvalidArgument ? kExitConfig : kExitFailure;
  }
  const auto& d = report->deadlines;
  std::cout << fmt::format("{}: {} registrations expired\n", domain::FormatDate(report->today), report->expired);
  std::cout << fmt::format("renewal due (within {} days), holders reminded: {} (registrations {})\n",
                           settings->renewal_notice_days, d.renewal_due.size(), Ids(d.renewal_due));
  std::cout << fmt::format("overdue (waiting more than {} days), told: {} (applications {})\n", settings->overdue_days,
                           d.overdue.size(), Ids(d.overdue));
  std::cout << fmt::format("{} notifications written\n", d.notifications);
  return kExitOk;
}

}  // namespace ismap::cli
