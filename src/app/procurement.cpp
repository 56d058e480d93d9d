#include "app/procurement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <set>
#include <utility>

#include "app/cloud_service_internal.hpp"
#include "app/ledger.hpp"
#include "app/procurement_json.hpp"
#include "app/transitional_measures.hpp"
#include "domain/date.hpp"

namespace ismap::app {

// An edition's items and the two baselines drawn from it. Editions never change once imported.
struct Procurement::Edition {
  domain::EditionId id;
  domain::EditionInfo info;
  domain::EditionItems items;
  std::vector<std::string> ismap_baseline;
  std::vector<std::string> liu_baseline;
};

namespace {

core::Error Invalid(const char* reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, reason, std::move(message));
}

core::Error ProfileNotFound(domain::ProfileId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "profile.not_found",
                         fmt::format("profile {} not found", id.value()));
}

// The caller's agency. Authorisation let only agency users through.
domain::OrganizationId AgencyOf(const Principal& principal) { return principal.user->organization_id; }

// Another agency's profile is answered as if it did not exist, so no agency learns another's.
core::Result<domain::Profile> OwnProfile(storage::UnitOfWork& uow, const Principal& principal, domain::ProfileId id) {
  auto stored = uow.Procurement().GetProfile(id);
  if (!stored) {
    return stored.error();
  }
  if (stored->agency != AgencyOf(principal)) {
    return ProfileNotFound(id);
  }
  ISMAP_ASSIGN_OR_RETURN(auto profile, ProfileFromJson(stored->body_json));
  profile.id = stored->id;
  profile.agency = stored->agency;
  profile.name = stored->name;
  profile.version = stored->version;
  profile.created_at = stored->created_at;
  profile.updated_at = stored->updated_at;
  return profile;
}

// The ISMAP items a control of any catalog stands for in `edition_key` (the profile's edition):
// itself there; elsewhere the other side of every mapping with it.
core::Result<domain::AddedControl> ResolveAdded(storage::UnitOfWork& uow, const std::string& edition_key,
                                                const domain::ControlRef& ref) {
  auto edition = uow.Catalog().GetEdition(ref.edition_key);
  if (!edition) {
    if (edition.error().code == core::ErrorCode::kNotFound) {
      return Invalid("profile.unknown_control", fmt::format("no catalog {}", ref.edition_key));
    }
    return edition.error();
  }
  auto control = uow.Catalog().GetControl(edition->id, ref.control_id);
  if (!control || control->is_group) {
    if (control || control.error().code == core::ErrorCode::kNotFound) {
      return Invalid("profile.unknown_control", fmt::format("{} has no control {}", ref.edition_key, ref.control_id));
    }
    return control.error();
  }
  domain::AddedControl added{ref.edition_key, ref.control_id, {}};
  if (ref.edition_key == edition_key) {
    added.ismap_controls.push_back(ref.control_id);
    return added;
  }
  ISMAP_ASSIGN_OR_RETURN(auto mappings, uow.Catalog().MappingsOf(ref));
  std::set<std::string> seen;
  for (const auto& mapping : mappings) {
    const domain::ControlRef& other =
        mapping.from.edition_key == ref.edition_key && mapping.from.control_id == ref.control_id ? mapping.to
                                                                                                 : mapping.from;
    if (other.edition_key == edition_key && seen.insert(other.control_id).second) {
      added.ismap_controls.push_back(other.control_id);
    }
  }
  return added;
}

