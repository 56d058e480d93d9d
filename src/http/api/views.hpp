// JSON shapes shared by several resources, and reading simple fields from request bodies.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/identity.hpp"
#include "http/message.hpp"

namespace ismap::http::api {

nlohmann::json UserToJson(const domain::User& user);

// A path parameter that must be a positive integer id; nullopt for anything else (callers answer 404).
std::optional<std::int64_t> PositiveId(std::string_view text);

// ?on=YYYY-MM-DD: the day asked about, `today` when absent; nullopt when malformed (callers answer
// BadParameter(request, "/on")).
std::optional<domain::Date> ReadOnDate(const Request& request, const domain::Date& today);

// 400 invalid_parameter naming the query parameter at `pointer` ("/on", "/format").
Response BadParameter(const Request& request, std::string_view pointer);

// ?limit= in 1..500 (default 50) and ?offset= >= 0 (default 0); false when either is malformed.
bool ReadPaging(const Request& request, int& limit, int& offset);

// The string at `body[name]`, or nullopt when absent or not a string.
std::optional<std::string> StringField(const nlohmann::json& body, const char* name);

}  // namespace ismap::http::api
