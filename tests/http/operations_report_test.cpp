// The operational report through the server (issue 9): GET /api/v1/reports/operations as JSON, CSV
// (parsed back) and XLSX (read back with the tabular reader), bad periods and parameters, who may
// read it, and the page /reports/operations with its charts, tables and download links.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tabular/csv.hpp"
#include "tabular/xlsx.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

constexpr char kPassword[] = "report test password 1234";

class OperationsReportHttpTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    PortalSeeder seed(*db_, clock_);
    const auto provider = seed.Organization(domain::OrganizationKind::kCsp, "報告クラウド", "Report Cloud");
    const auto body = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人報告", "Report Audit");
    today_ = seed.Today();
    seed.RegisteredAuditBody(body, domain::AddDays(today_, 900));
    seed.RegisteredService(provider, body, "報告サービス", domain::Track::kLiu, domain::AddDays(today_, 400));
    secretariat_ = As(domain::Role::kSecretariat, "sec@report.example");
    admin_ = As(domain::Role::kAdmin, "admin@report.example");
    csp_ = As(domain::Role::kCspAdmin, "csp@report.example");
    agency_ = As(domain::Role::kAgencyMember, "agency@report.example");
    period_ = "from=" + domain::FormatDate(domain::AddDays(today_, -30)) + "&to=" + domain::FormatDate(today_);
  }

  std::string As(domain::Role role, const std::string& email) {
    const auto kind = domain::KindOfRole(role);
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, email, email,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(CorporateNumber(numbers_++))
                                               : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    auto user = services_->CreateUser(app::Principal::Operator(), {org->id, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    auto grant = services_->LogIn(email, kPassword, "203.0.113.9");
    EXPECT_TRUE(grant.has_value());
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  // The value in the row whose first three cells are `section`, `list`, `measure`.
  static std::string Cell(const tabular::Table& table, const std::string& section, const std::string& list,
                          const std::string& measure) {
    for (const auto& row : table.rows) {
      if (row.size() >= 4 && row[0] == section && row[1] == list && row[2] == measure) return row[3];
    }
    return "(none)";
  }

  json ErrorOf(const std::string& query, int status = 400, const std::string& headers = "") {
    auto r = Get("/api/v1/reports/operations?" + query, headers.empty() ? secretariat_ : headers);
    EXPECT_TRUE(r.has_value());
    if (!r) return {};
    EXPECT_EQ(r->status, status) << query << " " << r->body;
    return json::parse(r->body, nullptr, false)["error"];
  }

  domain::Date today_;
  std::string secretariat_, admin_, csp_, agency_, period_;
  int numbers_ = 50;
};

TEST_F(OperationsReportHttpTest, JsonCarriesEveryFigureFamily) {
  auto r = Get("/api/v1/reports/operations?" + period_, secretariat_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  const json report = json::parse(r->body);
  EXPECT_EQ(report["period"]["to"], domain::FormatDate(today_));
  EXPECT_EQ(report["made_on"], domain::FormatDate(today_));
  EXPECT_EQ(report["registrations"]["liu"], (json{{"registered", 1}, {"on_list", 1}, {"expired", 0}, {"renewed", 0}}));
  EXPECT_EQ(report["registrations"]["ismap"]["on_list"], 0);
  EXPECT_EQ(report["registrations"]["audit_bodies"]["registered"], 1);
  EXPECT_EQ(report["registrations_by_model"]["saas"]["registered"], 1);
  EXPECT_EQ(report["applications"]["ismap"],
            (json{{"received", 0}, {"approved", 0}, {"rejected", 0}, {"returned", 0}}));
  EXPECT_EQ(report["decision_times"]["audit_bodies"]["stages"]["committee"],
            (json{{"count", 0}, {"median_days", 0.0}, {"p90_days", 0.0}}));
  EXPECT_EQ(report["decision_times"]["liu"]["stages"].size(), 5U);
  EXPECT_EQ(report["unregistered_services"], (json{{"submitted", 0}, {"approved", 0}}));
  ASSERT_EQ(report["feedback"].size(), 5U);
  EXPECT_EQ(report["feedback"][0], (json{{"topic", "criteria"}, {"threads", 0}, {"answered", 0}}));
  // A period before anything was registered: on the list at its end, nothing.
  auto before = Get("/api/v1/reports/operations?from=2020-01-01&to=2020-12-31&format=json", admin_);
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(json::parse(before->body)["registrations"]["liu"]["on_list"], 0);
}

TEST_F(OperationsReportHttpTest, CsvWithBomParsesBackInEitherLanguage) {
  auto r = Get("/api/v1/reports/operations?" + period_ + "&format=csv", secretariat_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->Header("content-type"), HasSubstr("text/csv"));
  EXPECT_THAT(r->Header("content-disposition"), HasSubstr("operations-report-"));
  EXPECT_EQ(r->body.substr(0, 3), "\xEF\xBB\xBF");
  auto table = tabular::ReadCsv(r->body);
  ASSERT_TRUE(table.has_value()) << table.error().message;
  EXPECT_EQ(table->rows[0], (std::vector<std::string>{"区分", "一覧", "項目", "値"}));
  EXPECT_EQ(Cell(*table, "登録（一覧別）", "ISMAP-LIU", "新規登録"), "1");
  EXPECT_EQ(Cell(*table, "登録（一覧別）", "監査機関", "期末の登録数"), "1");
  EXPECT_EQ(Cell(*table, "期間", "", "終了日"), domain::FormatDate(today_));
  EXPECT_EQ(Cell(*table, "申請から決定までの日数", "ISMAP", "合計 中央値（日）"), "0");
  EXPECT_EQ(Cell(*table, "政府機関からの意見・要望（トピック別）", "システム", "回答済み"), "0");
  EXPECT_EQ(Cell(*table, "未登録サービスの確認（政府機関）", "", "承認"), "0");
  auto en = Get("/api/v1/reports/operations?" + period_ + "&format=csv&lang=en", secretariat_);
  ASSERT_TRUE(en.has_value());
  auto en_table = tabular::ReadCsv(en->body);
  ASSERT_TRUE(en_table.has_value());
  EXPECT_EQ(Cell(*en_table, "Registrations by list", "ISMAP-LIU", "New"), "1");
  EXPECT_EQ(Cell(*en_table, "Cloud service registrations by service model", "SaaS", "On the list at the end"), "1");
}

TEST_F(OperationsReportHttpTest, XlsxReadsBackWithTheSameFigures) {
  auto r = Get("/api/v1/reports/operations?" + period_ + "&format=xlsx", secretariat_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->Header("content-type"), HasSubstr("spreadsheetml"));
  auto sheets = tabular::ReadXlsx(r->body);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().message;
  ASSERT_EQ(sheets->size(), 1U);
  EXPECT_EQ(sheets->front().name, "operations-report");
  auto csv = Get("/api/v1/reports/operations?" + period_ + "&format=csv", secretariat_);
  ASSERT_TRUE(csv.has_value());
  auto table = tabular::ReadCsv(csv->body);
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(sheets->front().rows, table->rows);
}

TEST_F(OperationsReportHttpTest, BadPeriodsAreRefusedNamingTheParameter) {
  json e = ErrorOf("to=2026-03-31");
  EXPECT_EQ(e["code"], "invalid_parameter");
  EXPECT_EQ(e["pointer"], "/from");
  e = ErrorOf("from=2026-02-30&to=2026-03-31");
  EXPECT_EQ(e["pointer"], "/from");
  e = ErrorOf("from=2026-01-01&to=31/03/2026");
  EXPECT_EQ(e["pointer"], "/to");
  e = ErrorOf("from=2026-04-01&to=2026-03-31");
  EXPECT_EQ(e["code"], "report.period_reversed");
  EXPECT_EQ(e["pointer"], "/to");
  EXPECT_EQ(e["message"], "終了日が開始日より前です。");
  e = ErrorOf("from=2026-04-01&to=2026-03-31&lang=en");
  EXPECT_EQ(e["message"], "The end date is before the start date.");
  e = ErrorOf("from=2021-04-01&to=2026-04-01");
  EXPECT_EQ(e["code"], "report.period_too_long");
  EXPECT_EQ(e["pointer"], "/to");
  e = ErrorOf(period_ + "&format=pdf");
  EXPECT_EQ(e["pointer"], "/format");
  e = ErrorOf(period_ + "&colour=red");
  EXPECT_EQ(e["code"], "unknown_parameter");
  EXPECT_EQ(e["pointer"], "/colour");
  // The longest period is accepted.
  auto longest = Get("/api/v1/reports/operations?from=2021-04-01&to=2026-03-31", secretariat_);
  ASSERT_TRUE(longest.has_value());
  EXPECT_EQ(longest->status, 200);
}

TEST_F(OperationsReportHttpTest, OnlyTheSecretariatAndAdministrators) {
  auto anonymous = Get("/api/v1/reports/operations?" + period_);
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->status, 401);
  for (const std::string& who : {csp_, agency_}) {
    auto denied = Get("/api/v1/reports/operations?" + period_, who);
    ASSERT_TRUE(denied.has_value());
    EXPECT_EQ(denied->status, 403);
    // Refused before the parameters are read: nothing learnt from validation.
    auto bad = Get("/api/v1/reports/operations?from=x", who);
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->status, 403);
  }
  auto admin = Get("/api/v1/reports/operations?" + period_, admin_);
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->status, 200);
  auto page = Get("/reports/operations");
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 303);
  auto csp_page = Get("/reports/operations", csp_);
  ASSERT_TRUE(csp_page.has_value());
  EXPECT_EQ(csp_page->status, 403);
  // The navigation links the report for those who may read it only.
  auto home = Get("/", secretariat_);
  ASSERT_TRUE(home.has_value());
  EXPECT_THAT(home->body, HasSubstr("href=\"/reports/operations\""));
  auto csp_home = Get("/", csp_);
  ASSERT_TRUE(csp_home.has_value());
  EXPECT_THAT(csp_home->body, ::testing::Not(HasSubstr("href=\"/reports/operations\"")));
}

