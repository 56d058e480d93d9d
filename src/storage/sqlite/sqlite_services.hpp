// SQLite implementation of the cloud service register's repositories
// (storage/service_repositories.hpp), bound to one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteServiceRepository final : public ServiceRepository {
 public:
  explicit SqliteServiceRepository(Connection& connection) : connection_(connection) {}
  Result<domain::CloudService> Insert(const domain::CloudService& service, core::TimePoint now) override;
  Result<domain::CloudService> Get(domain::ServiceId id) override;
  Result<void> Update(const domain::CloudService& service, std::int64_t expected_version) override;
  Result<std::vector<domain::CloudService>> ListByProvider(domain::OrganizationId provider) override;
  Result<domain::CloudService> GetByRegistration(domain::RegistrationId registration) override;

 private:
  Connection& connection_;
};

class SqliteStatementRepository final : public StatementRepository {
 public:
  explicit SqliteStatementRepository(Connection& connection) : connection_(connection) {}
  Result<domain::Statement> Insert(const domain::Statement& statement) override;
  Result<domain::Statement> Get(domain::StatementId id) override;
  Result<void> Update(const domain::Statement& statement, std::int64_t expected_version) override;
  Result<std::vector<StatementSummary>> ListByService(domain::ServiceId service) override;
  Result<int> LatestRevision(domain::ServiceId service) override;

 private:
  Connection& connection_;
};

class SqliteEngagementRepository final : public EngagementRepository {
 public:
  explicit SqliteEngagementRepository(Connection& connection) : connection_(connection) {}
  Result<domain::Engagement> Insert(const domain::Engagement& engagement) override;
  Result<domain::Engagement> Get(domain::EngagementId id) override;
  Result<void> Update(const domain::Engagement& engagement, std::int64_t expected_version) override;
  Result<std::vector<domain::Engagement>> ListByProvider(domain::OrganizationId provider, int limit,
                                                         int offset) override;
  Result<std::vector<domain::Engagement>> ListByAuditBody(domain::OrganizationId audit_body, int limit,
                                                          int offset) override;

 private:
  Connection& connection_;
};

class SqliteServiceApplicationRepository final : public ServiceApplicationRepository {
 public:
  explicit SqliteServiceApplicationRepository(Connection& connection) : connection_(connection) {}
  Result<void> PutContent(domain::ApplicationId id, const domain::ServiceApplicationContent& content) override;
  Result<domain::ServiceApplicationContent> GetContent(domain::ApplicationId id) override;
  Result<void> PutReview(domain::ApplicationId id, const domain::Evaluation& review) override;
  Result<std::optional<domain::Evaluation>> GetReview(domain::ApplicationId id) override;
  Result<std::vector<ServiceApplicationLine>> ListLines(std::optional<domain::OrganizationId> applicant,
                                                        const std::vector<domain::ApplicationState>& states,
                                                        LineOrder order, int limit, int offset) override;
  Result<std::int64_t> CountLines(std::optional<domain::OrganizationId> applicant,
                                  const std::vector<domain::ApplicationState>& states) override;
  Result<std::vector<domain::Application>> ListByService(domain::ServiceId service) override;

 private:
  Connection& connection_;
};

class SqliteDisclosureGrantRepository final : public DisclosureGrantRepository {
 public:
  explicit SqliteDisclosureGrantRepository(Connection& connection) : connection_(connection) {}
  Result<domain::DisclosureGrant> Insert(const domain::DisclosureGrant& grant) override;
  Result<domain::DisclosureGrant> Get(domain::DisclosureGrantId id) override;
  Result<void> Revoke(domain::DisclosureGrantId id, core::TimePoint when) override;
  Result<std::vector<domain::DisclosureGrant>> ListByService(domain::ServiceId service) override;
  Result<std::vector<domain::DisclosureGrant>> ListByAgency(domain::OrganizationId agency) override;

 private:
  Connection& connection_;
};

class SqliteServiceListingRepository final : public ServiceListingRepository {
 public:
  explicit SqliteServiceListingRepository(Connection& connection) : connection_(connection) {}
  Result<std::vector<ServiceListing>> List(const domain::Date& on) override;
  Result<ServiceListing> Get(domain::ServiceId service, const domain::Date& on) override;
  Result<std::vector<domain::ServiceId>> MatchText(std::string_view text) override;

 private:
  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
