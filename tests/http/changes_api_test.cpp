// GET /api/v1/changes through a real server (issue 8): public, paged by since/limit until `more` is
// false with every registration event once, no reasons or other non-public detail, no-cache, and
// 400 with its own code and a message in the caller's language for every bad parameter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "app/audit_body_demo.hpp"
#include "app/changes.hpp"
#include "app/system.hpp"
#include "domain/ledger.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

class ChangesApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    ASSERT_TRUE(app::SeedDemoData(*db_, clock_, identity_.hashing).has_value());
    auto seeded = app::SeedDemoAuditBodies(*db_, clock_, services_->audit_body_settings(), identity_.hashing);
    ASSERT_TRUE(seeded.has_value());
    ASSERT_GT(*seeded, 0);
  }

  // The registration events' sequences, and every reason any ledger event carries.
  void ReadLedger(std::vector<std::string>& sequences, std::set<std::string>& reasons) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    ASSERT_TRUE(events.has_value());
    for (const auto& event : *events) {
      if (event.entry.type.rfind(domain::kEventRegistrationPrefix, 0) == 0) {
        sequences.push_back(std::to_string(event.sequence));
      }
      const auto payload = json::parse(event.entry.payload_json, nullptr, false);
      if (payload.is_object() && payload.contains("reason") && payload["reason"].is_string() &&
          payload["reason"].get<std::string>().size() >= 4) {
        reasons.insert(payload["reason"].get<std::string>());
      }
    }
  }

  void ExpectRefused(const std::string& query, const std::string& code) {
    SCOPED_TRACE(query);
    auto ja = Get("/api/v1/changes" + query);
    ASSERT_TRUE(ja);
    EXPECT_EQ(ja->status, 400) << ja->body;
    const auto ja_body = json::parse(ja->body);
    EXPECT_EQ(ja_body["error"]["code"], code);
    auto en = Get("/api/v1/changes" + query, "Accept-Language: en\r\n");
    ASSERT_TRUE(en);
    EXPECT_EQ(en->status, 400);
    const auto en_body = json::parse(en->body);
    EXPECT_EQ(en_body["error"]["code"], code);
    const std::string en_message = en_body["error"]["message"];
    const std::string ja_message = ja_body["error"]["message"];
    EXPECT_FALSE(en_message.empty());
    EXPECT_NE(en_message, ja_message);
    EXPECT_THAT(en_message, ::testing::Not(::testing::HasSubstr(code)));
  }
};

TEST_F(ChangesApiTest, PagesThroughEveryPublicChangeOnceWithoutReasons) {
  std::vector<std::string> expected;
  std::set<std::string> reasons;
  ReadLedger(expected, reasons);
  ASSERT_FALSE(expected.empty());
  ASSERT_FALSE(reasons.empty());  // the demo's decisions have reasons: none may show

  std::vector<std::string> seen;
  std::string cursor;
  for (int request = 0; request < 200; ++request) {
    auto r = Get("/api/v1/changes?limit=2" + (cursor.empty() ? std::string() : "&since=" + cursor));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->Header("cache-control"), "no-cache");
    for (const auto& reason : reasons) {
      EXPECT_THAT(r->body, ::testing::Not(::testing::HasSubstr(reason)));
    }
    const auto body = json::parse(r->body);
    ASSERT_LE(body["items"].size(), 2U);
    for (const auto& item : body["items"]) {
      seen.push_back(item["cursor"]);
      EXPECT_EQ(item["register"], "audit_body");
      EXPECT_THAT(item["type"].get<std::string>(), ::testing::StartsWith("audit_body."));
      EXPECT_FALSE(item.contains("reason"));
      EXPECT_FALSE(item.contains("meeting"));
      EXPECT_FALSE(item.contains("application"));
      EXPECT_FALSE(item["registration"]["number"].get<std::string>().empty());
      EXPECT_FALSE(item["organization"]["name_ja"].get<std::string>().empty());
      EXPECT_EQ(item["valid_until"].get<std::string>().size(), 10U);
      EXPECT_THAT(item["occurred_at"].get<std::string>(), ::testing::EndsWith("Z"));
    }
    cursor = body["next_cursor"];
    if (!body["more"].get<bool>()) {
      break;
    }
  }
  EXPECT_EQ(seen, expected);

  // The end: an empty page that keeps the cursor.
  auto end = Get("/api/v1/changes?since=" + cursor);
  ASSERT_TRUE(end);
  ASSERT_EQ(end->status, 200);
  const auto body = json::parse(end->body);
  EXPECT_TRUE(body["items"].empty());
  EXPECT_EQ(body["next_cursor"], cursor);
  EXPECT_FALSE(body["more"].get<bool>());
}

TEST_F(ChangesApiTest, DefaultsToAHundredAndTakesTheMaximum) {
  auto r = Get("/api/v1/changes");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto max = Get("/api/v1/changes?limit=1000&since=0");
  ASSERT_TRUE(max);
  ASSERT_EQ(max->status, 200) << max->body;
  EXPECT_EQ(json::parse(r->body)["items"], json::parse(max->body)["items"]);
}

TEST_F(ChangesApiTest, RefusesEveryBadParameterWithItsCode) {
  ExpectRefused("?limit=1001", "changes.bad_limit");
  ExpectRefused("?limit=100000000000", "changes.bad_limit");
  ExpectRefused("?limit=0", "changes.bad_limit");
  ExpectRefused("?limit=-5", "changes.bad_limit");
  ExpectRefused("?limit=ten", "changes.bad_limit");
  ExpectRefused("?limit=", "changes.bad_limit");
  ExpectRefused("?limit=10&limit=20", "changes.bad_limit");
  ExpectRefused("?since=abc", "changes.bad_cursor");
  ExpectRefused("?since=-1", "changes.bad_cursor");
  ExpectRefused("?since=007", "changes.bad_cursor");
  ExpectRefused("?since=99999999999999999999", "changes.bad_cursor");
  ExpectRefused("?since=1&since=2", "changes.bad_cursor");
  ExpectRefused("?on=2026-01-01", "changes.unknown_parameter");
  ExpectRefused("?type=service.published", "changes.unknown_parameter");
  ExpectRefused("?offset=10", "changes.unknown_parameter");
}

}  // namespace
}  // namespace ismap::testing
