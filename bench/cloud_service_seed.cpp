// ismap_cloud_service_seed: a synthetic, deterministic cloud service register for the issue 7
// benchmark (bench/cloud_service_benchmark.cpp, bench/cloud_services.sh).
//
//   ismap_cloud_service_seed --database sqlite:PATH|postgresql://... [--providers 300] [--services 2000]
//                            [--applications 10000] [--big-provider-applications 200] [--seed 7]
//                            [--batch 50]
//
// Into a fresh database (migrated here, as `ismap init` does), writes:
//   - an ISMAP-shaped criteria edition (key bench::kCloudEditionKey) of 1,159 items that are not
//     groups: chapter 3's 18 governance items, 26 management items in chapter 4, the skeleton's
//     shape of chapters 5-18 (37 categories, 121 control objectives, as
//     /work/shared/data/ismap/control-criteria-skeleton.json numbers them; the skeleton itself has
//     only the objectives) and 994 detailed controls under them (8 or 9 each, every seventh marked
//     mandatory, some with the .P/.B/.PB suffixes), tiers and rules from domain::ApplyIsmapRules.
//     Titles and texts are synthetic, not the official criteria;
//   - an operations support body with one reviewer (bench::kCloudReviewerEmail), an upcoming
//     committee meeting;
//   - --providers cloud service providers ("合成クラウド事業者0001", valid corporate numbers), each
//     with an administrator (admin@cspNNNN.seed.bench.ismap.example);
//   - --services services: provider 0001 owns enough of them (five applications each) for
//     --big-provider-applications applications, the dashboard's worst case; the others are spread
//     over the other providers at random;
//   - one statement per service against the edition, with an entry for every one of the 1,159
//     items: mandatory ones adopted, about 92% of the objectives and 75% of the selectable detailed
//     controls adopted with an implementation text of about 80 Japanese characters, the rest
//     excluded with a reason; submitted, except for about 5% of the services whose applications
//     are all drafts. Provider 0001's first service also has a draft revision 2 (a copy of its
//     submitted revision 1): the statement the benchmark saves;
//   - --applications cloud service applications in every state: about half waiting in the
//     reviewers' queue (submitted, acceptance check, technical review, additional audit,
//     recommended, on the agenda), the rest draft, returned, approved, rejected or withdrawn. Each
//     has its content (the service, its statement, the disclosures). A service's first approved
//     application registered it (a registration numbered from the default template, which the
//     service then records with its statement); its later applications are renewals or changes
//     of that registration.
//
// Rows are written through the storage repositories in the shape the use cases of
// app/cloud_services.hpp give them, many per transaction (--batch services with their statements
// and applications), without authorisation. Applications are stored directly in their final
// state, with the version and state_since the workflow would have left; the ledger gets one event
// per organisation, user, service, statement and application (their creation), not one per
// transition, and there are no audit engagements. Synthetic times end at midnight today in Japan,
// so two runs with the same seed on the same day write the same rows (password hash and ledger
// times aside). Refuses a database that already holds cloud service applications.
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

#include "app/authorization.hpp"
#include "app/cloud_services.hpp"
#include "app/ledger.hpp"
#include "app/system.hpp"
#include "bench_database.hpp"
#include "bench_seed.hpp"
#include "cloud_service_bench.hpp"
#include "core/clock.hpp"
#include "core/password.hpp"
#include "domain/application.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/date.hpp"
#include "domain/identity.hpp"
#include "domain/ledger.hpp"
#include "domain/organization.hpp"
#include "domain/statement.hpp"
#include "storage/database.hpp"

