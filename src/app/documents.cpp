#include "app/documents.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"
#include "core/crypto.hpp"
#include "core/media_sniff.hpp"

namespace ismap::app {
namespace {

std::string SubjectOf(const domain::Document& document) { return "document/" + std::to_string(document.id.value()); }

nlohmann::json Describe(const domain::Document& document) {
  return {
      {"sha256", document.info.sha256},
      {"size", document.info.size},
      {"media_type", document.info.media_type},
      {"classification", domain::ToString(document.info.classification)},
      {"owner_organization_id", document.info.owner.value()},
      {"subject", document.info.subject ? nlohmann::json(*document.info.subject) : nlohmann::json()},
  };
}

// Loads the document and checks that `principal` may read it, inside `uow`.
core::Result<domain::Document> LoadReadable(storage::UnitOfWork& uow, const Principal& principal,
                                            const DocumentReaders& readers, domain::DocumentId id) {
  ISMAP_ASSIGN_OR_RETURN(auto document, uow.Documents().Get(id));
  ISMAP_ASSIGN_OR_RETURN(auto allowed, readers.ReadersOf(uow, document));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadDocument, Resource{document.info.owner, std::move(allowed)}));
  return document;
}

}  // namespace

void DocumentReaders::Register(std::string kind, Resolver resolver) {
  resolvers_.emplace(std::move(kind), std::move(resolver));
}

core::Result<Readers> DocumentReaders::ReadersOf(storage::UnitOfWork& uow, const domain::Document& document) const {
  Readers readers;
  if (document.info.classification == domain::Classification::kPublic) {
    readers.is_public = true;
    return readers;
  }
  if (document.info.subject) {
    const auto it = resolvers_.find(domain::SubjectKind(*document.info.subject));
    if (it != resolvers_.end()) {
      ISMAP_ASSIGN_OR_RETURN(readers, it->second(uow, domain::SubjectId(*document.info.subject)));
    }
  }
  readers.is_public = false;  // a resolver cannot make a restricted document public
  readers.roles_apply = document.info.classification == domain::Classification::kRestricted && readers.roles_apply;
  return readers;
}

core::Result<domain::NewDocument> CheckUpload(const DocumentSettings& settings, const DocumentUpload& upload,
                                              domain::OrganizationId owner, std::optional<domain::UserId> uploaded_by) {
  ISMAP_RETURN_IF_ERROR(domain::CheckDocumentSize(upload.bytes.size(), settings.max_bytes));
  ISMAP_RETURN_IF_ERROR(domain::CheckFileName(upload.file_name));
  if (upload.subject) {
    ISMAP_RETURN_IF_ERROR(domain::CheckSubject(*upload.subject));
  }
  ISMAP_ASSIGN_OR_RETURN(std::string sniffed, core::SniffMediaType(upload.bytes));
  ISMAP_ASSIGN_OR_RETURN(std::string media_type, domain::AgreeMediaType(upload.declared_type, upload.file_name, sniffed,
                                                                        settings.allowed_types));
  if (domain::EssenceOf(sniffed) == "application/zip" && !domain::HoldsOoxmlParts(upload.bytes, media_type)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "document.type_mismatch",
                           "a ZIP archive without the parts of a " + media_type + " package");
  }
  domain::NewDocument document;
  document.file_name = upload.file_name;
  document.media_type = std::move(media_type);
  document.classification = upload.classification;
  document.owner = owner;
  document.subject = upload.subject;
  document.sha256 = core::Sha256Hex(upload.bytes);
  document.size = static_cast<std::int64_t>(upload.bytes.size());
  document.uploaded_by = uploaded_by;
  return document;
}

core::Result<domain::Document> StoreDocument(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const Principal& principal, const domain::NewDocument& document,
                                             std::string_view bytes) {
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow.Documents().Insert(document, bytes, clock.Now()));
  ISMAP_RETURN_IF_ERROR(RecordEvent(uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    kEventDocumentUploaded, SubjectOf(stored), Describe(stored).dump()));
  return stored;
}

core::Result<domain::Document> UploadDocument(storage::Database& db, const core::Clock& clock,
                                              const Principal& principal, const DocumentSettings& settings,
                                              const DocumentUpload& upload) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kUploadDocument));
  // Sniffing and hashing happen before the transaction: no lock is held for them.
  ISMAP_ASSIGN_OR_RETURN(auto document,
                         CheckUpload(settings, upload, principal.user->organization_id, principal.user->id));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto stored, StoreDocument(*uow, clock, principal, document, upload.bytes));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return stored;
}

core::Result<domain::Document> GetDocument(storage::Database& db, const Principal& principal,
                                           const DocumentReaders& readers, domain::DocumentId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadDocument));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return LoadReadable(*uow, principal, readers, id);
}

core::Result<DocumentContent> DownloadDocument(storage::Database& db, const core::Clock& clock,
                                               const Principal& principal, const DocumentReaders& readers,
                                               domain::DocumentId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadDocument));
  {
    // Public documents are read without taking the write lock.
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto document, LoadReadable(*uow, principal, readers, id));
    if (document.info.classification == domain::Classification::kPublic) {
      ISMAP_ASSIGN_OR_RETURN(auto bytes, uow->Documents().Content(id));
      return DocumentContent{std::move(document), std::move(bytes)};
    }
  }
  // Restricted and confidential: the bytes are read in the transaction that records the reading,
  // and returned only once it has committed. Checked again here: the readers may have changed.
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto document, LoadReadable(*uow, principal, readers, id));
  ISMAP_ASSIGN_OR_RETURN(auto bytes, uow->Documents().Content(id));
  nlohmann::json payload = Describe(document);
  payload.erase("size");
  payload.erase("media_type");
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    kEventDocumentDownloaded, SubjectOf(document), payload.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return DocumentContent{std::move(document), std::move(bytes)};
}

}  // namespace ismap::app
