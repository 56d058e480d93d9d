// The audit body pages over HTTP (issue 6): the public list, the applicant's, evaluator's,
// secretariat's and committee's pages render for their roles and refuse others, bad input shows its
// error and keeps what was typed, and a stale version shows the conflict.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "tests/http/server_fixture.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPassword[] = "audit body pages password 1234";
const std::string kForm = "Content-Type: application/x-www-form-urlencoded\r\n";

struct Session {
  std::string headers;  // Cookie
  std::string csrf;
};

class AuditBodyPagesTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 64 * 1024;
    ServerFixture::SetUp();
    audit_body_ = MakeOrg(domain::OrganizationKind::kAuditBody, "監査法人テスト", "Test Audit Corporation");
    MakeUser(audit_body_, "admin@ab.example", "申請 管理者", domain::Role::kAuditBodyAdmin);
    MakeUser(MakeOrg(domain::OrganizationKind::kAuditBodyEvaluator, "評価機関", "Evaluator"), "evaluator@ev.example",
             "評価 担当", domain::Role::kEvaluator);
    MakeUser(MakeOrg(domain::OrganizationKind::kSecretariat, "事務局", "Secretariat"), "secretariat@sec.example",
             "事務局 担当", domain::Role::kSecretariat);
    member_ = MakeUser(MakeOrg(domain::OrganizationKind::kCommittee, "委員会", "Committee"), "member@com.example",
                       "委員 一郎", domain::Role::kCommitteeMember);
    MakeUser(MakeOrg(domain::OrganizationKind::kCsp, "事業者", "Provider"), "csp@csp.example", "事業者 担当",
             domain::Role::kCspMember);
    MakeUser(MakeOrg(domain::KindOfRole(domain::Role::kReviewer), "審査機関", "Reviewers"), "reviewer@rv.example",
             "審査 担当", domain::Role::kReviewer);
  }

  std::string NextNumber() {
    const std::string base = "0100010000" + std::to_string(10 + numbers_++);
    int sum = 0;
    for (int n = 1; n <= 12; ++n) {
      sum += (base[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
    }
    return std::to_string(9 - sum % 9) + base;
  }

  domain::OrganizationId MakeOrg(domain::OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, ja, en,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(NextNumber()) : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    return org->id;
  }

  domain::UserId MakeUser(domain::OrganizationId org, const std::string& email, const std::string& name,
                          domain::Role role) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, name, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    return user->user.id;
  }

  Session LogIn(const std::string& email) {
    auto grant = services_->LogIn(email, kPassword, "203.0.113.7");
    EXPECT_TRUE(grant.has_value());
    return {"Cookie: ismap_session=" + grant->token + "\r\n", grant->csrf_token};
  }

  std::optional<HttpResponse> Post(const Session& s, const std::string& path, const std::string& body,
                                   const std::string& extra = "") {
    return Fetch(port_, "POST", path, s.headers + kForm + extra,
                 "csrf_token=" + web::QueryEscape(s.csrf) + (body.empty() ? "" : "&" + body));
  }

  static std::string Content(const std::string& quality_control = "品質管理の体制") {
    return "legal_form=audit_corporation&auditor-0-name=" + web::QueryEscape("監査 太郎") +
           "&auditor-0-q0-kind=cisa&auditor-0-q0-other=&auditor-0-q0-number=C-100&auditor-0-q0-expires=2099-12-31"
           "&quality_control=" +
           web::QueryEscape(quality_control) + "&independence_policy=" + web::QueryEscape("独立性の方針") +
           "&contact_email=contact%40ab.example&contact_phone=03-0000-0000";
  }

  // Creates a draft through the page; returns its id.
  std::int64_t CreateDraft(const Session& admin, const std::string& content) {
    auto r = Post(admin, "/audit-bodies/applications/new", content);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 303) << r->body;
    std::smatch m;
    const std::string location = r->Header("location");
    EXPECT_TRUE(std::regex_search(location, m, std::regex("/audit-bodies/applications/(\\d+)")));
    return std::stoll(m[1]);
  }

  std::int64_t VersionOf(std::int64_t id) {
    auto got = services_->GetAuditBodyApplication(app::Principal::Operator(), domain::ApplicationId(id));
    if (!got) {
      // The operator may not read applications: ask as the evaluator.
      auto grant = services_->LogIn("evaluator@ev.example", kPassword, "203.0.113.7");
      auto who = services_->Resolve(grant->token);
      got = services_->GetAuditBodyApplication(who->principal, domain::ApplicationId(id));
    }
    EXPECT_TRUE(got.has_value());
    return got->application.version;
  }

  static std::string V(std::int64_t version) { return "version=" + std::to_string(version); }

  domain::OrganizationId audit_body_;
  domain::UserId member_;
  int numbers_ = 0;
};

