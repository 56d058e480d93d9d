// ismap_cloud_service_benchmark: what saving, loading and rule-checking a 1,159-entry statement,
// the reviewers' queue and a provider's dashboard cost on a database seeded by
// ismap_cloud_service_seed (issue 7), timed in-process.
//
//   ismap_cloud_service_benchmark --database sqlite:PATH|postgresql://... [--iterations 200] [--warmup 20]
//
// Each iteration runs, one after the other, through app::CloudServices with the default settings:
//   (a) save: EditStatement as provider 0001's administrator on its draft statement (revision 2 of
//       its first service), all 1,159 entries with replace_all_entries, at the version the previous
//       save left (so each save is a new version; one implementation text alternates, so each
//       writes a change). The use case reads the draft, writes it whole, records the ledger event,
//       and answers with the view (the edition loaded, ListStatementProblems, Progress);
//   (b) load: GetStatement as the same administrator (the statement with its entries, the edition,
//       the problems and the progress), then the statement's JSON as the API sends it
//       (http::api::StatementViewToJson);
//   (c) rule-check alone: domain::ListStatementProblems on the loaded statement against the edition
//       (loaded once, outside the timing), as it is (no problems) and with every tenth entry made
//       "not adopted, no reason" (116 findings, each turned into a problem with its message);
//   (d) the reviewers' queue: Queue as the seeded reviewer, first page (limit 50), then its JSON
//       ({"items", "limit", "offset", "total"} with http::api::ServiceQueueLineToJson, as
//       GET /api/v1/cloud-services/queue answers);
//   (e) the dashboard of provider 0001 (the provider with the most applications): Dashboard as its
//       administrator, first page (limit 50), then its JSON (the same shape).
// After --warmup unmeasured iterations, prints p50, p99, max and mean per step over --iterations,
// the sizes, and "result BACKEND STEP P50 P99 MAX" lines for bench/cloud_services.sh. The saves
// change the seeded draft (its version and updated_at) and add one ledger event each.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/authorization.hpp"
#include "app/cloud_services.hpp"
#include "bench_database.hpp"
#include "bench_timing.hpp"
#include "cloud_service_bench.hpp"
#include "core/clock.hpp"
#include "domain/statement.hpp"
#include "http/api/cloud_service_json.hpp"
#include "storage/database.hpp"

