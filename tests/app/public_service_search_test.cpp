// The public list's search (app/public_service_query.hpp): parameters read the same for the API and
// the pages, and CloudServices::SearchPublic on every backend — free text in Japanese and English
// through storage's index, every filter, every order, pages and the list on a past day.
#include "app/public_service_query.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <variant>

#include "app/public_version.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::app {
namespace {

using domain::Date;
using domain::RegistrationState;
using domain::ServiceModel;
using domain::Track;
using testing::IsOk;
using Parameters = std::vector<std::pair<std::string, std::string>>;

PublicQueryProblem ProblemOf(const Parameters& parameters) {
  auto parsed = ParsePublicServiceQuery(parameters, {"format"});
  EXPECT_TRUE(std::holds_alternative<PublicQueryProblem>(parsed));
  return std::holds_alternative<PublicQueryProblem>(parsed) ? std::get<PublicQueryProblem>(parsed)
                                                            : PublicQueryProblem{};
}

PublicServiceQuery QueryOf(const Parameters& parameters) {
  auto parsed = ParsePublicServiceQuery(parameters, {"format"});
  EXPECT_TRUE(std::holds_alternative<PublicServiceQuery>(parsed));
  return std::holds_alternative<PublicServiceQuery>(parsed) ? std::get<PublicServiceQuery>(parsed)
                                                            : PublicServiceQuery{};
}

TEST(PublicServiceQueryTest, ReadsEveryParameterAndWritesThemBackForLinks) {
  const auto q = QueryOf({{"q", "　ストレージ "},
                          {"track", "liu"},
                          {"model", "saas,iaas"},
                          {"status", "active,suspended"},
                          {"provider", "12"},
                          {"audit_body", "7"},
                          {"region", "東京"},
                          {"registered_since", "2025-04-01"},
                          {"on", "2026-01-31"},
                          {"sort", "-valid_until"},
                          {"page", "3"},
                          {"per_page", "25"},
                          {"format", "csv"}});
  EXPECT_EQ(q.text, "ストレージ");  // spaces at the ends, ideographic too, are dropped
  EXPECT_EQ(q.track, Track::kLiu);
  EXPECT_EQ(q.models, (std::set<ServiceModel>{ServiceModel::kIaas, ServiceModel::kSaas}));
  EXPECT_EQ(q.statuses, (std::set<domain::RegistrationStatus>{domain::RegistrationStatus::kActive,
                                                              domain::RegistrationStatus::kSuspended}));
  EXPECT_EQ(q.provider, domain::OrganizationId(12));
  EXPECT_EQ(q.audit_body, domain::OrganizationId(7));
  EXPECT_EQ(q.region, "東京");
  EXPECT_EQ(q.registered_since, (Date{2025, 4, 1}));
  EXPECT_EQ(q.on, (Date{2026, 1, 31}));
  EXPECT_EQ(q.sort, PublicServiceSort::kValidUntil);
  EXPECT_TRUE(q.descending);
  EXPECT_EQ(q.page, 3);
  EXPECT_EQ(q.per_page, 25);
  EXPECT_TRUE(q.Filtered());
  EXPECT_EQ(PublicQueryParameters(q), (Parameters{{"q", "ストレージ"},
                                                  {"track", "liu"},
                                                  {"model", "iaas,saas"},
                                                  {"status", "active,suspended"},
                                                  {"provider", "12"},
                                                  {"audit_body", "7"},
                                                  {"region", "東京"},
                                                  {"registered_since", "2025-04-01"},
                                                  {"sort", "-valid_until"}}));
  // A form's empty choices mean "any".
  const auto empty = QueryOf({{"q", ""},
                              {"track", ""},
                              {"model", ""},
                              {"status", ""},
                              {"provider", ""},
                              {"audit_body", ""},
                              {"region", " "},
                              {"registered_since", ""},
                              {"on", ""},
                              {"sort", ""},
                              {"page", ""},
                              {"per_page", ""}});
  EXPECT_FALSE(empty.Filtered());
  EXPECT_EQ(empty.on, std::nullopt);
  EXPECT_EQ(empty.page, 1);
  EXPECT_EQ(empty.per_page, kDefaultPublicPageSize);
  EXPECT_TRUE(PublicQueryParameters(empty).empty());
}

TEST(PublicServiceQueryTest, NamesTheParameterOfEveryBadInput) {
  const auto expect = [](const Parameters& parameters, const std::string& code, const std::string& parameter) {
    const auto problem = ProblemOf(parameters);
    EXPECT_EQ(problem.code, code) << parameters.front().first << "=" << parameters.front().second;
    EXPECT_EQ(problem.parameter, parameter);
  };
  expect({{"colour", "red"}}, "unknown_parameter", "colour");
  expect({{"on", "2026-02-30"}}, "invalid_parameter", "on");
  expect({{"on", "yesterday"}}, "invalid_parameter", "on");
  expect({{"registered_since", "2026/01/01"}}, "invalid_parameter", "registered_since");
  expect({{"track", "gold"}}, "invalid_parameter", "track");
  expect({{"model", "saas,faas"}}, "invalid_parameter", "model");
  expect({{"model", "saas,"}}, "invalid_parameter", "model");
  expect({{"status", "asleep"}}, "invalid_parameter", "status");
  expect({{"provider", "-3"}}, "invalid_parameter", "provider");
  expect({{"audit_body", "x"}}, "invalid_parameter", "audit_body");
  expect({{"sort", "price"}}, "invalid_parameter", "sort");
  expect({{"page", "0"}}, "invalid_parameter", "page");
  expect({{"per_page", "1001"}}, "invalid_parameter", "per_page");  // a huge page
  expect({{"per_page", "99999999999999999999"}}, "invalid_parameter", "per_page");
  expect({{"q", std::string(101, 'a')}}, "invalid_parameter", "q");
  expect({{"q", "a"}, {"q", "b"}}, "invalid_parameter", "q");  // repeated
  // A hundred characters of Japanese (300 bytes) is within the limit.
  std::string hundred;
  for (int i = 0; i < 100; ++i) {
    hundred += "あ";
  }
  EXPECT_EQ(QueryOf({{"q", hundred}}).text, hundred);
}

core::TimePoint NoonInJapan(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{3};
}

class PublicServiceSearchTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    seed_.emplace(*db_, clock_);
    testing::PortalSeeder& seed = *seed_;
    const auto cloud = seed.Organization(domain::OrganizationKind::kCsp, "さくらクラウド株式会社", "Sakura Cloud K.K.");
    const auto mail = seed.Organization(domain::OrganizationKind::kCsp, "メール配信合同会社", "Mail Delivery LLC");
    aoba_ = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人あおば", "Aoba Audit");
    const auto kaede = seed.Organization(domain::OrganizationKind::kAuditBody, "監査法人かえで", "Kaede Audit");
    mail_provider_ = mail;
    storage_ = seed.RegisteredService(cloud, aoba_, "オブジェクトストレージ", Track::kIsmap, {2027, 7, 31}).service;
    Reshape(storage_, ServiceModel::kIaas, {"東京", "大阪"});
    seed.AdvanceDays(40);  // 2025-02-19
    compute_ = seed.RegisteredService(cloud, kaede, "仮想サーバー", Track::kIsmap, {2026, 1, 31}).service;
    Reshape(compute_, ServiceModel::kIaas, {"大阪"});
    seed.AdvanceDays(40);  // 2025-03-31
    const auto mail_seeded = seed.RegisteredService(mail, aoba_, "メール配信サービス", Track::kLiu, {2027, 3, 31});
    mail_ = mail_seeded.service;
    seed.AdvanceDays(1);  // 2025-04-01
    seed.Decide(mail_seeded.registration, "suspend", RegistrationState::kSuspended);
    unregistered_ = UnregisteredService(cloud, "未登録ストレージ");
  }

  // The seeder's services are SaaS in 東京; some of these are not.
  void Reshape(domain::ServiceId id, ServiceModel model, std::vector<std::string> regions) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    auto service = (*uow)->Services().Get(id);
    ASSERT_THAT(service, IsOk());
    domain::CloudService changed = *service;
    changed.model = model;
    changed.regions = std::move(regions);
    changed.version = service->version + 1;
    ASSERT_THAT((*uow)->Services().Update(changed, service->version), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }

  domain::ServiceId UnregisteredService(domain::OrganizationId provider, const std::string& name) {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    domain::CloudService service;
    service.provider = provider;
    service.name_ja = name;
    service.description = "説明";
    service.regions = {"東京"};
    auto stored = (*uow)->Services().Insert(service, clock_.Now());
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT((*uow)->Commit(), IsOk());
    return stored->id;
  }

  std::vector<domain::ServiceId> Found(const Parameters& parameters) {
    auto page = Search(parameters);
    std::vector<domain::ServiceId> ids;
    for (const auto& line : page.items) {
      ids.push_back(line.service_id);
    }
    return ids;
  }

  PublicServicePage Search(const Parameters& parameters) {
    CloudServices cloud(*db_, clock_, CloudServiceSettings{});
    auto page = cloud.SearchPublic(Principal::Public(), QueryOf(parameters));
    EXPECT_THAT(page, IsOk());
    return page ? *page : PublicServicePage{};
  }

  core::ManualClock clock_{NoonInJapan(2025, 1, 10)};
  std::optional<testing::PortalSeeder> seed_;  // holds the edition the services' statements are on
  domain::OrganizationId aoba_, mail_provider_;
  domain::ServiceId storage_, compute_, mail_, unregistered_;
};

