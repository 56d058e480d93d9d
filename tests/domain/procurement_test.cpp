// The procurement check's rules (domain/procurement.hpp): profile validation, the baselines an
// edition gives, adoption bitmaps, every kind of gap and the outcome and order of a check.
#include "domain/procurement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/small_edition.hpp"

namespace ismap::domain {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Reasons(const Profile& profile) {
  std::vector<std::string> out;
  for (const auto& problem : ListProfileProblems(profile)) {
    out.push_back(problem.reason);
  }
  return out;
}

Profile Valid() {
  Profile p;
  p.name = "調達";
  p.edition_key = "small";
  return p;
}

TEST(ProcurementRulesTest, ProfileProblemsAreListedInFieldOrder) {
  EXPECT_TRUE(Reasons(Valid()).empty());
  Profile p;
  p.name = " \t";
  p.purpose = std::string(4001, 'a');
  p.added = {{"small", "5.1.1", {}}, {"small", "5.1.1", {}}};
  p.conditions.regions = {"東京", "", "東京", std::string(101, 'x')};
  p.conditions.models = {ServiceModel::kIaas, ServiceModel::kIaas};
  EXPECT_THAT(Reasons(p), ElementsAre("profile.name_required", "profile.purpose_too_long", "profile.edition_required",
                                      "profile.duplicate_control", "profile.bad_region", "profile.bad_region",
                                      "profile.bad_region", "profile.duplicate_model"));
  p = Valid();
  p.name = std::string(201, 'n');
  EXPECT_THAT(Reasons(p), ElementsAre("profile.name_too_long"));
  p.name = "\xff";  // malformed UTF-8 never fits
  EXPECT_THAT(Reasons(p), ElementsAre("profile.name_too_long"));
}

TEST(ProcurementRulesTest, BaselinesRequireWhatEveryStatementMustDecide) {
  const auto edition = testing::SmallIsmapEdition("small");
  // 5.1.1.1 is a selectable detailed control: neither baseline requires it.
  EXPECT_THAT(BaselineRequirements(edition, Track::kIsmap), ElementsAre("3.1.1", "5.1.1", "5.1.1.2", "5.1.2"));
  EXPECT_THAT(BaselineRequirements(edition, Track::kLiu), ElementsAre("3.1.1", "5.1.1", "5.1.2"));
  Profile p = Valid();
  p.added = {{"small", "5.1.1.1", {"5.1.1.1"}}, {"iso", "A.5", {"5.1.2", "5.1.1.1"}}, {"iso", "B.1", {}}};
  const auto requirements = ProfileRequirements(p, BaselineRequirements(edition, Track::kLiu));
  std::vector<std::string> ids;
  for (const auto& r : requirements) {
    ids.push_back(r.control_id + "<" + r.from);
  }
  EXPECT_THAT(ids, ElementsAre("3.1.1<baseline", "5.1.1<baseline", "5.1.2<baseline", "5.1.1.1<small:5.1.1.1"));
}

TEST(ProcurementRulesTest, AdoptionBitsFollowTheFirstEntryAndRoundTripAsHex) {
  const auto items = ItemsOf(testing::SmallIsmapEdition("small"));
  ASSERT_THAT(items.ids, ElementsAre("3.1.1", "5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"));
  EXPECT_THAT(items.detailed, ElementsAre(false, false, true, true, false));
  const auto bits = AdoptionOf(items, {{"5.1.1", true, "", ""},
                                       {"5.1.1", false, "r", ""},  // the first entry counts
                                       {"5.1.2", false, "r", ""},
                                       {"9.9", true, "", ""},  // unknown: ignored
                                       {"3.1.1", true, "", ""}});
  EXPECT_THAT(bits, ElementsAre(0b00011U));
  EXPECT_EQ(AdoptionHex(bits), "0000000000000003");
  EXPECT_EQ(AdoptionFromHex(AdoptionHex(bits)), bits);
  EXPECT_EQ(AdoptionFromHex("abc"), std::nullopt);
  EXPECT_EQ(AdoptionFromHex("000000000000000G"), std::nullopt);
  EXPECT_EQ(AdoptionFromHex("000000000000000A"), std::nullopt);  // lowercase only
  EXPECT_EQ(AdoptionFromHex(""), AdoptionBits{});
}

class CheckServiceTest : public ::testing::Test {
 protected:
  std::vector<std::string> Gaps(const CandidateService& service) {
    const auto requirements = ProfileRequirements(profile_, BaselineRequirements(edition_, profile_.baseline));
    std::vector<std::string> out;
    for (const auto& gap : CheckService(profile_, requirements, Resolve(requirements, items_), service)) {
      out.push_back(std::string(ToString(gap.kind)) +
                    (gap.control_id.empty() ? "(" + gap.detail + ")" : ":" + gap.control_id));
    }
    return out;
  }
  CandidateService Candidate() {
    CandidateService c;
    c.track = Track::kIsmap;
    c.model = ServiceModel::kIaas;
    c.regions = &regions_;
    c.valid_until = Date{2027, 3, 31};
    c.disclosed = true;
    c.items = &items_;
    c.adoption = &all_;
    return c;
  }