namespace {

using namespace ismap;
using app::Principal;
using bench::DaysBefore;
using bench::Pad;
using bench::Rng;
using domain::ApplicationKind;
using domain::ApplicationPurpose;
using domain::ApplicationState;
using nlohmann::json;

constexpr ApplicationKind kCs = ApplicationKind::kCloudService;
constexpr int kNonGroupItems = 1159;
constexpr int kGovernanceItems = 18;  // FACTS.md: chapter 3 has 18
// Management items per category of chapter 4 (4.4 to 4.10, after ISO/IEC 27001's clauses).
const std::vector<int> kManagementItems = {4, 3, 6, 5, 3, 3, 2};
// Objectives per category of chapters 5 to 18, as the skeleton numbers them.
const std::vector<std::vector<int>> kObjectives = {
    {2},    {5, 2, 1}, {2, 3, 1}, {5, 3, 3}, {2, 6, 1, 5, 2}, {2},   {6, 9}, {5, 1, 1, 5, 1, 2, 1},
    {4, 4}, {3, 9, 1}, {3, 2},    {7},       {3, 1},          {5, 3}};
// The share of applications in each state.
const std::vector<std::pair<ApplicationState, double>> kStateShares = {
    {ApplicationState::kSubmitted, 0.14},       {ApplicationState::kAcceptanceCheck, 0.10},
    {ApplicationState::kTechnicalReview, 0.14}, {ApplicationState::kAdditionalAudit, 0.05},
    {ApplicationState::kRecommended, 0.04},     {ApplicationState::kCommittee, 0.02},
    {ApplicationState::kDraft, 0.10},           {ApplicationState::kReturned, 0.08},
    {ApplicationState::kApproved, 0.20},        {ApplicationState::kRejected, 0.05},
    {ApplicationState::kWithdrawn, 0.08}};

// Pieces of implementation texts: one of each makes about 80 characters.
const std::vector<std::string> kWho = {"当社の情報セキュリティ委員会は、",       "クラウド運用部門は、",
                                       "最高情報セキュリティ責任者の指示の下、", "サービス基盤チームは、",
                                       "内部監査室と連携して運用部門は、",       "セキュリティ運用センターは、"};
const std::vector<std::string> kWhat = {
    "本管理策に関する手順書及び管理台帳を整備し、", "対象となる全ての本番環境及び管理端末について、",
    "利用者データを取り扱う全ての構成要素を対象として、", "委託先を含む関係者の役割と責任を明確に定めたうえで、",
    "リスク評価の結果に基づき定めた管理基準に従って、"};
const std::vector<std::string> kHow = {
    "設定状況を自動化ツールで日次に点検し、", "変更の都度、承認された手順に従って実施し、",
    "四半期ごとに有効性をレビューして必要な是正を行い、", "年一回以上、第三者による点検を受け、",
    "逸脱を検知した場合は二十四時間以内に対応し、"};
const std::vector<std::string> kRecord = {"その結果を記録として三年間保存している。", "結果を経営陣に報告している。",
                                          "記録を監査証跡として保管している。", "是正の完了まで追跡管理している。"};
const std::vector<std::string> kReasons = {
    "当サービスでは物理媒体を取り扱わないため、本管理策は適用対象外とする。",
    "利用者による開発環境を提供しておらず、該当する業務が存在しないため除外する。",
    "データセンター事業者の管理範囲であり、当社の言明の対象範囲に含まれないため。",
    "リスク評価の結果、代替の管理策（同一章の他の管理策）で十分に低減されているため。",
    "モバイル機器による業務を認めていないため、本管理策の対象となる資産がない。"};

struct Provider {
  domain::OrganizationId id;
  int number = 0;
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

