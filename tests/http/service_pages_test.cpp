// The cloud service register's pages over HTTP (issue 7): each page renders for its roles and
// refuses others, the statement editor shows one chapter at a time and searches, a stale save keeps
// what was typed, the committee can take up a recommended service application, and the public list
// shows a registered service but never a statement's implementation text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "app/statement_files.hpp"
#include "core/crypto.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/small_edition.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPassword[] = "service pages password 1234";
const std::string kForm = "Content-Type: application/x-www-form-urlencoded\r\n";
constexpr char kSecretImplementation[] = "秘密の実装内容XYZ";

struct Session {
  std::string headers;  // Cookie
  std::string csrf;
  app::Principal principal;
};

domain::EditionContent SmallEdition() { return SmallIsmapEdition("ismap-pages"); }

std::vector<domain::StatementEntry> CompleteEntries() {
  return {{"3.1.1", true, "", kSecretImplementation},
          {"5.1.1", true, "", "方針を定める"},
          {"5.1.1.1", true, "", "年次で見直す"},
          {"5.1.1.2", true, "", "全従業員に周知"},
          {"5.1.2", false, "該当する業務がない", ""}};
}

class ServicePagesTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 256 * 1024;
    ServerFixture::SetUp();
    provider_org_ = MakeOrg(domain::OrganizationKind::kCsp, "クラウド株式会社", "Cloud KK");
    rival_org_ = MakeOrg(domain::OrganizationKind::kCsp, "別クラウド株式会社", "Other Cloud KK");
    body_org_ = MakeOrg(domain::OrganizationKind::kAuditBody, "監査法人A", "Audit Corp A");
    MakeUser(provider_org_, "csp@x.example", domain::Role::kCspAdmin);
    MakeUser(rival_org_, "rival@x.example", domain::Role::kCspAdmin);
    MakeUser(body_org_, "audit@x.example", domain::Role::kAuditBodyAdmin);
    MakeUser(MakeOrg(domain::OrganizationKind::kAgency, "デジタル庁", "Digital Agency"), "agency@x.example",
             domain::Role::kAgencyMember);
    MakeUser(MakeOrg(domain::KindOfRole(domain::Role::kReviewer), "審査機関", "Reviewers"), "review@x.example",
             domain::Role::kReviewer);
    member_ = MakeUser(MakeOrg(domain::OrganizationKind::kCommittee, "委員会", "Committee"), "member@x.example",
                       domain::Role::kCommitteeMember);
    MakeUser(MakeOrg(domain::OrganizationKind::kSecretariat, "事務局", "Secretariat"), "sec@x.example",
             domain::Role::kSecretariat);
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow.has_value());
    ASSERT_TRUE((*uow)->Catalog().InsertEdition(SmallEdition(), clock_.Now()).has_value());
    // The audit body is on the audit body list (its own workflow has its own tests).
    domain::Registration listed;
    listed.register_kind = domain::ApplicationKind::kAuditBody;
    listed.holder = body_org_;
    listed.number = "A25-0001";
    listed.registered_on = domain::Date{2025, 4, 1};
    listed.valid_until = domain::Date{2099, 3, 31};
    ASSERT_TRUE((*uow)->Registrations().Insert(listed, clock_.Now()).has_value());
    ASSERT_TRUE((*uow)->Commit().has_value());
  }

  domain::OrganizationId MakeOrg(domain::OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, ja, en,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(CorporateNumber(numbers_++))
                                               : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    return org->id;
  }

  domain::UserId MakeUser(domain::OrganizationId org, const std::string& email, domain::Role role) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    return user->user.id;
  }

  Session LogIn(const std::string& email) {
    auto grant = services_->LogIn(email, kPassword, "203.0.113.9");
    EXPECT_TRUE(grant.has_value());
    auto who = services_->Resolve(grant->token);
    EXPECT_TRUE(who.has_value());
    return {"Cookie: ismap_session=" + grant->token + "\r\n", grant->csrf_token, who->principal};
  }

  std::optional<HttpResponse> Post(const Session& s, const std::string& path, const std::string& body) {
    return Fetch(port_, "POST", path, s.headers + kForm,
                 "csrf_token=" + web::QueryEscape(s.csrf) + (body.empty() ? "" : "&" + body));
  }

  // A multipart/form-data POST with the session's csrf_token, `fields` and one file.
  std::optional<HttpResponse> PostFile(const Session& s, const std::string& path,
                                       const std::vector<std::pair<std::string, std::string>>& fields,
                                       const std::string& file_field, const std::string& file_name,
                                       const std::string& bytes) {
    const std::string boundary = "----test-boundary-7";
    std::string body =
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + s.csrf + "\r\n";
    for (const auto& [name, value] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" +
            file_name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    return Fetch(port_, "POST", path, s.headers + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n",
                 body);
  }

  app::CloudServices& Cloud() { return services_->cloud_services(); }

  domain::CloudService NewService(const Session& provider) {
    domain::CloudService service;
    service.name_ja = "クラウド基盤";
    service.name_en = "Cloud Platform";
    service.description = "IaaS";
    service.model = domain::ServiceModel::kIaas;
    service.regions = {"東京"};
    auto created = Cloud().CreateService(provider.principal, service);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    return *created;
  }

  // A statement of `service` with the complete selection, submitted when `submit`.
  domain::Statement Statement(const Session& provider, domain::ServiceId service, bool submit) {
    auto started = Cloud().StartStatement(provider.principal, service, "ismap-pages");
    EXPECT_TRUE(started.has_value()) << started.error().message;
    app::StatementEdit edit;
    edit.scope = "クラウド基盤の全機能";
    edit.system_overview = "東京の一拠点";
    edit.representative = "代表取締役 山田太郎";
    edit.period = domain::AuditPeriod{domain::Date{2025, 10, 1}, domain::Date{2026, 9, 30}};
    edit.subsequent_events = "";
    edit.entries = CompleteEntries();
    edit.replace_all_entries = true;
    auto edited = Cloud().EditStatement(provider.principal, started->statement.id, 1, edit);
    EXPECT_TRUE(edited.has_value()) << edited.error().message;
    if (!submit) {
      return edited->statement;
    }
    auto submitted = Cloud().SubmitStatement(provider.principal, edited->statement.id, edited->statement.version);
    EXPECT_TRUE(submitted.has_value()) << submitted.error().message;
    return submitted->statement;
  }

  // An engagement on `statement`, accepted, audited and its report issued.
  domain::Engagement Audited(const Session& provider, const Session& auditor, const domain::Statement& statement) {
    auto requested = Cloud().RequestEngagement(provider.principal, statement.id, body_org_);
    EXPECT_TRUE(requested.has_value()) << requested.error().message;
    const auto id = requested->engagement.id;
    auto accepted = Cloud().AcceptEngagement(
        auditor.principal, id, 1, {true, "言明書の作成に関与していません"},
        {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", domain::Date{2099, 3, 31}}}}});
    EXPECT_TRUE(accepted.has_value()) << accepted.error().message;
    std::vector<domain::ControlResult> results;
    for (const auto& entry : statement.entries) {
      if (entry.adopted) {
        results.push_back({entry.control_id, "質問と閲覧", true, true, domain::AuditResult::kNoException, ""});
      }
    }
    auto recorded = Cloud().RecordResults(auditor.principal, id, accepted->engagement.version, results);
    EXPECT_TRUE(recorded.has_value()) << recorded.error().message;
    const std::string bytes = "%PDF-1.4 report";
    app::DocumentUpload upload{"report.pdf", "application/pdf", domain::Classification::kRestricted,
                               "engagement/" + std::to_string(id.value()), bytes};
    auto document = services_->UploadDocument(auditor.principal, upload);
    EXPECT_TRUE(document.has_value()) << document.error().message;
    auto issued = Cloud().IssueReport(auditor.principal, id, recorded->engagement.version, document->id);
    EXPECT_TRUE(issued.has_value()) << issued.error().message;
    return issued->engagement;
  }

  // A new application, submitted, taken through review and recommended for approval.
  domain::ApplicationId Recommended(const Session& provider, const Session& reviewer, domain::ServiceId service,
                                    const domain::Statement& statement, const domain::Engagement& engagement) {
    app::ServiceApplicationInput input;
    input.content.service = service;
    input.content.statement = statement.id;
    input.content.engagement = engagement.id;
    input.content.disclosures = {"資本関係なし", "なし", "日本法", "年次の侵入試験", "ISO/IEC 27001"};
    auto created = Cloud().CreateApplication(provider.principal, input);
    EXPECT_TRUE(created.has_value()) << created.error().message;
    const auto id = created->application.id;
    EXPECT_TRUE(Cloud().Submit(provider.principal, id, 1).has_value());
    EXPECT_TRUE(Cloud().StartAcceptanceCheck(reviewer.principal, id, 2).has_value());
    auto accepted = Cloud().Accept(reviewer.principal, id, 3);
    EXPECT_TRUE(accepted.has_value()) << accepted.error().message;
    if (accepted->review) {
      for (const auto& item : accepted->review->items) {
        EXPECT_TRUE(Cloud()
                        .MarkFinding(reviewer.principal, id, 4, item.item_id, domain::ItemVerdict::kMet, "適切")
                        .has_value());
      }
    }
    auto recommended =
        Cloud().Recommend(reviewer.principal, id, 4, domain::RecommendationOutcome::kApprove, "基準に適合");
    EXPECT_TRUE(recommended.has_value()) << recommended.error().message;
    return id;
  }

  domain::OrganizationId provider_org_, rival_org_, body_org_;
  domain::UserId member_;
  int numbers_ = 0;
};

bool IsLoginRedirect(const HttpResponse& r) { return r.status == 303 && r.Header("location").rfind("/login", 0) == 0; }

TEST_F(ServicePagesTest, DashboardAndNewServiceAreTheProvidersWithErrorsBesideTheirFields) {
  const Session provider = LogIn("csp@x.example");
  auto dashboard = Get("/services", provider.headers);
  ASSERT_TRUE(dashboard);
  EXPECT_EQ(dashboard->status, 200);
  EXPECT_THAT(dashboard->body, HasSubstr("href=\"/services/new\""));
  EXPECT_THAT(dashboard->body, HasSubstr("href=\"/services\""));  // the layout's navigation
  EXPECT_EQ(Get("/services", LogIn("audit@x.example").headers)->status, 403);
  EXPECT_TRUE(IsLoginRedirect(*Get("/services")));
  EXPECT_EQ(Get("/services/new", LogIn("review@x.example").headers)->status, 403);

  // Both names and the regions missing: the summary links to the fields; what was typed stays.
  auto refused = Post(provider, "/services/new",
                      "name_ja=&name_en=&description=" + web::QueryEscape("説明の文") +
                          "&model=iaas&deployment=public&regions=&track=ismap");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, HasSubstr("href=\"#name_ja\""));
  EXPECT_THAT(refused->body, HasSubstr("href=\"#regions\""));
  EXPECT_THAT(refused->body, HasSubstr("aria-invalid=\"true\""));
  EXPECT_THAT(refused->body, HasSubstr("説明の文"));

  auto created = Post(provider, "/services/new",
                      "name_ja=" + web::QueryEscape("新サービス") +
                          "&name_en=New+Service&description=x&model=saas"
                          "&deployment=public&regions=" +
                          web::QueryEscape("東京\r\n大阪") + "&track=liu");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 303) << created->body;
  const std::string location = created->Header("location");
  ASSERT_THAT(location, StartsWith("/services/"));
  const std::string path = location.substr(0, location.find('?'));
  auto page = Get(path, provider.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("新サービス"));
  EXPECT_THAT(page->body, HasSubstr("name=\"edition\""));  // start a statement
  EXPECT_THAT(page->body, HasSubstr("ismap-pages"));
  EXPECT_THAT(page->body, HasSubstr("name=\"audit_body\""));
  EXPECT_THAT(page->body, HasSubstr("監査法人A"));
  // Reviewers read it without the provider's forms; another provider and an agency may not.
  auto reviewed = Get(path, LogIn("review@x.example").headers);
  EXPECT_EQ(reviewed->status, 200);
  EXPECT_THAT(reviewed->body, Not(HasSubstr("name=\"edition\"")));
  EXPECT_EQ(Get(path, LogIn("rival@x.example").headers)->status, 403);
  EXPECT_EQ(Get(path, LogIn("agency@x.example").headers)->status, 403);
  EXPECT_TRUE(IsLoginRedirect(*Get(path)));
}

