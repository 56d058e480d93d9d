// Use cases on documents (DESIGN.md §3, issue 6): uploading a file with its checks (size, name,
// content type sniffed with libmagic, SHA-256) and reading it back, authorised by app::Authorize.
//
// Who may read a document that is not public depends on what it belongs to, which only the
// workflow of its subject knows: an audit-body application's documents are the applicant's, the
// evaluator's, the reviewers' and the committee's. So the use cases do not decide it; their caller
// passes a DocumentReaders, where each workflow registers, for its subject kind
// ("audit_body_application" of "audit_body_application/12"), a resolver that returns the
// organisations and roles allowed to read that subject. A document without a subject, or whose
// subject kind nobody registered, is readable by its owner organisation only (and by anyone when
// public). Confidential documents ignore the roles a resolver gives: organisations only.
//
// Ledger: every upload is document.uploaded (sha256, size, type, classification; never the bytes);
// every read of the bytes of a restricted or confidential document is document.downloaded (who and
// which), written in the transaction that reads them, so no bytes leave without their event.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/document.hpp"
#include "storage/database.hpp"

namespace ismap::app {

inline constexpr char kEventDocumentUploaded[] = "document.uploaded";
inline constexpr char kEventDocumentDownloaded[] = "document.downloaded";

// config documents.max_bytes and documents.allowed_types.
struct DocumentSettings {
  std::size_t max_bytes = domain::kDefaultMaxDocumentBytes;
  std::vector<std::string> allowed_types = domain::DefaultAllowedMediaTypes();
};

// The readers of each subject kind. Workflows register while the program starts; afterwards it is
// only read, from any thread.
class DocumentReaders {
 public:
  // The organisations and roles that may read the documents of subject "<kind>/<id>" (given the id).
  // Runs inside the reading use case's unit of work, so it can load the subject.
  using Resolver = std::function<core::Result<Readers>(storage::UnitOfWork& uow, std::string_view subject_id)>;

  // REQUIRES: no resolver registered for `kind` yet; not called while requests are served.
  void Register(std::string kind, Resolver resolver);

  // The readers of `document`: is_public for public documents; else those of its subject's
  // resolver (none without one), with roles_apply false for confidential documents.
  core::Result<Readers> ReadersOf(storage::UnitOfWork& uow, const domain::Document& document) const;

 private:
  std::map<std::string, Resolver, std::less<>> resolvers_;
};

struct DocumentUpload {
  std::string file_name;
  std::string declared_type;  // the Content-Type sent; empty or application/octet-stream: by extension
  domain::Classification classification = domain::Classification::kRestricted;
  std::optional<std::string> subject;  // "audit_body_application/12"
  std::string_view bytes;              // REQUIRES: outlives the call
};

// What the checks make of an upload before it is stored: size, name, subject, type, SHA-256.
// Errors, kInvalidArgument: document.empty, document.too_large, document.bad_file_name,
// document.bad_subject, document.type_not_allowed, document.type_mismatch. kInternal when
// libmagic cannot be loaded.
core::Result<domain::NewDocument> CheckUpload(const DocumentSettings& settings, const DocumentUpload& upload,
                                              domain::OrganizationId owner, std::optional<domain::UserId> uploaded_by);

// Stores a checked document and records document.uploaded, in the caller's unit of work: for a
// workflow step that attaches a file and must commit with it. The caller has authorised the step.
// REQUIRES: `uow` is a write transaction; `bytes` is what `document` was checked from.
core::Result<domain::Document> StoreDocument(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const Principal& principal, const domain::NewDocument& document,
                                             std::string_view bytes);

// POST /api/v1/documents: a signed-in user uploads a file owned by their organisation.
// kUnauthenticated / kPermissionDenied (upload_document), CheckUpload's errors.
core::Result<domain::Document> UploadDocument(storage::Database& db, const core::Clock& clock,
                                              const Principal& principal, const DocumentSettings& settings,
                                              const DocumentUpload& upload);

// A document's metadata, for those who may read it. kNotFound (document.not_found),
// kUnauthenticated / kPermissionDenied (read_document).
core::Result<domain::Document> GetDocument(storage::Database& db, const Principal& principal,
                                           const DocumentReaders& readers, domain::DocumentId id);

struct DocumentContent {
  domain::Document document;
  std::string bytes;
};

// A document's bytes, for those who may read it; records document.downloaded unless it is public.
// Errors as GetDocument.
core::Result<DocumentContent> DownloadDocument(storage::Database& db, const core::Clock& clock,
                                               const Principal& principal, const DocumentReaders& readers,
                                               domain::DocumentId id);

}  // namespace ismap::app
