// The storage contract for the cloud service register (storage/service_repositories.hpp): services,
// statement versions, engagements, cloud service applications with their lines, disclosure grants
// and the public cloud service list. Every backend passes every test here with the same answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <algorithm>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "tests/support/backend_test.hpp"

namespace ismap::storage {
namespace {

using domain::ApplicationKind;
using domain::ApplicationState;
using domain::Date;
using domain::RegistrationState;
using testing::HasErrorReason;
using testing::IsOk;

core::TimePoint At(int day, int hour = 12) {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / day} + hours{hour} + microseconds{250};
}

class ServiceRepositoriesTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    provider_ =
        testing::InsertOrganization(*db_, domain::OrganizationKind::kCsp, "クラウド株式会社", At(1), "Cloud K.K.");
    other_provider_ = testing::InsertOrganization(*db_, domain::OrganizationKind::kCsp, "別会社", At(1), "Other Co.");
    audit_body_ = testing::InsertOrganization(*db_, domain::OrganizationKind::kAuditBody, "監査法人テスト", At(1),
                                              "Test Audit Corporation");
    other_body_ =
        testing::InsertOrganization(*db_, domain::OrganizationKind::kAuditBody, "第二監査法人", At(1), "Second Audit");
    agency_ =
        testing::InsertOrganization(*db_, domain::OrganizationKind::kAgency, "デジタル庁", At(1), "Digital Agency");
    other_agency_ = testing::InsertOrganization(*db_, domain::OrganizationKind::kAgency, "総務省", At(1),
                                                "Ministry of Internal Affairs");
    auto uow = Write();
    domain::EditionContent edition;
    edition.info.key = "ismap-test";
    edition.info.scheme = "ismap";
    edition.info.version = "テスト版";
    edition.info.source = "test";
    edition.info.title_ja = "ISMAP管理基準";
    edition.info.title_en = "ISMAP control criteria";
    auto stored = uow->Catalog().InsertEdition(edition, At(1));
    ASSERT_THAT(stored, IsOk());
    edition_ = stored->id;
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  std::unique_ptr<UnitOfWork> Write() {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return std::move(*uow);
  }

  static domain::CloudService SampleService(domain::OrganizationId provider, std::string name) {
    domain::CloudService s;
    s.provider = provider;
    s.name_ja = std::move(name);
    s.name_en = "Example Cloud";
    s.description = "行政向けの「クラウド」基盤 — \"quoted\" ✓";
    s.model = domain::ServiceModel::kPaas;
    s.deployment = domain::DeploymentModel::kHybrid;
    s.regions = {"東京", "大阪"};
    s.track = domain::Track::kLiu;
    return s;
  }

  domain::CloudService InsertService(UnitOfWork& uow, domain::OrganizationId provider, std::string name) {
    auto s = uow.Services().Insert(SampleService(provider, std::move(name)), At(2));
    EXPECT_THAT(s, IsOk());
    return *s;
  }

  domain::Statement SampleStatement(const domain::CloudService& service, int revision) const {
    domain::Statement s;
    s.service = service.id;
    s.provider = service.provider;
    s.revision = revision;
    s.edition = edition_;
    s.scope = "本サービスの本番環境";
    s.system_overview = "三層構成のウェブシステム";
    s.representative = "代表取締役 山田太郎";
    s.period = {{2025, 4, 1}, {2026, 3, 31}};
    s.subsequent_events = "";
    s.entries = {{"3.1.1", true, "", "方針を定めている"}, {"10.1.1.2", false, "対象外のため", ""}};
    s.updated_at = At(3);
    return s;
  }

  domain::Statement InsertStatement(UnitOfWork& uow, const domain::CloudService& service, int revision) {
    auto s = uow.Statements().Insert(SampleStatement(service, revision));
    EXPECT_THAT(s, IsOk());
    return *s;
  }

  domain::Engagement SampleEngagement(const domain::Statement& statement, domain::OrganizationId body) const {
    domain::Engagement e;
    e.service = statement.service;
    e.provider = statement.provider;
    e.audit_body = body;
    e.statement = statement.id;
    e.created_at = At(4);
    return e;
  }

  domain::Application CloudApplication(domain::OrganizationId applicant, ApplicationState state,
                                       core::TimePoint since) const {
    domain::Application a;
    a.kind = ApplicationKind::kCloudService;
    a.purpose = domain::ApplicationPurpose::kNew;
    a.applicant = applicant;
    a.state = state;
    a.state_since = since;
    return a;
  }

  domain::Registration ServiceRegistration(domain::OrganizationId holder, std::string number, Date on) const {
    domain::Registration r;
    r.register_kind = ApplicationKind::kCloudService;
    r.holder = holder;
    r.number = std::move(number);
    r.registered_on = on;
    r.valid_until = {2027, 7, 31};
    return r;
  }

  domain::OrganizationId provider_, other_provider_, audit_body_, other_body_, agency_, other_agency_;
  domain::EditionId edition_;
};

// Services.

