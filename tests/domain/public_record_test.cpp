// A service's public record (domain/public_record.hpp): controls implemented per chapter of the
// edition, counted from the statement's adoption alone, and the public names of registration events.
#include "domain/public_record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/small_edition.hpp"

namespace ismap::domain {
namespace {

StatementEntry Adopted(std::string id) { return {std::move(id), true, "", "how"}; }
StatementEntry Excluded(std::string id) { return {std::move(id), false, "why", ""}; }

TEST(ControlsByChapter, CountsAdoptedItemsOfEachChapterInEditionOrder) {
  const EditionContent edition = testing::SmallIsmapEdition("small");
  // Chapter 3 has 3.1.1; chapter 5 has 5.1.1, 5.1.1.1, 5.1.1.2 and 5.1.2.
  const auto counts = ControlsByChapter(
      edition, {Adopted("3.1.1"), Adopted("5.1.1"), Excluded("5.1.1.1"), Adopted("5.1.1.2"), Excluded("5.1.2")});
  ASSERT_EQ(counts.size(), 2U);
  EXPECT_EQ(counts[0].chapter, "3");
  EXPECT_EQ(counts[0].title_ja, "管理策 3");
  EXPECT_EQ(counts[0].title_en, "Control 3");
  EXPECT_EQ(counts[0].implemented, 1);
  EXPECT_EQ(counts[0].total, 1);
  EXPECT_EQ(counts[1].chapter, "5");
  EXPECT_EQ(counts[1].implemented, 2);
  EXPECT_EQ(counts[1].total, 4);
}

TEST(ControlsByChapter, FirstEntryCountsAndUnknownOrGroupEntriesDoNot) {
  const EditionContent edition = testing::SmallIsmapEdition("small");
  const auto counts = ControlsByChapter(
      edition, {Excluded("5.1.1"), Adopted("5.1.1"), Adopted("5"), Adopted("5.1"), Adopted("9.9.9"), Adopted("3.1.1")});
  ASSERT_EQ(counts.size(), 2U);
  EXPECT_EQ(counts[0].implemented, 1);
  EXPECT_EQ(counts[1].implemented, 0);
  EXPECT_EQ(counts[1].total, 4);
}

TEST(ControlsByChapter, WithdrawnItemsAndEmptyChaptersAreLeftOut) {
  EditionContent edition = testing::SmallIsmapEdition("small");
  for (auto& control : edition.controls) {
    if (control.id == "3.1.1" || control.id == "5.1.2") {
      control.withdrawn = true;
    }
  }
  const auto counts = ControlsByChapter(edition, {Adopted("3.1.1"), Adopted("5.1.2")});
  ASSERT_EQ(counts.size(), 1U);
  EXPECT_EQ(counts[0].chapter, "5");
  EXPECT_EQ(counts[0].implemented, 0);
  EXPECT_EQ(counts[0].total, 3);
  EXPECT_TRUE(ControlsByChapter({}, {Adopted("3.1.1")}).empty());
}

TEST(PublicRegistrationEvent, NamesTheChangeFeedGivesAndNothingElse) {
  EXPECT_EQ(PublicRegistrationEvent("registration.created"), "published");
  EXPECT_EQ(PublicRegistrationEvent("registration.renew"), "renewed");
  EXPECT_EQ(PublicRegistrationEvent("registration.renewal_refused"), "renewal_refused");
  EXPECT_EQ(PublicRegistrationEvent("registration.expire"), "expired");
  EXPECT_EQ(PublicRegistrationEvent("registration.suspend"), "suspended");
  EXPECT_EQ(PublicRegistrationEvent("registration.reinstate"), "reinstated");
  EXPECT_EQ(PublicRegistrationEvent("registration.revoke"), "revoked");
  EXPECT_EQ(PublicRegistrationEvent("registration.withdraw"), "withdrawn");
  EXPECT_EQ(PublicRegistrationEvent("registration.changed"), "changed");
  EXPECT_EQ(PublicRegistrationEvent("registration.renewal_applied"), std::nullopt);
  EXPECT_EQ(PublicRegistrationEvent("committee.decided"), std::nullopt);
  EXPECT_EQ(PublicRegistrationEvent("registration."), std::nullopt);
  EXPECT_EQ(PublicRegistrationEvent(""), std::nullopt);
}

}  // namespace
}  // namespace ismap::domain
