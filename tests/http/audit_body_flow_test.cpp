// Issue 6 through the real server as each role: an audit body applies, the evaluator returns it,
// it is resubmitted, recommended and approved by the committee, and the body is on the public list;
// then suspension, renewal and revocation. Also who may see what, stale versions (409, nothing
// overwritten), decisions outside a meeting's agenda, double decisions, and refused input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/date.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/sample_files.hpp"

namespace ismap::testing {
namespace {

using domain::OrganizationKind;
using domain::Role;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kPassword[] = "flow test password 1234";
constexpr char kBase[] = "/api/v1/audit-bodies/applications";

class AuditBodyFlowTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 256 * 1024;  // supporting documents are uploaded as raw bodies
    ServerFixture::SetUp();
    body_ = Org(OrganizationKind::kAuditBody, "監査法人フロー", "Flow Audit Corp");
    other_body_ = Org(OrganizationKind::kAuditBody, "監査法人ベツ", "Other Audit Corp");
    applicant_ = As(body_, Role::kAuditBodyAdmin, "admin@flow.example");
    auditor_ = As(body_, Role::kAuditor, "auditor@flow.example");
    other_ = As(other_body_, Role::kAuditBodyAdmin, "admin@other.example");
    evaluator_ = As(Org(OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator"), Role::kEvaluator,
                    "evaluator@flow.example");
    reviewer_ = As(Org(OrganizationKind::kOperationsSupportBody, "運用支援機関", "Support"), Role::kReviewer,
                   "reviewer@flow.example");
    const auto committee = Org(OrganizationKind::kCommittee, "制度運営委員会", "Committee");
    member_ = As(committee, Role::kCommitteeMember, "member@flow.example");
    secretariat_ = As(Org(OrganizationKind::kSecretariat, "事務局", "Secretariat"), Role::kSecretariat,
                      "secretariat@flow.example");
    agency_ =
        As(Org(OrganizationKind::kAgency, "デジタル庁", "Digital Agency"), Role::kAgencyMember, "agency@flow.example");
    EnsureRequirementSet();
  }

  domain::OrganizationId Org(OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, ja, en,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(CorporateNumber(numbers_++))
                                               : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    return org->id;
  }

  // The headers of a fresh session of a new user with `role`.
  std::string As(domain::OrganizationId org, Role role, const std::string& email) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    if (role == Role::kCommitteeMember) {
      member_id_ = user->user.id.value();
    }
    auto grant = services_->LogIn(email, kPassword, "203.0.113.7");
    EXPECT_TRUE(grant.has_value());
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  // The evaluator needs a checklist; the installation may already ship one.
  void EnsureRequirementSet() {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow.has_value());
    auto current = (*uow)->RequirementSets().Current();
    if (!current) {
      domain::RequirementSet set{"flow-1",
                                 {{"legal-form", "監査法人であること", "An audit corporation"},
                                  {"independence", "独立性の方針があること", "An independence policy"}}};
      ASSERT_TRUE((*uow)->RequirementSets().Insert(set, clock_.Now()).has_value());
      ASSERT_TRUE((*uow)->Commit().has_value());
      items_ = {"legal-form", "independence"};
    } else {
      for (const auto& item : current->items) {
        items_.push_back(item.id);
      }
    }
  }

  static json Content(const std::string& legal_form = "audit_corporation",
                      const std::string& expires_on = "2099-03-31") {
    return json{{"legal_form", legal_form},
                {"auditors",
                 {{{"name", "監査 太郎"},
                   {"qualifications", {{{"kind", "cisa"}, {"number", "CISA-1"}, {"expires_on", expires_on}}}}}}},
                {"quality_control", "品質管理規程に基づく審査"},
                {"independence_policy", "言明書の作成を支援しない"},
                {"documents", json::array()},
                {"contact_email", "ismap@flow.example"},
                {"contact_phone", "03-0000-0000"}};
  }

  std::optional<HttpResponse> Send(const std::string& method, const std::string& target, const std::string& who,
                                   const json& body = json()) {
    return Fetch(port_, method, target, who + "Content-Type: application/json\r\n", body.is_null() ? "" : body.dump());
  }

