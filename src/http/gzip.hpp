// gzip (RFC 1952) through zlib, for bodies compressed once and served many times
// (http/public_cache.hpp). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ismap::http {

// `bytes` as a gzip member at zlib's best compression (done once per stored body, so the time
// is spent where it pays); empty if zlib fails.
std::string Gzip(std::string_view bytes);
// The bytes inside a gzip member; nullopt for anything that is not one (tests, diagnostics).
std::optional<std::string> Gunzip(std::string_view gzip);

}  // namespace ismap::http
