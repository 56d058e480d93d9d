#include "app/unregistered_services.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "app/ledger.hpp"
#include "app/transitional_measures.hpp"
#include "core/text.hpp"

namespace ismap::app {
namespace {

constexpr std::size_t kMaxNote = 4000;
constexpr int kMaxPage = 200;

core::Error NotFound(domain::UnregisteredServiceId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "unregistered.not_found",
                         "unregistered-service confirmation " + std::to_string(id.value()) + " not found");
}

Resource OwnedBy(domain::OrganizationId agency) { return Resource{agency}; }

// The newest edition of the ISMAP criteria: latest effective date, then latest loaded.
core::Result<domain::Edition> NewestIsmapEdition(storage::UnitOfWork& uow) {
  ISMAP_ASSIGN_OR_RETURN(auto editions, uow.Catalog().ListEditions());
  const domain::Edition* newest = nullptr;
  for (const auto& edition : editions) {
    if (edition.info.scheme != "ismap") {
      continue;
    }
    const auto key = [](const domain::Edition& e) {
      return std::make_pair(e.info.effective_date.value_or(""), e.created_at);
    };
    if (newest == nullptr || key(*newest) < key(edition)) {
      newest = &edition;
    }
  }
  if (newest == nullptr) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.no_edition",
                           "no edition of the ISMAP criteria is loaded");
  }
  return *newest;
}

core::Result<std::string> EditionKey(storage::UnitOfWork& uow, domain::EditionId id) {
  ISMAP_ASSIGN_OR_RETURN(auto editions, uow.Catalog().ListEditions());
  for (const auto& edition : editions) {
    if (edition.id == id) {
      return edition.info.key;
    }
  }
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt",
                         "edition " + std::to_string(id.value()) + " is gone");
}

core::Result<void> CheckInfo(const domain::UnregisteredServiceInfo& info) {
  const auto problems = domain::ListInfoProblems(info);
  if (problems.empty()) {
    return core::Ok();
  }
  std::string message = "the service cannot be saved:";
  for (const auto& problem : problems) {
    message += "\n  " + problem.reason + ": " + problem.message;
  }
  return core::MakeError(problems.front().code, problems.front().reason, std::move(message));
}

// The measure in force on `record.confirmation_date` applied: the record names it and holds the
// items it requires, with `marks` applied over the marks it had. Marks for items it does not
// require are refused, all named.
core::Result<void> ApplyDateAndMarks(storage::UnitOfWork& uow, domain::UnregisteredService& record,
                                     const std::vector<domain::ConfirmationItem>& marks,
                                     std::optional<domain::TransitionalMeasure>& measure) {
  ISMAP_ASSIGN_OR_RETURN(measure, MeasureInForce(uow, record.confirmation_date));
  record.measure = measure ? std::optional<domain::TransitionalMeasureId>(measure->id) : std::nullopt;
  ISMAP_ASSIGN_OR_RETURN(auto controls, uow.Catalog().Controls(record.edition));
  const auto required =
      domain::RequiredItems(controls, measure && measure->Relaxes(domain::Relaxation::kObjectivesOnly));
  std::vector<domain::ConfirmationItem> items = domain::AlignItems(required, record.items);
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < items.size(); ++i) {
    index.emplace(items[i].control_id, i);
  }
  std::string unknown;
  for (const auto& mark : marks) {
    const auto it = index.find(mark.control_id);
    if (it == index.end()) {
      unknown += (unknown.empty() ? "" : ", ") + mark.control_id;
      continue;
    }
    if (!core::IsValidUtf8(mark.note) || core::CodePointCount(mark.note) > kMaxNote) {
      return core::MakeError(core::ErrorCode::kInvalidArgument, "unregistered.note_too_long",
                             mark.control_id + ": a note is at most 4000 characters");
    }
    items[it->second] = mark;
  }
  if (!unknown.empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "unregistered.unknown_item",
                           "this confirmation has no item " + unknown);
  }
  record.items = std::move(items);
  return core::Ok();
}

