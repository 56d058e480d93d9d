// Issue 7 through the real server as each role: a provider registers a service, writes and submits
// its statement, engages a listed audit body, which accepts, records results and issues the report;
// the provider applies, the reviewer checks and recommends, the committee approves, and the service
// is on the public cloud service list. Then renewal in time, a change that needs an additional
// audit, and revocation. Also who may read the statement and the report (and that agencies' reads
// are in the ledger), what the public never sees, stale versions and refused input.
#include "tabular/xlsx.hpp"
#include "tests/http/cloud_service_fixture.hpp"

namespace ismap::testing {
namespace cloud_flow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(CloudServiceFlowTest, FromServiceToThePublicListThenRenewalChangeAndRevocation) {
  json service = CreateService();
  EXPECT_TRUE(PublicEntry(service).is_null());
  Expect(404, "GET", "/api/v1/services/" + Id(service), "");  // not registered: not public
  EXPECT_EQ(Expect(200, "GET", "/api/v1/services/mine", provider_)["items"].size(), 1U);

  period_ = Period(-200, -10);
  statement_ = WriteStatement(service, period_);
  engagement_ = Audit(statement_);
  json application = Apply("new", service, statement_, engagement_);

  // The reviewer's queue shows it with its waiting time; the dashboard the provider's own.
  const json queue = Expect(200, "GET", "/api/v1/applications/queue", reviewer_);
  ASSERT_EQ(queue["items"].size(), 1U);
  EXPECT_EQ(queue["items"][0]["service_name_ja"], "フロークラウド");
  EXPECT_EQ(queue["items"][0]["days_waiting"], 0);
  EXPECT_EQ(queue["items"][0]["overdue"], false);
  EXPECT_EQ(Expect(200, "GET", "/api/v1/applications/mine", provider_)["items"].size(), 1U);
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/applications/mine", rival_)["items"].empty());

  application = Recommend(Review(application));
  EXPECT_EQ(application["state"], "recommended");
  EXPECT_FALSE(application["state_times"].empty());

