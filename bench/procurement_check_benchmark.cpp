// ismap_procurement_check_benchmark: an agency's procurement check (issue 9) of a profile requiring
// --controls controls (default 1,200) against --services registered services (default 10,000),
// each with a full statement (an entry for every item of the edition), timed in-process through
// app::Procurement as POST /api/v1/procurement-checks calls it.
//
//   ismap_procurement_check_benchmark --database sqlite:PATH|postgresql://... [--services 10000]
//                                     [--controls 1200] [--iterations 100] [--warmup 10]
//
// The database must be empty: the program migrates it and writes, through the storage repositories,
// a synthetic ISMAP-shaped edition (governance, management, objectives and detailed controls, the
// ISMAP rules applied from the ids), one agency with a member, 250 providers and the services: each
// registered (on a day of the last 450, valid for 480 days, so every one is on today's list), in one
// to four of four regions, IaaS, PaaS or SaaS, one in five ISMAP-LIU, with a submitted statement:
// three in ten adopt every item, the others every mandatory item, 97% of the unless-excluded and 90%
// of the selectable ones; and the adoption bitmap SubmitStatement writes beside it; one in five
// provider granted the agency its annex for the year. The profile is
// the ISMAP baseline plus selectable items of the same edition up to --controls, on two regions and
// a contract end half a year ahead.
//
// Timed, as `ismap serve` runs it (today's list kept in memory under the public version):
//   evaluate   the check without saving it (the read transaction, every service judged)
//   run_save   the same and the saved record (JSON of every service and gap, one insert, a ledger
//              event): what the API's POST does
//   record_text  the record's JSON text alone (app::CheckJsonText), part of run_save
//   first      the first check after start (nothing kept: every line and bitmap read), a few times
// Prints p50, p99, max and mean and "result BACKEND STEP P50 P99 MAX" lines for
// bench/procurement_check.sh. Target: p99 under 100 ms on SQLite and PostgreSQL.
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/cloud_services.hpp"
#include "app/procurement.hpp"
#include "app/procurement_json.hpp"
#include "app/public_version.hpp"
#include "app/system.hpp"
#include "bench_database.hpp"
#include "bench_timing.hpp"
#include "core/clock.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"
#include "domain/procurement.hpp"
#include "storage/database.hpp"

