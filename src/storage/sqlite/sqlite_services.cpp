#include "storage/sqlite/sqlite_services.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/sqlite_workflow.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

core::Error NotFound(const char* reason, const std::string& message) {
  return core::MakeError(core::ErrorCode::kNotFound, reason, message);
}

core::Error Stale(const char* reason, const char* noun, std::int64_t id, std::int64_t expected_version) {
  return core::MakeError(core::ErrorCode::kConflict, reason,
                         fmt::format("{} {} is not at version {}", noun, id, expected_version));
}

Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

Result<core::TimePoint> ReadTime(const std::string& text) {
  core::TimePoint t;
  if (!core::ParseRfc3339(text, &t)) {
    return Corrupt("bad time " + text);
  }
  return t;
}

std::optional<std::int64_t> OptionalId(const auto& id) {
  return id ? std::optional<std::int64_t>(id->value()) : std::nullopt;
}

std::optional<std::string> OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? std::optional<std::string>(core::FormatRfc3339(*t)) : std::nullopt;
}

std::optional<std::string> OptionalDate(const std::optional<domain::Date>& d) {
  return d ? std::optional<std::string>(domain::FormatDate(*d)) : std::nullopt;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(StatementHandle& statement, Read read) {
  std::vector<T> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(T value, read(*statement.operator->()));
    out.push_back(std::move(value));
  }
}

// Columns from `first`: id, provider_id, name_ja, name_en, description, model, deployment,
// regions_json, track, registration_id, registered_statement, version.
Result<domain::CloudService> ReadService(const Statement& row, int first = 0) {
  domain::CloudService s;
  s.id = domain::ServiceId(row.Int(first));
  const auto model = domain::ServiceModelFromString(row.Text(first + 5));
  const auto deployment = domain::DeploymentModelFromString(row.Text(first + 6));
  const auto track = domain::TrackFromString(row.Text(first + 8));
  if (!model || !deployment || !track) {
    return Corrupt(fmt::format("service {} is malformed", s.id.value()));
  }
  s.provider = domain::OrganizationId(row.Int(first + 1));
  s.name_ja = row.Text(first + 2);
  s.name_en = row.Text(first + 3);
  s.description = row.Text(first + 4);
  s.model = *model;
  s.deployment = *deployment;
  ISMAP_ASSIGN_OR_RETURN(s.regions, DecodeRegions(row.Text(first + 7)));
  s.track = *track;
  if (auto r = row.OptionalInt(first + 9)) {
    s.registration_id = domain::RegistrationId(*r);
  }
  if (auto st = row.OptionalInt(first + 10)) {
    s.registered_statement = domain::StatementId(*st);
  }
  s.version = row.Int(first + 11);
  return s;
}

// Columns: id, service_id, provider_id, revision, edition_id, state, scope, system_overview,
// representative, period_first, period_last, subsequent_events, entries_json, version, updated_at,
// submitted_at.
Result<domain::Statement> ReadStatement(const Statement& row) {
  domain::Statement s;
  s.id = domain::StatementId(row.Int(0));
  const auto state = domain::StatementStateFromString(row.Text(5));
  if (!state) {
    return Corrupt(fmt::format("statement {} is malformed", s.id.value()));
  }
  s.service = domain::ServiceId(row.Int(1));
  s.provider = domain::OrganizationId(row.Int(2));
  s.revision = static_cast<int>(row.Int(3));
  s.edition = domain::EditionId(row.Int(4));
  s.state = *state;
  s.scope = row.Text(6);
  s.system_overview = row.Text(7);
  s.representative = row.Text(8);
  ISMAP_ASSIGN_OR_RETURN(s.period.first, ReadDate(row.Text(9)));
  ISMAP_ASSIGN_OR_RETURN(s.period.last, ReadDate(row.Text(10)));
  s.subsequent_events = row.Text(11);
  ISMAP_ASSIGN_OR_RETURN(s.entries, DecodeStatementEntries(row.Text(12)));
  s.version = row.Int(13);
  ISMAP_ASSIGN_OR_RETURN(s.updated_at, ReadTime(row.Text(14)));
  if (auto submitted = row.OptionalText(15)) {
    ISMAP_ASSIGN_OR_RETURN(s.submitted_at, ReadTime(*submitted));
  }
  return s;
}

