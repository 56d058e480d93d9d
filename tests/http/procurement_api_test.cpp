// /api/v1/profiles and /api/v1/procurement-checks over HTTP (issue 9) on the demo data: the
// documented profile that three registered services meet and two miss, each missing requirement
// named in the saved record, its CSV and XLSX read back; a preview that saves nothing; another
// agency's records 404; bad input 400 naming the field's JSON pointer in Japanese and English; a
// stale edit 409.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/audit_body_demo.hpp"
#include "app/cloud_service_demo.hpp"
#include "app/criteria_demo.hpp"
#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "procurement api password 1234";

class ProcurementApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    SeedDemo();
    if (HasFatalFailure()) {
      return;
    }
    member_ = Session(app::DemoEmail(domain::Role::kAgencyMember), app::DemoPassword(domain::Role::kAgencyMember));
    ciso_ = Session(app::DemoEmail(domain::Role::kAgencyCiso), app::DemoPassword(domain::Role::kAgencyCiso));
    provider_ = Session(app::DemoEmail(domain::Role::kCspAdmin), app::DemoPassword(domain::Role::kCspAdmin));
    auto other = services_->CreateOrganization(
        app::Principal::Operator(), {domain::OrganizationKind::kAgency, "別の省", "Other Ministry", std::nullopt});
    ASSERT_TRUE(other.has_value()) << other.error().message;
    ASSERT_TRUE(
        services_
            ->CreateUser(app::Principal::Operator(),
                         {other->id, "member@other.example", "member@other.example", {domain::Role::kAgencyMember}},
                         kPassword)
            .has_value());
    other_ = Session("member@other.example", kPassword);
  }

  std::string Session(const std::string& email, const std::string& password) {
    auto grant = services_->LogIn(email, password, "203.0.113.7");
    EXPECT_TRUE(grant.has_value()) << email;
    if (!grant) {
      return "";
    }
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  // The profile documented at the top of app/cloud_service_demo.cpp.
  static json DemoProfile() {
    return json{{"name", "東京・大阪の ISMAP サービス"},
                {"edition", "ismap-skeleton"},
                {"baseline", "ismap"},
                {"conditions", {{"regions", {"東京", "大阪"}}}}};
  }

  // The error's code and pointer of a refused request.
  static std::pair<std::string, std::string> Refusal(const HttpResponse& response) {
    const json error = json::parse(response.body, nullptr, false)["error"];
    return {error.value("code", ""), error.value("pointer", "")};
  }

  std::string member_, ciso_, provider_, other_;
};

TEST_F(ProcurementApiTest, TheDocumentedProfileIsMetByThreeAndMissedByTwoEachGapNamedAndKept) {
  auto created = Send("POST", "/api/v1/profiles", member_, DemoProfile());
  ASSERT_EQ(created.status, 201) << created.body;
  const json profile = json::parse(created.body);
  const std::string profile_path = "/api/v1/profiles/" + std::to_string(profile["id"].get<int>());
  EXPECT_EQ(created.Header("location"), profile_path);
  EXPECT_EQ(profile["version"], 1);
  EXPECT_EQ(profile["conditions"]["regions"], json({"東京", "大阪"}));

  auto read = Send("GET", profile_path, ciso_);  // the agency's CISO reads it too
  ASSERT_EQ(read.status, 200) << read.body;
  const json view = json::parse(read.body);
  EXPECT_GT(view["requirement_count"].get<int>(), 0);
  EXPECT_EQ(view["requirements"].size(), view["requirement_count"].get<std::size_t>());

  auto ran = Send("POST", "/api/v1/procurement-checks", member_, {{"profile", profile["id"]}});
  ASSERT_EQ(ran.status, 201) << ran.body;
  const json check = json::parse(ran.body);
  const std::string check_path = "/api/v1/procurement-checks/" + std::to_string(check["id"].get<int>());
  EXPECT_EQ(ran.Header("location"), check_path);
  EXPECT_EQ(check["counts"], json({{"meets", 3}, {"unconfirmed", 0}, {"misses", 2}}));
  std::map<std::string, std::vector<std::string>> gaps;
  for (const auto& service : check["services"]) {
    auto& named = gaps[service["name_ja"].get<std::string>()];
    for (const auto& gap : service["gaps"]) {
      named.push_back(gap["kind"].get<std::string>() + ":" + gap["control"].get<std::string>() + ":" +
                      gap["detail"].get<std::string>());
    }
  }
  EXPECT_TRUE(gaps["デモクラウド基盤"].empty());
  EXPECT_TRUE(gaps["デモデータ分析基盤"].empty());
  EXPECT_TRUE(gaps["デモ会議室予約"].empty());
  EXPECT_THAT(gaps["デモ電子申請窓口"], Contains("scope::liu"));
  EXPECT_THAT(gaps["デモ電子申請窓口"], Contains("control_not_adopted:14.2.7:"));
  EXPECT_THAT(gaps["デモ九州ファイル共有"], Contains("region::福岡"));

  // The record reads back exactly as it ran, and the list names it.
  auto kept = Send("GET", check_path, member_);
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(json::parse(kept.body), check);
  auto listed = Send("GET", "/api/v1/procurement-checks", ciso_);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(json::parse(listed.body)["items"].size(), 1U);
  EXPECT_EQ(json::parse(listed.body)["items"][0]["counts"]["misses"], 2);

  // The CSV: UTF-8 with a BOM, one row per gap, in the reader's language.
  auto csv = Send("GET", check_path + "?format=csv", member_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(csv.Header("content-disposition"), HasSubstr("procurement-check-"));
  ASSERT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0U);
  auto table = tabular::ReadCsv(csv.body);
  ASSERT_TRUE(table.has_value());
  ASSERT_GE(table->rows.size(), 6U);
  EXPECT_EQ(table->rows[0][0], "確認の基準日");
  bool saw_gap = false;
  for (const auto& row : table->rows) {
    if (row.size() > 12 && row[12] == "14.2.7") {
      saw_gap = true;
      EXPECT_EQ(row[4], "デモ電子申請窓口");
      EXPECT_EQ(row[2], "不適合");
      EXPECT_EQ(row[10], "14.2.7: 採用されていない");
      EXPECT_EQ(row[11], "control_not_adopted");
    }
  }
  EXPECT_TRUE(saw_gap);
  auto english = Send("GET", check_path + "?format=xlsx&lang=en", member_);
  ASSERT_EQ(english.status, 200);
  auto sheets = tabular::ReadXlsx(english.body);
  ASSERT_TRUE(sheets.has_value());
  ASSERT_EQ(sheets->size(), 1U);
  EXPECT_EQ((*sheets)[0].rows[0][0], "Checked as of");
  EXPECT_THAT((*sheets)[0].rows, Contains(Contains("Regions: only 福岡")));
}

