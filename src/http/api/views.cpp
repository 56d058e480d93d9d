#include "http/api/views.hpp"

#include <charconv>

#include "core/clock.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {

nlohmann::json UserToJson(const domain::User& user) {
  nlohmann::json roles = nlohmann::json::array();
  for (auto role : user.roles) {
    roles.push_back(domain::ToString(role));
  }
  return nlohmann::json{{"id", user.id.value()},
                        {"organization_id", user.organization_id.value()},
                        {"email", user.email},
                        {"display_name", user.display_name},
                        {"roles", roles},
                        {"mfa_enabled", user.mfa_enabled},
                        {"disabled", user.disabled},
                        {"created_at", core::FormatRfc3339(user.created_at)}};
}

std::optional<std::int64_t> PositiveId(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

std::optional<domain::Date> ReadOnDate(const Request& request, const domain::Date& today) {
  if (request.Query("on").empty()) {
    return today;
  }
  auto parsed = domain::ParseDate(request.Query("on"));
  return parsed ? std::optional<domain::Date>(*parsed) : std::nullopt;
}

Response BadParameter(const Request& request, std::string_view pointer) {
  return ErrorResponse(400, "invalid_parameter", "error.invalid_parameter", request.language, request.request_id,
                       pointer);
}

bool ReadPaging(const Request& request, int& limit, int& offset) {
  auto read = [](std::string_view text, int fallback, int min, int max, int& out) {
    if (text.empty()) {
      out = fallback;
      return true;
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out >= min && out <= max;
  };
  return read(request.Query("limit"), 50, 1, 500, limit) && read(request.Query("offset"), 0, 0, 1'000'000'000, offset);
}

std::optional<std::string> StringField(const nlohmann::json& body, const char* name) {
  if (!body.is_object() || !body.contains(name) || !body[name].is_string()) {
    return std::nullopt;
  }
  return body[name].get<std::string>();
}

}  // namespace ismap::http::api
