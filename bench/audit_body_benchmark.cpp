// ismap_audit_body_benchmark: what rendering the evaluator's queue and the public audit body list
// costs on a database seeded by ismap_audit_body_seed (issue 6), timed in-process.
//
//   ismap_audit_body_benchmark --database sqlite:PATH|postgresql://... [--iterations 200] [--warmup 20]
//
// Each iteration renders, one after the other:
//   (a) the evaluator's queue, first page: app::AuditBodyApplicationQueue as the seeded evaluator,
//       limit 50, then the applicants' names (one read transaction, Organizations().Get per distinct
//       applicant, as app::ListAuditBodyQueue in audit_body_views.cpp does), then the JSON a queue
//       page shows (id, applicant id and names, state, state_since, days waiting; nlohmann); and the
//       same for the queue's last page (OFFSET near its end), to show what paging deep costs;
//   (b) the public list: app::ListPublicAuditBodies as the public for today in Japan, then its JSON
//       (the fields and shape of GET /api/v1/audit-bodies, src/http/api/audit_bodies.cpp) and its CSV
//       (tabular::WriteCsv, as ?format=csv).
// After --warmup unmeasured iterations, prints p50, p99, max and mean per step over --iterations,
// the sizes rendered, and "result BACKEND STEP P50 P99 MAX" lines for bench/audit_bodies.sh.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/audit_bodies.hpp"
#include "app/authorization.hpp"
#include "app/committee.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "domain/application.hpp"
#include "domain/date.hpp"
#include "storage/database.hpp"
#include "tabular/csv.hpp"
#include "tabular/table.hpp"

namespace {

using namespace ismap;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kEvaluatorEmail[] = "evaluator@seed.bench.ismap.example";  // ismap_audit_body_seed's
constexpr int kPage = 50;

core::Result<core::StorageConfig> ParseDatabase(std::string_view text) {
  core::StorageConfig config;
  if (text.starts_with("sqlite:")) {
    config.kind = "sqlite";
    config.sqlite_path = std::string(text.substr(7));
  } else if (text.starts_with("postgresql://") || text.starts_with("postgres://") ||
             text.find("host=") != std::string_view::npos || text.find("dbname=") != std::string_view::npos) {
    config.kind = "postgres";
    config.postgres_dsn = std::string(text);
  } else {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "bench.bad_database",
                           "--database must be sqlite:PATH or a postgresql:// URI");
  }
  config.migrate_on_start = false;
  return config;
}

struct Figures {
  std::vector<double> ms;
  void Add(Clock::duration d) { ms.push_back(std::chrono::duration<double, std::milli>(d).count()); }
  double Quantile(double q) const {
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
  }
  double Max() const { return *std::max_element(ms.begin(), ms.end()); }
  double Mean() const {
    double sum = 0;
    for (double v : ms) {
      sum += v;
    }
    return sum / static_cast<double>(ms.size());
  }
};

[[noreturn]] void Die(const std::string& what, const core::Error& error) {
  std::fprintf(stderr, "%s: %s (%s)\n", what.c_str(), error.message.c_str(), error.reason.c_str());
  std::exit(1);
}

template <class T>
T Must(core::Result<T> result, const std::string& what) {
  if (!result) {
    Die(what, result.error());
  }
  return std::move(*result);
}

// --- (a) the evaluator's queue -----------------------------------------------------------------

struct Names {
  std::string ja;
  std::string en;
};

// The applicants' names for a page: one read transaction, each distinct applicant once.
std::map<std::int64_t, Names> ApplicantNames(storage::Database& db, const std::vector<domain::Application>& page) {
  std::map<std::int64_t, Names> names;
  auto uow = Must(db.Begin(storage::TxMode::kRead), "begin");
  for (const auto& a : page) {
    if (names.contains(a.applicant.value())) {
      continue;
    }
    auto org = Must(uow->Organizations().Get(a.applicant), "organisation");
    names.emplace(a.applicant.value(), Names{org.name_ja, org.name_en});
  }
  return names;
}

std::string QueueJson(const std::vector<domain::Application>& page, const std::map<std::int64_t, Names>& names,
                      core::TimePoint now, int offset) {
  json items = json::array();
  for (const auto& a : page) {
    const auto& n = names.at(a.applicant.value());
    items.push_back({{"id", a.id.value()},
                     {"applicant", {{"id", a.applicant.value()}, {"name_ja", n.ja}, {"name_en", n.en}}},
                     {"purpose", domain::ToString(a.purpose)},
                     {"state", domain::ToString(a.state)},
                     {"state_since", core::FormatRfc3339(a.state_since)},
                     {"days_waiting", domain::DaysBetween(domain::JapanDate(a.state_since), domain::JapanDate(now))},
                     {"version", a.version}});
  }
  return json{{"items", items}, {"limit", kPage}, {"offset", offset}}.dump();
}

// --- (b) the public list, as src/http/api/audit_bodies.cpp renders it ----------------------------

json BodyJson(const app::PublicAuditBody& body) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{
      {"registration_id", body.registration_id.value()},
      {"organization_id", body.holder.value()},
      {"name_ja", body.name_ja},
      {"name_en", body.name_en},
      {"registration_number", body.number},
      {"registered_on", domain::FormatDate(body.registered_on)},
      {"valid_until", domain::FormatDate(body.valid_until)},
      {"status", domain::ToString(body.status)},
      {"contact_email", text_or_null(body.contact_email)},
      {"contact_phone", text_or_null(body.contact_phone)},
  };
}