TEST_F(ServicePagesTest, StatementEditorShowsOneChapterAtATimeAndSearches) {
  const Session provider = LogIn("csp@x.example");
  const auto service = NewService(provider);
  auto started = Cloud().StartStatement(provider.principal, service.id, "ismap-pages");
  ASSERT_TRUE(started.has_value()) << started.error().message;
  const std::string path = "/statements/" + std::to_string(started->statement.id.value());

  auto first = Get(path, provider.headers);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_THAT(first->body, HasSubstr("<progress"));
  EXPECT_THAT(first->body, HasSubstr("value=\"3.1.1\""));  // chapter 3 first
  EXPECT_THAT(first->body, Not(HasSubstr("value=\"5.1.1.1\"")));
  EXPECT_THAT(first->body, HasSubstr("name=\"row-0-adopted\""));
  EXPECT_THAT(first->body, HasSubstr("value=\"adopt_mandatory\""));

  auto five = Get(path + "?chapter=5", provider.headers);
  ASSERT_TRUE(five);
  EXPECT_THAT(five->body, HasSubstr("value=\"5.1.1.1\""));
  EXPECT_THAT(five->body, HasSubstr("value=\"5.1.2\""));
  EXPECT_THAT(five->body, Not(HasSubstr("value=\"3.1.1\"")));
  // The mandatory control is marked in text, and its finding is listed and linked to its row.
  EXPECT_THAT(five->body, HasSubstr("id=\"c-5-1-1-2\""));
  EXPECT_THAT(five->body, HasSubstr("?chapter=5#c-5-1-1-2"));

  auto searched = Get(path + "?q=5.1.2", provider.headers);
  ASSERT_TRUE(searched);
  EXPECT_THAT(searched->body, HasSubstr("value=\"5.1.2\""));
  EXPECT_THAT(searched->body, Not(HasSubstr("value=\"5.1.1.1\"")));
  EXPECT_THAT(searched->body, Not(HasSubstr("value=\"3.1.1\"")));

  // Others may not open the draft.
  EXPECT_EQ(Get(path, LogIn("rival@x.example").headers)->status, 403);
  EXPECT_TRUE(IsLoginRedirect(*Get(path)));
}