  // Sends and expects `status`; returns the JSON body.
  json Expect(int status, const std::string& method, const std::string& target, const std::string& who,
              const json& body = json()) {
    auto r = Send(method, target, who, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    if (!r) {
      return json();
    }
    EXPECT_EQ(r->status, status) << method << " " << target << " -> " << r->body;
    return r->body.empty() ? json() : json::parse(r->body, nullptr, false);
  }

  // POST .../{id}/<verb> with the version (and `extra` fields); returns the application.
  json Command(const json& application, const std::string& verb, const std::string& who, json extra = json::object(),
               int status = 200) {
    extra["version"] = application["version"];
    return Expect(status, "POST", std::string(kBase) + "/" + std::to_string(application["id"].get<int>()) + "/" + verb,
                  who, extra);
  }

  json EvaluateAllMet(json application) {
    application = Command(application, "start-evaluation", evaluator_);
    for (const auto& item : items_) {
      application =
          Command(application, "evaluation", evaluator_, {{"item_id", item}, {"verdict", "met"}, {"note", "確認済み"}});
    }
    return Command(application, "recommend", evaluator_, {{"outcome", "approve"}, {"note", "要件を満たす"}});
  }

  json Meeting() {
    return Expect(201, "POST", "/api/v1/committee/meetings", secretariat_,
                  {{"date", domain::FormatDate(services_->TodayInJapan())}});
  }

  std::string MeetingPath(const json& meeting, const std::string& rest = "") {
    return "/api/v1/committee/meetings/" + std::to_string(meeting["id"].get<int>()) + rest;
  }

  json PublicEntry() {
    auto list = Expect(200, "GET", "/api/v1/audit-bodies", "");
    for (const auto& item : list["items"]) {
      if (item["organization_id"] == body_.value()) {
        return item;
      }
    }
    return json();
  }

  int numbers_ = 0;
  std::int64_t member_id_ = 0;
  std::vector<std::string> items_;
  domain::OrganizationId body_;
  domain::OrganizationId other_body_;
  std::string applicant_, auditor_, other_, evaluator_, reviewer_, member_, secretariat_, agency_;
};

TEST_F(AuditBodyFlowTest, FromApplicationToThePublicListThenSuspensionRenewalAndRevocation) {
  // Apply, and submit.
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  ASSERT_EQ(application["state"], "draft");
  const std::string path = std::string(kBase) + "/" + std::to_string(application["id"].get<int>());
  application = Command(application, "submit", applicant_);
  EXPECT_EQ(application["state"], "submitted");

  // The evaluator finds it in the queue with the applicant's name and waiting time.
  const json queue = Expect(200, "GET", "/api/v1/audit-bodies/queue", evaluator_);
  ASSERT_EQ(queue["items"].size(), 1U);
  EXPECT_EQ(queue["items"][0]["applicant_name_ja"], "監査法人フロー");
  EXPECT_EQ(queue["items"][0]["days_waiting"], 0);
  EXPECT_EQ(queue["items"][0]["overdue"], false);
  // The secretariat's queue holds only what waits on it: nothing yet.
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/audit-bodies/queue", secretariat_)["items"].empty());

  // Evaluate: one item not met, returned for correction with the reason.
  application = Command(application, "start-evaluation", evaluator_);
  EXPECT_EQ(application["state"], "under_evaluation");
  application = Command(application, "evaluation", evaluator_,
                        {{"item_id", items_.front()}, {"verdict", "not_met"}, {"note", "規程の写しがない"}});
  EXPECT_EQ(application["evaluation"]["items"][0]["verdict"], "not_met");
  application = Command(application, "return", evaluator_, {{"reason", "品質管理規程を添付してください"}});
  EXPECT_EQ(application["state"], "returned");
  EXPECT_EQ(application["last_reason"], "品質管理規程を添付してください");

  // The applicant corrects and resubmits; evaluation resumes with the same checklist.
  json corrected = Content();
  corrected["quality_control"] = "品質管理規程（添付）";
  application = Expect(200, "PUT", path, applicant_, {{"version", application["version"]}, {"content", corrected}});
  EXPECT_EQ(application["content"]["quality_control"], "品質管理規程（添付）");
  application = Command(application, "resubmit", applicant_);
  EXPECT_EQ(application["state"], "submitted");
  application = EvaluateAllMet(application);
  EXPECT_EQ(application["state"], "recommended");
  EXPECT_EQ(application["recommendation"]["outcome"], "approve");

  // Now it waits on the secretariat, which sees who applied and the recommendation, not the content.
  const json agenda_queue = Expect(200, "GET", "/api/v1/audit-bodies/queue", secretariat_);
  ASSERT_EQ(agenda_queue["items"].size(), 1U);
  EXPECT_EQ(agenda_queue["items"][0]["state"], "recommended");
  EXPECT_FALSE(agenda_queue["items"][0].contains("content"));
  Expect(403, "GET", path, secretariat_);

  // Not on the list before the committee decides.
  EXPECT_TRUE(PublicEntry().is_null());

  // The committee meets, attends and approves.
  json meeting = Meeting();
  meeting = Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_, {{"application_id", application["id"]}});
  ASSERT_EQ(meeting["agenda"].size(), 1U);
  meeting = Expect(200, "PUT", MeetingPath(meeting, "/attendance"), secretariat_, {{"members", {member_id_}}});
  EXPECT_EQ(meeting["members_present"], json({member_id_}));
  json decided = Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_,
                        {{"application_id", application["id"]}, {"outcome", "approve"}, {"reason", "要件を満たす"}});
  EXPECT_EQ(decided["application"]["state"], "approved");
  const json registration = decided["registration"];
  ASSERT_TRUE(registration.is_object());
  EXPECT_THAT(registration["registration_number"].get<std::string>(), ::testing::MatchesRegex("A[0-9]{2}-0001"));

  // On the public list, with the contact the approved application gave; and its own record.
  json entry = PublicEntry();
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry["status"], "active");
  EXPECT_EQ(entry["name_ja"], "監査法人フロー");
  EXPECT_EQ(entry["contact_email"], "ismap@flow.example");
  const std::string record_path = "/api/v1/audit-bodies/" + std::to_string(body_.value());
  json record = Expect(200, "GET", record_path, "");
  EXPECT_EQ(record["registration_number"], registration["registration_number"]);
  ASSERT_EQ(record["registrations"].size(), 1U);
  EXPECT_EQ(record["registrations"][0]["history"].size(), 1U);
  auto csv = Send("GET", "/api/v1/audit-bodies?format=csv", "");
  ASSERT_TRUE(csv);
  EXPECT_THAT(csv->body, HasSubstr("監査法人フロー"));

  // Suspension: a decision on the registration, with a reason.
  meeting =
      Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_, {{"registration_id", registration["id"]}});
  decided = Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_,
                   {{"registration_id", registration["id"]}, {"outcome", "suspend"}, {"reason", "品質管理の不備"}});
  EXPECT_EQ(decided["registration"]["state"], "suspended");
  EXPECT_EQ(PublicEntry()["status"], "suspended");

  // Renewal: an application for the registration, evaluated and approved, extends the validity.
  json renewal = Expect(201, "POST", kBase, applicant_,
                        {{"purpose", "renewal"}, {"registration_id", registration["id"]}, {"content", Content()}});
  renewal = Command(renewal, "submit", applicant_);
  renewal = EvaluateAllMet(renewal);
  meeting = Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_, {{"application_id", renewal["id"]}});
  decided = Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_,
                   {{"application_id", renewal["id"]}, {"outcome", "approve"}, {"reason", "更新を認める"}});
  EXPECT_EQ(decided["application"]["state"], "approved");
  const std::string old_until = registration["valid_until"];
  EXPECT_GT(decided["registration"]["valid_until"].get<std::string>(), old_until);

  // Revocation, at a second meeting (the registration was already decided at the first).
  json second = Meeting();
  second = Expect(200, "PUT", MeetingPath(second, "/attendance"), secretariat_, {{"members", {member_id_}}});
  second = Expect(200, "POST", MeetingPath(second, "/agenda"), secretariat_, {{"registration_id", registration["id"]}});
  decided = Expect(201, "POST", MeetingPath(second, "/decisions"), member_,
                   {{"registration_id", registration["id"]}, {"outcome", "revoke"}, {"reason", "重大な違反"}});
  EXPECT_EQ(decided["registration"]["state"], "revoked");
  EXPECT_EQ(PublicEntry()["status"], "revoked");
  record = Expect(200, "GET", record_path, "");
  EXPECT_EQ(record["registrations"][0]["history"].size(), 3U);  // active, suspended, revoked

  // Monitoring shows both applications, the return with its reason, and the registration's changes.
  const json monitoring =
      Expect(200, "GET", "/api/v1/audit-bodies/" + std::to_string(body_.value()) + "/monitoring", reviewer_);
  ASSERT_EQ(monitoring["applications"].size(), 2U);
  int returns = 0;
  for (const auto& a : monitoring["applications"]) {
    returns += a["returns"].get<int>();
  }
  EXPECT_EQ(returns, 1);
  bool saw_return = false;
  bool saw_revoke = false;
  for (const auto& t : monitoring["timeline"]) {
    saw_return |= t["type"] == "audit_body.returned" && t["reason"] == "品質管理規程を添付してください";
    saw_revoke |= t["type"] == "registration.revoke" && t["reason"] == "重大な違反";
  }
  EXPECT_TRUE(saw_return) << monitoring["timeline"].dump();
  EXPECT_TRUE(saw_revoke) << monitoring["timeline"].dump();
}

