#include "app/identity.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"
#include "core/crypto.hpp"
#include "core/totp.hpp"

namespace ismap::app {
namespace {

using core::ErrorCode;
using core::MakeError;
using nlohmann::json;

constexpr int kRecoveryCodes = 10;
// A session's last_seen_at is written at most this often: a write per request would be a
// database write for every page view.
constexpr std::chrono::seconds kTouchInterval{60};

std::string AccountKey(const std::string& email) { return "account:" + email; }
std::string AddressKey(const std::string& address) { return "address:" + address; }

core::Error InvalidCredentials() {
  return MakeError(ErrorCode::kUnauthenticated, "auth.invalid_credentials", "e-mail address or password is wrong");
}

core::Error Throttled(std::chrono::seconds wait) {
  return MakeError(ErrorCode::kResourceExhausted, "auth.throttled",
                   fmt::format("too many failed attempts; retry in {} s", wait.count()));
}

core::Result<void> Record(storage::UnitOfWork& uow, const core::Clock& clock, std::string actor,
                          std::optional<std::int64_t> organization, std::string type, std::string subject,
                          json payload) {
  return RecordEvent(uow, clock, std::move(actor), organization, std::move(type), std::move(subject), payload.dump());
}

std::string UserActor(const domain::User& user) { return "user:" + std::to_string(user.id.value()); }
std::string UserSubject(const domain::User& user) { return "user/" + std::to_string(user.id.value()); }

// A new session for `user` in `stage`, stored in `uow`; the grant carries the raw token.
core::Result<SessionGrant> OpenSession(storage::UnitOfWork& uow, const core::Clock& clock, const domain::User& user,
                                       domain::SessionStage stage, bool mfa_enrolled) {
  SessionGrant grant;
  grant.token = core::RandomHex(32);  // 256 bits
  grant.csrf_token = core::RandomHex(32);
  grant.stage = stage;
  grant.user = user;
  grant.mfa_enrolled = mfa_enrolled;
  domain::Session session;
  session.token_hash = TokenHash(grant.token);
  session.user_id = user.id;
  session.stage = stage;
  session.csrf_token = grant.csrf_token;
  session.created_at = clock.Now();
  session.last_seen_at = session.created_at;
  ISMAP_RETURN_IF_ERROR(uow.Sessions().Insert(session));
  return grant;
}

// Verifying against a fixed hash when the address is unknown makes both answers take as long.
const std::string& DummyHash(const core::PasswordHashParams& params) {
  static const std::string kHash = [&params] {
    auto hash = core::HashPassword("ismap-dummy-password-for-timing", params);
    return hash ? *hash : std::string();
  }();
  return kHash;
}

core::Result<std::chrono::seconds> Wait(storage::UnitOfWork& uow, const std::string& key, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(auto state, uow.Throttle().Get(key));
  return domain::RetryAfter(state, now);
}

}  // namespace

std::string TokenHash(const std::string& token) { return core::Sha256Hex(token); }

core::Result<SessionGrant> LogInWithPassword(storage::Database& db, const core::Clock& clock,
                                             const IdentitySettings& settings, const std::string& email,
                                             const std::string& password, const std::string& client_address) {
  const std::string normalized = domain::NormalizeEmail(email);
  const auto now = clock.Now();
  std::optional<storage::UserCredentials> credentials;
  std::chrono::seconds wait{0};
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto account_wait, Wait(*uow, AccountKey(normalized), now));
    ISMAP_ASSIGN_OR_RETURN(auto address_wait, Wait(*uow, AddressKey(client_address), now));
    wait = std::max(account_wait, address_wait);
    if (wait.count() == 0) {
      ISMAP_ASSIGN_OR_RETURN(credentials, uow->Users().FindCredentialsByEmail(normalized));
    }
  }
  if (wait.count() > 0) {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
    ISMAP_RETURN_IF_ERROR(Record(*uow, clock, "public", std::nullopt, "auth.login_throttled", "account",
                                 json{{"email", normalized}, {"retry_after_s", wait.count()}}));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    return Throttled(wait);
  }
  // The slow part (argon2id) runs outside any transaction.
  bool password_ok = false;
  if (credentials) {
    password_ok = core::VerifyPassword(credentials->password_hash, password);
  } else {
    (void)core::VerifyPassword(DummyHash(settings.hashing), password);  // same time either way
  }
  const bool ok = password_ok && !credentials->user.disabled;
  std::optional<std::string> rehash;
  if (ok && core::PasswordNeedsRehash(credentials->password_hash, settings.hashing)) {
    ISMAP_ASSIGN_OR_RETURN(rehash, core::HashPassword(password, settings.hashing));
  }

  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  if (!ok) {
    ISMAP_RETURN_IF_ERROR(uow->Throttle().RecordFailure(AccountKey(normalized), now));
    ISMAP_RETURN_IF_ERROR(uow->Throttle().RecordFailure(AddressKey(client_address), now));
    ISMAP_RETURN_IF_ERROR(
        Record(*uow, clock, "public", std::nullopt, "auth.login_failed", "account", json{{"email", normalized}}));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    return InvalidCredentials();
  }
  const domain::User& user = credentials->user;
  ISMAP_RETURN_IF_ERROR(uow->Throttle().Reset(AccountKey(normalized)));
  ISMAP_RETURN_IF_ERROR(uow->Throttle().Reset(AddressKey(client_address)));
  if (rehash) {
    ISMAP_RETURN_IF_ERROR(uow->Users().SetPasswordHash(user.id, *rehash));
  }
  const bool second_factor = user.mfa_enabled || settings.mfa_required;
  const auto stage = second_factor ? domain::SessionStage::kPasswordVerified : domain::SessionStage::kAuthenticated;
  ISMAP_ASSIGN_OR_RETURN(auto grant, OpenSession(*uow, clock, user, stage, user.mfa_enabled));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(),
                               second_factor ? "auth.password_verified" : "auth.login", UserSubject(user),
                               json{{"method", "password"}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return grant;
}