TEST_F(ServicePagesTest, SavingAChapterAndAStaleSaveThatKeepsTheInput) {
  const Session provider = LogIn("csp@x.example");
  const auto service = NewService(provider);
  auto started = Cloud().StartStatement(provider.principal, service.id, "ismap-pages");
  ASSERT_TRUE(started.has_value());
  const auto id = started->statement.id;
  const std::string path = "/statements/" + std::to_string(id.value());
  const std::string header = "&scope=" + web::QueryEscape("範囲") + "&system_overview=x&representative=y" +
                             "&period_first=2025-10-01&period_last=2026-09-30&subsequent_events=";
  auto saved = Post(provider, path,
                    "version=1&chapter=5&q=&action=save" + header +
                        "&row-0-control=5.1.1.1&row-0-adopted=1&row-0-reason=&row-0-implementation=" +
                        web::QueryEscape("年次で見直す"));
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_EQ(saved->Header("location"), path + "?chapter=5&done=saved");
  auto now = Cloud().GetStatement(provider.principal, id);
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->statement.scope, "範囲");
  ASSERT_EQ(now->statement.entries.size(), 1u);
  EXPECT_EQ(now->statement.entries[0].control_id, "5.1.1.1");

  // The same version again: 409, the message, and what was typed is still in the form.
  auto stale = Post(provider, path,
                    "version=1&chapter=5&q=&action=save" + header +
                        "&row-0-control=5.1.1.1&row-0-adopted=1&row-0-reason=&row-0-implementation=" +
                        web::QueryEscape("私の入力した内容"));
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409);
  EXPECT_THAT(stale->body, HasSubstr("他の人が変更しました"));
  EXPECT_THAT(stale->body, HasSubstr("私の入力した内容"));
  EXPECT_THAT(stale->body, HasSubstr("role=\"alert\""));
  EXPECT_THAT(stale->body, HasSubstr("name=\"version\" value=\"2\""));

  // Adopting every mandatory control adopts 5.1.1.2 though chapter 3 is shown.
  auto bulk = Post(provider, path,
                   "version=2&chapter=3&q=&action=adopt_mandatory" + header +
                       "&row-0-control=3.1.1&row-0-reason=&row-0-implementation=");
  ASSERT_TRUE(bulk);
  EXPECT_EQ(bulk->status, 303) << bulk->body;
  now = Cloud().GetStatement(provider.principal, id);
  ASSERT_TRUE(now.has_value());
  const auto mandatory = std::find_if(now->statement.entries.begin(), now->statement.entries.end(),
                                      [](const domain::StatementEntry& e) { return e.control_id == "5.1.1.2"; });
  ASSERT_NE(mandatory, now->statement.entries.end());
  EXPECT_TRUE(mandatory->adopted);
}

