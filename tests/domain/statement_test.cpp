// The statement's rules that issue 7's workflow will call: the audit period (at most one year),
// the registration validity it gives (FACTS.md's worked example, month ends, leap days), and the
// selection of controls against an edition.
#include "domain/statement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

TEST(AuditPeriod, AtMostOneYearBothDaysIncluded) {
  EXPECT_THAT(CheckAuditPeriod({{2025, 4, 1}, {2026, 3, 31}}), IsOk());
  EXPECT_THAT(CheckAuditPeriod({{2025, 4, 1}, {2025, 4, 1}}), IsOk());
  EXPECT_THAT(CheckAuditPeriod({{2025, 4, 1}, {2026, 4, 1}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.audit_period_too_long"));
  EXPECT_THAT(CheckAuditPeriod({{2024, 2, 29}, {2025, 2, 28}}), IsOk());
  EXPECT_THAT(CheckAuditPeriod({{2024, 2, 29}, {2025, 3, 1}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.audit_period_too_long"));
  EXPECT_THAT(CheckAuditPeriod({{2025, 4, 2}, {2025, 4, 1}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.bad_audit_period"));
  EXPECT_THAT(CheckAuditPeriod({{2025, 2, 30}, {2025, 4, 1}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.bad_audit_period"));
}

TEST(AuditPeriod, RegistrationValidUntilIsSixteenMonthsFromTheDayAfter) {
  EXPECT_EQ(RegistrationValidUntil({{2024, 4, 1}, {2025, 3, 31}}), (Date{2026, 7, 31}));   // FACTS.md
  EXPECT_EQ(RegistrationValidUntil({{2024, 1, 1}, {2024, 10, 30}}), (Date{2026, 2, 28}));  // from 10-31
  EXPECT_EQ(RegistrationValidUntil({{2023, 1, 1}, {2023, 10, 31}}), (Date{2025, 2, 28}));  // from 11-01
  EXPECT_EQ(RegistrationValidUntil({{2023, 1, 1}, {2023, 10, 28}}), (Date{2025, 2, 28}));  // from 10-29
  EXPECT_EQ(RegistrationValidUntil({{2022, 1, 1}, {2022, 10, 31}}), (Date{2024, 2, 29}));  // from 11-01, leap
}

Control Item(std::string id, MandatoryRule rule, bool group = false) {
  Control c;
  c.id = std::move(id);
  c.rule = rule;
  c.is_group = group;
  return c;
}

EditionContent Edition() {
  EditionContent e;
  e.controls = {Item("4", MandatoryRule::kNone, true),        Item("4.1.1", MandatoryRule::kMandatory),
                Item("5", MandatoryRule::kNone, true),        Item("5.1.1", MandatoryRule::kUnlessExcluded),
                Item("5.1.1.1", MandatoryRule::kSelectable),  Item("5.1.1.2", MandatoryRule::kMandatory),
                Item("5.1.2", MandatoryRule::kUnlessExcluded)};
  Control withdrawn = Item("5.1.3", MandatoryRule::kUnlessExcluded);
  withdrawn.withdrawn = true;
  e.controls.push_back(withdrawn);
  return e;
}

TEST(Selection, ACompleteSelectionHasNoFindings) {
  const std::vector<StatementEntry> entries = {{"4.1.1", true, "", "方針を定める"},
                                               {"5.1.1", true, "", ""},
                                               {"5.1.1.2", true, "", ""},
                                               {"5.1.2", false, "対象外のため", ""}};
  EXPECT_TRUE(CheckSelection(Edition(), entries).empty());
}

TEST(Selection, EveryBrokenRuleIsNamedPerControl) {
  const std::vector<StatementEntry> entries = {{"4.1.1", false, "不要", ""},  // mandatory not adopted
                                               {"5.1.1.1", false, "", ""},    // no reason
                                               {"5", true, "", ""},           // a group
                                               {"9.9.9", true, "", ""},       // not in the edition
                                               {"5.1.1.2", true, "", ""},    {"5.1.1.2", true, "", ""}};  // twice
  const auto findings = CheckSelection(Edition(), entries);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& f : findings) {
    got.emplace_back(f.control_id, f.code);
  }
  EXPECT_THAT(got,
              ::testing::ElementsAre(std::pair<std::string, std::string>{"4.1.1", "statement.mandatory_not_adopted"},
                                     std::pair<std::string, std::string>{"5.1.1", "statement.objective_undecided"},
                                     std::pair<std::string, std::string>{"5.1.1.1", "statement.reason_required"},
                                     std::pair<std::string, std::string>{"5.1.2", "statement.objective_undecided"},
                                     std::pair<std::string, std::string>{"5", "statement.group_entry"},
                                     std::pair<std::string, std::string>{"9.9.9", "statement.unknown_control"},
                                     std::pair<std::string, std::string>{"5.1.1.2", "statement.duplicate_entry"}));
}

// A draft complete against Edition(): header filled in, a one-year audit period, every rule met.
Statement Draft() {
  Statement statement;
  statement.id = StatementId{11};
  statement.service = ServiceId{3};
  statement.provider = OrganizationId{7};
  statement.revision = 1;
  statement.edition = EditionId{2};
  statement.scope = "サンプルクラウドの本番環境";
  statement.system_overview = "東京・大阪の2拠点で稼働する SaaS";
  statement.representative = "代表取締役 山田太郎";
  statement.period = {{2025, 4, 1}, {2026, 3, 31}};
  statement.entries = {{"4.1.1", true, "", "方針を定める"},
                       {"5.1.1", true, "", ""},
                       {"5.1.1.2", true, "", ""},
                       {"5.1.2", false, "対象外のため", ""}};
  statement.version = 3;
  return statement;
}

std::vector<std::string> Reasons(const std::vector<Problem>& problems) {
  std::vector<std::string> reasons;
  for (const Problem& problem : problems) {
    reasons.push_back(problem.reason);
  }
  return reasons;
}

std::string Kanji(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    text += "字";
  }
  return text;
}

const core::TimePoint kNow = StartOfJapanDay({2026, 5, 1});

TEST(StatementVersions, EnumsRoundTrip) {
  for (StatementState state : {StatementState::kDraft, StatementState::kSubmitted}) {
    EXPECT_EQ(StatementStateFromString(ToString(state)), state);
  }
  EXPECT_FALSE(StatementStateFromString("approved"));
}

TEST(StatementVersions, StaleVersionAndOnlyDraftsEditable) {
  EXPECT_THAT(CheckVersion(Draft(), 3), IsOk());
  EXPECT_THAT(CheckVersion(Draft(), 2), HasErrorReason(core::ErrorCode::kConflict, "statement.stale_version"));
  EXPECT_THAT(CheckEditable(Draft()), IsOk());
  Statement submitted = Draft();
  submitted.state = StatementState::kSubmitted;
  EXPECT_THAT(CheckEditable(submitted), HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.not_editable"));
}

TEST(StatementProblems, ACompleteDraftHasNone) { EXPECT_TRUE(ListStatementProblems(Edition(), Draft()).empty()); }

TEST(StatementProblems, HeaderFirstThenPeriodThenSelection) {
  Statement statement = Draft();
  statement.scope.clear();
  statement.system_overview.clear();
  statement.representative.clear();
  statement.subsequent_events = Kanji(20001);
  statement.entries[3].reason = Kanji(10001);
  statement.period = {{2025, 4, 1}, {2026, 4, 1}};
  statement.entries.push_back({"5.1.1.1", false, "", ""});
  const auto problems = ListStatementProblems(Edition(), statement);
  EXPECT_THAT(Reasons(problems), ::testing::ElementsAre("statement.scope_required", "statement.overview_required",
                                                        "statement.representative_required", "statement.text_too_long",
                                                        "statement.text_too_long", "statement.audit_period_too_long",
                                                        "statement.reason_required"));
  EXPECT_NE(problems[4].message.find("5.1.2"), std::string::npos);  // the entry's control
  EXPECT_NE(problems[6].message.find("5.1.1.1"), std::string::npos);
  statement = Draft();
  statement.scope = Kanji(20000);
  statement.entries[0].implementation = Kanji(10000);
  EXPECT_TRUE(ListStatementProblems(Edition(), statement).empty());
  statement.period = {{2025, 4, 2}, {2025, 4, 1}};
  EXPECT_THAT(Reasons(ListStatementProblems(Edition(), statement)),
              ::testing::ElementsAre("statement.bad_audit_period"));
  // A new draft has no audit period yet: asked for, not checked as 1970-01-01.
  statement.period = AuditPeriod{};
  EXPECT_FALSE(HasAuditPeriod(statement.period));
  EXPECT_THAT(Reasons(ListStatementProblems(Edition(), statement)),
              ::testing::ElementsAre("statement.audit_period_required"));
}

TEST(StatementProblems, SelectionFindingsNameTheirControl) {
  Statement statement = Draft();
  statement.entries = {{"4.1.1", false, "不要", ""}, {"9.9.9", true, "", ""}};
  const auto problems = ListStatementProblems(Edition(), statement);
  EXPECT_THAT(Reasons(problems),
              ::testing::ElementsAre("statement.mandatory_not_adopted", "statement.objective_undecided",
                                     "statement.mandatory_not_adopted", "statement.objective_undecided",
                                     "statement.unknown_control"));
  const std::vector<std::string> controls = {"4.1.1", "5.1.1", "5.1.1.2", "5.1.2", "9.9.9"};
  for (std::size_t i = 0; i < controls.size(); ++i) {
    EXPECT_NE(problems[i].message.find("control " + controls[i]), std::string::npos) << problems[i].message;
  }
}

TEST(StatementProgressTest, CountsDecidedControlsOutsideGroupsAndWithdrawn) {
  Statement statement = Draft();
  EXPECT_EQ(Progress(Edition(), statement).total, 5);  // 4.1.1, 5.1.1, 5.1.1.1, 5.1.1.2, 5.1.2
  EXPECT_EQ(Progress(Edition(), statement).decided, 4);
  statement.entries.push_back({"5.1.1.1", false, "", ""});  // not adopted, no reason: undecided
  statement.entries.push_back({"5.1.3", true, "", ""});     // withdrawn: not counted
  statement.entries.push_back({"5", true, "", ""});         // a group: not counted
  EXPECT_EQ(Progress(Edition(), statement).decided, 4);
  statement.entries[4].reason = "不要";
  EXPECT_EQ(Progress(Edition(), statement).decided, 5);
  EXPECT_EQ(Progress(Edition(), Statement{}).decided, 0);
}

TEST(StatementSubmit, FreezesACompleteDraft) {
  const auto submitted = SubmitStatement(Edition(), Draft(), 3, kNow);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->state, StatementState::kSubmitted);
  EXPECT_EQ(submitted->version, 4);
  EXPECT_EQ(submitted->submitted_at, kNow);
  EXPECT_EQ(submitted->updated_at, kNow);
  EXPECT_EQ(submitted->entries.size(), 4u);
  // A submitted version never changes again: not editable, not submitted twice.
  EXPECT_THAT(CheckEditable(*submitted),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.not_editable"));
  EXPECT_THAT(SubmitStatement(Edition(), *submitted, 4, kNow),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.not_editable"));
}

TEST(StatementSubmit, RefusesAStaleOrIncompleteDraftAndChangesNothing) {
  const Statement stale = Draft();
  EXPECT_THAT(SubmitStatement(Edition(), stale, 2, kNow),
              HasErrorReason(core::ErrorCode::kConflict, "statement.stale_version"));
  Statement incomplete = Draft();
  incomplete.representative.clear();
  incomplete.entries.pop_back();
  const Statement before = incomplete;
  const auto refused = SubmitStatement(Edition(), incomplete, 3, kNow);
  ASSERT_THAT(refused, HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.incomplete"));
  EXPECT_NE(refused.error().message.find("2 problems"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("statement.representative_required"), std::string::npos);
  EXPECT_EQ(incomplete.state, StatementState::kDraft);
  EXPECT_EQ(incomplete.version, before.version);
  EXPECT_FALSE(incomplete.submitted_at);
}

TEST(StatementNextDraft, CopiesASubmittedVersion) {
  const auto submitted = SubmitStatement(Edition(), Draft(), 3, kNow);
  ASSERT_THAT(submitted, IsOk());
  const core::TimePoint later = StartOfJapanDay({2026, 6, 1});
  const auto draft = NextDraft(*submitted, 2, later);
  ASSERT_THAT(draft, IsOk());
  EXPECT_EQ(draft->state, StatementState::kDraft);
  EXPECT_EQ(draft->revision, 2);
  EXPECT_EQ(draft->version, 1);
  EXPECT_EQ(draft->id, StatementId{});  // storage assigns the new version's id
  EXPECT_EQ(draft->updated_at, later);
  EXPECT_FALSE(draft->submitted_at);
  EXPECT_EQ(draft->scope, submitted->scope);
  EXPECT_EQ(draft->period.last, submitted->period.last);
  EXPECT_EQ(draft->entries.size(), submitted->entries.size());
  EXPECT_THAT(CheckEditable(*draft), IsOk());
  EXPECT_THAT(NextDraft(*submitted, 1, later),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.bad_revision"));
}

TEST(StatementNextDraft, RefusesToCopyADraft) {
  EXPECT_THAT(NextDraft(Draft(), 2, kNow),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.still_draft"));
}

TEST(StatementAdoptionChanges, ControlsAdoptedInOneVersionOnlySorted) {
  const Statement before = Draft();
  EXPECT_TRUE(AdoptionChanges(before, before).empty());
  Statement after = before;
  after.entries[0].implementation = "方針を改訂";  // text only: no change of adoption
  after.entries[2].adopted = false;                // 5.1.1.2 dropped
  after.entries[2].reason = "廃止";
  after.entries[3].adopted = true;                     // 5.1.2 now adopted
  after.entries.push_back({"5.1.1.1", true, "", ""});  // new in after
  after.entries.erase(after.entries.begin() + 1);      // 5.1.1 only in before
  EXPECT_THAT(AdoptionChanges(before, after), ::testing::ElementsAre("5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"));
  EXPECT_THAT(AdoptionChanges(after, before), ::testing::ElementsAre("5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"));
  EXPECT_THAT(AdoptionChanges(before, Statement{}), ::testing::ElementsAre("4.1.1", "5.1.1", "5.1.1.2", "5.1.2"));
}

}  // namespace
}  // namespace ismap::domain
