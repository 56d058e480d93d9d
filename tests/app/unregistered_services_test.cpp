// Unregistered-service confirmations (app/unregistered_services.hpp) on every backend: the flow
// draft → submitted → approved or returned; submit refused listing every problem by control id;
// the transitional measure in force on the confirmation's day decides the items and is named;
// approval only by the same agency's CISO; agency isolation (another agency's record is not found);
// the secretariat lists every agency's read-only; nothing lost on bad input; ledger events; the
// operational report's count query.
#include "app/unregistered_services.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "app/transitional_measures.hpp"
#include "core/clock.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/small_edition.hpp"

namespace ismap::app {
namespace {

using core::ErrorCode;
using domain::ItemMark;
using domain::OrganizationKind;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;

// 2026-11-25 12:00 in Japan.
core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{3};
}

domain::Date D(const char* text) { return *domain::ParseDate(text); }

class UnregisteredServicesTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    services_ = std::make_unique<UnregisteredServices>(*db_, clock_);
    measures_ = std::make_unique<TransitionalMeasures>(*db_, clock_);
    {
      auto uow = db_->Begin(storage::TxMode::kWrite);
      ASSERT_THAT((*uow)->Catalog().InsertEdition(testing::SmallIsmapEdition("ismap-test"), Noon()), IsOk());
      ASSERT_THAT((*uow)->Commit(), IsOk());
    }
    const auto agency = testing::InsertOrganization(*db_, OrganizationKind::kAgency, "デジタル庁", Noon());
    member_ = testing::InsertUser(*db_, agency, OrganizationKind::kAgency, Role::kAgencyMember, "m@a.jp", Noon());
    ciso_ = testing::InsertUser(*db_, agency, OrganizationKind::kAgency, Role::kAgencyCiso, "c@a.jp", Noon());
    const auto other = testing::InsertOrganization(*db_, OrganizationKind::kAgency, "総務省", Noon());
    other_member_ = testing::InsertUser(*db_, other, OrganizationKind::kAgency, Role::kAgencyMember, "m@b.jp", Noon());
    other_ciso_ = testing::InsertUser(*db_, other, OrganizationKind::kAgency, Role::kAgencyCiso, "c@b.jp", Noon());
    const auto secretariat = testing::InsertOrganization(*db_, OrganizationKind::kSecretariat, "事務局", Noon());
    secretariat_ =
        testing::InsertUser(*db_, secretariat, OrganizationKind::kSecretariat, Role::kSecretariat, "s@s.jp", Noon());
  }

  static UnregisteredServiceInput Input() {
    UnregisteredServiceInput input;
    input.info.name_ja = "文書共有サービス";
    input.info.name_en = "Document sharing";
    input.info.provider_name = "Example K.K.";
    input.info.regions = {"東京"};
    input.info.need = "災害時の職員間の文書共有";
    return input;
  }

  static std::vector<domain::ConfirmationItem> AllMet(const std::vector<std::string>& ids) {
    std::vector<domain::ConfirmationItem> items;
    for (const auto& id : ids) {
      items.push_back({id, ItemMark::kMet, ""});
    }
    return items;
  }

  std::map<std::string, int> LedgerTypes() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 10000);
    std::map<std::string, int> types;
    for (const auto& e : *events) {
      ++types[e.entry.type];
    }
    return types;
  }

  core::ManualClock clock_{Noon()};
  std::unique_ptr<UnregisteredServices> services_;
  std::unique_ptr<TransitionalMeasures> measures_;
  Principal member_, ciso_, other_member_, other_ciso_, secretariat_;
};