// The profile the input describes, checked against the domain's rules and the catalogs.
core::Result<domain::Profile> BuildProfile(storage::UnitOfWork& uow, const ProfileInput& input) {
  domain::Profile profile;
  profile.name = input.name;
  profile.purpose = input.purpose;
  profile.edition_key = input.edition_key;
  profile.baseline = input.baseline;
  profile.conditions = input.conditions;
  for (const auto& ref : input.added) {
    profile.added.push_back({ref.edition_key, ref.control_id, {}});
  }
  const auto problems = domain::ListProfileProblems(profile);
  if (!problems.empty()) {
    std::string message;
    for (const auto& problem : problems) {
      message += (message.empty() ? "" : "; ") + problem.message;
    }
    return core::MakeError(problems.front().code, problems.front().reason, message);
  }
  auto edition = uow.Catalog().GetEdition(input.edition_key);
  if (!edition) {
    if (edition.error().code == core::ErrorCode::kNotFound) {
      return Invalid("criteria.edition_not_found", fmt::format("no criteria edition {}", input.edition_key));
    }
    return edition.error();
  }
  if (edition->info.scheme != "ismap") {
    return Invalid("profile.not_ismap_edition",
                   fmt::format("{} is not an edition of the ISMAP criteria", input.edition_key));
  }
  profile.added.clear();
  for (const auto& ref : input.added) {
    ISMAP_ASSIGN_OR_RETURN(auto added, ResolveAdded(uow, input.edition_key, ref));
    profile.added.push_back(std::move(added));
  }
  return profile;
}

storage::StoredProfile Stored(const domain::Profile& profile) {
  return {profile.id,      profile.agency,     profile.name,      ProfileJson(profile).dump(),
          profile.version, profile.created_at, profile.updated_at};
}

}  // namespace

core::Result<domain::Profile> Procurement::CreateProfile(const Principal& principal, const ProfileInput& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageProfiles));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto profile, BuildProfile(*uow, input));
  profile.agency = AgencyOf(principal);
  profile.created_at = profile.updated_at = clock_.Now();
  ISMAP_ASSIGN_OR_RETURN(profile.id, uow->Procurement().InsertProfile(Stored(profile)));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "profile.created",
                                    "profile/" + std::to_string(profile.id.value()),
                                    nlohmann::json{{"name", profile.name}}.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return profile;
}

core::Result<domain::Profile> Procurement::UpdateProfile(const Principal& principal, domain::ProfileId id,
                                                         std::int64_t version, const ProfileInput& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageProfiles));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto current, OwnProfile(*uow, principal, id));
  ISMAP_ASSIGN_OR_RETURN(auto profile, BuildProfile(*uow, input));
  profile.id = id;
  profile.agency = current.agency;
  profile.created_at = current.created_at;
  profile.updated_at = clock_.Now();
  profile.version = version + 1;
  ISMAP_RETURN_IF_ERROR(uow->Procurement().UpdateProfile(Stored(profile), version));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "profile.updated",
                                    "profile/" + std::to_string(id.value()),
                                    nlohmann::json{{"name", profile.name}, {"version", profile.version}}.dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return profile;
}

core::Result<ProfileView> Procurement::GetProfile(const Principal& principal, domain::ProfileId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageProfiles));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto profile, OwnProfile(*uow, principal, id));
  ISMAP_ASSIGN_OR_RETURN(auto edition, uow->Catalog().GetEdition(profile.edition_key));
  ISMAP_ASSIGN_OR_RETURN(auto content, cloud_internal::LoadEdition(*uow, edition.id));
  const auto requirements =
      domain::ProfileRequirements(profile, domain::BaselineRequirements(content, profile.baseline));
  std::unordered_map<std::string_view, const domain::Control*> controls;
  for (const auto& control : content.controls) {
    controls.emplace(control.id, &control);
  }
  ProfileView view{std::move(profile), {}};
  for (const auto& requirement : requirements) {
    RequirementLine line{requirement.control_id, "", "", requirement.from, false};
    if (const auto found = controls.find(requirement.control_id); found != controls.end()) {
      line.title_ja = found->second->title_ja;
      line.title_en = found->second->title_en;
      line.detailed = found->second->level == domain::ControlLevel::kDetailed;
    }
    view.requirements.push_back(std::move(line));
  }
  return view;
}

core::Result<std::vector<domain::Profile>> Procurement::ListProfiles(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageProfiles));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Procurement().ListProfiles(AgencyOf(principal)));
  std::vector<domain::Profile> profiles;
  for (const auto& row : stored) {
    ISMAP_ASSIGN_OR_RETURN(auto profile, OwnProfile(*uow, principal, row.id));
    profiles.push_back(std::move(profile));
  }
  return profiles;
}

