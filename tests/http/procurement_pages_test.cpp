// The procurement pages over HTTP (issue 9): each page for an agency's users, another agency's
// records as the 404 page, the public sent to log in and other roles refused, a refused profile
// form with every problem beside its field in Japanese and English and nothing typed lost, and on
// the demo data the documented profile that three registered services meet and two miss, each
// missing requirement named on the saved check's page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/criteria_demo.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/small_edition.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kPassword[] = "procurement pages password 1234";
const std::string kForm = "Content-Type: application/x-www-form-urlencoded\r\n";

struct Session {
  std::string headers;  // Cookie
  std::string csrf;
};

// The id at the end of a redirect's path ("/procurement/checks/12?done=checked" → "12").
std::string IdIn(const std::string& location) {
  std::smatch m;
  const std::regex id(R"(/(\d+)(\?|$))");
  return std::regex_search(location, m, id) ? m[1].str() : "";
}

std::string Body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "&" + name + "=" + web::QueryEscape(value);
  }
  return body;
}

class ProcurementPagesBase : public ServerFixture {
 protected:
  Session LogIn(const std::string& email, const std::string& password) {
    auto grant = services_->LogIn(email, password, "203.0.113.9");
    EXPECT_TRUE(grant.has_value()) << email;
    if (!grant) {
      return {};
    }
    return {"Cookie: ismap_session=" + grant->token + "\r\n", grant->csrf_token};
  }

  std::optional<HttpResponse> Post(const Session& s, const std::string& path, const std::string& body) {
    return Fetch(port_, "POST", path, s.headers + kForm, "csrf_token=" + web::QueryEscape(s.csrf) + body);
  }

  // Posts the new-profile form; the new profile's path.
  std::string NewProfile(const Session& s, const std::vector<std::pair<std::string, std::string>>& fields) {
    auto created = Post(s, "/procurement/profiles/new", Body(fields));
    EXPECT_TRUE(created.has_value());
    if (!created) {
      return "";
    }
    EXPECT_EQ(created->status, 303) << created->body;
    const std::string location = created->Header("location");
    EXPECT_THAT(location, StartsWith("/procurement/profiles/"));
    return "/procurement/profiles/" + IdIn(location);
  }

  // Runs a check of the profile at `profile`; the check's path.
  std::string RunCheck(const Session& s, const std::string& profile) {
    auto ran = Post(s, profile + "/check", "");
    EXPECT_TRUE(ran.has_value());
    if (!ran) {
      return "";
    }
    EXPECT_EQ(ran->status, 303) << ran->body;
    const std::string location = ran->Header("location");
    EXPECT_THAT(location, StartsWith("/procurement/checks/"));
    return "/procurement/checks/" + IdIn(location);
  }
};

class ProcurementPagesTest : public ProcurementPagesBase {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    const auto agency = MakeOrg(domain::OrganizationKind::kAgency, "第一省", "First Ministry");
    MakeUser(agency, "member@one.example", domain::Role::kAgencyMember);
    MakeUser(agency, "ciso@one.example", domain::Role::kAgencyCiso);
    MakeUser(MakeOrg(domain::OrganizationKind::kAgency, "第二省", "Second Ministry"), "member@two.example",
             domain::Role::kAgencyMember);
    MakeUser(MakeOrg(domain::OrganizationKind::kCsp, "クラウド株式会社", "Cloud KK"), "csp@x.example",
             domain::Role::kCspAdmin);
    MakeUser(MakeOrg(domain::KindOfRole(domain::Role::kReviewer), "審査機関", "Reviewers"), "review@x.example",
             domain::Role::kReviewer);
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow.has_value());
    ASSERT_TRUE((*uow)->Catalog().InsertEdition(SmallIsmapEdition("ismap-pages"), clock_.Now()).has_value());
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

  void MakeUser(domain::OrganizationId org, const std::string& email, domain::Role role) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
  }

  Session As(const std::string& email) { return LogIn(email, kPassword); }

  // A valid profile of the small edition.
  std::vector<std::pair<std::string, std::string>> ValidFields(const std::string& name) {
    return {{"name", name},
            {"purpose", "庁内文書管理の調達"},
            {"edition", "ismap-pages"},
            {"baseline", "ismap"},
            {"added", "ismap-pages:5.1.1.1\n"},
            {"models", "saas"},
            {"models", "paas"},
            {"regions", "東京、大阪"},
            {"track", ""},
            {"valid_through", "2027-03-31"}};
  }

  int numbers_ = 30;
};

