// A real server on 127.0.0.1 (port 0) over a temporary SQLite database, with the production
// routes plus two test routes: /test/slow (a blocking handler that takes a while) and
// /test/boom (a handler that throws).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/criteria_demo.hpp"
#include "app/services.hpp"
#include "app/system.hpp"
#include "http/access_log.hpp"
#include "http/api/api.hpp"
#include "http/metrics.hpp"
#include "http/public_cache.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/temp_dir.hpp"
#include "web/pages.hpp"

namespace ismap::testing {

inline constexpr char kOperatorToken[] = "test-operator-token-0123456789abcdef";

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(app::InitializeSystem(*db_, clock_).has_value());
    identity_.hashing = {1, 8 * 1024 * 1024};  // small: the tests check behaviour, not cost
    identity_.mfa_required = false;            // MFA has its own tests; most tests log in with a password
    services_ = std::make_unique<app::Services>(*db_, clock_, identity_, document_settings_);

    web::AddWebAssets(static_files_);
    static_files_.Add("hello.txt", "hello");
    api_ = std::make_unique<http::api::ApiContext>(http::api::ApiContext{*services_, metrics_, kOperatorToken});
    http::api::RegisterHealthRoutes(router_, *api_);
    http::api::RegisterOrganizationRoutes(router_, *api_);
    http::api::RegisterSessionRoutes(router_, *api_);
    http::api::RegisterUserRoutes(router_, *api_);
    http::api::RegisterTokenRoutes(router_, *api_);
    http::api::RegisterCatalogRoutes(router_, *api_);
    http::api::RegisterAuditBodyRoutes(router_, *api_);
    http::api::RegisterAuditBodyApplicationRoutes(router_, *api_);
    http::api::RegisterCommitteeRoutes(router_, *api_);
    http::api::RegisterRequirementSetRoutes(router_, *api_);
    http::api::RegisterCloudServiceRoutes(router_, *api_);
    http::api::RegisterEngagementRoutes(router_, *api_);
    http::api::RegisterServiceApplicationRoutes(router_, *api_);
    http::api::RegisterStatementFileRoutes(router_, *api_);
    http::api::RegisterDocumentRoutes(router_, *api_);
    http::api::RegisterNotificationRoutes(router_, *api_);
    http::api::RegisterChangeRoutes(router_, *api_);
    http::api::RegisterStatisticsRoute(router_, *api_);
    http::api::RegisterMeasureAndUnregisteredRoutes(router_, *api_);
    http::api::RegisterFeedbackRoutes(router_, *api_);
    http::api::RegisterOperationsReportRoute(router_, *api_);
    http::api::RegisterProcurementRoutes(router_, *api_);
    http::api::RegisterOpenApiRoute(router_, *api_);
    pages_ = std::make_unique<web::PagesContext>(web::PagesContext{*services_, false, true, kOperatorToken});
    web::RegisterPages(router_, *pages_);
    router_.AddPrefix(
        http::Method::kGet, "/static/", app::Action::kReadPublic,
        [this](const http::Request& r) { return static_files_.Serve(r); }, http::Execution::kInline);
    router_.Add(http::Method::kGet, "/test/slow", app::Action::kReadPublic, [this](const http::Request&) {
      slow_started_ = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      return http::Response::Text(200, "done");
    });
    router_.Add(http::Method::kGet, "/test/boom", app::Action::kReadPublic,
                [](const http::Request&) -> http::Response { throw std::runtime_error("boom"); });
    // The public snapshot as in production, reading the ledger on every public read (interval 0),
    // so a test sees a publication on its next request whichever way it was made.
    public_version_ = std::make_unique<app::PublicVersion>(*db_, clock_, std::chrono::milliseconds(0));
    public_cache_ = std::make_unique<http::PublicCache>(*public_version_, http::PublicCacheLimits{});
    ASSERT_TRUE(public_cache_->AttachPublicRoutes(router_).has_value());

    core::HttpConfig http;
    http.listen_port = 0;
    http.threads = 2;
    http.max_header_bytes = 4096;
    http.max_body_bytes = max_body_bytes_;
    http.read_timeout = std::chrono::milliseconds(1000);
    http.idle_timeout = std::chrono::milliseconds(3000);
    http.shutdown_grace = std::chrono::milliseconds(5000);
    core::WorkerConfig workers;
    workers.threads = 2;
    server_ = std::make_unique<http::Server>(http, workers, router_, metrics_, access_log_, core::Language::kJa);
    ASSERT_TRUE(server_->Start().has_value());
    port_ = server_->port();
  }

  void TearDown() override { server_.reset(); }

  std::optional<HttpResponse> Get(const std::string& target, const std::string& headers = "") {
    return Fetch(port_, "GET", target, headers);
  }

  // `method` on `target` as `who` (its headers: a cookie and CSRF token, a bearer token) in
  // `language`, with `body` as JSON unless it is null.
  HttpResponse Send(const std::string& method, const std::string& target, const std::string& who,
                    const nlohmann::json& body = nullptr, const std::string& language = "ja") {
    const std::string headers =
        who + "Accept-Language: " + language + "\r\n" + (body.is_null() ? "" : "Content-Type: application/json\r\n");
    auto response = Fetch(port_, method, target, headers, body.is_null() ? "" : body.dump());
    EXPECT_TRUE(response.has_value());
    return response.value_or(HttpResponse{});
  }

  // The demo register `ismap serve --demo` seeds: its users, the catalogs of ../shared/data, audit
  // bodies and cloud services (http_tests define ISMAP_SHARED_DATA_DIR).
  void SeedDemo() {
    ASSERT_TRUE(app::SeedDemoData(*db_, clock_, identity_.hashing).has_value());
    ASSERT_TRUE(app::SeedDemoCatalogs(*db_, clock_, ISMAP_SHARED_DATA_DIR).has_value());
    const auto& settings = services_->audit_body_settings();
    ASSERT_TRUE(app::SeedDemoAuditBodies(*db_, clock_, settings, identity_.hashing).has_value());
    auto services = app::SeedDemoCloudServices(*db_, clock_, settings, identity_.hashing);
    ASSERT_TRUE(services.has_value());
    ASSERT_GT(*services, 0);
  }

  TempDir dir_;
  core::SystemClock clock_;
  app::IdentitySettings identity_;
  // Set before ServerFixture::SetUp() to change them (the document tests upload larger bodies).
  std::size_t max_body_bytes_ = 2048;
  app::DocumentSettings document_settings_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<app::Services> services_;
  http::Metrics metrics_{2};
  http::AccessLog access_log_{nullptr};
  http::StaticFiles static_files_;
  http::Router router_;
  std::unique_ptr<http::api::ApiContext> api_;
  std::unique_ptr<web::PagesContext> pages_;
  std::unique_ptr<app::PublicVersion> public_version_;
  std::unique_ptr<http::PublicCache> public_cache_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::atomic<bool> slow_started_{false};
};

}  // namespace ismap::testing
