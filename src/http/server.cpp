// The only translation unit that includes Boost.Beast/Asio (slow to compile; see STYLE.md §4).
// With Boost 1.74 and g++ 12, <utility> must come before <boost/asio.hpp> for the coroutine headers.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "http/errors.hpp"

namespace ismap::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::use_awaitable;
using asio::ip::tcp;

namespace {

// Sent with every response. CSP allows only our own scripts, styles and images and forbids framing.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

constexpr std::size_t kReadChunk = 8192;

// Boost 1.74's Beast has its own string_view.
std::string_view Std(beast::string_view s) { return {s.data(), s.size()}; }
beast::string_view Beast(std::string_view s) { return {s.data(), s.size()}; }

// A request id from a proxy is kept when it is short and plain; anything else is replaced.
bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

struct ProtocolError {
  int status;
  const char* code;
  const char* message_key;
};

// Splits the target into a decoded path and query. Returns a protocol error for a target that is
// not origin-form, a malformed escape, a NUL byte or invalid UTF-8.
std::optional<ProtocolError> ParseTarget(std::string_view target, Request& request) {
  if (target.empty() || target.front() != '/') {
    return ProtocolError{400, "bad_request", "error.bad_request"};
  }
  const auto question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  auto path = core::PercentDecode(raw_path, false);
  if (!path || path->find('\0') != std::string::npos) {
    return ProtocolError{400, "bad_request", "error.bad_request"};
  }
  if (!core::IsValidUtf8(*path)) {
    return ProtocolError{400, "invalid_utf8", "error.invalid_utf8"};
  }
  request.path = std::move(*path);
  if (question == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const auto eq = pair.find('=');
    auto name = core::PercentDecode(pair.substr(0, eq), true);
    auto value = core::PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!name || !value) {
      return ProtocolError{400, "bad_request", "error.bad_request"};
    }
    if (!core::IsValidUtf8(*name) || !core::IsValidUtf8(*value)) {
      return ProtocolError{400, "invalid_utf8", "error.invalid_utf8"};
    }
    request.query.emplace_back(std::move(*name), std::move(*value));
  }
  return std::nullopt;
}

}  // namespace

