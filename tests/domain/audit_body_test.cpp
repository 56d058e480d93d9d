#include "domain/audit_body.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

const Date kToday{2026, 6, 1};

Qualification Cisa(std::string number, std::optional<Date> expires_on) {
  return Qualification{QualificationKind::kCisa, "", std::move(number), expires_on};
}

AuditBodyApplicationContent GoodContent() {
  AuditBodyApplicationContent content;
  content.organization_id = OrganizationId{7};
  content.legal_form = LegalForm::kAuditCorporation;
  content.auditors = {
      {"山田 花子", {Cisa("C-1001", Date{2027, 3, 31}), {QualificationKind::kCpa, "", "第12345号", std::nullopt}}},
      {"Ito Ken", {{QualificationKind::kCaisChief, "", "CAIS-77", Date{2026, 12, 31}}}},
  };
  content.quality_control = "品質管理規程に基づき、審査担当者とは別の者が査閲する。";
  content.independence_policy = "言明書の作成を支援した事業者の監査は引き受けない。";
  content.documents = {DocumentId{1}, DocumentId{2}};
  return content;
}

TEST(AuditBodyEnumsTest, EveryValueRoundTripsThroughText) {
  for (auto form : {LegalForm::kAuditCorporation, LegalForm::kKabushikiKaisha, LegalForm::kGodoKaisha,
                    LegalForm::kGeneralIncorporatedAssociation, LegalForm::kOther}) {
    EXPECT_EQ(LegalFormFromString(ToString(form)), form);
  }
  for (auto kind :
       {QualificationKind::kCpa, QualificationKind::kCisa, QualificationKind::kCaisChief, QualificationKind::kCais,
        QualificationKind::kCaisAssistant, QualificationKind::kIsmsAuditor, QualificationKind::kOther}) {
    EXPECT_EQ(QualificationKindFromString(ToString(kind)), kind);
  }
  for (auto verdict : {ItemVerdict::kUnanswered, ItemVerdict::kMet, ItemVerdict::kNotMet}) {
    EXPECT_EQ(ItemVerdictFromString(ToString(verdict)), verdict);
  }
}

