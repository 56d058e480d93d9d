// The storage contract for the application workflow (storage/workflow_repositories.hpp):
// applications with optimistic versions, audit-body content, evaluations, requirement sets,
// committee meetings, registrations with their status history and serials. Every backend passes
// every test here with the same answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using domain::ApplicationKind;
using domain::ApplicationState;
using domain::Date;
using domain::RegistrationState;
using ::testing::ElementsAre;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12} + microseconds{250};
}

class WorkflowContractTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
    auto uow = Write();
    auto org = uow->Organizations().Insert(
        {domain::OrganizationKind::kAuditBody, "監査法人テスト", "Test Audit Corporation", std::nullopt}, Noon());
    ASSERT_THAT(org, IsOk());
    org_ = org->id;
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  std::unique_ptr<UnitOfWork> Write() {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return std::move(*uow);
  }

  domain::Application Draft() {
    auto a = domain::NewApplication(ApplicationKind::kAuditBody, domain::ApplicationPurpose::kNew, org_, std::nullopt,
                                    Noon());
    EXPECT_THAT(a, IsOk());
    return *a;
  }

  domain::Registration SampleRegistration(std::string number) {
    domain::Registration r;
    r.register_kind = ApplicationKind::kAuditBody;
    r.holder = org_;
    r.number = std::move(number);
    r.registered_on = {2026, 4, 1};
    r.valid_until = {2029, 3, 31};
    return r;
  }

  testing::TempDir dir_;
  std::shared_ptr<Database> db_;
  domain::OrganizationId org_;
};

TEST_P(WorkflowContractTest, ApplicationRoundTripsAndUpdatesOnlyAtItsVersion) {
  auto uow = Write();
  auto stored = uow->Applications().Insert(Draft(), Noon());
  ASSERT_THAT(stored, IsOk());
  EXPECT_GT(stored->id.value(), 0);

  domain::Application next = *stored;
  next.state = ApplicationState::kRecommended;
  next.version = 2;
  next.recommendation = domain::Recommendation{domain::RecommendationOutcome::kReject, "理由"};
  next.meeting_id = domain::MeetingId(9);
  next.last_reason = "差戻し理由";
  ASSERT_THAT(uow->Applications().Update(next, 1), IsOk());
  EXPECT_THAT(uow->Applications().Update(next, 1),
              HasErrorReason(core::ErrorCode::kConflict, "application.stale_version"));

  auto read = uow->Applications().Get(stored->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->state, ApplicationState::kRecommended);
  EXPECT_EQ(read->version, 2);
  EXPECT_EQ(read->state_since, Noon());
  ASSERT_TRUE(read->recommendation.has_value());
  EXPECT_EQ(read->recommendation->outcome, domain::RecommendationOutcome::kReject);
  EXPECT_EQ(read->recommendation->note, "理由");
  EXPECT_EQ(read->meeting_id, domain::MeetingId(9));
  EXPECT_EQ(read->last_reason, "差戻し理由");
  EXPECT_THAT(uow->Applications().Get(domain::ApplicationId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "application.not_found"));
}

