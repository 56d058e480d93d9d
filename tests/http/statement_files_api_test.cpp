// A statement's files through the real server (issue 7): export as CSV, XLSX and an OSCAL SSP for
// those who may read the statement; import into a draft from each (every entry replaced, the
// version checked); refused files as 400 with the reason and where in the file; and an audit
// body's results from OSCAL assessment-results.
#include "app/statement_files.hpp"
#include "tests/http/cloud_service_fixture.hpp"

namespace ismap::testing {
namespace cloud_flow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

class StatementFilesApiTest : public CloudServiceFlowTest {
 protected:
  std::optional<HttpResponse> Upload(const std::string& target, const std::string& who, const std::string& bytes,
                                     const std::string& type = "text/csv") {
    return Fetch(port_, "POST", target, who + "Content-Type: " + type + "\r\n", bytes);
  }

  json Draft() {
    const json service = CreateService();
    return Expect(201, "POST", "/api/v1/services/" + Id(service) + "/statements", provider_, {{"edition", kEdition}});
  }
};

TEST_F(StatementFilesApiTest, ExportsForReadersAndImportsIntoADraft) {
  const json submitted = WriteStatement(CreateService(), Period(-200, -10));
  const std::string exports = "/api/v1/statements/" + Id(submitted) + "/export";
  auto csv = Send("GET", exports + "?format=csv", provider_);
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_THAT(csv->Header("content-type"), StartsWith("text/csv"));
  EXPECT_THAT(csv->body, HasSubstr("5.1.1.1"));
  EXPECT_THAT(csv->body, HasSubstr(kSecret));
  auto xlsx = Send("GET", exports + "?format=xlsx", provider_);
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_THAT(xlsx->body, StartsWith("PK"));
  auto ssp = Send("GET", exports + "?format=oscal-ssp", reviewer_);
  ASSERT_TRUE(ssp);
  ASSERT_EQ(ssp->status, 200) << ssp->body.substr(0, 400);
  EXPECT_TRUE(json::parse(ssp->body, nullptr, false).contains("system-security-plan"));
  EXPECT_EQ(Expect(400, "GET", exports + "?format=pdf", provider_)["error"]["pointer"], "/format");
  // The export is the annex: not for the public, another provider or an agency without a grant.
  EXPECT_EQ(Send("GET", exports + "?format=csv", "")->status, 401);
  for (const auto& who : {rival_, agency_, other_auditor_}) {
    auto r = Send("GET", exports + "?format=csv", who);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    EXPECT_THAT(r->body, Not(HasSubstr(kSecret)));
  }

  // The CSV back into a new draft: every control decided, the texts kept.
  json draft = Draft();
  const std::string imports = "/api/v1/statements/" + Id(draft) + "/import";
  auto imported = Upload(imports + "?format=csv&version=1", provider_, csv->body);
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 200) << imported->body;
  draft = json::parse(imported->body);
  EXPECT_EQ(draft["entries"].size(), 5U);
  EXPECT_EQ(draft["progress"]["decided"], draft["progress"]["total"]);
  EXPECT_THAT(imported->body, HasSubstr(kSecret));
  // The version is checked: the same file again from version 1 is stale.
  EXPECT_EQ(json::parse(Upload(imports + "?format=csv&version=1", provider_, csv->body)->body)["error"]["code"],
            "statement.stale_version");
  EXPECT_EQ(Expect(400, "POST", imports + "?format=csv", provider_)["error"]["pointer"], "/version");
  // The workbook and the SSP are read too.
  auto from_xlsx = Upload(imports + "?format=xlsx&version=2", provider_, xlsx->body,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_TRUE(from_xlsx);
  EXPECT_EQ(from_xlsx->status, 200) << from_xlsx->body;
  auto from_ssp = Upload(imports + "?format=oscal-ssp&version=3", provider_, ssp->body, "application/json");
  ASSERT_TRUE(from_ssp);
  EXPECT_EQ(from_ssp->status, 200) << from_ssp->body;
  // Another provider cannot import into the draft.
  EXPECT_EQ(Upload(imports + "?format=csv&version=4", rival_, csv->body)->status, 403);
}

TEST_F(StatementFilesApiTest, RefusedFilesAre400WithTheReasonAndThePlaceAndChangeNothing) {
  const json draft = Draft();
  const std::string imports = "/api/v1/statements/" + Id(draft) + "/import";
  struct Case {
    std::string bytes;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"control_id;adopted\r\n5.1.1;1\r\n", "statement_file.wrong_delimiter"},
      {"control_id,adopted\r\n9.9.9,1\r\n", "statement_file.unknown_control"},
      {"control_id,adopted\r\n5.1.1,maybe\r\n", "statement_file.bad_adopted"},
      {"control_id,adopted,colour\r\n5.1.1,1,red\r\n", "statement_file.unknown_column"},
  };
  for (const auto& c : cases) {
    auto r = Upload(imports + "?format=csv&version=1", provider_, c.bytes);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.bytes;
    const json error = json::parse(r->body)["error"];
    EXPECT_EQ(error["code"], c.code) << r->body;
    EXPECT_FALSE(error["message"].get<std::string>().empty());
    EXPECT_FALSE(error["detail"].get<std::string>().empty());
  }
  auto bad_ssp = Upload(imports + "?format=oscal-ssp&version=1", provider_, "{\"nope\":", "application/json");
  ASSERT_TRUE(bad_ssp);
  EXPECT_EQ(bad_ssp->status, 400);
  EXPECT_EQ(json::parse(bad_ssp->body)["error"]["code"], "statement_file.invalid_oscal");
  const json unchanged = Expect(200, "GET", "/api/v1/statements/" + Id(draft), provider_);
  EXPECT_TRUE(unchanged["entries"].empty());
  EXPECT_EQ(unchanged["version"], 1);
  EXPECT_EQ(Expect(400, "POST", imports + "?format=docx&version=1", provider_)["error"]["pointer"], "/format");
}

