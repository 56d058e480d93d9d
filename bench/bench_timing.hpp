// Timing helpers of the in-process benchmarks (ismap_audit_body_benchmark,
// ismap_cloud_service_benchmark): samples in milliseconds with nearest-rank quantiles, a step timed
// only once past the warm-up, a table of p50/p99/max/mean and the "result BACKEND STEP P50 P99 MAX"
// lines the driver scripts read. Failures end the program: a benchmark has nothing to recover.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace ismap::bench {

using SteadyClock = std::chrono::steady_clock;

struct Figures {
  std::vector<double> ms;
  void Add(SteadyClock::duration d) { ms.push_back(std::chrono::duration<double, std::milli>(d).count()); }
  double Quantile(double q) const {
    if (ms.empty()) {
      return 0;
    }
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
  }
  double Max() const { return ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()); }
  double Mean() const {
    double sum = 0;
    for (double v : ms) {
      sum += v;
    }
    return ms.empty() ? 0 : sum / static_cast<double>(ms.size());
  }
};

[[noreturn]] inline void Die(const std::string& what, const core::Error& error) {
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

inline void Must(core::Result<void> result, const std::string& what) {
  if (!result) {
    Die(what, result.error());
  }
}

// Command lines of "--name value" pairs: the database as text and whole numbers. Returns false (the
// caller prints its usage) for an unknown name, a name without a value, or a number that is not a
// whole number of at least `least` (0 or 1, given per flag).
struct NumberFlag {
  const char* name;
  int* value;
  int least;
};
inline bool ReadFlags(int argc, char** argv, std::string& database, std::initializer_list<NumberFlag> numbers) {
  if (argc % 2 == 0) {
    return false;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--database") {
      database = value;
      continue;
    }
    const auto flag = std::find_if(numbers.begin(), numbers.end(), [&](const NumberFlag& f) { return name == f.name; });
    if (flag == numbers.end() || value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
        value.size() > 9 || std::stoi(value) < flag->least) {
      return false;
    }
    *flag->value = std::stoi(value);
  }
  return !database.empty();
}

// Runs `fn` and, when `measure`, adds its duration to `f`; returns what `fn` returns.
template <class Fn>
auto Timed(Figures& f, bool measure, Fn&& fn) {
  const auto start = SteadyClock::now();
  auto result = fn();
  if (measure) {
    f.Add(SteadyClock::now() - start);
  }
  return result;
}

struct FigureRow {
  std::string key;    // in the "result" lines
  std::string label;  // in the table
  const Figures* figures = nullptr;
};

// The table (label, p50, p99, max, mean in ms), then one "result BACKEND KEY P50 P99 MAX" line per row.
inline void PrintFigures(const std::string& backend, const std::vector<FigureRow>& rows) {
  std::printf("%-56s %9s %9s %9s %9s\n", "step", "p50", "p99", "max", "mean");
  for (const auto& row : rows) {
    const Figures& f = *row.figures;
    std::printf("%-56s %9.3f %9.3f %9.3f %9.3f\n", row.label.c_str(), f.Quantile(0.5), f.Quantile(0.99), f.Max(),
                f.Mean());
  }
  std::printf("\n");
  for (const auto& row : rows) {
    const Figures& f = *row.figures;
    std::printf("result %s %s %.3f %.3f %.3f\n", backend.c_str(), row.key.c_str(), f.Quantile(0.5), f.Quantile(0.99),
                f.Max());
  }
}

}  // namespace ismap::bench
