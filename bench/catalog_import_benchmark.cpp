// ismap_catalog_import_benchmark: the full import of an OSCAL catalog into a fresh database, as
// `ismap catalog import` does it (read, parse, validate against the OSCAL 1.1.3 schema, convert to
// the criteria model, store the edition with its 1,189 controls and the ledger event, commit), timed
// in-process, plus each phase on its own.
//
//   ismap_catalog_import_benchmark CATALOG.json [RUNS] [POSTGRES_DSN]
//
// Each run uses a new SQLite database in a temporary directory (synchronous=FULL, as in
// production), or, with a DSN, a new key in the given PostgreSQL database. Prints best and median,
// and a "result sqlite_import BEST MEDIAN RUNS" line for bench/oscal_vs_python.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "app/criteria_files.hpp"
#include "app/system.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/crypto.hpp"
#include "oscal/catalog_convert.hpp"
#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"
#include "storage/database.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Figures {
  std::vector<double> ms;
  void Add(Clock::duration d) { ms.push_back(std::chrono::duration<double, std::milli>(d).count()); }
  double Best() const { return *std::min_element(ms.begin(), ms.end()); }
  double Median() const {
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
  }
};

template <class Fn>
Clock::duration Time(Fn&& fn) {
  const auto start = Clock::now();
  fn();
  return Clock::now() - start;
}

void Print(const char* what, const Figures& f) {
  std::printf("%-46s best %8.1f ms   median %8.1f ms   (%zu runs)\n", what, f.Best(), f.Median(), f.ms.size());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ismap;
  if (argc < 2) {
    std::fprintf(stderr, "usage: ismap_catalog_import_benchmark CATALOG.json [RUNS] [POSTGRES_DSN]\n");
    return 2;
  }
  const std::string path = argv[1];
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  const std::string dsn = argc > 3 ? argv[3] : "";
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (text.empty()) {
    std::fprintf(stderr, "%s: cannot be read\n", path.c_str());
    return 2;
  }
  // Compile the schema once, as a running server has.
  if (!oscal::OscalSchema(oscal::OscalVersion::k1_1_3)) {
    return 1;
  }
  const core::SystemClock clock;
  Figures parse, validate, convert, total;
  for (int i = 0; i < runs; ++i) {
    std::optional<oscal::JsonDocument> doc;
    parse.Add(Time([&] { doc.emplace(std::move(*oscal::JsonDocument::Parse(text))); }));
    validate.Add(Time([&] { (void)oscal::ValidateOscalText(text); }));
    oscal::CatalogImportOptions options;
    options.key = "bench";
    options.scheme = "nist-sp800-53";
    convert.Add(Time([&] { (void)oscal::EditionFromCatalog(doc->root(), options); }));
  }
  const fs::path dir = fs::temp_directory_path() / ("ismap-import-bench-" + core::RandomHex(6));
  fs::create_directories(dir);
  std::int64_t controls = 0;
  for (int i = 0; i < runs; ++i) {
    core::StorageConfig config;
    if (dsn.empty()) {
      config.kind = "sqlite";
      config.sqlite_path = (dir / ("run" + std::to_string(i) + ".db")).string();
    } else {
      config.kind = "postgres";
      config.postgres_dsn = dsn;
    }
    auto db = storage::OpenDatabase(config);
    if (!db || !app::InitializeSystem(**db, clock)) {
      std::fprintf(stderr, "cannot open the database\n");
      return 1;
    }
    app::FileImportOptions options;
    options.info.key = "bench-" + core::RandomHex(4);
    options.info.scheme = "nist-sp800-53";
    core::Result<app::FileImportResult> result = core::Unexpected(core::ErrorCode::kInternal, "", "");
    total.Add(Time([&] { result = app::ImportCriteriaFile(**db, clock, app::Principal::Operator(), path, options); }));
    if (!result) {
      std::fprintf(stderr, "import failed: %s\n", result.error().message.c_str());
      return 1;
    }
    controls = result->edition->edition.control_count;
  }
  fs::remove_all(dir);
  std::printf("catalog: %s (%zu bytes, %lld controls)\n", path.c_str(), text.size(), static_cast<long long>(controls));
  Print("parse (RapidJSON)", parse);
  Print("parse + validate (OSCAL 1.1.3 schema)", validate);
  Print("convert to the criteria model", convert);
  Print(dsn.empty() ? "full import into SQLite (file to commit)" : "full import into PostgreSQL (file to commit)",
        total);
  std::printf("result sqlite_import %.2f %.2f %d\n", total.Best(), total.Median(), runs);
  return 0;
}