TEST_F(OperationsReportHttpTest, PageHasChartsTablesAndDownloadsInBothLanguages) {
  auto r = Get("/reports/operations?" + period_, secretariat_);
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("<h1>運用状況の報告</h1>"));
  EXPECT_THAT(r->body, HasSubstr("<svg role=\"img\" aria-labelledby=\"registrations-title registrations-desc\""));
  EXPECT_THAT(r->body, HasSubstr("ISMAP-LIU: 新規登録 1, 期末の登録数 1, 期限切れ 0, 更新 0."));
  EXPECT_THAT(r->body, HasSubstr("<th scope=\"row\">ISMAP-LIU</th><td>1</td><td>1</td><td>0</td><td>0</td>"));
  std::string escaped = period_;
  escaped.replace(escaped.find('&'), 1, "&amp;");
  EXPECT_THAT(r->body, HasSubstr("href=\"/api/v1/reports/operations?" + escaped + "&amp;format=csv&amp;lang=ja\""));
  EXPECT_THAT(r->body, HasSubstr("format=xlsx"));
  EXPECT_THAT(r->body, HasSubstr("aria-current=\"page\">運用状況の報告</a>"));
  auto en = Get("/reports/operations?" + period_ + "&lang=en", secretariat_);
  ASSERT_TRUE(en.has_value());
  ASSERT_EQ(en->status, 200);
  EXPECT_THAT(en->body, HasSubstr("Operational report"));
  EXPECT_THAT(en->body, HasSubstr("Days from application to decision: ISMAP-LIU"));
  // No period given: the fiscal year so far.
  auto fallback = Get("/reports/operations", secretariat_);
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->status, 200);
  EXPECT_THAT(fallback->body, HasSubstr("value=\"" + domain::FormatDate(today_) + "\""));
}

TEST_F(OperationsReportHttpTest, PageShowsABadPeriodAtItsField) {
  auto r = Get("/reports/operations?from=2026-04-01&to=2026-03-01", secretariat_);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body,
              HasSubstr("<p id=\"to-error\" class=\"error-message\" role=\"alert\">終了日が開始日より前です。</p>"));
  EXPECT_THAT(r->body, HasSubstr("aria-invalid=\"true\""));
  EXPECT_THAT(r->body, ::testing::Not(HasSubstr("<svg")));
  auto bad = Get("/reports/operations?from=soon&to=2026-03-01&lang=en", secretariat_);
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("id=\"from-error\""));
}

}  // namespace
}  // namespace ismap::testing