  core::Result<void> Run(int providers, int services, int applications, int big_applications) {
    ISMAP_RETURN_IF_ERROR(Begin());
    ISMAP_ASSIGN_OR_RETURN(auto existing, uow_->ServiceApplications().CountLines(std::nullopt, {}));
    if (existing > 0) {
      return core::MakeError(core::ErrorCode::kFailedPrecondition, "bench.not_fresh",
                             "the database already holds cloud service applications: seed a fresh one");
    }
    ISMAP_RETURN_IF_ERROR(CreateEdition());
    ISMAP_RETURN_IF_ERROR(CreatePeople(providers));
    ISMAP_RETURN_IF_ERROR(Flush());

    // Which provider owns each service: provider 0001 enough for its applications, five each.
    const int big_services = std::min(services, std::max(1, (big_applications + 4) / 5));
    std::vector<std::size_t> owner(static_cast<std::size_t>(services), 0);
    for (std::size_t s = static_cast<std::size_t>(big_services); s < owner.size(); ++s) {
      owner[s] = providers_.size() > 1 ? 1 + rng_.Below(providers_.size() - 1) : 0;
    }
    // The applications' states, shuffled, then their services: provider 0001's first.
    std::vector<ApplicationState> plan;
    for (const auto& [state, share] : kStateShares) {
      plan.insert(plan.end(), static_cast<std::size_t>(applications * share), state);
    }
    while (plan.size() < static_cast<std::size_t>(applications)) {
      plan.push_back(ApplicationState::kSubmitted);
    }
    rng_.Shuffle(plan);
    std::vector<std::vector<ApplicationState>> per_service(owner.size());
    const int big = std::min(big_applications, applications);
    for (int i = 0; i < applications; ++i) {
      const std::size_t s =
          i < big ? static_cast<std::size_t>(i % big_services)
                  : (services > big_services ? static_cast<std::size_t>(big_services) +
                                                   rng_.Below(static_cast<std::uint64_t>(services - big_services))
                                             : static_cast<std::size_t>(i % services));
      per_service[s].push_back(plan[static_cast<std::size_t>(i)]);
    }
    for (std::size_t s = 0; s < owner.size(); ++s) {
      ISMAP_RETURN_IF_ERROR(OneService(providers_[owner[s]], static_cast<int>(s) + 1, per_service[s], s == 0));
      if (++pending_ >= batch_) {
        ISMAP_RETURN_IF_ERROR(Flush());
      }
    }
    ISMAP_RETURN_IF_ERROR(uow_->Commit());
    uow_.reset();
    return core::Ok();
  }