TEST_F(ServicePagesTest, WorkflowPagesRenderForTheirRolesAndThePublicListShowsPublicFieldsOnly) {
  const Session provider = LogIn("csp@x.example");
  const Session auditor = LogIn("audit@x.example");
  const Session reviewer = LogIn("review@x.example");
  const Session secretariat = LogIn("sec@x.example");
  const Session member = LogIn("member@x.example");
  const auto service = NewService(provider);
  const auto statement = Statement(provider, service.id, true);
  // A requested engagement: the audit body's workspace offers the accept form with auditor rows.
  auto requested = Cloud().RequestEngagement(provider.principal, statement.id, body_org_);
  ASSERT_TRUE(requested.has_value()) << requested.error().message;
  const std::string engagement_path = "/engagements/" + std::to_string(requested->engagement.id.value());
  auto list = Get("/engagements", auditor.headers);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_THAT(list->body, HasSubstr(engagement_path));
  EXPECT_EQ(Get("/engagements", provider.headers)->status, 403);
  auto workspace = Get(engagement_path, auditor.headers);
  ASSERT_TRUE(workspace);
  EXPECT_EQ(workspace->status, 200);
  EXPECT_THAT(workspace->body, HasSubstr("name=\"did_not_help\""));
  EXPECT_THAT(workspace->body, HasSubstr("name=\"auditor-0-q0-kind\""));
  EXPECT_EQ(Get(engagement_path, LogIn("rival@x.example").headers)->status, 403);

  // Accepting through the page.
  auto accepted = Post(auditor, engagement_path + "/accept",
                       "version=1&did_not_help=1&independence_text=" + web::QueryEscape("独立しています") +
                           "&auditor-0-name=" + web::QueryEscape("監査 花子") +
                           "&auditor-0-q0-kind=cisa&auditor-0-q0-other=&auditor-0-q0-number=C-1"
                           "&auditor-0-q0-expires=2099-03-31");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 303) << accepted->body;
  auto results = Get(engagement_path + "?chapter=5", auditor.headers);
  ASSERT_TRUE(results);
  EXPECT_THAT(results->body, HasSubstr("name=\"res-0-procedure\""));
  ASSERT_TRUE(Cloud().WithdrawEngagement(provider.principal, requested->engagement.id, 2, "").has_value());

  const auto engagement = Audited(provider, auditor, statement);
  const auto application = Recommended(provider, reviewer, service.id, statement, engagement);
  const std::string app_path = "/applications/" + std::to_string(application.value());

  auto queue = Get("/applications/queue", reviewer.headers);
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 200);
  EXPECT_THAT(queue->body, HasSubstr(app_path));
  EXPECT_THAT(queue->body, HasSubstr("クラウド基盤"));
  EXPECT_EQ(Get("/applications/queue", secretariat.headers)->status, 200);
  EXPECT_EQ(Get("/applications/queue", provider.headers)->status, 403);
  EXPECT_TRUE(IsLoginRedirect(*Get("/applications/queue")));

  auto page = Get(app_path, reviewer.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("<svg"));
  EXPECT_THAT(page->body, HasSubstr("class=\"chart-table\""));
  EXPECT_EQ(Get(app_path, provider.headers)->status, 200);
  EXPECT_EQ(Get(app_path, LogIn("rival@x.example").headers)->status, 403);

  // The committee: the secretariat puts it on an agenda labelled with the service; members decide.
  auto meeting = services_->CreateMeeting(secretariat.principal, services_->TodayInJapan());
  ASSERT_TRUE(meeting.has_value()) << meeting.error().message;
  ASSERT_TRUE(services_->RecordAttendance(secretariat.principal, meeting->id, {member_}).has_value());
  const std::string meeting_path = "/committee/meetings/" + std::to_string(meeting->id.value());
  auto before = Get(meeting_path, secretariat.headers);
  ASSERT_TRUE(before);
  EXPECT_THAT(before->body, HasSubstr("name=\"service_application\""));
  EXPECT_THAT(before->body, HasSubstr("クラウド基盤"));
  auto added =
      Post(secretariat, meeting_path + "/agenda",
           "application=&application_id=&registration_id=&service_application=" + std::to_string(application.value()));
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 303) << added->body;
  auto agenda = Get(meeting_path, member.headers);
  ASSERT_TRUE(agenda);
  EXPECT_THAT(agenda->body, HasSubstr("クラウド基盤"));
  auto decided = Post(member, meeting_path + "/decisions",
                      "kind=application&register=cloud_service&subject=" + std::to_string(application.value()) +
                          "&outcome=approve&reason=" + web::QueryEscape("適合"));
  ASSERT_TRUE(decided);
  EXPECT_EQ(decided->status, 303) << decided->body;

  // The public list and the public page: public fields, never an entry's implementation text.
  auto listed = Get("/cloud-services");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_THAT(listed->body, ::testing::ContainsRegex("/api/v1/services\\?on=[0-9-]+&amp;format=csv\""));
  EXPECT_THAT(listed->body, ::testing::ContainsRegex("/api/v1/services\\?on=[0-9-]+&amp;format=xlsx\""));
  EXPECT_THAT(listed->body, Not(HasSubstr("name=\"track\" value=\"\"")));  // no empty hidden condition
  EXPECT_THAT(listed->body, HasSubstr("クラウド基盤"));
  EXPECT_THAT(listed->body, HasSubstr("クラウド株式会社"));
  EXPECT_THAT(listed->body, Not(HasSubstr(kSecretImplementation)));
  auto record = Get("/cloud-services/" + std::to_string(service.id.value()));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, 200);
  EXPECT_THAT(record->body, HasSubstr("クラウド基盤の全機能"));  // the scope is public
  EXPECT_THAT(record->body, Not(HasSubstr(kSecretImplementation)));
  // A service that is not registered is not public.
  const auto draft_service = NewService(provider);
  EXPECT_EQ(Get("/cloud-services/" + std::to_string(draft_service.id.value()))->status, 404);
  EXPECT_EQ(Get("/cloud-services?on=not-a-date")->status, 400);
}

