// HTML form bodies (application/x-www-form-urlencoded) and the few URL pieces the pages build.
// Pure functions on untrusted input; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ismap::web {

// The fields of a submitted form, in the order sent. A name may repeat (checkboxes).
class Form {
 public:
  // Parses `body` ("a=1&b=x+y&c=%E3%81%82"): '+' is a space, %XX escapes are decoded, empty
  // pieces ("a=1&&b=2") are skipped, a piece without '=' is a field with an empty value.
  // nullopt on a malformed escape or on a name or value that is not valid UTF-8.
  static std::optional<Form> Parse(std::string_view body);

  // The first value of `name`; empty when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> All(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// True when `content_type` names application/x-www-form-urlencoded (parameters ignored).
bool IsFormContentType(std::string_view content_type);

// Percent-encodes every byte but RFC 3986 unreserved characters, for a query string component.
std::string QueryEscape(std::string_view text);

// `next` when it is a local path ("/account", "/admin/organizations?offset=100"): starts with one
// '/', no "//" or "/\" prefix (another host), no control characters or backslashes. "" otherwise,
// so a login link can never send the user to another site.
std::string LocalPathOrEmpty(std::string_view next);

}  // namespace ismap::web