std::string ListJson(const std::vector<app::PublicAuditBody>& bodies, const domain::Date& on) {
  json items = json::array();
  for (const auto& b : bodies) {
    items.push_back(BodyJson(b));
  }
  return json{{"on", domain::FormatDate(on)}, {"items", items}}.dump();
}

std::string ListCsv(const std::vector<app::PublicAuditBody>& bodies) {
  tabular::Table table;
  table.rows.push_back({"registration_number", "name_ja", "name_en", "registered_on", "valid_until", "status",
                        "contact_email", "contact_phone"});
  for (const auto& b : bodies) {
    table.rows.push_back({b.number, b.name_ja, b.name_en, domain::FormatDate(b.registered_on),
                          domain::FormatDate(b.valid_until), std::string(domain::ToString(b.status)), b.contact_email,
                          b.contact_phone});
  }
  return tabular::WriteCsv(table);
}

template <class Fn>
auto Timed(Figures& f, bool measure, Fn&& fn) {
  const auto start = Clock::now();
  auto result = fn();
  if (measure) {
    f.Add(Clock::now() - start);
  }
  return result;
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
  const auto config = ParseDatabase(database);
  if (!config) {
    Die("--database", config.error());
  }
  auto db = Must(storage::OpenDatabase(*config), "cannot open " + database);
  const core::SystemClock clock;

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

  Figures q_use, q_names, q_json, q_total, d_use, d_total, l_use, l_json, l_csv, l_json_total, l_csv_total;
  std::size_t queue_items = 0, queue_bytes = 0, list_items = 0, json_bytes = 0, csv_bytes = 0;
  std::string first_queue_line;
  for (int i = 0; i < warmup + iterations; ++i) {
    const bool measure = i >= warmup;
    const core::TimePoint now = clock.Now();
    const domain::Date today = domain::JapanDate(now);

    // (a) first page, then the last page.
    const auto q_start = Clock::now();
    auto page =
        Timed(q_use, measure, [&] { return Must(app::AuditBodyApplicationQueue(*db, evaluator, kPage, 0), "queue"); });
    auto names = Timed(q_names, measure, [&] { return ApplicantNames(*db, page); });
    auto text = Timed(q_json, measure, [&] { return QueueJson(page, names, now, 0); });
    if (measure) {
      q_total.Add(Clock::now() - q_start);
    }
    queue_items = page.size();
    queue_bytes = text.size();
    if (first_queue_line.empty() && !page.empty()) {
      first_queue_line = json::parse(text)["items"][0].dump();
    }

    const auto d_start = Clock::now();
    auto deep = Timed(d_use, measure, [&] {
      return Must(app::AuditBodyApplicationQueue(*db, evaluator, kPage, last_offset), "queue, last page");
    });
    auto deep_text = QueueJson(deep, ApplicantNames(*db, deep), now, last_offset);
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
      "evaluator's queue: %zu applications waiting (submitted + under_evaluation); first page %zu items, "
      "%zu bytes of JSON; last page at offset %d\n",
      depth, queue_items, queue_bytes, last_offset);
  std::printf("first queue item: %s\n", first_queue_line.c_str());
  std::printf("public list: %zu lines; JSON %zu bytes, CSV %zu bytes\n", list_items, json_bytes, csv_bytes);
  std::printf("%d iterations after %d warm-up, times in ms:\n\n", iterations, warmup);
  std::printf("%-52s %9s %9s %9s %9s\n", "step", "p50", "p99", "max", "mean");
  const std::vector<std::pair<std::string, const Figures*>> rows = {{"queue_use_case", &q_use},
                                                                    {"queue_names", &q_names},
                                                                    {"queue_json", &q_json},
                                                                    {"queue_total", &q_total},
                                                                    {"queue_last_page_use_case", &d_use},
                                                                    {"queue_last_page_total", &d_total},
                                                                    {"list_use_case", &l_use},
                                                                    {"list_json", &l_json},
                                                                    {"list_csv", &l_csv},
                                                                    {"list_json_total", &l_json_total},
                                                                    {"list_csv_total", &l_csv_total}};
  const std::map<std::string, std::string> labels = {
      {"queue_use_case", "(a) queue p1: AuditBodyApplicationQueue (limit 50)"},
      {"queue_names", "(a) queue p1: applicant names (<=50 Get)"},
      {"queue_json", "(a) queue p1: JSON"},
      {"queue_total", "(a) queue p1: total"},
      {"queue_last_page_use_case", "(a) queue last page: use case"},
      {"queue_last_page_total", "(a) queue last page: total"},
      {"list_use_case", "(b) list: ListPublicAuditBodies"},
      {"list_json", "(b) list: JSON"},
      {"list_csv", "(b) list: CSV (WriteCsv)"},
      {"list_json_total", "(b) list: total, JSON"},
      {"list_csv_total", "(b) list: total, CSV"}};
  for (const auto& [key, f] : rows) {
    std::printf("%-52s %9.3f %9.3f %9.3f %9.3f\n", labels.at(key).c_str(), f->Quantile(0.5), f->Quantile(0.99),
                f->Max(), f->Mean());
  }
  std::printf("\n");
  for (const auto& [key, f] : rows) {
    std::printf("result %s %s %.3f %.3f %.3f\n", backend.c_str(), key.c_str(), f->Quantile(0.5), f->Quantile(0.99),
                f->Max());
  }
  std::printf("result %s sizes queue_depth=%zu list_lines=%zu json_bytes=%zu csv_bytes=%zu\n", backend.c_str(), depth,
              list_items, json_bytes, csv_bytes);
  return 0;
}