TEST_F(ProcurementPagesTest, AnAgencyUserBuildsAProfileRunsACheckAndReadsTheRecord) {
  const auto member = As("member@one.example");
  auto index = Get("/procurement", member.headers);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_THAT(index->body, HasSubstr("href=\"/procurement/profiles/new\""));
  EXPECT_THAT(index->body, HasSubstr("href=\"/procurement\""));  // the navigation link

  auto form = Get("/procurement/profiles/new", member.headers);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_THAT(form->body, HasSubstr("<option value=\"ismap-pages\""));
  EXPECT_THAT(form->body, HasSubstr("name=\"models\" value=\"iaas\""));

  const std::string profile = NewProfile(member, ValidFields("文書管理クラウド調達"));
  auto page = Get(profile, member.headers);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("文書管理クラウド調達"));
  EXPECT_THAT(page->body, HasSubstr("<details"));
  EXPECT_THAT(page->body, HasSubstr("ismap-pages:5.1.1.1"));
  EXPECT_THAT(page->body, HasSubstr("東京, 大阪"));
  EXPECT_THAT(page->body, HasSubstr("action=\"" + profile + "/check\""));

  // The edit form comes back filled in, and a change is saved.
  auto edit = Get(profile + "/edit", member.headers);
  ASSERT_TRUE(edit);
  EXPECT_EQ(edit->status, 200);
  EXPECT_THAT(edit->body, HasSubstr("value=\"文書管理クラウド調達\""));
  EXPECT_THAT(edit->body, HasSubstr("value=\"saas\" checked"));
  auto fields = ValidFields("文書管理クラウド調達（改）");
  fields.emplace_back("version", "1");
  auto changed = Post(member, profile + "/edit", Body(fields));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 303) << changed->body;

  const std::string check = RunCheck(member, profile);
  auto record = Get(check, member.headers);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->status, 200);
  EXPECT_THAT(record->body, HasSubstr("文書管理クラウド調達（改）"));
  EXPECT_THAT(record->body, HasSubstr("svg class=\"chart\" role=\"img\""));
  EXPECT_THAT(record->body, HasSubstr("data-print"));
  EXPECT_THAT(record->body, HasSubstr("/static/procurement.js"));
  EXPECT_THAT(record->body, HasSubstr("href=\"/api/v1/procurement-checks/" + IdIn(check) + "?format=csv\""));
  EXPECT_THAT(record->body, HasSubstr("適用した経過措置"));

  // The agency's CISO sees the same records; the index links both.
  const auto ciso = As("ciso@one.example");
  auto listed = Get("/procurement", ciso.headers);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_THAT(listed->body, HasSubstr("href=\"" + profile + "\""));
  EXPECT_THAT(listed->body, HasSubstr("href=\"" + check + "\""));
  auto english = Get(check + "?lang=en", ciso.headers);
  ASSERT_TRUE(english);
  EXPECT_EQ(english->status, 200);
  EXPECT_THAT(english->body, HasSubstr("Procurement check record"));
  EXPECT_THAT(english->body, HasSubstr("Transitional measure applied"));

  // The script the print button needs is served.
  auto script = Get("/static/procurement.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_THAT(script->body, HasSubstr("window.print()"));
}

TEST_F(ProcurementPagesTest, AnotherAgencysRecordsAreNotFound) {
  const auto member = As("member@one.example");
  const std::string profile = NewProfile(member, ValidFields("第一省の調達"));
  const std::string check = RunCheck(member, profile);

  const auto other = As("member@two.example");
  for (const auto& path : {profile, profile + "/edit", check}) {
    auto got = Get(path, other.headers);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 404) << path;
    EXPECT_THAT(got->body, Not(HasSubstr("第一省の調達"))) << path;
  }
  auto ran = Post(other, profile + "/check", "");
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->status, 404);
  auto fields = ValidFields("乗っ取り");
  fields.emplace_back("version", "1");
  auto changed = Post(other, profile + "/edit", Body(fields));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 404);
  auto index = Get("/procurement", other.headers);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_THAT(index->body, Not(HasSubstr("第一省の調達")));
  EXPECT_THAT(index->body, Not(HasSubstr("href=\"" + check + "\"")));
  // Ids that are no ids are the 404 page too.
  for (const std::string path :
       {"/procurement/profiles/0", "/procurement/profiles/x", "/procurement/checks/-1", "/procurement/checks/999999"}) {
    auto got = Get(path, member.headers);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 404) << path;
  }
}