TEST_P(WorkflowContractTest, ListsByApplicantNewestFirstAndByStatesOldestFirst) {
  auto uow = Write();
  auto first = uow->Applications().Insert(Draft(), Noon());
  auto second = uow->Applications().Insert(Draft(), Noon());
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  domain::Application submitted = *first;
  submitted.state = ApplicationState::kSubmitted;
  submitted.version = 2;
  ASSERT_THAT(uow->Applications().Update(submitted, 1), IsOk());

  auto mine = uow->Applications().ListByApplicant(ApplicationKind::kAuditBody, org_, 10, 0);
  ASSERT_THAT(mine, IsOk());
  ASSERT_EQ(mine->size(), 2U);
  EXPECT_EQ((*mine)[0].id, second->id);
  auto queue = uow->Applications().ListByStates(
      ApplicationKind::kAuditBody, {ApplicationState::kSubmitted, ApplicationState::kUnderEvaluation}, 10, 0);
  ASSERT_THAT(queue, IsOk());
  ASSERT_EQ(queue->size(), 1U);
  EXPECT_EQ((*queue)[0].id, first->id);
  auto none = uow->Applications().ListByStates(ApplicationKind::kCloudService, {ApplicationState::kSubmitted}, 10, 0);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

TEST_P(WorkflowContractTest, AuditBodyContentAndEvaluationRoundTrip) {
  auto uow = Write();
  auto stored = uow->Applications().Insert(Draft(), Noon());
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(uow->Applications().GetAuditBodyContent(stored->id),
              HasErrorReason(core::ErrorCode::kNotFound, "application.content_not_found"));

  AuditBodyDossier dossier;
  dossier.content.organization_id = org_;
  dossier.content.legal_form = domain::LegalForm::kAuditCorporation;
  dossier.content.auditors = {{"監査 太郎",
                               {{domain::QualificationKind::kCisa, "", "C-1", Date{2027, 3, 31}},
                                {domain::QualificationKind::kOther, "ISO 27001 LA", "L-2", std::nullopt}}}};
  dossier.content.quality_control = "品質管理";
  dossier.content.independence_policy = "独立性";
  dossier.content.documents = {domain::DocumentId(3)};
  dossier.contact_email = "contact@example.jp";
  dossier.contact_phone = "03-0000-0000";
  ASSERT_THAT(uow->Applications().PutAuditBodyContent(stored->id, dossier), IsOk());
  dossier.content.quality_control = "改訂";
  ASSERT_THAT(uow->Applications().PutAuditBodyContent(stored->id, dossier), IsOk());
  EXPECT_THAT(uow->Applications().PutAuditBodyContent(domain::ApplicationId(999), dossier),
              HasErrorReason(core::ErrorCode::kNotFound, "application.not_found"));

  auto read = uow->Applications().GetAuditBodyContent(stored->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->content.quality_control, "改訂");
  ASSERT_EQ(read->content.auditors.size(), 1U);
  ASSERT_EQ(read->content.auditors[0].qualifications.size(), 2U);
  EXPECT_EQ(read->content.auditors[0].qualifications[0].expires_on, (Date{2027, 3, 31}));
  EXPECT_EQ(read->content.auditors[0].qualifications[1].other_name, "ISO 27001 LA");
  EXPECT_FALSE(read->content.auditors[0].qualifications[1].expires_on.has_value());
  EXPECT_THAT(read->content.documents, ElementsAre(domain::DocumentId(3)));
  EXPECT_EQ(read->contact_phone, "03-0000-0000");

  auto none = uow->Applications().GetEvaluation(stored->id);
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  domain::Evaluation evaluation{"v1",
                                {{"a", domain::ItemVerdict::kMet, ""}, {"b", domain::ItemVerdict::kNotMet, "不足"}}};
  ASSERT_THAT(uow->Applications().PutEvaluation(stored->id, evaluation), IsOk());
  evaluation.items[0].note = "確認済";
  ASSERT_THAT(uow->Applications().PutEvaluation(stored->id, evaluation), IsOk());
  auto got = uow->Applications().GetEvaluation(stored->id);
  ASSERT_THAT(got, IsOk());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->requirement_set_version, "v1");
  ASSERT_EQ((*got)->items.size(), 2U);
  EXPECT_EQ((*got)->items[0].note, "確認済");
  EXPECT_EQ((*got)->items[1].verdict, domain::ItemVerdict::kNotMet);
}

TEST_P(WorkflowContractTest, TheDefaultRequirementSetIsSeededAndNewSetsBecomeCurrent) {
  auto uow = Write();
  auto current = uow->RequirementSets().Current();
  ASSERT_THAT(current, IsOk());
  EXPECT_EQ(current->version, "ismap-ab-default-1");
  EXPECT_GE(current->items.size(), 6U);
  EXPECT_THAT(domain::ValidateRequirementSet(*current), IsOk());

  domain::RequirementSet set{"2027-04", {{"x", "日本語", "English"}}};
  ASSERT_THAT(uow->RequirementSets().Insert(set, Noon()), IsOk());
  EXPECT_THAT(uow->RequirementSets().Insert(set, Noon()),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "requirement_set.duplicate_version"));
  auto again = uow->RequirementSets().Current();
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->version, "2027-04");
  auto old = uow->RequirementSets().Get("ismap-ab-default-1");
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(old->items.size(), current->items.size());
  EXPECT_THAT(uow->RequirementSets().Get("nope"),
              HasErrorReason(core::ErrorCode::kNotFound, "requirement_set.not_found"));
}

