// The cloud service register through the real server (issue 7): organisations and a logged-in
// user for every role, a small edition of the criteria, an audit body on the audit body list, and
// helpers that take a service through each step of the flow as the role that does it. Shared by
// cloud_service_flow_test.cpp and statement_files_api_test.cpp.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/date.hpp"
#include "domain/statement.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"
#include "tests/support/sample_files.hpp"
#include "tests/support/small_edition.hpp"

namespace ismap::testing {
namespace cloud_flow {

using domain::OrganizationKind;
using domain::Role;
using nlohmann::json;

inline constexpr char kPassword[] = "service flow password 1234";
inline constexpr char kEdition[] = "ismap-flow";
// An implementation text that must never leave the restricted annex.
inline constexpr char kSecret[] = "鍵は東京第二データセンターのHSM-7に保管";

inline domain::EditionContent SmallEdition() { return SmallIsmapEdition(kEdition); }

inline nlohmann::json Entries(bool adopt_5111 = true) {
  json entries = {{{"control_id", "3.1.1"}, {"adopted", true}, {"implementation", "取締役会が方針を承認"}},
                  {{"control_id", "5.1.1"}, {"adopted", true}, {"implementation", kSecret}},
                  {{"control_id", "5.1.1.2"}, {"adopted", true}, {"implementation", "全従業員に周知"}},
                  {{"control_id", "5.1.2"}, {"adopted", false}, {"reason", "該当する業務がない"}}};
  entries.push_back(adopt_5111 ? json{{"control_id", "5.1.1.1"}, {"adopted", true}, {"implementation", "年次で見直す"}}
                               : json{{"control_id", "5.1.1.1"}, {"adopted", false}, {"reason", "別の管理策で代替"}});
  return entries;
}

class CloudServiceFlowTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 256 * 1024;  // the report is uploaded as a raw body
    ServerFixture::SetUp();
    provider_org_ = Org(OrganizationKind::kCsp, "フロークラウド株式会社", "Flow Cloud K.K.");
    provider_ = As(provider_org_, Role::kCspAdmin, "csp@flow.example");
    rival_ = As(Org(OrganizationKind::kCsp, "ライバル株式会社", "Rival K.K."), Role::kCspAdmin, "csp@rival.example");
    body_org_ = Org(OrganizationKind::kAuditBody, "監査法人フロー", "Flow Audit Corp");
    auditor_ = As(body_org_, Role::kAuditor, "auditor@flow.example");
    other_body_org_ = Org(OrganizationKind::kAuditBody, "監査法人ベツ", "Other Audit Corp");
    other_auditor_ = As(other_body_org_, Role::kAuditBodyAdmin, "admin@other.example");
    agency_org_ = Org(OrganizationKind::kAgency, "デジタル庁", "Digital Agency");
    agency_ = As(agency_org_, Role::kAgencyMember, "agency@flow.example");
    other_agency_ = As(Org(OrganizationKind::kAgency, "総務省", "MIC"), Role::kAgencyMember, "agency@mic.example");
    reviewer_ = As(Org(OrganizationKind::kOperationsSupportBody, "運用支援機関", "Support"), Role::kReviewer,
                   "reviewer@flow.example");
    member_ = As(Org(OrganizationKind::kCommittee, "制度運営委員会", "Committee"), Role::kCommitteeMember,
                 "member@flow.example");
    secretariat_ = As(Org(OrganizationKind::kSecretariat, "事務局", "Secretariat"), Role::kSecretariat,
                      "secretariat@flow.example");
    today_ = services_->TodayInJapan();
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(uow.has_value());
    ASSERT_TRUE((*uow)->Catalog().InsertEdition(SmallEdition(), clock_.Now()).has_value());
    // The audit body is on the audit body list (its own workflow is audit_body_flow_test's); the
    // other body is not.
    domain::Registration listed;
    listed.register_kind = domain::ApplicationKind::kAuditBody;
    listed.holder = body_org_;
    listed.number = "A25-0001";
    listed.registered_on = domain::AddDays(today_, -30);
    listed.valid_until = domain::AddDays(today_, 3 * 365);
    ASSERT_TRUE((*uow)->Registrations().Insert(listed, clock_.Now()).has_value());
    ASSERT_TRUE((*uow)->Commit().has_value());
  }

  domain::OrganizationId Org(OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto org = services_->CreateOrganization(
        app::Principal::Operator(),
        {kind, ja, en,
         domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(CorporateNumber(numbers_++))
                                               : std::nullopt});
    EXPECT_TRUE(org.has_value()) << org.error().message;
    return org->id;
  }

