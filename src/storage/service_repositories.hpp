// Repository interfaces for the cloud service register (issue 7): services, statement versions,
// audit engagements, what a cloud service application attaches, disclosure grants, and the lines
// of the public cloud service list. Included by database.hpp; UnitOfWork hands them out.
//
// Optimistic concurrency as in workflow_repositories.hpp: Update methods write only when the stored
// version is the one the caller read and report kConflict (<noun>.stale_version) otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/application.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"
#include "domain/engagement.hpp"
#include "domain/statement.hpp"

namespace ismap::storage {

class ServiceRepository {
 public:
  virtual ~ServiceRepository() = default;
  // Stores a new service (its id ignored, version 1) and returns it with its id.
  virtual core::Result<domain::CloudService> Insert(const domain::CloudService& service, core::TimePoint now) = 0;
  virtual core::Result<domain::CloudService> Get(domain::ServiceId id) = 0;  // kNotFound service.not_found
  // Every mutable field, registration and registered statement included. kConflict service.stale_version;
  // kAlreadyExists when another service already records the registration.
  virtual core::Result<void> Update(const domain::CloudService& service, std::int64_t expected_version) = 0;
  // A provider's services by id.
  virtual core::Result<std::vector<domain::CloudService>> ListByProvider(domain::OrganizationId provider) = 0;
  // The service a registration belongs to. kNotFound service.not_found.
  virtual core::Result<domain::CloudService> GetByRegistration(domain::RegistrationId registration) = 0;
};

// One statement version without its entries (lists of versions).
struct StatementSummary {
  domain::StatementId id;
  domain::ServiceId service;
  int revision = 1;
  domain::EditionId edition;
  domain::StatementState state = domain::StatementState::kDraft;
  std::int64_t version = 1;
  core::TimePoint updated_at;
  std::optional<core::TimePoint> submitted_at;
};

class StatementRepository {
 public:
  virtual ~StatementRepository() = default;
  // Stores a new version with its entries and returns it with its id. kAlreadyExists
  // (statement.duplicate_revision) when the service already has that revision.
  virtual core::Result<domain::Statement> Insert(const domain::Statement& statement) = 0;
  // With every entry in the order saved. kNotFound statement.not_found.
  virtual core::Result<domain::Statement> Get(domain::StatementId id) = 0;
  // Replaces everything but id, service, provider, revision and edition (entries whole) when the
  // stored version is `expected_version` and the stored state is draft. kConflict statement.stale_version;
  // kFailedPrecondition statement.not_editable when the stored version was already submitted (whatever
  // `expected_version` says); kNotFound statement.not_found.
  virtual core::Result<void> Update(const domain::Statement& statement, std::int64_t expected_version) = 0;
  // The service's versions, newest revision first.
  virtual core::Result<std::vector<StatementSummary>> ListByService(domain::ServiceId service) = 0;
  // The highest revision the service has, 0 when none.
  virtual core::Result<int> LatestRevision(domain::ServiceId service) = 0;
};

class EngagementRepository {
 public:
  virtual ~EngagementRepository() = default;
  virtual core::Result<domain::Engagement> Insert(const domain::Engagement& engagement) = 0;
  virtual core::Result<domain::Engagement> Get(domain::EngagementId id) = 0;  // kNotFound engagement.not_found
  // Every mutable field (state, independence, auditors, results, report, reason, version).
  // kConflict engagement.stale_version.
  virtual core::Result<void> Update(const domain::Engagement& engagement, std::int64_t expected_version) = 0;
  // Without results (they may be long): a provider's engagements, or an audit body's, newest first.
  virtual core::Result<std::vector<domain::Engagement>> ListByProvider(domain::OrganizationId provider, int limit,
                                                                       int offset) = 0;
  virtual core::Result<std::vector<domain::Engagement>> ListByAuditBody(domain::OrganizationId audit_body, int limit,
                                                                        int offset) = 0;
};

// A cloud service application with the names its lists show.
struct ServiceApplicationLine {
  domain::Application application;
  domain::ServiceId service;
  std::string service_name_ja;
  std::string service_name_en;
  std::string applicant_name_ja;
  std::string applicant_name_en;
};

enum class LineOrder {
  kNewestFirst,      // a provider's dashboard: newest id first
  kOldestStateFirst  // a queue: oldest state_since first, then id
};

class ServiceApplicationRepository {
 public:
  virtual ~ServiceApplicationRepository() = default;
  // A cloud service application's attachments, replaced whole. kNotFound application.not_found.
  virtual core::Result<void> PutContent(domain::ApplicationId id, const domain::ServiceApplicationContent& content) = 0;
  // kNotFound application.content_not_found.
  virtual core::Result<domain::ServiceApplicationContent> GetContent(domain::ApplicationId id) = 0;
  // Per-control review findings (the reviewer's checklist: item ids are control ids), replaced whole.
  virtual core::Result<void> PutReview(domain::ApplicationId id, const domain::Evaluation& review) = 0;
  virtual core::Result<std::optional<domain::Evaluation>> GetReview(domain::ApplicationId id) = 0;
  // Cloud service applications in any of `states` (every state when empty), of one applicant when
  // given, in `order`, with names: one query (the dashboard and the reviewer queue).
  virtual core::Result<std::vector<ServiceApplicationLine>> ListLines(
      std::optional<domain::OrganizationId> applicant, const std::vector<domain::ApplicationState>& states,
      LineOrder order, int limit, int offset) = 0;
  // How many ListLines would return without limit and offset.
  virtual core::Result<std::int64_t> CountLines(std::optional<domain::OrganizationId> applicant,
                                                const std::vector<domain::ApplicationState>& states) = 0;
  // The applications naming `service`, newest first.
  virtual core::Result<std::vector<domain::Application>> ListByService(domain::ServiceId service) = 0;
};

class DisclosureGrantRepository {
 public:
  virtual ~DisclosureGrantRepository() = default;
  virtual core::Result<domain::DisclosureGrant> Insert(const domain::DisclosureGrant& grant) = 0;
  virtual core::Result<domain::DisclosureGrant> Get(domain::DisclosureGrantId id) = 0;  // kNotFound grant.not_found
  // Sets revoked_at when not yet revoked. kNotFound grant.not_found.
  virtual core::Result<void> Revoke(domain::DisclosureGrantId id, core::TimePoint when) = 0;
  // Every grant on a service, newest first.
  virtual core::Result<std::vector<domain::DisclosureGrant>> ListByService(domain::ServiceId service) = 0;
  // Every grant to an agency, newest first.
  virtual core::Result<std::vector<domain::DisclosureGrant>> ListByAgency(domain::OrganizationId agency) = 0;
};

// A line of the public cloud service list: the registration, its service, the provider's names, the
// public part of the registered statement (never its entries), the audit body that issued the
// report, and the stored state on the day asked about from the status history.
struct ServiceListing {
  domain::Registration registration;
  domain::CloudService service;
  std::string provider_name_ja;
  std::string provider_name_en;
  std::string scope;
  domain::AuditPeriod period;
  std::string subsequent_events;
  std::optional<domain::OrganizationId> audit_body;  // absent when unknown
  std::string audit_body_name_ja;                    // empty when unknown
  std::string audit_body_name_en;
  std::optional<domain::RegistrationState> state_on;
};

class ServiceListingRepository {
 public:
  virtual ~ServiceListingRepository() = default;
  // Every cloud-service registration registered on or before `on` whose service records it, by
  // number: one query, however long the list.
  virtual core::Result<std::vector<ServiceListing>> List(const domain::Date& on) = 0;
  // The line of one service, registered or not yet (then registration is absent: kNotFound
  // service.not_registered, also when registered only after `on`; kNotFound service.not_found
  // when there is no such service).
  virtual core::Result<ServiceListing> Get(domain::ServiceId service, const domain::Date& on) = 0;
  // Free-text search (issue 8): the services whose names, provider's names, registration number or
  // audit body's names contain `text` (non-empty), ASCII case ignored, in no particular order.
  // Registered or not: the caller intersects with the list it shows.
  virtual core::Result<std::vector<domain::ServiceId>> MatchText(std::string_view text) = 0;
};

}  // namespace ismap::storage
