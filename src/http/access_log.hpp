// The access log: one JSON line per request (time, request id, method, route, path, status,
// duration, bytes, client). Lines gather in a buffer that a background thread writes out every
// 100 ms or when it grows past 64 KiB: a write(2) per request would cost more than the request.
// Written by hand rather than through spdlog because spdlog's stdout sink flushes every line.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.hpp"

namespace ismap::http {

struct AccessRecord {
  core::TimePoint time;
  std::string_view request_id;
  std::string_view method;
  std::string_view route;
  std::string_view path;
  int status = 0;
  double duration_ms = 0;
  std::size_t bytes = 0;
  std::string_view remote;
};

class AccessLog {
 public:
  // `out` stays owned by the caller; nullptr disables the log.
  explicit AccessLog(std::FILE* out);
  ~AccessLog();  // writes what is buffered
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void Record(const AccessRecord& record);
  void Flush();

 private:
  void FlushLoop();

  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::string buffer_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace ismap::http