TEST_F(ProcurementPagesTest, ThePublicIsSentToLogInAndOtherRolesAreRefused) {
  const auto member = As("member@one.example");
  const std::string profile = NewProfile(member, ValidFields("調達"));
  const std::string check = RunCheck(member, profile);
  for (const auto& path :
       {std::string("/procurement"), std::string("/procurement/profiles/new"), profile, profile + "/edit", check}) {
    auto anonymous = Get(path);
    ASSERT_TRUE(anonymous) << path;
    EXPECT_EQ(anonymous->status, 303) << path;
    EXPECT_THAT(anonymous->Header("location"), StartsWith("/login?next=")) << path;
    for (const char* email : {"csp@x.example", "review@x.example"}) {
      auto refused = Get(path, As(email).headers);
      ASSERT_TRUE(refused) << path;
      EXPECT_EQ(refused->status, 403) << path << " " << email;
      EXPECT_THAT(refused->body, Not(HasSubstr("href=\"/procurement\""))) << "no menu link for " << email;
    }
  }
  auto anonymous_post = Fetch(port_, "POST", profile + "/check", kForm, "csrf_token=x");
  ASSERT_TRUE(anonymous_post);
  EXPECT_EQ(anonymous_post->status, 401);
  auto provider = Post(As("csp@x.example"), "/procurement/profiles/new", Body(ValidFields("事業者")));
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->status, 403);
  // A form without the session's CSRF token is refused.
  auto forged = Fetch(port_, "POST", profile + "/check", member.headers + kForm, "csrf_token=forged");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
}

TEST_F(ProcurementPagesTest, ABadProfileFormShowsEachProblemBesideItsFieldInEitherLanguage) {
  const auto member = As("member@one.example");
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"name", "  "},        {"purpose", "目的"},       {"edition", "ismap-pages"},
      {"baseline", "ismap"}, {"added", "行の形が違う"}, {"models", "xaas"},
      {"regions", "東京"},   {"track", "nope"},         {"valid_through", "2026-02-30"}};
  auto ja = Post(member, "/procurement/profiles/new", Body(bad));
  ASSERT_TRUE(ja);
  EXPECT_EQ(ja->status, 400);
  EXPECT_THAT(ja->body, HasSubstr("class=\"error-summary\""));
  for (const char* field : {"name", "added", "track", "valid_through"}) {
    EXPECT_THAT(ja->body, HasSubstr(std::string("id=\"") + field + "-error\"")) << field;
    EXPECT_THAT(ja->body, HasSubstr(std::string("href=\"#") + field + "\"")) << field;
  }
  EXPECT_THAT(ja->body, HasSubstr("id=\"models-error\""));
  EXPECT_THAT(ja->body, HasSubstr("「行の形が違う」は「版のキー:管理策ID」の形ではありません"));
  EXPECT_THAT(ja->body, HasSubstr("日付は YYYY-MM-DD の形の実在する日で入力してください"));
  // What was typed comes back.
  EXPECT_THAT(ja->body, HasSubstr(">行の形が違う</textarea>"));
  EXPECT_THAT(ja->body, HasSubstr("value=\"2026-02-30\""));
  EXPECT_THAT(ja->body, HasSubstr(">目的</textarea>"));

  auto en = Post(member, "/procurement/profiles/new?lang=en", Body(bad));
  ASSERT_TRUE(en);
  EXPECT_EQ(en->status, 400);
  EXPECT_THAT(en->body, HasSubstr("is not edition-key:control-id"));
  EXPECT_THAT(en->body, HasSubstr("Enter a real date as YYYY-MM-DD"));

  // What only the use case knows: a control no catalog holds, beside the added controls.
  auto fields = ValidFields("調達");
  fields[4] = {"added", "ismap-pages:99.9.9"};
  auto unknown = Post(member, "/procurement/profiles/new", Body(fields));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_THAT(unknown->body, HasSubstr("id=\"added-error\""));
  EXPECT_THAT(unknown->body, HasSubstr("99.9.9"));
  // No edition chosen.
  fields = ValidFields("調達");
  fields[2] = {"edition", ""};
  auto no_edition = Post(member, "/procurement/profiles/new", Body(fields));
  ASSERT_TRUE(no_edition);
  EXPECT_EQ(no_edition->status, 400);
  EXPECT_THAT(no_edition->body, HasSubstr("id=\"edition-error\""));

  // A stale edit keeps what was typed and says why.
  const std::string profile = NewProfile(member, ValidFields("調達"));
  auto first = ValidFields("一度目の変更");
  first.emplace_back("version", "1");
  auto saved = Post(member, profile + "/edit", Body(first));
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303);
  auto stale = ValidFields("古い版からの変更");
  stale.emplace_back("version", "1");
  auto refused = Post(member, profile + "/edit", Body(stale));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  EXPECT_THAT(refused->body, HasSubstr("id=\"form-error\""));
  EXPECT_THAT(refused->body, HasSubstr("value=\"古い版からの変更\""));
}

