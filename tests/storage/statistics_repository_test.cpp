// The storage contract for the programme statistics' queries (storage/statistics_repository.hpp):
// every registration of a register with its status history and its service's track, and the
// decided applications with their first submission. Every backend gives the same answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "app/ledger.hpp"
#include "tests/support/backend_test.hpp"

namespace ismap::storage {
namespace {

using domain::ApplicationKind;
using domain::Date;
using domain::RegistrationState;
using testing::IsOk;

core::TimePoint At(int month, int day) {
  using namespace std::chrono;
  return sys_days{year{2026} / month / day} + hours{3} + microseconds{7};
}

class StatisticsRepositoryTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    holder_ = testing::InsertOrganization(*db_, domain::OrganizationKind::kCsp, "統計株式会社", At(1, 1));
  }

  std::unique_ptr<UnitOfWork> Write() {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return std::move(*uow);
  }

  domain::Registration Register(UnitOfWork& uow, ApplicationKind kind, const std::string& number) {
    domain::Registration r;
    r.register_kind = kind;
    r.holder = holder_;
    r.number = number;
    r.registered_on = {2026, 1, 10};
    r.valid_until = {2027, 1, 31};
    auto stored = uow.Registrations().Insert(r, At(1, 10));
    EXPECT_THAT(stored, IsOk());
    return *stored;
  }

  domain::ApplicationId Decided(UnitOfWork& uow, ApplicationKind kind, domain::ApplicationState state,
                                core::TimePoint since) {
    domain::Application a;
    a.kind = kind;
    a.applicant = holder_;
    a.state = state;
    a.state_since = since;
    auto stored = uow.Applications().Insert(a, since);
    EXPECT_THAT(stored, IsOk());
    return stored->id;
  }

  void Submitted(UnitOfWork& uow, domain::ApplicationId id, const std::string& type, core::TimePoint at) {
    core::ManualClock clock(at);
    EXPECT_THAT(app::RecordEvent(uow, clock, "user:1", std::nullopt, type, app::ApplicationSubject(id)), IsOk());
  }

  domain::OrganizationId holder_;
};

TEST_P(StatisticsRepositoryTest, RegistrationLivesCarryHistoryAndTrackByRegister) {
  auto uow = Write();
  const auto body = Register(*uow, ApplicationKind::kAuditBody, "A-1");
  const auto listed = Register(*uow, ApplicationKind::kCloudService, "C-1");
  const auto unrecorded = Register(*uow, ApplicationKind::kCloudService, "C-2");  // no service records it
  domain::CloudService service;
  service.provider = holder_;
  service.name_ja = "統計サービス";
  service.regions = {"東京"};
  service.track = domain::Track::kLiu;
  service.model = domain::ServiceModel::kPaas;
  auto stored = uow->Services().Insert(service, At(1, 10));
  ASSERT_THAT(stored, IsOk());
  domain::CloudService recorded = *stored;
  recorded.registration_id = listed.id;
  recorded.version = 2;
  ASSERT_THAT(uow->Services().Update(recorded, 1), IsOk());
  domain::Registration suspended = listed;
  suspended.state = RegistrationState::kSuspended;
  suspended.version = 2;
  ASSERT_THAT(uow->Registrations().Update(suspended, 1, {2026, 3, 1}), IsOk());
  ASSERT_THAT(uow->Commit(), IsOk());

  auto read = db_->Begin(TxMode::kRead);
  ASSERT_THAT(read, IsOk());
  auto services = (*read)->Statistics().RegistrationLives(ApplicationKind::kCloudService);
  ASSERT_THAT(services, IsOk());
  ASSERT_EQ(services->size(), 2U);
  const auto& first = (*services)[0];
  EXPECT_EQ(first.registration.id, listed.id);
  EXPECT_EQ(first.registration.registered_on, (Date{2026, 1, 10}));
  EXPECT_EQ(first.registration.valid_until, (Date{2027, 1, 31}));
  EXPECT_EQ(first.registration.state, RegistrationState::kSuspended);
  EXPECT_EQ(first.track, domain::Track::kLiu);
  EXPECT_EQ(first.model, domain::ServiceModel::kPaas);
  ASSERT_EQ(first.history.size(), 2U);
  EXPECT_EQ(first.history[0].from, (Date{2026, 1, 10}));
  EXPECT_EQ(first.history[0].to, (Date{2026, 3, 1}));
  EXPECT_EQ(first.history[0].state, RegistrationState::kActive);
  EXPECT_EQ(first.history[1].state, RegistrationState::kSuspended);
  EXPECT_FALSE(first.history[1].to.has_value());
  EXPECT_EQ((*services)[1].registration.id, unrecorded.id);
  EXPECT_FALSE((*services)[1].track.has_value());

  auto bodies = (*read)->Statistics().RegistrationLives(ApplicationKind::kAuditBody);
  ASSERT_THAT(bodies, IsOk());
  ASSERT_EQ(bodies->size(), 1U);
  EXPECT_EQ((*bodies)[0].registration.id, body.id);
  EXPECT_FALSE((*bodies)[0].track.has_value());
  EXPECT_FALSE((*bodies)[0].model.has_value());
  EXPECT_EQ((*bodies)[0].history.size(), 1U);
}