TEST_P(ServiceRepositoriesTest, ServiceRoundTripsEveryFieldAndUpdatesOnlyAtItsVersion) {
  auto uow = Write();
  const domain::CloudService stored = InsertService(*uow, provider_, "行政クラウド");
  EXPECT_GT(stored.id.value(), 0);
  EXPECT_EQ(stored.version, 1);

  auto read = uow->Services().Get(stored.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->provider, provider_);
  EXPECT_EQ(read->name_ja, "行政クラウド");
  EXPECT_EQ(read->name_en, "Example Cloud");
  EXPECT_EQ(read->description, "行政向けの「クラウド」基盤 — \"quoted\" ✓");
  EXPECT_EQ(read->model, domain::ServiceModel::kPaas);
  EXPECT_EQ(read->deployment, domain::DeploymentModel::kHybrid);
  EXPECT_EQ(read->regions, (std::vector<std::string>{"東京", "大阪"}));
  EXPECT_EQ(read->track, domain::Track::kLiu);
  EXPECT_FALSE(read->registration_id.has_value());
  EXPECT_FALSE(read->registered_statement.has_value());
  EXPECT_EQ(read->version, 1);

  const domain::Statement statement = InsertStatement(*uow, stored, 1);
  auto registration = uow->Registrations().Insert(ServiceRegistration(provider_, "C26-0001", {2026, 4, 1}), At(5));
  ASSERT_THAT(registration, IsOk());
  domain::CloudService next = *read;
  next.name_ja = "行政クラウド改";
  next.name_en = "Example Cloud II";
  next.description = "";
  next.model = domain::ServiceModel::kIaas;
  next.deployment = domain::DeploymentModel::kCommunity;
  next.regions = {"北海道"};
  next.track = domain::Track::kIsmap;
  next.registration_id = registration->id;
  next.registered_statement = statement.id;
  next.version = 2;
  ASSERT_THAT(uow->Services().Update(next, 1), IsOk());

  domain::CloudService stale = next;
  stale.name_ja = "上書きされない";
  stale.version = 2;
  EXPECT_THAT(uow->Services().Update(stale, 1), HasErrorReason(core::ErrorCode::kConflict, "service.stale_version"));

  read = uow->Services().Get(stored.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->name_ja, "行政クラウド改");
  EXPECT_EQ(read->name_en, "Example Cloud II");
  EXPECT_EQ(read->description, "");
  EXPECT_EQ(read->model, domain::ServiceModel::kIaas);
  EXPECT_EQ(read->deployment, domain::DeploymentModel::kCommunity);
  EXPECT_EQ(read->regions, std::vector<std::string>{"北海道"});
  EXPECT_EQ(read->track, domain::Track::kIsmap);
  EXPECT_EQ(read->registration_id, registration->id);
  EXPECT_EQ(read->registered_statement, statement.id);
  EXPECT_EQ(read->version, 2);

  auto by_registration = uow->Services().GetByRegistration(registration->id);
  ASSERT_THAT(by_registration, IsOk());
  EXPECT_EQ(by_registration->id, stored.id);
  EXPECT_THAT(uow->Services().GetByRegistration(domain::RegistrationId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
  EXPECT_THAT(uow->Services().Get(domain::ServiceId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
}

TEST_P(ServiceRepositoriesTest, OneRegistrationBelongsToOneServiceOnly) {
  domain::CloudService second;
  {
    auto uow = Write();
    auto first = InsertService(*uow, provider_, "一つ目");
    second = InsertService(*uow, provider_, "二つ目");
    auto registration = uow->Registrations().Insert(ServiceRegistration(provider_, "C26-0001", {2026, 4, 1}), At(5));
    ASSERT_THAT(registration, IsOk());
    first.registration_id = registration->id;
    first.version = 2;
    ASSERT_THAT(uow->Services().Update(first, 1), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
    second.registration_id = registration->id;
    second.version = 2;
  }
  auto uow = Write();
  EXPECT_THAT(uow->Services().Update(second, 1), testing::HasError(core::ErrorCode::kAlreadyExists));
}

TEST_P(ServiceRepositoriesTest, ListsAProvidersServicesById) {
  auto uow = Write();
  const auto first = InsertService(*uow, provider_, "一つ目");
  InsertService(*uow, other_provider_, "他社");
  const auto second = InsertService(*uow, provider_, "二つ目");
  auto mine = uow->Services().ListByProvider(provider_);
  ASSERT_THAT(mine, IsOk());
  ASSERT_EQ(mine->size(), 2U);
  EXPECT_EQ((*mine)[0].id, first.id);
  EXPECT_EQ((*mine)[1].id, second.id);
  EXPECT_EQ((*mine)[1].regions, (std::vector<std::string>{"東京", "大阪"}));
  auto none = uow->Services().ListByProvider(agency_);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

// Statements.

TEST_P(ServiceRepositoriesTest, StatementRoundTripsEveryField) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  domain::Statement draft = SampleStatement(service, 1);
  draft.subsequent_events = "2026年5月に組織変更";
  auto stored = uow->Statements().Insert(draft);
  ASSERT_THAT(stored, IsOk());
  EXPECT_GT(stored->id.value(), 0);

  auto read = uow->Statements().Get(stored->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->service, service.id);
  EXPECT_EQ(read->provider, provider_);
  EXPECT_EQ(read->revision, 1);
  EXPECT_EQ(read->edition, edition_);
  EXPECT_EQ(read->state, domain::StatementState::kDraft);
  EXPECT_EQ(read->scope, "本サービスの本番環境");
  EXPECT_EQ(read->system_overview, "三層構成のウェブシステム");
  EXPECT_EQ(read->representative, "代表取締役 山田太郎");
  EXPECT_EQ(read->period.first, (Date{2025, 4, 1}));
  EXPECT_EQ(read->period.last, (Date{2026, 3, 31}));
  EXPECT_EQ(read->subsequent_events, "2026年5月に組織変更");
  ASSERT_EQ(read->entries.size(), 2U);
  EXPECT_EQ(read->entries[0].control_id, "3.1.1");
  EXPECT_TRUE(read->entries[0].adopted);
  EXPECT_EQ(read->entries[0].reason, "");
  EXPECT_EQ(read->entries[0].implementation, "方針を定めている");
  EXPECT_EQ(read->entries[1].control_id, "10.1.1.2");
  EXPECT_FALSE(read->entries[1].adopted);
  EXPECT_EQ(read->entries[1].reason, "対象外のため");
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->updated_at, At(3));
  EXPECT_FALSE(read->submitted_at.has_value());
  EXPECT_THAT(uow->Statements().Get(domain::StatementId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "statement.not_found"));
}

TEST_P(ServiceRepositoriesTest, StatementUpdatesADraftAtItsVersionAndNeverASubmittedOne) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const domain::Statement stored = InsertStatement(*uow, service, 1);

  domain::Statement edited = stored;
  edited.scope = "改訂した範囲";
  edited.entries.push_back({"10.1.1.1.PB", true, "", "鍵を管理する"});
  edited.version = 2;
  edited.updated_at = At(6);
  ASSERT_THAT(uow->Statements().Update(edited, 1), IsOk());

  domain::Statement stale = edited;
  stale.scope = "上書きされない";
  stale.entries.clear();
  stale.version = 2;
  EXPECT_THAT(uow->Statements().Update(stale, 1),
              HasErrorReason(core::ErrorCode::kConflict, "statement.stale_version"));
  auto read = uow->Statements().Get(stored.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->scope, "改訂した範囲");
  EXPECT_EQ(read->entries.size(), 3U);
  EXPECT_EQ(read->version, 2);
  EXPECT_EQ(read->updated_at, At(6));

  domain::Statement submitted = *read;
  submitted.state = domain::StatementState::kSubmitted;
  submitted.version = 3;
  submitted.submitted_at = At(7);
  ASSERT_THAT(uow->Statements().Update(submitted, 2), IsOk());
  read = uow->Statements().Get(stored.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->state, domain::StatementState::kSubmitted);
  EXPECT_EQ(read->submitted_at, At(7));

  domain::Statement after = submitted;
  after.scope = "提出後の変更";
  after.version = 4;
  EXPECT_THAT(uow->Statements().Update(after, 3),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.not_editable"));
  after.state = domain::StatementState::kDraft;
  EXPECT_THAT(uow->Statements().Update(after, 3),
              HasErrorReason(core::ErrorCode::kFailedPrecondition, "statement.not_editable"));
  read = uow->Statements().Get(stored.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->scope, "改訂した範囲");
  EXPECT_EQ(read->version, 3);

  domain::Statement missing = edited;
  missing.id = domain::StatementId(999);
  EXPECT_THAT(uow->Statements().Update(missing, 1), HasErrorReason(core::ErrorCode::kNotFound, "statement.not_found"));
}

TEST_P(ServiceRepositoriesTest, StatementRevisionsAreUniquePerServiceAndListNewestFirst) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto other = InsertService(*uow, provider_, "別サービス");
  auto latest = uow->Statements().LatestRevision(service.id);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(*latest, 0);

  const auto first = InsertStatement(*uow, service, 1);
  domain::Statement second_draft = SampleStatement(service, 2);
  second_draft.state = domain::StatementState::kSubmitted;
  second_draft.submitted_at = At(8);
  auto second = uow->Statements().Insert(second_draft);
  ASSERT_THAT(second, IsOk());
  InsertStatement(*uow, other, 1);  // another service's revision 1 is no duplicate
  EXPECT_THAT(uow->Statements().Insert(SampleStatement(service, 2)),
              HasErrorReason(core::ErrorCode::kAlreadyExists, "statement.duplicate_revision"));

  latest = uow->Statements().LatestRevision(service.id);
  ASSERT_THAT(latest, IsOk());
  EXPECT_EQ(*latest, 2);
  auto versions = uow->Statements().ListByService(service.id);
  ASSERT_THAT(versions, IsOk());
  ASSERT_EQ(versions->size(), 2U);
  EXPECT_EQ((*versions)[0].id, second->id);
  EXPECT_EQ((*versions)[0].revision, 2);
  EXPECT_EQ((*versions)[0].state, domain::StatementState::kSubmitted);
  EXPECT_EQ((*versions)[0].submitted_at, At(8));
  EXPECT_EQ((*versions)[0].edition, edition_);
  EXPECT_EQ((*versions)[0].service, service.id);
  EXPECT_EQ((*versions)[1].id, first.id);
  EXPECT_EQ((*versions)[1].state, domain::StatementState::kDraft);
  EXPECT_FALSE((*versions)[1].submitted_at.has_value());
  EXPECT_EQ((*versions)[1].updated_at, At(3));
  ASSERT_THAT(uow->Commit(), IsOk());
}

// A whole edition's worth of entries is saved and read in one statement each; the times go to the
// log (no assertion: machines differ).
TEST_P(ServiceRepositoriesTest, AStatementOfAWholeEditionSavesAndReadsInOneRow) {
  std::int64_t id = 0;
  domain::Statement statement;
  {
    auto uow = Write();
    const auto service = InsertService(*uow, provider_, "行政クラウド");
    statement = InsertStatement(*uow, service, 1);
    ASSERT_THAT(uow->Commit(), IsOk());
    id = statement.id.value();
  }
  statement.entries.clear();
  for (int i = 0; i < 1159; ++i) {
    const bool adopted = i % 7 != 0;
    statement.entries.push_back({"10.1.1." + std::to_string(i), adopted, adopted ? "" : "当社の業務範囲外のため",
                                 adopted ? "手順書に従い、担当者が四半期ごとに確認し記録している。" : ""});
  }
  statement.version = 2;
  auto uow = Write();
  const auto start = std::chrono::steady_clock::now();
  ASSERT_THAT(uow->Statements().Update(statement, 1), IsOk());
  const auto saved = std::chrono::steady_clock::now();
  auto read = uow->Statements().Get(domain::StatementId(id));
  const auto done = std::chrono::steady_clock::now();
  ASSERT_THAT(read, IsOk());
  ASSERT_EQ(read->entries.size(), 1159U);
  EXPECT_EQ(read->entries[7].reason, "当社の業務範囲外のため");
  EXPECT_EQ(read->entries[1158].control_id, "10.1.1.1158");
  ASSERT_THAT(uow->Commit(), IsOk());
  using std::chrono::microseconds;
  const auto update_us = std::chrono::duration_cast<microseconds>(saved - start).count();
  const auto get_us = std::chrono::duration_cast<microseconds>(done - saved).count();
  std::cout << "[ timing ] " << GetParam().name << ": Statements().Update of 1,159 entries " << update_us << " us, Get "
            << get_us << " us\n";
  RecordProperty("update_us", static_cast<int>(update_us));
  RecordProperty("get_us", static_cast<int>(get_us));
}

// Engagements.

TEST_P(ServiceRepositoriesTest, EngagementRoundTripsEveryFieldAndUpdatesOnlyAtItsVersion) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto statement = InsertStatement(*uow, service, 1);
  auto stored = uow->Engagements().Insert(SampleEngagement(statement, audit_body_));
  ASSERT_THAT(stored, IsOk());
  auto read = uow->Engagements().Get(stored->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->service, service.id);
  EXPECT_EQ(read->provider, provider_);
  EXPECT_EQ(read->audit_body, audit_body_);
  EXPECT_EQ(read->statement, statement.id);
  EXPECT_EQ(read->state, domain::EngagementState::kRequested);
  EXPECT_FALSE(read->independence.did_not_help_prepare_statement);
  EXPECT_TRUE(read->auditors.empty());
  EXPECT_TRUE(read->results.empty());
  EXPECT_FALSE(read->report_document.has_value());
  EXPECT_FALSE(read->report_issued_on.has_value());
  EXPECT_EQ(read->version, 1);
  EXPECT_EQ(read->created_at, At(4));

  const std::string bytes = "%PDF-1.7 実施結果報告書";
  domain::NewDocument report{
      "報告書.pdf", "application/pdf",      domain::Classification::kRestricted,     audit_body_,
      std::nullopt, core::Sha256Hex(bytes), static_cast<std::int64_t>(bytes.size()), std::nullopt};
  auto document = uow->Documents().Insert(report, bytes, At(9));
  ASSERT_THAT(document, IsOk());

  domain::Engagement issued = *read;
  issued.state = domain::EngagementState::kReportIssued;
  issued.independence = {true, "言明書の作成に関与していない"};
  issued.auditors = {{"監査 太郎",
                      {{domain::QualificationKind::kCisa, "", "C-1", Date{2027, 3, 31}},
                       {domain::QualificationKind::kOther, "ISO 27001 LA", "L-2", std::nullopt}}}};
  issued.results = {{"3.1.1", "文書を閲覧した", true, true, domain::AuditResult::kNoException, ""},
                    {"10.1.1.2", "質問した", true, false, domain::AuditResult::kException, "記録が一部欠落"}};
  issued.report_document = document->id;
  issued.report_issued_on = Date{2026, 6, 30};
  issued.last_reason = "理由";
  issued.version = 2;
  ASSERT_THAT(uow->Engagements().Update(issued, 1), IsOk());
  domain::Engagement stale = issued;
  stale.last_reason = "上書きされない";
  EXPECT_THAT(uow->Engagements().Update(stale, 1),
              HasErrorReason(core::ErrorCode::kConflict, "engagement.stale_version"));

  read = uow->Engagements().Get(stored->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->state, domain::EngagementState::kReportIssued);
  EXPECT_TRUE(read->independence.did_not_help_prepare_statement);
  EXPECT_EQ(read->independence.text, "言明書の作成に関与していない");
  ASSERT_EQ(read->auditors.size(), 1U);
  EXPECT_EQ(read->auditors[0].name, "監査 太郎");
  ASSERT_EQ(read->auditors[0].qualifications.size(), 2U);
  EXPECT_EQ(read->auditors[0].qualifications[0].kind, domain::QualificationKind::kCisa);
  EXPECT_EQ(read->auditors[0].qualifications[0].expires_on, (Date{2027, 3, 31}));
  EXPECT_EQ(read->auditors[0].qualifications[1].other_name, "ISO 27001 LA");
  EXPECT_FALSE(read->auditors[0].qualifications[1].expires_on.has_value());
  ASSERT_EQ(read->results.size(), 2U);
  EXPECT_EQ(read->results[0].control_id, "3.1.1");
  EXPECT_EQ(read->results[0].procedure, "文書を閲覧した");
  EXPECT_TRUE(read->results[0].operating);
  EXPECT_EQ(read->results[1].result, domain::AuditResult::kException);
  EXPECT_FALSE(read->results[1].operating);
  EXPECT_EQ(read->results[1].description, "記録が一部欠落");
  EXPECT_EQ(read->report_document, document->id);
  EXPECT_EQ(read->report_issued_on, (Date{2026, 6, 30}));
  EXPECT_EQ(read->last_reason, "理由");
  EXPECT_EQ(read->version, 2);
  EXPECT_THAT(uow->Engagements().Get(domain::EngagementId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "engagement.not_found"));
}

TEST_P(ServiceRepositoriesTest, EngagementsListByProviderAndByAuditBodyNewestFirstWithoutResults) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto other_service = InsertService(*uow, other_provider_, "他社サービス");
  const auto statement = InsertStatement(*uow, service, 1);
  const auto other_statement = InsertStatement(*uow, other_service, 1);
  domain::Engagement with_results = SampleEngagement(statement, audit_body_);
  with_results.results = {{"3.1.1", "閲覧", true, true, domain::AuditResult::kNoException, ""}};
  auto first = uow->Engagements().Insert(with_results);
  auto second = uow->Engagements().Insert(SampleEngagement(statement, other_body_));
  auto third = uow->Engagements().Insert(SampleEngagement(other_statement, audit_body_));
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(third, IsOk());

  auto mine = uow->Engagements().ListByProvider(provider_, 10, 0);
  ASSERT_THAT(mine, IsOk());
  ASSERT_EQ(mine->size(), 2U);
  EXPECT_EQ((*mine)[0].id, second->id);
  EXPECT_EQ((*mine)[1].id, first->id);
  EXPECT_TRUE((*mine)[1].results.empty());
  auto page = uow->Engagements().ListByProvider(provider_, 1, 1);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->size(), 1U);
  EXPECT_EQ((*page)[0].id, first->id);

  auto body = uow->Engagements().ListByAuditBody(audit_body_, 10, 0);
  ASSERT_THAT(body, IsOk());
  ASSERT_EQ(body->size(), 2U);
  EXPECT_EQ((*body)[0].id, third->id);
  EXPECT_EQ((*body)[0].provider, other_provider_);
  EXPECT_EQ((*body)[1].id, first->id);
  auto full = uow->Engagements().Get(first->id);
  ASSERT_THAT(full, IsOk());
  EXPECT_EQ(full->results.size(), 1U);
}

