// XlsxArchive: libzip reads the ZIP container from memory; expat parses each part as it inflates.
#include "tabular/xlsx_archive.hpp"

#include <expat.h>
#include <fmt/core.h>

#include <utility>
#include <vector>

namespace ismap::tabular::internal {

namespace {

using core::ErrorCode;
using core::MakeError;

core::Error Invalid(std::string reason, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

// Expat (created with '|' as separator) reports names as "namespace-uri|local".
std::string_view LocalName(const char* name) {
  const std::string_view full(name);
  const std::size_t bar = full.rfind('|');
  return bar == std::string_view::npos ? full : full.substr(bar + 1);
}

// Routes expat's callbacks to a handler and stops at its first error.
struct ExpatContext {
  XML_Parser parser;
  XmlHandler* handler;
};

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* ctx = static_cast<ExpatContext*>(data);
  ctx->handler->Start(LocalName(name), attrs);
  if (ctx->handler->error) {
    XML_StopParser(ctx->parser, XML_FALSE);
  }
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  auto* ctx = static_cast<ExpatContext*>(data);
  ctx->handler->End(LocalName(name));
  if (ctx->handler->error) {
    XML_StopParser(ctx->parser, XML_FALSE);
  }
}

void XMLCALL OnText(void* data, const XML_Char* text, int len) {
  static_cast<ExpatContext*>(data)->handler->Text(std::string_view(text, static_cast<std::size_t>(len)));
}

// OOXML parts never declare a DTD; one here is an attack on the parser (entity expansion).
void XMLCALL OnDoctype(void* data, const XML_Char* /*name*/, const XML_Char* /*sysid*/, const XML_Char* /*pubid*/,
                       int /*has_internal_subset*/) {
  auto* ctx = static_cast<ExpatContext*>(data);
  ctx->handler->error = Invalid("tabular.xlsx_bad_xml", "a DTD (<!DOCTYPE>), which XLSX parts never have");
  XML_StopParser(ctx->parser, XML_FALSE);
}

struct ZipFileClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
struct ExpatFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

}  // namespace

const char* Attribute(const char** attrs, std::string_view local) {
  for (; *attrs != nullptr; attrs += 2) {
    if (LocalName(attrs[0]) == local) {
      return attrs[1];
    }
  }
  return nullptr;
}

core::Result<XlsxArchive> XlsxArchive::Open(std::string_view bytes, const XlsxReadOptions& options) {
  if (bytes.starts_with("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
    return Invalid("tabular.xlsx_legacy_xls",
                   "the file is an old .xls workbook or a password-protected one; in Excel, save it as "
                   "\"Excel Workbook (*.xlsx)\" without a password");
  }
  if (bytes.empty()) {
    return Invalid("tabular.xlsx_not_zip", "the file is empty");
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (zip == nullptr) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (source != nullptr) {
      zip_source_free(source);
    }
    return Invalid("tabular.xlsx_not_zip", "the file is not an XLSX workbook (ZIP: " + why + ")");
  }
  zip_error_fini(&error);
  return XlsxArchive(zip, options);
}

XlsxArchive::XlsxArchive(zip_t* zip, const XlsxReadOptions& options) : zip_(zip), options_(options) {}

bool XlsxArchive::Has(const std::string& part) const { return zip_name_locate(zip_.get(), part.c_str(), 0) >= 0; }

core::Result<void> XlsxArchive::Parse(const std::string& part, const std::string& what, XmlHandler& handler) {
  const zip_int64_t index = zip_name_locate(zip_.get(), part.c_str(), 0);
  if (index < 0) {
    return Invalid("tabular.xlsx_missing_part", fmt::format("{}: missing from the archive", what));
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    return Invalid("tabular.xlsx_not_zip", fmt::format("{}: {}", what, zip_strerror(zip_.get())));
  }
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > options_.max_entry_bytes) {
    return TooLarge(what);
  }
  std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) {
    return Invalid("tabular.xlsx_not_zip", fmt::format("{}: {}", what, zip_strerror(zip_.get())));
  }
  std::unique_ptr<XML_ParserStruct, ExpatFree> parser(XML_ParserCreateNS(nullptr, '|'));
  if (!parser) {
    return MakeError(ErrorCode::kInternal, "tabular.xlsx_out_of_memory", "cannot create an XML parser");
  }
  ExpatContext ctx{parser.get(), &handler};
  XML_SetUserData(parser.get(), &ctx);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);

  std::vector<char> buffer(64 * 1024);
  std::uint64_t size = 0;
  while (true) {
    // Sizes in the ZIP header may lie: count what actually inflates.
    const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return Invalid("tabular.xlsx_not_zip", fmt::format("{}: {}", what, zip_file_strerror(file.get())));
    }
    size += static_cast<std::uint64_t>(n);
    total_ += static_cast<std::uint64_t>(n);
    if (size > options_.max_entry_bytes || total_ > options_.max_total_bytes) {
      return TooLarge(what);
    }
    if (XML_Parse(parser.get(), buffer.data(), static_cast<int>(n), n == 0) != XML_STATUS_OK) {
      if (handler.error) {
        core::Error e = std::move(*handler.error);
        e.message = what + ": " + e.message;
        return e;
      }
      return Invalid(
          "tabular.xlsx_bad_xml",
          fmt::format("{}: malformed XML at line {}, column {}: {}", what, XML_GetCurrentLineNumber(parser.get()),
                      XML_GetCurrentColumnNumber(parser.get()), XML_ErrorString(XML_GetErrorCode(parser.get()))));
    }
    if (n == 0) {
      return core::Ok();
    }
  }
}

core::Error XlsxArchive::TooLarge(const std::string& what) const {
  return Invalid("tabular.xlsx_entry_too_large",
                 fmt::format("{}: larger than allowed uncompressed ({} bytes per part, {} in all)", what,
                             options_.max_entry_bytes, options_.max_total_bytes));
}

}  // namespace ismap::tabular::internal
