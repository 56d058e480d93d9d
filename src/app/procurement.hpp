// Requirement profiles and procurement checks (issue 9; domain/procurement.hpp). An agency's users
// (agency_member, agency_ciso) build profiles and run checks for their own agency; nobody else
// reads them (another agency's record is kNotFound, as if it did not exist). A check is saved as it
// ran: the profile as it was, the services' registration status that day, the transitional measure
// in force, and every gap, so it still shows what held after a service expires.
//
// A check reads today's list from the cloud service register's kept lines and each registered
// statement's adoption bitmap (written once when a statement is submitted; statements never change
// afterwards, so bitmaps and editions' item positions are kept in memory for good).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/authorization.hpp"
#include "app/cloud_services.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/procurement.hpp"
#include "storage/database.hpp"

namespace ismap::app {

// What a caller sends to create or change a profile: added controls by catalog and id only; the
// ISMAP items they stand for are resolved from the stored mappings when the profile is saved.
struct ProfileInput {
  std::string name;
  std::string purpose;
  std::string edition_key;
  domain::Track baseline = domain::Track::kIsmap;
  std::vector<domain::ControlRef> added;
  domain::ProfileConditions conditions;
};

// A profile with what it requires, for its page: every requirement with the control's titles.
struct RequirementLine {
  std::string control_id;
  std::string title_ja;
  std::string title_en;
  std::string from;  // "baseline" or "edition:id"
  bool detailed = false;
};
struct ProfileView {
  domain::Profile profile;
  std::vector<RequirementLine> requirements;
};

class Procurement {
 public:
  Procurement(storage::Database& db, const core::Clock& clock, CloudServices& cloud)
      : db_(db), clock_(clock), cloud_(cloud) {}

  // kManageProfiles. Refusals: the domain's profile.* problems (kInvalidArgument; every problem in
  // the message, the first one's reason as the code), criteria.edition_not_found (kInvalidArgument
  // here: the caller named it), profile.not_ismap_edition, profile.unknown_control (naming the
  // catalog and id).
  core::Result<domain::Profile> CreateProfile(const Principal& principal, const ProfileInput& input);
  // kConflict profile.stale_version; kNotFound profile.not_found (also another agency's).
  core::Result<domain::Profile> UpdateProfile(const Principal& principal, domain::ProfileId id, std::int64_t version,
                                              const ProfileInput& input);
  core::Result<ProfileView> GetProfile(const Principal& principal, domain::ProfileId id);
  // The caller's agency's profiles, newest first.
  core::Result<std::vector<domain::Profile>> ListProfiles(const Principal& principal);

  // kRunProcurementChecks: checks today's list against the profile and saves the record (ledger
  // procurement.checked). kNotFound profile.not_found. `record_text`, when given, receives the
  // record as saved (CheckJsonText), so an answer need not write megabytes of it twice.
  core::Result<domain::ProcurementCheck> RunCheck(const Principal& principal, domain::ProfileId profile,
                                                  std::string* record_text = nullptr);
  // The same check without saving it (benchmarks; a preview).
  core::Result<domain::ProcurementCheck> Evaluate(const Principal& principal, domain::ProfileId profile);
  core::Result<domain::ProcurementCheck> GetCheck(const Principal& principal, domain::ProcurementCheckId id);
  // The caller's agency's checks, newest first.
  core::Result<std::vector<domain::CheckSummary>> ListChecks(const Principal& principal);

 private:
  struct Edition;  // an edition's items and baselines, kept
  struct Adoption {
    std::shared_ptr<const Edition> edition;
    std::shared_ptr<const domain::AdoptionBits> bits;
  };
  core::Result<std::shared_ptr<const Edition>> EditionById(storage::UnitOfWork& uow, domain::EditionId id);
  core::Result<std::shared_ptr<const Edition>> EditionByKey(storage::UnitOfWork& uow, const std::string& key);
  // What each of `statements` adopts, by statement id: kept ones from memory, the rest read.
  core::Result<std::unordered_map<std::int64_t, Adoption>> Adoptions(
      storage::UnitOfWork& uow, const std::vector<domain::StatementId>& statements);
  // Services whose first application is under way and not on `listed`, with the statement each
  // applied with (for a transitional measure that counts them).
  core::Result<std::vector<std::pair<domain::CheckedService, domain::StatementId>>> PendingCandidates(
      storage::UnitOfWork& uow, const std::vector<PublicService>& listed);
  core::Result<domain::ProcurementCheck> Check(const Principal& principal, storage::UnitOfWork& uow,
                                               const domain::Profile& profile);

  storage::Database& db_;
  const core::Clock& clock_;
  CloudServices& cloud_;
  std::mutex mu_;                                                              // guards the two maps below
  std::unordered_map<std::int64_t, std::shared_ptr<const Edition>> editions_;  // by edition id
  std::unordered_map<std::int64_t, Adoption> adoptions_;                       // by statement id
};

}  // namespace ismap::app