TEST_F(StatementFilesApiTest, TheAuditBodyImportsItsResultsFromOscalAssessmentResults) {
  const json statement = WriteStatement(CreateService(), Period(-200, -10));
  json engagement = Expect(201, "POST", "/api/v1/engagements", provider_,
                           {{"statement", statement["id"]}, {"audit_body", body_org_.value()}});
  engagement =
      Command("/api/v1/engagements", engagement, "accept", auditor_,
              {{"independence", {{"did_not_help_prepare_statement", true}, {"text", "独立している"}}},
               {"auditors",
                {{{"name", "監査 太郎"},
                  {"qualifications", {{{"kind", "cisa"}, {"number", "CISA-1"}, {"expires_on", "2099-03-31"}}}}}}}});
  ASSERT_EQ(engagement["state"], "accepted") << engagement.dump();
  std::vector<domain::ControlResult> results;
  for (const char* id : {"3.1.1", "5.1.1", "5.1.1.1", "5.1.1.2"}) {
    results.push_back({id, "規程を閲覧した", true, true, domain::AuditResult::kNoException, ""});
  }
  app::AssessmentExportOptions options;
  options.start = clock_.Now();
  auto oscal = app::ExportAssessmentResults(SmallEdition(), results, options);
  ASSERT_TRUE(oscal.has_value()) << oscal.error().message;
  const std::string target =
      "/api/v1/engagements/" + Id(engagement) +
      "/results/import?format=oscal-assessment-results&version=" + std::to_string(engagement["version"].get<int>());
  EXPECT_EQ(Upload(target, provider_, *oscal, "application/json")->status, 403);
  EXPECT_EQ(Upload(target, other_auditor_, *oscal, "application/json")->status, 403);
  auto imported = Upload(target, auditor_, *oscal, "application/json");
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 200) << imported->body;
  const json after = json::parse(imported->body);
  EXPECT_EQ(after["results"].size(), 4U);
  EXPECT_EQ(after["results"][0]["result"], "no_exception");
  auto broken = Upload(target, auditor_, "[]", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
}

}  // namespace
}  // namespace cloud_flow
}  // namespace ismap::testing