  std::string As(domain::OrganizationId org, Role role, const std::string& email) {
    auto user = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(user.has_value()) << user.error().message;
    if (role == Role::kCommitteeMember) {
      member_id_ = user->user.id.value();
    }
    auto grant = services_->LogIn(email, kPassword, "203.0.113.7");
    EXPECT_TRUE(grant.has_value());
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  std::optional<HttpResponse> Send(const std::string& method, const std::string& target, const std::string& who,
                                   const json& body = json()) {
    return Fetch(port_, method, target, who + "Content-Type: application/json\r\n", body.is_null() ? "" : body.dump());
  }

  json Expect(int status, const std::string& method, const std::string& target, const std::string& who,
              const json& body = json()) {
    auto r = Send(method, target, who, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    if (!r) {
      return json();
    }
    EXPECT_EQ(r->status, status) << method << " " << target << " -> " << r->body.substr(0, 600);
    return r->body.empty() ? json() : json::parse(r->body, nullptr, false);
  }

  static std::string Id(const json& value) { return std::to_string(value["id"].get<std::int64_t>()); }

  // POST <base>/{id}/<verb> with the version and `extra`.
  json Command(const std::string& base, const json& record, const std::string& verb, const std::string& who,
               json extra = json::object(), int status = 200) {
    extra["version"] = record["version"];
    return Expect(status, "POST", base + "/" + Id(record) + "/" + verb, who, extra);
  }

  json CreateService(const std::string& who = "") {
    return Expect(201, "POST", "/api/v1/services", who.empty() ? provider_ : who,
                  {{"name_ja", "フロークラウド"},
                   {"name_en", "Flow Cloud"},
                   {"description", "業務システム基盤"},
                   {"model", "iaas"},
                   {"regions", {"東京", "大阪"}}});
  }

  domain::AuditPeriod Period(int first_offset, int last_offset) const {
    return {domain::AddDays(today_, first_offset), domain::AddDays(today_, last_offset)};
  }

  static json PeriodJson(const domain::AuditPeriod& p) {
    return {{"first", domain::FormatDate(p.first)}, {"last", domain::FormatDate(p.last)}};
  }

  // A draft on the flow edition, filled in whole (header and every entry) and submitted.
  json WriteStatement(const json& service, const domain::AuditPeriod& period, bool adopt_5111 = true) {
    json statement =
        Expect(201, "POST", "/api/v1/services/" + Id(service) + "/statements", provider_, {{"edition", kEdition}});
    EXPECT_EQ(statement["state"], "draft");
    statement = Expect(200, "PATCH", "/api/v1/statements/" + Id(statement), provider_,
                       {{"version", statement["version"]},
                        {"scope", "フロークラウドの IaaS 全体"},
                        {"system_overview", "東京・大阪の二拠点で運用する仮想基盤"},
                        {"representative", "代表取締役 山田太郎"},
                        {"audit_period", PeriodJson(period)},
                        {"subsequent_events", ""},
                        {"entries", Entries(adopt_5111)},
                        {"replace_all_entries", true}});
    EXPECT_TRUE(statement["problems"].empty()) << statement["problems"].dump();
    EXPECT_EQ(statement["progress"]["decided"], statement["progress"]["total"]);
    statement = Command("/api/v1/statements", statement, "submit", provider_);
    EXPECT_EQ(statement["state"], "submitted");
    return statement;
  }

  // The listed audit body audits `statement`: accepts, records a result per adopted control, uploads
  // and issues the report.
  json Audit(const json& statement) {
    json engagement = Expect(201, "POST", "/api/v1/engagements", provider_,
                             {{"statement", statement["id"]}, {"audit_body", body_org_.value()}});
    EXPECT_EQ(engagement["state"], "requested");
    engagement =
        Command("/api/v1/engagements", engagement, "accept", auditor_,
                {{"independence", {{"did_not_help_prepare_statement", true}, {"text", "言明書の作成を支援していない"}}},
                 {"auditors",
                  {{{"name", "監査 太郎"},
                    {"qualifications", {{{"kind", "cisa"}, {"number", "CISA-1"}, {"expires_on", "2099-03-31"}}}}}}}});
    EXPECT_EQ(engagement["state"], "accepted");
    json results = json::array();
    for (const auto& entry : statement["entries"]) {
      if (entry["adopted"] == true) {
        results.push_back({{"control_id", entry["control_id"]},
                           {"procedure", "規程を閲覧し担当者に質問した"},
                           {"design", true},
                           {"operating", true},
                           {"result", "no_exception"}});
      }
    }
    engagement = Expect(200, "PUT", "/api/v1/engagements/" + Id(engagement) + "/results", auditor_,
                        {{"version", engagement["version"]}, {"results", results}});
    auto uploaded =
        Fetch(port_, "POST", "/api/v1/documents?classification=restricted&subject=engagement/" + Id(engagement),
              auditor_ + "Content-Type: application/pdf\r\nX-Filename: report.pdf\r\n", SamplePdf());
    EXPECT_TRUE(uploaded);
    EXPECT_EQ(uploaded->status, 201) << uploaded->body;
    report_ = json::parse(uploaded->body)["id"];
    engagement = Command("/api/v1/engagements", engagement, "report", auditor_, {{"document", report_}});
    EXPECT_EQ(engagement["state"], "report_issued");
    return engagement;
  }

  static json Disclosures() {
    return {{"capital_and_officers", "国内資本100%"},
            {"foreign_law_risk", "なし"},
            {"governing_law_and_court", "日本法、東京地方裁判所"},
            {"third_party_tests", "年次の侵入試験"},
            {"other_certifications", "ISO/IEC 27001"}};
  }

  json Apply(const std::string& purpose, const json& service, const json& statement, const json& engagement) {
    json application = Expect(201, "POST", "/api/v1/applications", provider_,
                              {{"purpose", purpose},
                               {"service", service["id"]},
                               {"statement", statement["id"]},
                               {"engagement", engagement["id"]},
                               {"disclosures", Disclosures()}});
    EXPECT_TRUE(application["problems"].empty()) << application["problems"].dump();
    application = Command("/api/v1/applications", application, "submit", provider_);
    EXPECT_EQ(application["state"], "submitted");
    return application;
  }

  // Acceptance check, acceptance and every finding met.
  json Review(json application) {
    application = Command("/api/v1/applications", application, "start-acceptance-check", reviewer_);
    EXPECT_EQ(application["state"], "acceptance_check");
    application = Command("/api/v1/applications", application, "accept", reviewer_);
    EXPECT_EQ(application["state"], "technical_review");
    EXPECT_TRUE(application["review"].is_object()) << application.dump();
    for (const auto& item : json(application["review"]["items"])) {
      application = Command("/api/v1/applications", application, "findings", reviewer_,
                            {{"control_id", item["control_id"]}, {"verdict", "met"}, {"note", "確認済み"}});
    }
    return application;
  }

  json Recommend(const json& application, int status = 200) {
    return Command("/api/v1/applications", application, "recommend", reviewer_,
                   {{"outcome", "approve"}, {"note", "基準を満たす"}}, status);
  }

  std::string MeetingPath(const json& meeting, const std::string& rest = "") {
    return "/api/v1/committee/meetings/" + Id(meeting) + rest;
  }

  json Meeting() {
    json meeting =
        Expect(201, "POST", "/api/v1/committee/meetings", secretariat_, {{"date", domain::FormatDate(today_)}});
    return Expect(200, "PUT", MeetingPath(meeting, "/attendance"), secretariat_, {{"members", {member_id_}}});
  }

  // A new meeting puts `item` ({"application_id"} or {"registration_id"}) on its agenda and decides.
  json Decide(json item, const std::string& outcome, const std::string& reason) {
    const json meeting = Meeting();
    item["register"] = "cloud_service";
    Expect(200, "POST", MeetingPath(meeting, "/agenda"), secretariat_, item);
    item["outcome"] = outcome;
    item["reason"] = reason;
    return Expect(201, "POST", MeetingPath(meeting, "/decisions"), member_, item);
  }

  json PublicEntry(const json& service, const std::string& on = "") {
    const json list = Expect(200, "GET", "/api/v1/services" + (on.empty() ? "" : "?on=" + on), "");
    for (const auto& item : list["items"]) {
      if (item["service_id"] == service["id"]) {
        return item;
      }
    }
    return json();
  }

  // A service registered through the whole flow; its statement and engagement in `statement_` and
  // `engagement_`.
  json Registered() {
    json service = CreateService();
    period_ = Period(-200, -10);
    statement_ = WriteStatement(service, period_);
    engagement_ = Audit(statement_);
    json application = Recommend(Review(Apply("new", service, statement_, engagement_)));
    EXPECT_EQ(application["state"], "recommended");
    const json decided = Decide({{"application_id", application["id"]}}, "approve", "基準を満たす");
    EXPECT_EQ(decided["application"]["state"], "approved");
    registration_ = decided["registration"];
    return service;
  }

  std::size_t LedgerCount(const std::string& type) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    return std::count_if(events->begin(), events->end(),
                         [&type](const domain::LedgerEvent& e) { return e.entry.type == type; });
  }

  int numbers_ = 0;
  std::int64_t member_id_ = 0;
  domain::Date today_;
  domain::AuditPeriod period_;
  json statement_, engagement_, registration_, report_;
  domain::OrganizationId provider_org_, body_org_, other_body_org_, agency_org_;
  std::string provider_, rival_, auditor_, other_auditor_, agency_, other_agency_, reviewer_, member_, secretariat_;
};

}  // namespace cloud_flow
}  // namespace ismap::testing
