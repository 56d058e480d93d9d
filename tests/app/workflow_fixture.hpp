// A fixture for the notification and deadline tests (workflow_notifications_test.cpp,
// deadlines_test.cpp): an applicant audit body with its admin and an auditor, a rival audit body,
// two evaluators and a disabled one, two secretariat users, two committee members and a CSP admin,
// on every backend; helpers that take an application through the workflow and read who was told
// what.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "app/audit_bodies.hpp"
#include "app/committee.hpp"
#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::app {

class WorkflowFixture : public ::testing::TestWithParam<testing::Backend> {
 protected:
  static core::TimePoint Noon() {
    using namespace std::chrono;
    return sys_days{year{2026} / 11 / 25} + hours{3};
  }

  void SetUp() override {
    using domain::OrganizationKind;
    using domain::Role;
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
    }
    db_ = GetParam().open(dir_);
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
    body_ = Org(OrganizationKind::kAuditBody, "監査法人A");
    rival_ = Org(OrganizationKind::kAuditBody, "監査法人B");
    const auto jasa = Org(OrganizationKind::kAuditBodyEvaluator, "評価機関");
    const auto committee = Org(OrganizationKind::kCommittee, "運営委員会");
    const auto secretariat = Org(OrganizationKind::kSecretariat, "事務局");
    const auto csp = Org(OrganizationKind::kCsp, "クラウド社");
    applicant_ = User(body_, OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "admin@a.jp");
    User(body_, OrganizationKind::kAuditBody, Role::kAuditor, "auditor@a.jp");
    User(rival_, OrganizationKind::kAuditBody, Role::kAuditBodyAdmin, "admin@b.jp");
    evaluator_ = User(jasa, OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e1@jasa.jp");
    User(jasa, OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "e2@jasa.jp");
    const auto gone = User(jasa, OrganizationKind::kAuditBodyEvaluator, Role::kEvaluator, "gone@jasa.jp");
    {
      auto uow = db_->Begin(storage::TxMode::kWrite);
      EXPECT_THAT((*uow)->Users().SetDisabled(gone.user->id, true), testing::IsOk());
      EXPECT_THAT((*uow)->Commit(), testing::IsOk());
    }
    secretariat_ = User(secretariat, OrganizationKind::kSecretariat, Role::kSecretariat, "s1@sec.jp");
    User(secretariat, OrganizationKind::kSecretariat, Role::kSecretariat, "s2@sec.jp");
    member_ = User(committee, OrganizationKind::kCommittee, Role::kCommitteeMember, "m1@com.jp");
    User(committee, OrganizationKind::kCommittee, Role::kCommitteeMember, "m2@com.jp");
    User(csp, OrganizationKind::kCsp, Role::kCspAdmin, "admin@csp.jp");
  }

  domain::OrganizationId Org(domain::OrganizationKind kind, const std::string& name) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto org = (*uow)->Organizations().Insert({kind, name, name + " (en)", std::nullopt}, Noon());
    EXPECT_THAT((*uow)->Commit(), testing::IsOk());
    return org->id;
  }

  Principal User(domain::OrganizationId org, domain::OrganizationKind kind, domain::Role role,
                 const std::string& email) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    auto user = (*uow)->Users().Insert({org, email, email, {role}}, "hash", Noon());
    EXPECT_THAT(user, testing::IsOk());
    EXPECT_THAT((*uow)->Commit(), testing::IsOk());
    return Principal::ForUser(*user, kind);
  }

  AuditBodyApplicationInput Input() {
    AuditBodyApplicationInput input;
    input.dossier.content.legal_form = domain::LegalForm::kAuditCorporation;
    input.dossier.content.auditors = {
        {"監査 太郎", {{domain::QualificationKind::kCisa, "", "C-1", domain::Date{2035, 3, 31}}}}};
    input.dossier.content.quality_control = "品質管理体制";
    input.dossier.content.independence_policy = "独立性の方針";
    input.dossier.contact_email = "contact@a.example.jp";
    return input;
  }

  domain::ApplicationId Submitted() {
    auto created = CreateAuditBodyApplication(*db_, clock_, applicant_, Input());
    EXPECT_THAT(created, testing::IsOk());
    EXPECT_THAT(SubmitAuditBodyApplication(*db_, clock_, settings_, applicant_, created->application.id, 1),
                testing::IsOk());
    return created->application.id;
  }

  // Submitted (version 2), started and every item met (version 3), recommended (version 4).
  domain::ApplicationId Recommended() {
    const auto id = Submitted();
    auto started = StartAuditBodyEvaluation(*db_, clock_, evaluator_, id, 2);
    EXPECT_THAT(started, testing::IsOk());
    for (const auto& item : started->evaluation->items) {
      EXPECT_THAT(
          MarkAuditBodyEvaluationItem(*db_, clock_, evaluator_, id, 3, item.item_id, domain::ItemVerdict::kMet, ""),
          testing::IsOk());
    }
    EXPECT_THAT(
        RecommendAuditBodyApplication(*db_, clock_, evaluator_, id, 3, domain::RecommendationOutcome::kApprove, "適合"),
        testing::IsOk());
    return id;
  }

  domain::MeetingId Meeting() {
    auto meeting = CreateMeeting(*db_, clock_, secretariat_, domain::JapanDate(clock_.Now()));
    EXPECT_THAT(meeting, testing::IsOk());
    EXPECT_THAT(RecordAttendance(*db_, clock_, secretariat_, meeting->id, {member_.user->id}), testing::IsOk());
    return meeting->id;
  }

  // Every (e-mail, link) told about `kind`, sorted; disabled users' inboxes included.
  std::vector<std::string> Told(const std::string& kind) {
    std::vector<std::string> out;
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto users = (*uow)->Users().List(std::nullopt, 500, 0);
    for (const auto& user : *users) {
      auto inbox = (*uow)->Notifications().ListForUser(user.id, 500, 0);
      for (const auto& n : *inbox) {
        if (n.kind == kind) {
          out.push_back(user.email + " " + n.link);
        }
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Bodies of the e-mails in the outbox, newest first.
  std::vector<std::string> MailBodies() {
    std::vector<std::string> out;
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto mails = (*uow)->MailOutbox().List(500, 0);
    for (const auto& m : *mails) {
      out.push_back(m.message.recipient + "\n" + m.message.subject + "\n" + m.message.body);
    }
    return out;
  }

  int LedgerCount(const std::string& type) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    return static_cast<int>(
        std::count_if(events->begin(), events->end(), [&type](const auto& e) { return e.entry.type == type; }));
  }

  void Advance(std::chrono::hours by) { clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(by)); }

  testing::TempDir dir_;
  std::shared_ptr<storage::Database> db_;
  core::ManualClock clock_{Noon()};
  AuditBodySettings settings_;
  domain::OrganizationId body_, rival_;
  Principal applicant_, evaluator_, secretariat_, member_;
};

}  // namespace ismap::app