// Columns: id, service_id, provider_id, audit_body_id, statement_id, state, independence_json,
// auditors_json, report_document_id, report_issued_on, last_reason, version, created_at, and
// results_json when `with_results`.
Result<domain::Engagement> ReadEngagement(const Statement& row, bool with_results) {
  domain::Engagement e;
  e.id = domain::EngagementId(row.Int(0));
  const auto state = domain::EngagementStateFromString(row.Text(5));
  if (!state) {
    return Corrupt(fmt::format("engagement {} is malformed", e.id.value()));
  }
  e.service = domain::ServiceId(row.Int(1));
  e.provider = domain::OrganizationId(row.Int(2));
  e.audit_body = domain::OrganizationId(row.Int(3));
  e.statement = domain::StatementId(row.Int(4));
  e.state = *state;
  ISMAP_ASSIGN_OR_RETURN(e.independence, DecodeIndependence(row.Text(6)));
  ISMAP_ASSIGN_OR_RETURN(e.auditors, DecodeAuditors(row.Text(7)));
  if (auto d = row.OptionalInt(8)) {
    e.report_document = domain::DocumentId(*d);
  }
  if (auto issued = row.OptionalText(9)) {
    ISMAP_ASSIGN_OR_RETURN(e.report_issued_on, ReadDate(*issued));
  }
  e.last_reason = row.Text(10);
  e.version = row.Int(11);
  ISMAP_ASSIGN_OR_RETURN(e.created_at, ReadTime(row.Text(12)));
  if (with_results) {
    ISMAP_ASSIGN_OR_RETURN(e.results, DecodeControlResults(row.Text(13)));
  }
  return e;
}

// Columns: id, service_id, provider_id, agency_id, from_date, until_date, revoked_at, created_at.
Result<domain::DisclosureGrant> ReadGrant(const Statement& row) {
  domain::DisclosureGrant g;
  g.id = domain::DisclosureGrantId(row.Int(0));
  g.service = domain::ServiceId(row.Int(1));
  g.provider = domain::OrganizationId(row.Int(2));
  g.agency = domain::OrganizationId(row.Int(3));
  ISMAP_ASSIGN_OR_RETURN(g.from, ReadDate(row.Text(4)));
  ISMAP_ASSIGN_OR_RETURN(g.until, ReadDate(row.Text(5)));
  if (auto revoked = row.OptionalText(6)) {
    ISMAP_ASSIGN_OR_RETURN(g.revoked_at, ReadTime(*revoked));
  }
  ISMAP_ASSIGN_OR_RETURN(g.created_at, ReadTime(row.Text(7)));
  return g;
}

// Columns of kListServiceListing: the registration (0-8), the service (9-20), the provider's
// names, scope, period, subsequent events, the audit body's names, the state on the day, the audit
// body's id.
Result<ServiceListing> ReadListing(const Statement& row) {
  ServiceListing line;
  ISMAP_ASSIGN_OR_RETURN(line.registration, ReadRegistrationRow(row));
  ISMAP_ASSIGN_OR_RETURN(line.service, ReadService(row, 9));
  line.provider_name_ja = row.Text(21);
  line.provider_name_en = row.Text(22);
  line.scope = row.Text(23);
  if (auto first = row.OptionalText(24)) {
    ISMAP_ASSIGN_OR_RETURN(line.period.first, ReadDate(*first));
  }
  if (auto last = row.OptionalText(25)) {
    ISMAP_ASSIGN_OR_RETURN(line.period.last, ReadDate(*last));
  }
  line.subsequent_events = row.Text(26);
  line.audit_body_name_ja = row.Text(27);
  line.audit_body_name_en = row.Text(28);
  if (const auto state = row.OptionalText(29)) {
    line.state_on = domain::RegistrationStateFromString(*state);
    if (!line.state_on) {
      return Corrupt(fmt::format("registration {} has a malformed history", line.registration.id.value()));
    }
  }
  if (const auto audit_body = row.OptionalInt(30)) {
    line.audit_body = domain::OrganizationId(*audit_body);
  }
  return line;
}

// The states as ?1 wants them: a JSON array, every state when none is named.
std::string StateNames(const std::vector<domain::ApplicationState>& states) {
  nlohmann::json names = nlohmann::json::array();
  for (auto state : states.empty() ? domain::AllApplicationStates() : states) {
    names.push_back(std::string(domain::ToString(state)));
  }
  return names.dump();
}

}  // namespace

// Services.

