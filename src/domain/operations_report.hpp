// The operational report (issue 9; seed framework §3): what the secretariat reports to the
// Cybersecurity Strategy Headquarters for a period — applications received, decided and returned,
// how long decided applications spent in each stage, registrations new, on the list, expired and
// renewed. This file holds the rules: which period is valid, what counts in it, how an
// application's history splits into stages, and the summaries (median and 90th percentile by
// domain::Percentile). Figures are computed from plain facts app/operations_report.cpp reads.
// Pure: no I/O, no clock. Thread-compatible values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"

namespace ismap::domain {

// The longest period a report covers: five years.
inline constexpr int kReportMaxYears = 5;

// Days in Japan, both included.
struct ReportPeriod {
  Date from;
  Date to;
  bool Contains(const Date& day) const { return from <= day && day <= to; }
};

// kInvalidArgument report.period_reversed (to before from) or report.period_too_long (to on or
// after the day five years after from: 2021-04-01 .. 2026-03-31 is the longest from 2021-04-01).
// REQUIRES: both valid dates.
core::Result<ReportPeriod> MakeReportPeriod(const Date& from, const Date& to);

// The report's three lists: cloud services by track, and audit bodies.
enum class ReportGroup { kIsmap, kLiu, kAuditBodies };
inline constexpr std::array<ReportGroup, 3> kReportGroups = {ReportGroup::kIsmap, ReportGroup::kLiu,
                                                             ReportGroup::kAuditBodies};
std::string_view ToString(ReportGroup group);  // "ismap", "liu", "audit_bodies"

// The stages time is reported in. Acceptance is submitted and acceptance_check (cloud services) or
// submitted alone (audit bodies); review is technical_review or under_evaluation; returned is with
// the applicant (差戻し); committee is recommended and on an agenda until the decision (a deferral
// leaves the application there).
enum class ReportStage { kAcceptance, kReview, kReturned, kAdditionalAudit, kCommittee };
inline constexpr std::array<ReportStage, 5> kReportStages = {ReportStage::kAcceptance, ReportStage::kReview,
                                                             ReportStage::kReturned, ReportStage::kAdditionalAudit,
                                                             ReportStage::kCommittee};
std::string_view ToString(ReportStage stage);  // "acceptance", "review", "returned", ...
// nullopt for draft and the outcomes.
std::optional<ReportStage> StageOf(ApplicationState state);

// One change of an application's state (a ledger event carrying the state it left).
struct StateChange {
  core::TimePoint at;
  ApplicationState state = ApplicationState::kDraft;
};

// An application as the report counts it.
struct ApplicationHistory {
  ApplicationId id;
  ReportGroup group = ReportGroup::kAuditBodies;
  std::optional<ServiceModel> model;  // cloud services: the service's model
  ApplicationPurpose purpose = ApplicationPurpose::kNew;
  ApplicationState state = ApplicationState::kDraft;  // now
  core::TimePoint state_since;                        // the decision's time once approved or rejected
  std::vector<StateChange> changes;                   // oldest first
};

// The day in Japan it was first submitted; nullopt if never.
std::optional<Date> FirstSubmittedOn(const ApplicationHistory& application);
// The day in Japan of its decision; nullopt unless approved or rejected.
std::optional<Date> DecidedOn(const ApplicationHistory& application);

// Calendar days in Japan a decided application spent in each stage (kReportStages order), from
// its first submission to its decision: each state lasts from its change's day to the next
// change's day (the last to the decision's), so the stages add up to the total. nullopt unless
// decided and submitted.
struct StageDays {
  std::array<std::int64_t, 5> days{};
  std::array<bool, 5> entered{};  // whether the application was in the stage at all
  std::int64_t total = 0;
};
std::optional<StageDays> SplitStages(const ApplicationHistory& application);

struct ApplicationCounts {
  int received = 0;  // first submitted in the period
  int approved = 0;  // decided in the period
  int rejected = 0;
  int returned = 0;  // returns (差戻し) in the period, every one counted
};

// Median and 90th percentile of days over `count` applications (0 and 0 for none).
struct DaySummary {
  int count = 0;
  double median_days = 0;
  double p90_days = 0;
};

// Over the applications decided in the period: each stage over those that were in it, and the total.
struct StageSummary {
  std::array<DaySummary, 5> stages{};
  DaySummary total;
};

struct RegistrationFacts {
  ReportGroup group = ReportGroup::kAuditBodies;
  std::optional<ServiceModel> model;  // cloud services
  Date registered_on;
  bool on_list_at_end = false;    // in force on the period's last day (app decides from the status history)
  std::optional<Date> lapsed_on;  // LapsedOn
};

// The first day a registration is no longer valid, when it has expired for good: stored expired,
// or active or suspended past its validity with no renewal pending on `today`; the day after
// valid_until. nullopt otherwise (revoked and withdrawn registrations ended otherwise).
std::optional<Date> LapsedOn(const Registration& registration, const Date& today);

struct RegistrationCounts {
  int registered = 0;  // registered in the period
  int on_list = 0;     // in force on its last day
  int expired = 0;     // lapsed in the period
  int renewed = 0;     // renewal applications approved in the period
};

struct ReportFigures {
  ReportPeriod period;
  std::array<ApplicationCounts, 3> applications{};    // kReportGroups order
  std::array<StageSummary, 3> times{};                // kReportGroups order
  std::array<RegistrationCounts, 3> registrations{};  // kReportGroups order
  std::array<RegistrationCounts, 3> by_model{};       // cloud services: IaaS, PaaS, SaaS
};

// The figures for `period` from every application and registration of the registers.
ReportFigures ComputeReportFigures(const ReportPeriod& period, const std::vector<ApplicationHistory>& applications,
                                   const std::vector<RegistrationFacts>& registrations);

}  // namespace ismap::domain
