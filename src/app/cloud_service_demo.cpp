// The five registered demo services, for procurement checks (issue 9): who meets what.
//
//   C26-0001-1 デモクラウド基盤     IaaS  東京, 大阪  ISMAP  ismap-skeleton, every objective adopted,
//                                                          valid until about a year from today
//   デモデータ分析基盤 (Demo Net)    PaaS  大阪        ISMAP  ismap-skeleton-2024-demo, excludes detailed
//                                                          16.1.5.10; annex granted to デモ省 (the demo agency)
//   デモ電子申請窓口 (Demo Soft)     SaaS  東京        LIU    2024-demo, excludes 13.2.3.7.P and objective
//                                                          14.2.7 (with a reason)
//   デモ九州ファイル共有 (Demo Net)  SaaS  福岡        ISMAP  2024-demo, excludes 12.2.1.15
//   デモ会議室予約 (Demo Soft)       SaaS  東京        ISMAP  2024-demo, excludes 8.1.5.4.P; its audit period
//                                                          ended on day -200, so it is valid until the
//                                                          earliest day (about 290 days from today; the
//                                                          others of this meeting about 460)
//
// The profile "ISMAP baseline of ismap-skeleton, regions 東京 and 大阪, no other condition" is met by
// three (デモクラウド基盤, デモデータ分析基盤, デモ会議室予約) and missed by two: デモ電子申請窓口 (scope:
// LIU; 14.2.7 not adopted) and デモ九州ファイル共有 (region: 福岡). Adding "valid through" a day after
// デモ会議室予約's validity and before a year from today drops it too (validity). A profile on
// ismap-skeleton-2024-demo adding 12.2.1.15 is met by デモデータ分析基盤 alone (its annex is granted),
// leaves the other revision services unconfirmed (not disclosed) and デモクラウド基盤 missing it (its
// edition has no such control).
#include "app/cloud_service_demo.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "app/cloud_services.hpp"
#include "app/committee.hpp"
#include "app/criteria.hpp"
#include "app/demo_support.hpp"
#include "app/documents.hpp"
#include "domain/date.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::ApplicationKind;
using domain::ApplicationPurpose;
using domain::Role;

constexpr char kEdition[] = "ismap-skeleton";
// The demo revision (app/criteria_demo.cpp) with four selectable detailed controls, so the later
// services' statements differ in them.
constexpr char kRevision[] = "ismap-skeleton-2024-demo";
constexpr char kDeskExcludedObjective[] = "14.2.7";  // 外部委託による開発 / Outsourced development

// A fictitious provider; corporate numbers made up with a valid check digit.
struct DemoProvider {
  const char* key;
  const char* name_ja;
  const char* name_en;
  const char* base12;
};
constexpr DemoProvider kSoft{"soft", "デモソフト株式会社", "Demo Soft K.K. (fictitious)", "010001000201"};
constexpr DemoProvider kNet{"net", "デモネット株式会社", "Demo Net K.K. (fictitious)", "010001000202"};

// How one demo statement decides its controls: which selectable detailed control in five it excludes
// (the `shift`-th from the end of each run of five, so services shifted differently exclude
// different ones; 0 excludes the fifth, as the first demo services do), and one control objective
// it excludes with a reason, if any (the demo excludes 14.2.7, outsourced development).
struct DemoChoices {
  int shift = 0;
  const char* excluded_objective = nullptr;
};

