#include "app/organizations.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"

namespace ismap::app {

core::Result<domain::Organization> CreateOrganization(storage::Database& db, const core::Clock& clock,
                                                      const Principal& principal,
                                                      const domain::NewOrganization& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kCreateOrganization));
  ISMAP_RETURN_IF_ERROR(domain::ValidateNewOrganization(input));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Insert(input, clock.Now()));

  nlohmann::json payload = {
      {"kind", domain::ToString(org.kind)},
      {"name_ja", org.name_ja},
      {"name_en", org.name_en},
      {"corporate_number", org.corporate_number ? nlohmann::json(*org.corporate_number) : nlohmann::json()},
  };
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, principal.ActorName(), principal.OrganizationId(),
                                    domain::kEventOrganizationCreated, "organization/" + std::to_string(org.id.value()),
                                    payload.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return org;
}

core::Result<domain::Organization> GetOrganization(storage::Database& db, const Principal& principal,
                                                   domain::OrganizationId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadOrganization, Resource{id}));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Organizations().Get(id);
}

core::Result<OrganizationPage> ListOrganizations(storage::Database& db, const Principal& principal, int limit,
                                                 int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kListOrganizations));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  OrganizationPage page;
  ISMAP_ASSIGN_OR_RETURN(page.items, uow->Organizations().List(limit, offset));
  ISMAP_ASSIGN_OR_RETURN(page.total, uow->Organizations().Count());
  return page;
}

}  // namespace ismap::app
