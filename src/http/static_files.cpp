#include "http/static_files.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "http/errors.hpp"

namespace ismap::http {

std::string_view StaticFiles::ContentTypeFor(std::string_view name) {
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "css") {
    return "text/css; charset=utf-8";
  }
  if (ext == "js") {
    return "text/javascript; charset=utf-8";
  }
  if (ext == "html") {
    return "text/html; charset=utf-8";
  }
  if (ext == "json") {
    return "application/json";
  }
  if (ext == "svg") {
    return "image/svg+xml";
  }
  if (ext == "png") {
    return "image/png";
  }
  if (ext == "ico") {
    return "image/x-icon";
  }
  if (ext == "txt") {
    return "text/plain; charset=utf-8";
  }
  if (ext == "woff2") {
    return "font/woff2";
  }
  return "application/octet-stream";
}

void StaticFiles::Add(std::string name, std::string bytes) {
  Entry entry;
  entry.content_type = std::string(ContentTypeFor(name));
  entry.etag = "\"" + core::Sha256Hex(bytes).substr(0, 32) + "\"";
  entry.body = std::make_shared<const std::string>(std::move(bytes));
  files_[std::move(name)] = std::move(entry);
}

core::Result<int> StaticFiles::AddDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid_value",
                           fmt::format("key 'http.static_dir': {} is not a directory", dir));
  }
  int added = 0;
  for (const auto& item : fs::recursive_directory_iterator(dir, ec)) {
    if (!item.is_regular_file()) {
      continue;
    }
    std::ifstream in(item.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    Add(fs::relative(item.path(), dir).generic_string(), bytes.str());
    ++added;
  }
  if (ec) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid_value",
                           fmt::format("key 'http.static_dir': reading {}: {}", dir, ec.message()));
  }
  return added;
}

Response StaticFiles::Serve(const Request& request) const {
  const auto it = files_.find(request.Param("*"));
  if (it == files_.end()) {
    return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
  }
  const Entry& entry = it->second;
  Response response;
  response.headers.emplace_back("ETag", entry.etag);
  response.headers.emplace_back("Cache-Control", "public, max-age=3600");
  if (request.Header("if-none-match") == entry.etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = entry.content_type;
  response.shared_body = entry.body;
  return response;
}

}  // namespace ismap::http
