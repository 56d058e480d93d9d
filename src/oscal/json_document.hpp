// JsonDocument: a parsed JSON value (RapidJSON DOM) read from a string or a file.
//
// Parsing refuses input nested deeper than `JsonParseOptions::max_depth`, so that recursive walks
// (such as schema validation) are bounded, and rejects invalid UTF-8. simdjson parses; what it
// refuses is parsed again by RapidJSON, which names the problem. Errors are core::Error kInvalidArgument ("json.parse")
// naming the byte offset and line:column, or kNotFound ("json.file_not_found") for an unreadable file. A JsonDocument
// is movable, not copyable; thread-compatible.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ismap::oscal {

struct JsonParseOptions {
  //! Deepest accepted nesting of arrays and objects (the root container is depth 1).
  std::size_t max_depth = 512;
};

class JsonDocument {
 public:
  static core::Result<JsonDocument> Parse(std::string_view text, const JsonParseOptions& options = {});
  static core::Result<JsonDocument> ParseFile(const std::string& path, const JsonParseOptions& options = {});

  const rapidjson::Value& root() const { return *doc_; }
  // Values may be changed and added with document().GetAllocator(); the allocator belongs to this
  // JsonDocument, so the document must not be Swap()ed or moved out of it (CopyFrom instead).
  rapidjson::Document& document() { return *doc_; }

 private:
  JsonDocument(std::unique_ptr<rapidjson::MemoryPoolAllocator<>> allocator, std::unique_ptr<rapidjson::Document> doc)
      : allocator_(std::move(allocator)), doc_(std::move(doc)) {}

 public:
  // For the parsers in json_document.cpp: a document and the allocator it lives in.
  static JsonDocument Adopt(std::unique_ptr<rapidjson::MemoryPoolAllocator<>> allocator,
                            std::unique_ptr<rapidjson::Document> doc) {
    return JsonDocument(std::move(allocator), std::move(doc));
  }

 private:
  std::unique_ptr<rapidjson::MemoryPoolAllocator<>> allocator_;  // outlives doc_ (declared first)
  std::unique_ptr<rapidjson::Document> doc_;
};

}  // namespace ismap::oscal
