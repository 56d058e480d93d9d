// Services, statements, disclosure grants and the public list (app/cloud_services.hpp).
#include "app/cloud_services.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "app/cloud_service_internal.hpp"
#include "app/ledger.hpp"
#include "app/public_service_query.hpp"
#include "domain/date.hpp"
#include "domain/procurement.hpp"

namespace ismap::app {

using cloud_internal::OwnedBy;
using cloud_internal::ServiceSubject;
using cloud_internal::StatementSubject;

namespace cloud_internal {

Readers ServiceRecordReaders(const domain::CloudService& service) {
  Readers readers;
  readers.organizations = {service.provider};
  readers.roles = {domain::Role::kReviewer, domain::Role::kCommitteeMember};
  return readers;
}

core::Result<Readers> AnnexReaders(storage::UnitOfWork& uow, const domain::CloudService& service,
                                   const domain::Date& today) {
  Readers readers = ServiceRecordReaders(service);
  ISMAP_ASSIGN_OR_RETURN(auto engagements, uow.Engagements().ListByProvider(service.provider, 1000, 0));
  for (const auto& engagement : engagements) {
    if (engagement.service == service.id && (engagement.state == domain::EngagementState::kAccepted ||
                                             engagement.state == domain::EngagementState::kRequested ||
                                             engagement.state == domain::EngagementState::kReportIssued)) {
      readers.organizations.push_back(engagement.audit_body);
    }
  }
  ISMAP_ASSIGN_OR_RETURN(auto grants, uow.DisclosureGrants().ListByService(service.id));
  for (const auto& grant : grants) {
    if (domain::IsGrantActive(grant, today)) {
      readers.organizations.push_back(grant.agency);
    }
  }
  return readers;
}

Readers ReportReaders(const domain::Engagement& engagement) {
  Readers readers;
  readers.organizations = {engagement.provider, engagement.audit_body};
  readers.roles = {domain::Role::kReviewer, domain::Role::kCommitteeMember, domain::Role::kEvaluator};
  return readers;
}

core::Result<domain::EditionContent> LoadEdition(storage::UnitOfWork& uow, domain::EditionId id,
                                                 domain::Edition* edition) {
  ISMAP_ASSIGN_OR_RETURN(auto editions, uow.Catalog().ListEditions());
  const auto found =
      std::find_if(editions.begin(), editions.end(), [id](const domain::Edition& e) { return e.id == id; });
  if (found == editions.end()) {
    return core::MakeError(core::ErrorCode::kNotFound, "criteria.edition_not_found",
                           "edition " + std::to_string(id.value()) + " not found");
  }
  domain::EditionContent content;
  content.info = found->info;
  ISMAP_ASSIGN_OR_RETURN(content.controls, uow.Catalog().Controls(id));
  if (edition != nullptr) {
    *edition = *found;
  }
  return content;
}

core::Result<void> RecordRestrictedRead(storage::UnitOfWork& uow, const core::Clock& clock, const Principal& principal,
                                        domain::OrganizationId owner, const std::string& type,
                                        const std::string& subject) {
  if (principal.user && principal.user->organization_id == owner) {
    return core::Ok();
  }
  return RecordEvent(uow, clock, principal.ActorName(), principal.OrganizationId(), type, subject);
}

}  // namespace cloud_internal

namespace {

core::Error NotFound(const char* reason, const std::string& what) {
  return core::MakeError(core::ErrorCode::kNotFound, reason, what + " not found");
}

// The service, readable by the caller (the provider, reviewers, the committee); others get 403,
// as for organisations.
core::Result<domain::CloudService> ReadableService(storage::UnitOfWork& uow, const Principal& principal,
                                                   domain::ServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(auto service, uow.Services().Get(id));
  Resource resource = OwnedBy(service.provider);
  resource.readers = cloud_internal::ServiceRecordReaders(service);
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCloudServiceRecord, resource));
  return service;
}

nlohmann::json ServicePayload(const domain::CloudService& s) {
  return {{"name_ja", s.name_ja},
          {"name_en", s.name_en},
          {"model", domain::ToString(s.model)},
          {"track", domain::ToString(s.track)},
          {"regions", s.regions},
          {"version", s.version}};
}

core::Result<StatementView> MakeStatementView(storage::UnitOfWork& uow, domain::Statement statement) {
  StatementView view;
  ISMAP_ASSIGN_OR_RETURN(auto edition, cloud_internal::LoadEdition(uow, statement.edition, &view.edition));
  ISMAP_ASSIGN_OR_RETURN(view.service, uow.Services().Get(statement.service));
  if (statement.state == domain::StatementState::kDraft) {
    view.problems = domain::ListStatementProblems(edition, statement);
  }
  view.progress = domain::Progress(edition, statement);
  view.statement = std::move(statement);
  return view;
}