// On the demo data: the profile documented at the top of app/cloud_service_demo.cpp.
class ProcurementDemoPagesTest : public ProcurementPagesBase {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    SeedDemo();
  }
};

TEST_F(ProcurementDemoPagesTest, ThreeDemoServicesMeetTheDocumentedProfileAndTwoMissItNamingEachGap) {
  const auto agency =
      LogIn(app::DemoEmail(domain::Role::kAgencyMember), app::DemoPassword(domain::Role::kAgencyMember));
  const std::string profile = NewProfile(agency, {{"name", "東京・大阪の ISMAP サービス"},
                                                  {"purpose", ""},
                                                  {"edition", "ismap-skeleton"},
                                                  {"baseline", "ismap"},
                                                  {"added", ""},
                                                  {"regions", "東京, 大阪"},
                                                  {"track", ""},
                                                  {"valid_through", ""}});
  const std::string check = RunCheck(agency, profile);
  auto record = Get(check, agency.headers);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->status, 200);
  const std::string& html = record->body;
  EXPECT_THAT(html, HasSubstr("id=\"count-meets\">3<"));
  EXPECT_THAT(html, HasSubstr("id=\"count-unconfirmed\">0<"));
  EXPECT_THAT(html, HasSubstr("id=\"count-misses\">2<"));
  // The misses come after the services that meet, each in its own gap.
  const auto misses = html.find("id=\"misses-heading\"");
  ASSERT_NE(misses, std::string::npos);
  for (const char* meets : {"デモクラウド基盤", "デモデータ分析基盤", "デモ会議室予約"}) {
    const auto at = html.find(meets);
    EXPECT_LT(at, misses) << meets;
  }
  const std::string gaps = html.substr(misses);
  EXPECT_THAT(gaps, HasSubstr("デモ電子申請窓口"));
  EXPECT_THAT(gaps, HasSubstr("範囲: ISMAP-LIU の監査範囲での登録です"));
  EXPECT_THAT(gaps, HasSubstr("14.2.7: 採用されていない"));
  EXPECT_THAT(gaps, HasSubstr("デモ九州ファイル共有"));
  EXPECT_THAT(gaps, HasSubstr("リージョン: 福岡 のみ"));
  EXPECT_THAT(gaps, Not(HasSubstr("デモ会議室予約")));
}

TEST_F(ProcurementDemoPagesTest, ADetailedControlIsConfirmedOnlyWhereTheAnnexIsGranted) {
  const auto agency =
      LogIn(app::DemoEmail(domain::Role::kAgencyMember), app::DemoPassword(domain::Role::kAgencyMember));
  const std::string profile = NewProfile(agency, {{"name", "詳細管理策 12.2.1.15 を求める"},
                                                  {"edition", "ismap-skeleton-2024-demo"},
                                                  {"baseline", "ismap"},
                                                  {"added", "ismap-skeleton-2024-demo:12.2.1.15"}});
  auto record = Get(RunCheck(agency, profile), agency.headers);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->status, 200);
  const std::string& html = record->body;
  // The analytics platform's annex is granted and it adopts 12.2.1.15; Kyushu and the room booking
  // cannot be confirmed without theirs; the demo IaaS's edition has no such control, and the desk
  // is on the LIU scope.
  EXPECT_THAT(html, HasSubstr("id=\"count-meets\">1<"));
  EXPECT_THAT(html, HasSubstr("id=\"count-unconfirmed\">2<"));
  EXPECT_THAT(html, HasSubstr("id=\"count-misses\">2<"));
  const auto unconfirmed = html.find("id=\"unconfirmed-heading\"");
  const auto misses = html.find("id=\"misses-heading\"");
  ASSERT_NE(unconfirmed, std::string::npos);
  ASSERT_NE(misses, std::string::npos);
  EXPECT_LT(html.find("デモデータ分析基盤"), unconfirmed);
  const std::string middle = html.substr(unconfirmed, misses - unconfirmed);
  EXPECT_THAT(middle, HasSubstr("デモ九州ファイル共有"));
  EXPECT_THAT(middle, HasSubstr("デモ会議室予約"));
  EXPECT_THAT(middle, HasSubstr("詳細管理策 1 件: 別紙が開示されておらず確認できない"));
  EXPECT_THAT(html.substr(misses), HasSubstr("12.2.1.15: 言明書の版にない"));
}

}  // namespace
}  // namespace ismap::testing