std::vector<domain::ItemFinding> Findings(const domain::UnregisteredService& record,
                                          const std::vector<domain::Control>& controls,
                                          const std::optional<domain::TransitionalMeasure>& measure) {
  const auto required =
      domain::RequiredItems(controls, measure && measure->Relaxes(domain::Relaxation::kObjectivesOnly));
  auto findings = domain::CheckItems(required, record.items);
  for (const auto& problem : domain::ListInfoProblems(record.info)) {
    findings.push_back({"", problem.reason});
  }
  return findings;
}

std::string Payload(const domain::UnregisteredService& r, const std::string& edition_key) {
  std::int64_t met = 0;
  std::int64_t not_met = 0;
  std::int64_t not_applicable = 0;
  for (const auto& item : r.items) {
    met += item.mark == domain::ItemMark::kMet ? 1 : 0;
    not_met += item.mark == domain::ItemMark::kNotMet ? 1 : 0;
    not_applicable += item.mark == domain::ItemMark::kNotApplicable ? 1 : 0;
  }
  return nlohmann::json{{"confirmation", r.id.value()},
                        {"version", r.version},
                        {"state", domain::ToString(r.state)},
                        {"name_ja", r.info.name_ja},
                        {"name_en", r.info.name_en},
                        {"edition", edition_key},
                        {"confirmation_date", domain::FormatDate(r.confirmation_date)},
                        {"measure", r.measure ? nlohmann::json(r.measure->value()) : nlohmann::json(nullptr)},
                        {"items", r.items.size()},
                        {"met", met},
                        {"not_met", not_met},
                        {"not_applicable", not_applicable}}
      .dump();
}

}  // namespace

namespace {

// Everything a single view shows, read in the caller's transaction.
core::Result<UnregisteredServiceView> MakeView(storage::UnitOfWork& uow, const Principal& principal,
                                               domain::UnregisteredService record) {
  UnregisteredServiceView view;
  ISMAP_ASSIGN_OR_RETURN(auto agency, uow.Organizations().Get(record.agency));
  view.agency_name_ja = agency.name_ja;
  view.agency_name_en = agency.name_en;
  ISMAP_ASSIGN_OR_RETURN(view.edition_key, EditionKey(uow, record.edition));
  if (record.measure) {
    ISMAP_ASSIGN_OR_RETURN(auto measure, uow.TransitionalMeasures().Get(*record.measure));
    view.measure = std::move(measure);
  }
  ISMAP_ASSIGN_OR_RETURN(auto controls, uow.Catalog().Controls(record.edition));
  if (record.state == domain::ConfirmationState::kDraft) {
    view.findings = Findings(record, controls, view.measure);
  }
  view.may_edit = record.state == domain::ConfirmationState::kDraft &&
                  Authorize(principal, Action::kRecordUnregisteredServices, OwnedBy(record.agency)).has_value();
  view.may_approve = record.state == domain::ConfirmationState::kSubmitted &&
                     Authorize(principal, Action::kApproveUnregisteredServices, OwnedBy(record.agency)).has_value();
  view.record = std::move(record);
  return view;
}

// The record, if the caller may read it; kNotFound otherwise (another agency's records do not
// exist for it).
core::Result<domain::UnregisteredService> Readable(storage::UnitOfWork& uow, const Principal& principal,
                                                   domain::UnregisteredServiceId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadUnregisteredServices));
  ISMAP_ASSIGN_OR_RETURN(auto record, uow.UnregisteredServices().Get(id));
  if (!Authorize(principal, Action::kReadUnregisteredServices, OwnedBy(record.agency))) {
    return NotFound(id);
  }
  return record;
}

core::Result<void> CheckVersion(const domain::UnregisteredService& record, std::int64_t version) {
  if (record.version != version) {
    return core::MakeError(
        core::ErrorCode::kConflict, "unregistered.stale_version",
        "confirmation " + std::to_string(record.id.value()) + " is not at version " + std::to_string(version));
  }
  return core::Ok();
}

}  // namespace

