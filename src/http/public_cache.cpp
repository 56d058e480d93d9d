#include "http/public_cache.hpp"

#include <fmt/format.h>

#include <iterator>
#include <mutex>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "http/api/api.hpp"
#include "http/gzip.hpp"

namespace ismap::http {
namespace {

// The public GET routes served from the snapshot (issue 8).
// (/api/v1/statistics is not yet among them: the OpenAPI document does not describe its ETag and
// 304, and the API's answers must match the document.)
constexpr std::string_view kCachedRoutes[] = {
    "/api/v1/services", "/api/v1/services/{id}", "/api/v1/audit-bodies", "/api/v1/audit-bodies/{id}", "/",
    "/cloud-services",  "/cloud-services/{id}",  "/audit-bodies",        "/audit-bodies/{id}",        "/statistics",
};
// Public GET routes whose answers are never kept but still carry an ETag.
constexpr std::string_view kValidatedRoutes[] = {"/api/v1/changes"};

// A body larger than this share of the byte budget is served but not kept, so that one answer
// (a large CSV export, say) cannot push out everything else.
constexpr std::size_t kLargestShare = 8;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Calls `each` with every element of a comma-separated header list, trimmed.
template <class F>
void ForEachListItem(std::string_view list, F each) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    each(Trim(list.substr(0, comma)));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
}

bool IsAnonymous(const Request& request) {
  return request.Cookie(api::kSessionCookie).empty() && request.Header("authorization").empty();
}

// True when Accept-Encoding lists gzip (or *) without q=0.
bool AcceptsGzip(const Request& request) {
  bool accepted = false;
  ForEachListItem(request.Header("accept-encoding"), [&accepted](std::string_view item) {
    const auto semicolon = item.find(';');
    const std::string coding = core::AsciiLower(Trim(item.substr(0, semicolon)));
    if (coding != "gzip" && coding != "*") {
      return;
    }
    bool refused = false;
    if (semicolon != std::string_view::npos) {
      std::string params;
      for (char c : item.substr(semicolon + 1)) {
        if (c != ' ' && c != '\t') {
          params += c;
        }
      }
      // q=0, q=0.0, q=0.000: refused; any other weight accepts.
      refused = params.size() >= 3 && (params.rfind("q=0", 0) == 0 || params.rfind("Q=0", 0) == 0) &&
                params.find_first_not_of("0.", 3) == std::string::npos;
    }
    accepted = accepted || !refused;
  });
  return accepted;
}

// If-None-Match with weak comparison (RFC 9110 13.1.2): W/ is ignored, * matches anything.
bool NoneMatch(const Request& request, std::string_view etag, std::string_view other_etag = {}) {
  bool matched = false;
  ForEachListItem(request.Header("if-none-match"), [&](std::string_view tag) {
    if (tag.rfind("W/", 0) == 0) {
      tag.remove_prefix(2);
    }
    matched = matched || tag == "*" || tag == etag || (!other_etag.empty() && tag == other_etag);
  });
  return matched;
}

std::string EtagOf(std::string_view bytes) { return "\"" + core::Sha256Hex(bytes).substr(0, 32) + "\""; }

Fields::iterator FindHeader(Fields& headers, std::string_view name) {
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (core::AsciiLower(it->first) == name) {
      return it;
    }
  }
  return headers.end();
}

bool HasHeader(const Response& response, std::string_view lower_name) {
  for (const auto& [name, value] : response.headers) {
    if (core::AsciiLower(name) == lower_name) {
      return true;
    }
  }
  return false;
}

// The handler's Cache-Control, or ours (see the header): kept answers and public readers revalidate.
void DefaultCacheControl(Response& response, bool anonymous) {
  if (!HasHeader(response, "cache-control")) {
    response.headers.emplace_back("Cache-Control", anonymous ? "no-cache" : "private, no-cache");
  }
}

