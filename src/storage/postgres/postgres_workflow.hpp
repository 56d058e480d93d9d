// PostgreSQL implementation of the workflow repositories (storage/workflow_repositories.hpp), bound to
// one connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace ismap::storage::postgres {

class PostgresApplicationRepository final : public ApplicationRepository {
 public:
  explicit PostgresApplicationRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Application> Insert(const domain::Application& application, core::TimePoint now) override;
  Result<domain::Application> Get(domain::ApplicationId id) override;
  Result<void> Update(const domain::Application& application, std::int64_t expected_version) override;
  Result<std::vector<domain::Application>> ListByApplicant(domain::ApplicationKind kind,
                                                           domain::OrganizationId applicant, int limit,
                                                           int offset) override;
  Result<std::vector<domain::Application>> ListByStates(domain::ApplicationKind kind,
                                                        const std::vector<domain::ApplicationState>& states, int limit,
                                                        int offset) override;
  Result<void> PutAuditBodyContent(domain::ApplicationId id, const AuditBodyDossier& dossier) override;
  Result<AuditBodyDossier> GetAuditBodyContent(domain::ApplicationId id) override;
  Result<void> PutEvaluation(domain::ApplicationId id, const domain::Evaluation& evaluation) override;
  Result<std::optional<domain::Evaluation>> GetEvaluation(domain::ApplicationId id) override;

 private:
  PgConnection& connection_;
};

class PostgresRequirementSetRepository final : public RequirementSetRepository {
 public:
  explicit PostgresRequirementSetRepository(PgConnection& connection) : connection_(connection) {}
  Result<void> Insert(const domain::RequirementSet& set, core::TimePoint now) override;
  Result<domain::RequirementSet> Get(const std::string& version) override;
  Result<domain::RequirementSet> Current() override;

 private:
  PgConnection& connection_;
};

class PostgresCommitteeRepository final : public CommitteeRepository {
 public:
  explicit PostgresCommitteeRepository(PgConnection& connection) : connection_(connection) {}
  Result<domain::Meeting> InsertMeeting(const domain::Date& date, core::TimePoint now) override;
  Result<domain::Meeting> GetMeeting(domain::MeetingId id) override;
  Result<std::vector<domain::Meeting>> ListMeetings(int limit, int offset) override;
  Result<void> SetMembersPresent(domain::MeetingId id, const std::vector<domain::UserId>& members) override;
  Result<void> AddAgendaItem(domain::MeetingId id, const domain::AgendaItem& item) override;
  Result<void> InsertDecision(const domain::Decision& decision) override;

 private:
  Result<void> Complete(domain::Meeting& meeting);
  PgConnection& connection_;
};

class PostgresRegistrationRepository final : public RegistrationRepository {
 public:
  explicit PostgresRegistrationRepository(PgConnection& connection) : connection_(connection) {}
  Result<std::int64_t> NextSerial(domain::ApplicationKind kind, int year) override;
  Result<domain::Registration> Insert(const domain::Registration& registration, core::TimePoint now) override;
  Result<domain::Registration> Get(domain::RegistrationId id) override;
  Result<void> Update(const domain::Registration& registration, std::int64_t expected_version,
                      const domain::Date& effective_on) override;
  Result<std::vector<domain::Registration>> List(domain::ApplicationKind kind, const domain::Date& on) override;
  Result<std::vector<AuditBodyListing>> ListAuditBodyListing(const domain::Date& on) override;
  Result<std::vector<domain::Registration>> ListByHolder(domain::ApplicationKind kind,
                                                         domain::OrganizationId holder) override;
  Result<std::vector<domain::Registration>> ListExpiring(domain::ApplicationKind kind,
                                                         const domain::Date& today) override;
  Result<std::vector<StatusInterval>> History(domain::RegistrationId id) override;

 private:
  PgConnection& connection_;
};

// Row readers shared with postgres_services.cpp; the columns are those queries.hpp's application and
// registration selects list.
Result<domain::Application> ReadApplicationRow(const PgResult& r, int row);
Result<domain::Registration> ReadRegistrationRow(const PgResult& r, int row);
// The evaluator's checklist and the reviewer's findings are stored alike (the set's version and the
// items as JSON) in two tables, whose upsert and select are given.
struct Query;
Result<void> PutEvaluationRow(PgConnection& connection, const Query& upsert, domain::ApplicationId id,
                              const domain::Evaluation& evaluation);
Result<std::optional<domain::Evaluation>> GetEvaluationRow(PgConnection& connection, const Query& select,
                                                           domain::ApplicationId id);

}  // namespace ismap::storage::postgres
