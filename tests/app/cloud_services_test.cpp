// The cloud service register's use cases (app/cloud_services.hpp, and the committee's decisions on
// them in app/committee.hpp) on every backend: a service from its first statement to the public
// list, renewal in time and too late, a change that needs an additional audit, revocation, who may
// read the restricted annex and report (and that every outside read is recorded), and bad input.
#include "app/cloud_services.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "app/committee.hpp"
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/small_edition.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::ApplicationKind;
using domain::ApplicationPurpose;
using domain::ApplicationState;
using domain::Date;
using domain::DecisionOutcome;
using domain::OrganizationKind;
using domain::RegistrationStatus;
using domain::Role;
using domain::StatementEntry;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint Noon(int y = 2026, unsigned m = 11, unsigned d = 25) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{3};
}

domain::EditionContent SmallEdition() { return testing::SmallIsmapEdition("ismap-test"); }

std::vector<StatementEntry> CompleteEntries() {
  return {{"3.1.1", true, "", "取締役会が方針を承認"},
          {"5.1.1", true, "", "情報セキュリティ方針を定める"},
          {"5.1.1.1", true, "", "年次で見直す"},
          {"5.1.1.2", true, "", "全従業員に周知"},
          {"5.1.2", false, "該当する業務がない", ""}};
}

class CloudServicesTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    provider_org_ = Org(OrganizationKind::kCsp, "クラウド株式会社", "Cloud KK");
    rival_org_ = Org(OrganizationKind::kCsp, "別クラウド株式会社", "Other Cloud KK");
    body_org_ = Org(OrganizationKind::kAuditBody, "監査法人A", "Audit Corp A");
    other_body_org_ = Org(OrganizationKind::kAuditBody, "監査法人B", "Audit Corp B");
    agency_org_ = Org(OrganizationKind::kAgency, "デジタル庁", "Digital Agency");
    other_agency_org_ = Org(OrganizationKind::kAgency, "総務省", "MIC");
    const auto nisc = Org(OrganizationKind::kOperationsSupportBody, "運用支援機関", "Operations support");
    const auto committee = Org(OrganizationKind::kCommittee, "制度運営委員会", "Committee");
    const auto secretariat = Org(OrganizationKind::kSecretariat, "事務局", "Secretariat");
    provider_ = User(provider_org_, OrganizationKind::kCsp, Role::kCspAdmin, "csp@x.jp");
    rival_ = User(rival_org_, OrganizationKind::kCsp, Role::kCspAdmin, "rival@x.jp");
    auditor_ = User(body_org_, OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "audit@x.jp");
    other_auditor_ = User(other_body_org_, OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "audit2@x.jp");
    agency_ = User(agency_org_, OrganizationKind::kAgency, Role::kAgencyMember, "agency@x.jp");
    other_agency_ = User(other_agency_org_, OrganizationKind::kAgency, Role::kAgencyMember, "agency2@x.jp");
    reviewer_ = User(nisc, OrganizationKind::kOperationsSupportBody, Role::kReviewer, "review@x.jp");
    member_ = User(committee, OrganizationKind::kCommittee, Role::kCommitteeMember, "m@x.jp");
    secretariat_ = User(secretariat, OrganizationKind::kSecretariat, Role::kSecretariat, "s@x.jp");
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    ASSERT_THAT((*uow)->Catalog().InsertEdition(SmallEdition(), Noon()), IsOk());
    // The audit body is on the audit body list (its own workflow is tested in committee_test).
    domain::Registration listed;
    listed.register_kind = ApplicationKind::kAuditBody;
    listed.holder = body_org_;
    listed.number = "A25-0001";
    listed.registered_on = Date{2025, 4, 1};
    listed.valid_until = Date{2028, 3, 31};
    ASSERT_THAT((*uow)->Registrations().Insert(listed, Noon()), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }

  domain::OrganizationId Org(OrganizationKind kind, const std::string& ja, const std::string& en) {
    return testing::InsertOrganization(*db_, kind, ja, Noon(), en);
  }
  Principal User(domain::OrganizationId org, OrganizationKind kind, Role role, const std::string& email) {
    return testing::InsertUser(*db_, org, kind, role, email, Noon());
  }

  CloudServices& Cloud() {
    if (!cloud_) {
      cloud_.emplace(*db_, clock_, settings_.cloud_services);
    }
    return *cloud_;
  }

  // Moves the clock forward to noon (Japan) of a later day.
  void SetDay(int y, unsigned m, unsigned d) {
    const auto target = Noon(y, m, d);
    ASSERT_GE(target, clock_.Now());
    clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(target - clock_.Now()));
  }

  domain::CloudService NewService() {
    domain::CloudService service;
    service.name_ja = "クラウド基盤";
    service.name_en = "Cloud Platform";
    service.description = "IaaS";
    service.model = domain::ServiceModel::kIaas;
    service.regions = {"東京", "大阪"};
    auto created = Cloud().CreateService(provider_, service);
    EXPECT_THAT(created, IsOk());
    return *created;
  }

  // A submitted statement of `service` with `entries` and a one-year audit period (by default
  // ending 2026-09-30).
  domain::Statement SubmittedStatement(domain::ServiceId service, std::vector<StatementEntry> entries,
                                       domain::AuditPeriod period = {Date{2025, 10, 1}, Date{2026, 9, 30}}) {
    auto started = Cloud().StartStatement(provider_, service, "ismap-test");
    EXPECT_THAT(started, IsOk());
    StatementEdit edit;
    edit.scope = "クラウド基盤の全機能";
    edit.system_overview = "東京・大阪の二拠点";
    edit.representative = "代表取締役 山田太郎";
    edit.period = period;
    edit.subsequent_events = "";
    edit.entries = std::move(entries);
    edit.replace_all_entries = true;
    auto edited = Cloud().EditStatement(provider_, started->statement.id, started->statement.version, edit);
    EXPECT_THAT(edited, IsOk());
    auto submitted = Cloud().SubmitStatement(provider_, edited->statement.id, edited->statement.version);
    EXPECT_THAT(submitted, IsOk());
    return submitted->statement;
  }

  // An engagement on `statement` with every adopted control audited and the report issued.
  domain::Engagement AuditedEngagement(const domain::Statement& statement) {
    auto requested = Cloud().RequestEngagement(provider_, statement.id, body_org_);
    EXPECT_THAT(requested, IsOk());
    const auto id = requested->engagement.id;
    auto accepted =
        Cloud().AcceptEngagement(auditor_, id, 1, {true, "言明書の作成に関与していません"},
                                 {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", Date{2030, 3, 31}}}}});
    EXPECT_THAT(accepted, IsOk());
    std::vector<domain::ControlResult> results;
    for (const auto& entry : statement.entries) {
      if (entry.adopted) {
        results.push_back({entry.control_id, "質問と閲覧", true, true, domain::AuditResult::kNoException, ""});
      }
    }
    auto recorded = Cloud().RecordResults(auditor_, id, accepted->engagement.version, results);
    EXPECT_THAT(recorded, IsOk());
    const auto report = Report(id);
    auto issued = Cloud().IssueReport(auditor_, id, recorded->engagement.version, report);
    EXPECT_THAT(issued, IsOk());
    return issued->engagement;
  }

  // The report document, uploaded by the audit body under the engagement.
  domain::DocumentId Report(domain::EngagementId engagement) {
    const std::string bytes = "%PDF-1.4 実施結果報告書 " + std::to_string(engagement.value());
    domain::NewDocument document;
    document.file_name = "report.pdf";
    document.media_type = "application/pdf";
    document.owner = body_org_;
    document.subject = "engagement/" + std::to_string(engagement.value());
    document.sha256 = core::Sha256Hex(bytes);
    document.size = static_cast<std::int64_t>(bytes.size());
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto stored = (*uow)->Documents().Insert(document, bytes, clock_.Now());
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return stored->id;
  }

  domain::Disclosures Disclosed() {
    return {"資本関係なし", "外国法の適用なし", "日本法・東京地方裁判所", "年次の侵入試験", "ISO/IEC 27001"};
  }

  // An application of `purpose` for `service`, submitted (version 2).
  ServiceApplicationView Submitted(ApplicationPurpose purpose, domain::ServiceId service,
                                   const domain::Statement& statement, const domain::Engagement& engagement) {
    ServiceApplicationInput input;
    input.purpose = purpose;
    input.content.service = service;
    input.content.statement = statement.id;
    input.content.engagement = engagement.id;
    input.content.disclosures = Disclosed();
    auto created = Cloud().CreateApplication(provider_, input);
    EXPECT_THAT(created, IsOk());
    auto submitted = Cloud().Submit(provider_, created->application.id, 1);
    EXPECT_THAT(submitted, IsOk());
    return *submitted;
  }

  // Through acceptance and technical review with every finding met: in technical review.
  ServiceApplicationView InReview(domain::ApplicationId id) {
    auto started = Cloud().StartAcceptanceCheck(reviewer_, id, 2);
    EXPECT_THAT(started, IsOk());
    auto accepted = Cloud().Accept(reviewer_, id, 3);
    EXPECT_THAT(accepted, IsOk());
    EXPECT_TRUE(accepted->review.has_value());
    for (const auto& item : accepted->review->items) {
      EXPECT_THAT(Cloud().MarkFinding(reviewer_, id, 4, item.item_id, domain::ItemVerdict::kMet, "適切"), IsOk());
    }
    auto view = Cloud().GetApplication(reviewer_, id);
    EXPECT_THAT(view, IsOk());
    return *view;
  }

  // Recommended for approval, put on a meeting's agenda and decided `outcome`.
  DecisionResult Decided(domain::ApplicationId id, std::int64_t version, DecisionOutcome outcome) {
    EXPECT_THAT(Cloud().Recommend(reviewer_, id, version, domain::RecommendationOutcome::kApprove, "基準に適合"),
                IsOk());
    auto meeting = CreateMeeting(*db_, clock_, secretariat_, domain::JapanDate(clock_.Now()));
    EXPECT_THAT(meeting, IsOk());
    EXPECT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting->id, {member_.user->id}), IsOk());
    const auto item = AgendaItem::ForApplication(ApplicationKind::kCloudService, id);
    EXPECT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting->id, item), IsOk());
    auto decided = Decide(*db_, clock_, settings_, member_, meeting->id, item, outcome, "審議の結果");
    EXPECT_THAT(decided, IsOk());
    return *decided;
  }

  // A service registered through the whole workflow; its statement and engagement.
  struct Registered {
    domain::CloudService service;
    domain::Statement statement;
    domain::Engagement engagement;
    domain::Registration registration;
  };
  Registered Register() {
    Registered out;
    out.service = NewService();
    out.statement = SubmittedStatement(out.service.id, CompleteEntries());
    out.engagement = AuditedEngagement(out.statement);
    auto application = Submitted(ApplicationPurpose::kNew, out.service.id, out.statement, out.engagement);
    const auto reviewed = InReview(application.application.id);
    auto decided = Decided(application.application.id, reviewed.application.version, DecisionOutcome::kApprove);
    EXPECT_TRUE(decided.registration.has_value());
    out.registration = *decided.registration;
    return out;
  }

  int LedgerCount(const std::string& type) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    return static_cast<int>(
        std::count_if(events->begin(), events->end(), [&type](const auto& e) { return e.entry.type == type; }));
  }

  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
  std::optional<CloudServices> cloud_;
  domain::OrganizationId provider_org_, rival_org_, body_org_, other_body_org_, agency_org_, other_agency_org_;
  Principal provider_, rival_, auditor_, other_auditor_, agency_, other_agency_, reviewer_, member_, secretariat_;
};