Result<domain::CloudService> SqliteServiceRepository::Insert(const domain::CloudService& service, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertService));
  s->Bind(1, service.provider.value());
  s->Bind(2, std::string_view(service.name_ja));
  s->Bind(3, std::string_view(service.name_en));
  s->Bind(4, std::string_view(service.description));
  s->Bind(5, domain::ToString(service.model));
  s->Bind(6, domain::ToString(service.deployment));
  s->Bind(7, std::string_view(EncodeRegions(service.regions)));
  s->Bind(8, domain::ToString(service.track));
  s->Bind(9, OptionalId(service.registration_id));
  s->Bind(10, OptionalId(service.registered_statement));
  s->Bind(11, std::string_view(core::FormatRfc3339(now)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_service returned no id");
  }
  domain::CloudService stored = service;
  stored.id = domain::ServiceId(s->Int(0));
  stored.version = 1;
  return stored;
}

Result<domain::CloudService> SqliteServiceRepository::Get(domain::ServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectService));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("service.not_found", fmt::format("service {} not found", id.value()));
  }
  return ReadService(*s.operator->());
}

Result<void> SqliteServiceRepository::Update(const domain::CloudService& service, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateService));
  s->Bind(1, service.id.value());
  s->Bind(2, expected_version);
  s->Bind(3, std::string_view(service.name_ja));
  s->Bind(4, std::string_view(service.name_en));
  s->Bind(5, std::string_view(service.description));
  s->Bind(6, domain::ToString(service.model));
  s->Bind(7, domain::ToString(service.deployment));
  s->Bind(8, std::string_view(EncodeRegions(service.regions)));
  s->Bind(9, domain::ToString(service.track));
  s->Bind(10, OptionalId(service.registration_id));
  s->Bind(11, OptionalId(service.registered_statement));
  s->Bind(12, service.version);
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return Stale("service.stale_version", "service", service.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<domain::CloudService>> SqliteServiceRepository::ListByProvider(domain::OrganizationId provider) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListServicesByProvider));
  s->Bind(1, provider.value());
  return ReadRows<domain::CloudService>(s, [](const Statement& row) { return ReadService(row); });
}

Result<domain::CloudService> SqliteServiceRepository::GetByRegistration(domain::RegistrationId registration) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectServiceByRegistration));
  s->Bind(1, registration.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("service.not_found", fmt::format("no service has registration {}", registration.value()));
  }
  return ReadService(*s.operator->());
}

// Statements.

Result<domain::Statement> SqliteStatementRepository::Insert(const domain::Statement& statement) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertStatement));
  s->Bind(1, statement.service.value());
  s->Bind(2, statement.provider.value());
  s->Bind(3, static_cast<std::int64_t>(statement.revision));
  s->Bind(4, statement.edition.value());
  s->Bind(5, domain::ToString(statement.state));
  s->Bind(6, std::string_view(statement.scope));
  s->Bind(7, std::string_view(statement.system_overview));
  s->Bind(8, std::string_view(statement.representative));
  s->Bind(9, std::string_view(domain::FormatDate(statement.period.first)));
  s->Bind(10, std::string_view(domain::FormatDate(statement.period.last)));
  s->Bind(11, std::string_view(statement.subsequent_events));
  s->Bind(12, std::string_view(EncodeStatementEntries(statement.entries)));
  s->Bind(13, statement.version);
  s->Bind(14, std::string_view(core::FormatRfc3339(statement.updated_at)));
  s->Bind(15, OptionalTime(statement.submitted_at));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(
        core::ErrorCode::kAlreadyExists, "statement.duplicate_revision",
        fmt::format("service {} already has revision {}", statement.service.value(), statement.revision));
  }
  domain::Statement stored = statement;
  stored.id = domain::StatementId(s->Int(0));
  return stored;
}

Result<domain::Statement> SqliteStatementRepository::Get(domain::StatementId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectStatement));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("statement.not_found", fmt::format("statement {} not found", id.value()));
  }
  return ReadStatement(*s.operator->());
}