TEST(EligibilityTest, OnlyAuditCorporationsByDefaultAndConfigurable) {
  const EligibilityRule rule;
  EXPECT_THAT(CheckEligibility(rule, LegalForm::kAuditCorporation), IsOk());
  for (auto form : {LegalForm::kKabushikiKaisha, LegalForm::kGodoKaisha, LegalForm::kGeneralIncorporatedAssociation,
                    LegalForm::kOther}) {
    EXPECT_THAT(CheckEligibility(rule, form),
                HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.ineligible_legal_form"))
        << ToString(form);
  }
  const EligibilityRule wider{{LegalForm::kAuditCorporation, LegalForm::kKabushikiKaisha}};
  EXPECT_THAT(CheckEligibility(wider, LegalForm::kKabushikiKaisha), IsOk());
  EXPECT_THAT(ValidateAuditBodyRules(AuditBodyRules{EligibilityRule{{}}, 1}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.bad_rules"));
  EXPECT_THAT(ValidateAuditBodyRules(AuditBodyRules{EligibilityRule{}, 0}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.bad_rules"));
  EXPECT_THAT(ValidateAuditBodyRules(AuditBodyRules{}), IsOk());
}

TEST(QualificationTest, CurrentThroughItsExpiryDayInclusive) {
  const Qualification q = Cisa("C-1", Date{2026, 3, 31});
  EXPECT_TRUE(IsCurrent(q, Date{2026, 3, 30}));
  EXPECT_TRUE(IsCurrent(q, Date{2026, 3, 31}));
  EXPECT_FALSE(IsCurrent(q, Date{2026, 4, 1}));
  EXPECT_TRUE(IsCurrent(Cisa("C-2", std::nullopt), Date{9999, 12, 31}));
}

TEST(ApplicationAuditorsTest, NeedsEnoughAuditorsWithACurrentQualification) {
  const std::vector<Auditor> one = {{"A", {Cisa("C-1", Date{2026, 6, 1})}}};
  EXPECT_THAT(CheckApplicationAuditors(one, 1, kToday), IsOk());
  EXPECT_THAT(CheckApplicationAuditors(one, 2, kToday),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  EXPECT_THAT(CheckApplicationAuditors({}, 1, kToday),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  EXPECT_THAT(CheckApplicationAuditors({{"B", {}}}, 1, kToday),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
}

TEST(ApplicationAuditorsTest, RefusesAnExpiredQualificationNamingAuditorAndQualification) {
  const std::vector<Auditor> auditors = {
      {"山田 花子", {Cisa("C-1", Date{2027, 1, 1}), Cisa("C-9", Date{2026, 5, 31})}}};
  const auto result = CheckApplicationAuditors(auditors, 1, kToday);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));
  EXPECT_NE(result.error().message.find("山田 花子"), std::string::npos);
  EXPECT_NE(result.error().message.find("cisa C-9"), std::string::npos);
  EXPECT_NE(result.error().message.find("2026-05-31"), std::string::npos);
}

TEST(ValidateApplicationTest, AcceptsAGoodApplication) {
  EXPECT_TRUE(ListProblems(GoodContent(), AuditBodyRules{}, kToday).empty());
  EXPECT_THAT(ValidateAuditBodyApplication(GoodContent(), AuditBodyRules{}, kToday), IsOk());
}

TEST(ValidateApplicationTest, ListsEveryProblemInFieldOrder) {
  AuditBodyApplicationContent content = GoodContent();
  content.organization_id = OrganizationId{};
  content.legal_form = LegalForm::kGodoKaisha;
  content.auditors[0].name = "";
  content.auditors[0].qualifications.push_back(Cisa("C-1001", Date{2027, 3, 31}));  // listed twice
  content.auditors[1].qualifications[0].expires_on = Date{2026, 5, 31};
  content.auditors[1].qualifications.push_back({QualificationKind::kOther, "", "X-1", std::nullopt});
  content.auditors[1].qualifications.push_back({QualificationKind::kCisa, "", "bad\nnumber", std::nullopt});
  content.quality_control = "";
  content.independence_policy = std::string(20001, 'x');
  content.documents.push_back(DocumentId{1});
  std::vector<std::string> reasons;
  for (const Problem& problem : ListProblems(content, AuditBodyRules{}, kToday)) {
    reasons.push_back(problem.reason);
  }
  EXPECT_EQ(reasons,
            (std::vector<std::string>{"audit_body.organization_required", "audit_body.ineligible_legal_form",
                                      "audit_body.auditor_name_invalid", "audit_body.duplicate_qualification",
                                      "audit_body.qualification_invalid", "audit_body.qualification_invalid",
                                      "audit_body.qualification_expired", "audit_body.quality_control_required",
                                      "audit_body.text_too_long", "audit_body.duplicate_document"}));
  const auto result = ValidateAuditBodyApplication(content, AuditBodyRules{}, kToday);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.organization_required"));
  EXPECT_NE(result.error().message.find("audit_body.duplicate_document"), std::string::npos);
}

TEST(ValidateApplicationTest, TheFirstProblemGivesCodeAndReason) {
  AuditBodyApplicationContent content = GoodContent();
  content.legal_form = LegalForm::kKabushikiKaisha;
  EXPECT_THAT(ValidateAuditBodyApplication(content, AuditBodyRules{}, kToday),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.ineligible_legal_form"));
  content = GoodContent();
  EXPECT_THAT(ValidateAuditBodyApplication(content, AuditBodyRules{EligibilityRule{}, 3}, kToday),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.no_current_auditor"));
  // On the day after an auditor's only qualification ends.
  EXPECT_THAT(ValidateAuditBodyApplication(content, AuditBodyRules{}, Date{2027, 1, 1}),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));
}

TEST(ValidateApplicationTest, NamesAndNumbersAreOneLineOfLimitedLength) {
  for (const std::string& bad : {std::string(""), std::string(" 山田"), std::string("山田\t花子"),
                                 std::string("\xff\xfe"), std::string(101, 'a')}) {
    AuditBodyApplicationContent content = GoodContent();
    content.auditors[0].name = bad;
    ASSERT_FALSE(ListProblems(content, AuditBodyRules{}, kToday).empty());
    EXPECT_EQ(ListProblems(content, AuditBodyRules{}, kToday)[0].reason, "audit_body.auditor_name_invalid");
  }
  AuditBodyApplicationContent content = GoodContent();
  content.auditors[0].name = std::string(100, 'a');
  content.auditors[0].qualifications[0].number = std::string(64, '9');
  content.auditors[1].qualifications.push_back({QualificationKind::kOther, "ISO/IEC 27001 LA", "LA-1", std::nullopt});
  EXPECT_TRUE(ListProblems(content, AuditBodyRules{}, kToday).empty());
  content.auditors[0].qualifications[0].number = std::string(65, '9');
  EXPECT_EQ(ListProblems(content, AuditBodyRules{}, kToday).at(0).reason, "audit_body.qualification_invalid");
}

RequirementSet Set() {
  return RequirementSet{"2026-04",
                        {{"R-1", "独立性が確保されていること", "Independence"},
                         {"R-2", "品質管理体制があること", "Quality control"},
                         {"R-3", "有資格者がいること", ""}}};
}

TEST(RequirementSetTest, ValidatesVersionIdsAndTexts) {
  EXPECT_THAT(ValidateRequirementSet(Set()), IsOk());
  RequirementSet bad = Set();
  bad.version = "";
  bad.items.push_back({"R-1", "重複", ""});
  bad.items.push_back({"R 4", "空白", ""});
  bad.items.push_back({"R-5", "", "English only"});
  const auto result = ValidateRequirementSet(bad);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.invalid_requirement_set"));
  for (const char* fragment : {"version", "R-1: the id appears twice", "\"R 4\"", "R-5: Japanese"}) {
    EXPECT_NE(result.error().message.find(fragment), std::string::npos) << fragment;
  }
  EXPECT_THAT(ValidateRequirementSet(RequirementSet{"v1", {}}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.invalid_requirement_set"));
}

TEST(EvaluationTest, RecommendsOnlyWhenEveryItemIsAnswered) {
  const RequirementSet set = Set();
  Evaluation evaluation = StartEvaluation(set);
  ASSERT_EQ(evaluation.items.size(), 3u);
  EXPECT_EQ(evaluation.requirement_set_version, "2026-04");
  evaluation = *MarkItem(evaluation, "R-1", ItemVerdict::kMet, "");
  evaluation = *MarkItem(evaluation, "R-2", ItemVerdict::kMet, "規程を確認");
  const auto incomplete = CanRecommend(set, evaluation);
  ASSERT_THAT(incomplete, HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete"));
  EXPECT_NE(incomplete.error().message.find("R-3"), std::string::npos);
  evaluation = *MarkItem(evaluation, "R-3", ItemVerdict::kMet, "");
  EXPECT_THAT(CanRecommend(set, evaluation), IsOk());
  EXPECT_THAT(CheckRecommendation(set, evaluation, RecommendationOutcome::kApprove), IsOk());
}

TEST(EvaluationTest, ApprovalNeedsEveryItemMetRejectionOnlyACompleteEvaluation) {
  const RequirementSet set = Set();
  Evaluation evaluation = StartEvaluation(set);
  evaluation = *MarkItem(evaluation, "R-1", ItemVerdict::kMet, "");
  evaluation = *MarkItem(evaluation, "R-2", ItemVerdict::kNotMet, "査閲の記録がない");
  evaluation = *MarkItem(evaluation, "R-3", ItemVerdict::kMet, "");
  const auto approve = CheckRecommendation(set, evaluation, RecommendationOutcome::kApprove);
  ASSERT_THAT(approve, HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.requirements_not_met"));
  EXPECT_NE(approve.error().message.find("R-2"), std::string::npos);
  EXPECT_THAT(CheckRecommendation(set, evaluation, RecommendationOutcome::kReject), IsOk());
  EXPECT_THAT(CheckRecommendation(set, StartEvaluation(set), RecommendationOutcome::kReject),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete"));
}

TEST(EvaluationTest, RefusesUnknownItemsMissingNotesAndAnotherVersion) {
  const RequirementSet set = Set();
  const Evaluation evaluation = StartEvaluation(set);
  EXPECT_THAT(MarkItem(evaluation, "R-9", ItemVerdict::kMet, ""),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.unknown_requirement"));
  EXPECT_THAT(MarkItem(evaluation, "R-1", ItemVerdict::kNotMet, ""),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.note_required"));
  EXPECT_THAT(MarkItem(evaluation, "R-1", ItemVerdict::kMet, std::string(4001, 'x')),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "audit_body.text_too_long"));
  RequirementSet next = set;
  next.version = "2027-04";
  EXPECT_THAT(CanRecommend(next, evaluation),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_version_mismatch"));
  // An evaluation missing an item of its set cannot be recommended on.
  Evaluation short_one = evaluation;
  short_one.items.pop_back();
  for (auto& item : short_one.items) {
    item.verdict = ItemVerdict::kMet;
  }
  EXPECT_THAT(CanRecommend(set, short_one),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.evaluation_incomplete"));
}

}  // namespace
}  // namespace ismap::domain