// Every control of `edition` decided the way a careful provider would: governance, management,
// mandatory controls and objectives adopted (but `choices.excluded_objective`); one selectable
// detailed control in five excluded with a reason (when `complete`; otherwise only the first
// `decided` controls have an entry).
std::vector<domain::StatementEntry> DemoEntries(const domain::EditionContent& edition, bool complete,
                                                std::size_t decided = 0, const DemoChoices& choices = {}) {
  std::vector<domain::StatementEntry> entries;
  int selectable = 0;
  for (const auto& control : edition.controls) {
    if (control.is_group || control.withdrawn) {
      continue;
    }
    if (!complete && entries.size() >= decided) {
      break;
    }
    domain::StatementEntry entry;
    entry.control_id = control.id;
    const bool exclude =
        (control.rule == domain::MandatoryRule::kSelectable && ((selectable++ + choices.shift) % 5 == 4)) ||
        (choices.excluded_objective != nullptr && control.id == choices.excluded_objective);
    if (exclude && control.rule != domain::MandatoryRule::kSelectable) {
      entry.adopted = false;
      entry.reason = "開発を外部に委託していないため対象外 / Not applicable: no development is outsourced";
    } else if (exclude) {
      entry.adopted = false;
      entry.reason = "当該機能をサービスで提供していないため対象外 / Not applicable: the service has no such function";
    } else {
      entry.adopted = true;
      entry.implementation = fmt::format(
          "{}：社内規程で定め、年次で運用状況を確認している。/ Defined in internal rules and checked yearly.",
          control.title_ja.empty() ? control.id : control.title_ja);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

class Seeder {
 public:
  Seeder(storage::Database& db, const core::Clock& real, const AuditBodySettings& settings,
         const core::PasswordHashParams& hashing)
      : db_(db),
        settings_(settings),
        base_(real.Now()),
        clock_(real.Now() + std::chrono::days{kStartDay}),
        cloud_(db, clock_, settings.cloud_services) {
    identity_.hashing = hashing;
  }

  core::Result<int> Run();

 private:
  static constexpr int kStartDay = -110;  // after the demo audit corporations were registered (day -120)

  void At(int day) {
    const core::TimePoint target = base_ + std::chrono::days{day};
    if (target > clock_.Now()) {
      clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(target - clock_.Now()));
    }
  }
  void Tick() { clock_.Advance(std::chrono::minutes{1}); }
  domain::Date Day(int day) const { return domain::JapanDate(base_ + std::chrono::days{day}); }

  core::Result<Principal> Provider(const DemoProvider& provider);
  core::Result<domain::CloudService> Service(const Principal& provider, const char* name_ja, const char* name_en,
                                             domain::ServiceModel model, std::vector<std::string> regions,
                                             domain::Track track = domain::Track::kIsmap);
  // A statement of `service` on `edition_key` with an audit period of the year ending `period_last_day`.
  core::Result<domain::Statement> Statement(const Principal& provider, const domain::CloudService& service,
                                            int period_last_day, bool complete, bool submit,
                                            const char* edition_key = kEdition, const DemoChoices& choices = {});
  core::Result<domain::Engagement> Audited(const Principal& provider, const domain::Statement& statement);
  core::Result<ServiceApplicationView> Applied(const Principal& provider, const domain::CloudService& service,
                                               const domain::Statement& statement,
                                               const domain::Engagement& engagement);
  // Through acceptance into technical review, and (when `all_met`) every finding met.
  core::Result<ServiceApplicationView> Reviewed(const ServiceApplicationView& applied, bool all_met);
  // From statement to recommendation: submitted, audited, applied, reviewed, recommended.
  core::Result<ServiceApplicationView> Recommended(const Principal& provider, const domain::CloudService& service,
                                                   int period_last_day, const DemoChoices& choices);
  // Four more services registered at a second meeting, for the procurement checks (issue 9).
  core::Result<void> RegisterMore(const Principal& soft, const Principal& net);

  storage::Database& db_;
  const AuditBodySettings& settings_;
  IdentitySettings identity_;
  const core::TimePoint base_;
  core::ManualClock clock_;
  CloudServices cloud_;
  domain::EditionContent edition_;
  std::optional<domain::EditionContent> revision_;  // kRevision, when loaded
  Principal reviewer_, secretariat_, member_, auditor_;
  domain::OrganizationId audit_body_;
  int services_ = 0;
};

core::Result<Principal> Seeder::Provider(const DemoProvider& provider) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto org, EnsureDemoOrganization(db_, clock_, domain::OrganizationKind::kCsp, provider.name_ja,
                                                          provider.name_en, provider.base12));
  Tick();
  return EnsureDemoUser(db_, clock_, identity_, org, fmt::format("csp_admin.{}@demo.ismap.example", provider.key),
                        fmt::format("{} 管理者 / administrator", provider.name_ja), Role::kCspAdmin);
}