namespace {

using namespace ismap;
using bench::Figures;
using bench::Must;
using bench::Timed;
using nlohmann::json;
using Clock = bench::SteadyClock;

constexpr int kPage = 50;  // the API's default limit

app::Principal SeededUser(storage::Database& db, const char* email) {
  auto uow = Must(db.Begin(storage::TxMode::kRead), "begin");
  auto credentials = Must(uow->Users().FindCredentialsByEmail(email), email);
  if (!credentials) {
    std::fprintf(stderr, "no user %s: seed the database with ismap_cloud_service_seed first\n", email);
    std::exit(1);
  }
  auto org = Must(uow->Organizations().Get(credentials->user.organization_id), "organisation of " + std::string(email));
  return app::Principal::ForUser(credentials->user, org.kind);
}

// The draft statement of the provider's first service (the seed's revision 2).
domain::StatementId BenchmarkDraft(storage::Database& db, const app::Principal& provider) {
  auto uow = Must(db.Begin(storage::TxMode::kRead), "begin");
  auto services = Must(uow->Services().ListByProvider(provider.user->organization_id), "provider's services");
  if (!services.empty()) {
    for (const auto& summary : Must(uow->Statements().ListByService(services.front().id), "statements")) {
      if (summary.state == domain::StatementState::kDraft) {
        return summary.id;
      }
    }
  }
  std::fprintf(stderr, "provider 0001's first service has no draft statement: seed a fresh database\n");
  std::exit(1);
}

std::string PageJson(const app::ServiceQueuePage& page, int limit, int offset) {
  json items = json::array();
  for (const auto& line : page.lines) {
    items.push_back(http::api::ServiceQueueLineToJson(line));
  }
  return json{{"items", items}, {"limit", limit}, {"offset", offset}, {"total", page.total}}.dump();
}

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_cloud_service_benchmark --database sqlite:PATH|postgresql://... [--iterations N] "
               "[--warmup N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int iterations = 200;
  int warmup = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) {
      return Usage();
    }
    const char* value = argv[++i];
    if (arg == "--database") {
      database = value;
    } else if (arg == "--iterations") {
      iterations = std::atoi(value);
    } else if (arg == "--warmup") {
      warmup = std::atoi(value);
    } else {
      return Usage();
    }
  }
  if (database.empty() || iterations < 1 || warmup < 0) {
    return Usage();
  }
  const auto config = bench::ParseSeededDatabase(database);
  if (!config) {
    bench::Die("--database", config.error());
  }
  auto db = Must(storage::OpenDatabase(*config), "cannot open " + database);
  const core::SystemClock clock;
  app::CloudServices services(*db, clock, app::CloudServiceSettings{});

  const app::Principal reviewer = SeededUser(*db, bench::kCloudReviewerEmail);
  const app::Principal provider = SeededUser(*db, bench::kBigProviderAdminEmail);
  const domain::StatementId draft = BenchmarkDraft(*db, provider);

  // What the editor sends: every entry, as stored; a second version differing in one text.
  const app::StatementView start = Must(services.GetStatement(provider, draft), "the draft");
  const domain::EditionContent edition = Must(services.StatementEdition(provider, draft), "the edition");
  std::vector<domain::StatementEntry> entries[2] = {start.statement.entries, start.statement.entries};
  for (auto& entry : entries[1]) {
    if (entry.adopted) {
      entry.implementation += "（改訂）";
      break;
    }
  }
  domain::Statement broken = start.statement;
  for (std::size_t i = 0; i < broken.entries.size(); i += 10) {
    broken.entries[i].adopted = false;
    broken.entries[i].reason.clear();
  }
  std::int64_t version = start.statement.version;

  Figures save, load, load_json, load_total, check, check_broken, queue, queue_json, queue_total, dash, dash_json,
      dash_total;
  std::size_t statement_bytes = 0, problems = 0, broken_problems = 0, queue_lines = 0, queue_bytes = 0, dash_lines = 0,
              dash_bytes = 0;
  std::int64_t queue_depth = 0, dash_count = 0;
  domain::StatementProgress progress;
  std::string first_queue_line, first_dash_line;
  for (int i = 0; i < warmup + iterations; ++i) {
    const bool measure = i >= warmup;

    // (a) save the whole statement.
    app::StatementEdit edit;
    edit.entries = entries[i % 2];
    edit.replace_all_entries = true;
    auto saved =
        Timed(save, measure, [&] { return Must(services.EditStatement(provider, draft, version, edit), "save"); });
    version = saved.statement.version;

    // (b) load it, with its problems and progress, and its JSON.
    const auto b_start = Clock::now();
    auto view = Timed(load, measure, [&] { return Must(services.GetStatement(provider, draft), "load"); });
    auto text = Timed(load_json, measure, [&] { return http::api::StatementViewToJson(view).dump(); });
    if (measure) {
      load_total.Add(Clock::now() - b_start);
    }
    statement_bytes = text.size();
    progress = view.progress;

    // (c) the rules alone.
    problems = Timed(check, measure, [&] { return domain::ListStatementProblems(edition, view.statement); }).size();
    broken_problems =
        Timed(check_broken, measure, [&] { return domain::ListStatementProblems(edition, broken); }).size();

    // (d) the reviewers' queue, first page.
    const auto d_start = Clock::now();
    auto q = Timed(queue, measure, [&] { return Must(services.Queue(reviewer, kPage, 0), "queue"); });
    auto q_text = Timed(queue_json, measure, [&] { return PageJson(q, kPage, 0); });
    if (measure) {
      queue_total.Add(Clock::now() - d_start);
    }
    queue_lines = q.lines.size();
    queue_bytes = q_text.size();
    queue_depth = q.total;
    if (first_queue_line.empty() && !q.lines.empty()) {
      first_queue_line = json::parse(q_text)["items"][0].dump();
    }

    // (e) the biggest provider's dashboard, first page.
    const auto e_start = Clock::now();
    auto d = Timed(dash, measure, [&] { return Must(services.Dashboard(provider, kPage, 0), "dashboard"); });
    auto d_text = Timed(dash_json, measure, [&] { return PageJson(d, kPage, 0); });
    if (measure) {
      dash_total.Add(Clock::now() - e_start);
    }
    dash_lines = d.lines.size();
    dash_bytes = d_text.size();
    dash_count = d.total;
    if (first_dash_line.empty() && !d.lines.empty()) {
      first_dash_line = json::parse(d_text)["items"][0].dump();
    }
  }

  const std::string backend = config->kind == "sqlite" ? "sqlite" : "postgres";
  std::printf("database: %s\n", db->Describe().c_str());
  std::printf(
      "statement %lld (edition %s, %zu controls): %zu entries, %zu bytes of JSON, progress %d/%d, %zu problems "
      "(%zu with every tenth entry broken); saved up to version %lld\n",
      static_cast<long long>(draft.value()), edition.info.key.c_str(), edition.controls.size(),
      start.statement.entries.size(), statement_bytes, progress.decided, progress.total, problems, broken_problems,
      static_cast<long long>(version));
  std::printf("reviewers' queue: %lld applications; first page %zu lines, %zu bytes of JSON\n",
              static_cast<long long>(queue_depth), queue_lines, queue_bytes);
  std::printf("first queue line: %s\n", first_queue_line.c_str());
  std::printf("provider 0001's dashboard: %lld applications; first page %zu lines, %zu bytes of JSON\n",
              static_cast<long long>(dash_count), dash_lines, dash_bytes);
  std::printf("first dashboard line: %s\n", first_dash_line.c_str());
  std::printf("%d iterations after %d warm-up, times in ms:\n\n", iterations, warmup);
  bench::PrintFigures(backend,
                      {{"save_use_case", "(a) save: EditStatement, 1,159 entries", &save},
                       {"load_use_case", "(b) load: GetStatement (problems, progress)", &load},
                       {"load_json", "(b) load: JSON (StatementViewToJson)", &load_json},
                       {"load_total", "(b) load: total", &load_total},
                       {"rule_check", "(c) rule-check: ListStatementProblems", &check},
                       {"rule_check_broken", "(c) rule-check: ListStatementProblems, 116 findings", &check_broken},
                       {"queue_use_case", "(d) queue p1: Queue (limit 50)", &queue},
                       {"queue_json", "(d) queue p1: JSON", &queue_json},
                       {"queue_total", "(d) queue p1: total", &queue_total},
                       {"dashboard_use_case", "(e) dashboard p1: Dashboard (limit 50)", &dash},
                       {"dashboard_json", "(e) dashboard p1: JSON", &dash_json},
                       {"dashboard_total", "(e) dashboard p1: total", &dash_total}});
  std::printf(
      "result %s sizes statement_entries=%zu statement_json_bytes=%zu queue_depth=%lld dashboard_applications=%lld\n",
      backend.c_str(), start.statement.entries.size(), statement_bytes, static_cast<long long>(queue_depth),
      static_cast<long long>(dash_count));
  return 0;
}
