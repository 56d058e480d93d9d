#include "http/metrics.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace ismap::http {
namespace {

std::string Label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
    }
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out;
}

}  // namespace

Metrics::Metrics(int shards) {
  for (int i = 0; i < shards; ++i) {
    shards_.push_back(std::make_unique<Shard>());
  }
}

void Metrics::RecordRequest(int shard, std::string_view route, int status, std::chrono::microseconds latency) {
  Shard& s = *shards_[static_cast<std::size_t>(shard) % shards_.size()];
  const double seconds = static_cast<double>(latency.count()) / 1e6;
  std::lock_guard lock(s.mu);
  ++s.requests[{route, status}];
  Histogram& h = s.latency[route];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      ++h.buckets[i];
    }
  }
  ++h.count;
  h.sum_seconds += seconds;
}

std::string Metrics::Render() const {
  std::map<std::pair<std::string_view, int>, std::uint64_t> requests;
  std::map<std::string_view, Histogram> latency;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mu);
    for (const auto& [key, n] : shard->requests) {
      requests[key] += n;
    }
    for (const auto& [route, h] : shard->latency) {
      Histogram& sum = latency[route];
      for (std::size_t i = 0; i < h.buckets.size(); ++i) {
        sum.buckets[i] += h.buckets[i];
      }
      sum.count += h.count;
      sum.sum_seconds += h.sum_seconds;
    }
  }
  std::string out;
  out += "# HELP ismap_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE ismap_http_requests_total counter\n";
  for (const auto& [key, n] : requests) {
    out += fmt::format("ismap_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", Label(key.first), key.second, n);
  }
  out += "# HELP ismap_http_request_duration_seconds Time from a request's first byte to its response being ready.\n";
  out += "# TYPE ismap_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency) {
    const std::string label = Label(route);
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
      out += fmt::format("ismap_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
                         kBucketsSeconds[i], h.buckets[i]);
    }
    out += fmt::format("ismap_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label, h.count);
    out += fmt::format("ismap_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, h.sum_seconds);
    out += fmt::format("ismap_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, h.count);
  }
  out += "# HELP ismap_http_connections_open Connections open now.\n";
  out += "# TYPE ismap_http_connections_open gauge\n";
  out += fmt::format("ismap_http_connections_open {}\n", connections_open.load());
  out += "# HELP ismap_worker_queue_depth Jobs waiting for or running on the database worker pool.\n";
  out += "# TYPE ismap_worker_queue_depth gauge\n";
  out += fmt::format("ismap_worker_queue_depth {}\n", worker_queue_depth.load());
  out += "# HELP ismap_worker_queue_limit Jobs the worker pool accepts before refusing with 503.\n";
  out += "# TYPE ismap_worker_queue_limit gauge\n";
  out += fmt::format("ismap_worker_queue_limit {}\n", worker_queue_limit.load());
  out += "# HELP ismap_worker_rejected_total Jobs refused because the worker queue was full.\n";
  out += "# TYPE ismap_worker_rejected_total counter\n";
  out += fmt::format("ismap_worker_rejected_total {}\n", worker_rejected_total.load());
  return out;
}

}  // namespace ismap::http
