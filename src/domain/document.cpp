#include "domain/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace ismap::domain {
namespace {

constexpr std::array<std::pair<Classification, std::string_view>, 3> kClassifications = {{
    {Classification::kPublic, "public"},
    {Classification::kRestricted, "restricted"},
    {Classification::kConfidential, "confidential"},
}};

constexpr char kZip[] = "application/zip";
constexpr char kOctetStream[] = "application/octet-stream";

// Extensions of the known types. Several extensions may name one type; each names one type.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kExtensions = {{
    {"pdf", kPdf},
    {"png", kPng},
    {"jpg", kJpeg},
    {"jpeg", kJpeg},
    {"xlsx", kXlsx},
    {"docx", kDocx},
    {"csv", kCsv},
    {"json", kJson},
    {"txt", kPlainText},
    {"text", kPlainText},
    {"log", kPlainText},
}};

bool IsOoxml(std::string_view type) { return type == kXlsx || type == kDocx; }
// Plain text, CSV and JSON are all text; libmagic names the same bytes any of the three.
bool IsTextual(std::string_view type) { return type == kPlainText || type == kCsv || type == kJson; }

bool Contains(const std::vector<std::string>& allowed, std::string_view type) {
  return std::any_of(allowed.begin(), allowed.end(), [type](const std::string& a) { return EssenceOf(a) == type; });
}

core::Error BadFileName(std::string_view why) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "document.bad_file_name",
                         fmt::format("file name: {}", why));
}

core::Error NotAllowed(std::string_view type) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "document.type_not_allowed",
                         fmt::format("files of type \"{}\" are not accepted", type));
}

core::Error Mismatch(std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "document.type_mismatch", std::move(message));
}

// Characters that make a name display as something else: bidirectional overrides and isolates
// ("fdp.exe" shown as "exe.pdf"), and C1 controls.
bool IsDeceptive(char32_t c) {
  return (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0xFEFF;
}

}  // namespace

std::string_view ToString(Classification classification) {
  for (const auto& [value, text] : kClassifications) {
    if (value == classification) {
      return text;
    }
  }
  return "restricted";
}

std::optional<Classification> ClassificationFromString(std::string_view text) {
  for (const auto& [value, name] : kClassifications) {
    if (name == text) {
      return value;
    }
  }
  return std::nullopt;
}

const std::vector<std::string>& DefaultAllowedMediaTypes() {
  static const std::vector<std::string> kTypes = {kPdf, kPng, kJpeg, kXlsx, kDocx, kCsv, kPlainText, kJson};
  return kTypes;
}

std::string EssenceOf(std::string_view media_type) {
  const auto semicolon = media_type.find(';');
  std::string_view essence = media_type.substr(0, semicolon);
  while (!essence.empty() && (essence.front() == ' ' || essence.front() == '\t')) {
    essence.remove_prefix(1);
  }
  while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t')) {
    essence.remove_suffix(1);
  }
  return core::AsciiLower(essence);
}

std::string ExtensionOf(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == file_name.size()) {
    return "";
  }
  return core::AsciiLower(file_name.substr(dot + 1));
}

std::optional<std::string> MediaTypeForExtension(std::string_view file_name) {
  const std::string extension = ExtensionOf(file_name);
  for (const auto& [ext, type] : kExtensions) {
    if (ext == extension) {
      return std::string(type);
    }
  }
  return std::nullopt;
}

core::Result<void> CheckFileName(std::string_view file_name) {
  if (file_name.empty()) {
    return BadFileName("empty");
  }
  if (file_name.size() > kMaxFileNameBytes) {
    return BadFileName(fmt::format("longer than {} bytes", kMaxFileNameBytes));
  }
  if (!core::IsValidUtf8(file_name)) {
    return BadFileName("not valid UTF-8");
  }
  if (file_name == "." || file_name == "..") {
    return BadFileName("not a name");
  }
  if (file_name.front() == ' ' || file_name.back() == ' ' || file_name.back() == '.') {
    return BadFileName("starts or ends with a space, or ends with a dot");
  }
  for (std::size_t i = 0; i < file_name.size();) {
    char32_t c = 0;
    const std::size_t length = core::DecodeUtf8(file_name, i, &c);
    if (c < 0x20 || c == 0x7F || IsDeceptive(c)) {
      return BadFileName("holds a control or direction character");
    }
    if (c == '/' || c == '\\') {
      return BadFileName("holds a path separator");
    }
    i += length;
  }
  return core::Ok();
}