// Applies `edit` to a draft: header fields present replace, entries replace by control id.
void ApplyEdit(const StatementEdit& edit, domain::Statement* statement) {
  if (edit.scope) statement->scope = *edit.scope;
  if (edit.system_overview) statement->system_overview = *edit.system_overview;
  if (edit.representative) statement->representative = *edit.representative;
  if (edit.period) statement->period = *edit.period;
  if (edit.subsequent_events) statement->subsequent_events = *edit.subsequent_events;
  if (edit.replace_all_entries) {
    statement->entries = edit.entries;
    return;
  }
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < statement->entries.size(); ++i) {
    index.emplace(statement->entries[i].control_id, i);
  }
  for (const auto& entry : edit.entries) {
    const auto found = index.find(entry.control_id);
    if (found == index.end()) {
      index.emplace(entry.control_id, statement->entries.size());
      statement->entries.push_back(entry);
    } else {
      statement->entries[found->second] = entry;
    }
  }
}

}  // namespace

domain::NumberTemplate CloudServiceSettings::DefaultNumberTemplate() {
  auto parsed = domain::NumberTemplate::Parse("C{yy}-{serial:4}-1");
  return *parsed;  // a constant the tests parse too
}

void CloudServices::RegisterDocumentReaders(DocumentReaders& readers) {
  readers.Register("engagement", [](storage::UnitOfWork& uow, std::string_view subject_id) -> core::Result<Readers> {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(subject_id.data(), subject_id.data() + subject_id.size(), id);
    Readers out;  // an unknown engagement: its documents stay the owner's
    if (ec != std::errc() || end != subject_id.data() + subject_id.size() || id < 1) {
      return out;
    }
    auto engagement = uow.Engagements().Get(domain::EngagementId(id));
    if (!engagement) {
      return engagement.error().code == core::ErrorCode::kNotFound
                 ? core::Result<Readers>(out)
                 : core::Result<Readers>(core::Unexpected(engagement.error()));
    }
    return cloud_internal::ReportReaders(*engagement);
  });
}

// ---- Services.

core::Result<domain::CloudService> CloudServices::CreateService(const Principal& principal,
                                                                domain::CloudService input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
  if (!principal.user || principal.organization_kind != domain::OrganizationKind::kCsp) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "service.not_a_provider",
                           "only a cloud service provider registers services");
  }
  input.provider = principal.user->organization_id;
  input.registration_id.reset();
  input.registered_statement.reset();
  ISMAP_RETURN_IF_ERROR(domain::ValidateService(input));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Services().Insert(input, clock_.Now()));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "service.created",
                                    ServiceSubject(stored.id), ServicePayload(stored).dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return stored;
}

core::Result<domain::CloudService> CloudServices::UpdateService(const Principal& principal, domain::ServiceId id,
                                                                std::int64_t version, domain::CloudService input) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto stored, ReadableService(*uow, principal, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(stored.provider)));
  if (stored.version != version) {
    return core::MakeError(core::ErrorCode::kConflict, "service.stale_version",
                           "the service changed since version " + std::to_string(version));
  }
  input.id = stored.id;
  input.provider = stored.provider;
  input.registration_id = stored.registration_id;
  input.registered_statement = stored.registered_statement;
  input.version = stored.version + 1;
  ISMAP_RETURN_IF_ERROR(domain::ValidateService(input));
  ISMAP_RETURN_IF_ERROR(uow->Services().Update(input, version));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "service.updated",
                                    ServiceSubject(id), ServicePayload(input).dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return input;
}

core::Result<ServiceView> CloudServices::GetService(const Principal& principal, domain::ServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ServiceView view;
  ISMAP_ASSIGN_OR_RETURN(view.service, ReadableService(*uow, principal, id));
  ISMAP_ASSIGN_OR_RETURN(auto provider, uow->Organizations().Get(view.service.provider));
  view.provider_name_ja = provider.name_ja;
  view.provider_name_en = provider.name_en;
  if (view.service.registration_id) {
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow->Registrations().Get(*view.service.registration_id));
    view.status = domain::StatusOn(registration, domain::JapanDate(clock_.Now()));
    view.registration = std::move(registration);
  }
  ISMAP_ASSIGN_OR_RETURN(view.statements, uow->Statements().ListByService(id));
  ISMAP_ASSIGN_OR_RETURN(view.applications, uow->ServiceApplications().ListByService(id));
  ISMAP_ASSIGN_OR_RETURN(auto engagements, uow->Engagements().ListByProvider(view.service.provider, 1000, 0));
  for (auto& engagement : engagements) {
    if (engagement.service == id) {
      view.engagements.push_back(std::move(engagement));
    }
  }
  ISMAP_ASSIGN_OR_RETURN(view.grants, uow->DisclosureGrants().ListByService(id));
  return view;
}

