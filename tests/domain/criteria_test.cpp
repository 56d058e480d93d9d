#include "domain/criteria.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

Control Item(std::string id, std::optional<std::string> parent, std::string title_ja = "題") {
  Control c;
  c.id = std::move(id);
  c.parent_id = std::move(parent);
  c.title_ja = std::move(title_ja);
  return c;
}

EditionContent SmallIsmapEdition() {
  EditionContent e;
  e.info.key = "ismap-test";
  e.info.scheme = "ismap";
  e.info.version = "1";
  e.info.title_ja = "テスト版";
  e.controls = {Item("4", std::nullopt), Item("4.1", "4"),     Item("4.1.1", "4.1"),         Item("9", std::nullopt),
                Item("9.2", "9"),        Item("9.2.3", "9.2"), Item("9.2.3.11.PB", "9.2.3"), Item("9.2.3.12", "9.2.3")};
  return e;
}

TEST(IsmapNumberTest, ParsesEveryLevelAndSuffix) {
  auto chapter = ParseIsmapNumber("9");
  ASSERT_THAT(chapter, IsOk());
  EXPECT_EQ(chapter->level(), ControlLevel::kChapter);
  auto objective = ParseIsmapNumber("9.2.3");
  ASSERT_THAT(objective, IsOk());
  EXPECT_EQ(objective->level(), ControlLevel::kObjective);
  EXPECT_EQ(objective->tier(), CriteriaTier::kControlMeasure);
  auto detailed = ParseIsmapNumber("9.2.3.11.PB");
  ASSERT_THAT(detailed, IsOk());
  EXPECT_EQ(detailed->level(), ControlLevel::kDetailed);
  EXPECT_EQ(detailed->suffix, "PB");
  EXPECT_EQ(detailed->base(), "9.2.3.11");
  EXPECT_EQ(ParseIsmapNumber("8.1.5.4.P")->suffix, "P");
  EXPECT_EQ(ParseIsmapNumber("13.2.3.7.B")->suffix, "B");
  EXPECT_EQ(ParseIsmapNumber("3.1")->tier(), CriteriaTier::kGovernance);
  EXPECT_EQ(ParseIsmapNumber("4.2.1")->tier(), CriteriaTier::kManagement);
}

TEST(IsmapNumberTest, RefusesWhatTheGrammarRefuses) {
  for (const char* bad : {"", ".", "9.", ".9", "9..2", "9.2.3.4.5", "9.P", "9.2.3.X", "9.2.3.11.BP", "a.1", "９.1",
                          "9.2.3.11.pb", "09.1", "9.2 ", "12345.1"}) {
    EXPECT_THAT(ParseIsmapNumber(bad), HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.bad_ismap_id"))
        << bad;
  }
}

TEST(IsmapRulesTest, GovernanceManagementAndObjectivesAreMandatoryDetailedSelectable) {
  EXPECT_EQ(DefaultIsmapRule(CriteriaTier::kGovernance, ControlLevel::kObjective), MandatoryRule::kMandatory);
  EXPECT_EQ(DefaultIsmapRule(CriteriaTier::kManagement, ControlLevel::kDetailed), MandatoryRule::kMandatory);
  EXPECT_EQ(DefaultIsmapRule(CriteriaTier::kControlMeasure, ControlLevel::kObjective), MandatoryRule::kUnlessExcluded);
  EXPECT_EQ(DefaultIsmapRule(CriteriaTier::kControlMeasure, ControlLevel::kDetailed), MandatoryRule::kSelectable);
  EXPECT_EQ(DefaultIsmapRule(CriteriaTier::kControlMeasure, ControlLevel::kCategory), MandatoryRule::kNone);
}

TEST(IsmapRulesTest, ApplyKeepsAnExplicitlyMandatoryDetailedControl) {
  EditionContent e = SmallIsmapEdition();
  e.controls[7].rule = MandatoryRule::kMandatory;  // 9.2.3.12 marked mandatory by the edition
  ApplyIsmapRules(&e);
  EXPECT_TRUE(e.controls[0].is_group);
  EXPECT_EQ(e.controls[2].rule, MandatoryRule::kMandatory);  // 4.1.1 management
  EXPECT_EQ(e.controls[5].rule, MandatoryRule::kUnlessExcluded);
  EXPECT_EQ(e.controls[6].rule, MandatoryRule::kSelectable);
  EXPECT_EQ(e.controls[6].suffix, "PB");
  EXPECT_EQ(e.controls[7].rule, MandatoryRule::kMandatory);
  EXPECT_EQ(e.controls[5].level, ControlLevel::kObjective);
  EXPECT_FALSE(e.controls[5].is_group);
}

TEST(ValidateEditionTest, AcceptsAWellFormedEdition) {
  EditionContent e = SmallIsmapEdition();
  ApplyIsmapRules(&e);
  EXPECT_THAT(ValidateEdition(e), IsOk());
}

TEST(ValidateEditionTest, ListsEveryProblem) {
  EditionContent e = SmallIsmapEdition();
  e.info.key = "Bad Key";
  e.info.effective_date = "2024-13-01";
  e.controls.push_back(Item("9.2.3.12", "9.2.3"));   // twice
  e.controls.push_back(Item("9.2.4", "9.9"));        // parent missing
  e.controls.push_back(Item("9.2.3.1.1", "9.2.3"));  // not an ISMAP number
  e.controls.push_back(Item("9.3.1", "9"));          // skips a level
  e.controls.push_back(Item("9.2.5", "9.2", ""));    // no title
  auto result = ValidateEdition(e);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, "criteria.invalid_edition"));
  const std::string& m = result.error().message;
  for (const char* expected :
       {"key \"Bad Key\"", "2024-13-01", "9.2.3.12: the id appears twice", "9.2.4: parent \"9.9\"",
        "\"9.2.3.1.1\" is not an ISMAP item number", "9.3.1: one level below its parent 9", "9.2.5: no title"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << expected << " in\n" << m;
  }
}

