#include "http/api/downloads.hpp"

#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"

namespace ismap::http::api {

Response Download(std::string body, std::string_view content_type, const std::string& file_name) {
  Response response = Response::Text(200, std::move(body));
  response.content_type = std::string(content_type);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return response;
}

core::Result<Response> TableDownload(const tabular::Table& table, std::string_view format, const std::string& sheet,
                                     const std::string& base_name) {
  if (format == "csv") {
    tabular::CsvOptions options;
    options.escape_formulas = true;
    return Download(tabular::WriteCsv(table, options), "text/csv; charset=utf-8", base_name + ".csv");
  }
  tabular::Table named = table;
  named.name = sheet;
  ISMAP_ASSIGN_OR_RETURN(auto bytes, tabular::WriteXlsx({named}));
  return Download(std::move(bytes), kXlsxMediaType, base_name + ".xlsx");
}

}  // namespace ismap::http::api
