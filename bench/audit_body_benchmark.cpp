// ismap_audit_body_benchmark: what rendering the evaluator's queue and the public audit body list
// costs on a database seeded by ismap_audit_body_seed (issue 6), timed in-process.
//
//   ismap_audit_body_benchmark --database sqlite:PATH|postgresql://... [--iterations 200] [--warmup 20]
//
// Each iteration renders, one after the other:
//   (a) the evaluator's queue: app::ListAuditBodyQueue (src/app/audit_body_views.hpp: the queue,
//       the applicants' names and the days waiting) as the seeded evaluator, then the JSON of
//       GET /api/v1/audit-bodies/queue (http::api::QueueEntryToJson's fields and shape, nlohmann):
//       the API's first page (limit 50, its default), the 500 lines the page GET /audit-bodies/queue
//       asks for (use case only: the HTML is timed over HTTP by audit_bodies.sh), and the API's last
//       page (OFFSET near the queue's end), to show what paging deep costs;
//   (b) the public list: app::ListPublicAuditBodies as the public for today in Japan, then its JSON
//       (the fields and shape of GET /api/v1/audit-bodies, src/http/api/audit_bodies.cpp) and its CSV
//       (tabular::WriteCsv, as ?format=csv).
// After --warmup unmeasured iterations, prints p50, p99, max and mean per step over --iterations,
// the sizes rendered, and "result BACKEND STEP P50 P99 MAX" lines for bench/audit_bodies.sh.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/audit_bodies.hpp"
#include "app/audit_body_views.hpp"
#include "app/authorization.hpp"
#include "app/committee.hpp"
#include "bench_database.hpp"
#include "bench_timing.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "domain/application.hpp"
#include "domain/date.hpp"
#include "http/api/audit_body_json.hpp"
#include "storage/database.hpp"
#include "tabular/csv.hpp"
#include "tabular/table.hpp"

namespace {

using namespace ismap;
using bench::Figures;
using bench::Must;
using bench::Timed;
using nlohmann::json;
using Clock = bench::SteadyClock;

constexpr char kEvaluatorEmail[] = "evaluator@seed.bench.ismap.example";  // ismap_audit_body_seed's
constexpr int kPage = 50;        // GET /api/v1/audit-bodies/queue's default limit
constexpr int kQueuePage = 500;  // the lines GET /audit-bodies/queue shows

// --- (a) the evaluator's queue -----------------------------------------------------------------

// The bodies the API sends (src/http/api/audit_body_json.hpp), so the figures are of the real thing.
std::string QueueJson(const std::vector<app::QueueEntry>& page, int limit, int offset) {
  json items = json::array();
  for (const auto& entry : page) {
    items.push_back(http::api::QueueEntryToJson(entry));
  }
  return json{{"items", items}, {"limit", limit}, {"offset", offset}}.dump();
}

std::string ListJson(const std::vector<app::PublicAuditBody>& bodies, const domain::Date& on) {
  json items = json::array();
  for (const auto& b : bodies) {
    items.push_back(http::api::PublicAuditBodyToJson(b));
  }
  return json{{"on", domain::FormatDate(on)}, {"items", items}}.dump();
}

std::string ListCsv(const std::vector<app::PublicAuditBody>& bodies) {
  return tabular::WriteCsv(http::api::PublicAuditBodiesTable(bodies));
}

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_audit_body_benchmark --database sqlite:PATH|postgresql://... [--iterations N] "
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
  // The server's settings with the default configuration (overdue_days decides `overdue`).
  const core::Config defaults;
  const app::AuditBodySettings settings =
      Must(app::AuditBodySettingsFrom(defaults.audit_body, defaults.cloud_service, defaults.workflow),
           "audit body settings");

  // The seeded evaluator, as a signed-in principal.
  app::Principal evaluator;
  {
    auto uow = Must(db->Begin(storage::TxMode::kRead), "begin");
    auto credentials = Must(uow->Users().FindCredentialsByEmail(kEvaluatorEmail), "evaluator");
    if (!credentials) {
      std::fprintf(stderr, "no user %s: seed the database with ismap_audit_body_seed first\n", kEvaluatorEmail);
      return 1;
    }
    auto org = Must(uow->Organizations().Get(credentials->user.organization_id), "evaluator's organisation");
    evaluator = app::Principal::ForUser(credentials->user, org.kind);
  }
  const app::Principal public_caller = app::Principal::Public();

  // The queue's depth, for the deep page (not timed).
  std::size_t depth = 0;
  {
    auto uow = Must(db->Begin(storage::TxMode::kRead), "begin");
    depth = Must(uow->Applications().ListByStates(
                     domain::ApplicationKind::kAuditBody,
                     {domain::ApplicationState::kSubmitted, domain::ApplicationState::kUnderEvaluation}, 1000000, 0),
                 "queue depth")
                .size();
  }
  const int last_offset = static_cast<int>(depth > kPage ? depth - kPage : 0);

