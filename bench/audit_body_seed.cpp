// ismap_audit_body_seed: a synthetic, deterministic audit-body register for the issue 6 benchmark
// (bench/audit_body_benchmark.cpp, bench/audit_bodies.sh).
//
//   ismap_audit_body_seed --database sqlite:PATH|postgresql://... [--bodies 1000] [--applications 10000]
//                         [--seed 6] [--batch 500] [--session-file PATH]
//
// Into a fresh database (migrated here, as `ismap init` does), writes:
//   - an evaluating body with one evaluator (evaluator@seed.bench.ismap.example, the principal the
//     benchmark uses; password kEvaluatorPassword below, the only user anyone logs in as), the
//     secretariat and a committee of five members;
//   - --bodies audit-body organisations ("合成監査法人0001", valid corporate numbers), each with an
//     administrator;
//   - monthly committee meetings over the last five years and the next two months;
//   - --applications audit-body applications over every state the workflow has: about 80% of the
//     bodies have their first application approved by a meeting and hold a registration (number
//     from the configured template); registrations older than their 36-month validity were renewed
//     through a renewal application, have a renewal pending, or expired; a few were suspended,
//     revoked or withdrawn by the committee. The rest are new applications: many submitted or under
//     evaluation (the evaluator's queue), the others draft, returned, recommended, on an upcoming
//     agenda, rejected or withdrawn. Each has a dossier of 2-5 auditors with their qualifications
//     and a contact.
//
// Rows are written the way the use cases of app/audit_bodies.cpp and app/committee.cpp write them
// (domain transitions, repository updates with their version, one ledger event per change with the
// same type and payload), but many per transaction (--batch applications), without authorisation
// and as of synthetic past times: the transitions carry dates over the last five years, so the
// queue's waiting days and the list's dates vary. Ledger events carry the time they were written.
// The pseudo-random choices come from --seed and the synthetic times end at midnight today in Japan, so
// two runs on the same day write the same rows (password hashes and ledger times aside).
// Refuses a database that already holds audit-body applications.
//
// --session-file PATH: after seeding, logs the evaluator in through app::LogInWithPassword (with
// auth.mfa_required false, so the session is fully authenticated at once) and writes
// "SESSION_TOKEN CSRF_TOKEN\n" to PATH (mode 0600), for requests over HTTP with the cookie
// ismap_session=SESSION_TOKEN to a server started with ISMAP_AUTH_MFA_REQUIRED=false.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/audit_bodies.hpp"
#include "app/authorization.hpp"
#include "app/identity.hpp"
#include "app/ledger.hpp"
#include "app/system.hpp"
#include "bench_database.hpp"
#include "bench_seed.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/password.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/committee.hpp"
#include "domain/date.hpp"
#include "domain/ledger.hpp"
#include "storage/database.hpp"

namespace {

using namespace ismap;
using app::Principal;
using bench::BenchIdentitySettings;
using bench::DaysAfter;
using bench::DaysBefore;
using bench::Pad;
using bench::Rng;
using domain::ApplicationAction;
using domain::ApplicationCommand;
using domain::ApplicationKind;
using domain::ApplicationPurpose;
using domain::ApplicationState;
using domain::DecisionOutcome;
using nlohmann::json;

constexpr ApplicationKind kAb = ApplicationKind::kAuditBody;
constexpr char kEvaluatorEmail[] = "evaluator@seed.bench.ismap.example";
// Synthetic bench data: the evaluator's password is no secret (bench/audit_bodies.sh logs in as it).
constexpr char kEvaluatorPassword[] = "bench-evaluator-password-6";

// 14:00 in Japan on `date`: when the committee decides.
core::TimePoint MeetingTime(const domain::Date& date) { return domain::StartOfJapanDay(date) + std::chrono::hours(14); }

std::string DateText(const domain::Date& d) { return domain::FormatDate(d); }

const std::vector<std::string> kFamilyNames = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",   "山本",
                                               "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
                                               "松本", "井上", "木村", "林",   "斎藤", "清水"};
const std::vector<std::string> kGivenNames = {"太郎", "花子", "一郎", "美咲", "健太", "陽子", "大輔", "恵",
                                              "翔",   "由美", "直樹", "彩",   "誠",   "愛",   "拓也", "真由美"};
const std::vector<std::string> kQualityControl = {
    "監査部門から独立した品質管理室が全ての監査調書を査閲し、品質管理責任者が年一回体制を評価する。",
    "監査計画・実施・報告の各段階で審査担当社員による審査を行い、結果を品質管理委員会に報告する。",
    "監査マニュアルに基づく査閲手続と、外部有識者を含む品質レビューを毎年実施する。"};
const std::vector<std::string> kIndependence = {
    "被監査者の言明書の作成を支援しない。監査人ごとに独立性確認書を毎年取得する。",
    "被監査者との間に利害関係がないことを契約前に確認し、記録を保存する。",
    "コンサルティング業務を提供した被監査者の監査は受嘱しない。"};

struct Body {
  domain::OrganizationId id;
  int number = 0;  // 1-based, in the name
  Principal admin;
};

class Seeder {
 public:
  Seeder(storage::Database& db, std::uint64_t seed, int batch)
      : db_(db),
        rng_(seed),
        batch_(batch),
        today_(domain::JapanDate(wall_.Now())),
        now_(domain::StartOfJapanDay(today_)) {}

