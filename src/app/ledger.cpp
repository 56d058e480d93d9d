#include "app/ledger.hpp"

namespace ismap::app {

core::Result<domain::LedgerEvent> AppendLedgerEvent(storage::UnitOfWork& uow, const core::Clock& clock,
                                                    domain::LedgerEntry entry) {
  ISMAP_ASSIGN_OR_RETURN(auto head, uow.Ledger().LockHead());
  domain::LedgerEvent event = domain::ChainNext(head, clock.Now(), std::move(entry));
  ISMAP_RETURN_IF_ERROR(uow.Ledger().Append(event));
  return event;
}

core::Result<void> RecordEvent(storage::UnitOfWork& uow, const core::Clock& clock, std::string actor,
                               std::optional<std::int64_t> organization, std::string type, std::string subject,
                               std::string payload_json) {
  domain::LedgerEntry entry;
  entry.actor = std::move(actor);
  entry.organization_id = organization;
  entry.type = std::move(type);
  entry.subject = std::move(subject);
  entry.payload_json = std::move(payload_json);
  ISMAP_RETURN_IF_ERROR(AppendLedgerEvent(uow, clock, std::move(entry)));
  return core::Ok();
}

core::Result<LedgerVerification> VerifyLedger(storage::Database& db) {
  constexpr int kPage = 1000;
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  domain::ChainVerifier verifier;
  LedgerVerification result;
  std::int64_t after = 0;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(auto page, uow->Ledger().Scan(after, kPage));
    for (const auto& event : page) {
      if (auto r = verifier.Next(event); !r) {
        result.checked = verifier.checked();
        result.bad_sequence = event.sequence;
        result.problem = r.error().message;
        return result;
      }
    }
    if (page.size() < static_cast<std::size_t>(kPage)) {
      break;
    }
    after = page.back().sequence;
  }
  result.checked = verifier.checked();
  return result;
}

}  // namespace ismap::app