core::Result<domain::CloudService> Seeder::Service(const Principal& provider, const char* name_ja, const char* name_en,
                                                   domain::ServiceModel model, std::vector<std::string> regions,
                                                   domain::Track track) {
  Tick();
  domain::CloudService service;
  service.name_ja = name_ja;
  service.name_en = name_en;
  service.description = fmt::format("{}（架空のデモサービス） / {} (a fictitious demo service)", name_ja, name_en);
  service.model = model;
  service.regions = std::move(regions);
  service.track = track;
  ++services_;
  return cloud_.CreateService(provider, service);
}

core::Result<domain::Statement> Seeder::Statement(const Principal& provider, const domain::CloudService& service,
                                                  int period_last_day, bool complete, bool submit,
                                                  const char* edition_key, const DemoChoices& choices) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto started, cloud_.StartStatement(provider, service.id, revision_ ? edition_key : kEdition));
  StatementEdit edit;
  edit.scope =
      fmt::format("{}の全機能と、それを運用する組織・拠点 / All of {} and the organisation and sites that run it",
                  service.name_ja, service.name_en);
  edit.system_overview =
      "東京・大阪の二拠点のデータセンターで冗長構成により運用 / Run redundantly from data centres "
      "in Tokyo and Osaka";
  edit.representative = "代表取締役社長 デモ太郎 / Taro Demo, President";
  // The year ending on `last`: from the day after the same day a year earlier (28 February for a
  // 29th that year lacks).
  const domain::Date last = Day(period_last_day);
  domain::Date year_before{last.year - 1, last.month, last.day};
  if (!domain::IsValidDate(year_before)) {
    year_before.day = 28;
  }
  edit.period = domain::AuditPeriod{domain::AddDays(year_before, 1), last};
  edit.subsequent_events = "";
  const bool revised = revision_ && std::string_view(edition_key) == kRevision;
  edit.entries = DemoEntries(revised ? *revision_ : edition_, complete, complete ? 0 : 40, choices);
  edit.replace_all_entries = true;
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto edited, cloud_.EditStatement(provider, started.statement.id, 1, edit));
  if (!submit) {
    return edited.statement;
  }
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto submitted,
                         cloud_.SubmitStatement(provider, edited.statement.id, edited.statement.version));
  return submitted.statement;
}

core::Result<domain::Engagement> Seeder::Audited(const Principal& provider, const domain::Statement& statement) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto requested, cloud_.RequestEngagement(provider, statement.id, audit_body_));
  const auto id = requested.engagement.id;
  const int until = domain::JapanDate(base_).year + 3;
  Tick();
  ISMAP_ASSIGN_OR_RETURN(
      auto accepted,
      cloud_.AcceptEngagement(
          auditor_, id, 1,
          {true, "当法人は本言明書の作成に関与していない。/ We took no part in preparing this statement."},
          {{"監査 一郎（デモ）",
            {{domain::QualificationKind::kCaisChief, "", "CAIS-L-aoba-01", domain::Date{until, 3, 31}}}},
           {"検証 花子（デモ）",
            {{domain::QualificationKind::kCisa, "", "CISA-aoba-02", domain::Date{until, 12, 31}}}}}));
  std::vector<domain::ControlResult> results;
  for (const auto& entry : statement.entries) {
    if (entry.adopted) {
      results.push_back({entry.control_id,
                         "規程の閲覧、担当者への質問、記録のサンプル検査 / Inspection, inquiry, sampling", true, true,
                         domain::AuditResult::kNoException, ""});
    }
  }
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto recorded, cloud_.RecordResults(auditor_, id, accepted.engagement.version, results));
  // The signed report: a small PDF, uploaded by the audit body under the engagement.
  DocumentUpload upload;
  upload.file_name = fmt::format("report-{}.pdf", id.value());
  upload.declared_type = "application/pdf";
  static constexpr char kReportBytes[] = "%PDF-1.4\n% 実施結果報告書（デモ） / Report of results (demo)\n%%EOF\n";
  upload.bytes = kReportBytes;
  upload.classification = domain::Classification::kRestricted;
  upload.subject = fmt::format("engagement/{}", id.value());
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto document, UploadDocument(db_, clock_, auditor_, DocumentSettings{}, upload));
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto issued, cloud_.IssueReport(auditor_, id, recorded.engagement.version, document.id));
  return issued.engagement;
}

