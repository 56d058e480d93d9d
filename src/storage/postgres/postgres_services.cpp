#include "storage/postgres/postgres_services.hpp"

#include <fmt/format.h>

#include "storage/like_pattern.hpp"
#include "storage/postgres/postgres_workflow.hpp"
#include "storage/postgres/queries.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::postgres {
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

std::string Id(std::int64_t value) { return std::to_string(value); }
Param OptionalId(const auto& id) { return id ? Param(Id(id->value())) : std::nullopt; }
std::string Text(std::string_view value) { return std::string(value); }
Param OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? Param(core::FormatRfc3339(*t)) : std::nullopt;
}
Param OptionalDate(const std::optional<domain::Date>& d) { return d ? Param(domain::FormatDate(*d)) : std::nullopt; }

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

template <class T, class Read>
Result<std::vector<T>> ReadRows(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

// Columns from `first`: id, provider_id, name_ja, name_en, description, model, deployment,
// regions_json, track, registration_id, registered_statement, version.
Result<domain::CloudService> ReadService(const PgResult& r, int row, int first = 0) {
  domain::CloudService s;
  s.id = domain::ServiceId(r.Int(row, first));
  const auto model = domain::ServiceModelFromString(r.Text(row, first + 5));
  const auto deployment = domain::DeploymentModelFromString(r.Text(row, first + 6));
  const auto track = domain::TrackFromString(r.Text(row, first + 8));
  if (!model || !deployment || !track) {
    return Corrupt(fmt::format("service {} is malformed", s.id.value()));
  }
  s.provider = domain::OrganizationId(r.Int(row, first + 1));
  s.name_ja = r.Text(row, first + 2);
  s.name_en = r.Text(row, first + 3);
  s.description = r.Text(row, first + 4);
  s.model = *model;
  s.deployment = *deployment;
  ISMAP_ASSIGN_OR_RETURN(s.regions, DecodeRegions(r.Text(row, first + 7)));
  s.track = *track;
  if (auto id = r.OptionalInt(row, first + 9)) {
    s.registration_id = domain::RegistrationId(*id);
  }
  if (auto id = r.OptionalInt(row, first + 10)) {
    s.registered_statement = domain::StatementId(*id);
  }
  s.version = r.Int(row, first + 11);
  return s;
}

// Columns: id, service_id, provider_id, revision, edition_id, state, scope, system_overview,
// representative, period_first, period_last, subsequent_events, entries_json, version, updated_at,
// submitted_at.
Result<domain::Statement> ReadStatement(const PgResult& r, int row) {
  domain::Statement s;
  s.id = domain::StatementId(r.Int(row, 0));
  const auto state = domain::StatementStateFromString(r.Text(row, 5));
  if (!state) {
    return Corrupt(fmt::format("statement {} is malformed", s.id.value()));
  }
  s.service = domain::ServiceId(r.Int(row, 1));
  s.provider = domain::OrganizationId(r.Int(row, 2));
  s.revision = static_cast<int>(r.Int(row, 3));
  s.edition = domain::EditionId(r.Int(row, 4));
  s.state = *state;
  s.scope = r.Text(row, 6);
  s.system_overview = r.Text(row, 7);
  s.representative = r.Text(row, 8);
  ISMAP_ASSIGN_OR_RETURN(s.period.first, ReadDate(r.Text(row, 9)));
  ISMAP_ASSIGN_OR_RETURN(s.period.last, ReadDate(r.Text(row, 10)));
  s.subsequent_events = r.Text(row, 11);
  ISMAP_ASSIGN_OR_RETURN(s.entries, DecodeStatementEntries(r.Text(row, 12)));
  s.version = r.Int(row, 13);
  ISMAP_ASSIGN_OR_RETURN(s.updated_at, ReadTime(r.Text(row, 14)));
  if (auto submitted = r.OptionalText(row, 15)) {
    ISMAP_ASSIGN_OR_RETURN(s.submitted_at, ReadTime(*submitted));
  }
  return s;
}

// Columns: id, service_id, provider_id, audit_body_id, statement_id, state, independence_json,
// auditors_json, report_document_id, report_issued_on, last_reason, version, created_at, and
// results_json when `with_results`.
Result<domain::Engagement> ReadEngagement(const PgResult& r, int row, bool with_results) {
  domain::Engagement e;
  e.id = domain::EngagementId(r.Int(row, 0));
  const auto state = domain::EngagementStateFromString(r.Text(row, 5));
  if (!state) {
    return Corrupt(fmt::format("engagement {} is malformed", e.id.value()));
  }
  e.service = domain::ServiceId(r.Int(row, 1));
  e.provider = domain::OrganizationId(r.Int(row, 2));
  e.audit_body = domain::OrganizationId(r.Int(row, 3));
  e.statement = domain::StatementId(r.Int(row, 4));
  e.state = *state;
  ISMAP_ASSIGN_OR_RETURN(e.independence, DecodeIndependence(r.Text(row, 6)));
  ISMAP_ASSIGN_OR_RETURN(e.auditors, DecodeAuditors(r.Text(row, 7)));
  if (auto d = r.OptionalInt(row, 8)) {
    e.report_document = domain::DocumentId(*d);
  }
  if (auto issued = r.OptionalText(row, 9)) {
    ISMAP_ASSIGN_OR_RETURN(e.report_issued_on, ReadDate(*issued));
  }
  e.last_reason = r.Text(row, 10);
  e.version = r.Int(row, 11);
  ISMAP_ASSIGN_OR_RETURN(e.created_at, ReadTime(r.Text(row, 12)));
  if (with_results) {
    ISMAP_ASSIGN_OR_RETURN(e.results, DecodeControlResults(r.Text(row, 13)));
  }
  return e;
}

// Columns: id, service_id, provider_id, agency_id, from_date, until_date, revoked_at, created_at.
Result<domain::DisclosureGrant> ReadGrant(const PgResult& r, int row) {
  domain::DisclosureGrant g;
  g.id = domain::DisclosureGrantId(r.Int(row, 0));
  g.service = domain::ServiceId(r.Int(row, 1));
  g.provider = domain::OrganizationId(r.Int(row, 2));
  g.agency = domain::OrganizationId(r.Int(row, 3));
  ISMAP_ASSIGN_OR_RETURN(g.from, ReadDate(r.Text(row, 4)));
  ISMAP_ASSIGN_OR_RETURN(g.until, ReadDate(r.Text(row, 5)));
  if (auto revoked = r.OptionalText(row, 6)) {
    ISMAP_ASSIGN_OR_RETURN(g.revoked_at, ReadTime(*revoked));
  }
  ISMAP_ASSIGN_OR_RETURN(g.created_at, ReadTime(r.Text(row, 7)));
  return g;
}

// Columns of kListServiceListing: the registration (0-8), the service (9-20), the provider's
// names, scope, period, subsequent events, the audit body's names, the state on the day, the audit
// body's id.
Result<ServiceListing> ReadListing(const PgResult& r, int row) {
  ServiceListing line;
  ISMAP_ASSIGN_OR_RETURN(line.registration, ReadRegistrationRow(r, row));
  ISMAP_ASSIGN_OR_RETURN(line.service, ReadService(r, row, 9));
  line.provider_name_ja = r.Text(row, 21);
  line.provider_name_en = r.Text(row, 22);
  line.scope = r.Text(row, 23);
  if (auto first = r.OptionalText(row, 24)) {
    ISMAP_ASSIGN_OR_RETURN(line.period.first, ReadDate(*first));
  }
  if (auto last = r.OptionalText(row, 25)) {
    ISMAP_ASSIGN_OR_RETURN(line.period.last, ReadDate(*last));
  }
  line.subsequent_events = r.Text(row, 26);
  line.audit_body_name_ja = r.Text(row, 27);
  line.audit_body_name_en = r.Text(row, 28);
  if (const auto state = r.OptionalText(row, 29)) {
    line.state_on = domain::RegistrationStateFromString(*state);
    if (!line.state_on) {
      return Corrupt(fmt::format("registration {} has a malformed history", line.registration.id.value()));
    }
  }
  if (const auto audit_body = r.OptionalInt(row, 30)) {
    line.audit_body = domain::OrganizationId(*audit_body);
  }
  return line;
}

// The states as $1 wants them: an array, every state when none is named.
std::string StateNames(const std::vector<domain::ApplicationState>& states) {
  ArrayParam names;
  for (auto state : states.empty() ? domain::AllApplicationStates() : states) {
    names.Add(domain::ToString(state));
  }
  return names.Literal();
}

std::vector<Param> StatementColumns(const domain::Statement& s) {
  return {Text(domain::ToString(s.state)),
          s.scope,
          s.system_overview,
          s.representative,
          domain::FormatDate(s.period.first),
          domain::FormatDate(s.period.last),
          s.subsequent_events,
          EncodeStatementEntries(s.entries),
          Id(s.version),
          core::FormatRfc3339(s.updated_at),
          OptionalTime(s.submitted_at)};
}

}  // namespace

