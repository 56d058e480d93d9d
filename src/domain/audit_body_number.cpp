// NumberTemplate (declared in audit_body_registration.hpp): registration numbers from a configured
// template such as "A{yy}-{serial:4}".
#include <utility>

#include "domain/audit_body_registration.hpp"

namespace ismap::domain {
namespace {

constexpr char kDefaultTemplate[] = "A{yy}-{serial:4}";
constexpr std::size_t kMaxTemplateLength = 64;
constexpr int kMaxSerialWidth = 9;

core::Error BadTemplate(std::string_view text, const std::string& problem) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "registration.bad_number_template",
                         "number template \"" + std::string(text.substr(0, kMaxTemplateLength)) + "\": " + problem);
}

std::string ZeroPadded(std::int64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  }
  return digits;
}

}  // namespace

NumberTemplate::NumberTemplate() : NumberTemplate(*Parse(kDefaultTemplate)) {}

core::Result<NumberTemplate> NumberTemplate::Parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxTemplateLength) {
    return BadTemplate(text, "use 1 to 64 characters");
  }
  NumberTemplate out{Empty{}};
  out.text_ = std::string(text);
  int serials = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '}') {
      return BadTemplate(text, "a '}' without its '{'");
    }
    if (c != '{') {
      // Printable ASCII only: numbers go into URLs, CSV files and filenames.
      if (c < 0x21 || c > 0x7e) {
        return BadTemplate(text, "literal text must be printable ASCII without spaces");
      }
      if (out.parts_.empty() || out.parts_.back().kind != Part::kLiteral) {
        out.parts_.push_back(Part{});
      }
      out.parts_.back().literal += c;
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      return BadTemplate(text, "a '{' without its '}'");
    }
    const std::string_view name = text.substr(i + 1, close - i - 1);
    Part part;
    if (name == "yy" || name == "yyyy") {
      part.kind = name == "yy" ? Part::kYear2 : Part::kYear4;
      out.has_year_ = true;
    } else if (name == "serial") {
      part.kind = Part::kSerial;
      ++serials;
    } else if (name.size() == 8 && name.substr(0, 7) == "serial:" && name[7] >= '1' &&
               name[7] <= '0' + kMaxSerialWidth) {
      part.kind = Part::kSerial;
      part.width = name[7] - '0';
      ++serials;
    } else {
      return BadTemplate(text, "unknown placeholder {" + std::string(name) +
                                   "}: use {yy}, {yyyy}, {serial} or {serial:N} with N from 1 to 9");
    }
    out.parts_.push_back(std::move(part));
    i = close + 1;
  }
  if (serials != 1) {
    return BadTemplate(text, "exactly one {serial} is needed, so that numbers differ");
  }
  return out;
}

core::Result<std::string> NumberTemplate::Format(int year, std::int64_t serial) const {
  if (serial < 1 || year < 1 || year > 9999) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "registration.bad_serial",
                           "serial " + std::to_string(serial) + " in year " + std::to_string(year));
  }
  std::string out;
  for (const Part& part : parts_) {
    switch (part.kind) {
      case Part::kLiteral:
        out += part.literal;
        break;
      case Part::kYear2:
        out += ZeroPadded(year % 100, 2);
        break;
      case Part::kYear4:
        out += ZeroPadded(year, 4);
        break;
      case Part::kSerial: {
        const std::string digits = ZeroPadded(serial, part.width);
        // A fixed width is part of the number's shape: a fifth digit would make "A26-10000" look
        // like another scheme, so the register is full instead.
        if (part.width > 0 && static_cast<int>(digits.size()) > part.width) {
          return core::MakeError(core::ErrorCode::kFailedPrecondition, "registration.serial_exhausted",
                                 "serial " + std::to_string(serial) + " does not fit " + text_);
        }
        out += digits;
        break;
      }
    }
  }
  return out;
}

}  // namespace ismap::domain
