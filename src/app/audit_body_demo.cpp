#include "app/audit_body_demo.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/committee.hpp"
#include "app/demo_support.hpp"
#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "app/organizations.hpp"
#include "app/users.hpp"
#include "domain/date.hpp"

namespace ismap::app {
namespace {

using domain::AgendaItem;
using domain::ApplicationKind;
using domain::DecisionOutcome;
using domain::ItemVerdict;
using domain::Role;

// A fictitious audit corporation. The corporate numbers are made up from `base12` with a valid
// check digit; the addresses are under example.jp.
struct DemoBody {
  const char* key;  // in the administrator's e-mail and the contact address
  const char* name_ja;
  const char* name_en;
  const char* base12;
  const char* phone;
};

constexpr DemoBody kAoba{"aoba", "デモ監査法人あおば", "Demo Audit Corporation Aoba (fictitious)", "010001000101",
                         "03-0000-0101"};
constexpr DemoBody kSakura{"sakura", "デモ監査法人さくら", "Demo Audit Corporation Sakura (fictitious)", "010001000102",
                           "03-0000-0102"};
constexpr DemoBody kMinato{"minato", "デモ監査法人みなと", "Demo Audit Corporation Minato (fictitious)", "010001000103",
                           "045-000-0103"};
constexpr DemoBody kHikari{"hikari", "デモ監査法人ひかり", "Demo Audit Corporation Hikari (fictitious)", "010001000104",
                           "06-0000-0104"};
constexpr DemoBody kTsubasa{"tsubasa", "デモ監査法人つばさ", "Demo Audit Corporation Tsubasa (fictitious)",
                            "010001000105", "052-000-0105"};
constexpr DemoBody kKaede{"kaede", "デモ監査法人かえで", "Demo Audit Corporation Kaede (fictitious)", "010001000106",
                          "092-000-0106"};
constexpr DemoBody kIzumi{"izumi", "デモ監査法人いずみ", "Demo Audit Corporation Izumi (fictitious)", "010001000107",
                          "022-000-0107"};
constexpr DemoBody kWakaba{"wakaba", "デモ監査法人わかば", "Demo Audit Corporation Wakaba (fictitious)", "010001000108",
                           "011-000-0108"};
constexpr DemoBody kShiosai{"shiosai", "デモ監査法人しおさい", "Demo Audit Corporation Shiosai (fictitious)",
                            "010001000109", "082-000-0109"};

constexpr char kRecommendApproval[] =
    "全要件に適合。登録を推薦する。/ Every requirement met; registration recommended.";

// SeedDemoData's audit body: its administrator is the one-click demo login, so it gets
// applications the demo user can act on.
constexpr DemoBody kDemoAuditLlc{"demo", "", "", "", "03-0000-0100"};

// The event a published requirement set is recorded as (the secretariat's publication records the same).
constexpr char kRequirementSetPublished[] = "audit_body.requirement_set_published";

// Used only when the database has no requirement set: our wording, illustrative, not an official
// text of the programme.
domain::RequirementSet DemoRequirementSet() {
  return {kDemoRequirementSetVersion,
          {
              {"legal_form", "監査法人であること", "The body is an audit corporation"},
              {"quality", "品質管理体制が整備されていること", "A quality-control system is in place"},
              {"independence", "独立性の方針と手続があること", "An independence policy and procedures exist"},
              {"auditors", "有資格監査人を必要な人数確保していること",
               "The body has the required number of qualified auditors"},
              {"confidentiality", "守秘義務を遵守する管理策があること", "Controls keep the duty of confidentiality"},
              {"track_record", "情報セキュリティ監査の実績があること",
               "The body has a track record of information security audits"},
          }};
}

core::Result<void> EnsureRequirementSet(storage::Database& db, const core::Clock& clock, const Principal& actor) {
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  auto current = uow->RequirementSets().Current();
  if (current.has_value()) {
    return core::Ok();
  }
  if (current.error().code != core::ErrorCode::kNotFound) {
    return current.error();
  }
  const domain::RequirementSet set = DemoRequirementSet();
  ISMAP_RETURN_IF_ERROR(domain::ValidateRequirementSet(set));
  ISMAP_RETURN_IF_ERROR(uow->RequirementSets().Insert(set, clock.Now()));
  ISMAP_RETURN_IF_ERROR(RecordEvent(*uow, clock, actor.ActorName(), actor.OrganizationId(), kRequirementSetPublished,
                                    "requirement_set/" + set.version,
                                    nlohmann::json{{"version", set.version}, {"items", set.items.size()}}.dump()));
  return uow->Commit();
}

// The index of the first item whose id contains `part` (the set in force may be any), else 0.
int ItemIndex(const std::vector<std::string>& items, std::string_view part) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].find(part) != std::string::npos) {
      return static_cast<int>(i);
    }
  }
  return 0;
}

