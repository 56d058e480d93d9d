// GET /api/v1/openapi.json: the OpenAPI 3.1 document of the public API v1 (issue 8). The document
// is src/http/api/openapi.json, compiled into the binary (cmake/EmbedFiles.cmake), so the file in
// the tree is the one source of truth and tests/http/openapi_test.cpp checks the server against it.
// The bytes never change while the process runs: one ETag computed once, and a day-long client
// cache would be safe but an hour keeps a new release visible the same day.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/embedded_file.hpp"
#include "http/api/api.hpp"

namespace ismap::http::api {

const std::vector<core::EmbeddedFile>& EmbeddedOpenApi();  // generated

namespace {

struct Document {
  std::shared_ptr<const std::string> body;
  std::string etag;
};

const Document& TheDocument() {
  static const Document kDocument = [] {
    const std::string bytes(EmbeddedOpenApi().front().bytes);
    return Document{std::make_shared<const std::string>(bytes), "\"" + core::Sha256Hex(bytes).substr(0, 32) + "\""};
  }();
  return kDocument;
}

// RFC 9110 §13.1.2: If-None-Match is "*" or a comma-separated list of entity tags, compared weakly
// (a W/ prefix does not matter).
bool MatchesAny(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) {
      tag.remove_prefix(1);
    }
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) {
      tag.remove_suffix(1);
    }
    if (tag.substr(0, 2) == "W/") {
      tag.remove_prefix(2);
    }
    if (tag == "*" || tag == etag) {
      return true;
    }
  }
  return false;
}

}  // namespace

void RegisterOpenApiRoute(Router& router, ApiContext& /*context*/) {
  router.Add(
      Method::kGet, "/api/v1/openapi.json", app::Action::kReadPublic,
      [](const Request& request) {
        const Document& document = TheDocument();
        Response response;
        response.headers.emplace_back("ETag", document.etag);
        response.headers.emplace_back("Cache-Control", "public, max-age=3600");
        if (MatchesAny(request.Header("if-none-match"), document.etag)) {
          response.status = 304;
          response.content_type.clear();
          return response;
        }
        response.content_type = "application/json";
        response.shared_body = document.body;
        return response;
      },
      Execution::kInline);
}

}  // namespace ismap::http::api
