#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/criteria_demo.hpp"
#include "app/deadlines.hpp"
#include "app/notifications.hpp"
#include "app/requirement_sets.hpp"
#include "app/services.hpp"
#include "app/system.hpp"
#include "cli/commands.hpp"
#include "cli/mail_commands.hpp"
#include "cli/setup.hpp"
#include "core/crypto.hpp"
#include "http/access_log.hpp"
#include "http/api/api.hpp"
#include "http/metrics.hpp"
#include "http/public_cache.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "web/pages.hpp"

namespace ismap::cli {

int RunServe(const CommonOptions& options) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  InitLogging(*config);
  // The programme's rules are checked before anything starts, so a bad value names its key.
  auto audit_bodies = app::AuditBodySettingsFrom(config->audit_body, config->cloud_service, config->workflow);
  if (!audit_bodies) {
    std::cerr << "ismap: invalid configuration: " << audit_bodies.error().message << "\n";
    return kExitConfig;
  }
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  if (config->storage.migrate_on_start) {
    if (auto r = app::InitializeSystem(*db, clock); !r) {
      spdlog::error("cannot initialise {}: {}", db->Describe(), r.error().message);
      return kExitFailure;
    } else if (r->migrations_applied > 0) {
      spdlog::info("applied {} migrations to {}", r->migrations_applied, db->Describe());
    }
    if (auto seeded = app::SeedDefaultRequirementSet(*db, clock); !seeded) {
      spdlog::error("cannot store the default audit-body requirement set: {}", seeded.error().message);
      return kExitFailure;
    } else if (*seeded) {
      spdlog::info("stored the default audit-body requirement set {}", app::kShippedRequirementSetVersion);
    }
  }
  const app::IdentitySettings identity = IdentitySettingsFrom(*config);
  if (config->demo) {
    auto seeded = app::SeedDemoData(*db, clock, identity.hashing);
    if (!seeded) {
      spdlog::error("cannot seed demo data: {}", seeded.error().message);
      return kExitFailure;
    }
    // The shared data beside the source tree by default, so `serve --demo` works from any directory.
    const std::string data_dir = config->demo_data_dir.empty() ? ISMAP_SHARED_DATA_DIR : config->demo_data_dir;
    if (auto catalogs = app::SeedDemoCatalogs(*db, clock, data_dir); !catalogs) {
      spdlog::error("cannot load the demo catalogs: {}", catalogs.error().message);
      return kExitFailure;
    } else if (*catalogs > 0) {
      spdlog::info("demo: loaded {} catalogs and baselines from {}", *catalogs, data_dir);
    }
    if (auto notices = app::SeedDemoNotifications(*db, clock); !notices) {
      spdlog::error("cannot seed demo notifications: {}", notices.error().message);
      return kExitFailure;
    }
    if (auto bodies = app::SeedDemoAuditBodies(*db, clock, *audit_bodies, identity.hashing); !bodies) {
      spdlog::error("cannot seed the demo audit bodies: {}", bodies.error().message);
      return kExitFailure;
    } else if (*bodies > 0) {
      spdlog::info("demo: {} audit body applications, with committee meetings and registrations", *bodies);
    }
    if (auto services = app::SeedDemoCloudServices(*db, clock, *audit_bodies, identity.hashing); !services) {
      spdlog::error("cannot seed the demo cloud services: {}", services.error().message);
      return kExitFailure;
    } else if (*services > 0) {
      spdlog::info("demo: {} cloud services, one registered and the others at every step before", *services);
    }
    if (config->auth.operator_token.empty()) {
      // Demo only: a fresh token so a newcomer can try the operator API at once.
      config->auth.operator_token = core::RandomHex(24);
      spdlog::info("demo: operator API token for this run: {}", config->auth.operator_token);
    }
  }

  const app::DocumentSettings documents = DocumentSettingsFrom(*config);
  if (documents.max_bytes > config->http.max_body_bytes) {
    spdlog::warn("documents.max_bytes ({}) is above http.max_body_bytes ({}): larger uploads get 413 body_too_large",
                 documents.max_bytes, config->http.max_body_bytes);
  }
  app::Services services(*db, clock, identity, documents, *audit_bodies);
  http::Metrics metrics(config->http.threads);
  http::AccessLog access_log(config->log.access ? stdout : nullptr);
  http::StaticFiles static_files;
  web::AddWebAssets(static_files);
  if (!config->http.static_dir.empty()) {
    auto added = static_files.AddDirectory(config->http.static_dir);
    if (!added) {
      std::cerr << "ismap: invalid configuration: " << added.error().message << "\n";
      return kExitConfig;
    }
    spdlog::info("serving {} files from {} under /static/", *added, config->http.static_dir);
  }