core::Result<std::shared_ptr<const Procurement::Edition>> Procurement::EditionById(storage::UnitOfWork& uow,
                                                                                   domain::EditionId id) {
  {
    std::lock_guard lock(mu_);
    if (const auto found = editions_.find(id.value()); found != editions_.end()) {
      return found->second;
    }
  }
  ISMAP_ASSIGN_OR_RETURN(auto content, cloud_internal::LoadEdition(uow, id));
  auto edition = std::make_shared<Edition>();
  edition->id = id;
  edition->info = content.info;
  edition->items = domain::ItemsOf(content);
  edition->ismap_baseline = domain::BaselineRequirements(content, domain::Track::kIsmap);
  edition->liu_baseline = domain::BaselineRequirements(content, domain::Track::kLiu);
  std::lock_guard lock(mu_);
  return editions_.emplace(id.value(), std::move(edition)).first->second;
}

core::Result<std::shared_ptr<const Procurement::Edition>> Procurement::EditionByKey(storage::UnitOfWork& uow,
                                                                                    const std::string& key) {
  ISMAP_ASSIGN_OR_RETURN(auto edition, uow.Catalog().GetEdition(key));
  return EditionById(uow, edition.id);
}

core::Result<domain::ProcurementCheck> Procurement::Check(const Principal& principal, storage::UnitOfWork& uow,
                                                          const domain::Profile& profile) {
  const core::TimePoint now = clock_.Now();
  const domain::Date today = domain::JapanDate(now);
  domain::ProcurementCheck check;
  check.agency = profile.agency;
  check.profile = profile;
  check.checked_on = today;
  check.checked_at = now;
  check.checked_by = principal.ActorName();
  for (const auto& added : profile.added) {
    if (added.ismap_controls.empty()) {
      check.unmapped.push_back(added);
    }
  }

  ISMAP_ASSIGN_OR_RETURN(auto base, EditionByKey(uow, profile.edition_key));
  const auto requirements = domain::ProfileRequirements(
      profile, profile.baseline == domain::Track::kIsmap ? base->ismap_baseline : base->liu_baseline);
  check.requirement_count = static_cast<int>(requirements.size());

  ISMAP_ASSIGN_OR_RETURN(auto lines, cloud_.ListedOn(today));
  std::vector<const PublicService*> listed;
  std::vector<domain::StatementId> statements;
  for (const auto& line : *lines) {
    if (line.status == domain::RegistrationStatus::kActive ||
        line.status == domain::RegistrationStatus::kRenewalPending) {
      listed.push_back(&line);
      if (line.registered_statement) {
        statements.push_back(*line.registered_statement);
      }
    }
  }
  ISMAP_ASSIGN_OR_RETURN(auto adoptions, Adoptions(uow, statements));

  std::set<domain::ServiceId> disclosed;
  ISMAP_ASSIGN_OR_RETURN(auto grants, uow.DisclosureGrants().ListByAgency(profile.agency));
  for (const auto& grant : grants) {
    if (domain::IsGrantActive(grant, today)) {
      disclosed.insert(grant.service);
    }
  }

  // Requirements resolved once per edition the statements pin (usually one or two).
  std::unordered_map<std::int64_t, domain::ResolvedRequirements> resolved;
  auto evaluate = [&](domain::CheckedService out, std::optional<domain::StatementId> statement) {
    domain::CandidateService candidate;
    candidate.track = out.track;
    candidate.model = out.model;
    candidate.regions = &out.regions;
    candidate.valid_until = out.valid_until;
    candidate.registered = out.status.has_value();
    candidate.disclosed = out.disclosed = disclosed.count(out.service) > 0;
    static const domain::ResolvedRequirements kNothing;
    const domain::ResolvedRequirements* positions = &kNothing;
    if (statement) {
      if (const auto found = adoptions.find(statement->value()); found != adoptions.end()) {
        candidate.items = &found->second.edition->items;
        candidate.adoption = found->second.bits.get();
        auto at = resolved.find(found->second.edition->id.value());
        if (at == resolved.end()) {
          at = resolved.emplace(found->second.edition->id.value(), domain::Resolve(requirements, *candidate.items))
                   .first;
        }
        positions = &at->second;
      }
    }
    out.gaps = domain::CheckService(profile, requirements, *positions, candidate);
    out.outcome = domain::OutcomeOf(out.gaps);
    check.services.push_back(std::move(out));
  };
  check.services.reserve(listed.size());
  for (const PublicService* line : listed) {
    domain::CheckedService out;
    out.service = line->service_id;
    out.name_ja = line->name_ja;
    out.name_en = line->name_en;
    out.provider_name_ja = line->provider_name_ja;
    out.provider_name_en = line->provider_name_en;
    out.number = line->number;
    out.status = line->status;
    out.valid_until = line->valid_until;
    out.track = line->track;
    out.model = line->model;
    out.regions = line->regions;
    evaluate(std::move(out), line->registered_statement);
  }

  // A transitional measure in force that counts applications under way makes their services
  // candidates too, said as a kNotRegistered gap beside whatever else they miss.
  ISMAP_ASSIGN_OR_RETURN(auto measure, MeasureInForce(uow, today));
  if (measure) {
    domain::AppliedMeasure applied{measure->id.value(), measure->title_ja, measure->title_en, {}};
    for (const auto relaxation : measure->relaxations) {
      applied.relaxations.emplace_back(domain::ToString(relaxation));
    }
    check.measure = std::move(applied);
    if (measure->Relaxes(domain::Relaxation::kPendingApplications)) {
      ISMAP_ASSIGN_OR_RETURN(auto pending, PendingCandidates(uow, *lines));
      std::vector<domain::StatementId> more;
      for (const auto& candidate : pending) {
        more.push_back(candidate.second);
      }
      ISMAP_ASSIGN_OR_RETURN(auto more_adoptions, Adoptions(uow, more));
      adoptions.merge(more_adoptions);
      for (auto& candidate : pending) {
        evaluate(std::move(candidate.first), candidate.second);
      }
    }
  }
  domain::FinishCheck(&check);
  return check;
}

