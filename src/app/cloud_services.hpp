// Use cases of the cloud service register (issue 7; DESIGN.md §1, §3, §4): a provider registers its
// services and writes statement versions against a criteria edition; it engages a registered audit
// body, which accepts with its independence declaration, records per-control results and issues
// the report; the provider applies (new, renewal, change) with the statement, the report and the
// disclosures; reviewers check acceptance, review per control, return, ask for an additional audit
// and recommend; the committee decides (app/committee.hpp), which registers the service. Providers
// grant agencies access to the restricted annex for a period.
//
// Each change is one transaction with its ledger event; every command on a versioned record names
// the version it was read at (kConflict <noun>.stale_version otherwise). Who may do what is decided
// in app/authorization.cpp: services and applications are the provider's, reviewers' and the
// committee's; the statement's annex (its entries) also the engaged audit bodies' and granted
// agencies'; the report also the evaluator's. Every read of restricted content by anyone outside
// the provider is a ledger event (statement.annex_read, engagement.report_read).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization.hpp"
#include "app/documents.hpp"
#include "app/public_version.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/engagement.hpp"
#include "domain/statement.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// The cloud service register's configuration (cloud_service.* keys).
struct CloudServiceSettings {
  // "C{yy}-{serial:4}-1" → "C26-0001-1". FACTS.md shows numbers like C21-0004-2 whose last digit's
  // meaning is unconfirmed: a literal here, configurable.
  domain::NumberTemplate number_template = DefaultNumberTemplate();
  int renewal_notice_days = 120;  // renewal due this many days before valid_until
  int overdue_days = 14;          // waiting on the reviewer longer than this is overdue

  static domain::NumberTemplate DefaultNumberTemplate();
};

// How long an application spent in each state it has been in, from its ledger history.
struct StateTime {
  domain::ApplicationState state = domain::ApplicationState::kDraft;
  std::int64_t seconds = 0;
  bool current = false;  // still in it: counted up to now
};

struct ServiceView {
  domain::CloudService service;
  std::string provider_name_ja;
  std::string provider_name_en;
  std::optional<domain::Registration> registration;
  std::optional<domain::RegistrationStatus> status;  // today, when registered
  std::vector<storage::StatementSummary> statements;
  std::vector<domain::Application> applications;
  std::vector<domain::Engagement> engagements;  // without results
  std::vector<domain::DisclosureGrant> grants;
};

struct StatementView {
  domain::Statement statement;
  domain::CloudService service;
  domain::Edition edition;
  std::vector<domain::Problem> problems;  // what stands between the draft and submission
  domain::StatementProgress progress;
};

// A draft's change: header fields that are present replace the stored ones; entries replace the
// stored entries of the same controls (all entries when replace_all_entries), so the editor can
// send one chapter or one bulk action at a time.
struct StatementEdit {
  std::optional<std::string> scope;
  std::optional<std::string> system_overview;
  std::optional<std::string> representative;
  std::optional<domain::AuditPeriod> period;
  std::optional<std::string> subsequent_events;
  std::vector<domain::StatementEntry> entries;
  bool replace_all_entries = false;
};

struct EngagementView {
  domain::Engagement engagement;
  domain::CloudService service;
  std::string audit_body_name_ja;
  std::string audit_body_name_en;
  std::optional<domain::Statement> statement;  // for the audit body: what it audits
};

struct ServiceApplicationView {
  domain::Application application;
  domain::ServiceApplicationContent content;
  domain::CloudService service;
  std::optional<domain::Evaluation> review;           // per-control findings
  std::vector<domain::Problem> problems;              // what submission would refuse
  std::vector<std::string> adoption_changes;          // change applications: controls changed
  std::vector<StateTime> state_times;                 // time spent in each state
  std::vector<domain::ApplicationCommand> available;  // what the workflow accepts next
};

struct ServiceApplicationInput {
  domain::ApplicationPurpose purpose = domain::ApplicationPurpose::kNew;
  domain::ServiceApplicationContent content;
};

// A line of a dashboard or queue, with how long it has waited in its state.
struct ServiceQueueLine {
  storage::ServiceApplicationLine line;
  std::int64_t days_waiting = 0;
  bool overdue = false;
};
struct ServiceQueuePage {
  std::vector<ServiceQueueLine> lines;
  std::int64_t total = 0;
};

// A grant as the agency holding it sees it: whose service, and which statement it opens (the
// registered one, else the latest submitted; none while the provider has submitted none).
struct GrantView {
  domain::DisclosureGrant grant;
  std::string service_name_ja;
  std::string service_name_en;
  std::string provider_name_ja;
  std::string provider_name_en;
  std::optional<domain::StatementId> statement;
  bool active = false;  // on today's date in Japan
};

