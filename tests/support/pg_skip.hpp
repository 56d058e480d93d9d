// What a PostgreSQL test does when the test cluster is absent: skip on a developer's machine
// without PostgreSQL, fail in CI (ISMAP_TEST_REQUIRE_PG).
#pragma once

#include <gtest/gtest.h>

#include "tests/storage/backends.hpp"

#define ISMAP_REQUIRE_POSTGRES()                                                           \
  do {                                                                                     \
    if (::ismap::testing::PostgresTestDsn().empty()) {                                     \
      if (::ismap::testing::PostgresRequired()) {                                          \
        FAIL() << "ISMAP_TEST_REQUIRE_PG is set but ISMAP_TEST_PG_DSN is not";             \
      }                                                                                    \
      GTEST_SKIP() << "no PostgreSQL: set ISMAP_TEST_PG_DSN (scripts/test.sh starts one)"; \
    }                                                                                      \
  } while (false)
