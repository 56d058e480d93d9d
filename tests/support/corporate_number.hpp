// Valid 13-digit corporate numbers (法人番号) for tests: the check digit of the base 0100010000NN.
#pragma once

#include <string>

namespace ismap::testing {

// A different valid number for each n in 0..89.
inline std::string CorporateNumber(int n) {
  const std::string base = "0100010000" + std::to_string(10 + n);
  int sum = 0;
  for (int i = 1; i <= 12; ++i) {
    sum += (base[12 - i] - '0') * (i % 2 == 1 ? 1 : 2);
  }
  return std::to_string(9 - sum % 9) + base;
}

}  // namespace ismap::testing