core::Result<void> CheckSubject(std::string_view subject) {
  auto bad = [subject] {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "document.bad_subject",
                           fmt::format("subject \"{}\" is not <kind>/<id>", subject.substr(0, 100)));
  };
  const auto slash = subject.find('/');
  if (subject.size() > kMaxSubjectBytes || slash == std::string_view::npos) {
    return bad();
  }
  const std::string_view kind = subject.substr(0, slash);
  const std::string_view id = subject.substr(slash + 1);
  if (kind.empty() || kind.size() > 63 || id.empty() || id.size() > 100 || kind.front() < 'a' || kind.front() > 'z') {
    return bad();
  }
  for (const char c : kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return bad();
    }
  }
  for (const char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-')) {
      return bad();
    }
  }
  return core::Ok();
}

std::string_view SubjectKind(std::string_view subject) { return subject.substr(0, subject.find('/')); }

std::string_view SubjectId(std::string_view subject) {
  const auto slash = subject.find('/');
  return slash == std::string_view::npos ? std::string_view() : subject.substr(slash + 1);
}

core::Result<std::string> AgreeMediaType(std::string_view declared, std::string_view file_name,
                                         std::string_view sniffed, const std::vector<std::string>& allowed) {
  std::string type = EssenceOf(declared);
  const std::optional<std::string> by_extension = MediaTypeForExtension(file_name);
  if (type.empty() || type == kOctetStream) {
    if (!by_extension) {
      return NotAllowed(type.empty() ? std::string(kOctetStream) : type);
    }
    type = *by_extension;
  }
  if (!Contains(allowed, type)) {
    return NotAllowed(type);
  }
  const std::string content = EssenceOf(sniffed);
  const bool agrees = content == type || (IsOoxml(type) && content == kZip) || (IsTextual(type) && IsTextual(content));
  if (!agrees) {
    if (Contains(allowed, content) || content == kZip) {
      return Mismatch(fmt::format("declared as \"{}\" but the content is \"{}\"", type, content));
    }
    return NotAllowed(content);
  }
  if (by_extension && *by_extension != type && !(IsTextual(*by_extension) && IsTextual(type))) {
    return Mismatch(fmt::format("the name \"{}\" does not fit the type \"{}\"", file_name, type));
  }
  if (IsOoxml(type) && by_extension != type) {
    // Every XLSX and DOCX is a ZIP archive; only the name says which one it is meant to be.
    return Mismatch(fmt::format("a file of type \"{}\" needs its extension", type));
  }
  return type;
}

bool HoldsOoxmlParts(std::string_view zip_bytes, std::string_view media_type) {
  const std::string_view folder = media_type == kXlsx ? "xl/" : media_type == kDocx ? "word/" : "";
  if (folder.empty() || zip_bytes.find("[Content_Types].xml") == std::string_view::npos) {
    return false;
  }
  // Entry names follow the 30-byte local header (and the 46-byte central directory entry): look
  // for the folder at the start of a name, not anywhere in the data.
  for (std::size_t at = zip_bytes.find(folder); at != std::string_view::npos; at = zip_bytes.find(folder, at + 1)) {
    if ((at >= 30 && zip_bytes.substr(at - 30, 4) == std::string_view("PK\x03\x04", 4)) ||
        (at >= 46 && zip_bytes.substr(at - 46, 4) == std::string_view("PK\x01\x02", 4))) {
      return true;
    }
  }
  return false;
}

core::Result<void> CheckDocumentSize(std::size_t size, std::size_t max_bytes) {
  if (size == 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "document.empty", "the file is empty");
  }
  if (size > max_bytes) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "document.too_large",
                           fmt::format("the file has {} bytes; at most {} are accepted", size, max_bytes));
  }
  return core::Ok();
}

}  // namespace ismap::domain