TEST_F(ServicePagesTest, SubmittedStatementIsReadOnly) {
  const Session provider = LogIn("csp@x.example");
  const auto service = NewService(provider);
  const auto statement = Statement(provider, service.id, true);
  auto page = Get("/statements/" + std::to_string(statement.id.value()) + "?chapter=3", provider.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, Not(HasSubstr("name=\"row-0-adopted\"")));
  EXPECT_THAT(page->body, HasSubstr(kSecretImplementation));  // the provider reads its own annex
}

TEST_F(ServicePagesTest, AnAgencySeesTheStatementsDisclosedToItAndReadsThem) {
  const Session provider = LogIn("csp@x.example");
  const Session agency = LogIn("agency@x.example");
  const auto service = NewService(provider);
  const auto statement = Statement(provider, service.id, true);
  auto none = Get("/grants", agency.headers);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 200);
  EXPECT_THAT(none->body, Not(HasSubstr("/statements/")));
  const std::string annex = "/statements/" + std::to_string(statement.id.value());
  EXPECT_EQ(Get(annex, agency.headers)->status, 403);

  const auto today = domain::JapanDate(clock_.Now());
  ASSERT_TRUE(services_->cloud_services()
                  .GrantDisclosure(provider.principal, service.id, agency.principal.user->organization_id, today,
                                   domain::AddDays(today, 30))
                  .has_value());
  auto listed = Get("/grants", agency.headers);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_THAT(listed->body, HasSubstr("href=\"" + annex + "\""));
  EXPECT_THAT(listed->body, HasSubstr("クラウド株式会社"));
  EXPECT_THAT(listed->body, HasSubstr("href=\"/grants\""));  // the agency's navigation links here
  auto read = Get(annex, agency.headers);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  EXPECT_THAT(read->body, HasSubstr(kSecretImplementation));
  // Only agencies hold grants.
  EXPECT_EQ(Get("/grants", provider.headers)->status, 403);
  EXPECT_TRUE(IsLoginRedirect(*Get("/grants", "")));
}

