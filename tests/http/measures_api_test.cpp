// Transitional measures and unregistered-service confirmations through the server (issue 9): the
// flow (record, bulk-mark, submit, the CISO approves), bad input as 4xx with the JSON pointer of
// the field and the message in Japanese or English, the submit refusal listing every problem, a
// measure's overlap, and another agency's confirmation as 404 with nothing of it in the answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/small_edition.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "measures test password 1234";

json With(json value, const char* key, const json& field) {
  value[key] = field;
  return value;
}

class MeasuresApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    {
      auto uow = db_->Begin(storage::TxMode::kWrite);
      ASSERT_TRUE((*uow)->Catalog().InsertEdition(SmallIsmapEdition("ismap-test"), clock_.Now()).has_value());
      ASSERT_TRUE((*uow)->Commit().has_value());
    }
    const auto agency = Organization(domain::OrganizationKind::kAgency, "a@agency.example");
    member_ = As(agency, domain::Role::kAgencyMember, "member@agency.example");
    ciso_ = As(agency, domain::Role::kAgencyCiso, "ciso@agency.example");
    other_ = As(Organization(domain::OrganizationKind::kAgency, "b@agency.example"), domain::Role::kAgencyCiso,
                "ciso@other.example");
    secretariat_ = As(Organization(domain::OrganizationKind::kSecretariat, "s@sec.example"), domain::Role::kSecretariat,
                      "sec@sec.example");
    today_ = domain::FormatDate(domain::JapanDate(clock_.Now()));
  }

  domain::OrganizationId Organization(domain::OrganizationKind kind, const std::string& name) {
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, name, name,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(CorporateNumber(numbers_++))
                                               : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    return org->id;
  }

  std::string As(domain::OrganizationId org, domain::Role role, const std::string& email) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    auto grant = services_->LogIn(email, kPassword, "203.0.113.9");
    EXPECT_TRUE(grant.has_value());
    csrf_[email] = grant->csrf_token;
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  // A page form posted as the user `email` signed in as `who`.
  HttpResponse Post(const std::string& who, const std::string& email, const std::string& path,
                    const std::string& body) {
    auto response = Fetch(port_, "POST", path, who + "Content-Type: application/x-www-form-urlencoded\r\n",
                          "csrf_token=" + web::QueryEscape(csrf_[email]) + body);
    EXPECT_TRUE(response.has_value());
    return response.value_or(HttpResponse{});
  }

  std::map<std::string, std::string> csrf_;

  static json Service() {
    return json{{"name_ja", "文書共有サービス"},
                {"provider_name", "Example K.K."},
                {"model", "saas"},
                {"regions", {"東京"}},
                {"need", "災害時の文書共有"}};
  }

  int numbers_ = 1;
  std::string member_, ciso_, other_, secretariat_, today_;
};

