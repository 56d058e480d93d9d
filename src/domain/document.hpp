// Documents (DESIGN.md §3, §4): files that applicants, audit bodies and the programme attach to
// applications, reports and decisions. A document is its bytes (kept once per SHA-256, stored in the
// database), a media type that the content itself confirms, a classification, an owner
// organisation and optionally the subject it belongs to ("audit_body_application/12").
//
// Pure rules: the classification, what an uploaded file may be called, which media types are
// accepted and when a declared type agrees with the one sniffed from the bytes. Sniffing itself
// (libmagic) is core::SniffMediaType; storing is storage::DocumentRepository; who may read is
// app::Authorize.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

using DocumentId = core::StrongId<struct DocumentTag>;

// kPublic: anyone may read it (public lists, published decisions).
// kRestricted: the owner organisation and the readers its subject's workflow names, by
//   organisation or by role (DESIGN.md §3: the statement annex, the report of results).
// kConfidential: the owner organisation and the organisations named for its subject; roles
//   alone never open it.
// Every read of a restricted or confidential document is a ledger event.
enum class Classification { kPublic, kRestricted, kConfidential };
std::string_view ToString(Classification classification);
std::optional<Classification> ClassificationFromString(std::string_view text);

inline constexpr std::size_t kDefaultMaxDocumentBytes = 20 * 1024 * 1024;
inline constexpr std::size_t kMaxFileNameBytes = 255;
inline constexpr std::size_t kMaxSubjectBytes = 200;

// Media types.
inline constexpr char kPdf[] = "application/pdf";
inline constexpr char kPng[] = "image/png";
inline constexpr char kJpeg[] = "image/jpeg";
inline constexpr char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr char kDocx[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr char kCsv[] = "text/csv";
inline constexpr char kPlainText[] = "text/plain";
inline constexpr char kJson[] = "application/json";

// PDF, PNG, JPEG, XLSX, DOCX, CSV, plain text and JSON: the default of documents.allowed_types.
const std::vector<std::string>& DefaultAllowedMediaTypes();

// "text/CSV; charset=utf-8" → "text/csv": the type and subtype, lowercased, without parameters.
std::string EssenceOf(std::string_view media_type);

// The file name's extension, lowercased, without the dot ("pdf"); empty when there is none.
std::string ExtensionOf(std::string_view file_name);

// The media type a file name's extension stands for among the known ones ("report.PDF" →
// application/pdf); nullopt for an unknown or missing extension.
std::optional<std::string> MediaTypeForExtension(std::string_view file_name);

// A stored name must be shown and offered back as a download, so it is a plain name: 1 to 255
// bytes of valid UTF-8, no control characters, no '/' or '\', not "." or "..", not starting with
// a space or ending with a space or dot. kInvalidArgument (document.bad_file_name).
core::Result<void> CheckFileName(std::string_view file_name);

// "<kind>/<id>": kind [a-z][a-z0-9_]{0,62}, id [A-Za-z0-9._-]{1,100}.
// kInvalidArgument (document.bad_subject).
core::Result<void> CheckSubject(std::string_view subject);
// The part before the '/' of a valid subject ("audit_body_application").
std::string_view SubjectKind(std::string_view subject);
// The part after it ("12").
std::string_view SubjectId(std::string_view subject);

// Decides the media type a document is stored under, from the type the uploader declared (the
// Content-Type it sent), its file name and the type sniffed from its bytes (libmagic).
// - A declared type that is empty or application/octet-stream says nothing: the file name's
//   extension declares the type instead.
// - The declared type must be in `allowed` (the documents.allowed_types setting).
// - The sniffed type must agree with it: the same type, or for XLSX and DOCX (ZIP containers that
//   libmagic often names application/zip) application/zip, or for the text types (plain text, CSV,
//   JSON) any of those three.
// - A known extension must name the declared type (a PNG called "report.pdf" is refused), and the
//   ZIP-based types need their extension (.xlsx, .docx), since the sniffer cannot tell them apart.
// Returns the declared type's essence. Errors, kInvalidArgument:
//   document.type_not_allowed  the declared or sniffed type is not accepted;
//   document.type_mismatch     the declared type, the extension and the content disagree.
core::Result<std::string> AgreeMediaType(std::string_view declared, std::string_view file_name,
                                         std::string_view sniffed, const std::vector<std::string>& allowed);

// For a ZIP archive declared as XLSX or DOCX (libmagic names many of them application/zip): true
// when it holds the parts such a package has, "[Content_Types].xml" and the main folder ("xl/" for
// XLSX, "word/" for DOCX), so that any archive renamed to .xlsx is not taken for a workbook.
bool HoldsOoxmlParts(std::string_view zip_bytes, std::string_view media_type);

struct NewDocument {
  std::string file_name;
  std::string media_type;  // as AgreeMediaType decided
  Classification classification = Classification::kRestricted;
  OrganizationId owner;
  std::optional<std::string> subject;  // "audit_body_application/12"
  std::string sha256;                  // lowercase hex of the bytes
  std::int64_t size = 0;               // bytes
  std::optional<UserId> uploaded_by;   // none for the system (imports, demo data)
};

struct Document {
  DocumentId id;
  NewDocument info;
  core::TimePoint created_at;
};

// kInvalidArgument: document.empty (no bytes), document.too_large (more than `max_bytes`).
core::Result<void> CheckDocumentSize(std::size_t size, std::size_t max_bytes);

}  // namespace ismap::domain
