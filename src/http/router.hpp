// Routes a method and a decoded path to a handler. Patterns are literal segments and "{name}"
// parameters ("/api/v1/organizations/{id}"). A path that matches a pattern under another method is
// 405 (with the allowed methods), not 404. Built before the server starts; read-only afterwards,
// so matching is safe from every thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/authorization.hpp"
#include "http/message.hpp"

namespace ismap::http {

using Handler = std::function<Response(const Request&)>;
// Tried on the network thread before a kBlocking route's handler is queued for a worker: a
// response it returns is sent as is (a cache hit); nullopt goes on to the handler. Must not block.
using FastPath = std::function<std::optional<Response>(const Request&)>;

enum class Execution {
  kInline,    // cheap and non-blocking (static bytes, health): runs on the network thread
  kBlocking,  // touches the database: runs on the worker pool
};

struct Route {
  Method method = Method::kGet;
  std::string pattern;  // also the route's label in metrics and the access log
  // The policy entry: what the endpoint does, for app::Authorize. Every route names one, and the
  // role × endpoint test walks Routes() to check each against the policy.
  app::Action action = app::Action::kReadPublic;
  Handler handler;
  Execution execution = Execution::kBlocking;
  std::vector<std::string> segments;
  FastPath fast_path;  // optional
};

struct RouteMatch {
  const Route* route = nullptr;  // null: not found or wrong method
  Fields params;
  std::string allowed;  // "GET, HEAD" when the path exists under other methods
};

class Router {
 public:
  void Add(Method method, std::string pattern, app::Action action, Handler handler,
           Execution execution = Execution::kBlocking);
  // Adds a handler for every path under `prefix` ("/static/"); the rest of the path is param "*".
  void AddPrefix(Method method, std::string prefix, app::Action action, Handler handler, Execution execution);
  const std::vector<Route>& Routes() const { return routes_; }
  // Changes routes already added, before the server starts: `change` runs on every route (not
  // prefix) that `which` selects; returns how many. For decorators applied where routes are
  // registered (the public cache wraps handlers it did not write).
  int Decorate(const std::function<bool(const Route&)>& which, const std::function<void(Route&)>& change);
  // HEAD is answered by the GET route (the server drops the body).
  RouteMatch Match(Method method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
  std::vector<Route> prefixes_;
};

}  // namespace ismap::http
