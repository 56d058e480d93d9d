// Demo mode's cloud services (issue 7): three fictitious providers and their services in every
// state a service's application can be in — a complete one registered at a past committee meeting
// (statement of the whole ISMAP skeleton, audit by a registered demo audit corporation, report,
// review, decision), and others with a draft statement, an audit requested, an application
// submitted, under technical review, returned and recommended; then four more registered at a
// second meeting, differing in model, region, track, validity and adopted controls, one with its
// annex granted to the demo agency, so procurement checks (issue 9) split them (the table at the
// top of cloud_service_demo.cpp). Everything goes through the use cases
// (app/cloud_services.hpp, app/committee.hpp) with principals of the right roles, played on a
// ManualClock that starts months before `clock.Now()`, so each step is the ledger event it would be.
#pragma once

#include "app/audit_bodies.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "core/result.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// Needs SeedDemoData's users, the ISMAP skeleton edition ("ismap-skeleton") and the demo audit
// corporation Aoba on the audit body list (SeedDemoAuditBodies); without them it does nothing.
// Does nothing either when any cloud service exists. New users (each provider's administrator)
// get the demo password of their role, hashed with `hashing`. Returns how many services it created.
core::Result<int> SeedDemoCloudServices(storage::Database& db, const core::Clock& clock,
                                        const AuditBodySettings& settings,
                                        const core::PasswordHashParams& hashing = core::PasswordHashParams{});

// The e-mail of the demo audit corporation whose administrator audits the demo services.
inline constexpr char kDemoServiceAuditorEmail[] = "audit_body_admin.aoba@demo.ismap.example";

}  // namespace ismap::app