class Seeder {
 public:
  Seeder(storage::Database& db, const core::Clock& real, const AuditBodySettings& settings,
         const core::PasswordHashParams& hashing)
      : db_(db), settings_(settings), base_(real.Now()), clock_(real.Now() + std::chrono::days{kStartDay}) {
    identity_.hashing = hashing;
  }

  core::Result<int> Run();

 private:
  static constexpr int kStartDay = -200;  // days before now when the story starts

  // Moves the clock to `day` days after now (never backwards); every step adds a minute.
  void At(int day) {
    const core::TimePoint target = base_ + std::chrono::days{day};
    if (target > clock_.Now()) {
      clock_.Advance(std::chrono::duration_cast<std::chrono::microseconds>(target - clock_.Now()));
    }
  }
  void Tick() { clock_.Advance(std::chrono::minutes{1}); }
  domain::Date Day(int day) const { return domain::JapanDate(base_ + std::chrono::days{day}); }

  core::Result<Principal> LoadPrincipal(const std::string& email);
  core::Result<Principal> User(domain::OrganizationId org, const std::string& email, const std::string& name,
                               Role role);
  core::Result<domain::OrganizationId> Organization(const DemoBody& body);
  core::Result<Principal> Body(const DemoBody& body);

  AuditBodyApplicationInput Input(const DemoBody& body) const;
  core::Result<domain::Application> Create(const Principal& applicant, const DemoBody& body);
  core::Result<void> Submit(const Principal& applicant, domain::Application* app);
  core::Result<std::vector<std::string>> Start(domain::Application* app);
  // Marks the first `count` items met (all when count < 0), except `not_met` (an index) with `note`.
  core::Result<void> Mark(const domain::Application& app, const std::vector<std::string>& items, int count,
                          int not_met = -1, const std::string& note = "");
  core::Result<void> Recommend(domain::Application* app, domain::RecommendationOutcome outcome,
                               const std::string& note);
  // Created, submitted, evaluated (every item met) and recommended for approval.
  core::Result<domain::Application> Recommended(const Principal& applicant, const DemoBody& body, int day);

  core::Result<domain::MeetingId> Meeting(int day);
  core::Result<void> Agenda(domain::MeetingId meeting, const AgendaItem& item);
  core::Result<DecisionResult> Decide(domain::MeetingId meeting, const AgendaItem& item, DecisionOutcome outcome,
                                      const std::string& reason);

  storage::Database& db_;
  const AuditBodySettings& settings_;
  IdentitySettings identity_;
  const core::TimePoint base_;
  core::ManualClock clock_;
  Principal secretariat_, evaluator_;
  std::vector<Principal> members_;
  int created_ = 0;
};

core::Result<Principal> Seeder::LoadPrincipal(const std::string& email) { return LoadDemoPrincipal(db_, email); }

// The user of `email`, created in `org` with the demo password of `role` when missing.
core::Result<Principal> Seeder::User(domain::OrganizationId org, const std::string& email, const std::string& name,
                                     Role role) {
  Tick();
  return EnsureDemoUser(db_, clock_, identity_, org, email, name, role);
}

// The organisation of `body`, created when no organisation has its corporate number.
core::Result<domain::OrganizationId> Seeder::Organization(const DemoBody& body) {
  Tick();
  return EnsureDemoOrganization(db_, clock_, domain::OrganizationKind::kAuditBody, body.name_ja, body.name_en,
                                body.base12);
}

