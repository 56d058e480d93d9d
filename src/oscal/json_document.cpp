#include "oscal/json_document.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/text.hpp"

namespace ismap::oscal {
namespace {

// Forwards SAX events to the document, failing once nesting exceeds the limit.
class DepthLimitHandler {
 public:
  DepthLimitHandler(rapidjson::Document& doc, std::size_t max_depth) : doc_(doc), max_depth_(max_depth) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(std::int64_t i) { return doc_.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool copy) { return doc_.RawNumber(str, len, copy); }
  bool String(const char* str, rapidjson::SizeType len, bool copy) { return doc_.String(str, len, copy); }
  bool Key(const char* str, rapidjson::SizeType len, bool copy) { return doc_.Key(str, len, copy); }
  bool StartObject() { return Enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndObject(n);
  }
  bool StartArray() { return Enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndArray(n);
  }

  bool exceeded() const { return exceeded_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      exceeded_ = true;
      return false;
    }
    return true;
  }

  rapidjson::Document& doc_;
  std::size_t max_depth_;
  std::size_t depth_ = 0;
  bool exceeded_ = false;
};

// Recursive descent (faster than kParseIterativeFlag) is safe: DepthLimitHandler stops it at
// max_depth levels, a few hundred bytes of stack each.
// UTF-8 is checked before parsing (core::ValidUtf8Prefix, eight ASCII bytes at a time), faster than
// RapidJSON's per-character kParseValidateEncodingFlag.
constexpr unsigned kParseFlags = rapidjson::kParseFullPrecisionFlag;

std::string Position(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "offset " + std::to_string(offset) + " (line " + std::to_string(line) + ":" + std::to_string(column) + ")";
}

// The careful path: RapidJSON with the depth limit, naming the offset and line:column of the first
// problem. Used when simdjson refuses a text (so every refusal gets a precise message) or cannot
// take it (integers beyond 64 bits, which RapidJSON reads as doubles).
core::Result<JsonDocument> ParseWithRapidJson(std::string_view text, const JsonParseOptions& options) {
  if (const std::size_t valid = core::ValidUtf8Prefix(text); valid != text.size()) {
    return core::Unexpected(core::ErrorCode::kInvalidArgument, "json.parse",
                            "invalid JSON at " + Position(text, valid) + ": Invalid encoding in string.");
  }
  // One pool chunk about the size of the text instead of many 64 KiB ones.
  auto allocator = std::make_unique<rapidjson::MemoryPoolAllocator<>>(std::max<std::size_t>(text.size(), 64 * 1024));
  auto doc = std::make_unique<rapidjson::Document>(allocator.get());
  rapidjson::Reader reader;
  // A NUL-terminated copy with 16 bytes of padding: RapidJSON skips whitespace 16 bytes at a time
  // with SSE2 (RAPIDJSON_SSE2, set for the oscal target), which may read past the terminator; a
  // pretty-printed catalog is half whitespace. A NUL inside the text is an error, as before.
  if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    return core::Unexpected(core::ErrorCode::kInvalidArgument, "json.parse",
                            "invalid JSON at " + Position(text, offset) + ": a NUL byte");
  }
  std::string padded(text.size() + 16, '\0');
  std::memcpy(padded.data(), text.data(), text.size());
  rapidjson::StringStream stream(padded.c_str());
  DepthLimitHandler handler(*doc, options.max_depth);
  rapidjson::ParseResult result;
  auto generator = [&](rapidjson::Document& /*unused*/) {
    result = reader.Parse<kParseFlags>(stream, handler);
    return !result.IsError();
  };
  doc->Populate(generator);
  if (result.IsError()) {
    std::string what = handler.exceeded() ? "nesting deeper than " + std::to_string(options.max_depth) + " levels"
                                          : std::string(rapidjson::GetParseError_En(result.Code()));
    return core::Unexpected(core::ErrorCode::kInvalidArgument, "json.parse",
                            "invalid JSON at " + Position(text, result.Offset()) + ": " + what);
  }
  return JsonDocument::Adopt(std::move(allocator), std::move(doc));
}

// simdjson's DOM into RapidJSON's, copying strings into the document's pool. Recursion is bounded
// by the depth simdjson accepted.
void Convert(simdjson::dom::element element, rapidjson::Value& out, rapidjson::MemoryPoolAllocator<>& allocator) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY: {
      out.SetArray();
      simdjson::dom::array array;
      if (element.get_array().get(array) != simdjson::SUCCESS) {
        return;  // cannot happen: the type says array
      }
      out.Reserve(static_cast<rapidjson::SizeType>(array.size()), allocator);
      for (simdjson::dom::element item : array) {
        rapidjson::Value value;
        Convert(item, value, allocator);
        out.PushBack(value, allocator);
      }
      break;
    }
    case element_type::OBJECT: {
      out.SetObject();
      simdjson::dom::object object;
      if (element.get_object().get(object) != simdjson::SUCCESS) {
        return;  // cannot happen: the type says object
      }
      for (simdjson::dom::key_value_pair field : object) {
        rapidjson::Value value;
        Convert(field.value, value, allocator);
        out.AddMember(rapidjson::Value(field.key.data(), static_cast<rapidjson::SizeType>(field.key.size()), allocator),
                      value, allocator);
      }
      break;
    }
    case element_type::STRING: {
      std::string_view s;
      if (element.get_string().get(s) != simdjson::SUCCESS) {
        return;
      }
      out.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), allocator);
      break;
    }
    case element_type::INT64:
      out.SetInt64(element.get_int64().value_unsafe());
      break;
    case element_type::UINT64:
      out.SetUint64(element.get_uint64().value_unsafe());
      break;
    case element_type::DOUBLE:
      out.SetDouble(element.get_double().value_unsafe());
      break;
    case element_type::BOOL:
      out.SetBool(element.get_bool().value_unsafe());
      break;
    case element_type::NULL_VALUE:
      out.SetNull();
      break;
  }
}

}  // namespace

// The fast path: simdjson (SIMD parsing and UTF-8 validation, about 3x RapidJSON's reader here)
// builds its DOM, which is copied into a RapidJSON document, the type the schema validator, the
// resolver and the converters work on. One parser per thread, reused: a parser is not thread-safe,
// and keeping its buffers saves their allocation.
core::Result<JsonDocument> JsonDocument::Parse(std::string_view text, const JsonParseOptions& options) {
  thread_local simdjson::dom::parser parser;
  if (parser.capacity() < text.size() || parser.max_depth() != options.max_depth) {
    if (parser.allocate(std::max<std::size_t>(text.size(), 4096), options.max_depth) != simdjson::SUCCESS) {
      return ParseWithRapidJson(text, options);
    }
  }
  auto parsed = parser.parse(text.data(), text.size(), /*realloc_if_needed=*/true);
  if (parsed.error() != simdjson::SUCCESS) {
    return ParseWithRapidJson(text, options);
  }
  auto allocator = std::make_unique<rapidjson::MemoryPoolAllocator<>>();
  auto doc = std::make_unique<rapidjson::Document>(allocator.get());
  Convert(parsed.value_unsafe(), *doc, *allocator);
  return Adopt(std::move(allocator), std::move(doc));
}

core::Result<JsonDocument> JsonDocument::ParseFile(const std::string& path, const JsonParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::Unexpected(core::ErrorCode::kNotFound, "json.file_not_found", "cannot open " + path);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto parsed = Parse(buffer.str(), options);
  if (!parsed) {
    parsed.error().message = path + ": " + parsed.error().message;
  }
  return parsed;
}

}  // namespace ismap::oscal
