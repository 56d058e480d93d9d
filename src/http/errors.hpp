// Errors as HTTP: one mapping from ErrorCode to status (userver's HandlerErrorCode), and one JSON
// shape: {"error":{"code":..,"message":..,"request_id":..}} with the message in the request's
// language.
#pragma once

#include <string_view>

#include "core/i18n.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace ismap::http {

int StatusFor(core::ErrorCode code);

// `code` is the machine-readable code; `message_key` names the message in the catalogue.
// `pointer`, when given, is the JSON pointer of the offending input field.
Response ErrorResponse(int status, std::string_view code, std::string_view message_key, core::Language language,
                       std::string_view request_id, std::string_view pointer = {});

// An application error: code = its reason (or the ErrorCode's name), message from its reason's
// entry in the catalogue, or the code's generic message.
Response ErrorResponse(const core::Error& error, const Request& request);

}  // namespace ismap::http