TEST_P(UnregisteredServicesTest, RecordedSubmittedAndApprovedByTheSameAgencysCiso) {
  auto created = services_->Create(member_, Input());
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->edition_key, "ismap-test");
  EXPECT_EQ(created->record.state, domain::ConfirmationState::kDraft);
  EXPECT_EQ(created->record.measure, std::nullopt);
  ASSERT_EQ(created->record.items.size(), 5u);  // every item but the groups
  EXPECT_EQ(created->findings.size(), 5u);
  EXPECT_TRUE(created->may_edit);

  // Submitting with items unmarked lists every one by control id; nothing changes.
  auto refused = services_->Submit(member_, created->record.id, 1);
  ASSERT_THAT(refused, HasErrorReason(ErrorCode::kFailedPrecondition, "unregistered.incomplete"));
  EXPECT_THAT(refused.error().message, HasSubstr("3.1.1: unregistered.item_unmarked"));
  EXPECT_THAT(refused.error().message, HasSubstr("5.1.2: unregistered.item_unmarked"));

  auto input = Input();
  input.items = AllMet({"3.1.1", "5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"});
  input.items[1] = {"5.1.1", ItemMark::kNotMet, ""};  // a note is required
  auto edited = services_->UpdateDraft(member_, created->record.id, 1, input);
  ASSERT_THAT(edited, IsOk());
  ASSERT_EQ(edited->findings.size(), 1u);
  EXPECT_EQ(edited->findings[0].control_id, "5.1.1");
  EXPECT_EQ(edited->findings[0].code, "unregistered.note_required");
  input.items = {{"5.1.1", ItemMark::kNotApplicable, "オンプレミスで代替"}};
  edited = services_->UpdateDraft(member_, created->record.id, 2, input);
  ASSERT_THAT(edited, IsOk());
  EXPECT_TRUE(edited->findings.empty());
  EXPECT_EQ(edited->record.items[0].mark, ItemMark::kMet);  // earlier marks kept

  // A member of the agency cannot approve; nor can another agency's CISO (who cannot see it).
  auto submitted = services_->Submit(member_, created->record.id, 3);
  ASSERT_THAT(submitted, IsOk());
  EXPECT_EQ(submitted->record.state, domain::ConfirmationState::kSubmitted);
  EXPECT_FALSE(submitted->may_edit);
  EXPECT_THAT(services_->Approve(member_, created->record.id, 4), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(services_->Approve(other_ciso_, created->record.id, 4),
              HasErrorReason(ErrorCode::kNotFound, "unregistered.not_found"));
  EXPECT_THAT(services_->Approve(secretariat_, created->record.id, 4), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 4, Input()),
              HasErrorReason(ErrorCode::kFailedPrecondition, "unregistered.not_draft"));
  EXPECT_TRUE(services_->Get(ciso_, created->record.id)->may_approve);
  auto approved = services_->Approve(ciso_, created->record.id, 4);
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved->record.state, domain::ConfirmationState::kApproved);
  EXPECT_EQ(approved->record.approved_by, ciso_.user->id);
  // Approved is read-only.
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 5, Input()),
              HasErrorReason(ErrorCode::kFailedPrecondition, "unregistered.not_draft"));
  EXPECT_THAT(services_->Return(ciso_, created->record.id, 5, "やり直し"),
              HasErrorReason(ErrorCode::kFailedPrecondition, "unregistered.not_submitted"));

  auto types = LedgerTypes();
  EXPECT_EQ(types["unregistered.created"], 1);
  EXPECT_EQ(types["unregistered.updated"], 2);
  EXPECT_EQ(types["unregistered.submitted"], 1);
  EXPECT_EQ(types["unregistered.approved"], 1);

  // The operational report's count: submitted and approved today in Japan.
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto counts = (*uow)->UnregisteredServices().CountInPeriod(D("2026-11-25"), D("2026-11-25"));
  ASSERT_THAT(counts, IsOk());
  EXPECT_EQ(counts->submitted, 1);
  EXPECT_EQ(counts->approved, 1);
  auto before = (*uow)->UnregisteredServices().CountInPeriod(D("2026-11-01"), D("2026-11-24"));
  EXPECT_EQ(before->submitted, 0);
  EXPECT_EQ(before->approved, 0);
}