TEST_F(ServicePagesTest, ImportsAStatementFileAndUploadsTheReportThroughThePages) {
  const Session provider = LogIn("csp@x.example");
  const Session auditor = LogIn("audit@x.example");
  const auto service = NewService(provider);
  auto started = Cloud().StartStatement(provider.principal, service.id, "ismap-pages");
  ASSERT_TRUE(started.has_value());
  const std::string path = "/statements/" + std::to_string(started->statement.id.value());
  auto page = Get(path, provider.headers);
  EXPECT_THAT(page->body, HasSubstr("enctype=\"multipart/form-data\""));

  // A file without the adopted column: refused beside the file field, nothing changed.
  auto refused = PostFile(provider, path + "/import", {{"version", "1"}, {"chapter", "5"}}, "statement_file", "s.csv",
                          "control_id\r\n5.1.1.1\r\n");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, HasSubstr("id=\"statement_file-error\""));
  EXPECT_THAT(refused->body, HasSubstr("href=\"#statement_file\""));

  auto imported = PostFile(provider, path + "/import", {{"version", "1"}, {"chapter", "5"}}, "statement_file", "s.csv",
                           "control_id,adopted,reason,implementation\r\n5.1.1.1,1,,年次で見直す\r\n");
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 303) << imported->body;
  EXPECT_EQ(imported->Header("location"), path + "?chapter=5&done=imported");
  auto now = Cloud().GetStatement(provider.principal, started->statement.id);
  ASSERT_TRUE(now.has_value());
  ASSERT_EQ(now->statement.entries.size(), 1u);
  EXPECT_EQ(now->statement.entries[0].implementation, "年次で見直す");
  auto csv = Get(path + "/export/csv", provider.headers);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_THAT(csv->body, HasSubstr("年次で見直す"));
  EXPECT_EQ(Get(path + "/export/csv", LogIn("rival@x.example").headers)->status, 403);

  // The report: uploaded through the page and issued at once (another service: this one has a draft).
  const auto statement = Statement(provider, NewService(provider).id, true);
  auto requested = Cloud().RequestEngagement(provider.principal, statement.id, body_org_);
  ASSERT_TRUE(requested.has_value());
  const auto id = requested->engagement.id;
  auto accepted = Cloud().AcceptEngagement(
      auditor.principal, id, 1, {true, "独立"},
      {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", domain::Date{2099, 3, 31}}}}});
  ASSERT_TRUE(accepted.has_value()) << accepted.error().message;
  std::vector<domain::ControlResult> results;
  for (const auto& entry : statement.entries) {
    if (entry.adopted) {
      results.push_back({entry.control_id, "質問", true, true, domain::AuditResult::kNoException, ""});
    }
  }
  ASSERT_TRUE(Cloud().RecordResults(auditor.principal, id, 2, results).has_value());
  const std::string engagement_path = "/engagements/" + std::to_string(id.value());
  EXPECT_THAT(Get(engagement_path, auditor.headers)->body, HasSubstr("name=\"report_file\""));
  auto issued = PostFile(auditor, engagement_path + "/report", {{"version", "3"}}, "report_file", "report.pdf",
                         "%PDF-1.4 実施結果報告書");
  ASSERT_TRUE(issued);
  ASSERT_EQ(issued->status, 303) << issued->body;
  auto after = Cloud().GetEngagement(auditor.principal, id);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->engagement.state, domain::EngagementState::kReportIssued);
  // The provider may not upload as the audit body.
  auto forbidden =
      PostFile(provider, engagement_path + "/report", {{"version", "4"}}, "report_file", "r.pdf", "%PDF-1.4 x");
  EXPECT_EQ(forbidden->status, 403);
}