// The administrator of `body` (its organisation created first).
core::Result<Principal> Seeder::Body(const DemoBody& body) {
  ISMAP_ASSIGN_OR_RETURN(auto org, Organization(body));
  return User(org, fmt::format("audit_body_admin.{}@demo.ismap.example", body.key),
              fmt::format("{} 管理者 / administrator", body.name_ja), Role::kAuditBodyAdmin);
}

AuditBodyApplicationInput Seeder::Input(const DemoBody& body) const {
  // Qualifications valid for a few years from today, so the demo stays valid for a while.
  const int until = domain::JapanDate(base_).year + 3;
  AuditBodyApplicationInput input;
  auto& content = input.dossier.content;
  content.legal_form = domain::LegalForm::kAuditCorporation;
  const std::string k = body.key;
  content.auditors = {
      {"監査 一郎（デモ）",
       {{domain::QualificationKind::kCpa, "", "CPA-" + k + "-01", std::nullopt},
        {domain::QualificationKind::kCaisChief, "", "CAIS-L-" + k + "-01", domain::Date{until, 3, 31}}}},
      {"検証 花子（デモ）", {{domain::QualificationKind::kCisa, "", "CISA-" + k + "-02", domain::Date{until, 12, 31}}}},
      {"保証 次郎（デモ）", {{domain::QualificationKind::kCais, "", "CAIS-" + k + "-03", domain::Date{until, 6, 30}}}},
  };
  content.quality_control =
      "監査品質管理規程に基づき、業務ごとに審査担当社員による審査を行う。/ Each engagement is reviewed by a partner "
      "not on the engagement, under our audit quality-control rules. (demo)";
  content.independence_policy =
      "被監査者との利害関係を年次で確認し、関係のある監査人を業務から外す。/ Interests in audited parties are "
      "declared every year; auditors with an interest are kept off the engagement. (demo)";
  input.dossier.contact_email = fmt::format("ismap-contact@{}-audit.example.jp", k);
  input.dossier.contact_phone = body.phone;
  return input;
}

core::Result<domain::Application> Seeder::Create(const Principal& applicant, const DemoBody& body) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto view, CreateAuditBodyApplication(db_, clock_, applicant, Input(body)));
  ++created_;
  return view.application;
}

core::Result<void> Seeder::Submit(const Principal& applicant, domain::Application* app) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto view,
                         SubmitAuditBodyApplication(db_, clock_, settings_, applicant, app->id, app->version));
  *app = view.application;
  return core::Ok();
}

core::Result<std::vector<std::string>> Seeder::Start(domain::Application* app) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto view, StartAuditBodyEvaluation(db_, clock_, evaluator_, app->id, app->version));
  *app = view.application;
  std::vector<std::string> items;
  if (view.evaluation) {
    for (const auto& item : view.evaluation->items) {
      items.push_back(item.item_id);
    }
  }
  return items;
}

core::Result<void> Seeder::Mark(const domain::Application& app, const std::vector<std::string>& items, int count,
                                int not_met, const std::string& note) {
  const int n = count < 0 ? static_cast<int>(items.size()) : std::min(count, static_cast<int>(items.size()));
  for (int i = 0; i < n; ++i) {
    Tick();
    const bool met = i != not_met;
    ISMAP_RETURN_IF_ERROR(MarkAuditBodyEvaluationItem(
        db_, clock_, evaluator_, app.id, app.version, items[i], met ? ItemVerdict::kMet : ItemVerdict::kNotMet,
        met ? "提出資料と面談で確認 / Confirmed from the documents and an interview" : note));
  }
  return core::Ok();
}

core::Result<void> Seeder::Recommend(domain::Application* app, domain::RecommendationOutcome outcome,
                                     const std::string& note) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto view,
                         RecommendAuditBodyApplication(db_, clock_, evaluator_, app->id, app->version, outcome, note));
  *app = view.application;
  return core::Ok();
}