core::Result<std::unordered_map<std::int64_t, Procurement::Adoption>> Procurement::Adoptions(
    storage::UnitOfWork& uow, const std::vector<domain::StatementId>& statements) {
  std::unordered_map<std::int64_t, Adoption> out;
  std::vector<domain::StatementId> missing;
  {
    std::lock_guard lock(mu_);
    for (const auto& id : statements) {
      if (const auto found = adoptions_.find(id.value()); found != adoptions_.end()) {
        out.emplace(id.value(), found->second);
      } else {
        missing.push_back(id);
      }
    }
  }
  if (missing.empty()) {
    return out;
  }
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow.Procurement().GetAdoptions(missing));
  std::set<std::int64_t> found;
  for (const auto& row : stored) {
    auto bits = domain::AdoptionFromHex(row.adoption_hex);
    if (!bits) {
      return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt",
                             fmt::format("statement {}: bad adoption bitmap", row.statement.value()));
    }
    ISMAP_ASSIGN_OR_RETURN(auto edition, EditionById(uow, row.edition));
    out.emplace(row.statement.value(),
                Adoption{std::move(edition), std::make_shared<const domain::AdoptionBits>(std::move(*bits))});
    found.insert(row.statement.value());
  }
  // Statements submitted before adoptions were kept (migration V011): read from their entries.
  for (const auto& id : missing) {
    if (found.count(id.value()) > 0) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(auto statement, uow.Statements().Get(id));
    ISMAP_ASSIGN_OR_RETURN(auto edition, EditionById(uow, statement.edition));
    out.emplace(id.value(), Adoption{edition, std::make_shared<const domain::AdoptionBits>(
                                                  domain::AdoptionOf(edition->items, statement.entries))});
  }
  std::lock_guard lock(mu_);
  for (const auto& id : missing) {
    if (const auto at = out.find(id.value()); at != out.end()) {
      adoptions_.emplace(id.value(), at->second);
    }
  }
  return out;
}

