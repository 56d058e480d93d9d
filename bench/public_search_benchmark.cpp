// ismap_public_search_benchmark: the public cloud service list's filtered search (issue 8) on a
// register of --services registered services (default 10,000), timed in-process through
// app::CloudServices::SearchPublic as GET /api/v1/services calls it, JSON included.
//
//   ismap_public_search_benchmark --database sqlite:PATH|postgresql://... [--services 10000]
//                                 [--iterations 300] [--warmup 30]
//
// The database must be empty: the program migrates it and writes the services straight through the
// storage repositories (providers, services with Japanese names, models, tracks and regions,
// registrations), which fills the search index (V009) through its triggers. Searches keep today's
// lines in memory under the public version, as `ismap serve` does; each query below is timed
// separately, and "reload" is the first search after a publication (every line read again).
// Prints p50, p99, max and mean per query and "result BACKEND KEY P50 P99 MAX" lines for
// bench/public_search.sh. Target: p99 under 20 ms for every filtered search.
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cloud_services.hpp"
#include "app/public_service_query.hpp"
#include "app/public_version.hpp"
#include "app/system.hpp"
#include "bench_database.hpp"
#include "bench_timing.hpp"
#include "core/clock.hpp"
#include "domain/date.hpp"
#include "http/api/cloud_service_json.hpp"
#include "storage/database.hpp"

namespace {

using namespace ismap;
using bench::Figures;
using bench::Must;
using bench::Timed;
using nlohmann::json;
using Parameters = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kWords[] = {
    "クラウド", "ストレージ", "データベース", "メール",       "会計",         "人事給与", "文書管理",     "監視",
    "認証",     "分析",       "バックアップ", "ネットワーク", "セキュリティ", "コンテナ", "仮想サーバー", "電子申請"};
constexpr std::string_view kEnglish[] = {
    "Cloud",    "Storage",   "Database", "Mail",    "Accounting", "Payroll",    "Documents",       "Monitoring",
    "Identity", "Analytics", "Backup",   "Network", "Security",   "Containers", "Virtual Servers", "e-Application"};
constexpr std::string_view kRegions[] = {"東京", "大阪", "北海道", "九州"};

// Writes `count` registered services of count / 25 providers; returns how many it wrote.
int Seed(storage::Database& db, const core::Clock& clock, int count) {
  std::mt19937 rng(7);
  auto uow = Must(db.Begin(storage::TxMode::kWrite), "begin");
  const domain::Date today = domain::JapanDate(clock.Now());
  std::vector<domain::OrganizationId> providers;
  for (int p = 0; p < std::max(1, count / 25); ++p) {
    const std::string n = std::to_string(p + 1);
    providers.push_back(
        Must(uow->Organizations().Insert({domain::OrganizationKind::kCsp, "クラウド事業者" + n + "株式会社",
                                          "Cloud Provider " + n + " K.K.", std::nullopt},
                                         clock.Now()),
             "provider")
            .id);
  }
  for (int i = 0; i < count; ++i) {
    const std::size_t a = rng() % std::size(kWords), b = rng() % std::size(kWords);
    domain::CloudService service;
    service.provider = providers[static_cast<std::size_t>(i) % providers.size()];
    service.name_ja = std::string(kWords[a]) + std::string(kWords[b]) + "サービス" + std::to_string(i + 1);
    service.name_en = std::string(kEnglish[a]) + " " + std::string(kEnglish[b]) + " " + std::to_string(i + 1);
    service.description = "ベンチマーク用の架空のサービス";
    service.model =
        std::array{domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas}[rng() % 3];
    service.track = rng() % 5 == 0 ? domain::Track::kLiu : domain::Track::kIsmap;
    service.regions = {std::string(kRegions[rng() % std::size(kRegions)])};
    if (rng() % 2 == 0) {
      service.regions.push_back(std::string(kRegions[rng() % std::size(kRegions)]));
    }
    auto stored = Must(uow->Services().Insert(service, clock.Now()), "service");
    domain::Registration r;
    r.register_kind = domain::ApplicationKind::kCloudService;
    r.holder = service.provider;
    r.registered_on = domain::AddDays(today, -static_cast<int>(rng() % 1000));
    r.valid_until = domain::AddDays(r.registered_on, 480);
    r.number = "C" + std::to_string(r.registered_on.year % 100) + "-" + std::to_string(100000 + i).substr(1) + "-1";
    auto registration = Must(uow->Registrations().Insert(r, clock.Now()), "registration");
    domain::CloudService registered = stored;
    registered.registration_id = registration.id;
    registered.version = stored.version + 1;
    Must(uow->Services().Update(registered, stored.version), "register the service");
  }
  Must(uow->Commit(), "commit");
  return count;
}

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_public_search_benchmark --database sqlite:PATH|postgresql://... [--services N] "
               "[--iterations N] [--warmup N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int services = 10000, iterations = 300, warmup = 30;
  if (!bench::ReadFlags(argc, argv, database,
                        {{"--services", &services, 1}, {"--iterations", &iterations, 1}, {"--warmup", &warmup, 0}})) {
    return Usage();
  }
  const auto config = bench::ParseDatabase(database);
  if (!config) {
    bench::Die("--database", config.error());
  }
  auto db = Must(storage::OpenDatabase(*config), "cannot open " + database);
  const core::SystemClock clock;
  Must(app::InitializeSystem(*db, clock), "initialise " + database);  // migrated, as `ismap init` does
  const auto seed_start = std::chrono::steady_clock::now();
  Seed(*db, clock, services);
  const double seed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();