// Services.

Result<domain::CloudService> PostgresServiceRepository::Insert(const domain::CloudService& service,
                                                               core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertService, {Id(service.provider.value()), service.name_ja, service.name_en,
                                       service.description, Text(domain::ToString(service.model)),
                                       Text(domain::ToString(service.deployment)), EncodeRegions(service.regions),
                                       Text(domain::ToString(service.track)), OptionalId(service.registration_id),
                                       OptionalId(service.registered_statement), core::FormatRfc3339(now)}));
  domain::CloudService stored = service;
  stored.id = domain::ServiceId(r.Int(0, 0));
  stored.version = 1;
  return stored;
}

Result<domain::CloudService> PostgresServiceRepository::Get(domain::ServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectService, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("service.not_found", fmt::format("service {} not found", id.value()));
  }
  return ReadService(r, 0);
}

Result<void> PostgresServiceRepository::Update(const domain::CloudService& service, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kUpdateService, {Id(service.id.value()), Id(expected_version), service.name_ja, service.name_en,
                                       service.description, Text(domain::ToString(service.model)),
                                       Text(domain::ToString(service.deployment)), EncodeRegions(service.regions),
                                       Text(domain::ToString(service.track)), OptionalId(service.registration_id),
                                       OptionalId(service.registered_statement), Id(service.version)}));
  if (r.AffectedRows() == 0) {
    return Stale("service.stale_version", "service", service.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<domain::CloudService>> PostgresServiceRepository::ListByProvider(domain::OrganizationId provider) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListServicesByProvider, {Id(provider.value())}));
  return ReadRows<domain::CloudService>(r, [](const PgResult& result, int row) { return ReadService(result, row); });
}