// A line of the public cloud service list (DESIGN.md §3: public fields only).
struct PublicService {
  domain::ServiceId service_id;
  domain::RegistrationId registration_id;
  // The statement the registration rests on: never written to public output (its entries are
  // restricted), read by procurement checks for what it adopts.
  std::optional<domain::StatementId> registered_statement;
  std::string name_ja;
  std::string name_en;
  domain::OrganizationId provider_id;
  std::string provider_name_ja;
  std::string provider_name_en;
  std::string number;
  domain::Date registered_on;
  domain::Date valid_until;
  domain::RegistrationStatus status = domain::RegistrationStatus::kActive;  // on the requested day
  domain::Track track = domain::Track::kIsmap;
  domain::ServiceModel model = domain::ServiceModel::kSaas;
  std::vector<std::string> regions;
  std::string scope;
  domain::AuditPeriod period;
  std::string subsequent_events;
  std::optional<domain::OrganizationId> audit_body_id;  // absent when no issued report names one
  std::string audit_body_name_ja;
  std::string audit_body_name_en;
};

struct PublicServiceQuery;  // app/public_service_query.hpp
struct PublicServicePage;

class CloudServices {
 public:
  CloudServices(storage::Database& db, const core::Clock& clock, CloudServiceSettings settings)
      : db_(db), clock_(clock), settings_(std::move(settings)) {}

  const CloudServiceSettings& settings() const { return settings_; }
  // Who reads a statement's, an engagement's and an application's documents.
  static void RegisterDocumentReaders(DocumentReaders& readers);

  // Services. Create: the caller's organisation must be a provider (service.not_a_provider).
  core::Result<domain::CloudService> CreateService(const Principal& principal, domain::CloudService input);
  core::Result<domain::CloudService> UpdateService(const Principal& principal, domain::ServiceId id,
                                                   std::int64_t version, domain::CloudService input);
  core::Result<ServiceView> GetService(const Principal& principal, domain::ServiceId id);
  core::Result<std::vector<domain::CloudService>> ListOwnServices(const Principal& principal);

  // Statements. StartStatement opens a draft of the next revision on `edition_key`, a copy of the
  // latest submitted version when there is one on the same edition (statement.draft_exists when a
  // draft is open; criteria.edition_not_found for an unknown edition).
  core::Result<StatementView> StartStatement(const Principal& principal, domain::ServiceId service,
                                             const std::string& edition_key);
  core::Result<StatementView> GetStatement(const Principal& principal, domain::StatementId id);
  core::Result<StatementView> EditStatement(const Principal& principal, domain::StatementId id, std::int64_t version,
                                            const StatementEdit& edit);
  core::Result<StatementView> SubmitStatement(const Principal& principal, domain::StatementId id, std::int64_t version);
  // The edition a statement pins, for exports and the editor.
  core::Result<domain::EditionContent> StatementEdition(const Principal& principal, domain::StatementId id);

  // Engagements: the provider requests and withdraws; the audit body accepts, declines, records
  // results and issues the report (a document its own organisation uploaded).
  core::Result<EngagementView> RequestEngagement(const Principal& principal, domain::StatementId statement,
                                                 domain::OrganizationId audit_body);
  core::Result<EngagementView> AcceptEngagement(const Principal& principal, domain::EngagementId id,
                                                std::int64_t version,
                                                const domain::IndependenceDeclaration& declaration,
                                                const std::vector<domain::Auditor>& auditors);
  core::Result<EngagementView> DeclineEngagement(const Principal& principal, domain::EngagementId id,
                                                 std::int64_t version, const std::string& reason);
  core::Result<EngagementView> WithdrawEngagement(const Principal& principal, domain::EngagementId id,
                                                  std::int64_t version, const std::string& reason);
  core::Result<EngagementView> RecordResults(const Principal& principal, domain::EngagementId id, std::int64_t version,
                                             std::vector<domain::ControlResult> results);
  core::Result<EngagementView> IssueReport(const Principal& principal, domain::EngagementId id, std::int64_t version,
                                           domain::DocumentId report);
  core::Result<EngagementView> GetEngagement(const Principal& principal, domain::EngagementId id);
  // The caller's organisation's engagements: a provider's or an audit body's, newest first.
  core::Result<std::vector<EngagementView>> ListOwnEngagements(const Principal& principal);