// Cloud service applications.

TEST_P(ServiceRepositoriesTest, ApplicationContentAndReviewRoundTripAndAreReplacedWhole) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto statement = InsertStatement(*uow, service, 1);
  auto engagement = uow->Engagements().Insert(SampleEngagement(statement, audit_body_));
  auto additional = uow->Engagements().Insert(SampleEngagement(statement, other_body_));
  ASSERT_THAT(engagement, IsOk());
  ASSERT_THAT(additional, IsOk());
  auto application = uow->Applications().Insert(CloudApplication(provider_, ApplicationState::kDraft, At(2)), At(2));
  ASSERT_THAT(application, IsOk());

  domain::ServiceApplicationContent content;
  content.service = service.id;
  EXPECT_THAT(uow->ServiceApplications().PutContent(domain::ApplicationId(999), content),
              HasErrorReason(core::ErrorCode::kNotFound, "application.not_found"));
  EXPECT_THAT(uow->ServiceApplications().GetContent(application->id),
              HasErrorReason(core::ErrorCode::kNotFound, "application.content_not_found"));

  ASSERT_THAT(uow->ServiceApplications().PutContent(application->id, content), IsOk());
  auto read = uow->ServiceApplications().GetContent(application->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->service, service.id);
  EXPECT_FALSE(read->statement.has_value());
  EXPECT_FALSE(read->engagement.has_value());
  EXPECT_FALSE(read->additional_engagement.has_value());
  EXPECT_EQ(read->disclosures.capital_and_officers, "");

  content.statement = statement.id;
  content.engagement = engagement->id;
  content.additional_engagement = additional->id;
  content.disclosures = {"資本関係：なし", "外国法の適用なし", "日本法・東京地方裁判所", "年1回の侵入テスト",
                         "ISO/IEC 27001"};
  ASSERT_THAT(uow->ServiceApplications().PutContent(application->id, content), IsOk());
  read = uow->ServiceApplications().GetContent(application->id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->statement, statement.id);
  EXPECT_EQ(read->engagement, engagement->id);
  EXPECT_EQ(read->additional_engagement, additional->id);
  EXPECT_EQ(read->disclosures.capital_and_officers, "資本関係：なし");
  EXPECT_EQ(read->disclosures.foreign_law_risk, "外国法の適用なし");
  EXPECT_EQ(read->disclosures.governing_law_and_court, "日本法・東京地方裁判所");
  EXPECT_EQ(read->disclosures.third_party_tests, "年1回の侵入テスト");
  EXPECT_EQ(read->disclosures.other_certifications, "ISO/IEC 27001");

  auto none = uow->ServiceApplications().GetReview(application->id);
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  domain::Evaluation review{
      "ismap-test",
      {{"3.1.1", domain::ItemVerdict::kMet, ""}, {"10.1.1.2", domain::ItemVerdict::kNotMet, "理由が不十分"}}};
  ASSERT_THAT(uow->ServiceApplications().PutReview(application->id, review), IsOk());
  review.items.pop_back();
  ASSERT_THAT(uow->ServiceApplications().PutReview(application->id, review), IsOk());
  auto stored_review = uow->ServiceApplications().GetReview(application->id);
  ASSERT_THAT(stored_review, IsOk());
  ASSERT_TRUE(stored_review->has_value());
  EXPECT_EQ((*stored_review)->requirement_set_version, "ismap-test");
  ASSERT_EQ((*stored_review)->items.size(), 1U);
  EXPECT_EQ((*stored_review)->items[0].item_id, "3.1.1");
  EXPECT_EQ((*stored_review)->items[0].verdict, domain::ItemVerdict::kMet);
}

