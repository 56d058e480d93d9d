// Files served from memory under /static/: the web layer's embedded assets plus, optionally, the
// files of a configured directory (read once at start). Each has its content type, a strong ETag
// and a body shared by every response, so serving one copies nothing.
// Filled before the server starts; read-only afterwards, so safe from every thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace ismap::http {

class StaticFiles {
 public:
  // `name` is the path under /static/ ("app.css").
  void Add(std::string name, std::string bytes);
  // Adds every regular file under `dir` (recursively). kInvalidArgument naming the directory.
  core::Result<int> AddDirectory(const std::string& dir);

  // 200 with the file, 304 when If-None-Match matches, 404 when absent.
  Response Serve(const Request& request) const;

  static std::string_view ContentTypeFor(std::string_view name);

 private:
  struct Entry {
    std::string content_type;
    std::string etag;
    std::shared_ptr<const std::string> body;
  };
  std::map<std::string, Entry, std::less<>> files_;
};

}  // namespace ismap::http