Result<domain::CloudService> PostgresServiceRepository::GetByRegistration(domain::RegistrationId registration) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectServiceByRegistration, {Id(registration.value())}));
  if (r.Rows() == 0) {
    return NotFound("service.not_found", fmt::format("no service has registration {}", registration.value()));
  }
  return ReadService(r, 0);
}

// Statements.

Result<domain::Statement> PostgresStatementRepository::Insert(const domain::Statement& statement) {
  std::vector<Param> params = {Id(statement.service.value()), Id(statement.provider.value()), Id(statement.revision),
                               Id(statement.edition.value())};
  for (auto& column : StatementColumns(statement)) {
    params.push_back(std::move(column));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kInsertStatement, params));
  if (r.Rows() == 0) {
    return core::MakeError(
        core::ErrorCode::kAlreadyExists, "statement.duplicate_revision",
        fmt::format("service {} already has revision {}", statement.service.value(), statement.revision));
  }
  domain::Statement stored = statement;
  stored.id = domain::StatementId(r.Int(0, 0));
  return stored;
}

Result<domain::Statement> PostgresStatementRepository::Get(domain::StatementId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectStatement, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("statement.not_found", fmt::format("statement {} not found", id.value()));
  }
  return ReadStatement(r, 0);
}

Result<void> PostgresStatementRepository::Update(const domain::Statement& statement, std::int64_t expected_version) {
  std::vector<Param> params = {Id(statement.id.value()), Id(expected_version)};
  for (auto& column : StatementColumns(statement)) {
    params.push_back(std::move(column));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kUpdateStatement, params));
  if (r.AffectedRows() > 0) {
    return core::Ok();
  }
  // Nothing written: say why.
  ISMAP_ASSIGN_OR_RETURN(PgResult stored, connection_.Run(kSelectStatementState, {Id(statement.id.value())}));
  if (stored.Rows() == 0) {
    return NotFound("statement.not_found", fmt::format("statement {} not found", statement.id.value()));
  }
  if (stored.Text(0, 0) != domain::ToString(domain::StatementState::kDraft)) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "statement.not_editable",
                           fmt::format("statement {} was submitted and never changes", statement.id.value()));
  }
  return Stale("statement.stale_version", "statement", statement.id.value(), expected_version);
}