core::Result<ServiceApplicationView> Seeder::Applied(const Principal& provider, const domain::CloudService& service,
                                                     const domain::Statement& statement,
                                                     const domain::Engagement& engagement) {
  ServiceApplicationInput input;
  input.purpose = ApplicationPurpose::kNew;
  input.content.service = service.id;
  input.content.statement = statement.id;
  input.content.engagement = engagement.id;
  input.content.disclosures = {
      "資本関係：親会社なし。役員：取締役5名（うち社外2名） / No parent company; five directors, two external",
      "外国法の適用を受ける可能性はない（国内法人・国内拠点のみ） / None: a Japanese company with sites in Japan only",
      "日本法、東京地方裁判所 / Japanese law, Tokyo District Court",
      "年1回、第三者による侵入試験を実施 / A third-party penetration test every year", "ISO/IEC 27001、ISO/IEC 27017"};
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto created, cloud_.CreateApplication(provider, input));
  Tick();
  return cloud_.Submit(provider, created.application.id, created.application.version);
}

core::Result<ServiceApplicationView> Seeder::Reviewed(const ServiceApplicationView& applied, bool all_met) {
  const auto id = applied.application.id;
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto started, cloud_.StartAcceptanceCheck(reviewer_, id, applied.application.version));
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto accepted, cloud_.Accept(reviewer_, id, started.application.version));
  if (accepted.review) {
    const std::size_t n = all_met ? accepted.review->items.size() : accepted.review->items.size() / 3;
    for (std::size_t i = 0; i < n; ++i) {
      ISMAP_RETURN_IF_ERROR(cloud_.MarkFinding(reviewer_, id, accepted.application.version,
                                               accepted.review->items[i].item_id, domain::ItemVerdict::kMet,
                                               "報告書と言明書で確認 / Confirmed from the report and the statement"));
    }
  }
  return cloud_.GetApplication(reviewer_, id);
}

core::Result<ServiceApplicationView> Seeder::Recommended(const Principal& provider, const domain::CloudService& service,
                                                         int period_last_day, const DemoChoices& choices) {
  ISMAP_ASSIGN_OR_RETURN(auto statement, Statement(provider, service, period_last_day, true, true, kRevision, choices));
  ISMAP_ASSIGN_OR_RETURN(auto audit, Audited(provider, statement));
  ISMAP_ASSIGN_OR_RETURN(auto applied, Applied(provider, service, statement, audit));
  ISMAP_ASSIGN_OR_RETURN(auto reviewed, Reviewed(applied, true));
  Tick();
  return cloud_.Recommend(reviewer_, reviewed.application.id, reviewed.application.version,
                          domain::RecommendationOutcome::kApprove,
                          "全管理策について基準に適合 / Every control meets the criteria");
}