TEST_F(AuditBodyFlowTest, OnlyTheApplicantTheEvaluatorReviewersAndTheCommitteeSeeAnApplication) {
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  const std::string path = std::string(kBase) + "/" + std::to_string(application["id"].get<int>());
  for (const auto& who : {applicant_, auditor_, evaluator_, reviewer_, member_}) {
    Expect(200, "GET", path, who);
  }
  Expect(403, "GET", path, other_);
  Expect(403, "GET", path, agency_);
  Expect(403, "GET", path, secretariat_);
  Expect(401, "GET", path, "");
  // Another audit body cannot act on it either, and learns nothing from the attempt.
  Command(application, "submit", other_, json::object(), 403);
  EXPECT_EQ(Expect(200, "GET", path, applicant_)["state"], "draft");
  // The queue is for those who work on every application, not for applicants or the public.
  Expect(403, "GET", "/api/v1/audit-bodies/queue", applicant_);
  Expect(401, "GET", "/api/v1/audit-bodies/queue", "");
  // The public and applicants do not monitor audit bodies.
  const std::string monitoring = "/api/v1/audit-bodies/" + std::to_string(body_.value()) + "/monitoring";
  Expect(401, "GET", monitoring, "");
  Expect(403, "GET", monitoring, applicant_);
  Expect(200, "GET", monitoring, evaluator_);
  // Each applicant lists only its own.
  EXPECT_EQ(Expect(200, "GET", kBase, applicant_)["items"].size(), 1U);
  EXPECT_TRUE(Expect(200, "GET", kBase, other_)["items"].empty());
  // A body that was never registered has no public record.
  Expect(404, "GET", "/api/v1/audit-bodies/" + std::to_string(body_.value()), "");
}