core::Result<UnregisteredServicePage> UnregisteredServices::List(const Principal& principal, int limit, int offset) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadUnregisteredServices));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  // The secretariat oversees every agency; anyone else reads their own agency's.
  std::optional<domain::OrganizationId> agency;
  if (!principal.Has(domain::Role::kSecretariat)) {
    agency = principal.user->organization_id;
  }
  UnregisteredServicePage page;
  ISMAP_ASSIGN_OR_RETURN(page.total, uow->UnregisteredServices().Count(agency));
  ISMAP_ASSIGN_OR_RETURN(auto records,
                         uow->UnregisteredServices().List(agency, std::clamp(limit, 1, kMaxPage), std::max(offset, 0)));
  std::vector<domain::OrganizationId> ids;
  for (const auto& r : records) {
    ids.push_back(r.agency);
  }
  ISMAP_ASSIGN_OR_RETURN(auto organizations, uow->Organizations().GetMany(ids));
  ISMAP_ASSIGN_OR_RETURN(auto editions, uow->Catalog().ListEditions());
  for (auto& r : records) {
    UnregisteredServiceView view;
    for (const auto& o : organizations) {
      if (o.id == r.agency) {
        view.agency_name_ja = o.name_ja;
        view.agency_name_en = o.name_en;
      }
    }
    for (const auto& e : editions) {
      if (e.id == r.edition) {
        view.edition_key = e.info.key;
      }
    }
    view.record = std::move(r);
    page.items.push_back(std::move(view));
  }
  return page;
}

core::Result<UnregisteredServiceView> UnregisteredServices::Get(const Principal& principal,
                                                                domain::UnregisteredServiceId id) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  ISMAP_ASSIGN_OR_RETURN(auto record, Readable(*uow, principal, id));
  return MakeView(*uow, principal, std::move(record));
}