Result<std::vector<StatementSummary>> PostgresStatementRepository::ListByService(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListStatementsByService, {Id(service.value())}));
  return ReadRows<StatementSummary>(r, [](const PgResult& result, int row) -> Result<StatementSummary> {
    StatementSummary summary;
    summary.id = domain::StatementId(result.Int(row, 0));
    const auto state = domain::StatementStateFromString(result.Text(row, 4));
    if (!state) {
      return Corrupt(fmt::format("statement {} is malformed", summary.id.value()));
    }
    summary.service = domain::ServiceId(result.Int(row, 1));
    summary.revision = static_cast<int>(result.Int(row, 2));
    summary.edition = domain::EditionId(result.Int(row, 3));
    summary.state = *state;
    summary.version = result.Int(row, 5);
    ISMAP_ASSIGN_OR_RETURN(summary.updated_at, ReadTime(result.Text(row, 6)));
    if (auto submitted = result.OptionalText(row, 7)) {
      ISMAP_ASSIGN_OR_RETURN(summary.submitted_at, ReadTime(*submitted));
    }
    return summary;
  });
}

Result<int> PostgresStatementRepository::LatestRevision(domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kLatestStatementRevision, {Id(service.value())}));
  return r.Rows() > 0 ? static_cast<int>(r.Int(0, 0)) : 0;
}

// Engagements.

Result<domain::Engagement> PostgresEngagementRepository::Insert(const domain::Engagement& e) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertEngagement,
                      {Id(e.service.value()), Id(e.provider.value()), Id(e.audit_body.value()), Id(e.statement.value()),
                       Text(domain::ToString(e.state)), EncodeIndependence(e.independence), EncodeAuditors(e.auditors),
                       EncodeControlResults(e.results), OptionalId(e.report_document), OptionalDate(e.report_issued_on),
                       e.last_reason, Id(e.version), core::FormatRfc3339(e.created_at)}));
  domain::Engagement stored = e;
  stored.id = domain::EngagementId(r.Int(0, 0));
  return stored;
}

Result<domain::Engagement> PostgresEngagementRepository::Get(domain::EngagementId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectEngagement, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("engagement.not_found", fmt::format("engagement {} not found", id.value()));
  }
  return ReadEngagement(r, 0, true);
}

Result<void> PostgresEngagementRepository::Update(const domain::Engagement& e, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kUpdateEngagement,
                      {Id(e.id.value()), Id(expected_version), Text(domain::ToString(e.state)),
                       EncodeIndependence(e.independence), EncodeAuditors(e.auditors), EncodeControlResults(e.results),
                       OptionalId(e.report_document), OptionalDate(e.report_issued_on), e.last_reason, Id(e.version)}));
  if (r.AffectedRows() == 0) {
    return Stale("engagement.stale_version", "engagement", e.id.value(), expected_version);
  }
  return core::Ok();
}