core::Result<std::vector<std::pair<domain::CheckedService, domain::StatementId>>> Procurement::PendingCandidates(
    storage::UnitOfWork& uow, const std::vector<PublicService>& listed) {
  static const std::vector<domain::ApplicationState> kUnderWay = {
      domain::ApplicationState::kSubmitted,       domain::ApplicationState::kAcceptanceCheck,
      domain::ApplicationState::kTechnicalReview, domain::ApplicationState::kAdditionalAudit,
      domain::ApplicationState::kRecommended,     domain::ApplicationState::kCommittee};
  std::set<domain::ServiceId> on_list;
  for (const auto& line : listed) {
    on_list.insert(line.service_id);
  }
  ISMAP_ASSIGN_OR_RETURN(auto applications,
                         uow.ServiceApplications().ListLines(std::nullopt, kUnderWay, storage::LineOrder::kNewestFirst,
                                                             std::numeric_limits<int>::max(), 0));
  std::vector<std::pair<domain::CheckedService, domain::StatementId>> out;
  for (const auto& line : applications) {
    if (line.application.purpose != domain::ApplicationPurpose::kNew || !on_list.insert(line.service).second) {
      continue;  // renewals and changes are of services already registered; one line per service
    }
    ISMAP_ASSIGN_OR_RETURN(auto content, uow.ServiceApplications().GetContent(line.application.id));
    if (!content.statement) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(auto service, uow.Services().Get(line.service));
    domain::CheckedService candidate;
    candidate.service = service.id;
    candidate.name_ja = service.name_ja;
    candidate.name_en = service.name_en;
    candidate.provider_name_ja = line.applicant_name_ja;
    candidate.provider_name_en = line.applicant_name_en;
    candidate.track = service.track;
    candidate.model = service.model;
    candidate.regions = service.regions;
    out.emplace_back(std::move(candidate), *content.statement);
  }
  return out;
}

core::Result<domain::ProcurementCheck> Procurement::Evaluate(const Principal& principal, domain::ProfileId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRunProcurementChecks));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto profile, OwnProfile(*uow, principal, id));
  return Check(principal, *uow, profile);
}

core::Result<domain::ProcurementCheck> Procurement::RunCheck(const Principal& principal, domain::ProfileId id,
                                                             std::string* record_text) {
  // Evaluated in a read transaction, saved in a short write one: the record holds what the list
  // said when it was read, whatever commits in between.
  ISMAP_ASSIGN_OR_RETURN(auto check, Evaluate(principal, id));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  storage::StoredCheck stored;
  stored.agency = check.agency;
  stored.summary = {
      {},          check.profile.id,  check.profile.name, check.checked_on, check.checked_at, check.checked_by,
      check.meets, check.unconfirmed, check.misses};
  stored.record_json = CheckJsonText(check);
  ISMAP_ASSIGN_OR_RETURN(check.id, uow->Procurement().InsertCheck(stored));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(),
                                    "procurement.checked", "procurement_check/" + std::to_string(check.id.value()),
                                    nlohmann::json{{"profile", check.profile.id.value()},
                                                   {"profile_version", check.profile.version},
                                                   {"checked_on", domain::FormatDate(check.checked_on)},
                                                   {"meets", check.meets},
                                                   {"unconfirmed", check.unconfirmed},
                                                   {"misses", check.misses}}
                                        .dump()));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  if (record_text != nullptr) {
    *record_text = WithCheckId(std::move(stored.record_json), check.id);  // the insert gave the id
  }
  return check;
}

core::Result<domain::ProcurementCheck> Procurement::GetCheck(const Principal& principal,
                                                             domain::ProcurementCheckId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRunProcurementChecks));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Procurement().GetCheck(id));
  if (stored.agency != AgencyOf(principal)) {
    return core::MakeError(core::ErrorCode::kNotFound, "check.not_found",
                           fmt::format("procurement check {} not found", id.value()));
  }
  ISMAP_ASSIGN_OR_RETURN(auto check, CheckFromJson(stored.record_json));
  check.id = stored.summary.id;
  return check;
}

core::Result<std::vector<domain::CheckSummary>> Procurement::ListChecks(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRunProcurementChecks));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->Procurement().ListChecks(AgencyOf(principal)));
  std::vector<domain::CheckSummary> out;
  out.reserve(stored.size());
  for (auto& row : stored) {
    out.push_back(std::move(row.summary));
  }
  return out;
}

}  // namespace ismap::app