bool Storable(const Response& response) {
  if (response.status != 200 || HasHeader(response, "set-cookie")) {
    return false;
  }
  for (const auto& [name, value] : response.headers) {
    if (core::AsciiLower(name) == "cache-control") {
      const std::string lower = core::AsciiLower(value);
      if (lower.find("no-store") != std::string::npos || lower.find("private") != std::string::npos) {
        return false;
      }
    }
  }
  return true;
}

// A 304 for `response`: its headers (ETag, Cache-Control, Vary, ...), no body, no content type.
Response NotModified(Response response) {
  response.status = 304;
  response.content_type.clear();
  response.body.clear();
  response.shared_body.reset();
  return response;
}

// An answer that is not kept: an ETag of its bytes, and 304 when the client has them.
Response Validated(Response response, const Request& request, bool anonymous) {
  if (response.status != 200) {
    return response;
  }
  DefaultCacheControl(response, anonymous);
  auto etag = FindHeader(response.headers, "etag");
  if (etag == response.headers.end()) {
    response.headers.emplace_back("ETag", EtagOf(response.Body()));
    etag = std::prev(response.headers.end());
  }
  if (NoneMatch(request, etag->second)) {
    return NotModified(std::move(response));
  }
  return response;
}

}  // namespace

struct PublicCache::Entry {
  std::string content_type;
  Fields headers;  // the handler's, with Cache-Control and Vary completed
  std::string etag;
  std::shared_ptr<const std::string> body;
  std::string gzip_etag;
  std::shared_ptr<const std::string> gzip_body;  // null when gzip would not be smaller
  std::size_t bytes = 0;

  Response Serve(const Request& request) const {
    const bool gzip = gzip_body != nullptr && AcceptsGzip(request);
    Response response;
    response.headers = headers;
    response.headers.emplace_back("ETag", gzip ? gzip_etag : etag);
    if (NoneMatch(request, etag, gzip_etag)) {
      return NotModified(std::move(response));
    }
    response.content_type = content_type;
    if (gzip) {
      response.headers.emplace_back("Content-Encoding", "gzip");
    }
    response.shared_body = gzip ? gzip_body : body;
    return response;
  }
};

PublicCache::PublicCache(app::PublicVersion& version, PublicCacheLimits limits) : version_(version), limits_(limits) {}

core::Result<void> PublicCache::AttachPublicRoutes(Router& router) {
  for (const auto pattern : kCachedRoutes) {
    ISMAP_RETURN_IF_ERROR(Cache(router, pattern));
  }
  for (const auto pattern : kValidatedRoutes) {
    ISMAP_RETURN_IF_ERROR(Validate(router, pattern));
  }
  WatchWrites(router);
  return core::Ok();
}

core::Result<void> PublicCache::Cache(Router& router, std::string_view pattern) {
  const int found = router.Decorate(
      [pattern](const Route& route) { return route.method == Method::kGet && route.pattern == pattern; },
      [this](Route& route) {
        route.handler = [this, inner = std::move(route.handler)](const Request& request) {
          return Handle(inner, request);
        };
        route.fast_path = [this](const Request& request) -> std::optional<Response> {
          if (!IsAnonymous(request)) {
            return std::nullopt;
          }
          const auto version = version_.CurrentIfFresh();
          return version ? Lookup(request, *version) : std::nullopt;
        };
      });
  if (found == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "route.not_found",
                           fmt::format("no GET route {} to cache", pattern));
  }
  return core::Ok();
}

core::Result<void> PublicCache::Validate(Router& router, std::string_view pattern) {
  const int found = router.Decorate(
      [pattern](const Route& route) { return route.method == Method::kGet && route.pattern == pattern; },
      [](Route& route) {
        route.handler = [inner = std::move(route.handler)](const Request& request) {
          return Validated(inner(request), request, IsAnonymous(request));
        };
      });
  if (found == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "route.not_found",
                           fmt::format("no GET route {} to validate", pattern));
  }
  return core::Ok();
}