TEST_F(AuditBodyFlowTest, SupportingDocumentsAreReadByThoseWhoSeeTheApplicationAndEveryReadIsInTheLedger) {
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  const std::string subject = "audit_body_application/" + std::to_string(application["id"].get<int>());
  auto uploaded = Fetch(port_, "POST", "/api/v1/documents?classification=restricted&subject=" + subject,
                        applicant_ + "Content-Type: application/pdf\r\nX-Filename: quality.pdf\r\n", SamplePdf());
  ASSERT_TRUE(uploaded);
  ASSERT_EQ(uploaded->status, 201) << uploaded->body;
  const std::int64_t document = json::parse(uploaded->body)["id"];
  json content = Content();
  content["documents"] = {document};
  application = Expect(200, "PUT", std::string(kBase) + "/" + std::to_string(application["id"].get<int>()), applicant_,
                       {{"version", 1}, {"content", content}});
  EXPECT_EQ(application["content"]["documents"], json({document}));

  // Another organisation's document, or one that does not exist, cannot be listed.
  auto foreign = Fetch(port_, "POST", "/api/v1/documents?classification=restricted",
                       other_ + "Content-Type: application/pdf\r\nX-Filename: other.pdf\r\n", SamplePdf());
  ASSERT_TRUE(foreign);
  ASSERT_EQ(foreign->status, 201);
  for (const std::int64_t bad : {json::parse(foreign->body)["id"].get<std::int64_t>(), document + 1000}) {
    json listed = Content();
    listed["documents"] = {bad};
    const json refused = Expect(400, "PUT", std::string(kBase) + "/" + std::to_string(application["id"].get<int>()),
                                applicant_, {{"version", application["version"]}, {"content", listed}});
    EXPECT_EQ(refused["error"]["code"], "audit_body.unknown_document");
  }
  EXPECT_EQ(Expect(200, "GET", std::string(kBase) + "/" + std::to_string(application["id"].get<int>()),
                   applicant_)["content"]["documents"],
            json({document}));

  const std::string bytes = "/api/v1/documents/" + std::to_string(document) + "/content";
  auto downloads = [this] {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    return std::count_if(events->begin(), events->end(),
                         [](const domain::LedgerEvent& e) { return e.entry.type == "document.downloaded"; });
  };
  const auto before = downloads();
  for (const auto& who : {applicant_, auditor_, evaluator_, reviewer_, member_}) {
    auto r = Send("GET", bytes, who);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, SamplePdf());
  }
  EXPECT_EQ(downloads(), before + 5);  // every read of a restricted document, by whom
  for (const auto& who : {other_, agency_, secretariat_}) {
    auto r = Send("GET", bytes, who);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << r->body;
    EXPECT_THAT(r->body, ::testing::Not(HasSubstr("%PDF")));
  }
  EXPECT_EQ(Send("GET", bytes, "")->status, 401);
  EXPECT_EQ(downloads(), before + 5);  // refusals read nothing
}

