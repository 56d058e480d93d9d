// What the use-case tests that run on every storage backend share: a fixture that opens a fresh,
// migrated database on the test's backend (PostgreSQL skipped without a test cluster, failed when
// one is required), and organisations and users inserted straight into storage.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"
#include "storage/database.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::testing {

// A test parameterised by the backend (INSTANTIATE_TEST_SUITE_P with AllBackends()). SetUp opens
// `db_` in `dir_`, then, unless the test was skipped or failed, runs SetUpDatabase() (the
// subclass's data).
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() final {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
    SetUpDatabase();
  }
  virtual void SetUpDatabase() {}

  TempDir dir_;
  std::shared_ptr<storage::Database> db_;
};

// An organisation of `kind` named `name` (and `name_en` in English; `name` when empty), committed
// at `at`.
inline domain::OrganizationId InsertOrganization(storage::Database& db, domain::OrganizationKind kind,
                                                 const std::string& name, core::TimePoint at,
                                                 const std::string& name_en = "") {
  auto uow = db.Begin(storage::TxMode::kWrite);
  auto org = (*uow)->Organizations().Insert({kind, name, name_en.empty() ? name : name_en, std::nullopt}, at);
  EXPECT_THAT(org, IsOk());
  EXPECT_THAT((*uow)->Commit(), IsOk());
  return org->id;
}

// A user of `org` (of `kind`) with `role`, named by `email` (password hash "hash"), committed at
// `at`; the principal acting as them.
inline app::Principal InsertUser(storage::Database& db, domain::OrganizationId org, domain::OrganizationKind kind,
                                 domain::Role role, const std::string& email, core::TimePoint at) {
  auto uow = db.Begin(storage::TxMode::kWrite);
  auto user = (*uow)->Users().Insert({org, email, email, {role}}, "hash", at);
  EXPECT_THAT(user, IsOk());
  EXPECT_THAT((*uow)->Commit(), IsOk());
  return app::Principal::ForUser(*user, kind);
}

}  // namespace ismap::testing
