// Demo mode's audit bodies (issue 6): fictitious audit corporations and their applications in every
// state an audit body's application can be in, with two past committee meetings (approvals, a
// rejection, a deferral and a suspension) and an upcoming one with an application on its agenda.
// Everything goes through the use cases (app/audit_bodies.hpp, app/committee.hpp) with principals
// of the right roles, so each step is the ledger event it would be in production; the past is
// played on a ManualClock that starts months before `clock.Now()` and is advanced step by step.
#pragma once

#include "app/audit_bodies.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Needs the demo users of SeedDemoData (secretariat, evaluator, committee member, audit body
// admin); without them it does nothing. Does nothing either when any audit-body application
// exists. Uses the current requirement set, storing a demo one first when there is none. The new
// users (one administrator per demo audit corporation, two more committee members) get the demo
// passwords (DemoPassword of their role), hashed with `hashing`. Returns how many applications it
// created.
core::Result<int> SeedDemoAuditBodies(storage::Database& db, const core::Clock& clock,
                                      const AuditBodySettings& settings,
                                      const core::PasswordHashParams& hashing = core::PasswordHashParams{});

// The version of the requirement set stored when the database has none.
inline constexpr char kDemoRequirementSetVersion[] = "demo-2026";

}  // namespace ismap::app
