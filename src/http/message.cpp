#include "http/message.hpp"

#include <array>

namespace ismap::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods = {{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

std::string_view Find(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

}  // namespace

Method MethodFromString(std::string_view text) {
  for (const auto& [m, name] : kMethods) {
    if (name == text) {
      return m;
    }
  }
  return Method::kOther;
}

std::string_view ToString(Method method) {
  for (const auto& [m, name] : kMethods) {
    if (m == method) {
      return name;
    }
  }
  return "OTHER";
}

std::string_view Request::Header(std::string_view lower_name) const { return Find(headers, lower_name); }
std::string_view Request::Query(std::string_view name) const { return Find(query, name); }
std::string_view Request::Param(std::string_view name) const { return Find(path_params, name); }

std::string_view Request::Cookie(std::string_view name) const {
  std::string_view header = Header("cookie");
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view item = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) {
      return item.substr(eq + 1);
    }
  }
  return {};
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

Response Response::Html(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace ismap::http
