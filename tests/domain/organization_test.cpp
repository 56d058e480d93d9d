#include "domain/organization.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasErrorReason;
using testing::IsOk;

TEST(CorporateNumberTest, AcceptsRealNumbers) {
  EXPECT_THAT(CheckCorporateNumber("7000012050002"), IsOk());  // 国税庁
  EXPECT_THAT(CheckCorporateNumber("1010001000006"), IsOk());
}

TEST(CorporateNumberTest, RefusesAWrongCheckDigit) {
  EXPECT_THAT(CheckCorporateNumber("8000012050002"),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.corporate_number_check_digit"));
}

TEST(CorporateNumberTest, RefusesWrongShapes) {
  for (const char* bad : {"", "700001205000", "70000120500021", "70000120500O2", "７000012050002"}) {
    EXPECT_THAT(CheckCorporateNumber(bad),
                HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.corporate_number_format"))
        << bad;
  }
}

TEST(OrganizationKindTest, EveryKindRoundTripsThroughText) {
  for (auto kind : {OrganizationKind::kCsp, OrganizationKind::kAuditBody, OrganizationKind::kAgency,
                    OrganizationKind::kOperationsSupportBody, OrganizationKind::kAuditBodyEvaluator,
                    OrganizationKind::kCommittee, OrganizationKind::kSecretariat, OrganizationKind::kSystem}) {
    EXPECT_EQ(OrganizationKindFromString(ToString(kind)), kind);
  }
  EXPECT_FALSE(OrganizationKindFromString("CSP"));
}

TEST(NewOrganizationTest, NeedsBothNames) {
  EXPECT_THAT(ValidateNewOrganization({OrganizationKind::kAgency, "", "Ministry", std::nullopt}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.name_required"));
}

TEST(NewOrganizationTest, CspNeedsACorporateNumberAgencyDoesNot) {
  EXPECT_THAT(ValidateNewOrganization({OrganizationKind::kCsp, "事業者", "Provider", std::nullopt}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.corporate_number_required"));
  EXPECT_THAT(ValidateNewOrganization({OrganizationKind::kAgency, "デモ省", "Ministry", std::nullopt}), IsOk());
}

TEST(NewOrganizationTest, NameLengthCountsCharactersNotBytes) {
  const std::string two_hundred_kanji = [] {
    std::string s;
    for (int i = 0; i < 200; ++i) {
      s += "省";
    }
    return s;
  }();
  EXPECT_THAT(ValidateNewOrganization({OrganizationKind::kAgency, two_hundred_kanji, "M", std::nullopt}), IsOk());
  EXPECT_THAT(ValidateNewOrganization({OrganizationKind::kAgency, two_hundred_kanji + "省", "M", std::nullopt}),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "organization.name_too_long"));
}

}  // namespace
}  // namespace ismap::domain
