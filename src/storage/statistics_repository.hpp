// What the programme statistics (issue 8; app/portal_statistics.hpp) read: every registration of a
// register with its status history (and, for cloud services, its service's track), and how long
// each decided application took from its first submission. Read-only, whole-register queries: one
// statement each, however many registrations or applications there are. Included by database.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"
#include "domain/operations_report.hpp"
#include "storage/workflow_repositories.hpp"

namespace ismap::storage {

// A registration as the statistics count it.
struct RegistrationLife {
  domain::Registration registration;          // as stored now (number and version not read)
  std::optional<domain::Track> track;         // the track of the service recording it; absent for audit bodies
  std::optional<domain::ServiceModel> model;  // that service's model (the operational report, issue 9)
  std::vector<StatusInterval> history;        // oldest first
};

// One decided application: when it was first submitted (the earliest ledger event of the
// submission type about it) and when it was decided (its state_since once approved or rejected).
struct DecisionTime {
  domain::ApplicationId application;
  core::TimePoint submitted_at;
  core::TimePoint decided_at;
};

// An application with every change of its state (the ledger events about it whose payload names
// the state they left it in), for the operational report (issue 9; domain/operations_report.hpp).
struct ApplicationTimeline {
  domain::ApplicationId id;
  domain::ApplicationPurpose purpose = domain::ApplicationPurpose::kNew;
  domain::ApplicationState state = domain::ApplicationState::kDraft;
  core::TimePoint state_since;
  std::optional<domain::Track> track;         // of the service a cloud service application is for
  std::optional<domain::ServiceModel> model;  // of that service
  std::vector<domain::StateChange> changes;   // in ledger order
};

class StatisticsRepository {
 public:
  virtual ~StatisticsRepository() = default;
  // Every registration of `kind`, by id.
  virtual core::Result<std::vector<RegistrationLife>> RegistrationLives(domain::ApplicationKind kind) = 0;
  // Every application of `kind` now approved or rejected that has a ledger event of type
  // `submitted_type` ("audit_body.submitted", "cloud_service.submitted"), by id. Applications decided
  // without one (none in practice) are left out.
  virtual core::Result<std::vector<DecisionTime>> DecisionTimes(domain::ApplicationKind kind,
                                                                const std::string& submitted_type) = 0;
  // Every application of `kind` (drafts, open, decided, withdrawn), by id.
  virtual core::Result<std::vector<ApplicationTimeline>> ApplicationTimelines(domain::ApplicationKind kind) = 0;
};

}  // namespace ismap::storage
