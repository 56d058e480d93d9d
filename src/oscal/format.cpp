// Opt-in `format` assertions (JsonSchemaOptions::assert_formats) for the formats OSCAL uses.
#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "oscal/schema_node.hpp"

namespace ismap::oscal::internal {
namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) {
    return false;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  *out = value;
  return true;
}

bool IsDate(std::string_view s) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) ||
      !Digits(s, 8, 2, &d)) {
    return false;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) {
    return false;
  }
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;
}

bool IsTime(std::string_view s) {
  int h = 0;
  int mi = 0;
  int sec = 0;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':' || !Digits(s, 0, 2, &h) || !Digits(s, 3, 2, &mi) ||
      !Digits(s, 6, 2, &sec)) {
    return false;
  }
  std::size_t pos = 8;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ++pos;
    }
    if (pos == start) {
      return false;
    }
  }
  if (pos >= s.size()) {
    return false;
  }
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    if (pos + 1 != s.size()) {
      return false;
    }
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0;
    int om = 0;
    if (s.size() != pos + 6 || s[pos + 3] != ':' || !Digits(s, pos + 1, 2, &oh) || !Digits(s, pos + 4, 2, &om) ||
        oh > 23 || om > 59) {
      return false;
    }
    offset_minutes = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return false;
  }
  if (h > 23 || mi > 59 || sec > 60) {
    return false;
  }
  if (sec == 60) {  // a leap second exists only at 23:59:60 UTC
    int utc = ((h * 60 + mi - offset_minutes) % 1440 + 1440) % 1440;
    return utc == 23 * 60 + 59;
  }
  return true;
}

bool IsDateTime(std::string_view s) {
  return s.size() > 11 && (s[10] == 'T' || s[10] == 't') && IsDate(s.substr(0, 10)) && IsTime(s.substr(11));
}

bool IsEmail(std::string_view s) {
  auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) {
    return false;
  }
  std::string_view local = s.substr(0, at);
  std::string_view domain = s.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ') {
      return false;
    }
  }
  return domain.find('@') == std::string_view::npos && domain.front() != '.' && domain.back() != '.';
}

bool IsIpv4(std::string_view s) {
  int parts = 0;
  std::size_t pos = 0;
  while (parts < 4) {
    std::size_t start = pos;
    int value = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - start < 3) {
      value = value * 10 + (s[pos++] - '0');
    }
    std::size_t len = pos - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) {
      return false;
    }
    ++parts;
    if (parts < 4) {
      if (pos >= s.size() || s[pos] != '.') {
        return false;
      }
      ++pos;
    }
  }
  return pos == s.size();
}

bool IsIpv6(std::string_view s) {
  if (s.size() > 45) {
    return false;
  }
  std::string text(s);
  unsigned char buffer[16];
  return inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Characters allowed outside the authority, besides unreserved, sub-delims, ':' '@' '/' '?' and '%XX'.
bool IsUriText(std::string_view s, bool allow_brackets) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) {
        return false;
      }
      i += 2;
      continue;
    }
    if (u <= ' ' || u >= 0x7F || std::string_view("<>\"{}|\\^`").find(s[i]) != std::string_view::npos) {
      return false;
    }
    if (!allow_brackets && (s[i] == '[' || s[i] == ']')) {
      return false;
    }
  }
  return true;
}

// An absolute URI (RFC 3986 "URI"): scheme ":" hier-part, with the authority's host and port checked.
bool IsUri(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(s[0])) {
    return false;
  }
  for (std::size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  std::string_view rest = s.substr(colon + 1);
  if (std::count(rest.begin(), rest.end(), '#') > 1) {
    return false;
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    auto end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      if (!IsUriText(authority.substr(0, at), false)) {
        return false;
      }
      authority.remove_prefix(at + 1);
    }
    std::string_view port;
    if (!authority.empty() && authority[0] == '[') {
      auto close = authority.find(']');
      if (close == std::string_view::npos || !IsIpv6(authority.substr(1, close - 1))) {
        return false;
      }
      std::string_view after = authority.substr(close + 1);
      if (!after.empty() && after[0] != ':') {
        return false;
      }
      port = after.empty() ? after : after.substr(1);
    } else {
      auto port_colon = authority.rfind(':');
      if (port_colon != std::string_view::npos) {
        port = authority.substr(port_colon + 1);
        authority = authority.substr(0, port_colon);
      }
      if (!IsUriText(authority, false)) {
        return false;
      }
    }
    for (char c : port) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
  }
  return IsUriText(rest, false);
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = s[i];
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) {
      return false;
    }
  }
  return true;
}

}  // namespace

Format FormatFromName(std::string_view name) {
  if (name == "date-time") {
    return Format::kDateTime;
  }
  if (name == "date") {
    return Format::kDate;
  }
  if (name == "time") {
    return Format::kTime;
  }
  if (name == "email") {
    return Format::kEmail;
  }
  if (name == "ipv4") {
    return Format::kIpv4;
  }
  if (name == "ipv6") {
    return Format::kIpv6;
  }
  if (name == "uri") {
    return Format::kUri;
  }
  if (name == "uuid") {
    return Format::kUuid;
  }
  return Format::kNone;
}

bool CheckFormat(Format format, std::string_view text) {
  switch (format) {
    case Format::kNone:
      return true;
    case Format::kDateTime:
      return IsDateTime(text);
    case Format::kDate:
      return IsDate(text);
    case Format::kTime:
      return IsTime(text);
    case Format::kEmail:
      return IsEmail(text);
    case Format::kIpv4:
      return IsIpv4(text);
    case Format::kIpv6:
      return IsIpv6(text);
    case Format::kUri:
      return IsUri(text);
    case Format::kUuid:
      return IsUuid(text);
  }
  return true;
}

}  // namespace ismap::oscal::internal
