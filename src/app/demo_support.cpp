#include "app/demo_support.hpp"

#include "app/organizations.hpp"
#include "app/users.hpp"

namespace ismap::app {

std::string DemoCorporateNumber(const std::string& base12) {
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    sum += (base12[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
  }
  return std::to_string(9 - (sum % 9)) + base12;
}

core::Result<Principal> LoadDemoPrincipal(storage::Database& db, const std::string& email) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto found, uow->Users().FindCredentialsByEmail(email));
  if (!found) {
    return core::MakeError(core::ErrorCode::kNotFound, "user.not_found", email + " not found");
  }
  ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Get(found->user.organization_id));
  return Principal::ForUser(found->user, org.kind);
}

core::Result<Principal> EnsureDemoUser(storage::Database& db, const core::Clock& clock,
                                       const IdentitySettings& identity, domain::OrganizationId org,
                                       const std::string& email, const std::string& name, domain::Role role) {
  if (auto existing = LoadDemoPrincipal(db, email); existing.has_value()) {
    return existing;
  }
  ISMAP_RETURN_IF_ERROR(
      CreateUser(db, clock, identity, Principal::Operator(), {org, email, name, {role}}, DemoPassword(role)));
  return LoadDemoPrincipal(db, email);
}

core::Result<domain::OrganizationId> EnsureDemoOrganization(storage::Database& db, const core::Clock& clock,
                                                            domain::OrganizationKind kind, const std::string& name_ja,
                                                            const std::string& name_en, const std::string& base12) {
  const std::string number = DemoCorporateNumber(base12);
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto orgs, uow->Organizations().List(1000, 0));
    for (const auto& org : orgs) {
      if (org.corporate_number && *org.corporate_number == number) {
        return org.id;
      }
    }
  }
  ISMAP_ASSIGN_OR_RETURN(auto org,
                         CreateOrganization(db, clock, Principal::Operator(), {kind, name_ja, name_en, number}));
  return org.id;
}

}  // namespace ismap::app