core::Result<domain::Application> Seeder::Recommended(const Principal& applicant, const DemoBody& body, int day) {
  At(day);
  ISMAP_ASSIGN_OR_RETURN(auto app, Create(applicant, body));
  ISMAP_RETURN_IF_ERROR(Submit(applicant, &app));
  At(day + 7);
  ISMAP_ASSIGN_OR_RETURN(auto items, Start(&app));
  ISMAP_RETURN_IF_ERROR(Mark(app, items, -1));
  At(day + 20);
  ISMAP_RETURN_IF_ERROR(Recommend(&app, domain::RecommendationOutcome::kApprove, kRecommendApproval));
  return app;
}

// A meeting on `day`, created by the secretariat now (before it).
core::Result<domain::MeetingId> Seeder::Meeting(int day) {
  Tick();
  ISMAP_ASSIGN_OR_RETURN(auto meeting, CreateMeeting(db_, clock_, secretariat_, Day(day)));
  return meeting.id;
}

core::Result<void> Seeder::Agenda(domain::MeetingId meeting, const AgendaItem& item) {
  Tick();
  ISMAP_RETURN_IF_ERROR(AddToAgenda(db_, clock_, secretariat_, meeting, item));
  return core::Ok();
}

core::Result<DecisionResult> Seeder::Decide(domain::MeetingId meeting, const AgendaItem& item, DecisionOutcome outcome,
                                            const std::string& reason) {
  Tick();
  return app::Decide(db_, clock_, settings_, members_.front(), meeting, item, outcome, reason);
}