  // Applications. The applicant's commands.
  core::Result<ServiceApplicationView> CreateApplication(const Principal& principal,
                                                         const ServiceApplicationInput& input);
  core::Result<ServiceApplicationView> UpdateApplication(const Principal& principal, domain::ApplicationId id,
                                                         std::int64_t version,
                                                         const domain::ServiceApplicationContent& content);
  core::Result<ServiceApplicationView> GetApplication(const Principal& principal, domain::ApplicationId id);
  core::Result<ServiceApplicationView> Submit(const Principal& principal, domain::ApplicationId id,
                                              std::int64_t version);
  core::Result<ServiceApplicationView> Resubmit(const Principal& principal, domain::ApplicationId id,
                                                std::int64_t version);
  core::Result<ServiceApplicationView> Withdraw(const Principal& principal, domain::ApplicationId id,
                                                std::int64_t version, const std::string& reason);
  // Hands in the additional audit: an engagement whose report was issued on the application's statement.
  core::Result<ServiceApplicationView> SubmitAdditionalAudit(const Principal& principal, domain::ApplicationId id,
                                                             std::int64_t version, domain::EngagementId engagement);

  // The reviewer's commands.
  core::Result<ServiceApplicationView> StartAcceptanceCheck(const Principal& principal, domain::ApplicationId id,
                                                            std::int64_t version);
  core::Result<ServiceApplicationView> Accept(const Principal& principal, domain::ApplicationId id,
                                              std::int64_t version);
  core::Result<ServiceApplicationView> Return(const Principal& principal, domain::ApplicationId id,
                                              std::int64_t version, const std::string& reason);
  core::Result<ServiceApplicationView> RequestAdditionalAudit(const Principal& principal, domain::ApplicationId id,
                                                              std::int64_t version, const std::string& reason);
  // A per-control finding during technical review (the version is checked, not changed).
  core::Result<ServiceApplicationView> MarkFinding(const Principal& principal, domain::ApplicationId id,
                                                   std::int64_t version, const std::string& control_id,
                                                   domain::ItemVerdict verdict, const std::string& note);
  // Approval is refused while a finding is not met (review.finding_not_met) and, for a change whose
  // adopted controls changed, until an additional audit was handed in (application.additional_audit_required).
  core::Result<ServiceApplicationView> Recommend(const Principal& principal, domain::ApplicationId id,
                                                 std::int64_t version, domain::RecommendationOutcome outcome,
                                                 const std::string& note);

  // The provider's dashboard (its applications, newest first) and the reviewers' queue (waiting on
  // them, oldest first; the committee also sees recommended and on-agenda ones, the secretariat only
  // those). REQUIRES: 1 <= limit <= 500.
  core::Result<ServiceQueuePage> Dashboard(const Principal& principal, int limit, int offset);
  core::Result<ServiceQueuePage> Queue(const Principal& principal, int limit, int offset);

  // Disclosure grants: the provider grants and revokes; the agency reads the annex through
  // GetStatement while a grant is active.
  core::Result<domain::DisclosureGrant> GrantDisclosure(const Principal& principal, domain::ServiceId service,
                                                        domain::OrganizationId agency, const domain::Date& from,
                                                        const domain::Date& until);
  core::Result<domain::DisclosureGrant> RevokeGrant(const Principal& principal, domain::DisclosureGrantId id);
  // The grants to the caller's agency, newest first.
  core::Result<std::vector<GrantView>> ListOwnGrants(const Principal& principal);
  // The organisations a provider may grant to (kind kAgency), by Japanese name then id, for the
  // grant form: allowed to those who manage cloud services.
  core::Result<std::vector<domain::Organization>> ListAgencies(const Principal& principal);

  // The public cloud service list as it stood on `on`, and one service's public line.
  core::Result<std::vector<PublicService>> ListPublic(const Principal& principal, const domain::Date& on);
  // The public list filtered, sorted and cut into pages (issue 8): free text through storage's
  // search index, the other filters on the day's lines.
  core::Result<PublicServicePage> SearchPublic(const Principal& principal, const PublicServiceQuery& query);
  core::Result<PublicService> GetPublic(const Principal& principal, domain::ServiceId id, const domain::Date& on);

  // Keep today's public lines in memory while `version` stays the same (serve and the benchmarks
  // set it; without one every search reads the list from the database). `version` must outlive this.
  void KeepPublicLinesWhile(PublicVersion* version) { public_version_ = version; }
  // The public list on `on`: today's from memory while the public version holds, else read. No
  // authorisation (every line is public); for other use cases (app/procurement.hpp).
  core::Result<std::shared_ptr<const std::vector<PublicService>>> ListedOn(const domain::Date& on);

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  CloudServiceSettings settings_;
  PublicVersion* public_version_ = nullptr;
  struct LinesSnapshot {
    std::uint64_t version = 0;
    domain::Date on;
    std::shared_ptr<const std::vector<PublicService>> lines;
  };
  std::mutex snapshot_mu_;
  std::optional<LinesSnapshot> snapshot_;  // guarded by snapshot_mu_
};

}  // namespace ismap::app