struct Server::Impl {
  struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;  // between a request's first byte and the end of its response
  };

  struct NetThread {
    int index = 0;
    asio::io_context ioc{1};
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::unordered_set<Connection*> connections;  // touched only on this thread
    std::thread thread;
  };

  core::HttpConfig http;
  core::WorkerConfig worker_config;
  const Router& router;
  Metrics& metrics;
  AccessLog& access_log;
  core::Language default_language;

  // Declared before `workers` so that the pool is joined before the io_contexts (and the
  // coroutine frames its jobs point into) are destroyed.
  std::vector<std::unique_ptr<NetThread>> threads;
  std::optional<tcp::acceptor> acceptor;
  std::uint16_t bound_port = 0;
  asio::thread_pool workers;

  std::string id_prefix = core::RandomHex(4);
  std::atomic<std::uint64_t> next_id{1};

  std::atomic<bool> draining{false};
  std::atomic<int> open_connections{0};
  std::mutex mu;
  std::condition_variable changed;
  bool stop_requested = false;
  bool finished = false;
  std::chrono::steady_clock::time_point stop_time;

  Impl(const core::HttpConfig& h, const core::WorkerConfig& w, const Router& r, Metrics& m, AccessLog& a,
       core::Language lang)
      : http(h),
        worker_config(w),
        router(r),
        metrics(m),
        access_log(a),
        default_language(lang),
        workers(static_cast<std::size_t>(w.threads)) {
    metrics.worker_queue_limit = static_cast<std::int64_t>(w.max_queue);
  }

  std::string NextRequestId() { return fmt::format("{}-{:x}", id_prefix, next_id.fetch_add(1)); }

  Response CallHandler(const Route& route, const Request& request) {
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("request {} {}: unhandled exception: {}", request.request_id, route.pattern, e.what());
      try {
        return ErrorResponse(500, "internal", "error.internal", request.language, request.request_id);
      } catch (const std::exception& inner) {
        // The error answer itself failed (its message could not be read): a fixed body, so that
        // the exception never leaves the worker thread and takes the whole process down.
        spdlog::error("request {}: the error answer failed too: {}", request.request_id, inner.what());
        return Response::Json(500, R"({"error":{"code":"internal","message":"Internal server error."}})");
      }
    }
  }

  // Runs a blocking handler on the worker pool and resumes on this connection's thread.
  asio::awaitable<Response> RunOnWorkers(const Route& route, const Request& request) {
    if (metrics.worker_queue_depth.load() >= static_cast<std::int64_t>(worker_config.max_queue)) {
      ++metrics.worker_rejected_total;
      Response busy = ErrorResponse(503, "overloaded", "error.overloaded", request.language, request.request_id);
      busy.headers.emplace_back("Retry-After", "1");
      co_return busy;
    }
    ++metrics.worker_queue_depth;
    auto executor = co_await asio::this_coro::executor;
    Response response = co_await asio::async_initiate<decltype(use_awaitable), void(Response)>(
        [this, &route, &request, executor](auto handler) {
          asio::post(workers, [this, &route, &request, executor, handler = std::move(handler)]() mutable {
            Response r = CallHandler(route, request);
            asio::post(executor, [handler = std::move(handler), r = std::move(r)]() mutable { handler(std::move(r)); });
          });
        },
        use_awaitable);
    --metrics.worker_queue_depth;
    co_return response;
  }

  template <class Body>
  void ApplyHeaders(bhttp::response<Body>& res, const Response& response, std::string_view request_id) {
    res.set(bhttp::field::server, "ismap");
    if (!response.content_type.empty()) {
      res.set(bhttp::field::content_type, Beast(response.content_type));
    }
    for (const auto& [name, value] : kSecurityHeaders) {
      res.set(name, value);
    }
    res.set("X-Request-Id", Beast(request_id));
    for (const auto& [name, value] : response.headers) {
      res.insert(Beast(name), Beast(value));
    }
  }

  asio::awaitable<void> WriteResponse(beast::tcp_stream& stream, const Response& response, unsigned version, bool head,
                                      bool keep_alive, std::string_view request_id, boost::system::error_code& ec) {
    const std::string_view body = response.Body();
    stream.expires_after(http.write_timeout);
    if (head || response.status == 304) {
      bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(response.status), version};
      ApplyHeaders(res, response, request_id);
      if (response.status != 304) {
        res.content_length(body.size());
      }
      res.keep_alive(keep_alive);
      co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      co_return;
    }
    bhttp::response<bhttp::span_body<const char>> res{static_cast<bhttp::status>(response.status), version};
    ApplyHeaders(res, response, request_id);
    res.body() = beast::span<const char>(body.data(), body.size());
    res.prepare_payload();
    res.keep_alive(keep_alive);
    co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
  }

  // After an error response the client may still be sending: close our side, then read and drop
  // what arrives for a moment, so the kernel does not answer with a reset that discards the response.
  asio::awaitable<void> LingeringClose(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 4096> sink{};
    std::size_t drained = 0;
    stream.expires_after(std::chrono::milliseconds(500));
    while (!ec && drained < (1U << 20)) {
      drained += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(use_awaitable, ec));
    }
  }

  void Record(NetThread& t, const Request& request, std::string_view method, std::string_view route, int status,
              std::chrono::steady_clock::time_point started, std::size_t bytes) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    metrics.RecordRequest(t.index, route, status, elapsed);
    access_log.Record(AccessRecord{core::SystemClock().Now(), request.request_id, method, route, request.path, status,
                                   static_cast<double>(elapsed.count()) / 1000.0, bytes, request.remote_address});
  }

  asio::awaitable<void> Serve(NetThread& t, beast::tcp_stream& stream, Connection& connection,
                              const std::string& remote) {
    beast::flat_buffer buffer;
    while (!draining.load()) {
      connection.busy = false;
      boost::system::error_code ec;
      if (buffer.size() == 0) {
        stream.expires_after(http.idle_timeout);
        const std::size_t n =
            co_await stream.async_read_some(buffer.prepare(kReadChunk), asio::redirect_error(use_awaitable, ec));
        if (ec) {
          co_return;  // idle timeout, peer closed, or shutdown
        }
        buffer.commit(n);
      }
      connection.busy = true;
      const auto started = std::chrono::steady_clock::now();
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(http.max_header_bytes));
      parser.body_limit(http.max_body_bytes);
      stream.expires_after(http.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));

      Request request;
      request.request_id = NextRequestId();
      request.remote_address = remote;
      request.language = default_language;
      if (ec) {
        std::optional<ProtocolError> problem;
        if (ec == bhttp::error::header_limit) {
          problem = ProtocolError{431, "header_too_large", "error.header_too_large"};
        } else if (ec == bhttp::error::body_limit) {
          problem = ProtocolError{413, "body_too_large", "error.body_too_large"};
        } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                   ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
          problem = ProtocolError{400, "bad_request", "error.bad_request"};
        }
        if (!problem) {
          co_return;  // timeout (the stream is already closed), reset, or the peer went away
        }
        const Response response =
            ErrorResponse(problem->status, problem->code, problem->message_key, request.language, request.request_id);
        Record(t, request, "-", "protocol_error", problem->status, started, response.Body().size());
        co_await WriteResponse(stream, response, 11, false, false, request.request_id, ec);
        co_await LingeringClose(stream);
        co_return;
      }

      auto message = parser.release();
      const bool head = message.method() == bhttp::verb::head;
      request.method = MethodFromString(Std(message.method_string()));
      request.target = std::string(message.target());
      for (const auto& field : message) {
        request.headers.emplace_back(core::AsciiLower(Std(field.name_string())), std::string(field.value()));
      }
      if (const auto id = request.Header("x-request-id"); IsAcceptableRequestId(id)) {
        request.request_id = std::string(id);
      }
      request.body = std::move(message.body());

      Response response;
      std::string_view route_label;  // a literal or a route's pattern: both outlive the server
      bool keep_alive = message.keep_alive();
      if (auto problem = ParseTarget(Std(message.target()), request)) {
        request.language =
            core::NegotiateLanguage("", request.Cookie("lang"), request.Header("accept-language"), default_language);
        response =
            ErrorResponse(problem->status, problem->code, problem->message_key, request.language, request.request_id);
        route_label = "protocol_error";
        keep_alive = false;
      } else {
        request.language = core::NegotiateLanguage(request.Query("lang"), request.Cookie("lang"),
                                                   request.Header("accept-language"), default_language);
        RouteMatch match = router.Match(request.method, request.path);
        if (match.route == nullptr) {
          if (!match.allowed.empty()) {
            response = ErrorResponse(405, "method_not_allowed", "error.method_not_allowed", request.language,
                                     request.request_id);
            response.headers.emplace_back("Allow", match.allowed);
            route_label = "method_not_allowed";
          } else {
            response = ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
            route_label = "unmatched";
          }
        } else {
          route_label = match.route->pattern;
          request.path_params = std::move(match.params);
          std::optional<Response> quick;
          if (match.route->fast_path) {
            quick = match.route->fast_path(request);
          }
          if (quick) {
            response = std::move(*quick);
          } else if (match.route->execution == Execution::kInline) {
            response = CallHandler(*match.route, request);
          } else {
            response = co_await RunOnWorkers(*match.route, request);
          }
        }
      }
      keep_alive = keep_alive && !draining.load();
      // Counted before the write, so a client that reads this response and then asks /metrics sees it.
      Record(t, request, Std(message.method_string()), route_label, response.status, started,
             head ? 0 : response.Body().size());
      co_await WriteResponse(stream, response, message.version(), head, keep_alive, request.request_id, ec);
      if (ec || !keep_alive) {
        if (!ec) {
          stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        }
        co_return;
      }
    }
  }

  asio::awaitable<void> Session(NetThread& t, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    Connection connection{&stream, false};
    t.connections.insert(&connection);
    ++metrics.connections_open;
    boost::system::error_code ec;
    const auto endpoint = stream.socket().remote_endpoint(ec);
    const std::string remote = ec ? std::string("unknown") : endpoint.address().to_string();
    try {
      co_await Serve(t, stream, connection, remote);
    } catch (const std::exception& e) {
      spdlog::error("connection from {}: {}", remote, e.what());
    }
    t.connections.erase(&connection);
    --metrics.connections_open;
    stream.socket().close(ec);
    if (--open_connections == 0 && draining.load()) {
      std::lock_guard lock(mu);
      changed.notify_all();
    }
  }

  asio::awaitable<void> AcceptLoop() {
    std::size_t next = 0;
    while (!draining.load()) {
      NetThread& target = *threads[next++ % threads.size()];
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor->async_accept(target.ioc, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted || draining.load()) {
          co_return;
        }
        // Out of descriptors or a connection reset before accept: wait a moment and go on.
        spdlog::warn("accept: {}", ec.message());
        asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      ++open_connections;
      asio::co_spawn(target.ioc, Session(target, std::move(socket)), asio::detached);
    }
  }
};

