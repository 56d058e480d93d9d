// Transitional measures (経過措置; issue 9): periods the secretariat configures during which the
// programme's rules are relaxed. Each measure runs from effective_from to effective_until (Japan
// days, both included), periods never overlap, so on any day at most one measure is in force; the
// procurement check (app/procurement.hpp) and the unregistered-service confirmation
// (domain/unregistered_service.hpp) apply that one and record which. A measure is edited only
// before it starts and may be ended early; it is never deleted. Pure: dates are passed in.
// Thread-compatible values.
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
#include "domain/date.hpp"

namespace ismap::domain {

using TransitionalMeasureId = core::StrongId<struct TransitionalMeasureTag>;

// What a measure relaxes. Exactly these two:
// kPendingApplications (登録申請中のクラウドサービスも調達候補とする): the procurement check counts
//   services whose registration application is under way as candidates;
// kObjectivesOnly (未登録サービスの確認を統制目標まで（詳細管理策を除く）とする): an unregistered
//   service's confirmation needs only the items that are not detailed controls.
enum class Relaxation { kPendingApplications, kObjectivesOnly };

// The one mapping to and from "pending_applications", "objectives_only".
std::string_view ToString(Relaxation relaxation);
std::optional<Relaxation> RelaxationFromString(std::string_view text);
const std::vector<Relaxation>& AllRelaxations();

struct TransitionalMeasure {
  TransitionalMeasureId id;  // assigned by storage
  std::string title_ja;
  std::string title_en;
  std::string description_ja;
  std::string description_en;
  Date effective_from;   // first day in force (Japan)
  Date effective_until;  // last day in force, included
  std::vector<Relaxation> relaxations;
  std::int64_t version = 1;  // optimistic concurrency of edits
  core::TimePoint created_at;

  bool Relaxes(Relaxation r) const;
};

// True when `on` lies within [effective_from, effective_until].
bool InForce(const TransitionalMeasure& measure, const Date& on);
// True when the two periods share a day.
bool Overlaps(const TransitionalMeasure& a, const TransitionalMeasure& b);

// The measure in force on `on`, if any (periods do not overlap, so there is at most one; should
// stored data ever hold two, the one that started last wins).
std::optional<TransitionalMeasure> MeasureInForce(const std::vector<TransitionalMeasure>& measures, const Date& on);

// Every problem with the measure's own fields, in field order (all kInvalidArgument):
// measure.title_required (both titles empty), measure.title_too_long (over 200 characters),
// measure.description_too_long (over 4,000), measure.bad_period (an invalid date, or until before
// from), measure.relaxation_required (none), measure.duplicate_relaxation.
std::vector<Problem> ListMeasureProblems(const TransitionalMeasure& measure);

// What saving `measure` (new, or an edit of the stored one with the same id) on `today` must
// refuse, the first that applies: the field problems above; measure.starts_in_the_past
// (kInvalidArgument: effective_from before today, so no day already lived changes its rules);
// measure.overlaps (kFailedPrecondition, naming the other measure and its period) against every
// measure of `others` but itself.
core::Result<void> CheckMeasure(const TransitionalMeasure& measure, const std::vector<TransitionalMeasure>& others,
                                const Date& today);

// An edit is allowed only before the stored measure starts: kFailedPrecondition
// (measure.already_started) from its first day on.
core::Result<void> CheckEditable(const TransitionalMeasure& stored, const Date& today);

// The stored measure ended early on `until` (its new last day). Refused: measure.already_ended
// (kFailedPrecondition; its last day is before today), measure.end_before_today (kInvalidArgument;
// `until` before today), measure.end_before_start (kInvalidArgument; `until` before its first day),
// measure.end_not_earlier (kInvalidArgument; `until` not before its current last day: ending
// early never extends a measure).
core::Result<TransitionalMeasure> EndEarly(const TransitionalMeasure& stored, const Date& until, const Date& today);

}  // namespace ismap::domain
