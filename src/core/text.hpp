// Text helpers for untrusted input: UTF-8 validation, percent-decoding, JSON string escaping.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ismap::core {

// True if `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Decodes the UTF-8 sequence starting at text[i] (REQUIRES: i < text.size()): its length, with the
// code point in *code_point, or 0 when it is malformed (overlong, surrogate, above U+10FFFF, cut).
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t* code_point);
// The length of the longest valid UTF-8 prefix: text.size() when all of it is valid, else the
// offset of the first byte of the first bad sequence.
std::size_t ValidUtf8Prefix(std::string_view text);
// The number of code points in valid UTF-8 `text` (its bytes that do not continue a sequence).
std::size_t CodePointCount(std::string_view text);

// Decodes %XX escapes (and '+' as space when `plus_is_space`, for query strings).
// Returns nullopt on a malformed escape. Does not check UTF-8: callers do, after decoding.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Appends `text` as the body of a JSON string (without the quotes), escaping as RFC 8259 asks.
void AppendJsonEscaped(std::string& out, std::string_view text);

// ASCII lowercase; leaves other bytes alone.
std::string AsciiLower(std::string_view text);

}  // namespace ismap::core