core::Result<std::vector<domain::CloudService>> CloudServices::ListOwnServices(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  return uow->Services().ListByProvider(principal.user->organization_id);
}

// ---- Statements.

core::Result<StatementView> CloudServices::StartStatement(const Principal& principal, domain::ServiceId service_id,
                                                          const std::string& edition_key) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto service, ReadableService(*uow, principal, service_id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(service.provider)));
  ISMAP_ASSIGN_OR_RETURN(auto edition, uow->Catalog().GetEdition(edition_key));
  ISMAP_ASSIGN_OR_RETURN(auto versions, uow->Statements().ListByService(service_id));
  for (const auto& version : versions) {
    if (version.state == domain::StatementState::kDraft) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "statement.draft_exists",
                             "revision " + std::to_string(version.revision) + " is still a draft: edit it");
    }
  }
  const core::TimePoint now = clock_.Now();
  const int next_revision = versions.empty() ? 1 : versions.front().revision + 1;
  domain::Statement draft;
  const auto latest = std::find_if(versions.begin(), versions.end(), [&](const storage::StatementSummary& s) {
    return s.state == domain::StatementState::kSubmitted && s.edition == edition.id;
  });
  if (latest != versions.end()) {
    ISMAP_ASSIGN_OR_RETURN(auto submitted, uow->Statements().Get(latest->id));
    ISMAP_ASSIGN_OR_RETURN(draft, domain::NextDraft(submitted, next_revision, now));
  } else {
    draft.service = service.id;
    draft.provider = service.provider;
    draft.revision = next_revision;
    draft.edition = edition.id;
    draft.updated_at = now;
  }
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Statements().Insert(draft));
  ISMAP_RETURN_IF_ERROR(RecordEvent(
      *uow, clock_, principal.ActorName(), principal.OrganizationId(), "statement.started", StatementSubject(stored.id),
      nlohmann::json{{"service", service.id.value()}, {"revision", stored.revision}, {"edition", edition_key}}.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeStatementView(*uow, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<StatementView> CloudServices::GetStatement(const Principal& principal, domain::StatementId id) {
  // A write unit of work: a read by anyone outside the provider is itself recorded.
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(id));
  ISMAP_ASSIGN_OR_RETURN(auto service, uow->Services().Get(statement.service));
  Resource resource = OwnedBy(service.provider);
  ISMAP_ASSIGN_OR_RETURN(resource.readers,
                         cloud_internal::AnnexReaders(*uow, service, domain::JapanDate(clock_.Now())));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCloudServiceRecord, resource));
  ISMAP_RETURN_IF_ERROR(cloud_internal::RecordRestrictedRead(*uow, clock_, principal, service.provider,
                                                             "statement.annex_read", StatementSubject(id)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeStatementView(*uow, std::move(statement)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<domain::EditionContent> CloudServices::StatementEdition(const Principal& principal,
                                                                     domain::StatementId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCatalogs));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(id));
  return cloud_internal::LoadEdition(*uow, statement.edition);
}

core::Result<StatementView> CloudServices::EditStatement(const Principal& principal, domain::StatementId id,
                                                         std::int64_t version, const StatementEdit& edit) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(statement.provider)));
  ISMAP_RETURN_IF_ERROR(domain::CheckVersion(statement, version));
  ISMAP_RETURN_IF_ERROR(domain::CheckEditable(statement));
  if (edit.period) {
    // Refused at once, not only at submission: a period over a year cannot be right (FACTS.md).
    ISMAP_RETURN_IF_ERROR(domain::CheckAuditPeriod(*edit.period));
  }
  ApplyEdit(edit, &statement);
  statement.version = version + 1;
  statement.updated_at = clock_.Now();
  ISMAP_RETURN_IF_ERROR(uow->Statements().Update(statement, version));
  ISMAP_RETURN_IF_ERROR(RecordEvent(
      *uow, clock_, principal.ActorName(), principal.OrganizationId(), "statement.edited", StatementSubject(id),
      nlohmann::json{{"version", statement.version}, {"entries_changed", edit.entries.size()}}.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeStatementView(*uow, std::move(statement)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<StatementView> CloudServices::SubmitStatement(const Principal& principal, domain::StatementId id,
                                                           std::int64_t version) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto statement, uow->Statements().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(statement.provider)));
  ISMAP_ASSIGN_OR_RETURN(auto edition, cloud_internal::LoadEdition(*uow, statement.edition));
  ISMAP_ASSIGN_OR_RETURN(auto submitted, domain::SubmitStatement(edition, statement, version, clock_.Now()));
  ISMAP_RETURN_IF_ERROR(uow->Statements().Update(submitted, version));
  // What it adopts, kept beside it for procurement checks (app/procurement.hpp): a submitted
  // version never changes, so this is written once.
  ISMAP_RETURN_IF_ERROR(uow->Procurement().PutAdoption(
      {id, submitted.edition, domain::AdoptionHex(domain::AdoptionOf(domain::ItemsOf(edition), submitted.entries))}));
  ISMAP_RETURN_IF_ERROR(RecordEvent(
      *uow, clock_, principal.ActorName(), principal.OrganizationId(), "statement.submitted", StatementSubject(id),
      nlohmann::json{{"service", submitted.service.value()}, {"revision", submitted.revision}}.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeStatementView(*uow, std::move(submitted)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

// ---- Disclosure grants.

core::Result<domain::DisclosureGrant> CloudServices::GrantDisclosure(const Principal& principal,
                                                                     domain::ServiceId service_id,
                                                                     domain::OrganizationId agency,
                                                                     const domain::Date& from,
                                                                     const domain::Date& until) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto service, ReadableService(*uow, principal, service_id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(service.provider)));
  ISMAP_ASSIGN_OR_RETURN(auto organization, uow->Organizations().Get(agency));
  if (organization.kind != domain::OrganizationKind::kAgency) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "grant.not_an_agency",
                           "disclosure grants are made to government agencies only");
  }
  const core::TimePoint now = clock_.Now();
  domain::DisclosureGrant grant{{}, service.id, service.provider, agency, from, until, std::nullopt, now};
  ISMAP_RETURN_IF_ERROR(domain::ValidateGrant(grant, domain::JapanDate(now)));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->DisclosureGrants().Insert(grant));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "grant.created",
                                    ServiceSubject(service.id),
                                    nlohmann::json{{"grant", stored.id.value()},
                                                   {"agency", agency.value()},
                                                   {"from", domain::FormatDate(from)},
                                                   {"until", domain::FormatDate(until)}}
                                        .dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return stored;
}

