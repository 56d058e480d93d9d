// The statement's rules that issue 7's workflow will call: the audit period (at most one year),
// the registration validity it gives (FACTS.md's worked example, month ends, leap days), and the
// selection of controls against an edition.
#include "domain/statement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ismap::domain