Result<void> SqliteStatementRepository::Update(const domain::Statement& statement, std::int64_t expected_version) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateStatement));
    s->Bind(1, statement.id.value());
    s->Bind(2, expected_version);
    s->Bind(3, domain::ToString(statement.state));
    s->Bind(4, std::string_view(statement.scope));
    s->Bind(5, std::string_view(statement.system_overview));
    s->Bind(6, std::string_view(statement.representative));
    s->Bind(7, std::string_view(domain::FormatDate(statement.period.first)));
    s->Bind(8, std::string_view(domain::FormatDate(statement.period.last)));
    s->Bind(9, std::string_view(statement.subsequent_events));
    s->Bind(10, std::string_view(EncodeStatementEntries(statement.entries)));
    s->Bind(11, statement.version);
    s->Bind(12, std::string_view(core::FormatRfc3339(statement.updated_at)));
    s->Bind(13, OptionalTime(statement.submitted_at));
    ISMAP_RETURN_IF_ERROR(s->Run());
    if (connection_.Changes() > 0) {
      return core::Ok();
    }
  }
  // Nothing written: say why.
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectStatementState));
  s->Bind(1, statement.id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("statement.not_found", fmt::format("statement {} not found", statement.id.value()));
  }
  if (s->Text(0) != domain::ToString(domain::StatementState::kDraft)) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "statement.not_editable",
                           fmt::format("statement {} was submitted and never changes", statement.id.value()));
  }
  return Stale("statement.stale_version", "statement", statement.id.value(), expected_version);
}

Result<std::vector<StatementSummary>> SqliteStatementRepository::ListByService(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListStatementsByService));
  s->Bind(1, service.value());
  return ReadRows<StatementSummary>(s, [](const Statement& row) -> Result<StatementSummary> {
    StatementSummary summary;
    summary.id = domain::StatementId(row.Int(0));
    const auto state = domain::StatementStateFromString(row.Text(4));
    if (!state) {
      return Corrupt(fmt::format("statement {} is malformed", summary.id.value()));
    }
    summary.service = domain::ServiceId(row.Int(1));
    summary.revision = static_cast<int>(row.Int(2));
    summary.edition = domain::EditionId(row.Int(3));
    summary.state = *state;
    summary.version = row.Int(5);
    ISMAP_ASSIGN_OR_RETURN(summary.updated_at, ReadTime(row.Text(6)));
    if (auto submitted = row.OptionalText(7)) {
      ISMAP_ASSIGN_OR_RETURN(summary.submitted_at, ReadTime(*submitted));
    }
    return summary;
  });
}

Result<int> SqliteStatementRepository::LatestRevision(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kLatestStatementRevision));
  s->Bind(1, service.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? static_cast<int>(s->Int(0)) : 0;
}

// Engagements.

Result<domain::Engagement> SqliteEngagementRepository::Insert(const domain::Engagement& e) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertEngagement));
  s->Bind(1, e.service.value());
  s->Bind(2, e.provider.value());
  s->Bind(3, e.audit_body.value());
  s->Bind(4, e.statement.value());
  s->Bind(5, domain::ToString(e.state));
  s->Bind(6, std::string_view(EncodeIndependence(e.independence)));
  s->Bind(7, std::string_view(EncodeAuditors(e.auditors)));
  s->Bind(8, std::string_view(EncodeControlResults(e.results)));
  s->Bind(9, OptionalId(e.report_document));
  s->Bind(10, OptionalDate(e.report_issued_on));
  s->Bind(11, std::string_view(e.last_reason));
  s->Bind(12, e.version);
  s->Bind(13, std::string_view(core::FormatRfc3339(e.created_at)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_engagement returned no id");
  }
  domain::Engagement stored = e;
  stored.id = domain::EngagementId(s->Int(0));
  return stored;
}

Result<domain::Engagement> SqliteEngagementRepository::Get(domain::EngagementId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectEngagement));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("engagement.not_found", fmt::format("engagement {} not found", id.value()));
  }
  return ReadEngagement(*s.operator->(), true);
}

Result<void> SqliteEngagementRepository::Update(const domain::Engagement& e, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateEngagement));
  s->Bind(1, e.id.value());
  s->Bind(2, expected_version);
  s->Bind(3, domain::ToString(e.state));
  s->Bind(4, std::string_view(EncodeIndependence(e.independence)));
  s->Bind(5, std::string_view(EncodeAuditors(e.auditors)));
  s->Bind(6, std::string_view(EncodeControlResults(e.results)));
  s->Bind(7, OptionalId(e.report_document));
  s->Bind(8, OptionalDate(e.report_issued_on));
  s->Bind(9, std::string_view(e.last_reason));
  s->Bind(10, e.version);
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return Stale("engagement.stale_version", "engagement", e.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<domain::Engagement>> SqliteEngagementRepository::ListByProvider(domain::OrganizationId provider,
                                                                                   int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListEngagementsByProvider));
  s->Bind(1, provider.value());
  s->Bind(2, static_cast<std::int64_t>(limit));
  s->Bind(3, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Engagement>(s, [](const Statement& row) { return ReadEngagement(row, false); });
}