core::Result<domain::DisclosureGrant> CloudServices::RevokeGrant(const Principal& principal,
                                                                 domain::DisclosureGrantId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto grant, uow->DisclosureGrants().Get(id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices, OwnedBy(grant.provider)));
  if (grant.revoked_at) {
    return grant;  // revoking twice changes nothing
  }
  grant.revoked_at = clock_.Now();
  ISMAP_RETURN_IF_ERROR(uow->DisclosureGrants().Revoke(id, *grant.revoked_at));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "grant.revoked",
                                    ServiceSubject(grant.service),
                                    nlohmann::json{{"grant", id.value()}, {"agency", grant.agency.value()}}.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return grant;
}

core::Result<std::vector<GrantView>> CloudServices::ListOwnGrants(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadOwnGrants));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto grants, uow->DisclosureGrants().ListByAgency(principal.user->organization_id));
  const domain::Date today = domain::JapanDate(clock_.Now());
  std::vector<GrantView> out;
  out.reserve(grants.size());
  for (auto& grant : grants) {
    // The grant itself lets the agency know the service's names and which statement to open.
    GrantView view;
    ISMAP_ASSIGN_OR_RETURN(auto service, uow->Services().Get(grant.service));
    ISMAP_ASSIGN_OR_RETURN(auto provider, uow->Organizations().Get(grant.provider));
    view.service_name_ja = service.name_ja;
    view.service_name_en = service.name_en;
    view.provider_name_ja = provider.name_ja;
    view.provider_name_en = provider.name_en;
    view.statement = service.registered_statement;
    if (!view.statement) {
      ISMAP_ASSIGN_OR_RETURN(auto versions, uow->Statements().ListByService(service.id));
      for (const auto& version : versions) {  // newest first
        if (version.state == domain::StatementState::kSubmitted) {
          view.statement = version.id;
          break;
        }
      }
    }
    view.active = domain::IsGrantActive(grant, today);
    view.grant = std::move(grant);
    out.push_back(std::move(view));
  }
  return out;
}