TEST_P(ServiceRepositoriesTest, LinesFilterByApplicantAndStatesOrderAndCount) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto other_service = InsertService(*uow, other_provider_, "他社サービス");
  // Ids in insertion order; state_since deliberately not.
  struct Spec {
    domain::OrganizationId applicant;
    domain::ServiceId service;
    ApplicationState state;
    core::TimePoint since;
  };
  const std::vector<Spec> specs = {
      {provider_, service.id, ApplicationState::kSubmitted, At(10)},
      {provider_, service.id, ApplicationState::kDraft, At(5)},
      {other_provider_, other_service.id, ApplicationState::kSubmitted, At(3)},
      {provider_, service.id, ApplicationState::kTechnicalReview, At(8)},
  };
  std::vector<domain::ApplicationId> ids;
  for (const auto& spec : specs) {
    auto a = uow->Applications().Insert(CloudApplication(spec.applicant, spec.state, spec.since), spec.since);
    ASSERT_THAT(a, IsOk());
    domain::ServiceApplicationContent content;
    content.service = spec.service;
    ASSERT_THAT(uow->ServiceApplications().PutContent(a->id, content), IsOk());
    ids.push_back(a->id);
  }
  // An audit body's application and a cloud service application without content are no lines.
  domain::Application audit = CloudApplication(audit_body_, ApplicationState::kSubmitted, At(1));
  audit.kind = ApplicationKind::kAuditBody;
  ASSERT_THAT(uow->Applications().Insert(audit, At(1)), IsOk());

  auto all = uow->ServiceApplications().ListLines(std::nullopt, {}, LineOrder::kNewestFirst, 10, 0);
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->size(), 4U);
  EXPECT_EQ((*all)[0].application.id, ids[3]);
  EXPECT_EQ((*all)[3].application.id, ids[0]);
  EXPECT_EQ((*all)[1].application.applicant, other_provider_);
  EXPECT_EQ((*all)[1].service, other_service.id);
  EXPECT_EQ((*all)[1].service_name_ja, "他社サービス");
  EXPECT_EQ((*all)[1].service_name_en, "Example Cloud");
  EXPECT_EQ((*all)[1].applicant_name_ja, "別会社");
  EXPECT_EQ((*all)[1].applicant_name_en, "Other Co.");
  EXPECT_EQ((*all)[0].application.state, ApplicationState::kTechnicalReview);
  EXPECT_EQ((*all)[0].application.state_since, At(8));
  auto count = uow->ServiceApplications().CountLines(std::nullopt, {});
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 4);

  auto dashboard = uow->ServiceApplications().ListLines(provider_, {}, LineOrder::kNewestFirst, 2, 0);
  ASSERT_THAT(dashboard, IsOk());
  ASSERT_EQ(dashboard->size(), 2U);
  EXPECT_EQ((*dashboard)[0].application.id, ids[3]);
  EXPECT_EQ((*dashboard)[1].application.id, ids[1]);
  EXPECT_EQ((*dashboard)[0].applicant_name_ja, "クラウド株式会社");
  auto next_page = uow->ServiceApplications().ListLines(provider_, {}, LineOrder::kNewestFirst, 2, 2);
  ASSERT_THAT(next_page, IsOk());
  ASSERT_EQ(next_page->size(), 1U);
  EXPECT_EQ((*next_page)[0].application.id, ids[0]);
  count = uow->ServiceApplications().CountLines(provider_, {});
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 3);

  const std::vector<ApplicationState> queue_states = {ApplicationState::kSubmitted, ApplicationState::kTechnicalReview};
  auto queue = uow->ServiceApplications().ListLines(std::nullopt, queue_states, LineOrder::kOldestStateFirst, 10, 0);
  ASSERT_THAT(queue, IsOk());
  ASSERT_EQ(queue->size(), 3U);
  EXPECT_EQ((*queue)[0].application.id, ids[2]);  // since day 3
  EXPECT_EQ((*queue)[1].application.id, ids[3]);  // day 8
  EXPECT_EQ((*queue)[2].application.id, ids[0]);  // day 10
  count = uow->ServiceApplications().CountLines(std::nullopt, queue_states);
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 3);

  auto mine_queued = uow->ServiceApplications().ListLines(provider_, queue_states, LineOrder::kOldestStateFirst, 10, 0);
  ASSERT_THAT(mine_queued, IsOk());
  ASSERT_EQ(mine_queued->size(), 2U);
  EXPECT_EQ((*mine_queued)[0].application.id, ids[3]);
  EXPECT_EQ((*mine_queued)[1].application.id, ids[0]);
  count = uow->ServiceApplications().CountLines(provider_, queue_states);
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 2);

  auto none = uow->ServiceApplications().ListLines(std::nullopt, {ApplicationState::kApproved},
                                                   LineOrder::kOldestStateFirst, 10, 0);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
  count = uow->ServiceApplications().CountLines(other_provider_, {ApplicationState::kDraft});
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, 0);

  auto by_service = uow->ServiceApplications().ListByService(service.id);
  ASSERT_THAT(by_service, IsOk());
  ASSERT_EQ(by_service->size(), 3U);
  EXPECT_EQ((*by_service)[0].id, ids[3]);
  EXPECT_EQ((*by_service)[1].id, ids[1]);
  EXPECT_EQ((*by_service)[2].id, ids[0]);
  EXPECT_EQ((*by_service)[2].state_since, At(10));
}

