// Our own request and response types, so that only server.cpp includes Boost.Beast (it compiles
// slowly) and handlers stay plain C++. A Request is owned by one connection while it is handled.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/i18n.hpp"

namespace ismap::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

Method MethodFromString(std::string_view text);
std::string_view ToString(Method method);

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: path and query, still encoded
  std::string path;    // percent-decoded, valid UTF-8
  Fields query;        // decoded, valid UTF-8, in order
  Fields headers;      // names lowercased
  Fields path_params;  // from the route pattern ("{id}")
  std::string body;
  std::string request_id;
  std::string remote_address;
  core::Language language = core::Language::kJa;  // negotiated for this request

  // Empty when absent. Names: lowercase for headers, exact for the rest.
  std::string_view Header(std::string_view lower_name) const;
  std::string_view Query(std::string_view name) const;
  std::string_view Param(std::string_view name) const;
  std::string_view Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  Fields headers;
  std::string body;
  // A cached body shared between responses (static files): served without copying.
  std::shared_ptr<const std::string> shared_body;

  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
};

}  // namespace ismap::http
