// GET /api/v1/audit-bodies/requirements through a real server: public, the current version with
// its items in both languages, beside /api/v1/audit-bodies/{id} (literal segments win).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/requirement_sets.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

class RequirementSetsApiTest : public ServerFixture {};

TEST_F(RequirementSetsApiTest, TheCurrentSetIsPublicAndFollowsEachPublication) {
  ASSERT_TRUE(app::SeedDefaultRequirementSet(*db_, clock_).has_value());
  auto r = Get("/api/v1/audit-bodies/requirements");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json body = json::parse(r->body);
  EXPECT_EQ(body["version"], app::kShippedRequirementSetVersion);
  ASSERT_TRUE(body["items"].is_array());
  ASSERT_GE(body["items"].size(), 8U);
  for (const auto& item : body["items"]) {
    EXPECT_FALSE(item["id"].get<std::string>().empty());
    EXPECT_FALSE(item["text_ja"].get<std::string>().empty());
    EXPECT_FALSE(item["text_en"].get<std::string>().empty());
  }

  domain::RequirementSet next{"2026-04", {{"only", "唯一の要件", "The only requirement"}}};
  ASSERT_TRUE(app::PublishRequirementSet(*db_, clock_, app::Principal::Operator(), next).has_value());
  body = json::parse(Get("/api/v1/audit-bodies/requirements")->body);
  EXPECT_EQ(body["version"], "2026-04");
  ASSERT_EQ(body["items"].size(), 1U);
  EXPECT_EQ(body["items"][0]["text_ja"], "唯一の要件");
}

TEST_F(RequirementSetsApiTest, TheSecretariatPublishesAVersionAndBadSetsAreRefusedWithThePointer) {
  const auto secretariat_org = services_->CreateOrganization(
      app::Principal::Operator(), {domain::OrganizationKind::kSecretariat, "事務局", "Secretariat", std::nullopt});
  ASSERT_TRUE(secretariat_org.has_value());
  const auto agency_org = services_->CreateOrganization(
      app::Principal::Operator(), {domain::OrganizationKind::kAgency, "庁", "Agency", std::nullopt});
  ASSERT_TRUE(agency_org.has_value());
  auto headers = [this](domain::OrganizationId org, domain::Role role, const std::string& email) {
    constexpr char kPassword[] = "requirement set password 1234";
    EXPECT_TRUE(services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword));
    auto grant = services_->LogIn(email, kPassword, "203.0.113.8");
    EXPECT_TRUE(grant.has_value());
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token +
           "\r\nContent-Type: application/json\r\nAccept-Language: en\r\n";
  };
  const std::string secretariat = headers(secretariat_org->id, domain::Role::kSecretariat, "s@req.example");
  const std::string agency = headers(agency_org->id, domain::Role::kAgencyMember, "a@req.example");
  const json set = {{"version", "2027-01"}, {"items", {{{"id", "qc"}, {"text_ja", "品質管理"}, {"text_en", "QC"}}}}};

  auto refused = Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", agency, set.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto anonymous =
      Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", "Content-Type: application/json\r\n", set.dump());
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);

  json bad = set;
  bad["items"][0]["text_ja"] = 5;
  auto malformed = Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", secretariat, bad.dump());
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(json::parse(malformed->body)["error"]["code"], "requirement_set.bad_json");
  EXPECT_EQ(json::parse(malformed->body)["error"]["pointer"], "/items/0/text_ja");
  json empty = set;
  empty["items"] = json::array();
  auto no_items = Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", secretariat, empty.dump());
  ASSERT_TRUE(no_items);
  EXPECT_EQ(no_items->status, 400);

  auto published = Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", secretariat, set.dump());
  ASSERT_TRUE(published);
  EXPECT_EQ(published->status, 201) << published->body;
  EXPECT_EQ(json::parse(Get("/api/v1/audit-bodies/requirements")->body)["version"], "2027-01");
  auto again = Fetch(port_, "POST", "/api/v1/audit-bodies/requirements", secretariat, set.dump());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(json::parse(again->body)["error"]["code"], "requirement_set.duplicate_version");
}

}  // namespace
}  // namespace ismap::testing
