// The operational report (issue 9; seed framework §3): the figures the secretariat reports to the
// Cybersecurity Strategy Headquarters for a period of days in Japan — applications received,
// decided and returned, time per stage from submission to decision, registrations new, on the
// list, expired and renewed (rules: domain/operations_report.hpp), unregistered-service
// confirmations and feedback threads by topic. Whole-register counts, nothing
// about any one applicant. Read-only; the secretariat and administrators
// (Action::kReadOperationsReport). Thread-safe: one read transaction.
#pragma once

#include "app/authorization.hpp"
#include "core/result.hpp"
#include "domain/date.hpp"
#include "domain/operations_report.hpp"
#include "storage/database.hpp"

namespace ismap::app {

struct OperationsReport {
  domain::Date today;  // the day the report was made (registrations' expiry is judged as of it)
  domain::ReportFigures figures;
  // Unregistered-service confirmations submitted and approved in the period, as
  // storage::UnregisteredServiceRepository::CountInPeriod counts them.
  storage::ConfirmationCounts confirmations;
  // Feedback threads created in the period by topic (every topic), with how many were answered, as
  // storage::FeedbackRepository::CountCreatedBetween counts them.
  std::vector<storage::FeedbackTopicCount> feedback;
};

// The report for `period`. Errors: kUnauthenticated, kPermissionDenied; storage's.
core::Result<OperationsReport> ReadOperationsReport(storage::Database& db, const Principal& principal,
                                                    const domain::ReportPeriod& period, const domain::Date& today);

}  // namespace ismap::app
