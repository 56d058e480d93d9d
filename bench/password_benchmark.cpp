// argon2id cost per password hash with the parameters ismap uses (config auth.argon2_*), measured
// with Google Benchmark. Every login pays one verification of this cost, so it bounds logins/s.
#include <benchmark/benchmark.h>

#include "core/password.hpp"

namespace {

void BM_HashPasswordDefault(benchmark::State& state) {
  const ismap::core::PasswordHashParams params;  // the defaults: 3 passes over 64 MiB
  for (auto _ : state) {
    auto hash = ismap::core::HashPassword("correct horse battery staple", params);
    benchmark::DoNotOptimize(hash);
  }
}
BENCHMARK(BM_HashPasswordDefault)->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_VerifyPasswordDefault(benchmark::State& state) {
  const ismap::core::PasswordHashParams params;
  const auto hash = ismap::core::HashPassword("correct horse battery staple", params);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ismap::core::VerifyPassword(*hash, "correct horse battery staple"));
  }
}
BENCHMARK(BM_VerifyPasswordDefault)->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

BENCHMARK_MAIN();