TEST_F(AuditBodyPagesTest, ThePublicListRendersForAnyoneAndRefusesABadDate) {
  auto r = Get("/audit-bodies");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("監査機関リスト"));
  EXPECT_THAT(r->body, HasSubstr("/api/v1/audit-bodies?format=csv&amp;on="));
  EXPECT_THAT(r->body, HasSubstr("/api/v1/audit-bodies?format=xlsx&amp;on="));
  EXPECT_THAT(r->body, HasSubstr("href=\"/audit-bodies\" aria-current=\"page\""));

  auto bad = Get("/audit-bodies?on=2026-02-31x&lang=en");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("Enter the date as YYYY-MM-DD."));
  EXPECT_THAT(bad->body, HasSubstr("value=\"2026-02-31x\""));

  auto missing = Get("/audit-bodies/999999");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(AuditBodyPagesTest, ApplicantPagesAreTheAuditBodyAdminsOnly) {
  const Session admin = LogIn("admin@ab.example");
  auto list = Get("/audit-bodies/applications", admin.headers);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_THAT(list->body, HasSubstr("/audit-bodies/applications/new"));
  auto form = Get("/audit-bodies/applications/new", admin.headers);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_THAT(form->body, HasSubstr("name=\"auditor-2-q1-expires\""));

  auto anonymous = Get("/audit-bodies/applications/new");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_THAT(anonymous->Header("location"), StartsWith("/login"));
  const Session csp = LogIn("csp@csp.example");
  auto refused = Get("/audit-bodies/applications/new", csp.headers);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto posted = Post(csp, "/audit-bodies/applications/new", Content());
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 403);

  // Others' applications stay hidden; the queue is not the applicant's.
  const std::int64_t id = CreateDraft(admin, Content());
  auto other = Get("/audit-bodies/applications/" + std::to_string(id), csp.headers);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  auto queue = Get("/audit-bodies/queue", admin.headers);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 403);
}

TEST_F(AuditBodyPagesTest, ReviewersReadApplicationsAndMeetingsWithoutForms) {
  const Session admin = LogIn("admin@ab.example");
  const std::int64_t id = CreateDraft(admin, Content());
  const std::string path = "/audit-bodies/applications/" + std::to_string(id);
  auto own = Get(path, admin.headers);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  EXPECT_THAT(own->body, HasSubstr("name=\"auditor-0-name\""));
  EXPECT_THAT(own->body, HasSubstr(path + "/submit"));

  const Session reviewer = LogIn("reviewer@rv.example");
  auto read = Get(path + "?lang=en", reviewer.headers);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  EXPECT_THAT(read->body, HasSubstr("Draft"));
  EXPECT_THAT(read->body, HasSubstr("CISA"));
  EXPECT_THAT(read->body, Not(HasSubstr("name=\"auditor-0-name\"")));
  EXPECT_THAT(read->body, Not(HasSubstr("<form method=\"post\"")));
  auto save = Post(reviewer, path, V(VersionOf(id)) + "&" + Content());
  ASSERT_TRUE(save);
  EXPECT_EQ(save->status, 403);
  auto queue = Get("/audit-bodies/queue", reviewer.headers);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 200);
  auto committee = Get("/committee", reviewer.headers);
  ASSERT_TRUE(committee);
  EXPECT_EQ(committee->status, 200);
  EXPECT_THAT(committee->body, Not(HasSubstr("action=\"/committee\"")));  // only the secretariat creates

  auto anonymous = Get("/committee");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_THAT(anonymous->Header("location"), StartsWith("/login?next=%2Fcommittee"));
  auto applicant = Get("/committee", admin.headers);
  ASSERT_TRUE(applicant);
  EXPECT_EQ(applicant->status, 403);
  auto create = Post(reviewer, "/committee", "date=2099-01-01");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->status, 403);
}

