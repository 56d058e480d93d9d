#include "web/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace ismap::web {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// The value of parameter `name` in a header value ("form-data; name=\"a\"; filename=\"b.csv\"").
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  constexpr auto npos = std::string_view::npos;
  std::size_t i = header.find(';');
  while (i != npos && i < header.size()) {
    ++i;
    const std::size_t eq = header.find('=', i);
    if (eq == npos) {
      return std::nullopt;
    }
    const std::string key = Lower(Trim(header.substr(i, eq - i)));
    std::size_t j = eq + 1;
    std::string value;
    if (j < header.size() && header[j] == '"') {
      for (++j; j < header.size() && header[j] != '"'; ++j) {
        if (header[j] == '\\' && j + 1 < header.size()) {
          ++j;
        }
        value.push_back(header[j]);
      }
      i = header.find(';', j);
    } else {
      const std::size_t semi = header.find(';', j);
      value = std::string(Trim(header.substr(j, semi == npos ? npos : semi - j)));
      i = semi;
    }
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace

const FilePart* MultipartForm::File(std::string_view field) const {
  for (const auto& file : files) {
    if (file.field == field && !file.file_name.empty()) {
      return &file;
    }
  }
  return nullptr;
}

std::string MultipartBoundary(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (Lower(Trim(content_type.substr(0, semi))) != "multipart/form-data" || semi == std::string_view::npos) {
    return {};
  }
  auto boundary = Parameter(content_type, "boundary");
  return boundary && !boundary->empty() && boundary->size() <= 200 ? *boundary : std::string();
}

std::optional<MultipartForm> ParseMultipart(std::string_view boundary, std::string_view body) {
  if (boundary.empty()) {
    return std::nullopt;
  }
  const std::string delimiter = "--" + std::string(boundary);
  const std::string separator = "\r\n" + delimiter;
  std::size_t pos = body.substr(0, delimiter.size()) == delimiter ? 0 : body.find(separator);
  if (pos == std::string_view::npos) {
    return std::nullopt;
  }
  pos += pos == 0 ? delimiter.size() : separator.size();
  MultipartForm out;
  std::string encoded;  // the text fields as a urlencoded form, parsed once at the end
  while (true) {
    if (body.substr(pos, 2) == "--") {
      break;  // the closing delimiter
    }
    if (body.substr(pos, 2) != "\r\n") {
      return std::nullopt;
    }
    pos += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) {
      return std::nullopt;
    }
    std::optional<std::string> name;
    std::optional<std::string> file_name;
    std::string content_type;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const std::size_t eol = std::min(headers.find("\r\n"), headers.size());
      const std::string_view line = headers.substr(0, eol);
      headers.remove_prefix(std::min(eol + 2, headers.size()));
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        continue;
      }
      const std::string key = Lower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (key == "content-disposition") {
        name = Parameter(value, "name");
        file_name = Parameter(value, "filename");
      } else if (key == "content-type") {
        content_type = std::string(value);
      }
    }
    const std::size_t content_start = headers_end + 4;
    const std::size_t content_end = body.find(separator, content_start);
    if (!name || content_end == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string_view content = body.substr(content_start, content_end - content_start);
    if (file_name) {
      out.files.push_back({*name, *file_name, content_type, content});
    } else {
      encoded += (encoded.empty() ? "" : "&") + QueryEscape(*name) + "=" + QueryEscape(content);
    }
    pos = content_end + separator.size();
  }
  auto fields = Form::Parse(encoded);
  if (!fields) {
    return std::nullopt;
  }
  out.fields = std::move(*fields);
  return out;
}

}  // namespace ismap::web
