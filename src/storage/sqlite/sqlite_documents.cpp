#include "storage/sqlite/sqlite_documents.hpp"

#include <fmt/format.h>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error NotFound(domain::DocumentId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "document.not_found",
                         fmt::format("document {} not found", id.value()));
}

// Columns: id, sha256, size, file_name, media_type, classification, organization_id, subject,
// uploaded_by, created_at.
Result<domain::Document> ReadDocument(const Statement& row) {
  domain::Document document;
  document.id = domain::DocumentId(row.Int(0));
  document.info.sha256 = row.Text(1);
  document.info.size = row.Int(2);
  document.info.file_name = row.Text(3);
  document.info.media_type = row.Text(4);
  const auto classification = domain::ClassificationFromString(row.Text(5));
  if (!classification || !core::ParseRfc3339(row.Text(9), &document.created_at)) {
    return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt",
                           fmt::format("document {} is malformed", document.id.value()));
  }
  document.info.classification = *classification;
  document.info.owner = domain::OrganizationId(row.Int(6));
  document.info.subject = row.OptionalText(7);
  if (const auto user = row.OptionalInt(8)) {
    document.info.uploaded_by = domain::UserId(*user);
  }
  return document;
}

}  // namespace

Result<domain::Document> SqliteDocumentRepository::Insert(const domain::NewDocument& document, std::string_view bytes,
                                                          core::TimePoint now) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertDocumentContent));
    statement->Bind(1, std::string_view(document.sha256));
    statement->Bind(2, document.size);
    statement->BindBlob(3, bytes);
    ISMAP_RETURN_IF_ERROR(statement->Run());
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertDocument));
  statement->Bind(1, std::string_view(document.sha256));
  statement->Bind(2, std::string_view(document.file_name));
  statement->Bind(3, std::string_view(document.media_type));
  statement->Bind(4, domain::ToString(document.classification));
  statement->Bind(5, document.owner.value());
  statement->Bind(6, document.subject);
  statement->Bind(7, document.uploaded_by ? std::optional<std::int64_t>(document.uploaded_by->value()) : std::nullopt);
  statement->Bind(8, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(statement->Run());
  return domain::Document{domain::DocumentId(sqlite3_last_insert_rowid(connection_.raw())), document, now};
}

Result<domain::Document> SqliteDocumentRepository::Get(domain::DocumentId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectDocument));
  statement->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return NotFound(id);
  }
  return ReadDocument(*statement.operator->());
}

Result<std::string> SqliteDocumentRepository::Content(domain::DocumentId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectDocumentContent));
  statement->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) {
    return NotFound(id);
  }
  return statement->Blob(0);
}

Result<std::vector<domain::Document>> SqliteDocumentRepository::ListBySubject(const std::string& subject) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListDocumentsBySubject));
  statement->Bind(1, std::string_view(subject));
  std::vector<domain::Document> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(auto document, ReadDocument(*statement.operator->()));
    out.push_back(std::move(document));
  }
}

}  // namespace ismap::storage::sqlite