// The operational report's query (issue 9): every application of a kind, with the state each
// ledger event about it left it in, in ledger order, and its service's track and model.
TEST_P(StatisticsRepositoryTest, ApplicationTimelinesCarryEveryStateChangeInLedgerOrder) {
  auto uow = Write();
  domain::CloudService service;
  service.provider = holder_;
  service.name_ja = "報告サービス";
  service.regions = {"東京"};
  service.track = domain::Track::kIsmap;
  service.model = domain::ServiceModel::kIaas;
  auto stored = uow->Services().Insert(service, At(1, 10));
  ASSERT_THAT(stored, IsOk());
  const auto decided = Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kApproved, At(5, 1));
  domain::ServiceApplicationContent content;
  content.service = stored->id;
  ASSERT_THAT(uow->ServiceApplications().PutContent(decided, content), IsOk());
  auto step = [&](domain::ApplicationId id, const char* state, core::TimePoint at) {
    core::ManualClock clock(at);
    EXPECT_THAT(app::RecordEvent(*uow, clock, "user:1", std::nullopt, "cloud_service.step", app::ApplicationSubject(id),
                                 std::string(R"({"state":")") + state + R"(","version":2})"),
                IsOk());
  };
  step(decided, "submitted", At(2, 1));
  step(decided, "returned", At(2, 10));
  Submitted(*uow, decided, "cloud_service.note", At(2, 11));  // no state in its payload: not a change
  step(decided, "submitted", At(2, 12));
  step(decided, "recommended", At(3, 1));
  const auto draft = Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kDraft, At(1, 1));
  const auto body = Decided(*uow, ApplicationKind::kAuditBody, domain::ApplicationState::kSubmitted, At(4, 1));
  step(body, "submitted", At(4, 1));
  ASSERT_THAT(uow->Commit(), IsOk());

  auto read = db_->Begin(TxMode::kRead);
  ASSERT_THAT(read, IsOk());
  auto services = (*read)->Statistics().ApplicationTimelines(ApplicationKind::kCloudService);
  ASSERT_THAT(services, IsOk());
  ASSERT_EQ(services->size(), 2U);
  const auto& first = (*services)[0];
  EXPECT_EQ(first.id, decided);
  EXPECT_EQ(first.state, domain::ApplicationState::kApproved);
  EXPECT_EQ(first.state_since, At(5, 1));
  EXPECT_EQ(first.track, domain::Track::kIsmap);
  EXPECT_EQ(first.model, domain::ServiceModel::kIaas);
  ASSERT_EQ(first.changes.size(), 4U);
  EXPECT_EQ(first.changes[0].state, domain::ApplicationState::kSubmitted);
  EXPECT_EQ(first.changes[0].at, At(2, 1));
  EXPECT_EQ(first.changes[1].state, domain::ApplicationState::kReturned);
  EXPECT_EQ(first.changes[2].at, At(2, 12));
  EXPECT_EQ(first.changes[3].state, domain::ApplicationState::kRecommended);
  EXPECT_EQ((*services)[1].id, draft);
  EXPECT_TRUE((*services)[1].changes.empty());
  EXPECT_FALSE((*services)[1].track.has_value());
  auto bodies = (*read)->Statistics().ApplicationTimelines(ApplicationKind::kAuditBody);
  ASSERT_THAT(bodies, IsOk());
  ASSERT_EQ(bodies->size(), 1U);
  EXPECT_EQ((*bodies)[0].id, body);
  ASSERT_EQ((*bodies)[0].changes.size(), 1U);
  EXPECT_FALSE((*bodies)[0].model.has_value());
}

TEST_P(StatisticsRepositoryTest, DecisionTimesFromTheFirstSubmissionOfDecidedApplicationsOnly) {
  auto uow = Write();
  const std::string type = "cloud_service.submitted";
  const auto approved = Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kApproved, At(5, 1));
  Submitted(*uow, approved, type, At(2, 1));
  Submitted(*uow, approved, type, At(3, 1));                       // resubmitted: the first counts
  Submitted(*uow, approved, "cloud_service.returned", At(1, 15));  // another type: ignored
  const auto rejected = Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kRejected, At(6, 1));
  Submitted(*uow, rejected, type, At(4, 1));
  const auto waiting = Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kRecommended, At(6, 1));
  Submitted(*uow, waiting, type, At(4, 1));
  Decided(*uow, ApplicationKind::kCloudService, domain::ApplicationState::kApproved, At(6, 2));  // never submitted
  const auto body = Decided(*uow, ApplicationKind::kAuditBody, domain::ApplicationState::kApproved, At(7, 1));
  Submitted(*uow, body, "audit_body.submitted", At(4, 1));
  ASSERT_THAT(uow->Commit(), IsOk());

  auto read = db_->Begin(TxMode::kRead);
  ASSERT_THAT(read, IsOk());
  auto times = (*read)->Statistics().DecisionTimes(ApplicationKind::kCloudService, type);
  ASSERT_THAT(times, IsOk());
  ASSERT_EQ(times->size(), 2U);
  EXPECT_EQ((*times)[0].application, approved);
  EXPECT_EQ((*times)[0].submitted_at, At(2, 1));
  EXPECT_EQ((*times)[0].decided_at, At(5, 1));
  EXPECT_EQ((*times)[1].application, rejected);
  EXPECT_EQ((*times)[1].submitted_at, At(4, 1));
  auto bodies = (*read)->Statistics().DecisionTimes(ApplicationKind::kAuditBody, "audit_body.submitted");
  ASSERT_THAT(bodies, IsOk());
  ASSERT_EQ(bodies->size(), 1U);
  EXPECT_EQ((*bodies)[0].application, body);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsRepositoryTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