  // A decision needs the application on the meeting's agenda.
  json meeting = Meeting();
  const json decision = {{"application_id", application["id"]},
                         {"register", "cloud_service"},
                         {"outcome", "approve"},
                         {"reason", "基準を満たす"}};
  EXPECT_EQ(Expect(409, "POST", MeetingPath(meeting, "/decisions"), member_, decision)["error"]["code"],
            "committee.not_on_agenda");
  // The audit-body register is the default: the same id there is another item.
  Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_,
         {{"application_id", application["id"]}, {"register", "cloud_service"}});
  const json decided = Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_, decision);
  EXPECT_EQ(decided["application"]["state"], "approved");
  registration_ = decided["registration"];
  const std::string yy = std::to_string(today_.year % 100);
  EXPECT_EQ(registration_["registration_number"], "C" + yy + "-0001-1");
  const domain::Date valid_until = domain::RegistrationValidUntil(period_);
  EXPECT_EQ(registration_["valid_until"], domain::FormatDate(valid_until));

  // On the public list with public fields only.
  json entry = PublicEntry(service);
  ASSERT_TRUE(entry.is_object());
  EXPECT_EQ(entry["registration_number"], "C" + yy + "-0001-1");
  EXPECT_EQ(entry["valid_until"], domain::FormatDate(valid_until));
  EXPECT_EQ(entry["status"], "active");
  EXPECT_EQ(entry["audit_body_name_ja"], "監査法人フロー");
  EXPECT_EQ(entry["scope"], "フロークラウドの IaaS 全体");
  const json line = Expect(200, "GET", "/api/v1/services/" + Id(service), "");
  EXPECT_EQ(line["registration_number"], entry["registration_number"]);
  auto csv = Send("GET", "/api/v1/services?format=csv", "");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_THAT(csv->body, HasSubstr("フロークラウド"));
  // The same list as a workbook: one sheet, the header row, then the service with its number.
  auto xlsx = Send("GET", "/api/v1/services?format=xlsx", "");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_THAT(xlsx->Header("content-type"), HasSubstr("spreadsheetml"));
  EXPECT_THAT(xlsx->Header("content-disposition"), HasSubstr(".xlsx"));
  auto sheets = tabular::ReadXlsx(xlsx->body);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().message;
  ASSERT_EQ(sheets->size(), 1U);
  EXPECT_EQ((*sheets)[0].name, "cloud-services");
  ASSERT_EQ((*sheets)[0].rows.size(), 2U);
  EXPECT_THAT((*sheets)[0].rows[1], ::testing::Contains(entry["registration_number"].get<std::string>()));

  // Renewal in time: a new statement on a later period, audited, applied for before expiry.
  json renewal_statement = WriteStatement(service, Period(-9, 30));
  const json renewal_engagement = Audit(renewal_statement);
  json renewal = Apply("renewal", service, renewal_statement, renewal_engagement);
  const std::string day_after = domain::FormatDate(domain::AddDays(valid_until, 1));
  EXPECT_EQ(PublicEntry(service, day_after)["status"], "renewal_pending");
  renewal = Recommend(Review(renewal));
  const json renewed = Decide({{"application_id", renewal["id"]}}, "approve", "更新を認める");
  EXPECT_EQ(renewed["application"]["state"], "approved");
  const domain::Date renewed_until = domain::RegistrationValidUntil(Period(-9, 30));
  EXPECT_EQ(renewed["registration"]["valid_until"], domain::FormatDate(renewed_until));
  EXPECT_EQ(PublicEntry(service, day_after)["status"], "active");

  // A change whose statement adopts another set of controls needs an additional audit.
  json change_statement = WriteStatement(service, Period(-9, 30), /*adopt_5111=*/false);
  const json change_engagement = Audit(change_statement);
  json change = Review(Apply("change", service, change_statement, change_engagement));
  EXPECT_EQ(change["adoption_changes"], json({"5.1.1.1"}));
  const json refused = Recommend(change, 409);
  EXPECT_EQ(refused["error"]["code"], "application.additional_audit_required");
  change = Command("/api/v1/applications", change, "request-additional-audit", reviewer_,
                   {{"reason", "採用する管理策が変わった"}});
  EXPECT_EQ(change["state"], "additional_audit");
  const json additional = Audit(change_statement);
  change = Command("/api/v1/applications", change, "additional-audit", provider_, {{"engagement", additional["id"]}});
  EXPECT_EQ(change["content"]["additional_engagement"], additional["id"]);
  if (change["state"] != "technical_review") {
    change = Review(change);
  }
  change = Recommend(change);
  EXPECT_EQ(change["state"], "recommended");
  EXPECT_EQ(Decide({{"application_id", change["id"]}}, "approve", "変更を認める")["application"]["state"], "approved");

  // Revocation: a decision on the registration.
  const json revoked = Decide({{"registration_id", registration_["id"]}}, "revoke", "重大な違反");
  EXPECT_EQ(revoked["registration"]["state"], "revoked");
  entry = PublicEntry(service);
  if (!entry.is_null()) {
    EXPECT_EQ(entry["status"], "revoked");
  }
}

