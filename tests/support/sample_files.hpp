// Small, valid files of every accepted document type, built in memory, for the tests of uploads
// and content sniffing: PDF, PNG, JPEG, XLSX and DOCX (stored ZIP archives with the parts
// libmagic looks for), CSV, text, JSON, and a few that must be refused (a Windows executable,
// HTML, a plain ZIP).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ismap::testing {

inline std::uint32_t Crc32(const std::string& bytes) {
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char c : bytes) {
    crc ^= static_cast<unsigned char>(c);
    for (int k = 0; k < 8; ++k) {
      crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
    }
  }
  return ~crc;
}

inline void PutLe(std::string& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

// A ZIP archive with the entries stored (not compressed), in order.
inline std::string StoredZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out;
  std::string directory;
  for (const auto& [name, data] : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = Crc32(data);
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_size = static_cast<std::uint32_t>(name.size());
    PutLe(out, 0x04034b50, 4);  // local file header
    PutLe(out, 20, 2);          // version needed
    PutLe(out, 0, 2);           // flags
    PutLe(out, 0, 2);           // stored
    PutLe(out, 0, 4);           // time and date
    PutLe(out, crc, 4);
    PutLe(out, size, 4);
    PutLe(out, size, 4);
    PutLe(out, name_size, 2);
    PutLe(out, 0, 2);
    out += name;
    out += data;
    PutLe(directory, 0x02014b50, 4);  // central directory entry
    PutLe(directory, 20, 2);
    PutLe(directory, 20, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 2);
    PutLe(directory, 0, 4);
    PutLe(directory, crc, 4);
    PutLe(directory, size, 4);
    PutLe(directory, size, 4);
    PutLe(directory, name_size, 2);
    PutLe(directory, 0, 2);  // extra
    PutLe(directory, 0, 2);  // comment
    PutLe(directory, 0, 2);  // disk
    PutLe(directory, 0, 2);  // internal attributes
    PutLe(directory, 0, 4);  // external attributes
    PutLe(directory, offset, 4);
    directory += name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  PutLe(out, 0x06054b50, 4);  // end of central directory
  PutLe(out, 0, 2);
  PutLe(out, 0, 2);
  PutLe(out, static_cast<std::uint32_t>(entries.size()), 2);
  PutLe(out, static_cast<std::uint32_t>(entries.size()), 2);
  PutLe(out, static_cast<std::uint32_t>(directory.size()), 4);
  PutLe(out, directory_offset, 4);
  PutLe(out, 0, 2);
  return out;
}

inline std::string SamplePdf() {
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

// A 1×1 PNG (its IDAT is zlib data of one filtered RGB pixel).
inline std::string SamplePng() {
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string out;
    const auto size = static_cast<std::uint32_t>(data.size());
    for (int i = 3; i >= 0; --i) {
      out.push_back(static_cast<char>((size >> (8 * i)) & 0xFF));
    }
    out += type + data;
    const std::uint32_t crc = Crc32(type + data);
    for (int i = 3; i >= 0; --i) {
      out.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
    }
    return out;
  };
  const std::string ihdr("\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 13);
  const std::string idat("\x78\x9c\x63\x60\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00", 13);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", "");
}

inline std::string SampleJpeg() {
  return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", 22);
}

inline std::string SampleOoxml(const std::string& main_part) {
  return StoredZip({
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels", "<?xml version=\"1.0\"?><Relationships/>"},
      {main_part, "<?xml version=\"1.0\"?><x/>"},
  });
}
inline std::string SampleXlsx() { return SampleOoxml("xl/workbook.xml"); }
inline std::string SampleDocx() { return SampleOoxml("word/document.xml"); }
inline std::string SamplePlainZip() { return StoredZip({{"hello.txt", "hello"}}); }

inline std::string SampleCsv() { return "id,名前,値\n1,監査,2\n2,報告,3\n"; }
inline std::string SampleText() { return "これはテキストです。\nplain text, second line\n"; }
inline std::string SampleJson() { return R"({"a":[1,2,{"b":"日本"}],"c":true})"; }
inline std::string SampleExe() { return std::string("MZ\x90\x00", 4) + std::string(200, '\0'); }
inline std::string SampleHtml() { return "<!doctype html><html><script>alert(1)</script></html>\n"; }

// `size` bytes that no sniffer takes for text, with a PDF header: a large valid upload.
inline std::string LargePdf(std::size_t size) {
  std::string out = SamplePdf();
  out.reserve(size);
  std::uint32_t x = 2463534242U;
  while (out.size() < size) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out.push_back(static_cast<char>(x & 0xFF));
  }
  out.resize(size);
  return out;
}

}  // namespace ismap::testing