Result<std::vector<domain::Engagement>> PostgresEngagementRepository::ListByProvider(domain::OrganizationId provider,
                                                                                     int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kListEngagementsByProvider,
                                         {Id(provider.value()), std::to_string(limit), std::to_string(offset)}));
  return ReadRows<domain::Engagement>(
      r, [](const PgResult& result, int row) { return ReadEngagement(result, row, false); });
}

Result<std::vector<domain::Engagement>> PostgresEngagementRepository::ListByAuditBody(domain::OrganizationId audit_body,
                                                                                      int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kListEngagementsByAuditBody,
                                         {Id(audit_body.value()), std::to_string(limit), std::to_string(offset)}));
  return ReadRows<domain::Engagement>(
      r, [](const PgResult& result, int row) { return ReadEngagement(result, row, false); });
}

// Cloud service applications.

Result<void> PostgresServiceApplicationRepository::PutContent(domain::ApplicationId id,
                                                              const domain::ServiceApplicationContent& content) {
  ISMAP_ASSIGN_OR_RETURN(PgResult exists, connection_.Run(kApplicationExists, {Id(id.value())}));
  if (exists.Rows() == 0) {
    return NotFound("application.not_found", fmt::format("application {} not found", id.value()));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kUpsertServiceContent,
                                         {Id(id.value()), Id(content.service.value()), OptionalId(content.statement),
                                          OptionalId(content.engagement), OptionalId(content.additional_engagement),
                                          EncodeDisclosures(content.disclosures)}));
  return core::Ok();
}

Result<domain::ServiceApplicationContent> PostgresServiceApplicationRepository::GetContent(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectServiceContent, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("application.content_not_found", fmt::format("application {} has no content", id.value()));
  }
  domain::ServiceApplicationContent content;
  content.service = domain::ServiceId(r.Int(0, 0));
  if (auto st = r.OptionalInt(0, 1)) {
    content.statement = domain::StatementId(*st);
  }
  if (auto e = r.OptionalInt(0, 2)) {
    content.engagement = domain::EngagementId(*e);
  }
  if (auto e = r.OptionalInt(0, 3)) {
    content.additional_engagement = domain::EngagementId(*e);
  }
  ISMAP_ASSIGN_OR_RETURN(content.disclosures, DecodeDisclosures(r.Text(0, 4)));
  return content;
}

Result<void> PostgresServiceApplicationRepository::PutReview(domain::ApplicationId id,
                                                             const domain::Evaluation& review) {
  return PutEvaluationRow(connection_, kUpsertServiceReview, id, review);
}

Result<std::optional<domain::Evaluation>> PostgresServiceApplicationRepository::GetReview(domain::ApplicationId id) {
  return GetEvaluationRow(connection_, kSelectServiceReview, id);
}

Result<std::vector<ServiceApplicationLine>> PostgresServiceApplicationRepository::ListLines(
    std::optional<domain::OrganizationId> applicant, const std::vector<domain::ApplicationState>& states,
    LineOrder order, int limit, int offset) {
  const Query& query = order == LineOrder::kNewestFirst
                           ? (applicant ? kListServiceLinesNewestOfApplicant : kListServiceLinesNewest)
                           : (applicant ? kListServiceLinesOldestStateOfApplicant : kListServiceLinesOldestState);
  std::vector<Param> params = {StateNames(states), std::to_string(limit), std::to_string(offset)};
  if (applicant) {
    params.emplace_back(Id(applicant->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(query, params));
  return ReadRows<ServiceApplicationLine>(r, [](const PgResult& result, int row) -> Result<ServiceApplicationLine> {
    ServiceApplicationLine line;
    ISMAP_ASSIGN_OR_RETURN(line.application, ReadApplicationRow(result, row));
    line.service = domain::ServiceId(result.Int(row, 12));
    line.service_name_ja = result.Text(row, 13);
    line.service_name_en = result.Text(row, 14);
    line.applicant_name_ja = result.Text(row, 15);
    line.applicant_name_en = result.Text(row, 16);
    return line;
  });
}

Result<std::int64_t> PostgresServiceApplicationRepository::CountLines(
    std::optional<domain::OrganizationId> applicant, const std::vector<domain::ApplicationState>& states) {
  std::vector<Param> params = {StateNames(states)};
  if (applicant) {
    params.emplace_back(Id(applicant->value()));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(applicant ? kCountServiceLinesOfApplicant : kCountServiceLines, params));
  return r.Int(0, 0);
}

Result<std::vector<domain::Application>> PostgresServiceApplicationRepository::ListByService(
    domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListApplicationsByService, {Id(service.value())}));
  return ReadRows<domain::Application>(r, ReadApplicationRow);
}