TEST_P(WorkflowContractTest, MeetingsKeepMembersAgendaAndOneDecisionPerItem) {
  auto uow = Write();
  auto meeting = uow->Committee().InsertMeeting({2026, 12, 1}, Noon());
  ASSERT_THAT(meeting, IsOk());
  const auto app_item = domain::AgendaItem::ForApplication(ApplicationKind::kAuditBody, domain::ApplicationId(5));
  const auto reg_item = domain::AgendaItem::ForRegistration(ApplicationKind::kAuditBody, domain::RegistrationId(5));
  ASSERT_THAT(uow->Committee().AddAgendaItem(meeting->id, app_item), IsOk());
  ASSERT_THAT(uow->Committee().AddAgendaItem(meeting->id, reg_item), IsOk());
  EXPECT_THAT(uow->Committee().AddAgendaItem(meeting->id, app_item),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "committee.already_on_agenda"));
  ASSERT_THAT(uow->Committee().SetMembersPresent(meeting->id, {domain::UserId(1), domain::UserId(2)}), IsOk());
  domain::Decision decision{meeting->id, app_item, domain::DecisionOutcome::kApprove, "適合", Noon()};
  ASSERT_THAT(uow->Committee().InsertDecision(decision), IsOk());
  EXPECT_THAT(uow->Committee().InsertDecision(decision),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "committee.already_decided"));
  ASSERT_THAT(uow->Commit(), IsOk());

  auto read_uow = db_->Begin(TxMode::kRead);
  ASSERT_THAT(read_uow, IsOk());
  auto read = (*read_uow)->Committee().GetMeeting(meeting->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->date, (Date{2026, 12, 1}));
  EXPECT_THAT(read->members_present, ElementsAre(domain::UserId(1), domain::UserId(2)));
  EXPECT_THAT(read->agenda, ElementsAre(app_item, reg_item));
  ASSERT_EQ(read->decisions.size(), 1U);
  EXPECT_EQ(read->decisions[0].outcome, domain::DecisionOutcome::kApprove);
  EXPECT_EQ(read->decisions[0].decided_at, Noon());
  auto list = (*read_uow)->Committee().ListMeetings(10, 0);
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ((*list)[0].agenda.size(), 2U);
  EXPECT_THAT((*read_uow)->Committee().GetMeeting(domain::MeetingId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "committee.meeting_not_found"));
}

TEST_P(WorkflowContractTest, SerialsCountPerRegisterAndYear) {
  {
    auto uow = Write();
    EXPECT_EQ(*uow->Registrations().NextSerial(ApplicationKind::kAuditBody, 2026), 1);
    EXPECT_EQ(*uow->Registrations().NextSerial(ApplicationKind::kAuditBody, 2026), 2);
    EXPECT_EQ(*uow->Registrations().NextSerial(ApplicationKind::kAuditBody, 2027), 1);
    EXPECT_EQ(*uow->Registrations().NextSerial(ApplicationKind::kCloudService, 2026), 1);
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  auto again = Write();
  EXPECT_EQ(*again->Registrations().NextSerial(ApplicationKind::kAuditBody, 2026), 3);
}

TEST_P(WorkflowContractTest, RegistrationsKeepTheirStatusHistory) {
  auto uow = Write();
  auto reg = uow->Registrations().Insert(SampleRegistration("A26-0001"), Noon());
  ASSERT_THAT(reg, IsOk());
  EXPECT_THAT(uow->Registrations().Insert(SampleRegistration("A26-0001"), Noon()),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "registration.duplicate_number"));

  domain::Registration suspended = *reg;
  suspended.state = RegistrationState::kSuspended;
  suspended.version = 2;
  ASSERT_THAT(uow->Registrations().Update(suspended, 1, {2026, 6, 1}), IsOk());
  EXPECT_THAT(uow->Registrations().Update(suspended, 1, {2026, 6, 1}),
              HasErrorReason(core::ErrorCode::kConflict, "registration.stale_version"));
  domain::Registration renewed = suspended;  // same state: no new interval
  renewed.valid_until = {2032, 3, 31};
  renewed.pending_renewal = domain::ApplicationId(4);
  renewed.version = 3;
  ASSERT_THAT(uow->Registrations().Update(renewed, 2, {2026, 7, 1}), IsOk());

  auto read = uow->Registrations().Get(reg->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->state, RegistrationState::kSuspended);
  EXPECT_EQ(read->valid_until, (Date{2032, 3, 31}));
  EXPECT_EQ(read->pending_renewal, domain::ApplicationId(4));
  EXPECT_EQ(read->version, 3);
  EXPECT_EQ(read->number, "A26-0001");

  auto history = uow->Registrations().History(reg->id);
  ASSERT_THAT(history, IsOk());
  ASSERT_EQ(history->size(), 2U);
  EXPECT_EQ((*history)[0].from, (Date{2026, 4, 1}));
  EXPECT_EQ((*history)[0].to, (Date{2026, 6, 1}));
  EXPECT_EQ((*history)[0].state, RegistrationState::kActive);
  EXPECT_EQ((*history)[1].from, (Date{2026, 6, 1}));
  EXPECT_FALSE((*history)[1].to.has_value());
  EXPECT_EQ((*history)[1].state, RegistrationState::kSuspended);
  EXPECT_THAT(uow->Registrations().Get(domain::RegistrationId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "registration.not_found"));
}