TEST_F(AuditBodyPagesTest, BadInputShowsItsErrorAndKeepsWhatWasTyped) {
  const Session admin = LogIn("admin@ab.example");
  const std::string body = "legal_form=audit_corporation&auditor-0-name=" + web::QueryEscape("入力 保持") +
                           "&auditor-0-q0-kind=cisa&auditor-0-q0-number=KEEP-1&auditor-0-q0-expires=2026-13-40"
                           "&quality_control=" +
                           web::QueryEscape("残る文章");
  auto r = Post(admin, "/audit-bodies/applications/new", body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("日付は YYYY-MM-DD の形で入力してください。"));
  EXPECT_THAT(r->body, HasSubstr("value=\"入力 保持\""));
  EXPECT_THAT(r->body, HasSubstr("value=\"KEEP-1\""));
  EXPECT_THAT(r->body, HasSubstr("value=\"2026-13-40\""));
  EXPECT_THAT(r->body, HasSubstr(">残る文章</textarea>"));
  EXPECT_THAT(r->body, HasSubstr("aria-invalid=\"true\""));
}

TEST_F(AuditBodyPagesTest, ARefusedSubmissionListsEveryProblem) {
  const Session admin = LogIn("admin@ab.example");
  const std::string content =
      "legal_form=kabushiki_kaisha&auditor-0-name=" + web::QueryEscape("期限 切れ") +
      "&auditor-0-q0-kind=cisa&auditor-0-q0-number=OLD-1&auditor-0-q0-expires=2000-01-01&quality_control=";
  const std::int64_t id = CreateDraft(admin, content);
  const std::string path = "/audit-bodies/applications/" + std::to_string(id);
  auto r = Post(admin, path + "/submit", V(VersionOf(id)), "Accept-Language: ja\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_THAT(r->body, HasSubstr("提出できませんでした"));
  EXPECT_THAT(r->body, HasSubstr("この法人形態では申請できません"));
  EXPECT_THAT(r->body, HasSubstr("有効期限が切れた資格があります。"));
  EXPECT_THAT(r->body, HasSubstr("品質管理体制を入力してください。"));

  // Corrected, it goes through; the evaluator returns it and the applicant sees the reason.
  auto saved = Post(admin, path, V(VersionOf(id)) + "&" + Content());
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303) << saved->body;
  auto submitted = Post(admin, path + "/submit", V(VersionOf(id)));
  ASSERT_TRUE(submitted);
  EXPECT_EQ(submitted->status, 303) << submitted->body;
  const Session evaluator = LogIn("evaluator@ev.example");
  ASSERT_EQ(Post(evaluator, path + "/start-evaluation", V(VersionOf(id)))->status, 303);
  auto no_reason = Post(evaluator, path + "/return", V(VersionOf(id)) + "&reason=");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_THAT(no_reason->body, HasSubstr("理由を入力してください。"));
  ASSERT_EQ(
      Post(evaluator, path + "/return", V(VersionOf(id)) + "&reason=" + web::QueryEscape("連絡先を直すこと"))->status,
      303);
  auto returned = Get(path, admin.headers);
  ASSERT_TRUE(returned);
  EXPECT_THAT(returned->body, HasSubstr("差戻しの理由"));
  EXPECT_THAT(returned->body, HasSubstr("連絡先を直すこと"));
  EXPECT_THAT(returned->body, HasSubstr("/resubmit"));
}

