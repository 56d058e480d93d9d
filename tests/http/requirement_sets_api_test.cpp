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

}  // namespace
}  // namespace ismap::testing
