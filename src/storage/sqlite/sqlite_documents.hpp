// SQLite implementation of the document repository, bound to one connection inside one
// transaction. Bytes are BLOBs in document_contents, once per SHA-256.
#pragma once

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteDocumentRepository final : public DocumentRepository {
 public:
  explicit SqliteDocumentRepository(Connection& connection) : connection_(connection) {}
  Result<domain::Document> Insert(const domain::NewDocument& document, std::string_view bytes,
                                  core::TimePoint now) override;
  Result<domain::Document> Get(domain::DocumentId id) override;
  Result<std::string> Content(domain::DocumentId id) override;
  Result<std::vector<domain::Document>> ListBySubject(const std::string& subject) override;

 private:
  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