// Disclosure grants.

TEST_P(ServiceRepositoriesTest, GrantsRoundTripListByServiceAndAgencyAndRevokeOnce) {
  auto uow = Write();
  const auto service = InsertService(*uow, provider_, "行政クラウド");
  const auto other_service = InsertService(*uow, provider_, "別サービス");
  auto grant = [&](domain::ServiceId s, domain::OrganizationId agency) {
    domain::DisclosureGrant g;
    g.service = s;
    g.provider = provider_;
    g.agency = agency;
    g.from = {2026, 12, 1};
    g.until = {2027, 11, 30};
    g.created_at = At(11);
    auto stored = uow->DisclosureGrants().Insert(g);
    EXPECT_THAT(stored, IsOk());
    return *stored;
  };
  const auto first = grant(service.id, agency_);
  const auto second = grant(service.id, other_agency_);
  const auto third = grant(other_service.id, agency_);

  auto read = uow->DisclosureGrants().Get(first.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->service, service.id);
  EXPECT_EQ(read->provider, provider_);
  EXPECT_EQ(read->agency, agency_);
  EXPECT_EQ(read->from, (Date{2026, 12, 1}));
  EXPECT_EQ(read->until, (Date{2027, 11, 30}));
  EXPECT_FALSE(read->revoked_at.has_value());
  EXPECT_EQ(read->created_at, At(11));
  EXPECT_THAT(uow->DisclosureGrants().Get(domain::DisclosureGrantId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "grant.not_found"));

  auto on_service = uow->DisclosureGrants().ListByService(service.id);
  ASSERT_THAT(on_service, IsOk());
  ASSERT_EQ(on_service->size(), 2U);
  EXPECT_EQ((*on_service)[0].id, second.id);
  EXPECT_EQ((*on_service)[1].id, first.id);
  auto to_agency = uow->DisclosureGrants().ListByAgency(agency_);
  ASSERT_THAT(to_agency, IsOk());
  ASSERT_EQ(to_agency->size(), 2U);
  EXPECT_EQ((*to_agency)[0].id, third.id);
  EXPECT_EQ((*to_agency)[1].id, first.id);

  ASSERT_THAT(uow->DisclosureGrants().Revoke(first.id, At(12)), IsOk());
  ASSERT_THAT(uow->DisclosureGrants().Revoke(first.id, At(13)), IsOk());  // the first revocation stands
  read = uow->DisclosureGrants().Get(first.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->revoked_at, At(12));
  EXPECT_THAT(uow->DisclosureGrants().Revoke(domain::DisclosureGrantId(999), At(12)),
              HasErrorReason(core::ErrorCode::kNotFound, "grant.not_found"));
  auto untouched = uow->DisclosureGrants().Get(second.id);
  ASSERT_THAT(untouched, IsOk());
  EXPECT_FALSE(untouched->revoked_at.has_value());
}

