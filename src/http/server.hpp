// The HTTP server: Boost.Beast/Asio with C++20 coroutines, one io_context per network thread,
// keep-alive, limits on request line + headers (431) and body (413), idle and read timeouts, and a
// graceful stop that lets in-flight requests finish. Blocking handlers run on a worker pool, never
// on a network thread. Every response carries the security headers; every request is counted in
// Metrics and written to the AccessLog.
//
// This header deliberately includes no Boost: Beast compiles slowly, so only server.cpp sees it.
#pragma once

#include <cstdint>
#include <memory>

#include "core/config.hpp"
#include "core/i18n.hpp"
#include "core/result.hpp"
#include "http/access_log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"

namespace ismap::http {

class Server {
 public:
  // `router`, `metrics` and `access_log` must outlive the server.
  Server(const core::HttpConfig& http, const core::WorkerConfig& workers, const Router& router, Metrics& metrics,
         AccessLog& access_log, core::Language default_language);
  ~Server();  // stops and waits if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the network and worker threads. kUnavailable when the address is taken.
  core::Result<void> Start();
  // The bound port (useful when the configuration asked for port 0).
  std::uint16_t port() const;
  // Stops accepting, closes idle connections, lets busy ones finish. Thread-safe, idempotent.
  void Stop();
  // Blocks until the server has stopped: after Stop(), when in-flight requests are done or the
  // shutdown grace period is over.
  void Wait();
  // Start()ed servers: Stop() on SIGINT or SIGTERM, then Wait().
  void RunUntilSignalled();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ismap::http
