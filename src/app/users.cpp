#include "app/users.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"

namespace ismap::app {
namespace {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

std::string UserSubject(const domain::User& user) { return "user/" + std::to_string(user.id.value()); }

json RolesJson(const std::vector<domain::Role>& roles) {
  json out = json::array();
  for (auto role : roles) {
    out.push_back(domain::ToString(role));
  }
  return out;
}

core::Result<void> Record(storage::UnitOfWork& uow, const core::Clock& clock, const Principal& principal,
                          std::string type, const domain::User& user, const json& payload) {
  return RecordEvent(uow, clock, principal.ActorName(), principal.OrganizationId(), std::move(type), UserSubject(user),
                     payload.dump());
}

}  // namespace

core::Result<CreatedUser> CreateUser(storage::Database& db, const core::Clock& clock, const IdentitySettings& settings,
                                     const Principal& principal, domain::NewUser user, const std::string& password) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kCreateUser, Resource{user.organization_id}));
  user.email = domain::NormalizeEmail(user.email);
  domain::Organization org;
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(org, uow->Organizations().Get(user.organization_id));
  }
  ISMAP_RETURN_IF_ERROR(domain::ValidateNewUser(user, org.kind));
  CreatedUser created;
  std::string secret = password;
  if (secret.empty()) {
    secret = core::RandomPassword();
    created.one_time_password = secret;
  }
  ISMAP_RETURN_IF_ERROR(core::CheckPasswordPolicy(secret));
  ISMAP_ASSIGN_OR_RETURN(auto hash, core::HashPassword(secret, settings.hashing));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(created.user, uow->Users().Insert(user, hash, clock.Now()));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, principal, "user.created", created.user,
                               json{{"email", created.user.email},
                                    {"organization_id", org.id.value()},
                                    {"roles", RolesJson(created.user.roles)}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return created;
}

core::Result<void> ResetUserMfa(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                domain::UserId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kResetUserMfa, Resource{user.organization_id}));
  if (principal.user && principal.user->id == id) {
    return MakeError(ErrorCode::kFailedPrecondition, "user.own_mfa_reset",
                     "another administrator must reset your second factor");
  }
  ISMAP_RETURN_IF_ERROR(uow->Users().ClearMfa(id));
  ISMAP_RETURN_IF_ERROR(uow->RecoveryCodes().Replace(id, {}));
  ISMAP_ASSIGN_OR_RETURN(auto ended, uow->Sessions().DeleteAllForUser(id));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, principal, "auth.mfa_reset", user, json{{"sessions_ended", ended}}));
  return uow->Commit();
}

core::Result<std::vector<domain::User>> ListUsers(storage::Database& db, const Principal& principal,
                                                  std::optional<domain::OrganizationId> organization, int limit,
                                                  int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kListUsers, Resource{organization}));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->Users().List(organization, limit, offset);
}

core::Result<void> AuthorizeOnUser(storage::Database& db, const Principal& principal, Action action,
                                   domain::UserId id) {
  // Anonymous callers are refused before the lookup: whether a user id exists is not public.
  if (principal.kind == Principal::Kind::kPublic) {
    return Authorize(principal, action, Resource{});
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(id));
  return Authorize(principal, action, Resource{user.organization_id});
}

core::Result<domain::User> ChangeUserRoles(storage::Database& db, const core::Clock& clock, const Principal& principal,
                                           domain::UserId id, const std::vector<domain::Role>& roles) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kChangeUserRoles, Resource{user.organization_id}));
  ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Get(user.organization_id));
  domain::NewUser check{user.organization_id, user.email, user.display_name, roles};
  ISMAP_RETURN_IF_ERROR(domain::ValidateNewUser(check, org.kind));
  ISMAP_RETURN_IF_ERROR(uow->Users().SetRoles(id, roles));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, principal, "user.roles_changed", user,
                               json{{"from", RolesJson(user.roles)}, {"to", RolesJson(roles)}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  user.roles = roles;
  return user;
}

}  // namespace ismap::app