core::Result<void> Seeder::RegisterMore(const Principal& soft, const Principal& net) {
  using domain::ServiceModel;
  At(-4);
  ISMAP_ASSIGN_OR_RETURN(auto analytics,
                         Service(net, "デモデータ分析基盤", "Demo Analytics Platform", ServiceModel::kPaas, {"大阪"}));
  ISMAP_ASSIGN_OR_RETURN(auto desk, Service(soft, "デモ電子申請窓口", "Demo e-Application Desk", ServiceModel::kSaas,
                                            {"東京"}, domain::Track::kLiu));
  ISMAP_ASSIGN_OR_RETURN(auto share,
                         Service(net, "デモ九州ファイル共有", "Demo Kyushu File Share", ServiceModel::kSaas, {"福岡"}));
  ISMAP_ASSIGN_OR_RETURN(auto booking,
                         Service(soft, "デモ会議室予約", "Demo Room Booking", ServiceModel::kSaas, {"東京"}));
  std::vector<domain::ApplicationId> applications;
  // Each excludes a different detailed control of the revision; the LIU desk does not outsource
  // development; the room booking's audit period ended long ago, so it is valid until an earlier day.
  for (const auto& [provider, service, period_last_day, choices] :
       {std::tuple{&net, &analytics, -30, DemoChoices{1, nullptr}},
        std::tuple{&soft, &desk, -30, DemoChoices{2, kDeskExcludedObjective}},
        std::tuple{&net, &share, -30, DemoChoices{3, nullptr}},
        std::tuple{&soft, &booking, -200, DemoChoices{4, nullptr}}}) {
    ISMAP_ASSIGN_OR_RETURN(auto recommended, Recommended(*provider, *service, period_last_day, choices));
    applications.push_back(recommended.application.id);
  }
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto meeting, CreateMeeting(db_, clock_, secretariat_, Day(-2)));
  for (const auto id : applications) {
    Tick();
    ISMAP_RETURN_IF_ERROR(AddToAgenda(db_, clock_, secretariat_, meeting.id,
                                      AgendaItem::ForApplication(ApplicationKind::kCloudService, id)));
  }
  At(-2);
  Tick();
  ISMAP_RETURN_IF_ERROR(RecordAttendance(db_, clock_, secretariat_, meeting.id, {member_.user->id}));
  for (const auto id : applications) {
    Tick();
    ISMAP_RETURN_IF_ERROR(Decide(db_, clock_, settings_, member_, meeting.id,
                                 AgendaItem::ForApplication(ApplicationKind::kCloudService, id),
                                 domain::DecisionOutcome::kApprove,
                                 "運用支援機関の推薦どおり登録を承認 / Registration approved as recommended"));
  }
  // Demo Net lets the demo agency read the analytics platform's annex for two years.
  auto agency = LoadDemoPrincipal(db_, DemoEmail(Role::kAgencyMember));
  if (agency) {
    Tick();
    ISMAP_RETURN_IF_ERROR(cloud_.GrantDisclosure(net, analytics.id, agency->user->organization_id, Day(-2),
                                                 domain::AddMonthsCivil(Day(-2), 24)));
  }
  return {};
}

