#include "http/errors.hpp"

#include <spdlog/spdlog.h>

#include "core/text.hpp"

namespace ismap::http {

int StatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return 400;
    case core::ErrorCode::kUnauthenticated:
      return 401;
    case core::ErrorCode::kPermissionDenied:
      return 403;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kAlreadyExists:
    case core::ErrorCode::kConflict:
    case core::ErrorCode::kFailedPrecondition:
      return 409;
    case core::ErrorCode::kResourceExhausted:
      return 429;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(int status, std::string_view code, std::string_view message_key, core::Language language,
                       std::string_view request_id, std::string_view pointer) {
  std::string body = R"({"error":{"code":")";
  core::AppendJsonEscaped(body, code);
  body += R"(","message":")";
  core::AppendJsonEscaped(body, core::Messages::Get().Text(language, message_key));
  body += R"(","request_id":")";
  core::AppendJsonEscaped(body, request_id);
  if (!pointer.empty()) {
    body += R"(","pointer":")";
    core::AppendJsonEscaped(body, pointer);
  }
  body += "\"}}";
  Response response = Response::Json(status, std::move(body));
  if (status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return response;
}

Response ErrorResponse(const core::Error& error, const Request& request) {
  const auto& messages = core::Messages::Get();
  const std::string generic_key = "error." + std::string(core::ToString(error.code));
  const bool known_reason = !error.reason.empty() && messages.Has(request.language, error.reason);
  const std::string_view code = error.reason.empty() ? core::ToString(error.code) : std::string_view(error.reason);
  // Internal details never reach the client; the log has them.
  if (error.code == core::ErrorCode::kInternal) {
    spdlog::error("request {}: {}", request.request_id, error.message);
  } else if (error.code == core::ErrorCode::kUnavailable) {
    spdlog::warn("request {}: {}", request.request_id, error.message);
  }
  if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
    return ErrorResponse(StatusFor(error.code), core::ToString(error.code), generic_key, request.language,
                         request.request_id);
  }
  return ErrorResponse(StatusFor(error.code), code, known_reason ? error.reason : generic_key, request.language,
                       request.request_id);
}

}  // namespace ismap::http