TEST_P(WorkflowContractTest, ListsRegistrationsByDayHolderAndExpiry) {
  auto uow = Write();
  auto a = uow->Registrations().Insert(SampleRegistration("A26-0002"), Noon());
  auto later = SampleRegistration("A26-0001");
  later.registered_on = {2026, 10, 1};
  later.valid_until = {2026, 10, 31};
  auto b = uow->Registrations().Insert(later, Noon());
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());

  auto before = uow->Registrations().List(ApplicationKind::kAuditBody, {2026, 5, 1});
  ASSERT_THAT(before, IsOk());
  ASSERT_EQ(before->size(), 1U);
  auto all = uow->Registrations().List(ApplicationKind::kAuditBody, {2026, 12, 1});
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].number, "A26-0001");
  auto held = uow->Registrations().ListByHolder(ApplicationKind::kAuditBody, org_);
  ASSERT_THAT(held, IsOk());
  EXPECT_EQ(held->size(), 2U);
  auto expiring = uow->Registrations().ListExpiring(ApplicationKind::kAuditBody, {2026, 11, 1});
  ASSERT_THAT(expiring, IsOk());
  ASSERT_EQ(expiring->size(), 1U);
  EXPECT_EQ((*expiring)[0].id, b->id);
  auto none = uow->Registrations().ListExpiring(ApplicationKind::kAuditBody, {2026, 10, 31});
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

TEST_P(WorkflowContractTest, TheAuditBodyListingCarriesNamesAndTheLatestApprovedContact) {
  auto uow = Write();
  auto other = uow->Organizations().Insert(
      {domain::OrganizationKind::kAuditBody, "監査法人ベツ", "Other Audit Corporation", std::nullopt}, Noon());
  ASSERT_THAT(other, IsOk());
  // org_: an approved application with a contact, then a later approved one with another, then a
  // draft with a third: the list shows the later approved one's.
  for (const auto& [state, email] :
       std::vector<std::pair<ApplicationState, std::string>>{{ApplicationState::kApproved, "old@x.jp"},
                                                             {ApplicationState::kApproved, "new@x.jp"},
                                                             {ApplicationState::kDraft, "draft@x.jp"}}) {
    auto draft = Draft();
    draft.state = state;
    auto stored = uow->Applications().Insert(draft, Noon());
    ASSERT_THAT(stored, IsOk());
    AuditBodyDossier dossier;
    dossier.content.organization_id = org_;
    dossier.contact_email = email;
    dossier.contact_phone = "03-1111-2222";
    ASSERT_THAT(uow->Applications().PutAuditBodyContent(stored->id, dossier), IsOk());
  }
  ASSERT_THAT(uow->Registrations().Insert(SampleRegistration("A26-0002"), Noon()), IsOk());
  auto others = SampleRegistration("A26-0001");
  others.holder = other->id;  // no approved application: no contact
  ASSERT_THAT(uow->Registrations().Insert(others, Noon()), IsOk());
  auto late = SampleRegistration("A26-0003");
  late.registered_on = {2026, 12, 1};
  ASSERT_THAT(uow->Registrations().Insert(late, Noon()), IsOk());

  auto lines = uow->Registrations().ListAuditBodyListing({2026, 11, 1});
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines->size(), 2U);  // not the one registered later
  EXPECT_EQ((*lines)[0].registration.number, "A26-0001");
  EXPECT_EQ((*lines)[0].name_ja, "監査法人ベツ");
  EXPECT_EQ((*lines)[0].contact_email, "");
  EXPECT_EQ((*lines)[1].registration.number, "A26-0002");
  EXPECT_EQ((*lines)[1].name_en, "Test Audit Corporation");
  EXPECT_EQ((*lines)[1].contact_email, "new@x.jp");
  EXPECT_EQ((*lines)[1].contact_phone, "03-1111-2222");
  EXPECT_EQ((*lines)[1].registration.valid_until, (Date{2029, 3, 31}));
  EXPECT_EQ((*lines)[1].state_on, RegistrationState::kActive);

  // Suspended from 1 October: a day before still reads active, a day after suspended.
  auto stored = uow->Registrations().Get((*lines)[1].registration.id);
  ASSERT_THAT(stored, IsOk());
  domain::Registration suspended = *stored;
  suspended.state = RegistrationState::kSuspended;
  suspended.version = stored->version + 1;
  ASSERT_THAT(uow->Registrations().Update(suspended, stored->version, {2026, 10, 1}), IsOk());
  auto before = uow->Registrations().ListAuditBodyListing({2026, 9, 30});
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ((*before)[1].state_on, RegistrationState::kActive);
  EXPECT_EQ((*before)[1].registration.state, RegistrationState::kSuspended);  // the stored state is today's
  auto after = uow->Registrations().ListAuditBodyListing({2026, 10, 1});
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ((*after)[1].state_on, RegistrationState::kSuspended);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