  EditionContent edition_ = testing::SmallIsmapEdition("small");
  EditionItems items_ = ItemsOf(edition_);
  AdoptionBits all_{0b11111U};
  std::vector<std::string> regions_{"東京", "大阪"};
  Profile profile_ = Valid();
};

TEST_F(CheckServiceTest, NamesEveryGapInOrder) {
  EXPECT_TRUE(Gaps(Candidate()).empty());
  profile_.conditions = {{ServiceModel::kPaas}, {"福岡"}, Track::kIsmap, Date{2027, 4, 1}};
  AdoptionBits some{0b00101U};  // 3.1.1 and 5.1.1.1 only
  std::vector<std::string> elsewhere{"札幌"};
  auto c = Candidate();
  c.track = Track::kLiu;
  c.regions = &elsewhere;
  c.adoption = &some;
  c.registered = false;
  EXPECT_THAT(Gaps(c), ElementsAre("scope(liu)", "track(liu)", "model(iaas)", "region(札幌)", "validity(2027-03-31)",
                                   "not_registered()", "control_not_adopted:5.1.1", "control_not_adopted:5.1.1.2",
                                   "control_not_adopted:5.1.2"));
}

TEST_F(CheckServiceTest, DetailedControlsWithoutTheAnnexAreCountedNotNamed) {
  AdoptionBits none{0};
  auto c = Candidate();
  c.adoption = &none;
  c.disclosed = false;
  EXPECT_THAT(Gaps(c), ElementsAre("control_not_adopted:3.1.1", "control_not_adopted:5.1.1",
                                   "control_not_adopted:5.1.2", "not_disclosed(1)"));
  c.adoption = &all_;
  EXPECT_THAT(Gaps(c), ElementsAre("not_disclosed(1)"));
  EXPECT_EQ(OutcomeOf({{GapKind::kNotDisclosed, "", "1"}}), CheckOutcome::kUnconfirmed);
  EXPECT_EQ(OutcomeOf({{GapKind::kNotDisclosed, "", "1"}, {GapKind::kRegion, "", ""}}), CheckOutcome::kMisses);
  EXPECT_EQ(OutcomeOf({}), CheckOutcome::kMeets);
}

TEST_F(CheckServiceTest, AStatementOnAnotherEditionLacksWhatThatEditionLacks) {
  EditionContent older = testing::SmallIsmapEdition("older");
  older.controls.pop_back();  // no 5.1.2
  const EditionItems items = ItemsOf(older);
  AdoptionBits bits{0b1111U};
  auto c = Candidate();
  c.items = &items;
  c.adoption = &bits;
  const auto requirements = ProfileRequirements(profile_, BaselineRequirements(edition_, Track::kIsmap));
  const auto gaps = CheckService(profile_, requirements, Resolve(requirements, items), c);
  ASSERT_EQ(gaps.size(), 1U);
  EXPECT_EQ(gaps[0].kind, GapKind::kControlNotInEdition);
  EXPECT_EQ(gaps[0].control_id, "5.1.2");
}

TEST(ProcurementRulesTest, EnumsRoundTripAndAFinishedCheckIsOrderedAndCounted) {
  for (const auto kind :
       {GapKind::kScope, GapKind::kTrack, GapKind::kModel, GapKind::kRegion, GapKind::kValidity,
        GapKind::kNotRegistered, GapKind::kControlNotAdopted, GapKind::kControlNotInEdition, GapKind::kNotDisclosed}) {
    EXPECT_EQ(GapKindFromString(ToString(kind)), kind);
  }
  for (const auto outcome : {CheckOutcome::kMeets, CheckOutcome::kUnconfirmed, CheckOutcome::kMisses}) {
    EXPECT_EQ(CheckOutcomeFromString(ToString(outcome)), outcome);
  }
  EXPECT_EQ(GapKindFromString("nope"), std::nullopt);
  ProcurementCheck check;
  auto service = [](std::string number, CheckOutcome outcome) {
    CheckedService s;
    s.number = std::move(number);
    s.outcome = outcome;
    return s;
  };
  check.services = {service("C-2", CheckOutcome::kMisses), service("", CheckOutcome::kMeets),
                    service("C-3", CheckOutcome::kMeets), service("C-1", CheckOutcome::kUnconfirmed)};
  FinishCheck(&check);
  std::vector<std::string> order;
  for (const auto& s : check.services) {
    order.push_back(s.number);
  }
  EXPECT_THAT(order, ElementsAre("C-3", "", "C-1", "C-2"));
  EXPECT_EQ(check.meets, 2);
  EXPECT_EQ(check.unconfirmed, 1);
  EXPECT_EQ(check.misses, 1);
}

}  // namespace
}  // namespace ismap::domain
