// The one place that decides who may do what (DESIGN.md §2). Handlers call Authorize and nothing
// else decides. Today the principals are the public and the operator (a configured bearer token);
// users, roles and organisations join when identity lands, through this same function.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ismap::app {

struct Principal {
  enum class Kind { kPublic, kOperator };
  Kind kind = Kind::kPublic;

  static Principal Public() { return {}; }
  static Principal Operator() { return {Kind::kOperator}; }
  // The actor recorded in ledger events.
  std::string ActorName() const { return kind == Kind::kOperator ? "operator" : "public"; }
};

enum class Action {
  kReadPublic,         // home page, public lists, health
  kListOrganizations,  // the full register of organisations, with corporate numbers
  kReadOrganization,   // one organisation's record
  kCreateOrganization,
};

std::string_view ToString(Action action);

// Ok when allowed; kUnauthenticated when a public caller asks for more, kPermissionDenied when a
// known principal is not allowed.
core::Result<void> Authorize(const Principal& principal, Action action);

}  // namespace ismap::app
