#include "web/form.hpp"

#include "core/text.hpp"

namespace ismap::web {

std::optional<Form> Form::Parse(std::string_view body) {
  Form form;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view piece = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (piece.empty()) {
      continue;
    }
    const auto eq = piece.find('=');
    auto name = core::PercentDecode(piece.substr(0, eq), true);
    auto value = core::PercentDecode(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1), true);
    if (!name || !value || !core::IsValidUtf8(*name) || !core::IsValidUtf8(*value)) {
      return std::nullopt;
    }
    form.fields_.emplace_back(std::move(*name), std::move(*value));
  }
  return form;
}

std::string_view Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

bool Form::Has(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.first == name) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : fields_) {
    if (key == name) {
      out.push_back(value);
    }
  }
  return out;
}

bool IsFormContentType(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string lower = core::AsciiLower(media);
  while (!lower.empty() && (lower.back() == ' ' || lower.back() == '\t')) {
    lower.pop_back();
  }
  return lower == "application/x-www-form-urlencoded";
}

std::string QueryEscape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string LocalPathOrEmpty(std::string_view next) {
  if (next.size() < 1 || next.front() != '/') {
    return {};
  }
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) {
    return {};
  }
  for (const char ch : next) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || ch == '\\') {
      return {};
    }
  }
  return std::string(next);
}

}  // namespace ismap::web
