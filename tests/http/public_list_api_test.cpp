// GET /api/v1/services through a real server (issue 8): search in Japanese and English, filters,
// order and pages, exports of the filtered list, explicit nulls, and every bad parameter a 400
// naming it, in the reader's language.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/http/server_fixture.hpp"
#include "tests/support/public_portal_seed.hpp"
#include "web/form.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

class PublicListApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    PortalSeeder seed(*db_, clock_);
    const auto sakura =
        seed.Organization(domain::OrganizationKind::kCsp, "さくらクラウド株式会社", "Sakura Cloud K.K.");
    const auto mail = seed.Organization(domain::OrganizationKind::kCsp, "メール配信合同会社", "Mail Delivery LLC");
    aoba_ = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人あおば", "Aoba Audit");
    const domain::Date until = domain::AddDays(seed.Today(), 400);
    seed.RegisteredService(sakura, aoba_, "オブジェクトストレージ", domain::Track::kIsmap, until);
    seed.RegisteredService(sakura, aoba_, "仮想サーバー", domain::Track::kIsmap, until);
    seed.RegisteredService(mail, aoba_, "メール配信サービス", domain::Track::kLiu, until);
  }

  json List(const std::string& query, int expected_status = 200) {
    auto response = Get("/api/v1/services" + query);
    EXPECT_TRUE(response.has_value());
    if (!response) {
      return json();
    }
    EXPECT_EQ(response->status, expected_status) << query << ": " << response->body;
    return json::parse(response->body, nullptr, false);
  }

  std::vector<std::string> Names(const json& page) {
    std::vector<std::string> names;
    for (const auto& item : page["items"]) {
      names.push_back(item["name_ja"]);
    }
    return names;
  }

  domain::OrganizationId aoba_;
};

TEST_F(PublicListApiTest, SearchesFiltersSortsAndPages) {
  const json all = List("");
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["page"], 1);
  EXPECT_EQ(all["per_page"], 100);
  ASSERT_EQ(all["items"].size(), 3U);
  const json& line = all["items"][0];
  EXPECT_TRUE(line["provider_id"].is_number_integer());
  EXPECT_EQ(line["audit_body_id"], aoba_.value());
  EXPECT_TRUE(line["audit_period"]["first"].is_string());

  EXPECT_EQ(Names(List("?q=" + web::QueryEscape("ストレージ"))), (std::vector<std::string>{"オブジェクトストレージ"}));
  EXPECT_EQ(Names(List("?q=" + web::QueryEscape("配信"))), (std::vector<std::string>{"メール配信サービス"}));
  EXPECT_EQ(Names(List("?q=SAKURA&sort=-name")), (std::vector<std::string>{"仮想サーバー", "オブジェクトストレージ"}));
  EXPECT_EQ(Names(List("?track=liu")), (std::vector<std::string>{"メール配信サービス"}));
  EXPECT_EQ(Names(List("?model=iaas,paas")), std::vector<std::string>{});
  EXPECT_EQ(List("?audit_body=" + std::to_string(aoba_.value()))["total"], 3);

  const json second = List("?sort=name&per_page=2&page=2");
  EXPECT_EQ(second["total"], 3);
  EXPECT_EQ(Names(second), (std::vector<std::string>{"仮想サーバー"}));  // オ, メ, then 仮
  EXPECT_EQ(List("?per_page=2&page=5")["items"].size(), 0U);
  EXPECT_EQ(List("?on=2000-01-01")["total"], 0);
}

TEST_F(PublicListApiTest, ExportsHoldEveryLineOfTheFilteredList) {
  auto csv = Get("/api/v1/services?format=csv&per_page=1&q=" + web::QueryEscape("サービス"));
  ASSERT_TRUE(csv.has_value());
  EXPECT_EQ(csv->status, 200);
  EXPECT_THAT(csv->Header("content-type"), ::testing::StartsWith("text/csv"));
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");  // the BOM Excel needs for UTF-8
  EXPECT_THAT(csv->body, ::testing::HasSubstr("メール配信サービス"));
  EXPECT_THAT(csv->body, ::testing::Not(::testing::HasSubstr("仮想サーバー")));
  auto all = Get("/api/v1/services?format=csv&per_page=1");  // paging never cuts an export
  ASSERT_TRUE(all.has_value());
  EXPECT_THAT(all->body, ::testing::HasSubstr("仮想サーバー"));
  EXPECT_THAT(all->body, ::testing::HasSubstr("オブジェクトストレージ"));
  auto xlsx = Get("/api/v1/services?format=xlsx&track=liu");
  ASSERT_TRUE(xlsx.has_value());
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip: the workbook
  // Statements' texts never reach the public list.
  EXPECT_THAT(all->body, ::testing::Not(::testing::HasSubstr(kSecretImplementation)));
  EXPECT_THAT(List("").dump(), ::testing::Not(::testing::HasSubstr(kSecretImplementation)));
}

TEST_F(PublicListApiTest, EveryBadParameterIsA400NamingItInTheReadersLanguage) {
  const auto expect = [this](const std::string& query, const std::string& code, const std::string& pointer) {
    const json body = List(query, 400);
    EXPECT_EQ(body["error"]["code"], code) << query;
    EXPECT_EQ(body["error"]["pointer"], pointer) << query;
    return body;
  };
  const json unknown = expect("?colour=red", "unknown_parameter", "/colour");
  EXPECT_THAT(unknown["error"]["message"].get<std::string>(), ::testing::HasSubstr("クエリパラメータ"));
  const json english = expect("?colour=red&lang=en", "unknown_parameter", "/colour");
  EXPECT_THAT(english["error"]["message"].get<std::string>(), ::testing::HasSubstr("query parameter"));
  expect("?on=2026-02-30", "invalid_parameter", "/on");
  expect("?registered_since=yesterday", "invalid_parameter", "/registered_since");
  expect("?per_page=100000", "invalid_parameter", "/per_page");
  expect("?page=0", "invalid_parameter", "/page");
  expect("?sort=price", "invalid_parameter", "/sort");
  expect("?model=faas", "invalid_parameter", "/model");
  expect("?status=asleep", "invalid_parameter", "/status");
  expect("?track=gold", "invalid_parameter", "/track");
  expect("?provider=abc", "invalid_parameter", "/provider");
  expect("?q=" + std::string(101, 'x'), "invalid_parameter", "/q");
  expect("?q=a&q=b", "invalid_parameter", "/q");
  expect("?format=pdf", "invalid_parameter", "/format");
}

}  // namespace
}  // namespace ismap::testing