core::Result<UnregisteredServiceView> UnregisteredServices::Create(const Principal& principal,
                                                                   const UnregisteredServiceInput& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRecordUnregisteredServices));
  ISMAP_RETURN_IF_ERROR(CheckInfo(input.info));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  domain::Edition edition;
  if (input.edition_key) {
    ISMAP_ASSIGN_OR_RETURN(edition, uow->Catalog().GetEdition(*input.edition_key));
  } else {
    ISMAP_ASSIGN_OR_RETURN(edition, NewestIsmapEdition(*uow));
  }
  const core::TimePoint now = clock_.Now();
  domain::UnregisteredService record;
  record.agency = principal.user->organization_id;
  record.info = input.info;
  record.edition = edition.id;
  record.confirmation_date = domain::JapanDate(now);
  record.created_by = principal.user->id;
  record.created_at = now;
  record.updated_at = now;
  std::optional<domain::TransitionalMeasure> measure;
  ISMAP_RETURN_IF_ERROR(ApplyDateAndMarks(*uow, record, input.items, measure));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->UnregisteredServices().Insert(record));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), stored.agency.value(), "unregistered.created",
                                    UnregisteredServiceSubject(stored.id), Payload(stored, edition.info.key)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, principal, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<UnregisteredServiceView> UnregisteredServices::UpdateDraft(const Principal& principal,
                                                                        domain::UnregisteredServiceId id,
                                                                        std::int64_t version,
                                                                        const UnregisteredServiceInput& input) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto record, Readable(*uow, principal, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRecordUnregisteredServices, OwnedBy(record.agency)));
  ISMAP_RETURN_IF_ERROR(CheckVersion(record, version));
  if (record.state != domain::ConfirmationState::kDraft) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.not_draft",
                           "only a draft confirmation can be edited");
  }
  ISMAP_RETURN_IF_ERROR(CheckInfo(input.info));
  const core::TimePoint now = clock_.Now();
  record.info = input.info;
  record.confirmation_date = domain::JapanDate(now);
  record.updated_at = now;
  std::optional<domain::TransitionalMeasure> measure;
  ISMAP_RETURN_IF_ERROR(ApplyDateAndMarks(*uow, record, input.items, measure));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->UnregisteredServices().Update(record));
  ISMAP_ASSIGN_OR_RETURN(auto key, EditionKey(*uow, stored.edition));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), stored.agency.value(), "unregistered.updated",
                                    UnregisteredServiceSubject(stored.id), Payload(stored, key)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, principal, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<UnregisteredServiceView> UnregisteredServices::Submit(const Principal& principal,
                                                                   domain::UnregisteredServiceId id,
                                                                   std::int64_t version) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto record, Readable(*uow, principal, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kRecordUnregisteredServices, OwnedBy(record.agency)));
  ISMAP_RETURN_IF_ERROR(CheckVersion(record, version));
  if (record.state != domain::ConfirmationState::kDraft) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.not_draft",
                           "only a draft confirmation can be submitted");
  }
  // The submission's day is the confirmation's: the measure in force then decides the items.
  const core::TimePoint now = clock_.Now();
  record.confirmation_date = domain::JapanDate(now);
  std::optional<domain::TransitionalMeasure> measure;
  ISMAP_RETURN_IF_ERROR(ApplyDateAndMarks(*uow, record, {}, measure));
  ISMAP_ASSIGN_OR_RETURN(auto controls, uow->Catalog().Controls(record.edition));
  const auto findings = Findings(record, controls, measure);
  if (!findings.empty()) {
    std::string message = "the confirmation cannot be submitted (" + std::to_string(findings.size()) + " problems):";
    for (const auto& f : findings) {
      message += "\n  " + (f.control_id.empty() ? std::string("service") : f.control_id) + ": " + f.code;
    }
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "unregistered.incomplete", std::move(message));
  }
  ISMAP_RETURN_IF_ERROR(domain::Submit(record, now));
  record.updated_at = now;
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->UnregisteredServices().Update(record));
  ISMAP_ASSIGN_OR_RETURN(auto key, EditionKey(*uow, stored.edition));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), stored.agency.value(),
                                    "unregistered.submitted", UnregisteredServiceSubject(stored.id),
                                    Payload(stored, key)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, principal, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<UnregisteredServiceView> UnregisteredServices::Approve(const Principal& principal,
                                                                    domain::UnregisteredServiceId id,
                                                                    std::int64_t version) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto record, Readable(*uow, principal, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kApproveUnregisteredServices, OwnedBy(record.agency)));
  ISMAP_RETURN_IF_ERROR(CheckVersion(record, version));
  const core::TimePoint now = clock_.Now();
  ISMAP_RETURN_IF_ERROR(domain::Approve(record, principal.user->id, now));
  record.updated_at = now;
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->UnregisteredServices().Update(record));
  ISMAP_ASSIGN_OR_RETURN(auto key, EditionKey(*uow, stored.edition));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), stored.agency.value(), "unregistered.approved",
                                    UnregisteredServiceSubject(stored.id), Payload(stored, key)));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, principal, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

core::Result<UnregisteredServiceView> UnregisteredServices::Return(const Principal& principal,
                                                                   domain::UnregisteredServiceId id,
                                                                   std::int64_t version, const std::string& reason) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_ASSIGN_OR_RETURN(auto record, Readable(*uow, principal, id));
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kApproveUnregisteredServices, OwnedBy(record.agency)));
  ISMAP_RETURN_IF_ERROR(CheckVersion(record, version));
  ISMAP_RETURN_IF_ERROR(domain::Return(record, reason));
  record.updated_at = clock_.Now();
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->UnregisteredServices().Update(record));
  ISMAP_ASSIGN_OR_RETURN(auto key, EditionKey(*uow, stored.edition));
  auto payload = nlohmann::json::parse(Payload(stored, key));
  payload["reason"] = reason;
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), stored.agency.value(), "unregistered.returned",
                                    UnregisteredServiceSubject(stored.id), payload.dump()));
  ISMAP_ASSIGN_OR_RETURN(auto view, MakeView(*uow, principal, std::move(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return view;
}

}  // namespace ismap::app