TEST_F(AuditBodyPagesTest, AStaleVersionShowsTheConflict) {
  const Session admin = LogIn("admin@ab.example");
  const std::int64_t id = CreateDraft(admin, Content());
  const std::string path = "/audit-bodies/applications/" + std::to_string(id);
  const std::int64_t version = VersionOf(id);
  ASSERT_EQ(Post(admin, path, V(version) + "&" + Content("一度目"))->status, 303);
  auto stale = Post(admin, path, V(version) + "&" + Content("古い版からの保存"));
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409);
  EXPECT_THAT(stale->body, HasSubstr("この申請は他の人によって変更されました"));
  EXPECT_THAT(stale->body, HasSubstr("古い版からの保存"));  // what they typed is still there
  auto stale_submit = Post(admin, path + "/submit", V(version), "Accept-Language: en\r\n");
  ASSERT_TRUE(stale_submit);
  EXPECT_EQ(stale_submit->status, 409);
  EXPECT_THAT(stale_submit->body, HasSubstr("Someone else changed this application."));
}

TEST_F(AuditBodyPagesTest, FromApplicationToThePublicList) {
  const Session admin = LogIn("admin@ab.example");
  const Session evaluator = LogIn("evaluator@ev.example");
  const Session secretariat = LogIn("secretariat@sec.example");
  const Session member = LogIn("member@com.example");
  const std::int64_t id = CreateDraft(admin, Content());
  const std::string path = "/audit-bodies/applications/" + std::to_string(id);
  ASSERT_EQ(Post(admin, path + "/submit", V(VersionOf(id)))->status, 303);

  // The evaluator's queue names the applicant; the checklist comes with the evaluation.
  auto queue = Get("/audit-bodies/queue", evaluator.headers);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 200);
  EXPECT_THAT(queue->body, HasSubstr("監査法人テスト"));
  EXPECT_THAT(queue->body, HasSubstr(path));
  ASSERT_EQ(Post(evaluator, path + "/start-evaluation", V(VersionOf(id)))->status, 303);
  auto page = Get(path, evaluator.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("/evaluation"));
  auto set = services_->CurrentRequirementSet(app::Principal::Public());
  ASSERT_TRUE(set.has_value());
  ASSERT_FALSE(set->items.empty());
  auto no_note = Post(evaluator, path + "/evaluation",
                      V(VersionOf(id)) + "&item=" + web::QueryEscape(set->items.front().id) + "&verdict=not_met&note=");
  ASSERT_TRUE(no_note);
  EXPECT_EQ(no_note->status, 400);
  EXPECT_THAT(no_note->body, HasSubstr("理由を備考に入力してください"));
  for (const auto& item : set->items) {
    auto marked = Post(evaluator, path + "/evaluation",
                       V(VersionOf(id)) + "&item=" + web::QueryEscape(item.id) + "&verdict=met&note=ok");
    ASSERT_TRUE(marked);
    ASSERT_EQ(marked->status, 303) << marked->body.substr(0, 2000);
  }
  // The applicant may not act as the evaluator.
  auto not_evaluator = Post(admin, path + "/recommend", V(VersionOf(id)) + "&outcome=approve&note=x");
  ASSERT_TRUE(not_evaluator);
  EXPECT_EQ(not_evaluator->status, 403);
  ASSERT_EQ(Post(evaluator, path + "/recommend", V(VersionOf(id)) + "&outcome=approve&note=" + web::QueryEscape("適合"))
                ->status,
            303);

  // The secretariat creates today's meeting, puts the application on it and records attendance.
  auto committee = Get("/committee", secretariat.headers);
  ASSERT_TRUE(committee);
  EXPECT_EQ(committee->status, 200);
  auto bad_date = Post(secretariat, "/committee", "date=2026-99-01");
  ASSERT_TRUE(bad_date);
  EXPECT_EQ(bad_date->status, 400);
  EXPECT_THAT(bad_date->body, HasSubstr("value=\"2026-99-01\""));
  auto past = Post(secretariat, "/committee", "date=2000-01-01");
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 409);
  EXPECT_THAT(past->body, HasSubstr("過去の日付の会議は作成できません。"));
  auto created = Post(secretariat, "/committee", "date=" + domain::FormatDate(services_->TodayInJapan()));
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 303) << created->body;
  const std::string meeting = created->Header("location").substr(0, created->Header("location").find('?'));
  auto neither = Post(secretariat, meeting + "/agenda", "application_id=&registration_id=");
  ASSERT_TRUE(neither);
  EXPECT_EQ(neither->status, 400);
  ASSERT_EQ(Post(secretariat, meeting + "/agenda", "application_id=" + std::to_string(id))->status, 303);
  auto meeting_page = Get(meeting, secretariat.headers);
  ASSERT_TRUE(meeting_page);
  EXPECT_EQ(meeting_page->status, 200);
  EXPECT_THAT(meeting_page->body, HasSubstr("委員 一郎"));
  // The committee sees who applied and what the evaluator recommended.
  auto member_view = Get(meeting, member.headers);
  ASSERT_TRUE(member_view);
  EXPECT_EQ(member_view->status, 200);
  EXPECT_THAT(member_view->body, HasSubstr("監査法人テスト"));
  EXPECT_THAT(member_view->body, HasSubstr("適合"));
  ASSERT_EQ(Post(secretariat, meeting + "/attendance", "present=" + std::to_string(member_.value()))->status, 303);
  auto member_refused = Post(member, meeting + "/attendance", "present=" + std::to_string(member_.value()));
  ASSERT_TRUE(member_refused);
  EXPECT_EQ(member_refused->status, 403);

  // A committee member approves; the decision needs a reason.
  const std::string decision =
      "kind=application&register=audit_body&subject=" + std::to_string(id) + "&outcome=approve";
  auto no_reason = Post(member, meeting + "/decisions", decision + "&reason=");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400);
  EXPECT_THAT(no_reason->body, HasSubstr("決定の理由を入力してください。"));
  auto secretariat_refused = Post(secretariat, meeting + "/decisions", decision + "&reason=ok");
  ASSERT_TRUE(secretariat_refused);
  EXPECT_EQ(secretariat_refused->status, 403);
  ASSERT_EQ(Post(member, meeting + "/decisions", decision + "&reason=" + web::QueryEscape("要件を満たす"))->status,
            303);

  auto list = Get("/audit-bodies");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("監査法人テスト"));
  EXPECT_THAT(list->body, HasSubstr("contact@ab.example"));
  auto record = Get("/audit-bodies/" + std::to_string(audit_body_.value()) + "?lang=en");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, 200);
  EXPECT_THAT(record->body, HasSubstr("Test Audit Corporation"));

  auto monitoring = Get("/audit-bodies/" + std::to_string(audit_body_.value()) + "/monitoring", evaluator.headers);
  ASSERT_TRUE(monitoring);
  EXPECT_EQ(monitoring->status, 200);
  EXPECT_THAT(monitoring->body, HasSubstr("<svg"));
  EXPECT_THAT(monitoring->body, HasSubstr("audit_body.submitted"));
  auto not_monitor = Get("/audit-bodies/" + std::to_string(audit_body_.value()) + "/monitoring", admin.headers);
  ASSERT_TRUE(not_monitor);
  EXPECT_EQ(not_monitor->status, 403);

  // The holder sees its registration and when it is due for renewal (not yet: three years ahead).
  auto own = Get("/audit-bodies/applications?lang=en", admin.headers);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  EXPECT_THAT(own->body, HasSubstr("Renewal due from"));
  EXPECT_THAT(own->body, ::testing::ContainsRegex("A[0-9]{2}-0001"));
  EXPECT_THAT(own->body, ::testing::Not(HasSubstr("Renewal due now")));
}

}  // namespace
}  // namespace ismap::testing
