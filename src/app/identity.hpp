// Use cases of identity: logging in (password, then TOTP or a recovery code), sessions, MFA
// enrolment, logging out, and managing users. Every login, failure, MFA change and role change
// is a ledger event; no password, code, secret or token ever goes into one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "domain/identity.hpp"
#include "domain/session.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct IdentitySettings {
  core::PasswordHashParams hashing;
  domain::SessionPolicy sessions;
  bool mfa_required = true;
};

// A session as the front end holds it: the raw token (for the cookie; only its hash is stored),
// the CSRF token, and what the session may do next.
struct SessionGrant {
  std::string token;
  std::string csrf_token;
  domain::SessionStage stage = domain::SessionStage::kPasswordVerified;
  domain::User user;
  bool mfa_enrolled = false;  // false: the next step is enrolment, not a code
};

// Step 1. Errors: kUnauthenticated (auth.invalid_credentials, the same for an unknown address, a
// wrong password or a disabled user), kResourceExhausted (auth.throttled) while failures for the
// account or the client address ask for a pause.
core::Result<SessionGrant> LogInWithPassword(storage::Database& db, const core::Clock& clock,
                                             const IdentitySettings& settings, const std::string& email,
                                             const std::string& password, const std::string& client_address);

// Step 2, on a session in stage kPasswordVerified: a TOTP code or an unused recovery code. The
// pending session ends and a new one, with a new token, takes its place (no session fixation).
// Errors: kUnauthenticated (auth.mfa_invalid, auth.session_expired), kFailedPrecondition
// (auth.mfa_not_pending), kResourceExhausted (auth.throttled).
core::Result<SessionGrant> VerifySecondFactor(storage::Database& db, const core::Clock& clock,
                                              const IdentitySettings& settings, const std::string& session_token,
                                              const std::string& code);

struct TotpEnrolment {
  std::string secret;  // base32, for typing in by hand
  std::string uri;     // otpauth://
};

// Starts (or restarts) TOTP enrolment for the session's user: a new secret, not yet in force.
core::Result<TotpEnrolment> BeginTotpEnrolment(storage::Database& db, const core::Clock& clock,
                                               const IdentitySettings& settings, const std::string& session_token);

struct EnrolmentResult {
  SessionGrant session;                     // fully authenticated, new token
  std::vector<std::string> recovery_codes;  // shown once
};

// Confirms enrolment with a code from the new secret; MFA is then on, recovery codes are issued,
// and the session is authenticated. kUnauthenticated (auth.mfa_invalid) on a wrong code.
core::Result<EnrolmentResult> ConfirmTotpEnrolment(storage::Database& db, const core::Clock& clock,
                                                   const IdentitySettings& settings, const std::string& session_token,
                                                   const std::string& code);

struct Authenticated {
  domain::Session session;
  Principal principal;
};

// The principal of a fully authenticated session. Refreshes the idle timer. kUnauthenticated
// (auth.session_required / auth.session_expired) otherwise; an expired session is deleted.
core::Result<Authenticated> ResolveSession(storage::Database& db, const core::Clock& clock,
                                           const IdentitySettings& settings, const std::string& session_token);

// A session in any stage (for the second-factor and enrolment steps), without touching it.
core::Result<domain::Session> FindLiveSession(storage::Database& db, const core::Clock& clock,
                                              const IdentitySettings& settings, const std::string& session_token);

core::Result<void> LogOut(storage::Database& db, const core::Clock& clock, const std::string& session_token);
// Ends every session of the principal's user; returns how many.
core::Result<std::int64_t> LogOutEverywhere(storage::Database& db, const core::Clock& clock,
                                            const Principal& principal);

// Demo mode only (the route exists only then): an authenticated session for the demo user of
// `role`, without password or code, so a newcomer can walk every role's pages.
core::Result<SessionGrant> DemoLogIn(storage::Database& db, const core::Clock& clock, domain::Role role);

// The demo user of `role`: "<role>@demo.ismap.example" with password "demo-<role>-password".
std::string DemoEmail(domain::Role role);
std::string DemoPassword(domain::Role role);

// The SHA-256 under which a session or API token is stored.
std::string TokenHash(const std::string& token);

}  // namespace ismap::app