TEST_F(AuditBodyFlowTest, AStaleVersionIs409AndOverwritesNothing) {
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  const std::string path = std::string(kBase) + "/" + std::to_string(application["id"].get<int>());
  json first = Content();
  first["quality_control"] = "最初の編集";
  const json saved = Expect(200, "PUT", path, applicant_, {{"version", 1}, {"content", first}});
  EXPECT_EQ(saved["version"], 2);
  json second = Content();
  second["quality_control"] = "古い版からの編集";
  const json stale = Expect(409, "PUT", path, applicant_, {{"version", 1}, {"content", second}});
  EXPECT_EQ(stale["error"]["code"], "application.stale_version");
  EXPECT_EQ(Expect(200, "GET", path, applicant_)["content"]["quality_control"], "最初の編集");
  Command(application, "submit", applicant_, json::object(), 409);  // version 1 again
  EXPECT_EQ(Expect(200, "GET", path, applicant_)["state"], "draft");
}

TEST_F(AuditBodyFlowTest, SubmissionRefusesIneligibleFormsAndExpiredQualifications) {
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content("kabushiki_kaisha")}});
  json refused = Command(application, "submit", applicant_, json::object(), 409);
  EXPECT_EQ(refused["error"]["code"], "audit_body.ineligible_legal_form");
  json expired = Expect(201, "POST", kBase, applicant_, {{"content", Content("audit_corporation", "2020-03-31")}});
  refused = Command(expired, "submit", applicant_, json::object(), 409);
  EXPECT_THAT(refused["error"]["code"].get<std::string>(), HasSubstr("audit_body."));
  json no_auditors_content = Content();
  no_auditors_content["auditors"] = json::array();
  json no_auditors = Expect(201, "POST", kBase, applicant_, {{"content", no_auditors_content}});
  Command(no_auditors, "submit", applicant_, json::object(), 409);
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/audit-bodies/queue", evaluator_)["items"].empty());
}