core::Result<domain::Session> FindLiveSession(storage::Database& db, const core::Clock& clock,
                                              const IdentitySettings& settings, const std::string& session_token) {
  if (session_token.empty()) {
    return MakeError(ErrorCode::kUnauthenticated, "auth.session_required", "no session");
  }
  std::optional<domain::Session> session;
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(session, uow->Sessions().FindByTokenHash(TokenHash(session_token)));
  }
  if (!session) {
    return MakeError(ErrorCode::kUnauthenticated, "auth.session_required", "unknown session");
  }
  if (domain::Evaluate(*session, clock.Now(), settings.sessions) != domain::SessionValidity::kValid) {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
    ISMAP_RETURN_IF_ERROR(uow->Sessions().Delete(session->id));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    return MakeError(ErrorCode::kUnauthenticated, "auth.session_expired", "session expired");
  }
  return *session;
}

core::Result<SessionGrant> VerifySecondFactor(storage::Database& db, const core::Clock& clock,
                                              const IdentitySettings& settings, const std::string& session_token,
                                              const std::string& code) {
  ISMAP_ASSIGN_OR_RETURN(auto session, FindLiveSession(db, clock, settings, session_token));
  if (session.stage != domain::SessionStage::kPasswordVerified) {
    return MakeError(ErrorCode::kFailedPrecondition, "auth.mfa_not_pending", "session is not waiting for a code");
  }
  const auto now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto credentials, uow->Users().GetCredentials(session.user_id));
  const domain::User& user = credentials.user;
  if (!user.mfa_enabled || !credentials.totp_secret) {
    return MakeError(ErrorCode::kFailedPrecondition, "auth.mfa_enrolment_required", "TOTP is not set up");
  }
  const std::string key = AccountKey(user.email);
  ISMAP_ASSIGN_OR_RETURN(auto wait, Wait(*uow, key, now));
  if (wait.count() > 0) {
    return Throttled(wait);
  }
  std::string method;
  if (const auto step = core::VerifyTotp(*credentials.totp_secret, code, now, credentials.totp_last_step)) {
    ISMAP_ASSIGN_OR_RETURN(bool claimed, uow->Users().ClaimTotpStep(user.id, *step));
    if (claimed) {
      method = "totp";
    }
  } else {
    ISMAP_ASSIGN_OR_RETURN(
        bool consumed, uow->RecoveryCodes().Consume(user.id, core::Sha256Hex(core::NormalizeRecoveryCode(code)), now));
    if (consumed) {
      method = "recovery_code";
    }
  }
  if (method.empty()) {
    ISMAP_RETURN_IF_ERROR(uow->Throttle().RecordFailure(key, now));
    ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(), "auth.mfa_failed",
                                 UserSubject(user), json::object()));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    return MakeError(ErrorCode::kUnauthenticated, "auth.mfa_invalid", "wrong or used code");
  }
  ISMAP_RETURN_IF_ERROR(uow->Throttle().Reset(key));
  ISMAP_RETURN_IF_ERROR(uow->Sessions().Delete(session.id));
  ISMAP_ASSIGN_OR_RETURN(auto grant, OpenSession(*uow, clock, user, domain::SessionStage::kAuthenticated, true));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(), "auth.login",
                               UserSubject(user), json{{"method", method}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return grant;
}