TEST_P(PublicServiceSearchTest, FreeTextFindsJapaneseAndEnglishSubstringsOnTheListOnly) {
  using Ids = std::vector<domain::ServiceId>;
  EXPECT_EQ(Found({}), (Ids{storage_, compute_, mail_}));                  // by number: registered in that order
  EXPECT_EQ(Found({{"q", "ストレージ"}}), (Ids{storage_}));                // never the unregistered one
  EXPECT_EQ(Found({{"q", "サーバ"}}), (Ids{compute_}));                    // part of a katakana word
  EXPECT_EQ(Found({{"q", "配信"}}), (Ids{mail_}));                         // two kanji: below the trigram index
  EXPECT_EQ(Found({{"q", "さくらクラウド"}}), (Ids{storage_, compute_}));  // the provider's name
  EXPECT_EQ(Found({{"q", "sakura"}}), (Ids{storage_, compute_}));          // its English name
  EXPECT_EQ(Found({{"q", "AOBA audit"}}), (Ids{storage_, mail_}));         // the audit body, case ignored
  EXPECT_EQ(Found({{"q", "あおば"}}), (Ids{storage_, mail_}));
  EXPECT_EQ(Found({{"q", "存在しないサービス"}}), Ids{});
  EXPECT_EQ(Found({{"q", "%"}}), Ids{});
}