  void Report() const {
    std::printf("edition %s: %d items that are not groups, %d groups\n", bench::kCloudEditionKey, items_, groups_);
    std::printf(
        "written: %d organisations, %d users, %d services, %d statements (%lld entries, %.1f MB of entry text), "
        "%d applications, %d registrations, %lld ledger events\n",
        organisations_, users_, services_, statements_, static_cast<long long>(entries_),
        static_cast<double>(entry_bytes_) / 1e6, created_, registrations_, static_cast<long long>(events_));
    std::printf("applications by state:");
    int queue = 0;
    for (const auto& [state, n] : final_states_) {
      std::printf(" %s=%d", std::string(domain::ToString(state)).c_str(), n);
      if (state == ApplicationState::kSubmitted || state == ApplicationState::kAcceptanceCheck ||
          state == ApplicationState::kTechnicalReview || state == ApplicationState::kAdditionalAudit ||
          state == ApplicationState::kRecommended || state == ApplicationState::kCommittee) {
        queue += n;
      }
    }
    std::printf("\nreviewers' queue: %d applications; provider 0001: %d services, %d applications\n", queue,
                big_services_, big_applications_);
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
  core::Result<void> Record(const Principal& who, std::string type, std::string subject, const json& payload) {
    ++events_;
    return app::RecordEvent(*uow_, wall_, who.ActorName(), who.OrganizationId(), std::move(type), std::move(subject),
                            payload.dump());
  }

  // --- the edition ----------------------------------------------------------------------------
  static domain::Control Item(const std::string& id, std::optional<std::string> parent, const std::string& what_ja,
                              const std::string& what_en) {
    domain::Control c;
    c.id = id;
    c.parent_id = std::move(parent);
    c.title_ja = what_ja + " " + id;
    c.title_en = what_en + " " + id;
    return c;
  }

  core::Result<void> CreateEdition() {
    domain::EditionContent edition;
    edition.info.key = bench::kCloudEditionKey;
    edition.info.scheme = "ismap";
    edition.info.version = "bench-1159";
    edition.info.source = "ismap_cloud_service_seed (synthetic)";
    edition.info.format = domain::SourceFormat::kSkeleton;
    edition.info.title_ja = "ISMAP管理基準 合成版（ベンチマーク用、1,159項目）";
    edition.info.title_en = "ISMAP criteria, synthetic (benchmark, 1,159 items)";
    auto& controls = edition.controls;
    const auto text = [](const std::string& id) {
      return "組織は、" + id + "に定める事項について、方針及び手順を定め、実施し、その有効性を定期的に評価すること。";
    };
    const auto add = [&](domain::Control c, bool group) {
      if (!group) {
        c.text_ja = text(c.id);
        c.text_en = "The organisation shall define, implement and periodically review what " + c.id + " requires.";
      }
      controls.push_back(std::move(c));
    };
    // Chapter 3: three categories of six governance items.
    add(Item("3", std::nullopt, "ガバナンス基準", "Governance criteria"), true);
    for (int g = 1; g <= 3; ++g) {
      const std::string cat = "3." + std::to_string(g);
      add(Item(cat, "3", "ガバナンス区分", "Governance category"), true);
      for (int i = 1; i <= kGovernanceItems / 3; ++i) {
        add(Item(cat + "." + std::to_string(i), cat, "ガバナンス項目", "Governance item"), false);
      }
    }
    // Chapter 4: the management items.
    add(Item("4", std::nullopt, "マネジメント基準", "Management criteria"), true);
    int management = 0;
    for (std::size_t g = 0; g < kManagementItems.size(); ++g) {
      const std::string cat = "4." + std::to_string(g + 4);
      add(Item(cat, "4", "マネジメント区分", "Management category"), true);
      for (int i = 1; i <= kManagementItems[g]; ++i, ++management) {
        add(Item(cat + "." + std::to_string(i), cat, "マネジメント項目", "Management item"), false);
      }
    }
    // Chapters 5-18: objectives, and detailed controls to make 1,159 items.
    int objectives = 0;
    for (const auto& chapter : kObjectives) {
      for (int n : chapter) {
        objectives += n;
      }
    }
    const int detailed = kNonGroupItems - kGovernanceItems - management - objectives;
    int objective_index = 0;
    int detailed_index = 0;
    for (std::size_t c = 0; c < kObjectives.size(); ++c) {
      const std::string chapter = std::to_string(c + 5);
      add(Item(chapter, std::nullopt, "管理策基準 章", "Control-measure chapter"), true);
      for (std::size_t g = 0; g < kObjectives[c].size(); ++g) {
        const std::string cat = chapter + "." + std::to_string(g + 1);
        add(Item(cat, chapter, "管理策区分", "Control category"), true);
        for (int o = 1; o <= kObjectives[c][g]; ++o, ++objective_index) {
          const std::string objective = cat + "." + std::to_string(o);
          add(Item(objective, cat, "統制目標", "Control objective"), false);
          const int count = detailed / objectives + (objective_index < detailed % objectives ? 1 : 0);
          for (int d = 1; d <= count; ++d, ++detailed_index) {
            std::string id = objective + "." + std::to_string(d);
            if (detailed_index % 29 == 5) {
              id += ".PB";
            } else if (detailed_index % 13 == 3) {
              id += ".P";
            } else if (detailed_index % 17 == 8) {
              id += ".B";
            }
            domain::Control control = Item(id, objective, "詳細管理策", "Detailed control");
            if (detailed_index % 7 == 0) {
              control.rule = domain::MandatoryRule::kMandatory;  // the edition marks the important ones
            }
            add(std::move(control), false);
          }
        }
      }
    }
    domain::ApplyIsmapRules(&edition);
    ISMAP_RETURN_IF_ERROR(domain::ValidateEdition(edition));
    for (const auto& control : edition.controls) {
      (control.is_group ? groups_ : items_) += 1;
    }
    if (items_ != kNonGroupItems) {
      return core::MakeError(core::ErrorCode::kInternal, "bench.edition",
                             "the edition has " + std::to_string(items_) + " items, not 1,159");
    }
    ISMAP_ASSIGN_OR_RETURN(edition_, uow_->Catalog().InsertEdition(edition, DaysBefore(now_, 3 * 365)));
    edition_content_ = std::move(edition);
    return core::Ok();
  }

  // --- organisations and users ----------------------------------------------------------------
  core::Result<domain::Organization> Organisation(domain::OrganizationKind kind, std::string ja, std::string en) {
    domain::NewOrganization input{kind, std::move(ja), std::move(en), std::nullopt};
    if (domain::RequiresCorporateNumber(kind)) {
      input.corporate_number = bench::CorporateNumber(rng_);
    }
    ISMAP_RETURN_IF_ERROR(domain::ValidateNewOrganization(input));
    ISMAP_ASSIGN_OR_RETURN(auto org, uow_->Organizations().Insert(input, DaysBefore(now_, 5 * 365)));
    ++organisations_;
    ISMAP_RETURN_IF_ERROR(Record(Principal::Operator(), domain::kEventOrganizationCreated,
                                 "organization/" + std::to_string(org.id.value()),
                                 {{"kind", domain::ToString(org.kind)},
                                  {"name_ja", org.name_ja},
                                  {"name_en", org.name_en},
                                  {"corporate_number", org.corporate_number ? json(*org.corporate_number) : json()}}));
    return org;
  }

  core::Result<Principal> User(const domain::Organization& org, std::string email, std::string name,
                               domain::Role role) {
    domain::NewUser input{org.id, domain::NormalizeEmail(email), std::move(name), {role}};
    ISMAP_RETURN_IF_ERROR(domain::ValidateNewUser(input, org.kind));
    ISMAP_ASSIGN_OR_RETURN(auto user, uow_->Users().Insert(input, password_hash_, DaysBefore(now_, 5 * 365)));
    ++users_;
    ISMAP_RETURN_IF_ERROR(Record(Principal::Operator(), "user.created", "user/" + std::to_string(user.id.value()),
                                 {{"email", user.email},
                                  {"organization_id", org.id.value()},
                                  {"roles", json::array({domain::ToString(role)})}}));
    return Principal::ForUser(user, org.kind);
  }

  core::Result<void> CreatePeople(int providers) {
    // Nobody logs in: one hash of a random password, with the server's default parameters, serves all.
    ISMAP_ASSIGN_OR_RETURN(password_hash_,
                           core::HashPassword(core::RandomPassword(), bench::BenchIdentitySettings().hashing));
    using K = domain::OrganizationKind;
    ISMAP_ASSIGN_OR_RETURN(
        auto support, Organisation(K::kOperationsSupportBody, "合成運用支援機関", "Synthetic Operations Support Body"));
    ISMAP_ASSIGN_OR_RETURN(auto reviewer,
                           User(support, bench::kCloudReviewerEmail, "審査 担当", domain::Role::kReviewer));
    (void)reviewer;
    ISMAP_ASSIGN_OR_RETURN(meeting_, uow_->Committee().InsertMeeting(domain::AddDays(today_, 14), now_));
    for (int p = 1; p <= providers; ++p) {
      ISMAP_ASSIGN_OR_RETURN(
          auto org, Organisation(K::kCsp, "合成クラウド事業者" + Pad(p, 4), "Synthetic Cloud Provider " + Pad(p, 4)));
      ISMAP_ASSIGN_OR_RETURN(auto admin, User(org, "admin@csp" + Pad(p, 4) + ".seed.bench.ismap.example",
                                              "管理 担当" + Pad(p, 4), domain::Role::kCspAdmin));
      providers_.push_back({org.id, p, admin});
    }
    return core::Ok();
  }

  // --- services, statements, applications -----------------------------------------------------
  std::string Implementation() { return rng_.Pick(kWho) + rng_.Pick(kWhat) + rng_.Pick(kHow) + rng_.Pick(kRecord); }

  domain::Statement MakeStatement(const domain::CloudService& service, int number, bool submitted) {
    domain::Statement st;
    st.service = service.id;
    st.provider = service.provider;
    st.revision = 1;
    st.edition = edition_.id;
    st.scope = service.name_ja + "のサービス基盤、運用管理業務及び利用者サポート（東京・大阪リージョン）";
    st.system_overview =
        service.name_ja +
        "は、複数のデータセンターに分散配置した仮想化基盤上で提供するクラウドサービスであり、"
        "利用者は管理ポータル及びAPIを通じて資源を利用する。運用は当社の運用センターが二十四時間体制で行う。";
    st.representative = "代表取締役社長 合成 太郎" + Pad(number, 4);
    // At most a year, ended at least 55 days ago; written (and submitted) 5 to 40 days after.
    const domain::Date first = domain::AddDays(today_, -rng_.Between(420, 900));
    st.period = {first, domain::AddMonthsCivil(first, rng_.Between(6, 12))};
    st.subsequent_events = rng_.Chance(0.1) ? "監査対象期間終了後、東京リージョンのデータセンターを移転した。" : "";
    st.entries.reserve(static_cast<std::size_t>(kNonGroupItems));
    for (const auto& control : edition_content_.controls) {
      if (control.is_group) {
        continue;
      }
      domain::StatementEntry entry;
      entry.control_id = control.id;
      switch (control.rule) {
        case domain::MandatoryRule::kMandatory:
          entry.adopted = true;
          break;
        case domain::MandatoryRule::kUnlessExcluded:
          entry.adopted = rng_.Chance(0.92);
          break;
        default:
          entry.adopted = rng_.Chance(0.75);
          break;
      }
      if (entry.adopted) {
        entry.implementation = Implementation();
      } else {
        entry.reason = rng_.Pick(kReasons);
      }
      entry_bytes_ +=
          static_cast<std::int64_t>(entry.control_id.size() + entry.implementation.size() + entry.reason.size());
      st.entries.push_back(std::move(entry));
    }
    entries_ += static_cast<std::int64_t>(st.entries.size());
    const core::TimePoint written = domain::StartOfJapanDay(domain::AddDays(st.period.last, rng_.Between(5, 40)));
    st.updated_at = written;
    if (submitted) {
      st.state = domain::StatementState::kSubmitted;
      st.version = 2;
      st.submitted_at = written;
    }
    return st;
  }

  static bool Closed(ApplicationState s) {
    return s == ApplicationState::kApproved || s == ApplicationState::kRejected || s == ApplicationState::kWithdrawn;
  }

  // The version a cloud service application has after the usual path to `state`.
  static std::int64_t VersionIn(ApplicationState state) {
    switch (state) {
      case ApplicationState::kDraft:
        return 1;
      case ApplicationState::kSubmitted:
        return 2;
      case ApplicationState::kAcceptanceCheck:
        return 3;
      case ApplicationState::kTechnicalReview:
      case ApplicationState::kReturned:
      case ApplicationState::kWithdrawn:
        return 4;
      case ApplicationState::kAdditionalAudit:
      case ApplicationState::kRecommended:
        return 5;
      case ApplicationState::kCommittee:
        return 6;
      default:
        return 7;
    }
  }

  core::Result<void> OneService(const Provider& provider, int number, std::vector<ApplicationState> states,
                                bool benchmark_draft) {
    domain::CloudService service;
    service.provider = provider.id;
    service.name_ja = "合成クラウド" + Pad(number, 4);
    service.name_en = "Synthetic Cloud " + Pad(number, 4);
    service.description = "ベンチマーク用の合成クラウドサービス。仮想サーバ、ストレージ及び管理ポータルを提供する。";
    service.model = static_cast<domain::ServiceModel>(rng_.Below(3));
    service.deployment = domain::DeploymentModel::kPublic;
    service.regions = rng_.Chance(0.7) ? std::vector<std::string>{"東京", "大阪"} : std::vector<std::string>{"東京"};
    service.track = rng_.Chance(0.1) ? domain::Track::kLiu : domain::Track::kIsmap;
    ISMAP_RETURN_IF_ERROR(domain::ValidateService(service));
    ISMAP_ASSIGN_OR_RETURN(service, uow_->Services().Insert(service, DaysBefore(now_, rng_.Between(800, 1500))));
    ++services_;
    ISMAP_RETURN_IF_ERROR(Record(provider.admin, "service.created", "service/" + std::to_string(service.id.value()),
                                 {{"name_ja", service.name_ja}, {"name_en", service.name_en}}));
    if (provider.number == 1) {
      ++big_services_;
      big_applications_ += static_cast<int>(states.size());
    }

    // Only drafts (or nothing) so far: the statement may still be a draft too.
    const bool all_drafts =
        std::all_of(states.begin(), states.end(), [](ApplicationState s) { return s == ApplicationState::kDraft; });
    const bool submitted = benchmark_draft || !all_drafts || !rng_.Chance(0.5);
    ISMAP_ASSIGN_OR_RETURN(auto statement, uow_->Statements().Insert(MakeStatement(service, number, submitted)));
    ++statements_;
    ISMAP_RETURN_IF_ERROR(Record(provider.admin, submitted ? "statement.submitted" : "statement.started",
                                 "statement/" + std::to_string(statement.id.value()),
                                 {{"service", service.id.value()}, {"revision", statement.revision}}));
    if (benchmark_draft) {
      ISMAP_ASSIGN_OR_RETURN(auto draft, domain::NextDraft(statement, 2, DaysBefore(now_, 2)));
      ISMAP_ASSIGN_OR_RETURN(draft, uow_->Statements().Insert(draft));
      ++statements_;
      entries_ += static_cast<std::int64_t>(draft.entries.size());
      ISMAP_RETURN_IF_ERROR(Record(provider.admin, "statement.started", "statement/" + std::to_string(draft.id.value()),
                                   {{"service", service.id.value()}, {"revision", draft.revision}}));
    }

    // Closed applications first (older), then the open ones; times over the last four years.
    std::stable_sort(states.begin(), states.end(),
                     [](ApplicationState a, ApplicationState b) { return Closed(a) && !Closed(b); });
    std::vector<core::TimePoint> since;
    std::vector<double> closed_ago;
    for (auto s : states) {
      if (Closed(s)) {
        closed_ago.push_back(rng_.Between(60, 4 * 365));
      }
    }
    std::sort(closed_ago.rbegin(), closed_ago.rend());  // oldest first
    std::size_t closed_i = 0;
    for (auto s : states) {
      const double u = rng_.Unit();
      double ago = 0;
      if (Closed(s)) {
        ago = closed_ago[closed_i++];
      } else if (s == ApplicationState::kDraft) {
        ago = rng_.Between(0, 120);
      } else {
        ago = 0.5 + 240 * u * u;  // mostly recent, a tail of old ones
      }
      since.push_back(DaysBefore(now_, ago));
    }

    // The registration: from the first approval, valid 16 months past the latest one.
    std::optional<domain::Registration> registration;
    std::optional<core::TimePoint> first_approval, last_approval;
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (states[i] == ApplicationState::kApproved) {
        if (!first_approval) {
          first_approval = since[i];
        }
        last_approval = since[i];
      }
    }
    if (first_approval) {
      domain::Registration r;
      r.register_kind = kCs;
      r.holder = provider.id;
      r.registered_on = domain::JapanDate(*first_approval);
      r.valid_until = domain::AddMonthsCivil(domain::AddDays(domain::JapanDate(*last_approval), 1), 16);
      ISMAP_ASSIGN_OR_RETURN(auto serial, uow_->Registrations().NextSerial(kCs, r.registered_on.year));
      ISMAP_ASSIGN_OR_RETURN(r.number, settings_.number_template.Format(r.registered_on.year, serial));
      ISMAP_ASSIGN_OR_RETURN(registration, uow_->Registrations().Insert(r, *first_approval));
      ++registrations_;
      const std::int64_t version = service.version;
      service.registration_id = registration->id;
      service.registered_statement = statement.id;
      service.version = version + 1;
      ISMAP_RETURN_IF_ERROR(uow_->Services().Update(service, version));
    }

    bool registered_yet = false;
    for (std::size_t i = 0; i < states.size(); ++i) {
      const ApplicationState state = states[i];
      ApplicationPurpose purpose = ApplicationPurpose::kNew;
      std::optional<domain::RegistrationId> reg;
      if (registered_yet) {
        purpose = rng_.Chance(0.5) ? ApplicationPurpose::kRenewal : ApplicationPurpose::kChange;
        reg = registration->id;
      }
      const core::TimePoint created = DaysBefore(since[i], state == ApplicationState::kDraft ? 0 : rng_.Between(3, 40));
      ISMAP_ASSIGN_OR_RETURN(auto app, domain::NewApplication(kCs, purpose, provider.id, reg, created));
      app.state = state;
      app.version = VersionIn(state);
      app.state_since = since[i];
      switch (state) {
        case ApplicationState::kReturned:
          app.last_reason = "言明書の適用除外理由の記載が不十分なため差し戻します。";
          break;
        case ApplicationState::kAdditionalAudit:
          app.last_reason = "変更された管理策について追加監査を求めます。";
          break;
        case ApplicationState::kWithdrawn:
          app.last_reason = "サービス構成の見直しのため取り下げます。";
          break;
        case ApplicationState::kRecommended:
        case ApplicationState::kCommittee:
        case ApplicationState::kApproved:
        case ApplicationState::kRejected:
          app.recommendation =
              domain::Recommendation{state == ApplicationState::kRejected ? domain::RecommendationOutcome::kReject
                                                                          : domain::RecommendationOutcome::kApprove,
                                     "技術的審査の結果、基本言明要件を満たしている。"};
          if (state == ApplicationState::kCommittee) {
            app.meeting_id = meeting_.id;
          }
          break;
        default:
          break;
      }
      ISMAP_ASSIGN_OR_RETURN(app, uow_->Applications().Insert(app, created));
      domain::ServiceApplicationContent content;
      content.service = service.id;
      if (state != ApplicationState::kDraft || statement.state == domain::StatementState::kSubmitted) {
        content.statement = statement.id;
      }
      content.disclosures = {"資本関係：当社は国内法人であり、外資比率は10%未満。役員に外国籍の者はいない。",
                             "利用者データは国内のデータセンターにのみ保存し、外国法の適用を受けるおそれは低い。",
                             "準拠法は日本法、第一審の専属的合意管轄裁判所は東京地方裁判所とする。",
                             "年一回、外部の専門事業者による侵入試験を実施している。",
                             "ISO/IEC 27001及びISO/IEC 27017の認証を取得している。"};
      ISMAP_RETURN_IF_ERROR(uow_->ServiceApplications().PutContent(app.id, content));
      ISMAP_RETURN_IF_ERROR(Record(provider.admin, "cloud_service.application_created",
                                   "application/" + std::to_string(app.id.value()),
                                   {{"service", service.id.value()}, {"purpose", domain::ToString(purpose)}}));
      ++created_;
      ++final_states_[state];
      if (state == ApplicationState::kApproved) {
        registered_yet = true;
      }
    }
    return core::Ok();
  }

