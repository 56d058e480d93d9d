// Cloud services (issue 7): the service record's rules, the disclosures an application carries,
// and the grants through which an agency reads a statement's restricted annex.
#include "domain/cloud_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

std::vector<std::string> Reasons(const std::vector<Problem>& problems) {
  std::vector<std::string> reasons;
  for (const Problem& problem : problems) {
    reasons.push_back(problem.reason);
  }
  return reasons;
}

// A string of `n` copies of a three-byte character: the limits count characters, not bytes.
std::string Kanji(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    text += "字";
  }
  return text;
}

CloudService Service() {
  CloudService service;
  service.id = ServiceId{3};
  service.provider = OrganizationId{7};
  service.name_ja = "サンプルクラウド";
  service.description = "業務アプリケーションの基盤";
  service.regions = {"東京", "大阪"};
  return service;
}

TEST(CloudServiceTest, EnumsRoundTrip) {
  for (ServiceModel model : {ServiceModel::kIaas, ServiceModel::kPaas, ServiceModel::kSaas}) {
    EXPECT_EQ(ServiceModelFromString(ToString(model)), model);
  }
  for (DeploymentModel d :
       {DeploymentModel::kPublic, DeploymentModel::kPrivate, DeploymentModel::kCommunity, DeploymentModel::kHybrid}) {
    EXPECT_EQ(DeploymentModelFromString(ToString(d)), d);
  }
  EXPECT_EQ(TrackFromString("liu"), Track::kLiu);
  EXPECT_EQ(ToString(Track::kIsmap), "ismap");
  EXPECT_FALSE(TrackFromString("ISMAP"));
}

TEST(CloudServiceTest, AValidServiceHasNoProblems) {
  EXPECT_TRUE(ListServiceProblems(Service()).empty());
  EXPECT_THAT(ValidateService(Service()), IsOk());
  CloudService english_only = Service();
  english_only.name_ja.clear();
  english_only.name_en = "Sample Cloud";
  EXPECT_THAT(ValidateService(english_only), IsOk());
  CloudService at_limits = Service();
  at_limits.name_ja = Kanji(200);
  at_limits.description = Kanji(4000);
  at_limits.regions.clear();
  for (int i = 0; i < 50; ++i) {
    at_limits.regions.push_back(i == 0 ? Kanji(100) : "region " + std::to_string(i));
  }
  EXPECT_THAT(ValidateService(at_limits), IsOk());
}

TEST(CloudServiceTest, EveryProblemInFieldOrder) {
  CloudService service;
  service.description = Kanji(4001);
  EXPECT_THAT(Reasons(ListServiceProblems(service)),
              ::testing::ElementsAre("service.provider_required", "service.name_required",
                                     "service.description_too_long", "service.region_required"));
  service = Service();
  service.name_en = Kanji(201);
  service.regions = {"東京", "", Kanji(101), "東京"};
  for (int i = 0; i < 47; ++i) {
    service.regions.push_back("r" + std::to_string(i));
  }
  const auto problems = ListServiceProblems(service);
  EXPECT_THAT(Reasons(problems),
              ::testing::ElementsAre("service.name_too_long", "service.bad_region", "service.bad_region",
                                     "service.bad_region", "service.too_many_regions"));
  EXPECT_NE(problems[3].message.find("region 4"), std::string::npos);  // the repeated 東京
  EXPECT_NE(problems[3].message.find("twice"), std::string::npos);
}

TEST(CloudServiceTest, ValidateReportsTheFirstProblemAndListsAll) {
  CloudService service = Service();
  service.provider = OrganizationId{};
  service.regions.clear();
  const auto result = ValidateService(service);
  ASSERT_THAT(result, HasErrorReason(core::ErrorCode::kInvalidArgument, "service.provider_required"));
  EXPECT_NE(result.error().message.find("service.region_required"), std::string::npos);
}

Disclosures Complete() {
  return Disclosures{"資本関係: 親会社なし", "なし", "日本法・東京地方裁判所", "年1回の侵入テスト", "ISO/IEC 27001"};
}

TEST(DisclosuresTest, EveryFieldAnsweredAndNotTooLong) {
  EXPECT_TRUE(ListDisclosureProblems(Complete()).empty());
  Disclosures d = Complete();
  d.foreign_law_risk.clear();
  d.other_certifications = Kanji(10001);
  const auto problems = ListDisclosureProblems(d);
  EXPECT_THAT(Reasons(problems),
              ::testing::ElementsAre("application.disclosure_required", "application.text_too_long"));
  EXPECT_NE(problems[0].message.find("foreign_law_risk"), std::string::npos);
  EXPECT_NE(problems[1].message.find("other_certifications"), std::string::npos);
  d = Complete();
  d.third_party_tests = Kanji(10000);
  EXPECT_TRUE(ListDisclosureProblems(d).empty());
  EXPECT_EQ(ListDisclosureProblems(Disclosures{}).size(), 5u);
}

DisclosureGrant Grant(const Date& from, const Date& until) {
  DisclosureGrant grant;
  grant.service = ServiceId{3};
  grant.provider = OrganizationId{7};
  grant.agency = OrganizationId{8};
  grant.from = from;
  grant.until = until;
  return grant;
}

TEST(DisclosureGrantTest, APeriodOfAtMostThreeYearsNotYetOver) {
  const Date today{2026, 6, 1};
  EXPECT_THAT(ValidateGrant(Grant({2026, 6, 1}, {2026, 6, 1}), today), IsOk());
  EXPECT_THAT(ValidateGrant(Grant({2026, 4, 1}, {2029, 3, 31}), today), IsOk());  // exactly three years
  EXPECT_THAT(ValidateGrant(Grant({2026, 4, 1}, {2029, 4, 1}), today),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "grant.too_long"));
  EXPECT_THAT(ValidateGrant(Grant({2026, 6, 2}, {2026, 6, 1}), today),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "grant.bad_period"));
  EXPECT_THAT(ValidateGrant(Grant({2026, 2, 29}, {2026, 6, 1}), today),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "grant.bad_period"));
  EXPECT_THAT(ValidateGrant(Grant({2026, 1, 1}, {2026, 5, 31}), today),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "grant.in_the_past"));
  EXPECT_THAT(ValidateGrant(Grant({2026, 1, 1}, {2026, 6, 1}), today), IsOk());  // started, not over
}

TEST(DisclosureGrantTest, ActiveWithinItsDaysUntilRevoked) {
  DisclosureGrant grant = Grant({2026, 4, 1}, {2026, 9, 30});
  EXPECT_FALSE(IsGrantActive(grant, {2026, 3, 31}));
  EXPECT_TRUE(IsGrantActive(grant, {2026, 4, 1}));
  EXPECT_TRUE(IsGrantActive(grant, {2026, 9, 30}));
  EXPECT_FALSE(IsGrantActive(grant, {2026, 10, 1}));
  grant.revoked_at = StartOfJapanDay({2026, 5, 1});
  EXPECT_FALSE(IsGrantActive(grant, {2026, 5, 2}));
}

}  // namespace
}  // namespace ismap::domain
