#include "app/system.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "app/organizations.hpp"
#include "app/users.hpp"

namespace ismap::app {

core::Result<InitReport> InitializeSystem(storage::Database& db, const core::Clock& clock) {
  InitReport report;
  ISMAP_ASSIGN_OR_RETURN(report.migrations_applied, db.Migrate());
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto head, uow->Ledger().LockHead());
  if (!head) {
    domain::LedgerEntry entry;
    entry.actor = "system";
    entry.type = domain::kEventSystemInitialized;
    entry.subject = "system";
    ISMAP_RETURN_IF_ERROR(AppendLedgerEvent(*uow, clock, std::move(entry)));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    report.newly_initialized = true;
  }
  return report;
}

core::Result<void> RecordRestore(storage::Database& db, const core::Clock& clock, const std::string& source) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, "operator", std::nullopt, domain::kEventSystemRestored, "system",
                                    nlohmann::json{{"source", source}}.dump()));
  return uow->Commit();
}

core::Result<std::optional<std::string>> CreateFirstAdmin(storage::Database& db, const core::Clock& clock,
                                                          const core::PasswordHashParams& hashing,
                                                          const std::string& email) {
  std::optional<domain::OrganizationId> system;
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto users, uow->Users().Count());
    if (users > 0) {
      return std::optional<std::string>();
    }
    ISMAP_ASSIGN_OR_RETURN(auto orgs, uow->Organizations().List(500, 0));
    for (const auto& org : orgs) {
      if (org.kind == domain::OrganizationKind::kSystem) {
        system = org.id;
        break;
      }
    }
  }
  if (!system) {
    ISMAP_ASSIGN_OR_RETURN(auto org, CreateOrganization(db, clock, Principal::Operator(),
                                                        {domain::OrganizationKind::kSystem, "システム管理者",
                                                         "System administrators", std::nullopt}));
    system = org.id;
  }
  IdentitySettings settings;
  settings.hashing = hashing;
  domain::NewUser admin{*system, email, "管理者 / Administrator", {domain::Role::kAdmin}};
  ISMAP_ASSIGN_OR_RETURN(auto created, CreateUser(db, clock, settings, Principal::Operator(), admin, ""));
  return created.one_time_password;
}

core::Result<void> CheckReadiness(storage::Database& db) {
  ISMAP_ASSIGN_OR_RETURN(auto schema, db.Schema());
  // Older than this build needs: not ready. Newer: ready, because migrations are written to be
  // backwards compatible, and during a rolling upgrade the instances not yet restarted must keep
  // serving on the schema the first one migrated (docs/operations.md).
  if (schema.current < schema.latest) {
    return core::MakeError(
        core::ErrorCode::kUnavailable, "storage.schema_not_current",
        fmt::format("schema version {} but this build needs {}; run `ismap migrate`", schema.current, schema.latest));
  }
  return core::Ok();
}

core::Result<PublicFigures> ReadPublicFigures(storage::Database& db) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  PublicFigures figures;
  ISMAP_ASSIGN_OR_RETURN(figures.organizations, uow->Organizations().Count());
  ISMAP_ASSIGN_OR_RETURN(figures.ledger_events, uow->Ledger().Count());
  return figures;
}

core::Result<int> SeedDemoData(storage::Database& db, const core::Clock& clock,
                               const core::PasswordHashParams& hashing) {
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto count, uow->Organizations().Count());
    if (count > 0) {
      return 0;
    }
  }
  using domain::OrganizationKind;
  // Fictitious names; the corporate numbers are well-formed (valid check digit) but made up.
  const std::array<domain::NewOrganization, 8> demo = {{
      {OrganizationKind::kCsp, "デモクラウド株式会社", "Demo Cloud K.K.", "1010001000006"},
      {OrganizationKind::kAuditBody, "デモ監査法人", "Demo Audit LLC", "2010001000013"},
      {OrganizationKind::kAgency, "デモ省", "Ministry of Demonstration", std::nullopt},
      {OrganizationKind::kOperationsSupportBody, "デモ運用支援機関", "Demo Operations Support Body", "3010001000020"},
      {OrganizationKind::kAuditBodyEvaluator, "デモ監査機関評価団体", "Demo Audit Body Evaluator", "3010001000037"},
      {OrganizationKind::kCommittee, "ISMAP運営委員会（デモ）", "ISMAP Steering Committee (demo)", std::nullopt},
      {OrganizationKind::kSecretariat, "ISMAP事務局（デモ）", "ISMAP Secretariat (demo)", std::nullopt},
      {OrganizationKind::kSystem, "システム管理者（デモ）", "System administrators (demo)", std::nullopt},
  }};
  int created = 0;
  std::vector<domain::Organization> organizations;
  for (const auto& org : demo) {
    ISMAP_ASSIGN_OR_RETURN(auto stored, CreateOrganization(db, clock, Principal::Operator(), org));
    organizations.push_back(std::move(stored));
    ++created;
  }
  IdentitySettings settings;
  settings.hashing = hashing;
  for (const domain::Role role : domain::AllRoles()) {
    const auto kind = domain::KindOfRole(role);
    const auto org = std::find_if(organizations.begin(), organizations.end(),
                                  [kind](const domain::Organization& o) { return o.kind == kind; });
    domain::NewUser user{org->id, DemoEmail(role), fmt::format("デモ {}", domain::ToString(role)), {role}};
    ISMAP_RETURN_IF_ERROR(CreateUser(db, clock, settings, Principal::Operator(), user, DemoPassword(role)));
  }
  return created;
}

}  // namespace ismap::app