TEST_F(CloudServiceFlowTest, TheStatementAndTheReportAreReadOnlyByThoseAllowedAndAgencyReadsAreRecorded) {
  const json service = Registered();
  const std::string statement = "/api/v1/statements/" + Id(statement_);
  const std::string engagement = "/api/v1/engagements/" + Id(engagement_);
  const std::string report = "/api/v1/documents/" + std::to_string(report_.get<std::int64_t>()) + "/content";
  for (const auto& path : {statement, engagement, report}) {
    EXPECT_EQ(Send("GET", path, "")->status, 401) << path;
    for (const auto& who : {rival_, agency_, other_auditor_}) {
      auto r = Send("GET", path, who);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 403) << path << " " << r->body;
      EXPECT_THAT(r->body, Not(HasSubstr(kSecret)));
      EXPECT_THAT(r->body, Not(HasSubstr("%PDF")));
    }
  }
  for (const auto& who : {provider_, auditor_, reviewer_, member_}) {
    EXPECT_EQ(Send("GET", statement, who)->status, 200);
    EXPECT_EQ(Send("GET", engagement, who)->status, 200);
  }

  // A grant lets one agency read the annex, and each read is in the ledger.
  const json grant = Expect(201, "POST", "/api/v1/services/" + Id(service) + "/grants", provider_,
                            {{"agency", agency_org_.value()},
                             {"from", domain::FormatDate(today_)},
                             {"until", domain::FormatDate(domain::AddDays(today_, 90))}});
  const json mine = Expect(200, "GET", "/api/v1/grants/mine", agency_)["items"];
  ASSERT_EQ(mine.size(), 1U);
  EXPECT_EQ(mine[0]["active"], true);
  EXPECT_FALSE(mine[0]["service_name_ja"].get<std::string>().empty());
  // The grant tells the agency which statement to open: the one it may read.
  EXPECT_EQ("/api/v1/statements/" + std::to_string(mine[0]["statement_id"].get<std::int64_t>()), statement);
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/grants/mine", other_agency_)["items"].empty());
  const auto reads = LedgerCount("statement.annex_read");
  const json read = Expect(200, "GET", statement, agency_);
  EXPECT_EQ(read["entries"].size(), 5U);
  EXPECT_EQ(LedgerCount("statement.annex_read"), reads + 1);
  Expect(403, "GET", statement, other_agency_);
  Expect(403, "GET", engagement, agency_);  // the grant opens the annex, not the report
  // Revoked: closed again.
  Expect(200, "POST", "/api/v1/grants/" + Id(grant) + "/revoke", provider_, json::object());
  Expect(403, "GET", statement, agency_);

  // The public line and list never carry the annex.
  for (const auto& path : {std::string("/api/v1/services"), "/api/v1/services/" + Id(service),
                           std::string("/api/v1/services?format=csv")}) {
    auto r = Send("GET", path, "");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_THAT(r->body, Not(HasSubstr(kSecret))) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("entries"))) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("implementation"))) << path;
    EXPECT_THAT(r->body, Not(HasSubstr("規程を閲覧し"))) << path;  // audit procedures
  }
  // Another provider cannot act on the service either, and learns nothing from the attempt.
  const json refused =
      Expect(403, "POST", "/api/v1/services/" + Id(service) + "/statements", rival_, {{"edition", kEdition}});
  EXPECT_THAT(refused.dump(), Not(HasSubstr("フロークラウド")));
  Expect(403, "GET", "/api/v1/services/" + Id(service) + "/record", rival_);
  Expect(200, "GET", "/api/v1/services/" + Id(service) + "/record", reviewer_);
}