TEST(ValidateEditionTest, KeysThatArePageNamesAreReserved) {
  for (const char* key : {"search", "diff"}) {
    EditionContent e = SmallIsmapEdition();
    e.info.key = key;
    auto result = ValidateEdition(e);
    ASSERT_FALSE(result) << key;
    EXPECT_NE(result.error().message.find("is reserved"), std::string::npos);
  }
}

TEST(ValidateEditionTest, OtherSchemesNeedNoIsmapNumbers) {
  EditionContent e;
  e.info = {"nist-800-53-rev5",
            "nist-sp800-53",
            "5.0.1",
            std::nullopt,
            "file",
            SourceFormat::kOscalCatalog,
            "",
            "NIST SP 800-53",
            ""};
  Control group = Item("ac", std::nullopt, "");
  group.title_en = "Access Control";
  group.is_group = true;
  Control control = Item("ac-1", "ac", "");
  control.title_en = "Policy and Procedures";
  Control enhancement = Item("ac-2.1", "ac-1", "");
  enhancement.title_en = "x";
  Control wrong = Item("ac-x", "ac-1");
  wrong.is_group = true;  // a group inside a control
  e.controls = {group, control, enhancement, wrong};
  auto result = ValidateEdition(e);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("ac-x: a group cannot sit inside a control"), std::string::npos);
  e.controls.pop_back();
  EXPECT_THAT(ValidateEdition(e), IsOk());
}

TEST(BaselineTest, StandardBaselineRequiresAllButSelectableControls) {
  EditionContent e = SmallIsmapEdition();
  ApplyIsmapRules(&e);
  BaselineContent b = StandardBaseline(e, "ismap-test-standard");
  ASSERT_EQ(b.entries.size(), 4u);  // 4.1.1, 9.2.3, 9.2.3.11.PB, 9.2.3.12
  EXPECT_EQ(b.entries[0].control_id, "4.1.1");
  EXPECT_TRUE(b.entries[0].required);
  EXPECT_TRUE(b.entries[1].required);
  EXPECT_FALSE(b.entries[2].required);
  EXPECT_EQ(b.info.edition_key, "ismap-test");
}

TEST(BaselineTest, AgencyAdditionsBecomeRequired) {
  std::vector<BaselineEntry> base = {{"9.2.3", true}, {"9.2.3.11.PB", false}};
  auto out = WithAdditions(base, {{"9.2.3.11.PB", false}, {"ac-2", false}});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(out[1].required);
  EXPECT_EQ(out[2].control_id, "ac-2");
  EXPECT_TRUE(out[2].required);
}

TEST(DiffEditionsTest, FindsAddedRemovedAndRewordedControls) {
  EditionContent a = SmallIsmapEdition();
  EditionContent b = SmallIsmapEdition();
  b.controls[5].title_ja = "改訂後の題";             // 9.2.3 reworded
  b.controls[6].id = "9.2.3.11.P";                   // suffix changed: the same control
  b.controls.erase(b.controls.begin() + 7);          // 9.2.3.12 removed
  b.controls.push_back(Item("8.1.5.4.P", "9.2.3"));  // added
  EditionDiff d = DiffEditions(a.controls, b.controls);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].id, "8.1.5.4.P");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].id, "9.2.3.12");
  ASSERT_EQ(d.changed.size(), 2u);
  EXPECT_EQ(d.changed[0].after.id, "9.2.3");
  EXPECT_EQ(d.changed[0].fields, std::vector<std::string>{"title_ja"});
  EXPECT_EQ(d.changed[1].before.id, "9.2.3.11.PB");
  EXPECT_EQ(d.changed[1].fields, std::vector<std::string>{"id"});
}

TEST(DiffEditionsTest, IdenticalEditionsHaveNoDifferences) {
  EditionContent a = SmallIsmapEdition();
  EditionDiff d = DiffEditions(a.controls, a.controls);
  EXPECT_TRUE(d.added.empty());
  EXPECT_TRUE(d.removed.empty());
  EXPECT_TRUE(d.changed.empty());
}

TEST(EnumNamesTest, RoundTrip) {
  for (auto v :
       {MandatoryRule::kNone, MandatoryRule::kMandatory, MandatoryRule::kUnlessExcluded, MandatoryRule::kSelectable}) {
    EXPECT_EQ(MandatoryRuleFromString(ToString(v)), v);
  }
  for (auto v : {MappingRelationship::kEquivalent, MappingRelationship::kSubset, MappingRelationship::kSuperset,
                 MappingRelationship::kIntersects}) {
    EXPECT_EQ(MappingRelationshipFromString(ToString(v)), v);
  }
  EXPECT_EQ(BaselineKindFromString("liu"), BaselineKind::kLowImpact);
  EXPECT_EQ(SourceFormatFromString("oscal-catalog"), SourceFormat::kOscalCatalog);
  EXPECT_FALSE(ControlLevelFromString("Chapter"));
}

TEST(KeyTest, Grammar) {
  EXPECT_TRUE(IsValidKey("ismap-2024-07"));
  EXPECT_TRUE(IsValidKey("nist-sp800-53-rev5.0.1"));
  EXPECT_FALSE(IsValidKey("-x"));
  EXPECT_FALSE(IsValidKey("ISMAP"));
  EXPECT_FALSE(IsValidKey("a b"));
  EXPECT_FALSE(IsValidKey(std::string(65, 'a')));
}

}  // namespace
}  // namespace ismap::domain
