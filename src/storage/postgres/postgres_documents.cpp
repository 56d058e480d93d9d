#include "storage/postgres/postgres_documents.hpp"

#include <fmt/format.h>

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

core::Error NotFound(domain::DocumentId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "document.not_found",
                         fmt::format("document {} not found", id.value()));
}

core::Error Corrupt(std::string what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", std::move(what));
}

// bytea's hex input form: \x followed by two hex digits per byte.
std::string ByteaHex(std::string_view bytes) {
  std::string out;
  out.reserve(2 + bytes.size() * 2);
  out += "\\x";
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0x0F]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// encode(content, 'hex') back to bytes.
std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = HexValue(hex[2 * i]);
    const int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) {
      return std::nullopt;
    }
    out[i] = static_cast<char>((high << 4) | low);
  }
  return out;
}

// Columns: id, sha256, size, file_name, media_type, classification, organization_id, subject,
// uploaded_by, created_at.
Result<domain::Document> ReadDocument(const PgResult& r, int row) {
  domain::Document document;
  document.id = domain::DocumentId(r.Int(row, 0));
  document.info.sha256 = r.Text(row, 1);
  document.info.size = r.Int(row, 2);
  document.info.file_name = r.Text(row, 3);
  document.info.media_type = r.Text(row, 4);
  const auto classification = domain::ClassificationFromString(r.Text(row, 5));
  if (!classification || !core::ParseRfc3339(r.Text(row, 9), &document.created_at)) {
    return Corrupt(fmt::format("document {} is malformed", document.id.value()));
  }
  document.info.classification = *classification;
  document.info.owner = domain::OrganizationId(r.Int(row, 6));
  document.info.subject = r.OptionalText(row, 7);
  if (const auto user = r.OptionalInt(row, 8)) {
    document.info.uploaded_by = domain::UserId(*user);
  }
  return document;
}

}  // namespace

Result<domain::Document> PostgresDocumentRepository::Insert(const domain::NewDocument& document, std::string_view bytes,
                                                            core::TimePoint now) {
  ISMAP_RETURN_IF_ERROR(
      connection_.Run(kInsertDocumentContent, {document.sha256, std::to_string(document.size), ByteaHex(bytes)}));
  const Param uploaded_by = document.uploaded_by ? Param(std::to_string(document.uploaded_by->value())) : std::nullopt;
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kInsertDocument, {document.sha256, document.file_name, document.media_type,
                                                           std::string(domain::ToString(document.classification)),
                                                           std::to_string(document.owner.value()), document.subject,
                                                           uploaded_by, core::FormatRfc3339(now)}));
  return domain::Document{domain::DocumentId(result.Int(0, 0)), document, now};
}

Result<domain::Document> PostgresDocumentRepository::Get(domain::DocumentId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectDocument, {std::to_string(id.value())}));
  if (result.Rows() == 0) {
    return NotFound(id);
  }
  return ReadDocument(result, 0);
}

Result<std::string> PostgresDocumentRepository::Content(domain::DocumentId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectDocumentContent, {std::to_string(id.value())}));
  if (result.Rows() == 0) {
    return NotFound(id);
  }
  auto bytes = FromHex(
      std::string_view(PQgetvalue(result.raw(), 0, 0), static_cast<std::size_t>(PQgetlength(result.raw(), 0, 0))));
  if (!bytes) {
    return Corrupt(fmt::format("document {} has malformed content", id.value()));
  }
  return std::move(*bytes);
}

Result<std::vector<domain::Document>> PostgresDocumentRepository::ListBySubject(const std::string& subject) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListDocumentsBySubject, {subject}));
  std::vector<domain::Document> out;
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(auto document, ReadDocument(result, row));
    out.push_back(std::move(document));
  }
  return out;
}

}  // namespace ismap::storage::postgres