TEST_F(CloudServiceFlowTest, BadInputIsRefusedAndNothingIsOverwritten) {
  const json service = CreateService();
  // An unknown edition.
  EXPECT_EQ(Expect(404, "POST", "/api/v1/services/" + Id(service) + "/statements", provider_,
                   {{"edition", "no-such-edition"}})["error"]["code"],
            "catalog.edition_not_found");
  json statement =
      Expect(201, "POST", "/api/v1/services/" + Id(service) + "/statements", provider_, {{"edition", kEdition}});
  const std::string path = "/api/v1/statements/" + Id(statement);
  // A new draft has no audit period yet: null, and the problem that asks for one.
  EXPECT_TRUE(statement["audit_period"].is_null()) << statement["audit_period"].dump();
  EXPECT_THAT(statement.dump(), HasSubstr("statement.audit_period_required"));
  // An audit period over a year.
  const json too_long = Expect(400, "PATCH", path, provider_,
                               {{"version", statement["version"]}, {"audit_period", PeriodJson(Period(-400, -10))}});
  EXPECT_EQ(too_long["error"]["code"], "statement.audit_period_too_long");
  EXPECT_EQ(too_long["error"]["pointer"], "/audit_period/last");
  // Concurrent edits: the second PATCH from the same version is 409 and overwrites nothing.
  Expect(200, "PATCH", path, provider_, {{"version", statement["version"]}, {"scope", "最初の編集"}});
  const json stale =
      Expect(409, "PATCH", path, provider_, {{"version", statement["version"]}, {"scope", "古い版から"}});
  EXPECT_EQ(stale["error"]["code"], "statement.stale_version");
  EXPECT_EQ(Expect(200, "GET", path, provider_)["scope"], "最初の編集");
  // Malformed fields name their pointer.
  const json bad_entry = Expect(400, "PATCH", path, provider_,
                                {{"version", 2}, {"entries", {{{"control_id", "5.1.1"}, {"adopted", "yes"}}}}});
  EXPECT_EQ(bad_entry["error"]["pointer"], "/entries/0/adopted");
  EXPECT_EQ(Expect(400, "PATCH", path, provider_, {{"version", 2}, {"colour", "red"}})["error"]["pointer"], "/colour");
  EXPECT_EQ(Expect(400, "POST", path + "/submit", provider_, json::object())["error"]["pointer"], "/version");
  // An incomplete statement cannot be submitted.
  EXPECT_EQ(Expect(400, "POST", path + "/submit", provider_, {{"version", 2}})["error"]["code"],
            "statement.incomplete");
  EXPECT_EQ(Expect(400, "POST", "/api/v1/services", provider_, {{"name_ja", "x"}})["error"]["pointer"], "/regions");
  // Only providers create services.
  Expect(403, "POST", "/api/v1/services", auditor_, {{"name_ja", "x"}, {"regions", {"東京"}}});

  // An audit body that is not on the list cannot be engaged.
  const json submitted = WriteStatement(CreateService(), Period(-200, -10));
  const json refused = Expect(409, "POST", "/api/v1/engagements", provider_,
                              {{"statement", submitted["id"]}, {"audit_body", other_body_org_.value()}});
  EXPECT_EQ(refused["error"]["code"], "audit_body.not_registered");
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/engagements/mine", other_auditor_)["items"].empty());
  // Nor can a draft statement be audited.
  Expect(409, "POST", "/api/v1/engagements", provider_,
         {{"statement", statement["id"]}, {"audit_body", body_org_.value()}});
}

TEST_F(CloudServiceFlowTest, EngagementsAreDeclinedOrWithdrawnWithTheirReasonsAndStaleVersionsChangeNothing) {
  const json statement = WriteStatement(CreateService(), Period(-200, -10));
  const json request = {{"statement", statement["id"]}, {"audit_body", body_org_.value()}};
  json declined = Expect(201, "POST", "/api/v1/engagements", provider_, request);
  EXPECT_EQ(Command("/api/v1/engagements", declined, "decline", auditor_, json::object(), 400)["error"]["pointer"],
            "/reason");
  // Only the engaged body decides; the provider cannot decline for it.
  Command("/api/v1/engagements", declined, "decline", provider_, {{"reason", "x"}}, 403);
  Command("/api/v1/engagements", declined, "decline", other_auditor_, {{"reason", "x"}}, 403);
  declined = Command("/api/v1/engagements", declined, "decline", auditor_, {{"reason", "人員が足りない"}});
  EXPECT_EQ(declined["state"], "declined");
  EXPECT_EQ(declined["last_reason"], "人員が足りない");

  json withdrawn = Expect(201, "POST", "/api/v1/engagements", provider_, request);
  const json stale = withdrawn;
  withdrawn = Command("/api/v1/engagements", withdrawn, "withdraw", provider_, {{"reason", "別の監査機関に依頼"}});
  EXPECT_EQ(withdrawn["state"], "withdrawn");
  EXPECT_EQ(Command("/api/v1/engagements", stale, "accept", auditor_,
                    {{"independence", {{"did_not_help_prepare_statement", true}, {"text", "独立"}}},
                     {"auditors", json::array()}},
                    409)["error"]["code"],
            "engagement.stale_version");
  // Both are listed for the provider and for the body, never for another body.
  EXPECT_EQ(Expect(200, "GET", "/api/v1/engagements/mine", provider_)["items"].size(), 2U);
  EXPECT_EQ(Expect(200, "GET", "/api/v1/engagements/mine", auditor_)["items"].size(), 2U);
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/engagements/mine", other_auditor_)["items"].empty());
  EXPECT_TRUE(Expect(200, "GET", "/api/v1/engagements/mine", agency_)["items"].empty());
}

}  // namespace
}  // namespace cloud_flow
}  // namespace ismap::testing