TEST_F(ProcurementApiTest, APreviewSavesNothingAndAStaleEditIsRefused) {
  auto created = Send("POST", "/api/v1/profiles", member_, DemoProfile());
  ASSERT_EQ(created.status, 201) << created.body;
  const int id = json::parse(created.body)["id"].get<int>();
  auto preview = Send("POST", "/api/v1/procurement-checks", member_, {{"profile", id}, {"save", false}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(json::parse(preview.body)["id"].is_null());
  EXPECT_EQ(json::parse(preview.body)["counts"]["meets"], 3);
  EXPECT_TRUE(json::parse(Send("GET", "/api/v1/procurement-checks", member_).body)["items"].empty());

  json change = DemoProfile();
  change["name"] = "大阪だけ";
  change["conditions"]["regions"] = {"大阪"};
  change["version"] = 1;
  const std::string path = "/api/v1/profiles/" + std::to_string(id);
  auto changed = Send("PUT", path, member_, change);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["version"], 2);
  auto stale = Send("PUT", path, ciso_, change);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Refusal(stale).first, "profile.stale_version");
  auto listed = Send("GET", "/api/v1/profiles", ciso_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)["items"][0]["name"], "大阪だけ");
}

TEST_F(ProcurementApiTest, AnotherAgencysRecordsAreNotFoundAndOtherRolesAreRefused) {
  auto created = Send("POST", "/api/v1/profiles", member_, DemoProfile());
  ASSERT_EQ(created.status, 201);
  const json id = json::parse(created.body)["id"];
  auto ran = Send("POST", "/api/v1/procurement-checks", member_, {{"profile", id}});
  ASSERT_EQ(ran.status, 201);
  const std::string check_path = "/api/v1/procurement-checks/" + std::to_string(json::parse(ran.body)["id"].get<int>());
  const std::string profile_path = "/api/v1/profiles/" + std::to_string(id.get<int>());

  for (const auto& path : {profile_path, check_path, check_path + "?format=csv"}) {
    auto got = Send("GET", path, other_);
    EXPECT_EQ(got.status, 404) << path;
    EXPECT_THAT(got.body, Not(HasSubstr("東京・大阪"))) << path;
  }
  json change = DemoProfile();
  change["version"] = 1;
  EXPECT_EQ(Send("PUT", profile_path, other_, change).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/procurement-checks", other_, {{"profile", id}}).status, 404);
  EXPECT_TRUE(json::parse(Send("GET", "/api/v1/profiles", other_).body)["items"].empty());
  EXPECT_TRUE(json::parse(Send("GET", "/api/v1/procurement-checks", other_).body)["items"].empty());

  EXPECT_EQ(Send("GET", check_path, provider_).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/profiles", provider_, DemoProfile()).status, 403);
  EXPECT_EQ(Send("GET", check_path, "").status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/procurement-checks/0", member_).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/profiles/x", member_).status, 404);
}

TEST_F(ProcurementApiTest, BadInputNamesTheFieldInTheCallersLanguageAndStoresNothing) {
  struct Case {
    json body;
    std::string code;
    std::string pointer;
  };
  auto with = [](const char* key, json value) {
    json body = DemoProfile();
    body[key] = std::move(value);
    return body;
  };
  auto condition = [](const char* key, json value) {
    json body = DemoProfile();
    body["conditions"][key] = std::move(value);
    return body;
  };
  json no_name = DemoProfile();
  no_name.erase("name");
  const std::vector<Case> cases = {
      {json::array(), "field_type", ""},
      {no_name, "field_missing", "/name"},
      {with("name", 7), "field_type", "/name"},
      {with("name", "  "), "profile.name_required", "/name"},
      {with("name", std::string(201, 'a')), "profile.name_too_long", "/name"},
      {with("colour", "red"), "field_unknown", "/colour"},
      {with("baseline", "fedramp"), "field_invalid", "/baseline"},
      {with("edition", "no-such-edition"), "criteria.edition_not_found", "/edition"},
      {with("edition", "nist-sp800-53-rev5.0.1"), "profile.not_ismap_edition", "/edition"},
      {with("added", json::array({json{{"edition", "ismap-skeleton"}, {"control", "14.2.7"}},
                                  json{{"edition", "ismap-skeleton"}, {"control", "99.9.9"}}})),
       "profile.unknown_control", "/added/1"},
      {with("added", json::array({json{{"edition", "ismap-skeleton"}, {"control", "14.2.7"}},
                                  json{{"edition", "ismap-skeleton"}, {"control", "14.2.7"}}})),
       "profile.duplicate_control", "/added/1"},
      {with("added", json::array({json{{"edition", "ismap-skeleton"}}})), "field_missing", "/added/0/control"},
      {with("added", json::array({"ismap-skeleton:14.2.7"})), "field_type", "/added/0"},
      {condition("models", {"saas", "xaas"}), "field_invalid", "/conditions/models/1"},
      {condition("models", {"saas", "saas"}), "profile.duplicate_model", "/conditions/models"},
      {condition("regions", {"東京", "東京"}), "profile.bad_region", "/conditions/regions"},
      {condition("track", "gold"), "field_invalid", "/conditions/track"},
      {condition("valid_through", "2026-02-30"), "field_invalid", "/conditions/valid_through"},
      {condition("valid_through", 20270331), "field_type", "/conditions/valid_through"},
      {condition("vendor", "x"), "field_unknown", "/conditions/vendor"},
  };
  for (const auto& c : cases) {
    auto refused = Send("POST", "/api/v1/profiles", member_, c.body);
    EXPECT_EQ(refused.status, 400) << c.body.dump();
    EXPECT_EQ(Refusal(refused), std::make_pair(c.code, c.pointer)) << c.body.dump() << " " << refused.body;
  }
  // The message is in the caller's language.
  auto ja = Send("POST", "/api/v1/profiles", member_, with("name", ""));
  EXPECT_THAT(ja.body, HasSubstr("プロファイルの名前を入力してください"));
  auto en = Send("POST", "/api/v1/profiles", member_, with("name", ""), "en");
  EXPECT_THAT(en.body, HasSubstr("Give the profile a name"));
  EXPECT_EQ(Send("POST", "/api/v1/profiles", member_, "not an object").status, 400);
  auto not_json =
      Fetch(port_, "POST", "/api/v1/profiles", member_ + "Content-Type: application/json\r\n", "{\"name\":");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_TRUE(json::parse(Send("GET", "/api/v1/profiles", member_).body)["items"].empty());

  // A check of nothing, and bad parameters of a record.
  EXPECT_EQ(Refusal(Send("POST", "/api/v1/procurement-checks", member_, json::object())),
            std::make_pair(std::string("field_missing"), std::string("/profile")));
  EXPECT_EQ(Refusal(Send("POST", "/api/v1/procurement-checks", member_, {{"profile", 1}, {"save", "yes"}})),
            std::make_pair(std::string("field_type"), std::string("/save")));
  EXPECT_EQ(Send("POST", "/api/v1/procurement-checks", member_, {{"profile", 999999}}).status, 404);
  auto created = Send("POST", "/api/v1/profiles", member_, DemoProfile());
  ASSERT_EQ(created.status, 201);
  auto ran = Send("POST", "/api/v1/procurement-checks", member_, {{"profile", json::parse(created.body)["id"]}});
  ASSERT_EQ(ran.status, 201);
  const std::string path = "/api/v1/procurement-checks/" + std::to_string(json::parse(ran.body)["id"].get<int>());
  EXPECT_EQ(Refusal(Send("GET", path + "?format=pdf", member_)),
            std::make_pair(std::string("invalid_parameter"), std::string("/format")));
  EXPECT_EQ(Refusal(Send("GET", path + "?sort=name", member_)),
            std::make_pair(std::string("unknown_parameter"), std::string("/sort")));
}

}  // namespace
}  // namespace ismap::testing
