#include "app/transitional_measures.hpp"

#include <nlohmann/json.hpp>

#include "app/ledger.hpp"

namespace ismap::app {
namespace {

// What a measure's ledger events carry: enough to show later what was in force when.
std::string Payload(const domain::TransitionalMeasure& m) {
  nlohmann::json relaxations = nlohmann::json::array();
  for (const auto r : m.relaxations) {
    relaxations.push_back(std::string(domain::ToString(r)));
  }
  return nlohmann::json{{"measure", m.id.value()},
                        {"version", m.version},
                        {"title_ja", m.title_ja},
                        {"title_en", m.title_en},
                        {"effective_from", domain::FormatDate(m.effective_from)},
                        {"effective_until", domain::FormatDate(m.effective_until)},
                        {"relaxations", relaxations}}
      .dump();
}

}  // namespace

core::Result<std::optional<domain::TransitionalMeasure>> MeasureInForce(storage::UnitOfWork& uow,
                                                                        const domain::Date& on) {
  return uow.TransitionalMeasures().InForce(on);
}

core::Result<std::vector<domain::TransitionalMeasure>> TransitionalMeasures::List(const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  return uow->TransitionalMeasures().List();
}

core::Result<domain::TransitionalMeasure> TransitionalMeasures::Get(const Principal& principal,
                                                                    domain::TransitionalMeasureId id) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  return uow->TransitionalMeasures().Get(id);
}

core::Result<std::optional<domain::TransitionalMeasure>> TransitionalMeasures::InForceToday(
    const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  return MeasureInForce(*uow, domain::JapanDate(clock_.Now()));
}

core::Result<domain::TransitionalMeasure> TransitionalMeasures::Create(const Principal& principal,
                                                                       const domain::TransitionalMeasure& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  const core::TimePoint now = clock_.Now();
  domain::TransitionalMeasure measure = input;
  measure.id = domain::TransitionalMeasureId();
  measure.version = 1;
  measure.created_at = now;
  ISMAP_ASSIGN_OR_RETURN(auto others, uow->TransitionalMeasures().ListForChange());
  ISMAP_RETURN_IF_ERROR(domain::CheckMeasure(measure, others, domain::JapanDate(now)));
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->TransitionalMeasures().Insert(measure));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "measure.created",
                                    MeasureSubject(stored.id), Payload(stored)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return stored;
}

core::Result<domain::TransitionalMeasure> TransitionalMeasures::Update(const Principal& principal,
                                                                       const domain::TransitionalMeasure& input) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  const domain::Date today = domain::JapanDate(clock_.Now());
  ISMAP_ASSIGN_OR_RETURN(auto others, uow->TransitionalMeasures().ListForChange());
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->TransitionalMeasures().Get(input.id));
  ISMAP_RETURN_IF_ERROR(domain::CheckEditable(stored, today));
  domain::TransitionalMeasure measure = input;
  measure.created_at = stored.created_at;
  ISMAP_RETURN_IF_ERROR(domain::CheckMeasure(measure, others, today));
  ISMAP_ASSIGN_OR_RETURN(auto updated, uow->TransitionalMeasures().Update(measure));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "measure.updated",
                                    MeasureSubject(updated.id), Payload(updated)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return updated;
}

core::Result<domain::TransitionalMeasure> TransitionalMeasures::End(const Principal& principal,
                                                                    domain::TransitionalMeasureId id,
                                                                    std::int64_t version, const domain::Date& until) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageTransitionalMeasures));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kWrite));
  ISMAP_RETURN_IF_ERROR(uow->TransitionalMeasures().ListForChange());
  ISMAP_ASSIGN_OR_RETURN(auto stored, uow->TransitionalMeasures().Get(id));
  if (stored.version != version) {
    return core::MakeError(
        core::ErrorCode::kConflict, "measure.stale_version",
        "transitional measure " + std::to_string(id.value()) + " is not at version " + std::to_string(version));
  }
  ISMAP_ASSIGN_OR_RETURN(auto ended, domain::EndEarly(stored, until, domain::JapanDate(clock_.Now())));
  ISMAP_ASSIGN_OR_RETURN(auto updated, uow->TransitionalMeasures().Update(ended));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock_, principal.ActorName(), principal.OrganizationId(), "measure.ended",
                                    MeasureSubject(updated.id), Payload(updated)));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return updated;
}

}  // namespace ismap::app