namespace {

using namespace ismap;
using bench::Figures;
using bench::Must;
using bench::Timed;

constexpr char kEditionKey[] = "ismap-bench-procurement";
constexpr std::string_view kRegions[] = {"東京", "大阪", "北海道", "九州"};
constexpr int kProviders = 250;

domain::Control Item(const std::string& id, std::optional<std::string> parent, bool group) {
  domain::Control c;
  c.id = id;
  c.parent_id = std::move(parent);
  c.title_ja = (group ? "区分 " : "管理策 ") + id;
  c.title_en = (group ? "Group " : "Control ") + id;
  c.is_group = group;
  if (!group) {
    c.text_ja = "組織は、" + id + "に定める事項を実施すること。";
    c.text_en = "The organisation shall do what " + id + " requires.";
  }
  return c;
}

// Chapter 3 and 4 items, then chapters 5-18 of four categories of three objectives with six
// detailed controls each: 24 + 32 + 168 + 1,008 = 1,232 items; every seventh detailed control
// marked mandatory, as the real edition marks the important ones.
domain::EditionContent SyntheticEdition() {
  domain::EditionContent edition;
  edition.info.key = kEditionKey;
  edition.info.scheme = "ismap";
  edition.info.version = "bench-procurement";
  edition.info.source = "ismap_procurement_check_benchmark (synthetic)";
  edition.info.format = domain::SourceFormat::kSkeleton;
  edition.info.title_ja = "ISMAP管理基準 合成版（調達チェックのベンチマーク用）";
  edition.info.title_en = "ISMAP criteria, synthetic (procurement check benchmark)";
  auto& controls = edition.controls;
  for (const auto& [chapter, categories] : {std::pair{3, 3}, std::pair{4, 4}}) {
    controls.push_back(Item(std::to_string(chapter), std::nullopt, true));
    for (int g = 1; g <= categories; ++g) {
      const std::string category = std::to_string(chapter) + "." + std::to_string(g);
      controls.push_back(Item(category, std::to_string(chapter), true));
      for (int i = 1; i <= 8; ++i) {
        controls.push_back(Item(category + "." + std::to_string(i), category, false));
      }
    }
  }
  int detailed = 0;
  for (int chapter = 5; chapter <= 18; ++chapter) {
    const std::string c = std::to_string(chapter);
    controls.push_back(Item(c, std::nullopt, true));
    for (int g = 1; g <= 4; ++g) {
      const std::string category = c + "." + std::to_string(g);
      controls.push_back(Item(category, c, true));
      for (int o = 1; o <= 3; ++o) {
        const std::string objective = category + "." + std::to_string(o);
        controls.push_back(Item(objective, category, false));
        for (int d = 1; d <= 6; ++d, ++detailed) {
          auto control = Item(objective + "." + std::to_string(d), objective, false);
          if (detailed % 7 == 0) {
            control.rule = domain::MandatoryRule::kMandatory;
          }
          controls.push_back(std::move(control));
        }
      }
    }
  }
  domain::ApplyIsmapRules(&edition);
  Must(domain::ValidateEdition(edition), "the synthetic edition");
  return edition;
}

struct Seeded {
  app::Principal member;
  domain::ProfileId profile;
  int requirements = 0;
  int items = 0;
};

Seeded Seed(storage::Database& db, const core::Clock& clock, int services, int controls) {
  std::mt19937 rng(11);
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const core::TimePoint now = clock.Now();
  const domain::Date today = domain::JapanDate(now);
  const domain::EditionContent content = SyntheticEdition();
  const auto items = domain::ItemsOf(content);
  Seeded out;
  out.items = static_cast<int>(items.ids.size());

  auto uow = Must(db.Begin(storage::TxMode::kWrite), "begin");
  const auto edition = Must(uow->Catalog().InsertEdition(content, now), "edition");
  const auto agency =
      Must(uow->Organizations().Insert(
               {domain::OrganizationKind::kAgency, "ベンチマーク省", "Benchmark Ministry", std::nullopt}, now),
           "agency");
  const auto user = Must(
      uow->Users().Insert({agency.id, "member@agency.bench.ismap.example", "調達 担当", {domain::Role::kAgencyMember}},
                          "not a hash: nobody logs in", now),
      "member");
  out.member = app::Principal::ForUser(user, domain::OrganizationKind::kAgency);
  std::vector<domain::OrganizationId> providers;
  for (int p = 0; p < kProviders; ++p) {
    const std::string n = std::to_string(p + 1);
    providers.push_back(Must(uow->Organizations().Insert({domain::OrganizationKind::kCsp, "事業者" + n + "株式会社",
                                                          "Provider " + n + " K.K.", std::nullopt},
                                                         now),
                             "provider")
                            .id);
  }
  Must(uow->Commit(), "commit");
  uow.reset();  // a unit of work holds its connection until it is gone

  for (int i = 0; i < services; ++i) {
    if (i % 500 == 0) {
      uow = Must(db.Begin(storage::TxMode::kWrite), "begin");
    }
    domain::CloudService service;
    service.provider = providers[static_cast<std::size_t>(i) % providers.size()];
    service.name_ja = "調達ベンチサービス" + std::to_string(i + 1);
    service.name_en = "Procurement bench service " + std::to_string(i + 1);
    service.description = "ベンチマーク用の架空のサービス";
    service.model =
        std::array{domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas}[rng() % 3];
    service.track = rng() % 5 == 0 ? domain::Track::kLiu : domain::Track::kIsmap;
    for (const auto region : kRegions) {
      if (service.regions.empty() || chance(0.3)) {
        service.regions.emplace_back(region);
      }
    }
    auto stored = Must(uow->Services().Insert(service, now), "service");
    domain::Statement statement;
    statement.service = stored.id;
    statement.provider = service.provider;
    statement.edition = edition.id;
    statement.state = domain::StatementState::kSubmitted;
    statement.scope = service.name_ja + " の本番環境";
    statement.system_overview = "仮想化基盤上で提供する。";
    statement.representative = "代表取締役";
    statement.period = {domain::AddDays(today, -400), domain::AddDays(today, -60)};
    statement.entries.reserve(items.ids.size());
    const bool adopts_everything = chance(0.3);
    for (const auto& control : content.controls) {
      if (control.is_group) {
        continue;
      }
      const bool adopted = adopts_everything || control.rule == domain::MandatoryRule::kMandatory ||
                           (control.rule == domain::MandatoryRule::kUnlessExcluded ? chance(0.97) : chance(0.9));
      statement.entries.push_back(
          {control.id, adopted, adopted ? "" : "当該機能を提供しないため", adopted ? "規程に従い実施" : ""});
    }
    statement.updated_at = now;
    statement.submitted_at = now;
    auto written = Must(uow->Statements().Insert(statement), "statement");
    Must(uow->Procurement().PutAdoption(
             {written.id, edition.id, domain::AdoptionHex(domain::AdoptionOf(items, statement.entries))}),
         "adoption");
    domain::Registration r;
    r.register_kind = domain::ApplicationKind::kCloudService;
    r.holder = service.provider;
    r.registered_on = domain::AddDays(today, -static_cast<int>(rng() % 450));
    r.valid_until = domain::AddDays(r.registered_on, 480);
    r.number = "C" + std::to_string(100000 + i).substr(1);
    auto registration = Must(uow->Registrations().Insert(r, now), "registration");
    domain::CloudService registered = stored;
    registered.registration_id = registration.id;
    registered.registered_statement = written.id;
    registered.version = stored.version + 1;
    Must(uow->Services().Update(registered, stored.version), "register the service");
    if (chance(0.2)) {  // the provider granted the agency its annex: detailed controls can be seen
      Must(uow->DisclosureGrants().Insert({{},
                                           stored.id,
                                           service.provider,
                                           agency.id,
                                           domain::AddDays(today, -30),
                                           domain::AddDays(today, 335),
                                           std::nullopt,
                                           now}),
           "grant");
    }
    if (i % 500 == 499 || i + 1 == services) {
      Must(uow->Commit(), "commit");
      uow.reset();
    }
  }

  // The ISMAP baseline, then selectable items of the edition up to `controls`.
  const auto baseline = domain::BaselineRequirements(content, domain::Track::kIsmap);
  app::ProfileInput input;
  input.name = "ベンチマーク調達（" + std::to_string(controls) + " 管理策）";
  input.edition_key = kEditionKey;
  input.baseline = domain::Track::kIsmap;
  std::set<std::string> required(baseline.begin(), baseline.end());
  for (const auto& id : items.ids) {
    if (static_cast<int>(required.size() + input.added.size()) >= controls) {
      break;
    }
    if (required.count(id) == 0) {
      input.added.push_back({kEditionKey, id});
    }
  }
  input.conditions.regions = {"東京", "大阪"};
  input.conditions.valid_through = domain::AddDays(today, 180);
  app::CloudServices cloud(db, clock, app::CloudServiceSettings{});
  app::Procurement procurement(db, clock, cloud);
  const auto profile = Must(procurement.CreateProfile(out.member, input), "profile");
  out.profile = profile.id;
  out.requirements = static_cast<int>(baseline.size() + input.added.size());
  return out;
}

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_procurement_check_benchmark --database sqlite:PATH|postgresql://... [--services N] "
               "[--controls N] [--iterations N] [--warmup N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int services = 10000, controls = 1200, iterations = 100, warmup = 10;
  if (!bench::ReadFlags(argc, argv, database,
                        {{"--services", &services, 1},
                         {"--controls", &controls, 1},
                         {"--iterations", &iterations, 1},
                         {"--warmup", &warmup, 0}})) {
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
  const Seeded seeded = Seed(*db, clock, services, controls);
  const double seed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - seed_start).count();