TEST_P(CloudServicesTest, AServiceGoesFromItsStatementToThePublicList) {
  const auto registered = Register();
  EXPECT_EQ(registered.registration.number, "C26-0001-1");
  EXPECT_EQ(registered.registration.registered_on, (Date{2026, 11, 25}));
  // One year four months from the day after the audit period's last day (2026-09-30).
  EXPECT_EQ(registered.registration.valid_until, (Date{2028, 1, 31}));
  EXPECT_EQ(registered.registration.valid_until,
            domain::RegistrationValidUntil({Date{2025, 10, 1}, Date{2026, 9, 30}}));

  auto listed = Cloud().ListPublic(Principal::Public(), Date{2026, 11, 25});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  const auto& line = listed->front();
  EXPECT_EQ(line.name_ja, "クラウド基盤");
  EXPECT_EQ(line.provider_name_en, "Cloud KK");
  EXPECT_EQ(line.status, RegistrationStatus::kActive);
  EXPECT_EQ(line.scope, "クラウド基盤の全機能");
  EXPECT_EQ(line.audit_body_name_ja, "監査法人A");
  EXPECT_EQ(line.regions, (std::vector<std::string>{"東京", "大阪"}));
  // Not on the list the day before it was registered.
  auto before = Cloud().ListPublic(Principal::Public(), Date{2026, 11, 24});
  ASSERT_THAT(before, IsOk());
  EXPECT_TRUE(before->empty());

  auto service = Cloud().GetService(provider_, registered.service.id);
  ASSERT_THAT(service, IsOk());
  ASSERT_TRUE(service->registration);
  EXPECT_EQ(service->service.registered_statement, registered.statement.id);
  EXPECT_EQ(LedgerCount("registration.created"), 1);
}