  Figures q_use, q_json, q_total, p_use, d_use, d_total, l_use, l_json, l_csv, l_json_total, l_csv_total;
  std::size_t queue_items = 0, queue_bytes = 0, page_items = 0, list_items = 0, json_bytes = 0, csv_bytes = 0;
  std::string first_queue_line;
  for (int i = 0; i < warmup + iterations; ++i) {
    const bool measure = i >= warmup;
    const domain::Date today = domain::JapanDate(clock.Now());

    // (a) the API's first page, the page's 500 lines, then the API's last page.
    const auto q_start = Clock::now();
    auto page = Timed(q_use, measure, [&] {
      return Must(app::ListAuditBodyQueue(*db, clock, settings, evaluator, kPage, 0), "queue");
    });
    auto text = Timed(q_json, measure, [&] { return QueueJson(page, kPage, 0); });
    if (measure) {
      q_total.Add(Clock::now() - q_start);
    }
    queue_items = page.size();
    queue_bytes = text.size();
    if (first_queue_line.empty() && !page.empty()) {
      first_queue_line = json::parse(text)["items"][0].dump();
    }

    auto lines = Timed(p_use, measure, [&] {
      return Must(app::ListAuditBodyQueue(*db, clock, settings, evaluator, kQueuePage, 0), "queue, 500 lines");
    });
    page_items = lines.size();

    const auto d_start = Clock::now();
    auto deep = Timed(d_use, measure, [&] {
      return Must(app::ListAuditBodyQueue(*db, clock, settings, evaluator, kPage, last_offset), "queue, last page");
    });
    auto deep_text = QueueJson(deep, kPage, last_offset);
    if (measure) {
      d_total.Add(Clock::now() - d_start);
    }

    // (b) the public list, as JSON and as CSV (each a request of its own, as over HTTP).
    const auto lj_start = Clock::now();
    auto bodies = Timed(l_use, measure,
                        [&] { return Must(app::ListPublicAuditBodies(*db, public_caller, today), "public list"); });
    auto list_json = Timed(l_json, measure, [&] { return ListJson(bodies, today); });
    if (measure) {
      l_json_total.Add(Clock::now() - lj_start);
    }
    const auto lc_start = Clock::now();
    auto bodies_again = Must(app::ListPublicAuditBodies(*db, public_caller, today), "public list");
    auto list_csv = Timed(l_csv, measure, [&] { return ListCsv(bodies_again); });
    if (measure) {
      l_csv_total.Add(Clock::now() - lc_start);
    }
    list_items = bodies.size();
    json_bytes = list_json.size();
    csv_bytes = list_csv.size();
  }

  const std::string backend = config->kind == "sqlite" ? "sqlite" : "postgres";
  std::printf("database: %s\n", db->Describe().c_str());
  std::printf(
      "evaluator's queue: %zu applications waiting (submitted + under_evaluation); API first page %zu items, "
      "%zu bytes of JSON; page %zu lines; last page at offset %d\n",
      depth, queue_items, queue_bytes, page_items, last_offset);
  std::printf("first queue item: %s\n", first_queue_line.c_str());
  std::printf("public list: %zu lines; JSON %zu bytes, CSV %zu bytes\n", list_items, json_bytes, csv_bytes);
  std::printf("%d iterations after %d warm-up, times in ms:\n\n", iterations, warmup);
  bench::PrintFigures(backend, {{"queue_use_case", "(a) queue API p1: ListAuditBodyQueue (limit 50)", &q_use},
                                {"queue_json", "(a) queue API p1: JSON", &q_json},
                                {"queue_total", "(a) queue API p1: total", &q_total},
                                {"queue_page500_use_case", "(a) queue page: ListAuditBodyQueue (limit 500)", &p_use},
                                {"queue_last_page_use_case", "(a) queue API last page: ListAuditBodyQueue", &d_use},
                                {"queue_last_page_total", "(a) queue API last page: total", &d_total},
                                {"list_use_case", "(b) list: ListPublicAuditBodies", &l_use},
                                {"list_json", "(b) list: JSON", &l_json},
                                {"list_csv", "(b) list: CSV (WriteCsv)", &l_csv},
                                {"list_json_total", "(b) list: total, JSON", &l_json_total},
                                {"list_csv_total", "(b) list: total, CSV", &l_csv_total}});
  std::printf("result %s sizes queue_depth=%zu list_lines=%zu json_bytes=%zu csv_bytes=%zu\n", backend.c_str(), depth,
              list_items, json_bytes, csv_bytes);
  return 0;
}