core::Result<int> Seeder::Run() {
  auto csp = LoadDemoPrincipal(db_, DemoEmail(Role::kCspAdmin));
  auto reviewer = LoadDemoPrincipal(db_, DemoEmail(Role::kReviewer));
  auto secretariat = LoadDemoPrincipal(db_, DemoEmail(Role::kSecretariat));
  auto member = LoadDemoPrincipal(db_, DemoEmail(Role::kCommitteeMember));
  auto auditor = LoadDemoPrincipal(db_, kDemoServiceAuditorEmail);
  if (!csp || !reviewer || !secretariat || !member || !auditor) {
    spdlog::warn("demo: the demo users or the demo audit corporation are missing; no demo cloud services");
    return 0;
  }
  auto edition = ReadEdition(db_, Principal::Public(), kEdition);
  if (!edition) {
    spdlog::warn("demo: no {} edition; no demo cloud services", kEdition);
    return 0;
  }
  edition_ = std::move(*edition);
  if (auto revision = ReadEdition(db_, Principal::Public(), kRevision); revision) {
    revision_ = std::move(*revision);
  }
  reviewer_ = *reviewer;
  secretariat_ = *secretariat;
  member_ = *member;
  auditor_ = *auditor;
  audit_body_ = auditor_.user->organization_id;
  const Principal& demo = *csp;
  ISMAP_ASSIGN_OR_RETURN(auto soft, Provider(kSoft));
  ISMAP_ASSIGN_OR_RETURN(auto net, Provider(kNet));

  // Days -110 to -40: the demo provider's IaaS, from statement to registration at a meeting on day -40.
  At(-110);
  ISMAP_ASSIGN_OR_RETURN(auto iaas, Service(demo, "デモクラウド基盤", "Demo Cloud Platform",
                                            domain::ServiceModel::kIaas, {"東京", "大阪"}));
  ISMAP_ASSIGN_OR_RETURN(auto iaas_statement, Statement(demo, iaas, -120, true, true));
  At(-100);
  ISMAP_ASSIGN_OR_RETURN(auto iaas_audit, Audited(demo, iaas_statement));
  At(-80);
  ISMAP_ASSIGN_OR_RETURN(auto iaas_app, Applied(demo, iaas, iaas_statement, iaas_audit));
  At(-75);
  ISMAP_ASSIGN_OR_RETURN(auto iaas_review, Reviewed(iaas_app, true));
  At(-60);
  Tick();
  ISMAP_RETURN_IF_ERROR(cloud_.Recommend(reviewer_, iaas_review.application.id, iaas_review.application.version,
                                         domain::RecommendationOutcome::kApprove,
                                         "全管理策について基準に適合 / Every control meets the criteria"));
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto meeting, CreateMeeting(db_, clock_, secretariat_, Day(-40)));
  const auto item = AgendaItem::ForApplication(ApplicationKind::kCloudService, iaas_review.application.id);
  Tick();
  ISMAP_RETURN_IF_ERROR(AddToAgenda(db_, clock_, secretariat_, meeting.id, item));
  At(-40);
  Tick();
  ISMAP_RETURN_IF_ERROR(RecordAttendance(db_, clock_, secretariat_, meeting.id, {member_.user->id}));
  Tick();
  ISMAP_RETURN_IF_ERROR(Decide(db_, clock_, settings_, member_, meeting.id, item, domain::DecisionOutcome::kApprove,
                               "運用支援機関の推薦どおり登録を承認 / Registration approved as recommended"));

  // Demo Soft: one application waiting on the reviewer, one in technical review.
  At(-50);
  ISMAP_ASSIGN_OR_RETURN(auto kintai,
                         Service(soft, "勤怠管理クラウド", "Attendance Cloud", domain::ServiceModel::kSaas, {"東京"}));
  ISMAP_ASSIGN_OR_RETURN(auto kintai_statement, Statement(soft, kintai, -60, true, true));
  ISMAP_ASSIGN_OR_RETURN(auto kintai_audit, Audited(soft, kintai_statement));
  ISMAP_ASSIGN_OR_RETURN(
      auto keihi, Service(soft, "経費精算クラウド", "Expense Cloud", domain::ServiceModel::kSaas, {"東京", "大阪"}));
  ISMAP_ASSIGN_OR_RETURN(auto keihi_statement, Statement(soft, keihi, -60, true, true));
  ISMAP_ASSIGN_OR_RETURN(auto keihi_audit, Audited(soft, keihi_statement));
  At(-30);
  ISMAP_ASSIGN_OR_RETURN(auto keihi_app, Applied(soft, keihi, keihi_statement, keihi_audit));
  At(-25);
  ISMAP_RETURN_IF_ERROR(Reviewed(keihi_app, false));
  At(-8);
  ISMAP_RETURN_IF_ERROR(Applied(soft, kintai, kintai_statement, kintai_audit));

  // Demo Net: one returned for correction, one recommended and waiting for an agenda (LIU track).
  At(-45);
  ISMAP_ASSIGN_OR_RETURN(
      auto mail, Service(net, "メール基盤サービス", "Mail Platform", domain::ServiceModel::kPaas, {"東京", "福岡"}));
  ISMAP_ASSIGN_OR_RETURN(auto mail_statement, Statement(net, mail, -60, true, true));
  ISMAP_ASSIGN_OR_RETURN(auto mail_audit, Audited(net, mail_statement));
  ISMAP_ASSIGN_OR_RETURN(auto mail_app, Applied(net, mail, mail_statement, mail_audit));
  At(-35);
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto mail_check,
                         cloud_.StartAcceptanceCheck(reviewer_, mail_app.application.id, mail_app.application.version));
  Tick();
  ISMAP_RETURN_IF_ERROR(cloud_.Return(reviewer_, mail_app.application.id, mail_check.application.version,
                                      "開示事項の資本関係に親会社の記載が漏れている / The parent company is "
                                      "missing from the capital relationships"));
  At(-30);
  ISMAP_ASSIGN_OR_RETURN(auto crm, Service(net, "顧客管理クラウド", "CRM Cloud", domain::ServiceModel::kSaas, {"東京"},
                                           domain::Track::kLiu));
  ISMAP_ASSIGN_OR_RETURN(auto crm_statement, Statement(net, crm, -40, true, true));
  ISMAP_ASSIGN_OR_RETURN(auto crm_audit, Audited(net, crm_statement));
  ISMAP_ASSIGN_OR_RETURN(auto crm_app, Applied(net, crm, crm_statement, crm_audit));
  At(-20);
  ISMAP_ASSIGN_OR_RETURN(auto crm_review, Reviewed(crm_app, true));
  At(-10);
  Tick();
  ISMAP_RETURN_IF_ERROR(cloud_.Recommend(reviewer_, crm_review.application.id, crm_review.application.version,
                                         domain::RecommendationOutcome::kApprove,
                                         "全管理策について基準に適合 / Every control meets the criteria"));

  // The demo provider again: a SaaS whose statement is half written, and a PaaS whose audit was
  // just requested (the demo audit corporation has it waiting).
  At(-5);
  ISMAP_ASSIGN_OR_RETURN(auto docs, Service(demo, "デモ文書管理", "Demo Documents", domain::ServiceModel::kSaas,
                                            {"東京"}, domain::Track::kLiu));
  ISMAP_RETURN_IF_ERROR(Statement(demo, docs, -10, false, false));
  ISMAP_ASSIGN_OR_RETURN(auto monitor,
                         Service(demo, "デモ監視基盤", "Demo Monitoring", domain::ServiceModel::kPaas, {"大阪"}));
  ISMAP_ASSIGN_OR_RETURN(auto monitor_statement, Statement(demo, monitor, -10, true, true));
  Tick();
  ISMAP_RETURN_IF_ERROR(cloud_.RequestEngagement(demo, monitor_statement.id, audit_body_));

  ISMAP_RETURN_IF_ERROR(RegisterMore(soft, net));
  return services_;
}

}  // namespace

core::Result<int> SeedDemoCloudServices(storage::Database& db, const core::Clock& clock,
                                        const AuditBodySettings& settings, const core::PasswordHashParams& hashing) {
  auto csp = LoadDemoPrincipal(db, DemoEmail(Role::kCspAdmin));
  if (csp) {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto existing, uow->Services().ListByProvider(csp->user->organization_id));
    if (!existing.empty()) {
      return 0;
    }
  }
  Seeder seeder(db, clock, settings, hashing);
  return seeder.Run();
}

}  // namespace ismap::app
