#include "http/router.hpp"

namespace ismap::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool SegmentsMatch(const Route& route, const std::vector<std::string>& segments, Fields* params) {
  if (route.segments.size() != segments.size()) {
    return false;
  }
  Fields found;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}') {
      if (segments[i].empty()) {
        return false;
      }
      found.emplace_back(pattern.substr(1, pattern.size() - 2), segments[i]);
    } else if (pattern != segments[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

void AddAllowed(std::string& allowed, Method method) {
  const std::string_view name = ToString(method);
  if (allowed.find(name) != std::string::npos) {
    return;
  }
  if (!allowed.empty()) {
    allowed += ", ";
  }
  allowed += name;
  if (method == Method::kGet) {
    allowed += ", HEAD";
  }
}

}  // namespace

void Router::Add(Method method, std::string pattern, app::Action action, Handler handler, Execution execution) {
  Route route{method, pattern, action, std::move(handler), execution, Split(pattern), {}};
  routes_.push_back(std::move(route));
}

void Router::AddPrefix(Method method, std::string prefix, app::Action action, Handler handler, Execution execution) {
  prefixes_.push_back(Route{method, prefix + "*", action, std::move(handler), execution, {prefix}, {}});
}

int Router::Decorate(const std::function<bool(const Route&)>& which, const std::function<void(Route&)>& change) {
  int changed = 0;
  for (auto& route : routes_) {
    if (which(route)) {
      change(route);
      ++changed;
    }
  }
  return changed;
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  RouteMatch match;
  for (const auto& route : prefixes_) {
    const std::string& prefix = route.segments.front();
    if (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix) {
      if (route.method == wanted) {
        match.route = &route;
        match.params = {{"*", std::string(path.substr(prefix.size()))}};
        return match;
      }
      AddAllowed(match.allowed, route.method);
    }
  }
  // A literal segment beats a parameter ("/audit-bodies/queue" over "/audit-bodies/{id}"), whatever
  // order the routes were added in: the matching route with the most literal segments wins.
  const auto segments = Split(path);
  int best_literals = -1;
  for (const auto& route : routes_) {
    Fields params;
    if (!SegmentsMatch(route, segments, &params)) {
      continue;
    }
    if (route.method != wanted) {
      AddAllowed(match.allowed, route.method);
      continue;
    }
    const int literals = static_cast<int>(segments.size() - params.size());
    if (literals > best_literals) {
      best_literals = literals;
      match.route = &route;
      match.params = std::move(params);
    }
  }
  if (match.route != nullptr) {
    match.allowed.clear();
  }
  return match;
}

}  // namespace ismap::http
