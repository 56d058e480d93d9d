// Agencies' use of the lists (issue 9; DESIGN.md §1 item 8, seed framework §2): a requirement
// profile an agency builds for one procurement, and the procurement check that holds every service
// on the cloud service list against it. Pure: no I/O, dates are passed in; what a service's statement
// adopts arrives as a bitmap over its edition (AdoptionBits), so checking ten thousand services is
// a few machine words each. Thread-compatible values.
//
// What a check may read is what the agency may read: the public part of a registration (track,
// model, regions, validity, status) and which controls that are not detailed controls the statement
// adopts (DESIGN.md §3: "the control objectives implemented" are public); detailed controls (4-digit
// 詳細管理策) only for services whose provider granted the agency its annex on the check's day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"
#include "domain/statement.hpp"

namespace ismap::domain {

using ProfileId = core::StrongId<struct ProfileTag>;
using ProcurementCheckId = core::StrongId<struct ProcurementCheckTag>;

// A control the agency adds to its baseline, from any loaded catalog. `ismap_controls` are the
// items of the profile's ISMAP edition it stands for: itself for an ISMAP control; for another
// catalog's control, the ISMAP side of every mapping with it (empty when no mapping exists: the
// agency must then confirm the requirement itself, and the check says so once, not per service).
struct AddedControl {
  std::string edition_key;
  std::string control_id;
  std::vector<std::string> ismap_controls;
};

// What the service itself must be. Empty lists and absent values ask nothing.
struct ProfileConditions {
  std::vector<ServiceModel> models;   // one of these
  std::vector<std::string> regions;   // the service offers at least one of these (regions in Japan)
  std::optional<Track> track;         // registered on this track
  std::optional<Date> valid_through;  // registered at least until this day (the contract's end)
};

struct Profile {
  ProfileId id;  // assigned by storage
  OrganizationId agency;
  std::string name;
  std::string purpose;             // the procurement it serves, in the agency's words
  std::string edition_key;         // the ISMAP criteria edition the baseline is drawn from
  Track baseline = Track::kIsmap;  // ISMAP's standard baseline, or ISMAP-LIU's
  std::vector<AddedControl> added;
  ProfileConditions conditions;
  std::int64_t version = 1;  // optimistic concurrency
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

// Every problem, in field order, kInvalidArgument: profile.name_required, profile.name_too_long
// (over 200 characters), profile.purpose_too_long (over 4,000), profile.edition_required,
// profile.too_many_controls (over 5,000 added), profile.duplicate_control (naming it),
// profile.bad_region (empty, over 100 characters or twice), profile.duplicate_model.
std::vector<Problem> ListProfileProblems(const Profile& profile);

// The profile field a refusal's reason belongs to: "name", "purpose", "edition", "added",
// "regions" or "models" (the last two are conditions); empty when it is about no one field. The
// pages put the message beside that field, the API names it as a JSON pointer.
std::string_view ProfileProblemField(std::string_view reason);

// The items of `edition` a baseline requires: for kIsmap, those StandardBaseline marks required
// (governance and management items, mandatory detailed controls, control objectives); for kLiu,
// the same without detailed controls. The real ISMAP-LIU item list is not public data here
// (FACTS.md: "about 100-200 items"), so this is the nearest honest reading: what every LIU
// statement must decide, without the selectable detail. In the edition's order.
std::vector<std::string> BaselineRequirements(const EditionContent& edition, Track baseline);

// The controls a profile requires, each once, in the order: baseline, then added controls'
// ISMAP items. `from` says why each is required ("baseline" or the added control "edition:id").
struct Requirement {
  std::string control_id;  // an item of the profile's edition
  std::string from;
};
std::vector<Requirement> ProfileRequirements(const Profile& profile, const std::vector<std::string>& baseline);

// Which of an edition's requirements (items that are not groups or withdrawn, in document order) a
// statement adopts, one bit each: bit i of word i / 64 is the edition's i-th item. Editions never
// change once imported, so positions are stable for good.
struct EditionItems {
  std::vector<std::string> ids;  // in order
  std::vector<bool> detailed;    // the item is a detailed control (restricted)
  std::unordered_map<std::string, int> position;
};
EditionItems ItemsOf(const EditionContent& edition);

using AdoptionBits = std::vector<std::uint64_t>;
// The first entry for a control counts, as in CheckSelection; a control without an entry is not
// adopted.
AdoptionBits AdoptionOf(const EditionItems& items, const std::vector<StatementEntry>& entries);
// As lowercase hexadecimal, 16 digits per word (the stored form), and back (nullopt when malformed).
std::string AdoptionHex(const AdoptionBits& bits);
std::optional<AdoptionBits> AdoptionFromHex(std::string_view hex);

// One requirement a service misses.
enum class GapKind {
  kScope,                // registered on ISMAP-LIU, audited on the smaller LIU scope, for an ISMAP baseline
  kTrack,                // not on the track the conditions ask for
  kModel,                // not one of the service models asked for
  kRegion,               // offers none of the regions asked for
  kValidity,             // registered until a day before valid_through
  kNotRegistered,        // a candidate only under a transitional measure: its application is under way
  kControlNotAdopted,    // the statement does not adopt a required control
  kControlNotInEdition,  // the statement's edition has no such control
  kNotDisclosed,         // required detailed controls that cannot be confirmed without the annex
};
std::string_view ToString(GapKind kind);
std::optional<GapKind> GapKindFromString(std::string_view text);

struct Gap {
  GapKind kind = GapKind::kControlNotAdopted;
  std::string control_id;  // for control gaps
  std::string detail;      // what the service has instead: "saas", "liu", "2027-03-31", "大阪, 福岡", a count
};

// kMeets: no gap. kUnconfirmed: only kNotDisclosed (the agency may ask the provider for the annex)
// and kNotRegistered (a transitional measure makes an application under way a candidate, to be
// confirmed once it is decided). kMisses: anything else.
enum class CheckOutcome { kMeets, kUnconfirmed, kMisses };
std::string_view ToString(CheckOutcome outcome);
std::optional<CheckOutcome> CheckOutcomeFromString(std::string_view text);
CheckOutcome OutcomeOf(const std::vector<Gap>& gaps);

// What the check knows of one candidate service.
struct CandidateService {
  Track track = Track::kIsmap;
  ServiceModel model = ServiceModel::kSaas;
  const std::vector<std::string>* regions = nullptr;
  std::optional<Date> valid_until;         // absent for a candidate under a transitional measure
  bool registered = true;                  // false: an application under way (transitional measure)
  bool disclosed = false;                  // the agency holds an active grant of the annex on the check's day
  const EditionItems* items = nullptr;     // the statement's edition; null: no statement known
  const AdoptionBits* adoption = nullptr;  // what it adopts, over `items`
};

// The requirements of a profile resolved against one edition's positions, once per edition a check
// meets: positions of required items (-1 when the edition lacks the control).
struct ResolvedRequirements {
  std::vector<int> positions;  // parallel to the requirements
};
ResolvedRequirements Resolve(const std::vector<Requirement>& requirements, const EditionItems& items);

// Every gap of `service` against the profile, in this order: scope, track, model, region, validity,
// registration, then controls in requirement order (detailed controls the agency may not see are
// one kNotDisclosed gap with their count, never named one by one).
std::vector<Gap> CheckService(const Profile& profile, const std::vector<Requirement>& requirements,
                              const ResolvedRequirements& resolved, const CandidateService& service);

// The transitional measure a check applied, as the record keeps it (domain/transitional_measure.hpp
// holds the measure itself; the record keeps what it said on the day).
struct AppliedMeasure {
  std::int64_t id = 0;
  std::string title_ja;
  std::string title_en;
  std::vector<std::string> relaxations;  // the codes it relaxed
};

// One service as a check found it on its day: what held then, kept unchanged afterwards.
struct CheckedService {
  ServiceId service;
  std::string name_ja;
  std::string name_en;
  std::string provider_name_ja;
  std::string provider_name_en;
  std::string number;                        // empty for a candidate under a transitional measure
  std::optional<RegistrationStatus> status;  // absent: not registered (application under way)
  std::optional<Date> valid_until;
  Track track = Track::kIsmap;
  ServiceModel model = ServiceModel::kSaas;
  std::vector<std::string> regions;
  bool disclosed = false;  // detailed controls were checked through a grant of the annex
  CheckOutcome outcome = CheckOutcome::kMeets;
  std::vector<Gap> gaps;
};

// A saved procurement check: the record an agency shows later of what it relied on.
struct ProcurementCheck {
  ProcurementCheckId id;  // assigned by storage
  OrganizationId agency;
  Profile profile;  // as it was when checked (its id and version name the stored profile)
  Date checked_on;  // the day in Japan the check speaks for
  core::TimePoint checked_at;
  std::string checked_by;  // the actor ("user:12")
  std::optional<AppliedMeasure> measure;
  int requirement_count = 0;
  std::vector<AddedControl> unmapped;    // added controls no mapping ties to the ISMAP edition
  std::vector<CheckedService> services;  // meets first, then unconfirmed, then misses; by number within
  int meets = 0;
  int unconfirmed = 0;
  int misses = 0;
};

// A check without its services, for lists.
struct CheckSummary {
  ProcurementCheckId id;
  ProfileId profile;
  std::string profile_name;
  Date checked_on;
  core::TimePoint checked_at;
  std::string checked_by;
  int meets = 0;
  int unconfirmed = 0;
  int misses = 0;
};

// Orders `services` (meets, unconfirmed, misses; by registration number, then name) and counts them.
void FinishCheck(ProcurementCheck* check);

}  // namespace ismap::domain
