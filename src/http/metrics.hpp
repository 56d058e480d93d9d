// Prometheus metrics of the HTTP server: requests by route and status, a latency histogram per
// route, open connections and the worker pool's queue. Recording goes to a per-thread shard (one
// uncontended mutex each) so network threads never wait for each other; Render() sums the shards.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ismap::http {

class Metrics {
 public:
  explicit Metrics(int shards);

  // `shard` is the calling network thread's index. REQUIRES: `route` outlives this object (route
  // labels are string literals or the patterns of a Router built before the server starts), so
  // recording a request copies no string.
  void RecordRequest(int shard, std::string_view route, int status, std::chrono::microseconds latency);

  std::atomic<std::int64_t> connections_open{0};
  std::atomic<std::int64_t> worker_queue_depth{0};  // jobs waiting or running on the worker pool
  std::atomic<std::int64_t> worker_rejected_total{0};
  std::atomic<std::int64_t> worker_queue_limit{0};

  // Prometheus text exposition format 0.0.4.
  std::string Render() const;

  static constexpr std::array<double, 13> kBucketsSeconds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                             0.1,    0.25,  0.5,    1.0,   2.5,  5.0};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBucketsSeconds.size()> buckets{};
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::map<std::pair<std::string_view, int>, std::uint64_t> requests;
    std::map<std::string_view, Histogram> latency;
  };
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace ismap::http