  app::PublicVersion version(*db, clock, std::chrono::milliseconds(1000));
  app::CloudServices cloud(*db, clock, app::CloudServiceSettings{});
  cloud.KeepPublicLinesWhile(&version);
  const std::vector<std::pair<std::string, Parameters>> queries = {
      {"katakana", {{"q", "ストレージ"}}},
      {"kanji_two", {{"q", "会計"}}},
      {"english", {{"q", "backup"}}},
      {"text_and_filters", {{"q", "クラウド"}, {"model", "saas"}, {"region", "東京"}, {"sort", "-valid_until"}}},
      {"filters_page_3", {{"track", "liu"}, {"status", "active"}, {"page", "3"}, {"per_page", "50"}}},
      {"unfiltered_page_1", {}},
  };
  std::vector<Figures> figures(queries.size());
  std::vector<std::int64_t> totals(queries.size());
  std::vector<std::size_t> bytes(queries.size());
  for (int i = 0; i < warmup + iterations; ++i) {
    for (std::size_t q = 0; q < queries.size(); ++q) {
      auto parsed = app::ParsePublicServiceQuery(queries[q].second, {});
      const auto& query = std::get<app::PublicServiceQuery>(parsed);
      const std::string body = Timed(figures[q], i >= warmup, [&] {
        auto page = Must(cloud.SearchPublic(app::Principal::Public(), query), queries[q].first);
        json items = json::array();
        for (const auto& line : page.items) {
          items.push_back(http::api::PublicServiceToJson(line));
        }
        totals[q] = page.total;
        return json{{"items", items}, {"total", page.total}}.dump();
      });
      bytes[q] = body.size();
    }
  }
  // The first search after a publication reads every line again.
  Figures reload;
  for (int i = 0; i < std::max(5, iterations / 20); ++i) {
    app::CloudServices fresh(*db, clock, app::CloudServiceSettings{});
    Timed(reload, true, [&] { return Must(fresh.SearchPublic(app::Principal::Public(), {}), "reload").total; });
  }

  const std::string backend = config->kind == "sqlite" ? "sqlite" : "postgres";
  std::printf("database: %s\n", db->Describe().c_str());
  std::printf("%d registered services seeded in %.1f s; %d iterations after %d warm-up, times in ms:\n", services,
              seed_seconds, iterations, warmup);
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::printf("  %-18s %6lld matching, %8zu bytes of JSON\n", queries[q].first.c_str(),
                static_cast<long long>(totals[q]), bytes[q]);
  }
  std::printf("\n");
  std::vector<bench::FigureRow> rows;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    rows.push_back({queries[q].first, "search " + queries[q].first, &figures[q]});
  }
  rows.push_back({"reload", "first search after a publication (every line read)", &reload});
  bench::PrintFigures(backend, rows);
  return 0;
}