  core::Result<void> Run(int bodies, int applications) {
    ISMAP_RETURN_IF_ERROR(Begin());
    ISMAP_ASSIGN_OR_RETURN(auto existing, uow_->Applications().ListByStates(kAb, domain::AllApplicationStates(), 1, 0));
    if (!existing.empty()) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "bench.not_fresh",
                             "the database already holds audit-body applications: seed a fresh one");
    }
    ISMAP_ASSIGN_OR_RETURN(set_, uow_->RequirementSets().Current());
    ISMAP_RETURN_IF_ERROR(CreatePeople(bodies));
    ISMAP_RETURN_IF_ERROR(CreateMeetings());
    ISMAP_RETURN_IF_ERROR(Flush());

    // A: the first application of ~80% of the bodies, approved at a past meeting.
    const int registered = std::min(applications, static_cast<int>(bodies * 0.8 + 0.5));
    std::vector<int> order(bodies_.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = static_cast<int>(i);
    }
    rng_.Shuffle(order);
    struct Approval {
      int body;
      std::size_t meeting;
    };
    std::vector<Approval> approvals;
    for (int i = 0; i < registered; ++i) {
      // Not the first meeting: the application needs time before it.
      approvals.push_back({order[static_cast<std::size_t>(i)], 1 + rng_.Below(past_meetings_ - 1)});
    }
    std::sort(approvals.begin(), approvals.end(),
              [](const Approval& a, const Approval& b) { return a.meeting < b.meeting; });
    for (const auto& a : approvals) {
      ISMAP_RETURN_IF_ERROR(DecidedApplication(bodies_[static_cast<std::size_t>(a.body)], a.meeting,
                                               DecisionOutcome::kApprove, std::nullopt));
      ISMAP_RETURN_IF_ERROR(MaybeFlush());
    }

    // B: what happened to the registrations since (renewals count against --applications).
    ISMAP_RETURN_IF_ERROR(Lifecycles(applications));

    // C: the other applications, new ones in every other state.
    ISMAP_RETURN_IF_ERROR(OtherApplications(applications - created_));
    return Finish();
  }

  void Report() const {
    std::printf(
        "written: %d organisations, %d users, %zu meetings, %d applications, %d registrations, %lld ledger events\n",
        organisations_, users_, meetings_.size(), created_, registrations_, static_cast<long long>(events_));
    std::printf("applications by state:");
    for (const auto& [state, n] : final_states_) {
      std::printf(" %s=%d", std::string(domain::ToString(state)).c_str(), n);
    }
    std::printf("\nregistrations by status on %s:", DateText(today_).c_str());
    for (const auto& [status, n] : registration_status_) {
      std::printf(" %s=%d", status.c_str(), n);
    }
    std::printf("\n");
  }

  // Recorded after the run, from the database itself.
  core::Result<void> CountRegistrations() {
    ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
    ISMAP_ASSIGN_OR_RETURN(auto list, uow->Registrations().List(kAb, today_));
    for (const auto& r : list) {
      ++registration_status_[std::string(domain::ToString(domain::StatusOn(r, today_)))];
    }
    return core::Ok();
  }

 private:
  // --- transactions ---------------------------------------------------------------------------
  core::Result<void> Begin() {
    ISMAP_ASSIGN_OR_RETURN(uow_, db_.Begin(storage::TxMode::kWrite));
    pending_ = 0;
    return core::Ok();
  }
  core::Result<void> Flush() {
    ISMAP_RETURN_IF_ERROR(uow_->Commit());
    uow_.reset();
    return Begin();
  }
  // Commits and holds no transaction after: the database's one writer is free for the login.
  core::Result<void> Finish() {
    ISMAP_RETURN_IF_ERROR(uow_->Commit());
    uow_.reset();
    return core::Ok();
  }
  core::Result<void> MaybeFlush() { return ++pending_ >= batch_ ? Flush() : core::Result<void>(core::Ok()); }

  core::Result<void> Record(const Principal& who, std::string type, std::string subject, const json& payload) {
    ++events_;
    return app::RecordEvent(*uow_, wall_, who.ActorName(), who.OrganizationId(), std::move(type), std::move(subject),
                            payload.dump());
  }

  // --- organisations, users, meetings ---------------------------------------------------------
  core::Result<domain::Organization> Organisation(domain::OrganizationKind kind, std::string ja, std::string en) {
    domain::NewOrganization input{kind, std::move(ja), std::move(en), std::nullopt};
    if (domain::RequiresCorporateNumber(kind)) {
      input.corporate_number = bench::CorporateNumber(rng_);
    }
    ISMAP_RETURN_IF_ERROR(domain::ValidateNewOrganization(input));
    ISMAP_ASSIGN_OR_RETURN(auto org, uow_->Organizations().Insert(input, DaysBefore(now_, 5 * 365 + 60)));
    ++organisations_;
    ISMAP_RETURN_IF_ERROR(Record(Principal::Operator(), domain::kEventOrganizationCreated,
                                 "organization/" + std::to_string(org.id.value()),
                                 {{"kind", domain::ToString(org.kind)},
                                  {"name_ja", org.name_ja},
                                  {"name_en", org.name_en},
                                  {"corporate_number", org.corporate_number ? json(*org.corporate_number) : json()}}));
    return org;
  }

  core::Result<Principal> User(const domain::Organization& org, std::string email, std::string name, domain::Role role,
                               const std::string* password_hash = nullptr) {
    domain::NewUser input{org.id, domain::NormalizeEmail(email), std::move(name), {role}};
    ISMAP_RETURN_IF_ERROR(domain::ValidateNewUser(input, org.kind));
    ISMAP_ASSIGN_OR_RETURN(auto user, uow_->Users().Insert(input, password_hash ? *password_hash : password_hash_,
                                                           DaysBefore(now_, 5 * 365 + 60)));
    ++users_;
    ISMAP_RETURN_IF_ERROR(Record(Principal::Operator(), "user.created", "user/" + std::to_string(user.id.value()),
                                 {{"email", user.email},
                                  {"organization_id", org.id.value()},
                                  {"roles", json::array({domain::ToString(role)})}}));
    return Principal::ForUser(user, org.kind);
  }

  core::Result<void> CreatePeople(int bodies) {
    // Only the evaluator logs in: one hash of a random password serves every other user. Both are
    // hashed with the parameters the default configuration gives the server.
    const core::PasswordHashParams hashing = BenchIdentitySettings().hashing;
    ISMAP_ASSIGN_OR_RETURN(password_hash_, core::HashPassword(core::RandomPassword(), hashing));
    ISMAP_ASSIGN_OR_RETURN(const std::string evaluator_hash, core::HashPassword(kEvaluatorPassword, hashing));
    using K = domain::OrganizationKind;
    ISMAP_ASSIGN_OR_RETURN(auto evaluating,
                           Organisation(K::kAuditBodyEvaluator, "合成評価機関", "Synthetic Evaluating Body"));
    ISMAP_ASSIGN_OR_RETURN(evaluator_,
                           User(evaluating, kEvaluatorEmail, "評価 担当", domain::Role::kEvaluator, &evaluator_hash));
    ISMAP_ASSIGN_OR_RETURN(auto secretariat, Organisation(K::kSecretariat, "合成事務局", "Synthetic Secretariat"));
    ISMAP_ASSIGN_OR_RETURN(secretariat_, User(secretariat, "secretariat@seed.bench.ismap.example", "事務局 担当",
                                              domain::Role::kSecretariat));
    ISMAP_ASSIGN_OR_RETURN(auto committee, Organisation(K::kCommittee, "合成制度運営委員会", "Synthetic Committee"));
    for (int i = 1; i <= 5; ++i) {
      ISMAP_ASSIGN_OR_RETURN(auto member, User(committee, "member" + std::to_string(i) + "@seed.bench.ismap.example",
                                               "委員 " + std::to_string(i), domain::Role::kCommitteeMember));
      members_.push_back(member.user->id);
      if (i == 1) {
        chair_ = member;
      }
    }
    for (int i = 1; i <= bodies; ++i) {
      const std::string n = Pad(i, 4);
      ISMAP_ASSIGN_OR_RETURN(auto org,
                             Organisation(K::kAuditBody, "合成監査法人" + n, "Synthetic Audit Corporation " + n));
      ISMAP_ASSIGN_OR_RETURN(
          auto admin, User(org, "admin@ab" + n + ".seed.bench.ismap.example",
                           rng_.Pick(kFamilyNames) + " " + rng_.Pick(kGivenNames), domain::Role::kAuditBodyAdmin));
      bodies_.push_back({org.id, i, admin});
      if (i % batch_ == 0) {
        ISMAP_RETURN_IF_ERROR(Flush());
      }
    }
    return core::Ok();
  }

  // A meeting on the 20th of every month, from five years ago to two months ahead; those already
  // held have their attendance recorded.
  core::Result<void> CreateMeetings() {
    const auto next_month = [](domain::Date d) {
      return d.month == 12 ? domain::Date{d.year + 1, 1, 20} : domain::Date{d.year, d.month + 1, 20};
    };
    const domain::Date last = next_month(next_month(domain::Date{today_.year, today_.month, 20}));
    for (domain::Date d{today_.year - 5, today_.month, 20}; d <= last; d = next_month(d)) {
      const core::TimePoint created = DaysBefore(MeetingTime(d), 30);
      ISMAP_ASSIGN_OR_RETURN(auto meeting, uow_->Committee().InsertMeeting(d, std::min(created, now_)));
      ISMAP_RETURN_IF_ERROR(Record(secretariat_, domain::kEventCommitteeMeetingCreated,
                                   "meeting/" + std::to_string(meeting.id.value()), {{"date", DateText(d)}}));
      if (d < today_) {
        ISMAP_RETURN_IF_ERROR(uow_->Committee().SetMembersPresent(meeting.id, members_));
        meeting.members_present = members_;
        json ids = json::array();
        for (const auto& m : members_) {
          ids.push_back(m.value());
        }
        ISMAP_RETURN_IF_ERROR(Record(secretariat_, domain::kEventCommitteeAttendanceRecorded,
                                     "meeting/" + std::to_string(meeting.id.value()), {{"members_present", ids}}));
        ++past_meetings_;
      }
      meetings_.push_back(std::move(meeting));
    }
    if (past_meetings_ < 3 || past_meetings_ == meetings_.size()) {
      return core::MakeError(core::ErrorCode::kInternal, "bench.meetings", "could not lay out the meetings");
    }
    return core::Ok();
  }

  // --- one application's steps, as the use cases write them -----------------------------------
  struct App {
    domain::Application a;
    storage::AuditBodyDossier dossier;
    const Body* body = nullptr;
    std::optional<domain::Evaluation> evaluation;
  };

  static std::string Subject(const domain::Application& a) { return "application/" + std::to_string(a.id.value()); }
  static json Payload(const domain::Application& a) {
    return {{"state", domain::ToString(a.state)}, {"version", a.version}, {"applicant", a.applicant.value()}};
  }

  storage::AuditBodyDossier Dossier(const Body& body) {
    storage::AuditBodyDossier d;
    d.content.organization_id = body.id;
    d.content.legal_form = domain::LegalForm::kAuditCorporation;
    using Q = domain::QualificationKind;
    const std::vector<Q> kinds = {Q::kCpa, Q::kCisa, Q::kCaisChief, Q::kCais, Q::kCaisAssistant, Q::kIsmsAuditor};
    const int auditors = rng_.Between(2, 5);
    for (int i = 0; i < auditors; ++i) {
      domain::Auditor auditor;
      auditor.name = rng_.Pick(kFamilyNames) + " " + rng_.Pick(kGivenNames);
      std::vector<Q> mine = kinds;
      rng_.Shuffle(mine);
      const int n = rng_.Between(1, 3);
      for (int q = 0; q < n; ++q) {
        domain::Qualification qualification;
        qualification.kind = mine[static_cast<std::size_t>(q)];
        qualification.number =
            std::string(domain::ToString(qualification.kind)) + "-" + Pad(rng_.Between(1, 999999), 6);
        if (qualification.kind != Q::kCpa) {
          qualification.expires_on = domain::AddDays(today_, rng_.Between(200, 1500));
        }
        auditor.qualifications.push_back(std::move(qualification));
      }
      d.content.auditors.push_back(std::move(auditor));
    }
    d.content.quality_control = rng_.Pick(kQualityControl);
    d.content.independence_policy = rng_.Pick(kIndependence);
    d.contact_email = "ismap-contact@ab" + Pad(body.number, 4) + ".seed.bench.ismap.example";
    d.contact_phone = "03-" + Pad(rng_.Between(5000, 6999), 4) + "-" + Pad(rng_.Between(0, 9999), 4);
    return d;
  }

  core::Result<App> Create(const Body& body, ApplicationPurpose purpose,
                           std::optional<domain::RegistrationId> registration, core::TimePoint at) {
    App app;
    app.body = &body;
    app.dossier = Dossier(body);
    ISMAP_ASSIGN_OR_RETURN(auto draft, domain::NewApplication(kAb, purpose, body.id, registration, at));
    ISMAP_ASSIGN_OR_RETURN(app.a, uow_->Applications().Insert(draft, at));
    ISMAP_RETURN_IF_ERROR(uow_->Applications().PutAuditBodyContent(app.a.id, app.dossier));
    json payload = Payload(app.a);
    payload["purpose"] = domain::ToString(purpose);
    ISMAP_RETURN_IF_ERROR(Record(body.admin, domain::kEventAuditBodyApplicationCreated, Subject(app.a), payload));
    ++created_;
    return app;
  }

  core::Result<void> Step(App& app, const ApplicationAction& action, core::TimePoint at, const Principal& who,
                          const char* event) {
    ISMAP_ASSIGN_OR_RETURN(auto next, domain::Apply(app.a, app.a.version, action, at));
    ISMAP_RETURN_IF_ERROR(uow_->Applications().Update(next, app.a.version));
    if (event != nullptr) {
      json payload = Payload(next);
      if (!action.reason.empty()) {
        payload["reason"] = action.reason;
      }
      if (action.recommendation) {
        payload["recommendation"] = domain::ToString(action.recommendation->outcome);
        payload["note"] = action.recommendation->note;
      }
      ISMAP_RETURN_IF_ERROR(Record(who, event, Subject(next), payload));
    }
    app.a = std::move(next);
    return core::Ok();
  }

  // Submission: the content must pass the rules that day; a renewal marks its registration.
  core::Result<void> Submit(App& app, core::TimePoint at, bool resubmit) {
    const domain::Date day = domain::JapanDate(at);
    ISMAP_RETURN_IF_ERROR(domain::ValidateAuditBodyApplication(app.dossier.content, settings_.rules, day));
    if (app.a.purpose == ApplicationPurpose::kRenewal && app.a.registration_id &&
        app.a.state == ApplicationState::kDraft) {
      ISMAP_ASSIGN_OR_RETURN(auto registration, uow_->Registrations().Get(*app.a.registration_id));
      ISMAP_ASSIGN_OR_RETURN(auto applied,
                             domain::ApplyRenewalApplied(registration, registration.version, app.a.id, day));
      ISMAP_RETURN_IF_ERROR(uow_->Registrations().Update(applied, registration.version, day));
    }
    return resubmit ? Step(app, ApplicationAction::Of(ApplicationCommand::kResubmit), at, app.body->admin,
                           domain::kEventAuditBodyResubmitted)
                    : Step(app, ApplicationAction::Of(ApplicationCommand::kSubmit), at, app.body->admin,
                           domain::kEventAuditBodySubmitted);
  }

  core::Result<void> StartEvaluation(App& app, core::TimePoint at) {
    ISMAP_RETURN_IF_ERROR(Step(app, ApplicationAction::Of(ApplicationCommand::kStartEvaluation), at, evaluator_,
                               domain::kEventAuditBodyEvaluationStarted));
    if (!app.evaluation) {
      app.evaluation = domain::StartEvaluation(set_);
      ISMAP_RETURN_IF_ERROR(uow_->Applications().PutEvaluation(app.a.id, *app.evaluation));
    }
    return core::Ok();
  }

  // Marks `count` items (all when count < 0): met, or not met with a note for `unmet` of them.
  core::Result<void> Mark(App& app, int count, int unmet) {
    int marked = 0;
    for (const auto& item : set_.items) {
      if (count >= 0 && marked >= count) {
        break;
      }
      const bool met = marked >= unmet;
      const std::string note = met ? "" : "体制文書に記載がないため、補足資料の提出を求める。";
      const auto verdict = met ? domain::ItemVerdict::kMet : domain::ItemVerdict::kNotMet;
      ISMAP_ASSIGN_OR_RETURN(auto next, domain::MarkItem(*app.evaluation, item.id, verdict, note));
      app.evaluation = std::move(next);
      ISMAP_RETURN_IF_ERROR(Record(evaluator_, domain::kEventAuditBodyEvaluated, Subject(app.a),
                                   {{"item", item.id}, {"verdict", domain::ToString(verdict)}, {"note", note}}));
      ++marked;
    }
    return uow_->Applications().PutEvaluation(app.a.id, *app.evaluation);
  }

  core::Result<void> Return(App& app, core::TimePoint at) {
    return Step(app, ApplicationAction::ReturnForCorrection("監査人の資格証明の写しが不足しています。"), at, evaluator_,
                domain::kEventAuditBodyReturned);
  }

  core::Result<void> Recommend(App& app, domain::RecommendationOutcome outcome, core::TimePoint at) {
    ISMAP_RETURN_IF_ERROR(domain::CheckRecommendation(set_, *app.evaluation, outcome));
    const std::string note = outcome == domain::RecommendationOutcome::kApprove
                                 ? "全ての要件を満たしている。"
                                 : "品質管理体制が要件を満たしていない。";
    return Step(app, ApplicationAction::Recommend(outcome, note), at, evaluator_, domain::kEventAuditBodyRecommended);
  }

  // The secretariat puts the item on `meeting`'s agenda at `at` (before the meeting's day).
  core::Result<void> Agenda(domain::Meeting& meeting, const domain::AgendaItem& item, core::TimePoint at) {
    ISMAP_ASSIGN_OR_RETURN(meeting, domain::AddToAgenda(meeting, item, domain::JapanDate(at)));
    ISMAP_RETURN_IF_ERROR(uow_->Committee().AddAgendaItem(meeting.id, item));
    return Record(secretariat_, domain::kEventCommitteeAgendaAdded, "meeting/" + std::to_string(meeting.id.value()),
                  ItemJson(item));
  }

  static json ItemJson(const domain::AgendaItem& item) {
    json j = {{"register", domain::ToString(item.register_kind)}, {"kind", domain::ToString(item.kind())}};
    if (const auto* id = std::get_if<domain::ApplicationId>(&item.subject)) {
      j["application"] = id->value();
    } else {
      j["registration"] = std::get<domain::RegistrationId>(item.subject).value();
    }
    return j;
  }

  static json RegistrationJson(const domain::Registration& r) {
    return {{"number", r.number},
            {"holder", r.holder.value()},
            {"state", domain::ToString(r.state)},
            {"registered_on", DateText(r.registered_on)},
            {"valid_until", DateText(r.valid_until)},
            {"version", r.version}};
  }

  core::Result<void> RegistrationEvent(const Principal& who, std::string_view event, const domain::Registration& r,
                                       json payload) {
    payload.update(RegistrationJson(r));
    return Record(who, std::string(domain::kEventRegistrationPrefix) + std::string(event),
                  "registration/" + std::to_string(r.id.value()), payload);
  }

  // The committee decides `item` at `meeting`; recorded as committee.decided.
  core::Result<domain::Decision> Decide(domain::Meeting& meeting, const domain::AgendaItem& item,
                                        DecisionOutcome outcome, const std::string& reason) {
    ISMAP_ASSIGN_OR_RETURN(
        auto decision, domain::Decide(meeting, item, outcome, reason, MeetingTime(meeting.date), settings_.committee));
    ISMAP_RETURN_IF_ERROR(uow_->Committee().InsertDecision(decision));
    meeting.decisions.push_back(decision);
    json payload = ItemJson(item);
    payload["outcome"] = domain::ToString(outcome);
    payload["reason"] = reason;
    ISMAP_RETURN_IF_ERROR(
        Record(chair_, domain::kEventCommitteeDecided, "meeting/" + std::to_string(meeting.id.value()), payload));
    return decision;
  }

  // A registration decision (renew, suspend, revoke, withdraw) as app/committee.cpp applies it.
  core::Result<void> DecideRegistration(domain::RegistrationId id, const domain::Decision& decision,
                                        domain::RegistrationEvent event) {
    ISMAP_ASSIGN_OR_RETURN(auto registration, uow_->Registrations().Get(id));
    ISMAP_ASSIGN_OR_RETURN(auto next, domain::ApplyRegistrationDecision(registration, registration.version, decision,
                                                                        settings_.registration));
    ISMAP_RETURN_IF_ERROR(
        uow_->Registrations().Update(next, registration.version, domain::JapanDate(decision.decided_at)));
    return RegistrationEvent(chair_, domain::ToString(event), next,
                             {{"meeting", decision.meeting_id.value()}, {"reason", decision.reason}});
  }

  // From creation through recommendation, ending at `recommended_at` (earlier steps spread before).
  core::Result<App> ThroughRecommendation(const Body& body, ApplicationPurpose purpose,
                                          std::optional<domain::RegistrationId> registration,
                                          domain::RecommendationOutcome outcome, core::TimePoint recommended_at) {
    const core::TimePoint started = DaysBefore(recommended_at, rng_.Between(10, 60));
    const core::TimePoint submitted = DaysBefore(started, rng_.Between(1, 20));
    const core::TimePoint created = DaysBefore(submitted, rng_.Between(3, 30));
    ISMAP_ASSIGN_OR_RETURN(auto app, Create(body, purpose, registration, created));
    ISMAP_RETURN_IF_ERROR(Submit(app, submitted, false));
    ISMAP_RETURN_IF_ERROR(StartEvaluation(app, started));
    const bool approve = outcome == domain::RecommendationOutcome::kApprove;
    ISMAP_RETURN_IF_ERROR(Mark(app, -1, approve ? 0 : 1));
    ISMAP_RETURN_IF_ERROR(Recommend(app, outcome, recommended_at));
    return app;
  }

  // An application decided at past meeting `index` (approve creates the registration; a renewal's
  // approval renews `renewal_of`).
  core::Result<void> DecidedApplication(const Body& body, std::size_t index, DecisionOutcome outcome,
                                        std::optional<domain::RegistrationId> renewal_of) {
    domain::Meeting& meeting = meetings_[index];
    const core::TimePoint on_agenda = DaysBefore(MeetingTime(meeting.date), rng_.Between(3, 20));
    const auto recommendation = outcome == DecisionOutcome::kApprove ? domain::RecommendationOutcome::kApprove
                                                                     : domain::RecommendationOutcome::kReject;
    ISMAP_ASSIGN_OR_RETURN(
        auto app, ThroughRecommendation(body, renewal_of ? ApplicationPurpose::kRenewal : ApplicationPurpose::kNew,
                                        renewal_of, recommendation, DaysBefore(on_agenda, rng_.Between(1, 10))));
    const auto item = domain::AgendaItem::ForApplication(kAb, app.a.id);
    ISMAP_RETURN_IF_ERROR(Agenda(meeting, item, on_agenda));
    ISMAP_RETURN_IF_ERROR(Step(app, ApplicationAction::PutOnAgenda(meeting.id), on_agenda, secretariat_, nullptr));
    const std::string reason =
        outcome == DecisionOutcome::kApprove ? "評価機関の推薦どおり承認する。" : "評価機関の推薦どおり却下する。";
    ISMAP_ASSIGN_OR_RETURN(auto decision, Decide(meeting, item, outcome, reason));
    ISMAP_ASSIGN_OR_RETURN(auto decided, domain::ApplyDecision(app.a, app.a.version, decision));
    ISMAP_RETURN_IF_ERROR(uow_->Applications().Update(decided, app.a.version));
    app.a = std::move(decided);
    ++final_states_[app.a.state];
    if (app.a.purpose == ApplicationPurpose::kNew && app.a.state == ApplicationState::kApproved) {
      const auto& policy = settings_.registration;
      const int year = domain::JapanDate(decision.decided_at).year;
      ISMAP_ASSIGN_OR_RETURN(auto serial,
                             uow_->Registrations().NextSerial(kAb, policy.number_template.has_year() ? year : 0));
      ISMAP_ASSIGN_OR_RETURN(auto registration, domain::RegisterOnApproval(app.a, decision, policy, serial));
      ISMAP_ASSIGN_OR_RETURN(auto stored, uow_->Registrations().Insert(registration, decision.decided_at));
      ISMAP_RETURN_IF_ERROR(
          RegistrationEvent(chair_, "created", stored,
                            {{"meeting", meeting.id.value()}, {"application", app.a.id.value()}, {"reason", reason}}));
      registered_.push_back({stored.id, &body});
      ++registrations_;
    } else if (renewal_of && outcome == DecisionOutcome::kApprove) {
      ISMAP_RETURN_IF_ERROR(DecideRegistration(*renewal_of, decision, domain::RegistrationEvent::kRenew));
    }
    return core::Ok();
  }

  // Past meetings with lo <= date <= hi (indices), or none.
  std::vector<std::size_t> PastMeetingsBetween(const domain::Date& lo, const domain::Date& hi) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < past_meetings_; ++i) {
      if (lo <= meetings_[i].date && meetings_[i].date <= hi) {
        out.push_back(i);
      }
    }
    return out;
  }

  // --- B: renewals, expiry, suspensions --------------------------------------------------------
  core::Result<void> Lifecycles(int applications) {
    for (const auto& [id, body] : registered_) {
      ISMAP_ASSIGN_OR_RETURN(auto r, uow_->Registrations().Get(id));
      domain::Date changed = r.registered_on;
      // Due for renewal within 90 days, or past due. Long past due: renewed or expired; recently
      // past due: renewed, renewal pending (filed in time, still with the evaluator) or expired;
      // due soon: some have filed.
      const bool due = r.valid_until < domain::AddDays(today_, 90);
      const bool past = r.valid_until < today_;
      const bool long_past = r.valid_until < domain::AddDays(today_, -60);
      const double p_renewed = long_past ? 0.75 : past ? 0.50 : 0.0;
      const double p_pending = long_past ? 0.0 : past ? 0.85 : 0.40;  // cumulative, after p_renewed
      const double u = rng_.Unit();
      const bool room = created_ < applications;
      if (due && u < p_renewed && room) {
        // Renewed at a meeting in the last 100 days of its validity.
        auto candidates = PastMeetingsBetween(domain::AddDays(r.valid_until, -100), r.valid_until);
        if (!candidates.empty()) {
          const std::size_t m = rng_.Pick(candidates);
          ISMAP_RETURN_IF_ERROR(DecidedApplication(*body, m, DecisionOutcome::kApprove, id));
          changed = meetings_[m].date;
          ISMAP_RETURN_IF_ERROR(MaybeFlush());
          continue;  // renewed: valid well past today
        }
      }
      if (due && u >= p_renewed && u < p_pending && room) {
        // A renewal filed in time, still with the evaluator: renewal_pending once past valid_until.
        const domain::Date latest = std::min(r.valid_until, domain::AddDays(today_, -1));
        const domain::Date filed = domain::AddDays(latest, -rng_.Between(0, 50));
        const core::TimePoint submitted = domain::StartOfJapanDay(filed) + std::chrono::hours(rng_.Between(9, 17));
        ISMAP_ASSIGN_OR_RETURN(
            auto app, Create(*body, ApplicationPurpose::kRenewal, id, DaysBefore(submitted, rng_.Between(3, 20))));
        ISMAP_RETURN_IF_ERROR(Submit(app, submitted, false));
        const core::TimePoint start = DaysAfter(submitted, rng_.Between(1, 10));
        if (start < now_ && rng_.Chance(0.5)) {
          ISMAP_RETURN_IF_ERROR(StartEvaluation(app, start));
          ISMAP_RETURN_IF_ERROR(Mark(app, rng_.Between(0, 4), 0));
        }
        ++final_states_[app.a.state];
        ISMAP_RETURN_IF_ERROR(MaybeFlush());
        continue;
      }
      if (r.valid_until < today_) {
        // No renewal: the daily job expired it the day after its validity ended.
        const domain::Date expired_on = domain::AddDays(r.valid_until, 1);
        ISMAP_ASSIGN_OR_RETURN(auto next, domain::ApplyExpiry(r, r.version, expired_on));
        ISMAP_RETURN_IF_ERROR(uow_->Registrations().Update(next, r.version, expired_on));
        ISMAP_RETURN_IF_ERROR(RegistrationEvent(Principal::Operator(),
                                                domain::ToString(domain::RegistrationEvent::kExpire), next,
                                                {{"on", DateText(expired_on)}}));
        continue;
      }
      // Active and not renewing: a few suspended, revoked or withdrawn by the committee.
      const double v = rng_.Unit();
      std::optional<std::pair<DecisionOutcome, domain::RegistrationEvent>> action;
      if (v < 0.05) {
        action = {DecisionOutcome::kSuspend, domain::RegistrationEvent::kSuspend};
      } else if (v < 0.06) {
        action = {DecisionOutcome::kRevoke, domain::RegistrationEvent::kRevoke};
      } else if (v < 0.07) {
        action = {DecisionOutcome::kWithdraw, domain::RegistrationEvent::kWithdraw};
      }
      if (action) {
        auto candidates = PastMeetingsBetween(domain::AddDays(changed, 30), today_);
        if (!candidates.empty()) {
          domain::Meeting& meeting = meetings_[rng_.Pick(candidates)];
          const auto item = domain::AgendaItem::ForRegistration(kAb, id);
          ISMAP_RETURN_IF_ERROR(Agenda(meeting, item, DaysBefore(MeetingTime(meeting.date), rng_.Between(3, 15))));
          ISMAP_ASSIGN_OR_RETURN(auto decision,
                                 Decide(meeting, item, action->first, "監査品質に関する重大な指摘があったため。"));
          ISMAP_RETURN_IF_ERROR(DecideRegistration(id, decision, action->second));
        }
      }
      ISMAP_RETURN_IF_ERROR(MaybeFlush());
    }
    return Flush();
  }

  // --- C: every other new application ----------------------------------------------------------
  core::Result<void> OtherApplications(int count) {
    if (count <= 0) {
      return core::Ok();
    }
    const std::vector<std::pair<ApplicationState, double>> weights = {
        {ApplicationState::kSubmitted, 0.34},   {ApplicationState::kUnderEvaluation, 0.22},
        {ApplicationState::kDraft, 0.12},       {ApplicationState::kReturned, 0.08},
        {ApplicationState::kRecommended, 0.04}, {ApplicationState::kCommittee, 0.02},
        {ApplicationState::kRejected, 0.07},    {ApplicationState::kWithdrawn, 0.11}};
    std::vector<ApplicationState> plan;
    for (const auto& [state, w] : weights) {
      plan.insert(plan.end(), static_cast<std::size_t>(count * w), state);
    }
    while (plan.size() < static_cast<std::size_t>(count)) {
      plan.push_back(ApplicationState::kSubmitted);
    }
    rng_.Shuffle(plan);
    const std::size_t upcoming = past_meetings_;  // the next meeting
    for (const auto state : plan) {
      const Body& body = bodies_[rng_.Below(bodies_.size())];
      ISMAP_RETURN_IF_ERROR(OneApplication(body, state, upcoming));
      ISMAP_RETURN_IF_ERROR(MaybeFlush());
    }
    return core::Ok();
  }

  core::Result<void> OneApplication(const Body& body, ApplicationState state, std::size_t upcoming) {
    const auto ago = [this](double days) { return DaysBefore(now_, days); };
    // Waiting times in the queue: most recent, a tail of old ones (u^2 skews towards now).
    const double u = rng_.Unit();
    switch (state) {
      case ApplicationState::kDraft: {
        auto app = Create(body, ApplicationPurpose::kNew, std::nullopt, ago(rng_.Between(0, 120)));
        if (!app) {
          return app.error();
        }
        break;
      }
      case ApplicationState::kSubmitted: {
        const core::TimePoint at = ago(1 + 240 * u * u);
        if (rng_.Chance(0.25)) {  // came back after a return
          const core::TimePoint returned = DaysBefore(at, rng_.Between(5, 30));
          const core::TimePoint started = DaysBefore(returned, rng_.Between(5, 30));
          const core::TimePoint submitted = DaysBefore(started, rng_.Between(1, 20));
          ISMAP_ASSIGN_OR_RETURN(auto app, Create(body, ApplicationPurpose::kNew, std::nullopt,
                                                  DaysBefore(submitted, rng_.Between(3, 30))));
          ISMAP_RETURN_IF_ERROR(Submit(app, submitted, false));
          ISMAP_RETURN_IF_ERROR(StartEvaluation(app, started));
          ISMAP_RETURN_IF_ERROR(Mark(app, 3, 1));
          ISMAP_RETURN_IF_ERROR(Return(app, returned));
          ISMAP_RETURN_IF_ERROR(Submit(app, at, true));
        } else {
          ISMAP_ASSIGN_OR_RETURN(
              auto app, Create(body, ApplicationPurpose::kNew, std::nullopt, DaysBefore(at, rng_.Between(3, 30))));
          ISMAP_RETURN_IF_ERROR(Submit(app, at, false));
        }
        break;
      }
      case ApplicationState::kUnderEvaluation: {
        const core::TimePoint at = ago(1 + 180 * u * u);
        const core::TimePoint submitted = DaysBefore(at, rng_.Between(1, 30));
        ISMAP_ASSIGN_OR_RETURN(
            auto app, Create(body, ApplicationPurpose::kNew, std::nullopt, DaysBefore(submitted, rng_.Between(3, 30))));
        ISMAP_RETURN_IF_ERROR(Submit(app, submitted, false));
        ISMAP_RETURN_IF_ERROR(StartEvaluation(app, at));
        ISMAP_RETURN_IF_ERROR(Mark(app, rng_.Between(0, static_cast<int>(set_.items.size())), 0));
        break;
      }
      case ApplicationState::kReturned: {
        const core::TimePoint at = ago(rng_.Between(0, 150));
        const core::TimePoint started = DaysBefore(at, rng_.Between(5, 40));
        const core::TimePoint submitted = DaysBefore(started, rng_.Between(1, 20));
        ISMAP_ASSIGN_OR_RETURN(
            auto app, Create(body, ApplicationPurpose::kNew, std::nullopt, DaysBefore(submitted, rng_.Between(3, 30))));
        ISMAP_RETURN_IF_ERROR(Submit(app, submitted, false));
        ISMAP_RETURN_IF_ERROR(StartEvaluation(app, started));
        ISMAP_RETURN_IF_ERROR(Mark(app, rng_.Between(1, static_cast<int>(set_.items.size())), 1));
        ISMAP_RETURN_IF_ERROR(Return(app, at));
        break;
      }
      case ApplicationState::kRecommended: {
        const auto outcome =
            rng_.Chance(0.85) ? domain::RecommendationOutcome::kApprove : domain::RecommendationOutcome::kReject;
        auto app =
            ThroughRecommendation(body, ApplicationPurpose::kNew, std::nullopt, outcome, ago(rng_.Between(1, 45)));
        if (!app) {
          return app.error();
        }
        break;
      }
      case ApplicationState::kCommittee: {
        const core::TimePoint on_agenda = ago(rng_.Between(0, 20));
        ISMAP_ASSIGN_OR_RETURN(auto app, ThroughRecommendation(body, ApplicationPurpose::kNew, std::nullopt,
                                                               domain::RecommendationOutcome::kApprove,
                                                               DaysBefore(on_agenda, rng_.Between(1, 10))));
        domain::Meeting& meeting = meetings_[upcoming];
        ISMAP_RETURN_IF_ERROR(Agenda(meeting, domain::AgendaItem::ForApplication(kAb, app.a.id), on_agenda));
        ISMAP_RETURN_IF_ERROR(Step(app, ApplicationAction::PutOnAgenda(meeting.id), on_agenda, secretariat_, nullptr));
        break;
      }
      case ApplicationState::kRejected:
        return DecidedApplication(body, 1 + rng_.Below(past_meetings_ - 1), DecisionOutcome::kReject, std::nullopt);
      case ApplicationState::kWithdrawn: {
        const core::TimePoint at = ago(rng_.Between(1, 4 * 365));
        const int reached = rng_.Between(0, 3);  // draft, submitted, under evaluation, returned
        const core::TimePoint t3 = DaysBefore(at, rng_.Between(1, 20));
        const core::TimePoint t2 = DaysBefore(t3, rng_.Between(1, 20));
        const core::TimePoint t1 = DaysBefore(t2, rng_.Between(1, 20));
        ISMAP_ASSIGN_OR_RETURN(
            auto app, Create(body, ApplicationPurpose::kNew, std::nullopt, DaysBefore(t1, rng_.Between(3, 30))));
        if (reached >= 1) {
          ISMAP_RETURN_IF_ERROR(Submit(app, t1, false));
        }
        if (reached >= 2) {
          ISMAP_RETURN_IF_ERROR(StartEvaluation(app, t2));
          ISMAP_RETURN_IF_ERROR(Mark(app, 2, reached == 3 ? 1 : 0));
        }
        if (reached >= 3) {
          ISMAP_RETURN_IF_ERROR(Return(app, t3));
        }
        ISMAP_RETURN_IF_ERROR(Step(app, ApplicationAction::Withdraw("申請内容を見直すため取り下げます。"), at,
                                   body.admin, domain::kEventAuditBodyWithdrawn));
        break;
      }
      default:
        return core::MakeError(core::ErrorCode::kInternal, "bench.state", "no plan for this state");
    }
    if (state != ApplicationState::kRejected) {
      ++final_states_[state];
    }
    return core::Ok();
  }

  storage::Database& db_;
  Rng rng_;
  int batch_;
  core::SystemClock wall_;
  domain::Date today_;
  core::TimePoint now_;  // the synthetic times end at midnight today in Japan: same seed, same day, same rows
  app::AuditBodySettings settings_;
  domain::RequirementSet set_;
  std::unique_ptr<storage::UnitOfWork> uow_;
  int pending_ = 0;

  std::string password_hash_;
  Principal evaluator_, secretariat_, chair_;
  std::vector<domain::UserId> members_;
  std::vector<Body> bodies_;
  std::vector<domain::Meeting> meetings_;
  std::size_t past_meetings_ = 0;
  std::vector<std::pair<domain::RegistrationId, const Body*>> registered_;

  int organisations_ = 0, users_ = 0, created_ = 0, registrations_ = 0;
  std::int64_t events_ = 0;
  std::map<ApplicationState, int> final_states_;
  std::map<std::string, int> registration_status_;
};

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_audit_body_seed --database sqlite:PATH|postgresql://... [--bodies N] "
               "[--applications N] [--seed N] [--batch N] [--session-file PATH]\n");
  return 2;
}

