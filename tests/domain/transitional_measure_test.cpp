// Transitional measures (domain/transitional_measure.hpp): the one in force on a day (boundary days
// included, none outside any period), overlap, every refusal of a save, an edit and an early end.
#include "domain/transitional_measure.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using core::ErrorCode;
using testing::HasErrorReason;
using testing::IsOk;

Date D(const char* text) { return *ParseDate(text); }

TransitionalMeasure Measure(std::int64_t id, const char* from, const char* until,
                            std::vector<Relaxation> relaxations = {Relaxation::kObjectivesOnly}) {
  TransitionalMeasure m;
  m.id = TransitionalMeasureId(id);
  m.title_ja = "経過措置";
  m.title_en = "Transitional measure";
  m.effective_from = D(from);
  m.effective_until = D(until);
  m.relaxations = std::move(relaxations);
  return m;
}

TEST(RelaxationTest, RoundTripsEveryValue) {
  for (const Relaxation r : AllRelaxations()) {
    EXPECT_EQ(RelaxationFromString(ToString(r)), r);
  }
  EXPECT_EQ(ToString(Relaxation::kPendingApplications), "pending_applications");
  EXPECT_EQ(ToString(Relaxation::kObjectivesOnly), "objectives_only");
  EXPECT_EQ(RelaxationFromString("everything"), std::nullopt);
}

TEST(TransitionalMeasureTest, InForceOnBothBoundaryDaysAndNoneOutside) {
  const std::vector<TransitionalMeasure> measures = {Measure(1, "2027-01-01", "2027-03-31"),
                                                     Measure(2, "2027-04-01", "2027-04-01")};
  EXPECT_EQ(MeasureInForce(measures, D("2026-12-31")), std::nullopt);
  EXPECT_EQ(MeasureInForce(measures, D("2027-01-01"))->id.value(), 1);
  EXPECT_EQ(MeasureInForce(measures, D("2027-02-15"))->id.value(), 1);
  EXPECT_EQ(MeasureInForce(measures, D("2027-03-31"))->id.value(), 1);
  EXPECT_EQ(MeasureInForce(measures, D("2027-04-01"))->id.value(), 2);
  EXPECT_EQ(MeasureInForce(measures, D("2027-04-02")), std::nullopt);
  EXPECT_EQ(MeasureInForce({}, D("2027-01-01")), std::nullopt);
}

TEST(TransitionalMeasureTest, RelaxesOnlyWhatItLists) {
  const auto m = Measure(1, "2027-01-01", "2027-03-31", {Relaxation::kPendingApplications});
  EXPECT_TRUE(m.Relaxes(Relaxation::kPendingApplications));
  EXPECT_FALSE(m.Relaxes(Relaxation::kObjectivesOnly));
}

TEST(TransitionalMeasureTest, OverlapSharesADay) {
  EXPECT_TRUE(Overlaps(Measure(1, "2027-01-01", "2027-03-31"), Measure(2, "2027-03-31", "2027-05-01")));
  EXPECT_TRUE(Overlaps(Measure(1, "2027-01-01", "2027-03-31"), Measure(2, "2026-01-01", "2028-01-01")));
  EXPECT_FALSE(Overlaps(Measure(1, "2027-01-01", "2027-03-31"), Measure(2, "2027-04-01", "2027-05-01")));
}

TEST(TransitionalMeasureTest, CheckMeasureRefusesOverlapButNotItself) {
  const Date today = D("2026-12-01");
  const std::vector<TransitionalMeasure> stored = {Measure(1, "2027-01-01", "2027-03-31")};
  EXPECT_THAT(CheckMeasure(Measure(0, "2027-03-31", "2027-06-30"), stored, today),
              HasErrorReason(ErrorCode::kFailedPrecondition, "measure.overlaps"));
  EXPECT_THAT(CheckMeasure(Measure(0, "2027-04-01", "2027-06-30"), stored, today), IsOk());
  // An edit of measure 1 is checked against the others only.
  EXPECT_THAT(CheckMeasure(Measure(1, "2027-01-15", "2027-02-28"), stored, today), IsOk());
}