  storage::Database& db_;
  Rng rng_;
  int batch_;
  core::SystemClock wall_;
  domain::Date today_;
  core::TimePoint now_;  // the synthetic times end at midnight today in Japan
  app::CloudServiceSettings settings_;
  std::unique_ptr<storage::UnitOfWork> uow_;
  int pending_ = 0;

  domain::Edition edition_;
  domain::EditionContent edition_content_;
  domain::Meeting meeting_;
  std::string password_hash_;
  std::vector<Provider> providers_;

  int items_ = 0, groups_ = 0;
  int organisations_ = 0, users_ = 0, services_ = 0, statements_ = 0, created_ = 0, registrations_ = 0;
  int big_services_ = 0, big_applications_ = 0;
  std::int64_t events_ = 0, entries_ = 0, entry_bytes_ = 0;
  std::map<ApplicationState, int> final_states_;
};

int Usage() {
  std::fprintf(stderr,
               "usage: ismap_cloud_service_seed --database sqlite:PATH|postgresql://... [--providers N] "
               "[--services N] [--applications N] [--big-provider-applications N] [--seed N] [--batch N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  int providers = 300;
  int services = 2000;
  int applications = 10000;
  int big_applications = 200;
  std::uint64_t seed = 7;
  int batch = 50;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) {
      return Usage();
    }
    const char* value = argv[++i];
    if (arg == "--database") {
      database = value;
    } else if (arg == "--providers") {
      providers = std::atoi(value);
    } else if (arg == "--services") {
      services = std::atoi(value);
    } else if (arg == "--applications") {
      applications = std::atoi(value);
    } else if (arg == "--big-provider-applications") {
      big_applications = std::atoi(value);
    } else if (arg == "--seed") {
      seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--batch") {
      batch = std::atoi(value);
    } else {
      return Usage();
    }
  }
  if (database.empty() || providers < 2 || providers > 9999 || services < 1 || services > 9999 || applications < 0 ||
      big_applications < 1 || batch < 1) {
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
  if (auto r = seeder.Run(providers, services, applications, big_applications); !r) {
    std::fprintf(stderr, "seeding failed: %s (%s)\n", r.error().message.c_str(), r.error().reason.c_str());
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("seeded %s (%s, seed %llu)\n", (*db)->Describe().c_str(), config->kind.c_str(),
              static_cast<unsigned long long>(seed));
  seeder.Report();
  std::printf("seeding took %.1f s\n", seconds);
  std::printf("result seed_seconds %.2f\n", seconds);
  return 0;
}
