#include "app/changes.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "domain/audit_body_registration.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

// Ledger events read per storage call.
constexpr int kScanBatch = 500;

// The part after "<register>." of a public change, by the registration event's own suffix.
const std::map<std::string, std::string, std::less<>>& PublicWhat() {
  static const std::map<std::string, std::string, std::less<>> kWhat = {
      {"created", ""},  // register-specific: listed / published
      {"renew", "renewed"},
      {"renewal_refused", "renewal_refused"},
      {"expire", "expired"},
      {"suspend", "suspended"},
      {"reinstate", "reinstated"},
      {"revoke", "revoked"},
      {"withdraw", "withdrawn"},
      {"changed", "changed"},
  };
  return kWhat;
}

std::string ChangeType(domain::ApplicationKind kind, const std::string& what) {
  const bool service = kind == domain::ApplicationKind::kCloudService;
  if (what.empty()) {
    return service ? "service.published" : "audit_body.listed";
  }
  return std::string(service ? "service." : "audit_body.") + what;
}

// "registration/<id>" → id.
std::optional<std::int64_t> RegistrationOf(const std::string& subject) {
  constexpr std::string_view kPrefix = "registration/";
  if (subject.rfind(kPrefix, 0) != 0) {
    return std::nullopt;
  }
  std::int64_t id = 0;
  const char* first = subject.data() + kPrefix.size();
  const char* last = subject.data() + subject.size();
  auto [end, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || end != last || id <= 0) {
    return std::nullopt;
  }
  return id;
}

std::string StringAt(const nlohmann::json& payload, const char* name) {
  const auto it = payload.find(name);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What a request has looked up already: each registration, service and organisation once.
class Lookup {
 public:
  explicit Lookup(storage::UnitOfWork& uow) : uow_(uow) {}

  core::Result<const domain::Registration*> Registration(domain::RegistrationId id) {
    if (auto it = registrations_.find(id); it != registrations_.end()) {
      return &it->second;
    }
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow_.Registrations().Get(id));
    return &registrations_.emplace(id, std::move(registration)).first->second;
  }

  // The service of a cloud-service registration; nullopt when none records it.
  core::Result<const std::optional<domain::CloudService>*> Service(domain::RegistrationId id) {
    if (auto it = services_.find(id); it != services_.end()) {
      return &it->second;
    }
    std::optional<domain::CloudService> found;
    auto service = uow_.Services().GetByRegistration(id);
    if (service.has_value()) {
      found = std::move(*service);
    } else if (service.error().code != core::ErrorCode::kNotFound) {
      return service.error();
    }
    return &services_.emplace(id, std::move(found)).first->second;
  }

  core::Result<const domain::Organization*> Organization(domain::OrganizationId id) {
    if (auto it = organizations_.find(id); it != organizations_.end()) {
      return &it->second;
    }
    ISMAP_ASSIGN_OR_RETURN(auto org, uow_.Organizations().Get(id));
    return &organizations_.emplace(id, std::move(org)).first->second;
  }

 private:
  storage::UnitOfWork& uow_;
  std::unordered_map<domain::RegistrationId, domain::Registration> registrations_;
  std::unordered_map<domain::RegistrationId, std::optional<domain::CloudService>> services_;
  std::unordered_map<domain::OrganizationId, domain::Organization> organizations_;
};