TEST_P(PublicServiceSearchTest, FiltersCombine) {
  using Ids = std::vector<domain::ServiceId>;
  EXPECT_EQ(Found({{"track", "liu"}}), (Ids{mail_}));
  EXPECT_EQ(Found({{"track", "ismap"}}), (Ids{storage_, compute_}));
  EXPECT_EQ(Found({{"model", "iaas"}}), (Ids{storage_, compute_}));
  EXPECT_EQ(Found({{"model", "paas,saas"}}), (Ids{mail_}));
  EXPECT_EQ(Found({{"status", "suspended"}}), (Ids{mail_}));
  EXPECT_EQ(Found({{"status", "active"}}), (Ids{storage_, compute_}));
  EXPECT_EQ(Found({{"provider", std::to_string(mail_provider_.value())}}), (Ids{mail_}));
  EXPECT_EQ(Found({{"audit_body", std::to_string(aoba_.value())}}), (Ids{storage_, mail_}));
  EXPECT_EQ(Found({{"region", "大阪"}}), (Ids{storage_, compute_}));
  EXPECT_EQ(Found({{"region", "大"}}), Ids{});  // a region is matched whole
  EXPECT_EQ(Found({{"registered_since", "2025-02-19"}}), (Ids{compute_, mail_}));
  EXPECT_EQ(Found({{"registered_since", "2025-02-20"}}), (Ids{mail_}));
  EXPECT_EQ(Found({{"q", "さくら"}, {"region", "東京"}, {"model", "iaas"}}), (Ids{storage_}));
  EXPECT_EQ(Found({{"q", "さくら"}, {"track", "liu"}}), Ids{});
  // The choices a filter form offers come from the day's whole list, not the filtered lines.
  const auto liu = Search({{"track", "liu"}});
  ASSERT_EQ(liu.providers.size(), 2U);
  EXPECT_EQ(liu.providers[0].name_ja, "さくらクラウド株式会社");
  EXPECT_EQ(liu.providers[1].id, mail_provider_);
  EXPECT_EQ(liu.audit_bodies.size(), 2U);
  EXPECT_EQ(liu.regions, (std::vector<std::string>{"大阪", "東京"}));
}