TEST_F(ServicePagesTest, TheAuditorImportsOscalAssessmentResultsAndABrokenFileKeepsNothing) {
  const Session provider = LogIn("csp@x.example");
  const Session auditor = LogIn("audit@x.example");
  const auto statement = Statement(provider, NewService(provider).id, true);
  auto requested = Cloud().RequestEngagement(provider.principal, statement.id, body_org_);
  ASSERT_TRUE(requested.has_value()) << requested.error().message;
  const auto id = requested->engagement.id;
  const std::string path = "/engagements/" + std::to_string(id.value());
  // Not offered before the engagement is accepted.
  EXPECT_THAT(Get(path, auditor.headers)->body, Not(HasSubstr("name=\"results_file\"")));
  auto accepted = Cloud().AcceptEngagement(
      auditor.principal, id, 1, {true, "独立"},
      {{"監査 花子", {{domain::QualificationKind::kCisa, "", "C-9", domain::Date{2099, 3, 31}}}}});
  ASSERT_TRUE(accepted.has_value()) << accepted.error().message;
  ASSERT_EQ(accepted->engagement.version, 2);

  auto page = Get(path, auditor.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("action=\"" + path + "/results/import\""));
  EXPECT_THAT(page->body, HasSubstr("name=\"results_file\""));
  // The provider reads the engagement but is not offered the form, and may not post it.
  auto providers = Get(path, provider.headers);
  ASSERT_TRUE(providers);
  EXPECT_EQ(providers->status, 200);
  EXPECT_THAT(providers->body, Not(HasSubstr("name=\"results_file\"")));

  std::vector<domain::ControlResult> results;
  for (const auto& entry : statement.entries) {
    if (entry.adopted) {
      results.push_back({entry.control_id, "規程を閲覧した。", true, true, domain::AuditResult::kNoException, ""});
    }
  }
  ASSERT_FALSE(results.empty());
  results.back().result = domain::AuditResult::kException;
  results.back().description = "承認記録が1件欠落していた。";
  app::AssessmentExportOptions options;
  options.start = clock_.Now();
  auto file = app::ExportAssessmentResults(SmallEdition(), results, options);
  ASSERT_TRUE(file.has_value()) << file.error().message;
  EXPECT_EQ(PostFile(provider, path + "/results/import", {{"version", "2"}}, "results_file", "ar.json", *file)->status,
            403);

  // A finding about a control the edition does not have: refused beside the file field, with the
  // JSON pointer, and nothing recorded.
  auto json = nlohmann::json::parse(*file);
  json["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "ismap-9.9.9";
  auto refused = PostFile(auditor, path + "/results/import", {{"version", "2"}, {"chapter", "5"}}, "results_file",
                          "ar.json", json.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, HasSubstr("id=\"results_file-error\""));
  EXPECT_THAT(refused->body, HasSubstr("href=\"#results_file\""));
  EXPECT_THAT(refused->body, HasSubstr("/findings/0/target/target-id"));
  EXPECT_THAT(refused->body, HasSubstr("aria-invalid=\"true\""));
  auto after = Cloud().GetEngagement(auditor.principal, id);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->engagement.results.empty());
  EXPECT_EQ(after->engagement.version, 2);
  // Not JSON at all, and no file: refused the same way.
  EXPECT_EQ(
      PostFile(auditor, path + "/results/import", {{"version", "2"}}, "results_file", "ar.json", "{not json")->status,
      400);
  EXPECT_EQ(PostFile(auditor, path + "/results/import", {{"version", "2"}}, "results_file", "", "")->status, 400);

  // A stale version: the message on the page, nothing recorded.
  auto stale = PostFile(auditor, path + "/results/import", {{"version", "1"}}, "results_file", "ar.json", *file);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->status, 409);
  EXPECT_THAT(stale->body, HasSubstr("id=\"results_file-error\""));
  EXPECT_THAT(stale->body, HasSubstr("他の人によって変更されました"));
  EXPECT_TRUE(Cloud().GetEngagement(auditor.principal, id)->engagement.results.empty());

  auto imported = PostFile(auditor, path + "/results/import", {{"version", "2"}, {"chapter", "5"}}, "results_file",
                           "ar.json", *file);
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 303) << imported->body;
  EXPECT_EQ(imported->Header("location"), path + "?done=results_imported&chapter=5");
  after = Cloud().GetEngagement(auditor.principal, id);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->engagement.results.size(), results.size());
  const auto exception =
      std::find_if(after->engagement.results.begin(), after->engagement.results.end(),
                   [&](const domain::ControlResult& r) { return r.control_id == results.back().control_id; });
  ASSERT_NE(exception, after->engagement.results.end());
  EXPECT_EQ(exception->result, domain::AuditResult::kException);
  EXPECT_EQ(exception->description, "承認記録が1件欠落していた。");
  EXPECT_EQ(exception->procedure, "規程を閲覧した。");
  auto shown = Get(imported->Header("location"), auditor.headers);
  ASSERT_TRUE(shown);
  EXPECT_THAT(shown->body, HasSubstr("OSCAL ファイルの監査結果を取り込みました。"));
}

