// Unregistered-service confirmations (issue 9): when an agency wants a cloud service that is not on
// the list, it records the service, why it needs it, and its own confirmation, item by item,
// against the programme's requirements (a criteria edition); its CISO approves or returns it.
// States: draft → submitted → approved, or back to draft with the CISO's reason. Once approved the
// record never changes. Which items are required depends on the transitional measure in force on
// the confirmation's date (domain/transitional_measure.hpp: objectives_only leaves detailed
// controls out); the record names the measure applied. Pure: dates are passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/audit_body.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"
#include "domain/identity.hpp"
#include "domain/organization.hpp"
#include "domain/transitional_measure.hpp"

namespace ismap::domain {

using UnregisteredServiceId = core::StrongId<struct UnregisteredServiceTag>;

enum class ConfirmationState { kDraft, kSubmitted, kApproved };
// kUnmarked: not decided yet (submit refuses it).
enum class ItemMark { kUnmarked, kMet, kNotMet, kNotApplicable };

std::string_view ToString(ConfirmationState state);  // "draft", "submitted", "approved"
std::string_view ToString(ItemMark mark);            // "unmarked", "met", "not_met", "not_applicable"
std::optional<ConfirmationState> ConfirmationStateFromString(std::string_view text);
std::optional<ItemMark> ItemMarkFromString(std::string_view text);

struct ConfirmationItem {
  std::string control_id;
  ItemMark mark = ItemMark::kUnmarked;
  std::string note;  // required for not_met and not_applicable
};

// The service as the agency describes it (it is on no list, so this is all there is).
struct UnregisteredServiceInfo {
  std::string name_ja;
  std::string name_en;
  std::string provider_name;
  ServiceModel model = ServiceModel::kSaas;
  std::vector<std::string> regions;
  std::string url;
  std::string notes;
  std::string need;  // why the agency needs it
};

struct UnregisteredService {
  UnregisteredServiceId id;  // assigned by storage
  OrganizationId agency;
  UnregisteredServiceInfo info;
  EditionId edition;
  // The day the confirmation is made (Japan): the last save of the draft, then the submission.
  // The measure in force on it decides the items.
  Date confirmation_date;
  std::optional<TransitionalMeasureId> measure;  // applied; none when no measure was in force
  std::vector<ConfirmationItem> items;           // in the edition's order
  ConfirmationState state = ConfirmationState::kDraft;
  std::string return_reason;  // the CISO's, when returned to draft; "" otherwise
  UserId created_by;
  std::optional<core::TimePoint> submitted_at;  // the latest submission (kept after a return)
  std::optional<core::TimePoint> approved_at;
  std::optional<UserId> approved_by;
  std::int64_t version = 1;  // optimistic concurrency
  core::TimePoint created_at;
  core::TimePoint updated_at;
};

// The ids of the items a confirmation against `controls` needs, in order: every control that is
// not a group and not withdrawn, detailed controls (ControlLevel::kDetailed) left out when
// `objectives_only`.
std::vector<std::string> RequiredItems(const std::vector<Control>& controls, bool objectives_only);

// `items` made to match `required`: marks and notes kept for items still required, unmarked
// items added for the others, items no longer required dropped, in `required`'s order.
std::vector<ConfirmationItem> AlignItems(const std::vector<std::string>& required,
                                         const std::vector<ConfirmationItem>& items);

// Every problem with the service's description, in field order (kInvalidArgument):
// unregistered.name_required (both names empty), unregistered.name_too_long (over 200 characters),
// unregistered.provider_required, unregistered.provider_too_long (over 200), the region rules of
// cloud services (unregistered.region_required, unregistered.bad_region, unregistered.too_many_regions),
// unregistered.url_too_long (over 2,000), unregistered.notes_too_long and unregistered.need_too_long
// (over 4,000), unregistered.need_required.
std::vector<Problem> ListInfoProblems(const UnregisteredServiceInfo& info);

// One finding about one item, for the editor to show beside it and for submit to list.
struct ItemFinding {
  std::string control_id;
  std::string code;  // unregistered.item_unmarked, unregistered.note_required,
                     // unregistered.note_too_long, unregistered.unknown_item, unregistered.duplicate_item
};

// Every finding of `items` against `required`, in `required`'s order (unknown and duplicate items
// last). Empty when every required item is marked as the rules ask.
std::vector<ItemFinding> CheckItems(const std::vector<std::string>& required,
                                    const std::vector<ConfirmationItem>& items);

// Transitions (the caller checks who acts). Each refuses with kFailedPrecondition
// unregistered.not_draft / not_submitted when the state does not allow it.
// Submit: REQUIRES the caller checked that there are no problems.
core::Result<void> Submit(UnregisteredService& record, core::TimePoint now);
core::Result<void> Approve(UnregisteredService& record, UserId ciso, core::TimePoint now);
// kInvalidArgument unregistered.reason_required when `reason` is blank; over 4,000 characters:
// unregistered.reason_too_long.
core::Result<void> Return(UnregisteredService& record, const std::string& reason);

}  // namespace ismap::domain