// The public list.

TEST_P(ServiceRepositoriesTest, ListingShowsRegisteredServicesByNumberWithTheStateOnTheDay) {
  auto uow = Write();
  auto a = InsertService(*uow, provider_, "Aサービス");
  auto b = InsertService(*uow, other_provider_, "Bサービス");
  auto unregistered = InsertService(*uow, provider_, "未登録サービス");
  auto later = InsertService(*uow, provider_, "後日登録");

  domain::Statement statement = SampleStatement(a, 1);
  statement.state = domain::StatementState::kSubmitted;
  statement.subsequent_events = "後発事象なし";
  statement.entries = {{"3.1.1", true, "", "非公開の実施内容"}};
  auto a_statement = uow->Statements().Insert(statement);
  ASSERT_THAT(a_statement, IsOk());
  // A declined engagement, then the one whose report was issued: the list names the latter's body.
  domain::Engagement declined = SampleEngagement(*a_statement, other_body_);
  declined.state = domain::EngagementState::kDeclined;
  ASSERT_THAT(uow->Engagements().Insert(declined), IsOk());
  domain::Engagement issued = SampleEngagement(*a_statement, audit_body_);
  issued.state = domain::EngagementState::kReportIssued;
  issued.report_issued_on = Date{2026, 5, 31};
  ASSERT_THAT(uow->Engagements().Insert(issued), IsOk());

  auto reg_a = uow->Registrations().Insert(ServiceRegistration(provider_, "C26-0002", {2026, 6, 1}), At(14));
  auto reg_b = uow->Registrations().Insert(ServiceRegistration(other_provider_, "C26-0001", {2026, 7, 1}), At(14));
  auto reg_later = uow->Registrations().Insert(ServiceRegistration(provider_, "C26-0003", {2026, 12, 1}), At(14));
  ASSERT_THAT(reg_a, IsOk());
  ASSERT_THAT(reg_b, IsOk());
  ASSERT_THAT(reg_later, IsOk());
  a.registration_id = reg_a->id;
  a.registered_statement = a_statement->id;
  a.version = 2;
  ASSERT_THAT(uow->Services().Update(a, 1), IsOk());
  b.registration_id = reg_b->id;
  b.version = 2;
  ASSERT_THAT(uow->Services().Update(b, 1), IsOk());
  later.registration_id = reg_later->id;
  later.version = 2;
  ASSERT_THAT(uow->Services().Update(later, 1), IsOk());
  // An audit body's registration is not on this list.
  domain::Registration body = ServiceRegistration(audit_body_, "A26-0001", {2026, 1, 1});
  body.register_kind = ApplicationKind::kAuditBody;
  ASSERT_THAT(uow->Registrations().Insert(body, At(14)), IsOk());

  // B is suspended from 2026-10-01.
  domain::Registration suspended = *reg_b;
  suspended.state = RegistrationState::kSuspended;
  suspended.version = 2;
  ASSERT_THAT(uow->Registrations().Update(suspended, 1, {2026, 10, 1}), IsOk());

  auto lines = uow->ServiceListings().List({2026, 11, 1});
  ASSERT_THAT(lines, IsOk());
  ASSERT_EQ(lines->size(), 2U);
  const ServiceListing& first = (*lines)[0];
  EXPECT_EQ(first.registration.number, "C26-0001");
  EXPECT_EQ(first.service.id, b.id);
  EXPECT_EQ(first.provider_name_ja, "別会社");
  EXPECT_EQ(first.provider_name_en, "Other Co.");
  EXPECT_EQ(first.scope, "");  // no registered statement recorded
  EXPECT_EQ(first.audit_body_name_ja, "");
  EXPECT_EQ(first.registration.state, RegistrationState::kSuspended);
  EXPECT_EQ(first.state_on, RegistrationState::kSuspended);
  const ServiceListing& second = (*lines)[1];
  EXPECT_EQ(second.registration.number, "C26-0002");
  EXPECT_EQ(second.registration.id, reg_a->id);
  EXPECT_EQ(second.service.id, a.id);
  EXPECT_EQ(second.service.name_ja, "Aサービス");
  EXPECT_EQ(second.service.regions, (std::vector<std::string>{"東京", "大阪"}));
  EXPECT_EQ(second.service.registered_statement, a_statement->id);
  EXPECT_EQ(second.provider_name_ja, "クラウド株式会社");
  EXPECT_EQ(second.scope, "本サービスの本番環境");
  EXPECT_EQ(second.period.first, (Date{2025, 4, 1}));
  EXPECT_EQ(second.period.last, (Date{2026, 3, 31}));
  EXPECT_EQ(second.subsequent_events, "後発事象なし");
  EXPECT_EQ(second.audit_body_name_ja, "監査法人テスト");
  EXPECT_EQ(second.audit_body_name_en, "Test Audit Corporation");
  EXPECT_EQ(second.audit_body, audit_body_);
  EXPECT_EQ(first.audit_body, std::nullopt);
  EXPECT_EQ(second.state_on, RegistrationState::kActive);

  // On a past day: B was active then, and A not yet registered.
  auto past = uow->ServiceListings().List({2026, 9, 30});
  ASSERT_THAT(past, IsOk());
  ASSERT_EQ(past->size(), 2U);
  EXPECT_EQ((*past)[0].state_on, RegistrationState::kActive);
  EXPECT_EQ((*past)[0].registration.state, RegistrationState::kSuspended);  // the stored state is today's
  auto early = uow->ServiceListings().List({2026, 6, 15});
  ASSERT_THAT(early, IsOk());
  ASSERT_EQ(early->size(), 1U);
  EXPECT_EQ((*early)[0].service.id, a.id);

  auto one = uow->ServiceListings().Get(a.id, {2026, 11, 1});
  ASSERT_THAT(one, IsOk());
  EXPECT_EQ(one->registration.number, "C26-0002");
  EXPECT_EQ(one->audit_body_name_ja, "監査法人テスト");
  EXPECT_EQ(one->state_on, RegistrationState::kActive);
  auto b_past = uow->ServiceListings().Get(b.id, {2026, 9, 30});
  ASSERT_THAT(b_past, IsOk());
  EXPECT_EQ(b_past->state_on, RegistrationState::kActive);
  EXPECT_THAT(uow->ServiceListings().Get(unregistered.id, {2026, 11, 1}),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_registered"));
  EXPECT_THAT(uow->ServiceListings().Get(later.id, {2026, 11, 1}),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_registered"));
  EXPECT_THAT(uow->ServiceListings().Get(domain::ServiceId(999), {2026, 11, 1}),
              HasErrorReason(core::ErrorCode::kNotFound, "service.not_found"));
}

// Free-text search finds substrings of katakana and kanji words, which have no spaces to split on,
// through the index (three characters or more) and by a scan (one or two), and follows every
// change of what a service is found by.
TEST_P(ServiceRepositoriesTest, MatchTextFindsSubstringsInJapaneseAndEnglishAndFollowsChanges) {
  auto uow = Write();
  auto storage = InsertService(*uow, provider_, "クラウドストレージ");
  auto mail = InsertService(*uow, other_provider_, "メール配信サービス");
  const auto found = [&](std::string_view text) {
    auto ids = uow->ServiceListings().MatchText(text);
    EXPECT_THAT(ids, IsOk()) << text;
    std::vector<domain::ServiceId> sorted = ids ? *ids : std::vector<domain::ServiceId>{};
    std::sort(sorted.begin(), sorted.end());
    return sorted;
  };
  using Ids = std::vector<domain::ServiceId>;
  EXPECT_EQ(found("ストレージ"), (Ids{storage.id}));
  EXPECT_EQ(found("ドスト"), (Ids{storage.id}));        // three characters in the middle of a word
  EXPECT_EQ(found("配信"), (Ids{mail.id}));             // two: a scan
  EXPECT_EQ(found("ス"), (Ids{storage.id, mail.id}));   // one
  EXPECT_EQ(found("クラウド株式"), (Ids{storage.id}));  // the provider's name
  EXPECT_EQ(found("other co"), (Ids{mail.id}));         // its English name, case ignored
  EXPECT_EQ(found("OTHER CO"), (Ids{mail.id}));
  EXPECT_EQ(found("Ot"), (Ids{mail.id}));  // short English, case ignored
  EXPECT_EQ(found("存在しない言葉"), Ids{});
  EXPECT_EQ(found("100%"), Ids{});  // LIKE's characters match themselves
  EXPECT_EQ(found("_"), Ids{});
  EXPECT_EQ(found("\"ストレージ"), Ids{});  // and so do FTS5's quotes
  EXPECT_EQ(found("OR"), Ids{});            // never an FTS5 operator

  // Renamed: the old name no longer finds it, the new one does.
  storage.name_ja = "オブジェクト保管庫";
  storage.version = 2;
  ASSERT_THAT(uow->Services().Update(storage, 1), IsOk());
  EXPECT_EQ(found("ストレージ"), Ids{});
  EXPECT_EQ(found("オブジェクト"), (Ids{storage.id}));

  // Registered: its number and the names of the audit body whose report registered it.
  domain::Statement statement = SampleStatement(storage, 1);
  statement.state = domain::StatementState::kSubmitted;
  auto submitted = uow->Statements().Insert(statement);
  ASSERT_THAT(submitted, IsOk());
  domain::Engagement engagement = SampleEngagement(*submitted, audit_body_);
  engagement.state = domain::EngagementState::kAccepted;
  auto accepted = uow->Engagements().Insert(engagement);
  ASSERT_THAT(accepted, IsOk());
  auto registration = uow->Registrations().Insert(ServiceRegistration(provider_, "C26-0042-1", {2026, 6, 1}), At(14));
  ASSERT_THAT(registration, IsOk());
  storage.registration_id = registration->id;
  storage.registered_statement = submitted->id;
  storage.version = 3;
  ASSERT_THAT(uow->Services().Update(storage, 2), IsOk());
  EXPECT_EQ(found("c26-0042"), (Ids{storage.id}));
  EXPECT_EQ(found("監査法人テスト"), Ids{});  // no report issued yet
  domain::Engagement issued = *accepted;
  issued.state = domain::EngagementState::kReportIssued;
  issued.report_issued_on = Date{2026, 5, 31};
  issued.version = accepted->version + 1;
  ASSERT_THAT(uow->Engagements().Update(issued, accepted->version), IsOk());
  EXPECT_EQ(found("監査法人テスト"), (Ids{storage.id}));
  EXPECT_EQ(found("test audit"), (Ids{storage.id}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceRepositoriesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
