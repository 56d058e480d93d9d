// The public snapshot (issue 8): answers of the public GET routes (the lists, a service, an audit
// body, the programme statistics, and their pages) kept in memory, each with its bytes as the handler made them and the
// same bytes gzipped once, and served without touching the database or copying the body.
//
// What is kept: only answers to anonymous requests (no session cookie, no Authorization header),
// keyed by the full target (path and query, as sent) and the request's resolved language; only
// 200 answers without Set-Cookie and without Cache-Control no-store or private. Everything is
// dropped when app::PublicVersion changes (a publication here or on another instance, or a new
// day in Japan). Bounded by entries and bytes; when full the oldest entries go first (everything
// goes at the next publication anyway).
//
// Every answer of a route it serves carries a strong ETag (a hash of the bytes sent: the gzip
// bytes have their own) and If-None-Match is answered 304 without a body, for signed-in requests
// too. Cache-Control: a handler's own value is kept; where there is none it becomes "no-cache"
// ("private, no-cache" when signed in): a suspension or revocation must reach every reader at
// once, and with the ETag a revalidation costs a 304.
//
// Routes opt in where they are registered (Attach*, after the Register* calls), so the handlers
// stay as they are. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/public_version.hpp"
#include "core/result.hpp"
#include "http/router.hpp"

namespace ismap::http {

struct PublicCacheLimits {
  std::size_t max_entries = 1024;            // portal.cache_max_entries
  std::size_t max_bytes = 64 * 1024 * 1024;  // portal.cache_max_bytes: bodies, identity plus gzip
};

struct PublicCacheStats {
  std::uint64_t hits = 0;    // answers served from the cache
  std::uint64_t stores = 0;  // answers kept
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

class PublicCache {
 public:
  // `version` must outlive this.
  PublicCache(app::PublicVersion& version, PublicCacheLimits limits);

  // The public routes of issue 8 (the lists, a service, an audit body, their pages and the home
  // page) through the cache; the change feed with ETag only (its answers grow, it is never kept);
  // and every state-changing route tells the version when it has finished. kNotFound naming a
  // route the router does not have.
  core::Result<void> AttachPublicRoutes(Router& router);

  // One GET route through the cache. kNotFound (route.not_found) naming the pattern when absent.
  core::Result<void> Cache(Router& router, std::string_view pattern);
  // One GET route with ETag and If-None-Match only.
  core::Result<void> Validate(Router& router, std::string_view pattern);
  // Every route other than GET calls PublicVersion::NoteLocalWrite() after a successful answer.
  void WatchWrites(Router& router);

  PublicCacheStats Stats() const;

 private:
  struct Entry;

  std::optional<Response> Lookup(const Request& request, std::uint64_t version) const;
  Response Handle(const Handler& inner, const Request& request);
  std::shared_ptr<const Entry> Store(const std::string& key, std::uint64_t version, Response response);

  app::PublicVersion& version_;
  const PublicCacheLimits limits_;
  mutable std::shared_mutex mu_;
  std::uint64_t generation_ = 0;  // the version the entries belong to; guarded by mu_
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;  // guarded by mu_
  std::deque<std::string> order_;                                          // oldest first; guarded by mu_
  std::size_t bytes_ = 0;                                                  // guarded by mu_
  mutable std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> stores_{0};
};

}  // namespace ismap::http