TEST_P(CloudServicesTest, AnUnregisteredServiceIsNotPublic) {
  const auto service = NewService();
  EXPECT_THAT(Cloud().GetPublic(Principal::Public(), service.id, Date{2026, 11, 25}),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
  EXPECT_THAT(Cloud().GetService(Principal::Public(), service.id),
              testing::HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(Cloud().GetService(rival_, service.id), testing::HasError(core::ErrorCode::kPermissionDenied));
}

TEST_P(CloudServicesTest, ARenewalFiledInTimeKeepsTheServiceValidUntilDecided) {
  const auto registered = Register();
  // The renewal's audit: a year later.
  SetDay(2027, 12, 1);
  const auto statement =
      SubmittedStatement(registered.service.id, CompleteEntries(), {Date{2026, 10, 1}, Date{2027, 9, 30}});
  const auto engagement = AuditedEngagement(statement);
  auto renewal = Submitted(ApplicationPurpose::kRenewal, registered.service.id, statement, engagement);
  // Past its validity, waiting for the committee: still on the list, renewal pending.
  SetDay(2028, 2, 10);
  auto listed = Cloud().ListPublic(Principal::Public(), Date{2028, 2, 10});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().status, RegistrationStatus::kRenewalPending);
  auto expired = ExpireRegistrations(*db_, clock_, Principal::Operator(), Date{2028, 2, 10});
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(*expired, 0);

  const auto reviewed = InReview(renewal.application.id);
  auto decided = Decided(renewal.application.id, reviewed.application.version, DecisionOutcome::kApprove);
  ASSERT_TRUE(decided.registration);
  EXPECT_EQ(decided.registration->state, domain::RegistrationState::kActive);
  EXPECT_EQ(decided.registration->number, registered.registration.number);
  // Valid through one year four months after the renewal's audit period.
  EXPECT_EQ(decided.registration->valid_until, (Date{2029, 1, 31}));
  auto after = Cloud().ListPublic(Principal::Public(), Date{2028, 2, 10});
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->front().status, RegistrationStatus::kActive);
  EXPECT_EQ(after->front().period.last, (Date{2027, 9, 30}));
}