// Disclosure grants.

Result<domain::DisclosureGrant> PostgresDisclosureGrantRepository::Insert(const domain::DisclosureGrant& grant) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertGrant, {Id(grant.service.value()), Id(grant.provider.value()), Id(grant.agency.value()),
                                     domain::FormatDate(grant.from), domain::FormatDate(grant.until),
                                     OptionalTime(grant.revoked_at), core::FormatRfc3339(grant.created_at)}));
  domain::DisclosureGrant stored = grant;
  stored.id = domain::DisclosureGrantId(r.Int(0, 0));
  return stored;
}

Result<domain::DisclosureGrant> PostgresDisclosureGrantRepository::Get(domain::DisclosureGrantId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectGrant, {Id(id.value())}));
  if (r.Rows() == 0) {
    return NotFound("grant.not_found", fmt::format("grant {} not found", id.value()));
  }
  return ReadGrant(r, 0);
}

Result<void> PostgresDisclosureGrantRepository::Revoke(domain::DisclosureGrantId id, core::TimePoint when) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kRevokeGrant, {Id(id.value()), core::FormatRfc3339(when)}));
  if (r.AffectedRows() == 0) {
    return NotFound("grant.not_found", fmt::format("grant {} not found", id.value()));
  }
  return core::Ok();
}

Result<std::vector<domain::DisclosureGrant>> PostgresDisclosureGrantRepository::ListByService(
    domain::ServiceId service) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListGrantsByService, {Id(service.value())}));
  return ReadRows<domain::DisclosureGrant>(r, ReadGrant);
}

Result<std::vector<domain::DisclosureGrant>> PostgresDisclosureGrantRepository::ListByAgency(
    domain::OrganizationId agency) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListGrantsByAgency, {Id(agency.value())}));
  return ReadRows<domain::DisclosureGrant>(r, ReadGrant);
}

// The public list.

Result<std::vector<ServiceListing>> PostgresServiceListingRepository::List(const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListServiceListing, {domain::FormatDate(on)}));
  return ReadRows<ServiceListing>(r, ReadListing);
}

Result<std::vector<domain::ServiceId>> PostgresServiceListingRepository::MatchText(std::string_view text) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kMatchServiceText, {ContainsPattern(text)}));
  return ReadRows<domain::ServiceId>(r, [](const PgResult& result, int row) -> Result<domain::ServiceId> {
    return domain::ServiceId(result.Int(row, 0));
  });
}

Result<ServiceListing> PostgresServiceListingRepository::Get(domain::ServiceId service, const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kSelectServiceListing, {domain::FormatDate(on), Id(service.value())}));
  if (r.Rows() > 0) {
    return ReadListing(r, 0);
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult exists, connection_.Run(kServiceExists, {Id(service.value())}));
  if (exists.Rows() == 0) {
    return NotFound("service.not_found", fmt::format("service {} not found", service.value()));
  }
  return NotFound("service.not_registered",
                  fmt::format("service {} is not registered on {}", service.value(), domain::FormatDate(on)));
}

}  // namespace ismap::storage::postgres