Result<std::vector<domain::Engagement>> SqliteEngagementRepository::ListByAuditBody(domain::OrganizationId audit_body,
                                                                                    int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListEngagementsByAuditBody));
  s->Bind(1, audit_body.value());
  s->Bind(2, static_cast<std::int64_t>(limit));
  s->Bind(3, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Engagement>(s, [](const Statement& row) { return ReadEngagement(row, false); });
}

// Cloud service applications.

Result<void> SqliteServiceApplicationRepository::PutContent(domain::ApplicationId id,
                                                            const domain::ServiceApplicationContent& content) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle exists, connection_.Prepare(kApplicationExists));
    exists->Bind(1, id.value());
    ISMAP_ASSIGN_OR_RETURN(bool row, exists->Step());
    if (!row) {
      return NotFound("application.not_found", fmt::format("application {} not found", id.value()));
    }
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpsertServiceContent));
  s->Bind(1, id.value());
  s->Bind(2, content.service.value());
  s->Bind(3, OptionalId(content.statement));
  s->Bind(4, OptionalId(content.engagement));
  s->Bind(5, OptionalId(content.additional_engagement));
  s->Bind(6, std::string_view(EncodeDisclosures(content.disclosures)));
  return s->Run();
}

Result<domain::ServiceApplicationContent> SqliteServiceApplicationRepository::GetContent(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectServiceContent));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("application.content_not_found", fmt::format("application {} has no content", id.value()));
  }
  domain::ServiceApplicationContent content;
  content.service = domain::ServiceId(s->Int(0));
  if (auto st = s->OptionalInt(1)) {
    content.statement = domain::StatementId(*st);
  }
  if (auto e = s->OptionalInt(2)) {
    content.engagement = domain::EngagementId(*e);
  }
  if (auto e = s->OptionalInt(3)) {
    content.additional_engagement = domain::EngagementId(*e);
  }
  ISMAP_ASSIGN_OR_RETURN(content.disclosures, DecodeDisclosures(s->Text(4)));
  return content;
}

Result<void> SqliteServiceApplicationRepository::PutReview(domain::ApplicationId id, const domain::Evaluation& review) {
  return PutEvaluationRow(connection_, kUpsertServiceReview, id, review);
}

Result<std::optional<domain::Evaluation>> SqliteServiceApplicationRepository::GetReview(domain::ApplicationId id) {
  return GetEvaluationRow(connection_, kSelectServiceReview, id);
}

Result<std::vector<ServiceApplicationLine>> SqliteServiceApplicationRepository::ListLines(
    std::optional<domain::OrganizationId> applicant, const std::vector<domain::ApplicationState>& states,
    LineOrder order, int limit, int offset) {
  const Query& query = order == LineOrder::kNewestFirst
                           ? (applicant ? kListServiceLinesNewestOfApplicant : kListServiceLinesNewest)
                           : (applicant ? kListServiceLinesOldestStateOfApplicant : kListServiceLinesOldestState);
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(query));
  s->Bind(1, std::string_view(StateNames(states)));
  s->Bind(2, static_cast<std::int64_t>(limit));
  s->Bind(3, static_cast<std::int64_t>(offset));
  if (applicant) {
    s->Bind(4, applicant->value());
  }
  return ReadRows<ServiceApplicationLine>(s, [](const Statement& row) -> Result<ServiceApplicationLine> {
    ServiceApplicationLine line;
    ISMAP_ASSIGN_OR_RETURN(line.application, ReadApplicationRow(row));
    line.service = domain::ServiceId(row.Int(12));
    line.service_name_ja = row.Text(13);
    line.service_name_en = row.Text(14);
    line.applicant_name_ja = row.Text(15);
    line.applicant_name_en = row.Text(16);
    return line;
  });
}