core::Result<TotpEnrolment> BeginTotpEnrolment(storage::Database& db, const core::Clock& clock,
                                               const IdentitySettings& settings, const std::string& session_token) {
  ISMAP_ASSIGN_OR_RETURN(auto session, FindLiveSession(db, clock, settings, session_token));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(session.user_id));
  // Enrolment replaces no working factor: with MFA on, resetting it is an administrator's act.
  if (user.mfa_enabled) {
    return MakeError(ErrorCode::kFailedPrecondition, "auth.mfa_not_pending", "TOTP is already set up");
  }
  TotpEnrolment enrolment;
  enrolment.secret = core::NewTotpSecret();
  enrolment.uri = core::TotpUri("ISMAP", user.email, enrolment.secret);
  ISMAP_RETURN_IF_ERROR(uow->Users().SetPendingTotpSecret(user.id, enrolment.secret));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(), "auth.mfa_enrolment_started",
                               UserSubject(user), json::object()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return enrolment;
}

core::Result<EnrolmentResult> ConfirmTotpEnrolment(storage::Database& db, const core::Clock& clock,
                                                   const IdentitySettings& settings, const std::string& session_token,
                                                   const std::string& code) {
  ISMAP_ASSIGN_OR_RETURN(auto session, FindLiveSession(db, clock, settings, session_token));
  const auto now = clock.Now();
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto credentials, uow->Users().GetCredentials(session.user_id));
  const domain::User& user = credentials.user;
  if (user.mfa_enabled || !credentials.totp_secret) {
    return MakeError(ErrorCode::kFailedPrecondition, "auth.mfa_not_pending", "no enrolment in progress");
  }
  const auto step = core::VerifyTotp(*credentials.totp_secret, code, now, credentials.totp_last_step);
  bool claimed = false;
  if (step) {
    ISMAP_ASSIGN_OR_RETURN(claimed, uow->Users().ClaimTotpStep(user.id, *step));
  }
  if (!claimed) {
    ISMAP_RETURN_IF_ERROR(uow->Throttle().RecordFailure(AccountKey(user.email), now));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
    return MakeError(ErrorCode::kUnauthenticated, "auth.mfa_invalid", "wrong or used code");
  }
  ISMAP_RETURN_IF_ERROR(uow->Users().EnableMfa(user.id));
  EnrolmentResult result;
  result.recovery_codes = core::NewRecoveryCodes(kRecoveryCodes);
  std::vector<std::string> hashes;
  for (const auto& c : result.recovery_codes) {
    hashes.push_back(core::Sha256Hex(core::NormalizeRecoveryCode(c)));
  }
  ISMAP_RETURN_IF_ERROR(uow->RecoveryCodes().Replace(user.id, hashes));
  ISMAP_RETURN_IF_ERROR(uow->Sessions().Delete(session.id));
  domain::User enabled = user;
  enabled.mfa_enabled = true;
  ISMAP_ASSIGN_OR_RETURN(result.session, OpenSession(*uow, clock, enabled, domain::SessionStage::kAuthenticated, true));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(), "auth.mfa_enabled",
                               UserSubject(user), json{{"method", "totp"}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return result;
}