TEST_P(PublicServiceSearchTest, SortsEitherWayAndPages) {
  using Ids = std::vector<domain::ServiceId>;
  EXPECT_EQ(Found({{"sort", "-number"}}), (Ids{mail_, compute_, storage_}));
  EXPECT_EQ(Found({{"sort", "valid_until"}}), (Ids{compute_, mail_, storage_}));
  EXPECT_EQ(Found({{"sort", "-registered_on"}}), (Ids{mail_, compute_, storage_}));
  // By name in code-point order: オ (U+30AA) < メ (U+30E1) < 仮 (U+4EEE).
  EXPECT_EQ(Found({{"sort", "name"}}), (Ids{storage_, mail_, compute_}));
  // Same provider: the number decides, both ways stable.
  EXPECT_EQ(Found({{"sort", "provider"}}), (Ids{storage_, compute_, mail_}));

  auto first = Search({{"per_page", "2"}});
  EXPECT_EQ(first.total, 3);
  EXPECT_EQ(first.items.size(), 2U);
  auto second = Search({{"per_page", "2"}, {"page", "2"}});
  ASSERT_EQ(second.items.size(), 1U);
  EXPECT_EQ(second.items[0].service_id, mail_);
  EXPECT_EQ(second.total, 3);
  auto beyond = Search({{"per_page", "2"}, {"page", "9"}});
  EXPECT_TRUE(beyond.items.empty());
  EXPECT_EQ(beyond.total, 3);
}

TEST_P(PublicServiceSearchTest, APastDayShowsTheListAsItStoodWithItsStatuses) {
  using Ids = std::vector<domain::ServiceId>;
  EXPECT_EQ(Found({{"on", "2025-01-10"}}), (Ids{storage_}));
  EXPECT_EQ(Found({{"on", "2025-03-31"}, {"status", "active"}}), (Ids{storage_, compute_, mail_}));
  EXPECT_EQ(Found({{"on", "2025-04-01"}, {"status", "active"}}), (Ids{storage_, compute_}));
  // Validity judged on the day: the compute service's ran out after 2026-01-31.
  EXPECT_EQ(Found({{"on", "2026-02-01"}, {"status", "expired"}}), (Ids{compute_}));
  auto page = Search({{"on", "2024-12-31"}});
  EXPECT_EQ(page.on, (Date{2024, 12, 31}));
  EXPECT_EQ(page.total, 0);
  // Lines carry the ids the filters use.
  auto lines = Search({{"q", "メール"}});
  ASSERT_EQ(lines.items.size(), 1U);
  EXPECT_EQ(lines.items[0].provider_id, mail_provider_);
  EXPECT_EQ(lines.items[0].audit_body_id, aoba_);
}

// Today's lines are kept in memory while the public version holds; a publication changes the
// version, and the next search shows it.
TEST_P(PublicServiceSearchTest, KeptLinesFollowEveryPublication) {
  PublicVersion version(*db_, clock_, std::chrono::milliseconds(0));
  CloudServices cloud(*db_, clock_, CloudServiceSettings{});
  cloud.KeepPublicLinesWhile(&version);
  const auto count = [&cloud](const Parameters& parameters) {
    auto page = cloud.SearchPublic(Principal::Public(), QueryOf(parameters));
    EXPECT_THAT(page, IsOk());
    return page ? page->total : -1;
  };
  EXPECT_EQ(count({}), 3);
  EXPECT_EQ(count({{"q", "ストレージ"}}), 1);  // from the kept lines
  testing::PortalSeeder& seed = *seed_;
  const auto provider = seed.Organization(domain::OrganizationKind::kCsp, "新規クラウド", "New Cloud");
  const auto registered = seed.RegisteredService(provider, aoba_, "新しいストレージ", Track::kIsmap, {2027, 1, 31});
  EXPECT_EQ(count({}), 4);
  EXPECT_EQ(count({{"q", "ストレージ"}}), 2);
  seed.Decide(registered.registration, "suspend", RegistrationState::kSuspended);
  EXPECT_EQ(count({{"status", "suspended"}}), 2);
  // A past day is read from the database, whatever is kept.
  EXPECT_EQ(count({{"on", "2025-01-10"}}), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicServiceSearchTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