Server::Server(const core::HttpConfig& http, const core::WorkerConfig& workers, const Router& router, Metrics& metrics,
               AccessLog& access_log, core::Language default_language)
    : impl_(std::make_unique<Impl>(http, workers, router, metrics, access_log, default_language)) {}

Server::~Server() {
  if (!impl_->threads.empty()) {
    Stop();
    Wait();
  }
}

core::Result<void> Server::Start() {
  Impl& s = *impl_;
  const int n = std::max(1, s.http.threads);
  for (int i = 0; i < n; ++i) {
    auto t = std::make_unique<Impl::NetThread>();
    t->index = i;
    t->work.emplace(t->ioc.get_executor());
    s.threads.push_back(std::move(t));
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(s.http.listen_host, ec);
  if (ec) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid_value",
                           fmt::format("key 'http.listen': '{}' is not an IP address", s.http.listen_host));
  }
  const tcp::endpoint endpoint(address, s.http.listen_port);
  s.acceptor.emplace(s.threads[0]->ioc);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) {
    s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    s.acceptor->bind(endpoint, ec);
  }
  if (!ec) {
    s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    s.threads.clear();
    return core::MakeError(
        core::ErrorCode::kUnavailable, "http.listen_failed",
        fmt::format("cannot listen on {}:{}: {}", s.http.listen_host, s.http.listen_port, ec.message()));
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  asio::co_spawn(s.threads[0]->ioc, s.AcceptLoop(), asio::detached);
  for (auto& t : s.threads) {
    t->thread = std::thread([&ioc = t->ioc] { ioc.run(); });
  }
  return core::Ok();
}

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mu);
    if (s.stop_requested) {
      return;
    }
    s.stop_requested = true;
    s.stop_time = std::chrono::steady_clock::now();
    s.draining = true;
  }
  s.changed.notify_all();
  if (s.threads.empty()) {
    return;
  }
  asio::post(s.threads[0]->ioc, [&s] {
    boost::system::error_code ec;
    s.acceptor->close(ec);
  });
  for (auto& t : s.threads) {
    asio::post(t->ioc, [thread = t.get()] {
      for (Impl::Connection* c : thread->connections) {
        if (!c->busy) {
          c->stream->cancel();
        }
      }
    });
  }
}

void Server::Wait() {
  Impl& s = *impl_;
  std::unique_lock lock(s.mu);
  s.changed.wait(lock, [&s] { return s.stop_requested; });
  if (s.finished) {
    return;
  }
  const auto deadline = s.stop_time + s.http.shutdown_grace;
  if (!s.changed.wait_until(lock, deadline, [&s] { return s.open_connections.load() == 0; })) {
    spdlog::warn("shutdown grace period over with {} connections open; closing them", s.open_connections.load());
  }
  s.finished = true;
  lock.unlock();
  for (auto& t : s.threads) {
    t->work.reset();
    t->ioc.stop();
  }
  for (auto& t : s.threads) {
    if (t->thread.joinable()) {
      t->thread.join();
    }
  }
  s.workers.join();
}

void Server::RunUntilSignalled() {
  Impl& s = *impl_;
  asio::signal_set signals(s.threads[0]->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) {
      spdlog::info("signal {}: finishing in-flight requests, then stopping", signal);
      Stop();
    }
  });
  Wait();
}

}  // namespace ismap::http