  // The first check after start: a fresh cloud service register and procurement (nothing kept).
  Figures first;
  for (int i = 0; i < 3; ++i) {
    app::PublicVersion version(*db, clock, std::chrono::milliseconds(1000));
    app::CloudServices cloud(*db, clock, app::CloudServiceSettings{});
    cloud.KeepPublicLinesWhile(&version);
    app::Procurement procurement(*db, clock, cloud);
    Timed(first, true, [&] { return Must(procurement.Evaluate(seeded.member, seeded.profile), "first").meets; });
  }

  app::PublicVersion version(*db, clock, std::chrono::milliseconds(1000));
  app::CloudServices cloud(*db, clock, app::CloudServiceSettings{});
  cloud.KeepPublicLinesWhile(&version);
  app::Procurement procurement(*db, clock, cloud);
  Figures evaluate, run_save;
  domain::ProcurementCheck last;
  for (int i = 0; i < warmup + iterations; ++i) {
    last = Timed(evaluate, i >= warmup,
                 [&] { return Must(procurement.Evaluate(seeded.member, seeded.profile), "evaluate"); });
  }
  for (int i = 0; i < warmup + iterations; ++i) {
    Timed(run_save, i >= warmup, [&] {
      std::string answer;  // as the API's POST asks for the record's text to answer with
      return Must(procurement.RunCheck(seeded.member, seeded.profile, &answer), "run").id;
    });
  }
  Figures text;
  for (int i = 0; i < warmup + iterations; ++i) {
    Timed(text, i >= warmup, [&] { return app::CheckJsonText(last).size(); });
  }
  std::size_t gaps = 0;
  for (const auto& service : last.services) {
    gaps += service.gaps.size();
  }

  const std::string backend = config->kind == "sqlite" ? "sqlite" : "postgres";
  std::printf("database: %s\n", db->Describe().c_str());
  std::printf("%d registered services with %d-entry statements seeded in %.1f s\n", services, seeded.items,
              seed_seconds);
  std::printf(
      "profile: %d required controls; the check: %zu services on the list, %d meet, %d unconfirmed, "
      "%d miss, %zu gaps, a saved record of %zu bytes of JSON\n",
      last.requirement_count, last.services.size(), last.meets, last.unconfirmed, last.misses, gaps,
      app::CheckJsonText(last).size());
  std::printf("%d iterations after %d warm-up, times in ms:\n\n", iterations, warmup);
  bench::PrintFigures(backend, {{"evaluate", "the check (not saved)", &evaluate},
                                {"run_save", "the check saved as a record (the API's POST)", &run_save},
                                {"record_text", "of which the record's JSON text", &text},
                                {"first", "the first check after start (3 runs, nothing kept)", &first}});
  return 0;
}