core::Result<int> Seeder::Run() {
  // SeedDemoData's users: without them there is no one to act.
  auto secretariat = LoadPrincipal(DemoEmail(Role::kSecretariat));
  auto evaluator = LoadPrincipal(DemoEmail(Role::kEvaluator));
  auto member = LoadPrincipal(DemoEmail(Role::kCommitteeMember));
  auto demo_admin = LoadPrincipal(DemoEmail(Role::kAuditBodyAdmin));
  if (!secretariat || !evaluator || !member || !demo_admin) {
    spdlog::warn("demo: the demo users are missing; no demo audit bodies");
    return 0;
  }
  secretariat_ = *secretariat;
  evaluator_ = *evaluator;
  members_.push_back(*member);
  ISMAP_RETURN_IF_ERROR(EnsureRequirementSet(db_, clock_, Principal::Operator()));

  // Day -200: the bodies and their administrators; two more committee members.
  const auto committee = member->user->organization_id;
  ISMAP_ASSIGN_OR_RETURN(auto member2, User(committee, "committee_member.2@demo.ismap.example",
                                            "委員 デモ二郎 / Jiro Demo (committee member)", Role::kCommitteeMember));
  ISMAP_ASSIGN_OR_RETURN(auto member3, User(committee, "committee_member.3@demo.ismap.example",
                                            "委員 デモ三恵 / Mie Demo (committee member)", Role::kCommitteeMember));
  members_.push_back(member2);
  members_.push_back(member3);
  std::vector<domain::UserId> present;
  for (const auto& m : members_) {
    present.push_back(m.user->id);
  }
  ISMAP_ASSIGN_OR_RETURN(auto aoba, Body(kAoba));
  ISMAP_ASSIGN_OR_RETURN(auto sakura, Body(kSakura));
  ISMAP_ASSIGN_OR_RETURN(auto minato, Body(kMinato));
  ISMAP_ASSIGN_OR_RETURN(auto hikari, Body(kHikari));
  ISMAP_ASSIGN_OR_RETURN(auto tsubasa, Body(kTsubasa));
  ISMAP_ASSIGN_OR_RETURN(auto kaede, Body(kKaede));
  ISMAP_ASSIGN_OR_RETURN(auto izumi, Body(kIzumi));
  ISMAP_ASSIGN_OR_RETURN(auto wakaba, Body(kWakaba));
  ISMAP_ASSIGN_OR_RETURN(auto shiosai, Body(kShiosai));
  const Principal& demo = *demo_admin;

  // Days -190 to -165: four bodies evaluated and recommended for approval, one for rejection.
  const Principal* applicants[] = {&aoba, &sakura, &minato, &hikari};
  const DemoBody* bodies[] = {&kAoba, &kSakura, &kMinato, &kHikari};
  std::vector<domain::Application> approved;
  At(-190);
  for (int i = 0; i < 4; ++i) {
    ISMAP_ASSIGN_OR_RETURN(auto app, Create(*applicants[i], *bodies[i]));
    ISMAP_RETURN_IF_ERROR(Submit(*applicants[i], &app));
    approved.push_back(app);
  }
  At(-186);
  ISMAP_ASSIGN_OR_RETURN(auto tsubasa_app, Create(tsubasa, kTsubasa));
  ISMAP_RETURN_IF_ERROR(Submit(tsubasa, &tsubasa_app));
  At(-180);
  for (auto& app : approved) {
    ISMAP_ASSIGN_OR_RETURN(auto items, Start(&app));
    ISMAP_RETURN_IF_ERROR(Mark(app, items, -1));
  }
  At(-176);
  ISMAP_ASSIGN_OR_RETURN(auto tsubasa_items, Start(&tsubasa_app));
  ISMAP_RETURN_IF_ERROR(Mark(tsubasa_app, tsubasa_items, -1, ItemIndex(tsubasa_items, "quality"),
                             "審査体制の記載と実態が一致しない / The review system described is not the one in place"));
  At(-168);
  for (auto& app : approved) {
    ISMAP_RETURN_IF_ERROR(Recommend(&app, domain::RecommendationOutcome::kApprove, kRecommendApproval));
  }
  At(-165);
  ISMAP_RETURN_IF_ERROR(Recommend(&tsubasa_app, domain::RecommendationOutcome::kReject,
                                  "品質管理体制の要件を満たさない / The quality-control requirement is not met"));

  // Meeting 1 on day -120: four approvals (registrations) and one rejection.
  At(-160);
  ISMAP_ASSIGN_OR_RETURN(auto first, Meeting(-120));
  const auto item = [](const domain::Application& a) {
    return AgendaItem::ForApplication(ApplicationKind::kAuditBody, a.id);
  };
  for (const auto& app : approved) {
    ISMAP_RETURN_IF_ERROR(Agenda(first, item(app)));
  }
  ISMAP_RETURN_IF_ERROR(Agenda(first, item(tsubasa_app)));
  At(-120);
  Tick();
  ISMAP_RETURN_IF_ERROR(RecordAttendance(db_, clock_, secretariat_, first, present));
  std::optional<domain::RegistrationId> hikari_registration;
  for (const auto& app : approved) {
    ISMAP_ASSIGN_OR_RETURN(auto decided,
                           Decide(first, item(app), DecisionOutcome::kApprove,
                                  "評価団体の推薦どおり登録を承認 / Registration approved as recommended"));
    if (app.applicant == approved.back().applicant && decided.registration) {
      hikari_registration = decided.registration->id;  // the last one, suspended at meeting 2
    }
  }
  ISMAP_RETURN_IF_ERROR(Decide(first, item(tsubasa_app), DecisionOutcome::kReject,
                               "品質管理体制が要件を満たさないため却下 / Rejected: the quality-control requirement "
                               "is not met"));

  // SeedDemoData's audit body applies, then withdraws (days -110 to -95).
  At(-110);
  ISMAP_ASSIGN_OR_RETURN(auto withdrawn, Create(demo, kDemoAuditLlc));
  At(-105);
  ISMAP_RETURN_IF_ERROR(Submit(demo, &withdrawn));
  At(-95);
  Tick();
  ISMAP_RETURN_IF_ERROR(WithdrawAuditBodyApplication(
      db_, clock_, demo, withdrawn.id, withdrawn.version,
      "監査人の体制を見直して再申請するため取り下げ / Withdrawn to reapply after reorganising the auditors"));

  // Kaede recommended (days -94 to -74); meeting 2 on day -60 defers it and suspends Hikari.
  ISMAP_ASSIGN_OR_RETURN(auto kaede_app, Recommended(kaede, kKaede, -94));
  At(-73);
  ISMAP_ASSIGN_OR_RETURN(auto second, Meeting(-60));
  ISMAP_RETURN_IF_ERROR(Agenda(second, item(kaede_app)));
  At(-70);
  if (!hikari_registration) {
    return core::MakeError(core::ErrorCode::kInternal, "demo.no_registration", "the approval made no registration");
  }
  const auto hikari_item = AgendaItem::ForRegistration(ApplicationKind::kAuditBody, *hikari_registration);
  ISMAP_RETURN_IF_ERROR(Agenda(second, hikari_item));
  At(-60);
  Tick();
  ISMAP_RETURN_IF_ERROR(RecordAttendance(db_, clock_, secretariat_, second, present));
  ISMAP_RETURN_IF_ERROR(Decide(second, item(kaede_app), DecisionOutcome::kDefer,
                               "独立性の方針の運用実績を確認するため次回に継続審議 / Deferred to the next meeting to "
                               "see the independence policy in practice"));
  ISMAP_RETURN_IF_ERROR(Decide(second, hikari_item, DecisionOutcome::kSuspend,
                               "品質管理体制の重大な不備の報告を受け、是正まで登録を一時停止 / Suspended until a "
                               "serious quality-control deficiency reported is corrected"));

  // SeedDemoData's audit body again: evaluated and returned for correction (days -45 to -31).
  At(-45);
  ISMAP_ASSIGN_OR_RETURN(auto returned, Create(demo, kDemoAuditLlc));
  At(-42);
  ISMAP_RETURN_IF_ERROR(Submit(demo, &returned));
  At(-35);
  ISMAP_ASSIGN_OR_RETURN(auto returned_items, Start(&returned));
  ISMAP_RETURN_IF_ERROR(
      Mark(returned, returned_items, -1, ItemIndex(returned_items, "auditor"),
           "有資格監査人の資格証明書の写しがない / Copies of the auditors' certificates are missing"));
  At(-31);
  Tick();
  ISMAP_RETURN_IF_ERROR(ReturnAuditBodyApplication(
      db_, clock_, evaluator_, returned.id, returned.version,
      "監査人全員の資格証明書の写しを添付して再提出してください / Please resubmit with copies of every auditor's "
      "certificates"));

  // Izumi recommended on day -10, not yet on an agenda (days -30 to -10).
  ISMAP_ASSIGN_OR_RETURN(auto izumi_app, Recommended(izumi, kIzumi, -30));
  (void)izumi_app;

  // Wakaba under evaluation (days -9 to -7), half the checklist marked.
  At(-9);
  ISMAP_ASSIGN_OR_RETURN(auto wakaba_app, Create(wakaba, kWakaba));
  ISMAP_RETURN_IF_ERROR(Submit(wakaba, &wakaba_app));
  At(-7);
  ISMAP_ASSIGN_OR_RETURN(auto wakaba_items, Start(&wakaba_app));
  ISMAP_RETURN_IF_ERROR(Mark(wakaba_app, wakaba_items, static_cast<int>(wakaba_items.size() / 2)));

  // Tsubasa starts again after its rejection: a draft (day -5). Shiosai submitted (days -3, -2).
  At(-5);
  ISMAP_RETURN_IF_ERROR(Create(tsubasa, kTsubasa));
  At(-3);
  ISMAP_ASSIGN_OR_RETURN(auto shiosai_app, Create(shiosai, kShiosai));
  At(-2);
  ISMAP_RETURN_IF_ERROR(Submit(shiosai, &shiosai_app));

  // The upcoming meeting, three weeks from now, with Kaede's deferred application on its agenda.
  At(-1);
  ISMAP_ASSIGN_OR_RETURN(auto upcoming, Meeting(21));
  ISMAP_RETURN_IF_ERROR(Agenda(upcoming, item(kaede_app)));
  return created_;
}

}  // namespace

core::Result<int> SeedDemoAuditBodies(storage::Database& db, const core::Clock& clock,
                                      const AuditBodySettings& settings, const core::PasswordHashParams& hashing) {
  {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(
        auto any, uow->Applications().ListByStates(ApplicationKind::kAuditBody, domain::AllApplicationStates(), 1, 0));
    if (!any.empty()) {
      return 0;
    }
  }
  Seeder seeder(db, clock, settings, hashing);
  return seeder.Run();
}

}  // namespace ismap::app