TEST(TransitionalMeasureTest, CheckMeasureRefusesEveryBadField) {
  const Date today = D("2026-12-01");
  struct Case {
    const char* reason;
    void (*spoil)(TransitionalMeasure&);
  };
  const Case cases[] = {
      {"measure.title_required",
       [](TransitionalMeasure& m) {
         m.title_ja.clear();
         m.title_en.clear();
       }},
      {"measure.title_too_long", [](TransitionalMeasure& m) { m.title_en = std::string(201, 'a'); }},
      {"measure.description_too_long", [](TransitionalMeasure& m) { m.description_ja = std::string(4001, 'a'); }},
      {"measure.bad_period", [](TransitionalMeasure& m) { m.effective_until = AddDays(m.effective_from, -1); }},
      {"measure.relaxation_required", [](TransitionalMeasure& m) { m.relaxations.clear(); }},
      {"measure.duplicate_relaxation",
       [](TransitionalMeasure& m) {
         m.relaxations = {Relaxation::kObjectivesOnly, Relaxation::kObjectivesOnly};
       }},
  };
  for (const auto& c : cases) {
    auto m = Measure(0, "2027-01-01", "2027-03-31");
    c.spoil(m);
    EXPECT_THAT(CheckMeasure(m, {}, today), HasErrorReason(ErrorCode::kInvalidArgument, c.reason)) << c.reason;
  }
  // A single day is a period; 200 Japanese characters fit.
  auto one_day = Measure(0, "2027-01-01", "2027-01-01");
  one_day.title_ja.clear();
  for (int i = 0; i < 200; ++i) {
    one_day.title_ja += "経";
  }
  EXPECT_THAT(CheckMeasure(one_day, {}, today), IsOk());
  EXPECT_THAT(CheckMeasure(Measure(0, "2026-11-30", "2027-01-01"), {}, today),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.starts_in_the_past"));
  EXPECT_THAT(CheckMeasure(Measure(0, "2026-12-01", "2027-01-01"), {}, today), IsOk());
}

TEST(TransitionalMeasureTest, EditableOnlyBeforeItsFirstDay) {
  const auto m = Measure(1, "2027-01-01", "2027-03-31");
  EXPECT_THAT(CheckEditable(m, D("2026-12-31")), IsOk());
  EXPECT_THAT(CheckEditable(m, D("2027-01-01")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "measure.already_started"));
}

TEST(TransitionalMeasureTest, EndEarlyMovesTheLastDayForwardOnly) {
  const auto m = Measure(1, "2027-01-01", "2027-03-31");
  auto ended = EndEarly(m, D("2027-02-10"), D("2027-02-10"));
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(ended->effective_until, D("2027-02-10"));
  EXPECT_EQ(ended->effective_from, m.effective_from);
  EXPECT_THAT(EndEarly(m, D("2027-02-09"), D("2027-02-10")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_before_today"));
  EXPECT_THAT(EndEarly(m, D("2027-03-31"), D("2027-02-10")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_not_earlier"));
  EXPECT_THAT(EndEarly(m, D("2027-04-30"), D("2027-02-10")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_not_earlier"));
  EXPECT_THAT(EndEarly(m, D("2026-12-20"), D("2026-12-01")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_before_start"));
  EXPECT_THAT(EndEarly(m, D("2027-04-05"), D("2027-04-05")),
              HasErrorReason(ErrorCode::kFailedPrecondition, "measure.already_ended"));
  // Ending on the last day it would have had anyway changes nothing: refused as not earlier.
  EXPECT_THAT(EndEarly(m, D("2027-03-31"), D("2027-03-31")),
              HasErrorReason(ErrorCode::kInvalidArgument, "measure.end_not_earlier"));
}

}  // namespace
}  // namespace ismap::domain
