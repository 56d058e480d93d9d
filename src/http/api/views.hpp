// JSON shapes shared by several resources, and reading simple fields from request bodies.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "domain/identity.hpp"

namespace ismap::http::api {

nlohmann::json UserToJson(const domain::User& user);

// The string at `body[name]`, or nullopt when absent or not a string.
std::optional<std::string> StringField(const nlohmann::json& body, const char* name);

}  // namespace ismap::http::api
