// gMock matchers for core::Result (after abseil's status_matchers): always assert the specific
// error code, never just "not ok".
#pragma once

#include <gmock/gmock.h>

#include <string>

#include "core/result.hpp"

namespace ismap::testing {

MATCHER(IsOk, "is ok") {
  if (arg.has_value()) {
    return true;
  }
  *result_listener << "error " << core::ToString(arg.error().code) << ": " << arg.error().message;
  return false;
}

MATCHER_P(HasError, code, "has error " + std::string(core::ToString(code))) {
  if (arg.has_value()) {
    *result_listener << "is ok";
    return false;
  }
  *result_listener << "error " << core::ToString(arg.error().code) << " (" << arg.error().reason
                   << "): " << arg.error().message;
  return arg.error().code == code;
}

MATCHER_P2(HasErrorReason, code, reason, "has error " + std::string(core::ToString(code)) + " " + reason) {
  if (arg.has_value()) {
    *result_listener << "is ok";
    return false;
  }
  *result_listener << "error " << core::ToString(arg.error().code) << " (" << arg.error().reason
                   << "): " << arg.error().message;
  return arg.error().code == code && arg.error().reason == reason;
}

}  // namespace ismap::testing