TEST_P(CloudServicesTest, ARenewalTooLateIsRefusedAndTheRegistrationExpires) {
  const auto registered = Register();
  SetDay(2028, 2, 1);  // the day after valid_until (2028-01-31)
  const auto statement = SubmittedStatement(registered.service.id, CompleteEntries());
  const auto engagement = AuditedEngagement(statement);
  ServiceApplicationInput input;
  input.purpose = ApplicationPurpose::kRenewal;
  input.content = {registered.service.id, statement.id, engagement.id, std::nullopt, Disclosed()};
  auto created = Cloud().CreateApplication(provider_, input);
  ASSERT_THAT(created, IsOk());
  EXPECT_THAT(Cloud().Submit(provider_, created->application.id, 1),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "registration.renewal_too_late"));
  auto expired = ExpireRegistrations(*db_, clock_, Principal::Operator(), Date{2028, 2, 1});
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(*expired, 1);
  auto again = ExpireRegistrations(*db_, clock_, Principal::Operator(), Date{2028, 2, 1});
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, 0);  // idempotent
  auto listed = Cloud().ListPublic(Principal::Public(), Date{2028, 2, 1});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().status, RegistrationStatus::kExpired);
}

TEST_P(CloudServicesTest, AChangeToAdoptedControlsNeedsAnAdditionalAudit) {
  const auto registered = Register();
  auto entries = CompleteEntries();
  entries[2] = {"5.1.1.1", false, "サービスの範囲外となった", ""};
  const auto changed = SubmittedStatement(registered.service.id, entries);
  const auto engagement = AuditedEngagement(changed);
  auto change = Submitted(ApplicationPurpose::kChange, registered.service.id, changed, engagement);
  const auto id = change.application.id;
  auto reviewed = InReview(id);
  EXPECT_EQ(reviewed.adoption_changes, (std::vector<std::string>{"5.1.1.1"}));
  EXPECT_THAT(
      Cloud().Recommend(reviewer_, id, reviewed.application.version, domain::RecommendationOutcome::kApprove, "適合"),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.additional_audit_required"));
  auto requested = Cloud().RequestAdditionalAudit(reviewer_, id, reviewed.application.version, "変更部分の監査");
  ASSERT_THAT(requested, IsOk());
  EXPECT_EQ(requested->application.state, ApplicationState::kAdditionalAudit);
  const auto additional = AuditedEngagement(changed);
  auto handed_in = Cloud().SubmitAdditionalAudit(provider_, id, requested->application.version, additional.id);
  ASSERT_THAT(handed_in, IsOk());
  EXPECT_EQ(handed_in->application.state, ApplicationState::kTechnicalReview);
  auto decided = Decided(id, handed_in->application.version, DecisionOutcome::kApprove);
  auto service = Cloud().GetService(provider_, registered.service.id);
  ASSERT_THAT(service, IsOk());
  EXPECT_EQ(service->service.registered_statement, changed.id);
  EXPECT_EQ(LedgerCount("registration.changed"), 1);
}

TEST_P(CloudServicesTest, TheCommitteeRevokesARegistration) {
  const auto registered = Register();
  auto meeting = CreateMeeting(*db_, clock_, secretariat_, domain::JapanDate(clock_.Now()));
  ASSERT_THAT(meeting, IsOk());
  ASSERT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting->id, {member_.user->id}), IsOk());
  const auto item = AgendaItem::ForRegistration(ApplicationKind::kCloudService, registered.registration.id);
  ASSERT_THAT(AddToAgenda(*db_, clock_, secretariat_, meeting->id, item), IsOk());
  ASSERT_THAT(Decide(*db_, clock_, settings_, member_, meeting->id, item, DecisionOutcome::kRevoke, "重大な違反"),
              IsOk());
  auto listed = Cloud().ListPublic(Principal::Public(), Date{2026, 11, 25});
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().status, RegistrationStatus::kRevoked);
}

