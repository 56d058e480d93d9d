// /api/v1/documents: uploading a file (the raw request body) and reading it back, its metadata
// and its bytes. Who may read is app::Authorize's (app/documents.hpp); restricted reads are
// ledger events.
//
// POST /api/v1/documents?classification=public|restricted|confidential&subject=<kind>/<id>
//   body: the file's bytes, as they are (no multipart);
//   Content-Type: the file's type (application/octet-stream or none: by the file name's extension);
//   X-Filename: the file's name, percent-encoded UTF-8 ("%E5%A0%B1%E5%91%8A.pdf").
//   classification defaults to restricted. 201 with the document's metadata and a Location.
//   413 document.too_large, 415 document.type_not_allowed / document.type_mismatch,
//   400 document.empty / document.bad_file_name / document.bad_subject / invalid_parameter.
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "http/api/api.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

std::string ContentPath(const domain::Document& document) {
  return "/api/v1/documents/" + std::to_string(document.id.value()) + "/content";
}

json DocumentToJson(const domain::Document& document) {
  const domain::NewDocument& info = document.info;
  return json{
      {"id", document.id.value()},
      {"file_name", info.file_name},
      {"media_type", info.media_type},
      {"size", info.size},
      {"sha256", info.sha256},
      {"classification", domain::ToString(info.classification)},
      {"owner_organization_id", info.owner.value()},
      {"subject", info.subject ? json(*info.subject) : json(nullptr)},
      {"uploaded_by", info.uploaded_by ? json(info.uploaded_by->value()) : json(nullptr)},
      {"created_at", core::FormatRfc3339(document.created_at)},
      {"content_url", ContentPath(document)},
  };
}

// Upload refusals have statuses of their own: 413 for size, 415 for type.
Response UploadError(const core::Error& error, const Request& request) {
  if (error.reason == "document.too_large") {
    return ErrorResponse(413, error.reason, error.reason, request.language, request.request_id);
  }
  if (error.reason == "document.type_not_allowed" || error.reason == "document.type_mismatch") {
    return ErrorResponse(415, error.reason, error.reason, request.language, request.request_id);
  }
  return ErrorResponse(error, request);
}

// RFC 6266 / RFC 8187: an ASCII fallback name, and the real one percent-encoded as UTF-8.
std::string ContentDisposition(const std::string& file_name) {
  std::string fallback;
  std::string encoded;
  for (const char c : file_name) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    fallback.push_back(plain ? c : (byte < 0x80 && c != '"' && c != '\\' && byte >= 0x20 ? c : '_'));
    if (plain) {
      encoded.push_back(c);
    } else {
      constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0x0F]);
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

template <class Fn>
Handler WithCaller(ApiContext& context, Fn fn) {
  return [&context, fn](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    return fn(request, caller->principal);
  };
}

}  // namespace

void RegisterDocumentRoutes(Router& router, ApiContext& context) {
  app::Services& services = context.services;

  router.Add(Method::kPost, "/api/v1/documents", app::Action::kUploadDocument,
             WithCaller(context, [&services](const Request& request, const app::Principal& principal) {
               // Authorise before looking at the body, so the public learns nothing from validation.
               if (auto allowed = app::Authorize(principal, app::Action::kUploadDocument); !allowed) {
                 return ErrorResponse(allowed.error(), request);
               }
               app::DocumentUpload upload;
               const std::string_view classification = request.Query("classification");
               if (!classification.empty()) {
                 const auto parsed = domain::ClassificationFromString(classification);
                 if (!parsed) {
                   return BadParameter(request, "/classification");
                 }
                 upload.classification = *parsed;
               }
               if (!request.Query("subject").empty()) {
                 upload.subject = std::string(request.Query("subject"));
               }
               auto name = core::PercentDecode(request.Header("x-filename"), false);
               if (!name) {
                 return ErrorResponse(400, "document.bad_file_name", "document.bad_file_name", request.language,
                                      request.request_id);
               }
               upload.file_name = std::move(*name);
               upload.declared_type = std::string(request.Header("content-type"));
               upload.bytes = request.body;
               auto stored = services.UploadDocument(principal, upload);
               if (!stored) {
                 return UploadError(stored.error(), request);
               }
               Response response = Response::Json(201, DocumentToJson(*stored).dump());
               response.headers.emplace_back("Location", "/api/v1/documents/" + std::to_string(stored->id.value()));
               return response;
             }));

  router.Add(Method::kGet, "/api/v1/documents/{id}", app::Action::kReadDocument,
             WithCaller(context, [&services](const Request& request, const app::Principal& principal) {
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "document.not_found", "document.not_found", request.language,
                                      request.request_id);
               }
               auto document = services.GetDocument(principal, domain::DocumentId(*id));
               if (!document) {
                 return ErrorResponse(document.error(), request);
               }
               Response response = Response::Json(200, DocumentToJson(*document).dump());
               response.headers.emplace_back("Cache-Control", "private, no-store");
               return response;
             }));

  router.Add(Method::kGet, "/api/v1/documents/{id}/content", app::Action::kReadDocument,
             WithCaller(context, [&services](const Request& request, const app::Principal& principal) {
               const auto id = PositiveId(request.Param("id"));
               if (!id) {
                 return ErrorResponse(404, "document.not_found", "document.not_found", request.language,
                                      request.request_id);
               }
               auto content = services.DownloadDocument(principal, domain::DocumentId(*id));
               if (!content) {
                 return ErrorResponse(content.error(), request);
               }
               const domain::NewDocument& info = content->document.info;
               Response response;
               response.status = 200;
               response.content_type = info.media_type;
               response.body = std::move(content->bytes);
               // Always a download, never shown in the page's origin (X-Content-Type-Options: nosniff
               // comes with every response).
               response.headers.emplace_back("Content-Disposition", ContentDisposition(info.file_name));
               response.headers.emplace_back("ETag", "\"" + info.sha256 + "\"");
               response.headers.emplace_back("Cache-Control", info.classification == domain::Classification::kPublic
                                                                  ? "public, no-cache"
                                                                  : "private, no-store");
               return response;
             }));
}

}  // namespace ismap::http::api