void PublicCache::WatchWrites(Router& router) {
  router.Decorate([](const Route& route) { return route.method != Method::kGet; },
                  [this](Route& route) {
                    route.handler = [this, inner = std::move(route.handler)](const Request& request) {
                      Response response = inner(request);
                      if (response.status < 400) {
                        version_.NoteLocalWrite();
                      }
                      return response;
                    };
                  });
}

PublicCacheStats PublicCache::Stats() const {
  std::shared_lock lock(mu_);
  return PublicCacheStats{hits_.load(), stores_.load(), entries_.size(), bytes_};
}

std::optional<Response> PublicCache::Lookup(const Request& request, std::uint64_t version) const {
  std::shared_ptr<const Entry> entry;
  {
    std::shared_lock lock(mu_);
    if (generation_ != version) {
      return std::nullopt;
    }
    const auto it = entries_.find(std::string(core::ToString(request.language)) + " " + request.target);
    if (it == entries_.end()) {
      return std::nullopt;
    }
    entry = it->second;
  }
  ++hits_;
  return entry->Serve(request);
}

Response PublicCache::Handle(const Handler& inner, const Request& request) {
  if (!IsAnonymous(request)) {
    return Validated(inner(request), request, false);
  }
  const std::uint64_t version = version_.Current();
  if (auto hit = Lookup(request, version)) {
    return std::move(*hit);
  }
  Response response = inner(request);
  DefaultCacheControl(response, true);
  if (!Storable(response) || response.Body().size() > limits_.max_bytes / kLargestShare) {
    return Validated(std::move(response), request, true);
  }
  const auto entry =
      Store(std::string(core::ToString(request.language)) + " " + request.target, version, std::move(response));
  return entry->Serve(request);
}

std::shared_ptr<const PublicCache::Entry> PublicCache::Store(const std::string& key, std::uint64_t version,
                                                             Response response) {
  // Compressed outside the lock: the slow part, once per body and version.
  auto entry = std::make_shared<Entry>();
  entry->content_type = std::move(response.content_type);
  entry->body =
      response.shared_body ? response.shared_body : std::make_shared<const std::string>(std::move(response.body));
  entry->etag = EtagOf(*entry->body);
  std::string gzip = Gzip(*entry->body);
  if (!gzip.empty() && gzip.size() < entry->body->size()) {
    entry->gzip_etag = EtagOf(gzip);
    entry->gzip_body = std::make_shared<const std::string>(std::move(gzip));
  }
  entry->headers = std::move(response.headers);
  if (auto etag = FindHeader(entry->headers, "etag"); etag != entry->headers.end()) {
    entry->headers.erase(etag);  // ours (of the bytes sent) replaces the handler's
  }
  if (auto vary = FindHeader(entry->headers, "vary"); vary != entry->headers.end()) {
    vary->second += ", Accept-Encoding";
  } else {
    entry->headers.emplace_back("Vary", "Accept-Encoding");
  }
  entry->bytes = key.size() + entry->body->size() + (entry->gzip_body ? entry->gzip_body->size() : 0);

  std::unique_lock lock(mu_);
  if (version < generation_) {
    return entry;  // built on an older version than the cache now holds: served once, not kept
  }
  if (version > generation_) {
    entries_.clear();
    order_.clear();
    bytes_ = 0;
    generation_ = version;
  }
  if (const auto it = entries_.find(key); it != entries_.end()) {
    return it->second;  // another request stored it meanwhile
  }
  while (!order_.empty() && (entries_.size() + 1 > limits_.max_entries || bytes_ + entry->bytes > limits_.max_bytes)) {
    const auto oldest = entries_.find(order_.front());
    bytes_ -= oldest->second->bytes;
    entries_.erase(oldest);
    order_.pop_front();
  }
  if (entries_.size() + 1 > limits_.max_entries || bytes_ + entry->bytes > limits_.max_bytes) {
    return entry;
  }
  entries_.emplace(key, entry);
  order_.push_back(key);
  bytes_ += entry->bytes;
  ++stores_;
  return entry;
}

}  // namespace ismap::http
