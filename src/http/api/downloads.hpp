// Files the API hands out (exports of catalogs, statements and the public lists): the bytes with
// their media type and a Content-Disposition that makes a browser save them under a name.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"
#include "tabular/table.hpp"

namespace ismap::http::api {

inline constexpr char kXlsxMediaType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// 200 with `body` as `content_type`, saved as `file_name` (ASCII).
Response Download(std::string body, std::string_view content_type, const std::string& file_name);

// A public list as a spreadsheet: "csv" is UTF-8 with a BOM so that Excel reads it as UTF-8, RFC 4180
// quoting, and cells that would start a formula escaped (OWASP CSV injection: the lists carry text
// organisations typed); "xlsx" is one worksheet named `sheet`. Saved as `base_name`.csv or .xlsx.
// REQUIRES: format is "csv" or "xlsx". kInvalidArgument from the XLSX writer (a cell over 32,767
// characters, ...).
core::Result<Response> TableDownload(const tabular::Table& table, std::string_view format, const std::string& sheet,
                                     const std::string& base_name);

}  // namespace ismap::http::api
