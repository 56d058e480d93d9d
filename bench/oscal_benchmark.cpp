// ismap_oscal_benchmark: the OSCAL engine on the NIST SP 800-53 rev5.0.1 catalog, timed in-process
// after start-up (files read, schema compiled and warm-up runs done before any timing):
//
//   parse               JsonDocument::Parse of the catalog text already in memory
//   validate            the parsed catalog against the OSCAL 1.1.3 complete schema (compiled once)
//   resolve_nist_high   ResolveProfile of NIST's HIGH baseline, catalog already parsed
//   resolve_nist_high_from_text     the same, the loader parsing the catalog text each run
//   resolve_fedramp_high            ResolveProfile of FedRAMP's HIGH baseline, catalog already parsed
//   resolve_fedramp_high_from_text  the same, the loader parsing the catalog text each run
//
//   ismap_oscal_benchmark [--data DIR] [--runs N] [--catalog F] [--nist-high F] [--fedramp-high F]
//
// DIR is ../shared/data (the default file names are below). Prints one line per figure:
//   result NAME BEST_MS MEDIAN_MS RUNS
// Exit code 0, or 2 when an input is missing or does not parse/resolve/validate as expected.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "oscal/json_document.hpp"
#include "oscal/oscal_validator.hpp"
#include "oscal/profile_resolver.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using ismap::oscal::JsonDocument;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "ismap_oscal_benchmark: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "ismap_oscal_benchmark: " << message << "\n";
  std::exit(2);
}

// Runs `work` twice unmeasured, then `runs` times measured; prints best and median in milliseconds.
void Measure(const std::string& name, int runs, const std::function<void()>& work) {
  work();
  work();
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    work();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  const double median = ms.size() % 2 == 1 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::printf("result %s %.3f %.3f %d\n", name.c_str(), ms.front(), median, runs);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = "../shared/data";
  std::string catalog_path, nist_high_path, fedramp_high_path;
  int runs = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      Fail("missing value after " + arg);
    }
    const std::string value = argv[++i];
    if (arg == "--data") {
      data = value;
    } else if (arg == "--runs") {
      runs = std::max(1, std::atoi(value.c_str()));
    } else if (arg == "--catalog") {
      catalog_path = value;
    } else if (arg == "--nist-high") {
      nist_high_path = value;
    } else if (arg == "--fedramp-high") {
      fedramp_high_path = value;
    } else {
      Fail("unknown argument " + arg);
    }
  }
  const std::string nist = data + "/oscal/nist-sp800-53-rev5/";
  if (catalog_path.empty()) {
    catalog_path = nist + "NIST_SP-800-53_rev5.0.1_catalog.json";
  }
  if (nist_high_path.empty()) {
    nist_high_path = nist + "NIST_SP-800-53_rev5_HIGH-baseline_profile.json";
  }
  if (fedramp_high_path.empty()) {
    fedramp_high_path = data + "/oscal/fedramp-rev5/FedRAMP_rev5_HIGH-baseline_profile.json";
  }

  // Start-up: read everything, parse the profiles, compile the schema.
  const std::string catalog_text = ReadFile(catalog_path);
  auto nist_high = JsonDocument::Parse(ReadFile(nist_high_path));
  auto fedramp_high = JsonDocument::Parse(ReadFile(fedramp_high_path));
  auto catalog = JsonDocument::Parse(catalog_text);
  if (!nist_high || !fedramp_high || !catalog) {
    Fail("an input does not parse");
  }
  auto schema = ismap::oscal::OscalSchema(ismap::oscal::OscalVersion::k1_1_3);
  if (!schema) {
    Fail(schema.error().message);
  }
  std::printf("input catalog %s (%zu bytes)\n", catalog_path.c_str(), catalog_text.size());

  Measure("parse", runs, [&] {
    auto doc = JsonDocument::Parse(catalog_text);
    if (!doc) {
      Fail(doc.error().message);
    }
  });
  Measure("validate", runs, [&] {
    if (!(*schema)->Validate(catalog->root()).empty()) {
      Fail("the catalog does not validate");
    }
  });

  // Every catalog import of these profiles names NIST_SP-800-53_rev5_catalog.json: the loader maps
  // it to the catalog text in memory (so the "_from_text" figures include parsing it).
  auto from_text = [&](const ismap::oscal::ImportRequest& request) -> ismap::core::Result<JsonDocument> {
    if (request.uri.size() >= 32 && request.uri.ends_with("NIST_SP-800-53_rev5_catalog.json")) {
      return JsonDocument::Parse(catalog_text);
    }
    return ismap::core::Unexpected(ismap::core::ErrorCode::kNotFound, "bench.not_found", request.uri);
  };
  auto expect_controls = [](const ismap::oscal::ResolutionResult& r, std::size_t n) {
    std::size_t count = 0;
    std::function<void(const rapidjson::Value&)> walk = [&](const rapidjson::Value& v) {
      for (const char* key : {"controls", "groups"}) {
        if (v.HasMember(key)) {
          for (const auto& item : v[key].GetArray()) {
            count += std::string(key) == "controls" ? 1 : 0;
            walk(item);
          }
        }
      }
    };
    walk(r.catalog.root()["catalog"]);
    if (count != n || ismap::oscal::HasErrors(r.issues)) {
      Fail("resolution gave " + std::to_string(count) + " controls, expected " + std::to_string(n));
    }
  };
  ismap::oscal::ResolveOptions preparsed;
  // NIST's back-matter resource lists XML, JSON and YAML rlinks (the XML one fails in the loader);
  // FedRAMP imports the file name.
  for (const char* href : {"../../../../nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json",
                           "NIST_SP-800-53_rev5_catalog.json"}) {
    preparsed.documents[href] = &catalog->root();
  }
  struct Case {
    const char* name;
    const JsonDocument* profile;
    std::size_t controls;
  };
  for (const Case& c :
       {Case{"resolve_nist_high", &*nist_high, 370}, Case{"resolve_fedramp_high", &*fedramp_high, 410}}) {
    Measure(c.name, runs, [&] {
      auto r = ismap::oscal::ResolveProfile(c.profile->root(), from_text, preparsed);
      if (!r) {
        Fail(r.error().message);
      }
      expect_controls(*r, c.controls);
    });
    Measure(std::string(c.name) + "_from_text", runs, [&] {
      auto r = ismap::oscal::ResolveProfile(c.profile->root(), from_text);
      if (!r) {
        Fail(r.error().message);
      }
      expect_controls(*r, c.controls);
    });
  }
  return 0;
}