// The public change `event` is, or nullopt when it is none.
core::Result<std::optional<PublicChange>> ToChange(Lookup& lookup, const domain::LedgerEvent& event) {
  const std::string& type = event.entry.type;
  const std::string_view prefix = domain::kEventRegistrationPrefix;
  if (type.rfind(prefix, 0) != 0) {
    return std::optional<PublicChange>();
  }
  const auto what = PublicWhat().find(std::string_view(type).substr(prefix.size()));
  const auto id = RegistrationOf(event.entry.subject);
  if (what == PublicWhat().end() || !id) {
    return std::optional<PublicChange>();
  }
  ISMAP_ASSIGN_OR_RETURN(const auto* registration, lookup.Registration(domain::RegistrationId(*id)));
  const auto payload = nlohmann::json::parse(event.entry.payload_json, nullptr, /*allow_exceptions=*/false);

  PublicChange change;
  change.cursor = ChangeCursor(event.sequence);
  change.type = ChangeType(registration->register_kind, what->second);
  change.occurred_at = event.occurred_at;
  change.register_kind = registration->register_kind;
  change.registration_id = registration->id;
  // The number, state and validity as the event recorded them; the registration as it is now
  // when the payload lacks them.
  change.number = payload.is_object() ? StringAt(payload, "number") : std::string();
  if (change.number.empty()) {
    change.number = registration->number;
  }
  change.state = payload.is_object() ? StringAt(payload, "state") : std::string();
  if (change.state.empty()) {
    change.state = std::string(domain::ToString(registration->state));
  }
  change.valid_until = registration->valid_until;
  if (payload.is_object()) {
    if (auto parsed = domain::ParseDate(StringAt(payload, "valid_until")); parsed.has_value()) {
      change.valid_until = *parsed;
    }
  }
  change.organization_id = registration->holder;
  if (registration->register_kind == domain::ApplicationKind::kCloudService) {
    ISMAP_ASSIGN_OR_RETURN(const auto* service, lookup.Service(registration->id));
    if (service->has_value()) {
      change.service_id = (*service)->id;
      change.service_name_ja = (*service)->name_ja;
      change.service_name_en = (*service)->name_en;
      change.organization_id = (*service)->provider;
    }
  }
  ISMAP_ASSIGN_OR_RETURN(const auto* org, lookup.Organization(change.organization_id));
  change.organization_name_ja = org->name_ja;
  change.organization_name_en = org->name_en;
  return std::optional<PublicChange>(std::move(change));
}

}  // namespace

std::vector<std::string> PublicRegistrationEventTypes() {
  std::vector<std::string> types;
  for (const auto& [suffix, what] : PublicWhat()) {
    types.push_back(domain::kEventRegistrationPrefix + suffix);
  }
  return types;
}

std::string ChangeCursor(std::int64_t sequence) { return std::to_string(sequence); }

core::Result<std::int64_t> ParseChangeCursor(std::string_view cursor) {
  if (cursor.empty()) {
    return std::int64_t{0};
  }
  const auto bad = [] {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "changes.bad_cursor",
                           "the cursor is not one this feed gave out");
  };
  // Digits only, no sign, no leading zero, at most 18 digits (always fits in int64).
  if (cursor.size() > 18 || !std::all_of(cursor.begin(), cursor.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (cursor.size() > 1 && cursor.front() == '0')) {
    return bad();
  }
  std::int64_t sequence = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), sequence);
  if (ec != std::errc() || end != cursor.data() + cursor.size()) {
    return bad();
  }
  return sequence;
}

core::Result<PublicChangePage> ListPublicChanges(storage::Database& db, const Principal& principal,
                                                 std::string_view after_cursor, int limit) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(const std::int64_t after, ParseChangeCursor(after_cursor));
  if (limit < 1 || limit > kMaxChangePageSize) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "changes.bad_limit",
                           "limit must be from 1 to " + std::to_string(kMaxChangePageSize));
  }
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  Lookup lookup(*uow);
  PublicChangePage page;
  std::int64_t reached = after;
  int scanned = 0;
  bool full = false;
  while (!full && scanned < kMaxChangeScan) {
    const int batch = std::min(kScanBatch, kMaxChangeScan - scanned);
    ISMAP_ASSIGN_OR_RETURN(auto events, uow->Ledger().Scan(reached, batch));
    for (const auto& event : events) {
      ISMAP_ASSIGN_OR_RETURN(auto change, ToChange(lookup, event));
      reached = event.sequence;
      ++scanned;
      if (change) {
        page.items.push_back(std::move(*change));
        if (static_cast<int>(page.items.size()) == limit) {
          full = true;
          break;
        }
      }
    }
    if (static_cast<int>(events.size()) < batch) {
      break;  // the end of the ledger
    }
  }
  ISMAP_ASSIGN_OR_RETURN(auto rest, uow->Ledger().Scan(reached, 1));
  page.more = !rest.empty();
  page.next_cursor = ChangeCursor(reached);
  return page;
}

}  // namespace ismap::app