TEST_F(AuditBodyFlowTest, MalformedBodiesAre400WithThePointerInTheCallersLanguage) {
  struct Case {
    json body;
    std::string code;
    std::string pointer;
  };
  json bad_kind = Content();
  bad_kind["auditors"][0]["qualifications"][0]["kind"] = "wizard";
  json bad_date = Content();
  bad_date["auditors"][0]["qualifications"][0]["expires_on"] = "2026-02-30";
  json missing = Content();
  missing.erase("independence_policy");
  const std::vector<Case> cases = {
      {json{{"content", bad_kind}}, "field_invalid", "/content/auditors/0/qualifications/0/kind"},
      {json{{"content", bad_date}}, "field_invalid", "/content/auditors/0/qualifications/0/expires_on"},
      {json{{"content", missing}}, "field_missing", "/content/independence_policy"},
      {json{{"content", Content()}, {"extra", 1}}, "field_unknown", "/extra"},
      {json{{"purpose", "upgrade"}, {"content", Content()}}, "field_invalid", "/purpose"},
      {json::object(), "field_missing", "/content"},
  };
  for (const auto& c : cases) {
    auto r = Fetch(port_, "POST", kBase, applicant_ + "Content-Type: application/json\r\nAccept-Language: en\r\n",
                   c.body.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body.dump();
    const json error = json::parse(r->body)["error"];
    EXPECT_EQ(error["code"], c.code) << c.body.dump();
    EXPECT_EQ(error["pointer"], c.pointer) << c.body.dump();
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
  EXPECT_TRUE(Expect(200, "GET", kBase, applicant_)["items"].empty());  // nothing was created
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  const json no_version =
      Expect(400, "POST", std::string(kBase) + "/" + std::to_string(application["id"].get<int>()) + "/submit",
             applicant_, json::object());
  EXPECT_EQ(no_version["error"]["pointer"], "/version");
  const json no_reason = Command(application, "withdraw", applicant_, json::object(), 400);
  EXPECT_EQ(no_reason["error"]["pointer"], "/reason");
}

TEST_F(AuditBodyFlowTest, DecisionsOnlyOnTheAgendaOnlyOnceAndOnlyByMembers) {
  json application = Expect(201, "POST", kBase, applicant_, {{"content", Content()}});
  application = Command(application, "submit", applicant_);
  application = EvaluateAllMet(application);
  json meeting = Meeting();
  meeting = Expect(200, "PUT", MeetingPath(meeting, "/attendance"), secretariat_, {{"members", {member_id_}}});
  const json decision = {{"application_id", application["id"]}, {"outcome", "approve"}, {"reason", "可"}};
  // Not on the agenda yet: refused, nothing changes.
  EXPECT_EQ(Expect(409, "POST", MeetingPath(meeting, "/decisions"), member_, decision)["error"]["code"],
            "committee.not_on_agenda");
  Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_, {{"application_id", application["id"]}});
  // Only committee members decide; the secretariat sets agendas.
  Expect(403, "POST", MeetingPath(meeting, "/decisions"), secretariat_, decision);
  Expect(403, "POST", MeetingPath(meeting, "/agenda"), member_, {{"application_id", application["id"]}});
  Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_, decision);
  const json twice = Expect(409, "POST", MeetingPath(meeting, "/decisions"), member_, decision);
  EXPECT_EQ(twice["error"]["code"], "committee.already_decided");
  // A decision needs a reason and an outcome that applies to the item.
  Expect(400, "POST", MeetingPath(meeting, "/decisions"), member_,
         {{"application_id", application["id"]}, {"outcome", "approve"}});
  Expect(400, "POST", MeetingPath(meeting, "/decisions"), member_,
         {{"application_id", application["id"]}, {"outcome", "maybe"}, {"reason", "x"}});
  // A meeting in the past cannot be created; a bad date is 400.
  Expect(409, "POST", "/api/v1/committee/meetings", secretariat_, {{"date", "2020-01-01"}});
  Expect(400, "POST", "/api/v1/committee/meetings", secretariat_, {{"date", "2026-13-01"}});
  // Meetings are visible to the committee, the secretariat, reviewers and evaluators only.
  EXPECT_EQ(Expect(200, "GET", "/api/v1/committee/meetings", reviewer_)["items"].size(), 1U);
  Expect(403, "GET", "/api/v1/committee/meetings", applicant_);
  Expect(401, "GET", MeetingPath(meeting), "");
}

}  // namespace
}  // namespace ismap::testing