// Logs the seeded evaluator in (no second factor) and writes "TOKEN CSRF\n" to `path`, owner-only.
core::Result<void> WriteSession(storage::Database& db, const core::Clock& clock, const std::string& path) {
  ISMAP_ASSIGN_OR_RETURN(auto grant, app::LogInWithPassword(db, clock, BenchIdentitySettings(), kEvaluatorEmail,
                                                            kEvaluatorPassword, "127.0.0.1"));
  if (grant.stage != domain::SessionStage::kAuthenticated) {
    return core::MakeError(core::ErrorCode::kInternal, "bench.session_stage",
                           "the evaluator's session is not fully authenticated");
  }
  const mode_t old_mask = ::umask(077);
  std::FILE* f = std::fopen(path.c_str(), "w");
  ::umask(old_mask);
  if (f == nullptr) {
    return core::MakeError(core::ErrorCode::kInternal, "bench.session_file", "cannot write " + path);
  }
  const bool written = std::fprintf(f, "%s %s\n", grant.token.c_str(), grant.csrf_token.c_str()) > 0;
  if (std::fclose(f) != 0 || !written) {
    return core::MakeError(core::ErrorCode::kInternal, "bench.session_file", "cannot write " + path);
  }
  return core::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int bodies = 1000;
  int applications = 10000;
  std::uint64_t seed = 6;
  int batch = 500;
  std::string session_file;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) {
      return Usage();
    }
    const char* value = argv[++i];
    if (arg == "--database") {
      database = value;
    } else if (arg == "--bodies") {
      bodies = std::atoi(value);
    } else if (arg == "--applications") {
      applications = std::atoi(value);
    } else if (arg == "--seed") {
      seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--batch") {
      batch = std::atoi(value);
    } else if (arg == "--session-file") {
      session_file = value;
    } else {
      return Usage();
    }
  }
  if (database.empty() || bodies < 1 || bodies > 9999 || applications < 1 || batch < 1) {
    return Usage();
  }
  auto config = bench::ParseDatabase(database);
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().message.c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  auto db = storage::OpenDatabase(*config);
  if (!db) {
    std::fprintf(stderr, "cannot open %s: %s\n", database.c_str(), db.error().message.c_str());
    return 1;
  }
  const core::SystemClock clock;
  if (auto init = app::InitializeSystem(**db, clock); !init) {
    std::fprintf(stderr, "cannot initialise %s: %s\n", database.c_str(), init.error().message.c_str());
    return 1;
  }
  Seeder seeder(**db, seed, batch);
  if (auto r = seeder.Run(bodies, applications); !r) {
    std::fprintf(stderr, "seeding failed: %s (%s)\n", r.error().message.c_str(), r.error().reason.c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto r = seeder.CountRegistrations(); !r) {
    std::fprintf(stderr, "cannot count: %s\n", r.error().message.c_str());
    return 1;
  }
  std::printf("seeded %s (%s, seed %llu)\n", (*db)->Describe().c_str(), config->kind.c_str(),
              static_cast<unsigned long long>(seed));
  seeder.Report();
  if (!session_file.empty()) {
    if (auto r = WriteSession(**db, clock, session_file); !r) {
      std::fprintf(stderr, "cannot log the evaluator in: %s (%s)\n", r.error().message.c_str(),
                   r.error().reason.c_str());
      return 1;
    }
    std::printf("evaluator %s logged in (no second factor); session and CSRF tokens in %s\n", kEvaluatorEmail,
                session_file.c_str());
  }
  std::printf("seeding took %.1f s\n", seconds);
  std::printf("result seed_seconds %.2f\n", seconds);
  return 0;
}
