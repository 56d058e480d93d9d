// PostgreSQL implementation of the document repository, bound to one connection inside one
// transaction. Bytes are bytea in document_contents, once per SHA-256.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresDocumentRepository final : public DocumentRepository {
 public:
  explicit PostgresDocumentRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Document> Insert(const domain::NewDocument& document, std::string_view bytes,
                                  core::TimePoint now) override;
  Result<domain::Document> Get(domain::DocumentId id) override;
  Result<std::string> Content(domain::DocumentId id) override;
  Result<std::vector<domain::Document>> ListBySubject(const std::string& subject) override;

 private:
  PgConnection& connection_;
};

}  // namespace ismap::storage::postgres