  http::Router router;
  http::api::ApiContext api{services, metrics, config->auth.operator_token, config->auth.cookie_secure};
  http::api::RegisterHealthRoutes(router, api);
  http::api::RegisterOrganizationRoutes(router, api);
  http::api::RegisterSessionRoutes(router, api);
  http::api::RegisterUserRoutes(router, api);
  http::api::RegisterTokenRoutes(router, api);
  http::api::RegisterCatalogRoutes(router, api);
  http::api::RegisterAuditBodyRoutes(router, api);
  http::api::RegisterAuditBodyApplicationRoutes(router, api);
  http::api::RegisterCommitteeRoutes(router, api);
  http::api::RegisterRequirementSetRoutes(router, api);
  http::api::RegisterCloudServiceRoutes(router, api);
  http::api::RegisterEngagementRoutes(router, api);
  http::api::RegisterServiceApplicationRoutes(router, api);
  http::api::RegisterStatementFileRoutes(router, api);
  http::api::RegisterDocumentRoutes(router, api);
  http::api::RegisterNotificationRoutes(router, api);
  http::api::RegisterChangeRoutes(router, api);
  http::api::RegisterStatisticsRoute(router, api);
  http::api::RegisterMeasureAndUnregisteredRoutes(router, api);
  http::api::RegisterFeedbackRoutes(router, api);
  http::api::RegisterOperationsReportRoute(router, api);
  http::api::RegisterProcurementRoutes(router, api);
  http::api::RegisterOpenApiRoute(router, api);
  web::PagesContext pages{services, config->demo, config->auth.cookie_secure, config->auth.operator_token};
  web::RegisterPages(router, pages);
  router.AddPrefix(
      http::Method::kGet, "/static/", app::Action::kReadPublic,
      [&static_files](const http::Request& r) { return static_files.Serve(r); }, http::Execution::kInline);

  // Public reads from the in-memory snapshot, dropped when a publication commits (here or on
  // another instance) or the day in Japan changes.
  app::PublicVersion public_version(*db, clock, config->portal.snapshot_check);
  services.cloud_services().KeepPublicLinesWhile(&public_version);
  http::PublicCache public_cache(public_version, {config->portal.cache_max_entries, config->portal.cache_max_bytes});
  if (auto attached = public_cache.AttachPublicRoutes(router); !attached) {
    spdlog::error("{}", attached.error().message);
    return kExitFailure;
  }

  // The daily jobs once before listening, so that the first request already sees their changes.
  app::LogDailyJobs(app::RunDailyJobs(*db, clock, *audit_bodies, app::Principal::Operator()));

  const auto language = core::LanguageFromString(config->web.default_language).value_or(core::Language::kJa);
  http::Server server(config->http, config->workers, router, metrics, access_log, language);
  if (auto started = server.Start(); !started) {
    spdlog::error("{}", started.error().message);
    return kExitFailure;
  }
  spdlog::info("ismap listening on http://{}:{} ({} network threads, {} workers, {})", config->http.listen_host,
               server.port(), config->http.threads, config->workers.threads, db->Describe());
  // The e-mail outbox is sent only when a mail server is configured; otherwise it keeps everything.
  const app::MailSettings mail = MailSettingsFrom(*config);
  std::optional<app::SmtpMailSender> mail_sender;
  std::optional<app::MailPump> mail_pump;
  if (mail.enabled()) {
    mail_sender.emplace(mail, clock);
    mail_pump.emplace(*db, clock, *mail_sender, mail);
    spdlog::info("sending e-mail every {} s through {}", mail.interval.count(), WithoutCredentials(mail.smtp_url));
  }
  // Expiry, renewal reminders and overdue applications: done before listening (see above), then
  // every hour (idempotent, so every instance may run them).
  std::optional<app::DailyJobTimer> daily_jobs;
  daily_jobs.emplace(*db, clock, *audit_bodies, std::chrono::hours{1});
  server.RunUntilSignalled();
  daily_jobs.reset();
  mail_pump.reset();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace ismap::cli