TEST_P(CloudServicesTest, TheAnnexIsReadOnlyByThoseItIsMeantForAndEveryOutsideReadIsRecorded) {
  const auto service = NewService();
  const auto statement = SubmittedStatement(service.id, CompleteEntries());
  const auto engagement = AuditedEngagement(statement);
  EXPECT_THAT(Cloud().GetStatement(Principal::Public(), statement.id),
              testing::HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(Cloud().GetStatement(rival_, statement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetStatement(agency_, statement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetStatement(other_auditor_, statement.id),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetEngagement(other_auditor_, engagement.id),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetEngagement(agency_, engagement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetEngagement(rival_, engagement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_EQ(LedgerCount("statement.annex_read"), 0);

  EXPECT_THAT(Cloud().GetStatement(provider_, statement.id), IsOk());
  EXPECT_EQ(LedgerCount("statement.annex_read"), 0);  // the provider's own reads are not outside reads
  EXPECT_THAT(Cloud().GetStatement(auditor_, statement.id), IsOk());
  EXPECT_THAT(Cloud().GetStatement(reviewer_, statement.id), IsOk());
  EXPECT_EQ(LedgerCount("statement.annex_read"), 2);

  auto grant = Cloud().GrantDisclosure(provider_, service.id, agency_org_, Date{2026, 11, 25}, Date{2027, 3, 31});
  ASSERT_THAT(grant, IsOk());
  auto read = Cloud().GetStatement(agency_, statement.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->statement.entries.size(), 5U);
  EXPECT_EQ(LedgerCount("statement.annex_read"), 3);
  EXPECT_THAT(Cloud().GetStatement(other_agency_, statement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  auto own = Cloud().ListOwnGrants(agency_);
  ASSERT_THAT(own, IsOk());
  ASSERT_EQ(own->size(), 1U);
  EXPECT_TRUE(own->front().active);
  EXPECT_EQ(own->front().service_name_ja, "クラウド基盤");
  EXPECT_EQ(own->front().statement, statement.id);  // the latest submitted: not registered yet
  // After revocation, and after a grant's period, the agency reads nothing.
  ASSERT_THAT(Cloud().RevokeGrant(provider_, grant->id), IsOk());
  EXPECT_THAT(Cloud().GetStatement(agency_, statement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  ASSERT_THAT(Cloud().GrantDisclosure(provider_, service.id, agency_org_, Date{2026, 11, 25}, Date{2027, 3, 31}),
              IsOk());
  SetDay(2027, 4, 1);
  EXPECT_THAT(Cloud().GetStatement(agency_, statement.id), testing::HasError(core::ErrorCode::kPermissionDenied));
  // Only the provider grants.
  EXPECT_THAT(Cloud().GrantDisclosure(rival_, service.id, agency_org_, Date{2026, 11, 25}, Date{2027, 3, 31}),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(Cloud().GetEngagement(reviewer_, engagement.id), IsOk());
  EXPECT_EQ(LedgerCount("engagement.report_read"), 1);
}

TEST_P(CloudServicesTest, BadStatementsAreRefusedAndNothingIsLost) {
  const auto service = NewService();
  EXPECT_THAT(Cloud().StartStatement(provider_, service.id, "no-such-edition"),
              testing::HasError(core::ErrorCode::kNotFound));
  auto started = Cloud().StartStatement(provider_, service.id, "ismap-test");
  ASSERT_THAT(started, IsOk());
  EXPECT_THAT(Cloud().StartStatement(provider_, service.id, "ismap-test"),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.draft_exists"));
  const auto id = started->statement.id;
  StatementEdit edit;
  edit.scope = "範囲";
  edit.system_overview = "概要";
  edit.representative = "代表";
  edit.period = domain::AuditPeriod{Date{2025, 4, 1}, Date{2026, 4, 1}};  // a year and a day
  edit.entries = CompleteEntries();
  EXPECT_THAT(Cloud().EditStatement(provider_, id, 1, edit),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.audit_period_too_long"));
  edit.period.reset();
  auto saved = Cloud().EditStatement(provider_, id, 1, edit);
  ASSERT_THAT(saved, IsOk());
  EXPECT_EQ(saved->progress.decided, saved->progress.total);
  // Without an audit period it cannot be submitted.
  EXPECT_THAT(Cloud().SubmitStatement(provider_, id, 2),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "statement.incomplete"));
  auto without_period = Cloud().GetStatement(provider_, id);
  ASSERT_THAT(without_period, IsOk());
  ASSERT_FALSE(without_period->problems.empty());
  EXPECT_EQ(without_period->problems.front().reason, "statement.audit_period_required");
  // Two editors at version 2: the second is refused, the first's text stays.
  StatementEdit first;
  first.scope = "一人目の範囲";
  ASSERT_THAT(Cloud().EditStatement(provider_, id, 2, first), IsOk());
  StatementEdit second;
  second.scope = "二人目の範囲";
  EXPECT_THAT(Cloud().EditStatement(provider_, id, 2, second),
              HasErrorReason(core::ErrorCode::kConflict, "statement.stale_version"));
  auto stored = Cloud().GetStatement(provider_, id);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->statement.scope, "一人目の範囲");
  // A mandatory control not adopted and an objective excluded without a reason.
  StatementEdit broken;
  broken.period = domain::AuditPeriod{Date{2025, 4, 1}, Date{2026, 3, 31}};
  broken.entries = {{"5.1.1.2", false, "不要", ""}, {"5.1.2", false, "", ""}};
  auto with_problems = Cloud().EditStatement(provider_, id, 3, broken);
  ASSERT_THAT(with_problems, IsOk());
  std::vector<std::string> reasons;
  for (const auto& p : with_problems->problems) reasons.push_back(p.reason);
  EXPECT_THAT(reasons, ::testing::Contains("statement.mandatory_not_adopted"));
  EXPECT_THAT(reasons, ::testing::Contains("statement.reason_required"));
  EXPECT_THAT(Cloud().SubmitStatement(provider_, id, 4), testing::HasError(core::ErrorCode::kInvalidArgument));
  // Another provider cannot touch it.
  EXPECT_THAT(Cloud().EditStatement(rival_, id, 4, first), testing::HasError(core::ErrorCode::kPermissionDenied));
}

TEST_P(CloudServicesTest, EngagementsNeedARegisteredIndependentBodyWithCurrentAuditors) {
  const auto service = NewService();
  const auto statement = SubmittedStatement(service.id, CompleteEntries());
  // Not on the audit body list.
  EXPECT_THAT(Cloud().RequestEngagement(provider_, statement.id, other_body_org_),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.not_registered"));
  auto requested = Cloud().RequestEngagement(provider_, statement.id, body_org_);
  ASSERT_THAT(requested, IsOk());
  const auto id = requested->engagement.id;
  EXPECT_THAT(Cloud().AcceptEngagement(other_auditor_, id, 1, {true, "独立"}, {}),
              testing::HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(
      Cloud().AcceptEngagement(auditor_, id, 1, {false, ""},
                               {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", Date{2030, 1, 1}}}}}),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.independence_not_declared"));
  EXPECT_THAT(
      Cloud().AcceptEngagement(auditor_, id, 1, {true, "独立"},
                               {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", Date{2026, 1, 1}}}}}),
      HasErrorReason(core::ErrorCode::kFailedPrecondition, "audit_body.qualification_expired"));
  // An application cannot be submitted before the report is issued.
  ServiceApplicationInput input;
  input.content = {service.id, statement.id, id, std::nullopt, Disclosed()};
  auto created = Cloud().CreateApplication(provider_, input);
  ASSERT_THAT(created, IsOk());
  EXPECT_THAT(Cloud().Submit(provider_, created->application.id, 1),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "application.report_not_issued"));
  // A provider cannot name another provider's service.
  input.content.service = service.id;
  EXPECT_THAT(Cloud().CreateApplication(rival_, input),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "application.service_mismatch"));
}

TEST_P(CloudServicesTest, TheQueueAndTheDashboardShowWhatWaits) {
  const auto service = NewService();
  const auto statement = SubmittedStatement(service.id, CompleteEntries());
  const auto engagement = AuditedEngagement(statement);
  const auto application = Submitted(ApplicationPurpose::kNew, service.id, statement, engagement);
  SetDay(2026, 12, 20);
  auto queue = Cloud().Queue(reviewer_, 50, 0);
  ASSERT_THAT(queue, IsOk());
  ASSERT_EQ(queue->total, 1);
  EXPECT_EQ(queue->lines[0].line.service_name_ja, "クラウド基盤");
  EXPECT_EQ(queue->lines[0].days_waiting, 25);
  EXPECT_TRUE(queue->lines[0].overdue);
  auto secretariat_queue = Cloud().Queue(secretariat_, 50, 0);
  ASSERT_THAT(secretariat_queue, IsOk());
  EXPECT_EQ(secretariat_queue->total, 0);  // nothing recommended yet
  EXPECT_THAT(Cloud().Queue(provider_, 50, 0), testing::HasError(core::ErrorCode::kPermissionDenied));
  auto dashboard = Cloud().Dashboard(provider_, 50, 0);
  ASSERT_THAT(dashboard, IsOk());
  EXPECT_EQ(dashboard->total, 1);
  auto rival_dashboard = Cloud().Dashboard(rival_, 50, 0);
  ASSERT_THAT(rival_dashboard, IsOk());
  EXPECT_EQ(rival_dashboard->total, 0);
  auto view = Cloud().GetApplication(reviewer_, application.application.id);
  ASSERT_THAT(view, IsOk());
  ASSERT_FALSE(view->state_times.empty());
  const auto submitted = std::find_if(view->state_times.begin(), view->state_times.end(),
                                      [](const StateTime& t) { return t.state == ApplicationState::kSubmitted; });
  ASSERT_NE(submitted, view->state_times.end());
  EXPECT_TRUE(submitted->current);
  EXPECT_EQ(submitted->seconds, 25 * 24 * 3600);
}

TEST_P(CloudServicesTest, ProvidersListTheAgenciesByNameAndNoOtherOrganisations) {
  auto agencies = Cloud().ListAgencies(provider_);
  ASSERT_THAT(agencies, IsOk());
  ASSERT_EQ(agencies->size(), 2u);
  EXPECT_EQ((*agencies)[0].id, agency_org_);  // デジタル庁 sorts before 総務省
  EXPECT_EQ((*agencies)[0].name_en, "Digital Agency");
  EXPECT_EQ((*agencies)[1].id, other_agency_org_);
  for (const auto& agency : *agencies) {
    EXPECT_EQ(agency.kind, OrganizationKind::kAgency);
  }
  EXPECT_THAT(Cloud().ListAgencies(rival_), IsOk());
  for (const Principal& refused : {auditor_, agency_, reviewer_, member_, secretariat_}) {
    EXPECT_THAT(Cloud().ListAgencies(refused), testing::HasError(core::ErrorCode::kPermissionDenied));
  }
  EXPECT_THAT(Cloud().ListAgencies(Principal::Public()), testing::HasError(core::ErrorCode::kUnauthenticated));
}

INSTANTIATE_TEST_SUITE_P(Backends, CloudServicesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
