// The XLSX container, internal to ismap_tabular: a ZIP archive opened from memory (libzip) whose XML
// parts are streamed through expat, as they inflate, to a handler. Untrusted input is bounded here:
// the size of each part and of all parts read (XlsxReadOptions), counted on the inflated bytes since
// ZIP headers can lie; DTDs are refused (OOXML has none; they carry entity-expansion attacks).
// Element and attribute names reach handlers as local names, so any namespace prefix, and strict
// OOXML's namespaces, read alike. Thread-compatible.
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tabular/xlsx.hpp"

namespace ismap::tabular::internal {

// Receives the elements of one XML part; setting `error` stops the parse.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view /*text*/) {}
  std::optional<core::Error> error;
};

// The value of the attribute whose local name is `local` ("id" finds r:id), or nullptr.
const char* Attribute(const char** attrs, std::string_view local);

class XlsxArchive {
 public:
  // REQUIRES: `bytes` outlives the archive. Errors: tabular.xlsx_not_zip, tabular.xlsx_legacy_xls.
  static core::Result<XlsxArchive> Open(std::string_view bytes, const XlsxReadOptions& options);

  bool Has(const std::string& part) const;

  // Streams `part` ("xl/workbook.xml") through `handler`. `what` names it in messages, e.g.
  // `sheet "管理策" (xl/worksheets/sheet1.xml)`. Errors: tabular.xlsx_missing_part,
  // tabular.xlsx_entry_too_large, tabular.xlsx_bad_xml, tabular.xlsx_not_zip, or the handler's.
  core::Result<void> Parse(const std::string& part, const std::string& what, XmlHandler& handler);

 private:
  struct ZipDiscard {
    void operator()(zip_t* zip) const { zip_discard(zip); }
  };
  XlsxArchive(zip_t* zip, const XlsxReadOptions& options);
  core::Error TooLarge(const std::string& what) const;

  std::unique_ptr<zip_t, ZipDiscard> zip_;
  XlsxReadOptions options_;
  std::uint64_t total_ = 0;  // bytes inflated so far, all parts
};

}  // namespace ismap::tabular::internal