TEST_P(UnregisteredServicesTest, ReturnedToDraftWithTheCisosReason) {
  auto input = Input();
  input.items = AllMet({"3.1.1", "5.1.1", "5.1.1.1", "5.1.1.2", "5.1.2"});
  auto created = services_->Create(member_, input);
  ASSERT_THAT(created, IsOk());
  ASSERT_THAT(services_->Submit(member_, created->record.id, 1), IsOk());
  EXPECT_THAT(services_->Return(ciso_, created->record.id, 2, "  "),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.reason_required"));
  auto returned = services_->Return(ciso_, created->record.id, 2, "利用目的をより具体的に");
  ASSERT_THAT(returned, IsOk());
  EXPECT_EQ(returned->record.state, domain::ConfirmationState::kDraft);
  EXPECT_EQ(returned->record.return_reason, "利用目的をより具体的に");
  EXPECT_THAT(services_->Submit(member_, created->record.id, 3), IsOk());
  EXPECT_EQ(LedgerTypes()["unregistered.returned"], 1);
}

TEST_P(UnregisteredServicesTest, TheMeasureInForceOnTheConfirmationsDayDecidesTheItems) {
  domain::TransitionalMeasure m;
  m.title_ja = "経過措置";
  m.effective_from = D("2026-11-26");
  m.effective_until = D("2026-11-30");
  m.relaxations = {domain::Relaxation::kObjectivesOnly};
  auto measure = measures_->Create(secretariat_, m);
  ASSERT_THAT(measure, IsOk());

  auto before = services_->Create(member_, Input());  // 2026-11-25: none in force yet
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->record.items.size(), 5u);
  EXPECT_EQ(before->measure, std::nullopt);

  clock_.Advance(std::chrono::hours{24});  // 2026-11-26: the measure's first day
  auto during = services_->Create(member_, Input());
  ASSERT_THAT(during, IsOk());
  EXPECT_EQ(during->record.measure, measure->id);
  ASSERT_EQ(during->record.items.size(), 3u);  // detailed controls left out
  EXPECT_EQ(during->record.items[2].control_id, "5.1.2");
  // Marks for a detailed control are refused while the measure holds, and nothing is saved.
  auto input = Input();
  input.items = AllMet({"5.1.1.1"});
  EXPECT_THAT(services_->UpdateDraft(member_, during->record.id, 1, input),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.unknown_item"));
  input.items = AllMet({"3.1.1", "5.1.1", "5.1.2"});
  ASSERT_THAT(services_->UpdateDraft(member_, during->record.id, 1, input), IsOk());
  // The earlier draft, saved now, follows today's measure too; its marks for kept items stay.
  auto resaved = services_->UpdateDraft(member_, before->record.id, 1, input);
  ASSERT_THAT(resaved, IsOk());
  EXPECT_EQ(resaved->record.items.size(), 3u);

  clock_.Advance(std::chrono::hours{24 * 5});  // 2026-12-01: the measure has ended
  auto after = services_->Submit(member_, during->record.id, 2);
  ASSERT_THAT(after, HasErrorReason(ErrorCode::kFailedPrecondition, "unregistered.incomplete"));
  EXPECT_THAT(after.error().message, HasSubstr("5.1.1.1: unregistered.item_unmarked"));
  EXPECT_EQ(services_->Get(member_, during->record.id)->record.measure, measure->id);  // unchanged
}

TEST_P(UnregisteredServicesTest, AgenciesSeeOnlyTheirOwnAndTheSecretariatSeesAll) {
  auto mine = services_->Create(member_, Input());
  ASSERT_THAT(mine, IsOk());
  auto theirs = services_->Create(other_member_, Input());
  ASSERT_THAT(theirs, IsOk());
  EXPECT_THAT(services_->Get(other_member_, mine->record.id),
              HasErrorReason(ErrorCode::kNotFound, "unregistered.not_found"));
  EXPECT_THAT(services_->UpdateDraft(other_member_, mine->record.id, 1, Input()),
              HasErrorReason(ErrorCode::kNotFound, "unregistered.not_found"));
  EXPECT_THAT(services_->Submit(other_ciso_, mine->record.id, 1),
              HasErrorReason(ErrorCode::kNotFound, "unregistered.not_found"));
  auto own = services_->List(member_, 50, 0);
  ASSERT_THAT(own, IsOk());
  ASSERT_EQ(own->total, 1);
  EXPECT_EQ(own->items[0].record.id, mine->record.id);
  EXPECT_EQ(own->items[0].agency_name_ja, "デジタル庁");
  auto all = services_->List(secretariat_, 50, 0);
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->total, 2);
  auto read = services_->Get(secretariat_, mine->record.id);
  ASSERT_THAT(read, IsOk());
  EXPECT_FALSE(read->may_edit);
  EXPECT_THAT(services_->Create(secretariat_, Input()), HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(services_->UpdateDraft(secretariat_, mine->record.id, 1, Input()),
              HasError(ErrorCode::kPermissionDenied));
  EXPECT_THAT(services_->List(Principal::Public(), 50, 0), HasError(ErrorCode::kUnauthenticated));
}

TEST_P(UnregisteredServicesTest, BadInputIsRefusedAndNothingIsLost) {
  auto input = Input();
  input.items = AllMet({"3.1.1"});
  auto created = services_->Create(member_, input);
  ASSERT_THAT(created, IsOk());
  auto bad = Input();
  bad.info.name_ja.clear();
  bad.info.name_en = " ";
  EXPECT_THAT(services_->Create(member_, bad),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.name_required"));
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 1, bad),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.name_required"));
  bad = Input();
  bad.info.regions.clear();
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 1, bad),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.region_required"));
  bad = Input();
  bad.items = {{"9.9.9", ItemMark::kMet, ""}};
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 1, bad),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.unknown_item"));
  bad.items = {{"3.1.1", ItemMark::kNotMet, std::string(4001, 'x')}};
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 1, bad),
              HasErrorReason(ErrorCode::kInvalidArgument, "unregistered.note_too_long"));
  bad = Input();
  bad.edition_key = "no-such-edition";
  EXPECT_THAT(services_->Create(member_, bad), HasError(ErrorCode::kNotFound));
  EXPECT_THAT(services_->UpdateDraft(member_, created->record.id, 7, Input()),
              HasErrorReason(ErrorCode::kConflict, "unregistered.stale_version"));
  auto kept = services_->Get(member_, created->record.id);
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->record.version, 1);
  EXPECT_EQ(kept->record.info.name_ja, "文書共有サービス");
  EXPECT_EQ(kept->record.items[0].mark, ItemMark::kMet);
  EXPECT_EQ(services_->List(member_, 50, 0)->total, 1);
  EXPECT_EQ(LedgerTypes()["unregistered.updated"], 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, UnregisteredServicesTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
