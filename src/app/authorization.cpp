#include "app/authorization.hpp"

#include <fmt/format.h>

namespace ismap::app {

std::string_view ToString(Action action) {
  switch (action) {
    case Action::kReadPublic:
      return "read_public";
    case Action::kListOrganizations:
      return "list_organizations";
    case Action::kReadOrganization:
      return "read_organization";
    case Action::kCreateOrganization:
      return "create_organization";
  }
  return "unknown";
}

core::Result<void> Authorize(const Principal& principal, Action action) {
  switch (action) {
    case Action::kReadPublic:
      return core::Ok();
    case Action::kListOrganizations:
    case Action::kReadOrganization:
    case Action::kCreateOrganization:
      if (principal.kind == Principal::Kind::kOperator) {
        return core::Ok();
      }
      return core::MakeError(core::ErrorCode::kUnauthenticated, "error.unauthenticated",
                             fmt::format("{} needs the operator's credentials", ToString(action)));
  }
  return core::MakeError(core::ErrorCode::kPermissionDenied, "error.permission_denied", "unknown action");
}

}  // namespace ismap::app