TEST_F(ServicePagesTest, TheGrantFormListsAgenciesByNameAndGrantsThroughIt) {
  const Session provider = LogIn("csp@x.example");
  const Session agency = LogIn("agency@x.example");
  const auto agency_id = std::to_string(agency.principal.user->organization_id.value());
  const auto service = NewService(provider);
  const std::string path = "/services/" + std::to_string(service.id.value());
  auto page = Get(path, provider.headers);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const auto start = page->body.find("name=\"agency\"");
  ASSERT_NE(start, std::string::npos);
  const std::string select = page->body.substr(start, page->body.find("</select>", start) - start);
  EXPECT_THAT(page->body, HasSubstr("<select id=\"agency\" name=\"agency\""));
  EXPECT_THAT(select, HasSubstr("<option value=\"" + agency_id + "\">デジタル庁</option>"));
  EXPECT_THAT(select, Not(HasSubstr("クラウド株式会社")));
  EXPECT_THAT(select, Not(HasSubstr("監査法人A")));
  EXPECT_THAT(select, Not(HasSubstr("事務局")));
  auto english = Get(path + "?lang=en", provider.headers);
  ASSERT_TRUE(english);
  EXPECT_THAT(english->body, HasSubstr(">Digital Agency</option>"));

  // None chosen: the message beside the select.
  const auto today = domain::JapanDate(clock_.Now());
  const std::string period =
      "&from=" + domain::FormatDate(today) + "&until=" + domain::FormatDate(domain::AddDays(today, 30));
  auto refused = Post(provider, path + "/grants", "agency=" + period);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_THAT(refused->body, HasSubstr("id=\"agency-error\""));
  EXPECT_THAT(refused->body, HasSubstr("政府機関を選んでください。"));

  auto granted = Post(provider, path + "/grants", "agency=" + agency_id + period);
  ASSERT_TRUE(granted);
  ASSERT_EQ(granted->status, 303) << granted->body;
  EXPECT_EQ(granted->Header("location"), path + "?done=granted");
  auto view = Cloud().GetService(provider.principal, service.id);
  ASSERT_TRUE(view.has_value());
  ASSERT_EQ(view->grants.size(), 1u);
  EXPECT_EQ(view->grants[0].agency, agency.principal.user->organization_id);
  auto after = Get(path, provider.headers);
  ASSERT_TRUE(after);
  EXPECT_THAT(after->body, HasSubstr("<td>デジタル庁</td>"));  // the grant, by name
}

}  // namespace
}  // namespace ismap::testing
