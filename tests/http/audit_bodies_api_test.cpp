// GET /api/v1/audit-bodies through a real server: the public list's shape, the CSV download and bad
// parameters. (The flow that puts a body on the list is tested in tests/app/committee_test.cpp.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tabular/xlsx.hpp"
#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class AuditBodiesApiTest : public ServerFixture {};

TEST_F(AuditBodiesApiTest, PublicListIsJsonForTheAnonymousPublicWithTheDateItStoodOn) {
  auto r = Get("/api/v1/audit-bodies?on=2026-04-01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  const json body = json::parse(r->body);
  EXPECT_EQ(body["on"], "2026-04-01");
  EXPECT_TRUE(body["items"].is_array());
  EXPECT_TRUE(body["items"].empty());
  auto today = Get("/api/v1/audit-bodies");
  ASSERT_TRUE(today);
  EXPECT_EQ(today->status, 200);
  EXPECT_EQ(json::parse(today->body)["on"].get<std::string>().size(), 10U);
}

TEST_F(AuditBodiesApiTest, CsvHasABomAndTheColumns) {
  auto r = Get("/api/v1/audit-bodies?format=csv&on=2026-04-01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(r->Header("content-disposition"), HasSubstr("audit-bodies-2026-04-01.csv"));
  EXPECT_EQ(r->body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(r->body, HasSubstr("registration_number,name_ja,name_en,registered_on,valid_until,status"));
}

TEST_F(AuditBodiesApiTest, XlsxIsOneSheetWithTheSameColumns) {
  auto r = Get("/api/v1/audit-bodies?format=xlsx&on=2026-04-01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->Header("content-type"), HasSubstr("spreadsheetml"));
  EXPECT_THAT(r->Header("content-disposition"), HasSubstr("audit-bodies-2026-04-01.xlsx"));
  auto sheets = tabular::ReadXlsx(r->body);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().message;
  ASSERT_EQ(sheets->size(), 1U);
  EXPECT_EQ((*sheets)[0].name, "audit-bodies");
  ASSERT_FALSE((*sheets)[0].rows.empty());
  EXPECT_EQ((*sheets)[0].rows[0][0], "registration_number");
}

TEST_F(AuditBodiesApiTest, BadParametersAre400WithThePointer) {
  for (const char* target :
       {"/api/v1/audit-bodies?on=2026-02-30", "/api/v1/audit-bodies?on=yesterday", "/api/v1/audit-bodies?format=xml"}) {
    auto r = Get(target, "Accept-Language: en\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << target;
    const json body = json::parse(r->body);
    EXPECT_EQ(body["error"]["code"], "invalid_parameter") << target;
    EXPECT_EQ(body["error"]["message"], "A query parameter is not valid.");
  }
  EXPECT_EQ(json::parse(Get("/api/v1/audit-bodies?format=xml")->body)["error"]["pointer"], "/format");
  EXPECT_EQ(json::parse(Get("/api/v1/audit-bodies?on=x")->body)["error"]["pointer"], "/on");
}

}  // namespace
}  // namespace ismap::testing
