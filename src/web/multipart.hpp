// multipart/form-data bodies (RFC 7578), for the page forms that upload a file (an audit report, a
// statement's spreadsheet). Pure functions on untrusted input; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/form.hpp"

namespace ismap::web {

// One uploaded file. `bytes` points into the parsed body: REQUIRES the body outlives it.
struct FilePart {
  std::string field;         // the form field's name
  std::string file_name;     // as the browser sent it (UTF-8); empty when no file was chosen
  std::string content_type;  // as sent; may be empty
  std::string_view bytes;
};

struct MultipartForm {
  Form fields;  // the parts without a file name, as a form
  std::vector<FilePart> files;

  // The file sent as `field` with a file name, if any.
  const FilePart* File(std::string_view field) const;
};

// The boundary of a multipart/form-data Content-Type ("multipart/form-data; boundary=x"), or "" when
// the type is another one or names none.
std::string MultipartBoundary(std::string_view content_type);

// Parses `body` split by `boundary`: each part's Content-Disposition names the field (and for a file
// its file name); text fields must be valid UTF-8. nullopt when malformed (no closing delimiter, a
// part without a name, headers that do not end).
std::optional<MultipartForm> ParseMultipart(std::string_view boundary, std::string_view body);

}  // namespace ismap::web
