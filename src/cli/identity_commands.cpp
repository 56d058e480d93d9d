#include <fmt/format.h>

#include <iostream>

#include "app/identity.hpp"
#include "app/organizations.hpp"
#include "app/system.hpp"
#include "app/users.hpp"
#include "cli/commands.hpp"
#include "cli/setup.hpp"
#include "core/i18n.hpp"

namespace ismap::cli {
namespace {

// A refused command prints the reason in English and in Japanese, with the field it concerns.
int Refused(const char* command, const core::Error& error) {
  std::cerr << fmt::format("ismap {}: {} ({})\n", command, error.message, error.reason);
  if (core::Messages::Get().Has(core::Language::kJa, error.reason)) {
    std::cerr << fmt::format("ismap {}: {}\n", command, core::Messages::Get().Text(core::Language::kJa, error.reason));
  }
  return error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kInternal ? kExitFailure
                                                                                                 : kExitConfig;
}

}  // namespace

int RunOrgAdd(const CommonOptions& options, const OrgAddOptions& org) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  const auto kind = domain::OrganizationKindFromString(org.kind);
  if (!kind) {
    std::cerr << fmt::format(
        "ismap org add: --kind '{}' is not one of csp, audit_body, agency, "
        "operations_support_body, audit_body_evaluator, committee, secretariat, system\n",
        org.kind);
    return kExitConfig;
  }
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  domain::NewOrganization input{*kind, org.name_ja, org.name_en, std::nullopt};
  if (!org.corporate_number.empty()) {
    input.corporate_number = org.corporate_number;
  }
  auto created = app::CreateOrganization(*db, clock, app::Principal::Operator(), input);
  if (!created) {
    return Refused("org add", created.error());
  }
  std::cout << fmt::format("organization {} created: {} / {}\n", created->id.value(), created->name_ja,
                           created->name_en);
  return kExitOk;
}

int RunUserAdd(const CommonOptions& options, const UserAddOptions& user) {
  auto config = LoadConfigOrReport(options);
  if (!config) {
    return kExitConfig;
  }
  domain::NewUser input;
  input.organization_id = domain::OrganizationId(user.organization);
  input.email = user.email;
  input.display_name = user.display_name;
  for (const auto& name : user.roles) {
    const auto role = domain::RoleFromString(name);
    if (!role) {
      std::cerr << fmt::format("ismap user add: --role '{}' is not a role\n", name);
      return kExitConfig;
    }
    input.roles.push_back(*role);
  }
  auto db = OpenDatabaseOrReport(*config);
  if (!db) {
    return kExitFailure;
  }
  const core::SystemClock clock;
  auto created = app::CreateUser(*db, clock, IdentitySettingsFrom(*config), app::Principal::Operator(), input, "");
  if (!created) {
    return Refused("user add", created.error());
  }
  std::cout << fmt::format("user {} created: {}\none-time password (shown once): {}\n", created->user.id.value(),
                           created->user.email, created->one_time_password.value_or(""));
  return kExitOk;
}

int CreateFirstAdminOrReport(storage::Database& db, const core::Config& config, const std::string& email) {
  const core::SystemClock clock;
  auto password = app::CreateFirstAdmin(db, clock, IdentitySettingsFrom(config).hashing, email);
  if (!password) {
    return Refused("init", password.error());
  }
  if (*password) {
    std::cout << fmt::format("first administrator: {}\none-time password (shown once): {}\n", email, **password);
  }
  return kExitOk;
}

}  // namespace ismap::cli