TEST_F(MeasuresApiTest, RecordBulkMarkSubmitAndApprove) {
  auto created = Send("POST", "/api/v1/unregistered-services", member_, Service());
  ASSERT_EQ(created.status, 201) << created.body;
  const json record = json::parse(created.body);
  const std::string base = "/api/v1/unregistered-services/" + std::to_string(record["id"].get<int>());
  EXPECT_EQ(record["edition"], "ismap-test");
  EXPECT_EQ(record["items"].size(), 5u);
  EXPECT_EQ(record["measure_applied"], nullptr);

  // Submitting now lists every unmarked item by control id.
  auto refused = Send("POST", base + "/submit", member_, {{"version", 1}});
  ASSERT_EQ(refused.status, 409) << refused.body;
  const json error = json::parse(refused.body)["error"];
  EXPECT_EQ(error["code"], "unregistered.incomplete");
  EXPECT_THAT(error["message"].get<std::string>(), HasSubstr("提出できません"));
  ASSERT_EQ(error["problems"].size(), 5u);
  EXPECT_EQ(error["problems"][0]["control_id"], "3.1.1");
  EXPECT_EQ(error["problems"][0]["code"], "unregistered.item_unmarked");

  json body = Service();
  body["version"] = 1;
  body["items"] = json::array();
  for (const char* id : {"3.1.1", "5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"}) {
    body["items"].push_back({{"control_id", id}, {"mark", "met"}});
  }
  body["items"][4] = {{"control_id", "5.1.2"}, {"mark", "not_applicable"}, {"note", "利用しない機能"}};
  auto saved = Send("PUT", base, member_, body);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_TRUE(json::parse(saved.body)["findings"].empty());
  auto submitted = Send("POST", base + "/submit", member_, {{"version", 2}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(json::parse(submitted.body)["state"], "submitted");

  EXPECT_EQ(Send("POST", base + "/approve", member_, {{"version", 3}}).status, 403);
  EXPECT_EQ(Send("POST", base + "/approve", secretariat_, {{"version", 3}}).status, 403);
  auto approved = Send("POST", base + "/approve", ciso_, {{"version", 3}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json::parse(approved.body)["state"], "approved");
  EXPECT_EQ(Send("PUT", base, member_, body).status, 409);

  auto all = Send("GET", "/api/v1/unregistered-services", secretariat_);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(json::parse(all.body)["total"], 1);
}

TEST_F(MeasuresApiTest, AnotherAgencyGetsNotFoundAndNothingLeaks) {
  auto created = Send("POST", "/api/v1/unregistered-services", member_, Service());
  ASSERT_EQ(created.status, 201);
  const std::string base =
      "/api/v1/unregistered-services/" + std::to_string(json::parse(created.body)["id"].get<int>());
  struct Call {
    std::string method, target;
    json body;
  };
  const std::vector<Call> calls = {{"GET", base, nullptr},
                                   {"PUT", base, With(Service(), "version", 1)},
                                   {"POST", base + "/submit", json{{"version", 1}}},
                                   {"POST", base + "/approve", json{{"version", 1}}},
                                   {"POST", base + "/return", json{{"version", 1}, {"reason", "x"}}}};
  for (const auto& [method, target, body] : calls) {
    auto response = Send(method, target, other_, body);
    EXPECT_EQ(response.status, 404) << method << " " << target << " " << response.body;
    EXPECT_THAT(response.body, Not(HasSubstr("文書共有")));
  }
  auto list = Send("GET", "/api/v1/unregistered-services", other_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["total"], 0);
  EXPECT_EQ(Send("GET", "/api/v1/unregistered-services", "").status, 401);
}

TEST_F(MeasuresApiTest, BadInputIsA4xxWithThePointerInJapaneseAndEnglish) {
  struct Case {
    json body;
    const char* code;
    const char* pointer;
  };
  json unknown = Service();
  unknown["colour"] = "red";
  json no_regions = Service();
  no_regions.erase("regions");
  json bad_model = Service();
  bad_model["model"] = "faas";
  json bad_mark = Service();
  bad_mark["items"] = {{{"control_id", "3.1.1"}, {"mark", "maybe"}}};
  json bad_region = Service();
  bad_region["regions"] = {"東京", 3};
  const Case cases[] = {{unknown, "field_unknown", "/colour"},
                        {no_regions, "field_missing", "/regions"},
                        {bad_model, "field_invalid", "/model"},
                        {bad_mark, "field_invalid", "/items/0/mark"},
                        {bad_region, "field_type", "/regions/1"}};
  for (const auto& c : cases) {
    auto response = Send("POST", "/api/v1/unregistered-services", member_, c.body);
    EXPECT_EQ(response.status, 400) << c.pointer;
    const json error = json::parse(response.body)["error"];
    EXPECT_EQ(error["code"], c.code) << c.pointer;
    EXPECT_EQ(error["pointer"], c.pointer);
  }
  json no_name = Service();
  no_name["name_ja"] = "";
  auto ja = Send("POST", "/api/v1/unregistered-services", member_, no_name, "ja");
  EXPECT_EQ(ja.status, 400);
  EXPECT_EQ(json::parse(ja.body)["error"]["code"], "unregistered.name_required");
  EXPECT_THAT(ja.body, HasSubstr("サービス名"));
  auto en = Send("POST", "/api/v1/unregistered-services", member_, no_name, "en");
  EXPECT_THAT(en.body, HasSubstr("Enter the service"));
  EXPECT_EQ(json::parse(Send("GET", "/api/v1/unregistered-services", member_).body)["total"], 0);
}

TEST_F(MeasuresApiTest, MeasuresConfiguredByTheSecretariatOnly) {
  const json measure = {{"title_ja", "経過措置"},
                        {"effective_from", today_},
                        {"effective_until", today_},
                        {"relaxations", {"objectives_only"}}};
  EXPECT_EQ(Send("POST", "/api/v1/transitional-measures", member_, measure).status, 403);
  auto created = Send("POST", "/api/v1/transitional-measures", secretariat_, measure);
  ASSERT_EQ(created.status, 201) << created.body;
  auto overlap = Send("POST", "/api/v1/transitional-measures", secretariat_, measure, "en");
  EXPECT_EQ(overlap.status, 409);
  EXPECT_EQ(json::parse(overlap.body)["error"]["code"], "measure.overlaps");
  EXPECT_THAT(overlap.body, HasSubstr("overlaps another transitional measure"));
  json bad = measure;
  bad["relaxations"] = {"everything"};
  auto refused = Send("POST", "/api/v1/transitional-measures", secretariat_, bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(json::parse(refused.body)["error"]["pointer"], "/relaxations/0");
  bad = measure;
  bad["effective_until"] = "2026-02-30";
  EXPECT_EQ(json::parse(Send("POST", "/api/v1/transitional-measures", secretariat_, bad).body)["error"]["pointer"],
            "/effective_until");
  auto listed = Send("GET", "/api/v1/transitional-measures", member_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)["items"].size(), 1u);

  // While it is in force, a new confirmation needs only the items that are not detailed controls.
  auto confirmation = Send("POST", "/api/v1/unregistered-services", member_, Service());
  ASSERT_EQ(confirmation.status, 201);
  const json record = json::parse(confirmation.body);
  EXPECT_EQ(record["items"].size(), 3u);
  EXPECT_EQ(record["measure_applied"]["title_ja"], "経過措置");
  const std::string id = std::to_string(json::parse(created.body)["id"].get<int>());
  auto started = Send("PUT", "/api/v1/transitional-measures/" + id, secretariat_, With(measure, "version", 1));
  EXPECT_EQ(started.status, 409);
  EXPECT_EQ(json::parse(started.body)["error"]["code"], "measure.already_started");
}

TEST_F(MeasuresApiTest, PagesRecordBulkMarkSubmitAndApprove) {
  auto created = Post(member_, "member@agency.example", "/unregistered-services/new",
                      "&name_ja=" + web::QueryEscape("ページのサービス") + "&provider_name=P&model=saas&regions=" +
                          web::QueryEscape("東京\n大阪") + "&need=" + web::QueryEscape("必要"));
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string location = created.headers["location"];
  ASSERT_THAT(location, HasSubstr("/unregistered-services/"));
  auto editor = Get(location, member_);
  ASSERT_EQ(editor->status, 200);
  EXPECT_THAT(editor->body, HasSubstr("name=\"mark:3.1.1\""));
  for (const char* chapter : {"3", "5"}) {
    auto bulk = Post(member_, "member@agency.example", location + "/bulk",
                     std::string("&chapter=") + chapter + "&version=" + (chapter[0] == '3' ? "1" : "2"));
    ASSERT_EQ(bulk.status, 303) << bulk.body;
  }
  auto submitted = Post(member_, "member@agency.example", location + "/submit", "&version=3");
  ASSERT_EQ(submitted.status, 303) << submitted.body;
  auto for_ciso = Get(location, ciso_);
  EXPECT_THAT(for_ciso->body, HasSubstr("action=\"" + location + "/approve\""));
  auto empty_reason = Post(ciso_, "ciso@agency.example", location + "/return", "&version=4&reason=");
  EXPECT_EQ(empty_reason.status, 400);
  auto approved = Post(ciso_, "ciso@agency.example", location + "/approve", "&version=4");
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_THAT(Get(location + "?lang=en", member_)->body, HasSubstr("Approved"));
  EXPECT_EQ(Get(location, other_)->status, 404);
  auto list = Get("/unregistered-services", secretariat_);
  EXPECT_EQ(list->status, 200);
  EXPECT_THAT(list->body, HasSubstr("ページのサービス"));
  EXPECT_EQ(Get("/transitional-measures", secretariat_)->status, 200);
  EXPECT_EQ(Get("/transitional-measures", member_)->status, 200);
}

// The secretariat changes a measure on the page until its first day: the form filled in from the
// row's link, a change saved, a stale version refused with the reason and nothing lost, a started
// measure no longer offered; agencies see no link and are refused the form.
TEST_F(MeasuresApiTest, PagesChangeAMeasureBeforeItStarts) {
  const auto day = [&](int days) { return domain::FormatDate(domain::AddDays(domain::JapanDate(clock_.Now()), days)); };
  auto created = Send("POST", "/api/v1/transitional-measures", secretariat_,
                      {{"title_ja", "来月からの経過措置"},
                       {"effective_from", day(30)},
                       {"effective_until", day(60)},
                       {"relaxations", {"pending_applications"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(json::parse(created.body)["id"].get<int>());
  auto list = Get("/transitional-measures", secretariat_);
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("href=\"/transitional-measures?edit=" + id + "#new-measure-heading\""));
  EXPECT_THAT(Get("/transitional-measures", member_)->body, Not(HasSubstr("?edit=")));
  EXPECT_EQ(Get("/transitional-measures?edit=" + id, member_)->status, 403);
  EXPECT_EQ(Get("/transitional-measures?edit=999999", secretariat_)->status, 404);
  EXPECT_EQ(Get("/transitional-measures?edit=x", secretariat_)->status, 404);

  auto form = Get("/transitional-measures?edit=" + id, secretariat_);
  ASSERT_EQ(form->status, 200);
  EXPECT_THAT(form->body, HasSubstr("action=\"/transitional-measures/" + id + "/edit\""));
  EXPECT_THAT(form->body, HasSubstr("value=\"来月からの経過措置\""));
  EXPECT_THAT(form->body, HasSubstr("name=\"version\" value=\"1\""));
  EXPECT_THAT(form->body, HasSubstr("value=\"pending_applications\" checked"));

  const std::string fields = "&title_ja=" + web::QueryEscape("来月からの経過措置（改）") +
                             "&effective_from=" + day(31) + "&effective_until=" + day(61) +
                             "&relaxation=objectives_only";
  auto saved = Post(secretariat_, "sec@sec.example", "/transitional-measures/" + id + "/edit", fields + "&version=1");
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto read = json::parse(Send("GET", "/api/v1/transitional-measures/" + id, secretariat_).body);
  EXPECT_EQ(read["title_ja"], "来月からの経過措置（改）");
  EXPECT_EQ(read["effective_from"], day(31));
  EXPECT_EQ(read["relaxations"], json({"objectives_only"}));
  EXPECT_EQ(read["version"], 2);

  auto stale = Post(secretariat_, "sec@sec.example", "/transitional-measures/" + id + "/edit",
                    "&title_ja=" + web::QueryEscape("古い版から") + "&effective_from=" + day(31) +
                        "&effective_until=" + day(61) + "&relaxation=objectives_only&version=1");
  EXPECT_EQ(stale.status, 409);
  EXPECT_THAT(stale.body, HasSubstr("id=\"form-error\""));
  EXPECT_THAT(stale.body, HasSubstr("value=\"古い版から\""));
  auto bad = Post(secretariat_, "sec@sec.example", "/transitional-measures/" + id + "/edit",
                  "&title_ja=x&effective_from=" + day(40) + "&effective_until=" + day(35) + "&version=2");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.body, HasSubstr("id=\"effective_from-error\""));
  EXPECT_EQ(
      Post(member_, "member@agency.example", "/transitional-measures/" + id + "/edit", fields + "&version=2").status,
      403);

  // One in force today is not offered for a change, and asking for its form says why.
  auto now = Send("POST", "/api/v1/transitional-measures", secretariat_,
                  {{"title_ja", "今日からの経過措置"},
                   {"effective_from", day(0)},
                   {"effective_until", day(10)},
                   {"relaxations", {"objectives_only"}}});
  ASSERT_EQ(now.status, 201) << now.body;
  const std::string started = std::to_string(json::parse(now.body)["id"].get<int>());
  EXPECT_THAT(Get("/transitional-measures", secretariat_)->body, Not(HasSubstr("?edit=" + started + "#")));
  auto refused = Get("/transitional-measures?edit=" + started, secretariat_);
  EXPECT_EQ(refused->status, 409);
  EXPECT_THAT(refused->body, HasSubstr("適用が始まった経過措置は編集できません"));
}

}  // namespace
}  // namespace ismap::testing