Result<std::int64_t> SqliteServiceApplicationRepository::CountLines(
    std::optional<domain::OrganizationId> applicant, const std::vector<domain::ApplicationState>& states) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s,
                         connection_.Prepare(applicant ? kCountServiceLinesOfApplicant : kCountServiceLines));
  s->Bind(1, std::string_view(StateNames(states)));
  if (applicant) {
    s->Bind(2, applicant->value());
  }
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? s->Int(0) : 0;
}

Result<std::vector<domain::Application>> SqliteServiceApplicationRepository::ListByService(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListApplicationsByService));
  s->Bind(1, service.value());
  return ReadRows<domain::Application>(s, ReadApplicationRow);
}

// Disclosure grants.

Result<domain::DisclosureGrant> SqliteDisclosureGrantRepository::Insert(const domain::DisclosureGrant& grant) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertGrant));
  s->Bind(1, grant.service.value());
  s->Bind(2, grant.provider.value());
  s->Bind(3, grant.agency.value());
  s->Bind(4, std::string_view(domain::FormatDate(grant.from)));
  s->Bind(5, std::string_view(domain::FormatDate(grant.until)));
  s->Bind(6, OptionalTime(grant.revoked_at));
  s->Bind(7, std::string_view(core::FormatRfc3339(grant.created_at)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_grant returned no id");
  }
  domain::DisclosureGrant stored = grant;
  stored.id = domain::DisclosureGrantId(s->Int(0));
  return stored;
}

Result<domain::DisclosureGrant> SqliteDisclosureGrantRepository::Get(domain::DisclosureGrantId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectGrant));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return NotFound("grant.not_found", fmt::format("grant {} not found", id.value()));
  }
  return ReadGrant(*s.operator->());
}

Result<void> SqliteDisclosureGrantRepository::Revoke(domain::DisclosureGrantId id, core::TimePoint when) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kRevokeGrant));
  s->Bind(1, id.value());
  s->Bind(2, std::string_view(core::FormatRfc3339(when)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return NotFound("grant.not_found", fmt::format("grant {} not found", id.value()));
  }
  return core::Ok();
}

Result<std::vector<domain::DisclosureGrant>> SqliteDisclosureGrantRepository::ListByService(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListGrantsByService));
  s->Bind(1, service.value());
  return ReadRows<domain::DisclosureGrant>(s, ReadGrant);
}

Result<std::vector<domain::DisclosureGrant>> SqliteDisclosureGrantRepository::ListByAgency(
    domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListGrantsByAgency));
  s->Bind(1, agency.value());
  return ReadRows<domain::DisclosureGrant>(s, ReadGrant);
}

// The public list.

Result<std::vector<ServiceListing>> SqliteServiceListingRepository::List(const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListServiceListing));
  s->Bind(1, std::string_view(domain::FormatDate(on)));
  return ReadRows<ServiceListing>(s, ReadListing);
}

Result<std::vector<domain::ServiceId>> SqliteServiceListingRepository::MatchText(std::string_view text) {
  // FTS5's trigram tokenizer indexes runs of three characters; a shorter text cannot use the index
  // (a MATCH would find nothing), so it scans the documents instead.
  const bool indexed = core::CodePointCount(text) >= 3;
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(indexed ? kMatchServiceText : kScanServiceText));
  std::string phrase;
  if (indexed) {
    // An FTS5 string: inside double quotes, a double quote is written twice.
    phrase.push_back('"');
    for (const char c : text) {
      phrase.append(c == '"' ? 2 : 1, c);
    }
    phrase.push_back('"');
  }
  s->Bind(1, indexed ? std::string_view(phrase) : text);
  return ReadRows<domain::ServiceId>(
      s, [](const Statement& row) -> Result<domain::ServiceId> { return domain::ServiceId(row.Int(0)); });
}

Result<ServiceListing> SqliteServiceListingRepository::Get(domain::ServiceId service, const domain::Date& on) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectServiceListing));
    s->Bind(1, std::string_view(domain::FormatDate(on)));
    s->Bind(2, service.value());
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (row) {
      return ReadListing(*s.operator->());
    }
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle exists, connection_.Prepare(kServiceExists));
  exists->Bind(1, service.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, exists->Step());
  if (!row) {
    return NotFound("service.not_found", fmt::format("service {} not found", service.value()));
  }
  return NotFound("service.not_registered",
                  fmt::format("service {} is not registered on {}", service.value(), domain::FormatDate(on)));
}

}  // namespace ismap::storage::sqlite