core::Result<std::vector<domain::Organization>> CloudServices::ListAgencies(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageCloudServices));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  // No by-kind query in storage: the register holds a few thousand organisations at most, so a
  // page at a time, keeping the agencies.
  constexpr int kPage = 1000;
  std::vector<domain::Organization> agencies;
  for (int offset = 0;; offset += kPage) {
    ISMAP_ASSIGN_OR_RETURN(auto page, uow->Organizations().List(kPage, offset));
    for (auto& organization : page) {
      if (organization.kind == domain::OrganizationKind::kAgency) {
        agencies.push_back(std::move(organization));
      }
    }
    if (static_cast<int>(page.size()) < kPage) {
      break;
    }
  }
  std::sort(agencies.begin(), agencies.end(), [](const domain::Organization& a, const domain::Organization& b) {
    return a.name_ja != b.name_ja ? a.name_ja < b.name_ja : a.id.value() < b.id.value();
  });
  return agencies;
}

// ---- The public list.

namespace {

PublicService ToPublic(const storage::ServiceListing& listing, const domain::Date& on) {
  PublicService out;
  out.service_id = listing.service.id;
  out.registration_id = listing.registration.id;
  out.registered_statement = listing.service.registered_statement;
  out.name_ja = listing.service.name_ja;
  out.name_en = listing.service.name_en;
  out.provider_id = listing.service.provider;
  out.provider_name_ja = listing.provider_name_ja;
  out.provider_name_en = listing.provider_name_en;
  out.number = listing.registration.number;
  out.registered_on = listing.registration.registered_on;
  out.valid_until = listing.registration.valid_until;
  // A past day's state comes from the history; validity is judged on that day.
  domain::Registration as_then = listing.registration;
  if (listing.state_on) {
    as_then.state = *listing.state_on;
  }
  out.status = domain::StatusOn(as_then, on);
  out.track = listing.service.track;
  out.model = listing.service.model;
  out.regions = listing.service.regions;
  out.scope = listing.scope;
  out.period = listing.period;
  out.subsequent_events = listing.subsequent_events;
  out.audit_body_id = listing.audit_body;
  out.audit_body_name_ja = listing.audit_body_name_ja;
  out.audit_body_name_en = listing.audit_body_name_en;
  return out;
}

}  // namespace

core::Result<std::vector<PublicService>> CloudServices::ListPublic(const Principal& principal, const domain::Date& on) {
  PublicServiceQuery everything;
  everything.on = on;
  everything.per_page = 0;
  ISMAP_ASSIGN_OR_RETURN(auto page, SearchPublic(principal, everything));
  return std::move(page.items);
}

core::Result<PublicServicePage> CloudServices::SearchPublic(const Principal& principal,
                                                            const PublicServiceQuery& query) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  const domain::Date on = query.on.value_or(domain::JapanDate(clock_.Now()));
  ISMAP_ASSIGN_OR_RETURN(auto lines, ListedOn(on));
  std::optional<std::set<domain::ServiceId>> matches;
  if (!query.text.empty()) {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto ids, uow->ServiceListings().MatchText(query.text));
    matches.emplace(ids.begin(), ids.end());
  }
  return SelectPublicServices(*lines, query, matches, on);
}

core::Result<std::shared_ptr<const std::vector<PublicService>>> CloudServices::ListedOn(const domain::Date& on) {
  // Only today's list is kept: past days are asked for rarely, and each would need its own copy.
  const bool keep = public_version_ != nullptr && on == domain::JapanDate(clock_.Now());
  const std::uint64_t version = keep ? public_version_->Current() : 0;
  if (keep) {
    std::lock_guard lock(snapshot_mu_);
    if (snapshot_ && snapshot_->version == version && snapshot_->on == on) {
      return snapshot_->lines;
    }
  }
  // The version is taken before the read begins: a publication after it changes the version, so
  // these lines are never kept under a version newer than what they show.
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto listings, uow->ServiceListings().List(on));
  auto lines = std::make_shared<std::vector<PublicService>>();
  lines->reserve(listings.size());
  for (const auto& listing : listings) {
    lines->push_back(ToPublic(listing, on));
  }
  if (keep) {
    std::lock_guard lock(snapshot_mu_);
    snapshot_ = LinesSnapshot{version, on, lines};
  }
  return std::shared_ptr<const std::vector<PublicService>>(std::move(lines));
}

core::Result<PublicService> CloudServices::GetPublic(const Principal& principal, domain::ServiceId id,
                                                     const domain::Date& on) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  auto listing = uow->ServiceListings().Get(id, on);
  if (!listing) {
    // A service not (yet) registered is not public: the same answer as one that does not exist,
    // so the public cannot learn what providers are preparing.
    if (listing.error().code == core::ErrorCode::kNotFound) {
      return NotFound("service.not_found", "service " + std::to_string(id.value()));
    }
    return listing.error();
  }
  return ToPublic(*listing, on);
}

}  // namespace ismap::app
