#include "domain/transitional_measure.hpp"

#include <algorithm>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<Relaxation, 2> kRelaxationNames = {{
    {Relaxation::kPendingApplications, "pending_applications"},
    {Relaxation::kObjectivesOnly, "objectives_only"},
}};

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 4000;

bool Fits(std::string_view text, std::size_t max) {
  return core::IsValidUtf8(text) && core::CodePointCount(text) <= max;
}

Problem Invalid(std::string reason, std::string message) {
  return Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)};
}

std::string Period(const TransitionalMeasure& m) {
  return FormatDate(m.effective_from) + " to " + FormatDate(m.effective_until);
}

}  // namespace

std::string_view ToString(Relaxation relaxation) { return NameOf(kRelaxationNames, relaxation); }
std::optional<Relaxation> RelaxationFromString(std::string_view text) { return ValueOf(kRelaxationNames, text); }
const std::vector<Relaxation>& AllRelaxations() {
  static const std::vector<Relaxation> kAll = {Relaxation::kPendingApplications, Relaxation::kObjectivesOnly};
  return kAll;
}

bool TransitionalMeasure::Relaxes(Relaxation r) const {
  return std::find(relaxations.begin(), relaxations.end(), r) != relaxations.end();
}

bool InForce(const TransitionalMeasure& measure, const Date& on) {
  return measure.effective_from <= on && on <= measure.effective_until;
}

bool Overlaps(const TransitionalMeasure& a, const TransitionalMeasure& b) {
  return a.effective_from <= b.effective_until && b.effective_from <= a.effective_until;
}

std::optional<TransitionalMeasure> MeasureInForce(const std::vector<TransitionalMeasure>& measures, const Date& on) {
  const TransitionalMeasure* found = nullptr;
  for (const auto& measure : measures) {
    if (InForce(measure, on) && (found == nullptr || found->effective_from < measure.effective_from)) {
      found = &measure;
    }
  }
  return found != nullptr ? std::optional<TransitionalMeasure>(*found) : std::nullopt;
}

std::vector<Problem> ListMeasureProblems(const TransitionalMeasure& measure) {
  std::vector<Problem> problems;
  if (measure.title_ja.empty() && measure.title_en.empty()) {
    problems.push_back(Invalid("measure.title_required", "the measure needs a Japanese or an English title"));
  }
  if (!Fits(measure.title_ja, kMaxTitle) || !Fits(measure.title_en, kMaxTitle)) {
    problems.push_back(Invalid("measure.title_too_long", "a title is text of at most 200 characters"));
  }
  if (!Fits(measure.description_ja, kMaxDescription) || !Fits(measure.description_en, kMaxDescription)) {
    problems.push_back(Invalid("measure.description_too_long", "a description is text of at most 4000 characters"));
  }
  if (!IsValidDate(measure.effective_from) || !IsValidDate(measure.effective_until) ||
      measure.effective_until < measure.effective_from) {
    problems.push_back(Invalid("measure.bad_period", "effective_until must be a date on or after effective_from"));
  }
  if (measure.relaxations.empty()) {
    problems.push_back(Invalid("measure.relaxation_required", "a measure relaxes at least one rule"));
  }
  for (std::size_t i = 0; i < measure.relaxations.size(); ++i) {
    if (std::find(measure.relaxations.begin(), measure.relaxations.begin() + static_cast<std::ptrdiff_t>(i),
                  measure.relaxations[i]) != measure.relaxations.begin() + static_cast<std::ptrdiff_t>(i)) {
      problems.push_back(
          Invalid("measure.duplicate_relaxation", std::string(ToString(measure.relaxations[i])) + " is listed twice"));
    }
  }
  return problems;
}

core::Result<void> CheckMeasure(const TransitionalMeasure& measure, const std::vector<TransitionalMeasure>& others,
                                const Date& today) {
  const std::vector<Problem> problems = ListMeasureProblems(measure);
  if (!problems.empty()) {
    std::string message = "the transitional measure cannot be saved:";
    for (const Problem& problem : problems) {
      message += "\n  " + problem.reason + ": " + problem.message;
    }
    return core::MakeError(problems.front().code, problems.front().reason, std::move(message));
  }
  if (measure.effective_from < today) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument, "measure.starts_in_the_past",
        "effective_from " + FormatDate(measure.effective_from) + " is before today, " + FormatDate(today));
  }
  for (const auto& other : others) {
    if (other.id != measure.id && Overlaps(measure, other)) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "measure.overlaps",
                             "the period " + Period(measure) + " overlaps transitional measure " +
                                 std::to_string(other.id.value()) + " (" + Period(other) + ")");
    }
  }
  return core::Ok();
}

core::Result<void> CheckEditable(const TransitionalMeasure& stored, const Date& today) {
  if (stored.effective_from <= today) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "measure.already_started",
                           "transitional measure " + std::to_string(stored.id.value()) + " started on " +
                               FormatDate(stored.effective_from) + "; it can only be ended early");
  }
  return core::Ok();
}

core::Result<TransitionalMeasure> EndEarly(const TransitionalMeasure& stored, const Date& until, const Date& today) {
  if (stored.effective_until < today) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "measure.already_ended",
                           "transitional measure " + std::to_string(stored.id.value()) + " ended on " +
                               FormatDate(stored.effective_until));
  }
  if (!IsValidDate(until) || until < today) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "measure.end_before_today",
                           "a measure can be ended today at the earliest, " + FormatDate(today));
  }
  if (until < stored.effective_from) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "measure.end_before_start",
                           "the new last day is before the first, " + FormatDate(stored.effective_from));
  }
  if (!(until < stored.effective_until)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "measure.end_not_earlier",
                           "ending early must bring the last day before " + FormatDate(stored.effective_until));
  }
  TransitionalMeasure ended = stored;
  ended.effective_until = until;
  return ended;
}

}  // namespace ismap::domain