core::Result<Authenticated> ResolveSession(storage::Database& db, const core::Clock& clock,
                                           const IdentitySettings& settings, const std::string& session_token) {
  ISMAP_ASSIGN_OR_RETURN(auto session, FindLiveSession(db, clock, settings, session_token));
  if (session.stage != domain::SessionStage::kAuthenticated) {
    return MakeError(ErrorCode::kUnauthenticated, "auth.session_required", "second factor still missing");
  }
  Authenticated out{session, Principal::Public()};
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto user, uow->Users().Get(session.user_id));
    if (user.disabled) {
      return MakeError(ErrorCode::kUnauthenticated, "auth.session_required", "user disabled");
    }
    ISMAP_ASSIGN_OR_RETURN(auto org, uow->Organizations().Get(user.organization_id));
    out.principal = Principal::ForUser(std::move(user), org.kind);
  }
  const auto now = clock.Now();
  if (now - session.last_seen_at >= kTouchInterval) {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
    ISMAP_RETURN_IF_ERROR(uow->Sessions().Touch(session.id, now));
    ISMAP_RETURN_IF_ERROR(uow->Commit());
  }
  return out;
}

core::Result<void> LogOut(storage::Database& db, const core::Clock& clock, const std::string& session_token) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto session, uow->Sessions().FindByTokenHash(TokenHash(session_token)));
  if (!session) {
    return core::Ok();  // logging out twice is not an error
  }
  ISMAP_RETURN_IF_ERROR(uow->Sessions().Delete(session->id));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, "user:" + std::to_string(session->user_id.value()), std::nullopt,
                               "auth.logout", "user/" + std::to_string(session->user_id.value()), json::object()));
  return uow->Commit();
}

core::Result<std::int64_t> LogOutEverywhere(storage::Database& db, const core::Clock& clock,
                                            const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageOwnSecurity));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto ended, uow->Sessions().DeleteAllForUser(principal.user->id));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, principal.ActorName(), principal.OrganizationId(), "auth.logout_everywhere",
                               UserSubject(*principal.user), json{{"sessions", ended}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return ended;
}

std::string DemoEmail(domain::Role role) {
  std::string name(domain::ToString(role));
  for (char& c : name) {
    c = c == '_' ? '-' : c;
  }
  return name + "@demo.ismap.example";
}

std::string DemoPassword(domain::Role role) { return "demo-" + std::string(domain::ToString(role)) + "-password"; }

core::Result<SessionGrant> DemoLogIn(storage::Database& db, const core::Clock& clock, domain::Role role) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto credentials, uow->Users().FindCredentialsByEmail(DemoEmail(role)));
  if (!credentials) {
    return MakeError(ErrorCode::kNotFound, "user.not_found", "no demo user for this role");
  }
  const domain::User& user = credentials->user;
  ISMAP_ASSIGN_OR_RETURN(auto grant,
                         OpenSession(*uow, clock, user, domain::SessionStage::kAuthenticated, user.mfa_enabled));
  ISMAP_RETURN_IF_ERROR(Record(*uow, clock, UserActor(user), user.organization_id.value(), "auth.login",
                               UserSubject(user), json{{"method", "demo"}}));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return grant;
}

}  // namespace ismap::app
