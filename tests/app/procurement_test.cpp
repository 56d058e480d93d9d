// Requirement profiles and procurement checks (app/procurement.hpp; issue 9) on every backend: a
// profile five registered services split on (three meet, two miss, each missing requirement
// named), a check that keeps what held on its day after a service expires, the annex only through
// a grant, mappings from another catalog, one agency never seeing another's records, bad input.
#include "app/procurement.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "app/transitional_measures.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/public_portal_seed.hpp"

namespace ismap::app {
namespace {

using domain::CheckOutcome;
using domain::GapKind;
using domain::OrganizationKind;
using domain::ServiceModel;
using domain::Track;
using ::testing::ElementsAre;
using testing::IsOk;
using ::testing::UnorderedElementsAre;

constexpr char kEdition[] = "portal-small";

std::vector<domain::StatementEntry> AllAdopted() {
  return {{"3.1.1", true, "", "x"},
          {"5.1.1", true, "", "x"},
          {"5.1.1.1", true, "", "x"},
          {"5.1.1.2", true, "", "x"},
          {"5.1.2", true, "", "x"}};
}

std::vector<domain::StatementEntry> Without(const std::string& control) {
  auto entries = AllAdopted();
  for (auto& entry : entries) {
    if (entry.control_id == control) {
      entry = {control, false, "対象外", ""};
    }
  }
  return entries;
}

// "kind:control" or "kind(detail)" for each gap, to compare whole lists at once.
std::vector<std::string> GapsOf(const domain::ProcurementCheck& check, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& service : check.services) {
    if (service.name_ja != name) {
      continue;
    }
    for (const auto& gap : service.gaps) {
      out.push_back(std::string(domain::ToString(gap.kind)) +
                    (gap.control_id.empty() ? "(" + gap.detail + ")" : ":" + gap.control_id));
    }
  }
  return out;
}

std::optional<CheckOutcome> OutcomeOf(const domain::ProcurementCheck& check, const std::string& name) {
  for (const auto& service : check.services) {
    if (service.name_ja == name) {
      return service.outcome;
    }
  }
  return std::nullopt;
}

class ProcurementTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    seeder_.emplace(*db_, clock_);
    seeder_->Edition();
    provider_ = seeder_->Organization(OrganizationKind::kCsp, "事業者", "Provider");
    audit_body_ = seeder_->Organization(OrganizationKind::kAuditBody, "監査法人", "Audit");
    agency_ = seeder_->Organization(OrganizationKind::kAgency, "デジタル庁", "Digital Agency");
    other_agency_ = seeder_->Organization(OrganizationKind::kAgency, "総務省", "MIC");
    member_ = testing::InsertUser(*db_, agency_, OrganizationKind::kAgency, domain::Role::kAgencyMember,
                                  "member@agency.example", clock_.Now());
    other_ = testing::InsertUser(*db_, other_agency_, OrganizationKind::kAgency, domain::Role::kAgencyCiso,
                                 "ciso@other.example", clock_.Now());
    csp_ = testing::InsertUser(*db_, provider_, OrganizationKind::kCsp, domain::Role::kCspAdmin, "admin@csp.example",
                               clock_.Now());
  }

  domain::Date Day(int days) const { return domain::AddDays(seeder_->Today(), days); }

  testing::SeededService Service(const std::string& name, ServiceModel model, std::vector<std::string> regions,
                                 Track track, int valid_days, std::vector<domain::StatementEntry> entries,
                                 bool granted) {
    auto seeded = seeder_->RegisteredService(provider_, audit_body_, name, track, Day(valid_days),
                                             {model, std::move(regions), std::move(entries)});
    if (granted) {
      auto uow = db_->Begin(storage::TxMode::kWrite);
      EXPECT_THAT((*uow)->DisclosureGrants().Insert(
                      {{}, seeded.service, provider_, agency_, Day(-1), Day(365), std::nullopt, clock_.Now()}),
                  IsOk());
      EXPECT_THAT((*uow)->Commit(), IsOk());
    }
    return seeded;
  }

  // Three services the profile below accepts and two it does not.
  void SeedFive() {
    Service("全部入りIaaS", ServiceModel::kIaas, {"東京", "大阪"}, Track::kIsmap, 400, AllAdopted(), true);
    Service("大阪PaaS", ServiceModel::kPaas, {"大阪"}, Track::kIsmap, 400, AllAdopted(), true);
    Service("東京IaaS", ServiceModel::kIaas, {"東京"}, Track::kIsmap, 500, AllAdopted(), true);
    Service("福岡SaaS", ServiceModel::kSaas, {"福岡"}, Track::kLiu, 100, Without("5.1.2"), true);
    Service("詳細欠けIaaS", ServiceModel::kIaas, {"東京"}, Track::kIsmap, 400, Without("5.1.1.1"), true);
  }

  ProfileInput Input() {
    ProfileInput input;
    input.name = "基幹システム調達";
    input.purpose = "令和9年度の基幹システム";
    input.edition_key = kEdition;
    input.baseline = Track::kIsmap;
    input.added = {{kEdition, "5.1.1.1"}};
    input.conditions.models = {ServiceModel::kIaas, ServiceModel::kPaas};
    input.conditions.regions = {"東京", "大阪"};
    input.conditions.valid_through = Day(300);
    return input;
  }

  Procurement& procurement() {
    if (!procurement_) {
      cloud_.emplace(*db_, clock_, CloudServiceSettings{});
      procurement_.emplace(*db_, clock_, *cloud_);
    }
    return *procurement_;
  }

  core::ManualClock clock_{core::TimePoint{} + std::chrono::hours(24 * 20600)};
  std::optional<testing::PortalSeeder> seeder_;
  std::optional<CloudServices> cloud_;
  std::optional<Procurement> procurement_;
  domain::OrganizationId provider_, audit_body_, agency_, other_agency_;
  Principal member_, other_, csp_;
};

TEST_P(ProcurementTest, ThreeServicesMeetTheProfileAndEachMissingRequirementOfTheOtherTwoIsNamed) {
  SeedFive();
  auto profile = procurement().CreateProfile(member_, Input());
  ASSERT_THAT(profile, IsOk());
  EXPECT_THAT(profile->added.front().ismap_controls, ElementsAre("5.1.1.1"));

  auto check = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(check, IsOk());
  EXPECT_EQ(check->meets, 3);
  EXPECT_EQ(check->unconfirmed, 0);
  EXPECT_EQ(check->misses, 2);
  EXPECT_EQ(check->requirement_count, 5);  // 3.1.1, 5.1.1, 5.1.1.2, 5.1.2 and the added 5.1.1.1
  EXPECT_EQ(check->checked_on, seeder_->Today());
  EXPECT_EQ(*OutcomeOf(*check, "全部入りIaaS"), CheckOutcome::kMeets);
  EXPECT_EQ(*OutcomeOf(*check, "大阪PaaS"), CheckOutcome::kMeets);
  EXPECT_EQ(*OutcomeOf(*check, "東京IaaS"), CheckOutcome::kMeets);
  EXPECT_THAT(GapsOf(*check, "福岡SaaS"),
              ElementsAre("scope(liu)", "model(saas)", "region(福岡)", "validity(" + domain::FormatDate(Day(100)) + ")",
                          "control_not_adopted:5.1.2"));
  EXPECT_THAT(GapsOf(*check, "詳細欠けIaaS"), ElementsAre("control_not_adopted:5.1.1.1"));
  // Those that meet come first.
  EXPECT_EQ(check->services[0].outcome, CheckOutcome::kMeets);
  EXPECT_EQ(check->services[4].outcome, CheckOutcome::kMisses);

  // Saved as it ran, with its ledger event.
  auto saved = procurement().GetCheck(member_, check->id);
  ASSERT_THAT(saved, IsOk());
  EXPECT_EQ(saved->misses, 2);
  EXPECT_THAT(GapsOf(*saved, "福岡SaaS"), GapsOf(*check, "福岡SaaS"));
  EXPECT_EQ(saved->profile.name, "基幹システム調達");
  auto uow = db_->Begin(storage::TxMode::kRead);
  auto events = (*uow)->Ledger().ListBySubject("procurement_check/" + std::to_string(check->id.value()), 10);
  ASSERT_THAT(events, IsOk());
  ASSERT_EQ(events->size(), 1U);
  EXPECT_EQ(events->front().entry.type, "procurement.checked");
  auto listed = procurement().ListChecks(member_);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().meets, 3);
}

TEST_P(ProcurementTest, DetailedControlsCountOnlyThroughAGrantOfTheAnnex) {
  Service("非開示IaaS", ServiceModel::kIaas, {"東京"}, Track::kIsmap, 400, Without("5.1.1.1"), false);
  auto profile = procurement().CreateProfile(member_, Input());
  ASSERT_THAT(profile, IsOk());
  auto check = procurement().Evaluate(member_, profile->id);
  ASSERT_THAT(check, IsOk());
  // 5.1.1.1 and 5.1.1.2 are detailed controls: without the annex neither is named, only counted.
  EXPECT_THAT(GapsOf(*check, "非開示IaaS"), ElementsAre("not_disclosed(2)"));
  EXPECT_EQ(check->unconfirmed, 1);
  EXPECT_FALSE(check->services.front().disclosed);
}

TEST_P(ProcurementTest, ACheckKeepsWhatHeldOnItsDayAfterTheServiceExpires) {
  auto soon = Service("まもなく満了", ServiceModel::kIaas, {"東京"}, Track::kIsmap, 10, AllAdopted(), true);
  auto input = Input();
  input.conditions.valid_through.reset();
  auto profile = procurement().CreateProfile(member_, input);
  ASSERT_THAT(profile, IsOk());
  auto before = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(before, IsOk());
  ASSERT_EQ(before->meets, 1);

  seeder_->AdvanceDays(20);
  seeder_->Decide(soon.registration, "expired", domain::RegistrationState::kExpired);
  auto after = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(after, IsOk());
  EXPECT_TRUE(after->services.empty());  // no longer on the list

  auto kept = procurement().GetCheck(member_, before->id);
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->checked_on, Day(-20));
  ASSERT_EQ(kept->services.size(), 1U);
  EXPECT_EQ(kept->services[0].status, domain::RegistrationStatus::kActive);
  EXPECT_EQ(kept->services[0].valid_until, Day(-10));
  EXPECT_EQ(kept->services[0].outcome, CheckOutcome::kMeets);
}

TEST_P(ProcurementTest, ControlsOfAnotherCatalogStandForTheIsmapItemsMappedToThem) {
  Service("全部入りIaaS", ServiceModel::kIaas, {"東京"}, Track::kIsmap, 400, AllAdopted(), true);
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    domain::EditionContent other;
    other.info = {"iso-test", "iso-27002", "2022", std::nullopt, "test", domain::SourceFormat::kCsv, "ISO", "ISO", ""};
    domain::Control a;
    a.id = "A.5";
    a.title_ja = a.title_en = "Policies";
    domain::Control b = a;
    b.id = "B.1";
    other.controls = {a, b};
    ASSERT_THAT((*uow)->Catalog().InsertEdition(other, clock_.Now()), IsOk());
    ASSERT_THAT(
        (*uow)->Catalog().InsertMappings(
            {{{"iso-test", "A.5"}, {kEdition, "5.1.2"}, domain::MappingRelationship::kEquivalent, "test crosswalk"}}),
        IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  auto input = Input();
  input.added = {{"iso-test", "A.5"}, {"iso-test", "B.1"}};
  auto profile = procurement().CreateProfile(member_, input);
  ASSERT_THAT(profile, IsOk());
  EXPECT_THAT(profile->added[0].ismap_controls, ElementsAre("5.1.2"));
  EXPECT_TRUE(profile->added[1].ismap_controls.empty());
  auto check = procurement().Evaluate(member_, profile->id);
  ASSERT_THAT(check, IsOk());
  ASSERT_EQ(check->unmapped.size(), 1U);  // said once for the whole check, not per service
  EXPECT_EQ(check->unmapped[0].control_id, "B.1");
  EXPECT_EQ(check->meets, 1);

  auto view = procurement().GetProfile(member_, profile->id);
  ASSERT_THAT(view, IsOk());
  ASSERT_EQ(view->requirements.size(), 4U);  // 5.1.2 once, though the baseline and A.5 both ask for it
  EXPECT_EQ(view->requirements[0].title_ja, "管理策 3.1.1");
}

// A measure from tomorrow for ten days that counts applications under way: a check today applies
// none, one on its first and on its last day applies it (the service under review becomes an
// unconfirmed candidate), one the day after applies none again; each saved record keeps its own.
TEST_P(ProcurementTest, TheTransitionalMeasureInForceOnTheChecksDayIsAppliedAndNoneOutsideItsPeriod) {
  Service("全部入りIaaS", ServiceModel::kIaas, {"東京", "大阪"}, Track::kIsmap, 400, AllAdopted(), true);
  seeder_->ApplyingService(provider_, "審査中IaaS", Track::kIsmap, domain::ApplicationState::kTechnicalReview,
                           {ServiceModel::kIaas, {"大阪"}, AllAdopted()});
  seeder_->ApplyingService(provider_, "下書きIaaS", Track::kIsmap, domain::ApplicationState::kDraft,
                           {ServiceModel::kIaas, {"大阪"}, AllAdopted()});
  const auto secretariat_org = seeder_->Organization(OrganizationKind::kSecretariat, "事務局", "Secretariat");
  const auto secretariat = testing::InsertUser(*db_, secretariat_org, OrganizationKind::kSecretariat,
                                               domain::Role::kSecretariat, "s@secretariat.example", clock_.Now());
  domain::TransitionalMeasure input;
  input.title_ja = "申請中サービスの調達候補化";
  input.title_en = "Applications under way as candidates";
  input.effective_from = Day(1);
  input.effective_until = Day(10);
  input.relaxations = {domain::Relaxation::kPendingApplications};
  TransitionalMeasures measures(*db_, clock_);
  auto measure = measures.Create(secretariat, input);
  ASSERT_THAT(measure, IsOk());
  auto input_profile = Input();
  input_profile.conditions.valid_through.reset();
  auto profile = procurement().CreateProfile(member_, input_profile);
  ASSERT_THAT(profile, IsOk());

  auto before = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(before, IsOk());
  EXPECT_FALSE(before->measure.has_value());
  ASSERT_EQ(before->services.size(), 1U);

  std::vector<domain::ProcurementCheckId> during;
  for (const int advance : {1, 9}) {  // the first day, then the last day
    seeder_->AdvanceDays(advance);
    auto check = procurement().RunCheck(member_, profile->id);
    ASSERT_THAT(check, IsOk());
    ASSERT_TRUE(check->measure.has_value());
    EXPECT_EQ(check->measure->id, measure->id.value());
    EXPECT_EQ(check->measure->title_ja, "申請中サービスの調達候補化");
    EXPECT_THAT(check->measure->relaxations, ElementsAre("pending_applications"));
    EXPECT_EQ(check->meets, 1);
    EXPECT_EQ(check->unconfirmed, 1);  // the draft is no application under way
    EXPECT_EQ(OutcomeOf(*check, "審査中IaaS"), CheckOutcome::kUnconfirmed);
    // No grant of its annex either: its two required detailed controls cannot be seen yet.
    EXPECT_THAT(GapsOf(*check, "審査中IaaS"), ElementsAre("not_registered()", "not_disclosed(2)"));
    EXPECT_FALSE(OutcomeOf(*check, "下書きIaaS").has_value());
    during.push_back(check->id);
  }

  seeder_->AdvanceDays(1);
  auto after = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->measure.has_value());
  EXPECT_EQ(after->services.size(), 1U);
  EXPECT_FALSE(OutcomeOf(*after, "審査中IaaS").has_value());

  // The saved records say what applied on their own days.
  auto kept = procurement().GetCheck(member_, during.front());
  ASSERT_THAT(kept, IsOk());
  ASSERT_TRUE(kept->measure.has_value());
  EXPECT_EQ(kept->measure->title_en, "Applications under way as candidates");
  EXPECT_EQ(OutcomeOf(*kept, "審査中IaaS"), CheckOutcome::kUnconfirmed);
  auto kept_before = procurement().GetCheck(member_, before->id);
  ASSERT_THAT(kept_before, IsOk());
  EXPECT_FALSE(kept_before->measure.has_value());
}

TEST_P(ProcurementTest, AnAgencySeesOnlyItsOwnProfilesAndChecks) {
  SeedFive();
  auto profile = procurement().CreateProfile(member_, Input());
  ASSERT_THAT(profile, IsOk());
  auto check = procurement().RunCheck(member_, profile->id);
  ASSERT_THAT(check, IsOk());

  EXPECT_EQ(procurement().GetProfile(other_, profile->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(procurement().GetCheck(other_, check->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(procurement().RunCheck(other_, profile->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(procurement().UpdateProfile(other_, profile->id, 1, Input()).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(procurement().ListProfiles(other_)->empty());
  EXPECT_TRUE(procurement().ListChecks(other_)->empty());
  EXPECT_EQ(procurement().ListProfiles(Principal::Public()).error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(procurement().GetCheck(csp_, check->id).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(procurement().CreateProfile(csp_, Input()).error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(ProcurementTest, BadProfilesAreRefusedWithTheirReasonAndNothingIsStored) {
  auto reason = [&](ProfileInput input) {
    auto result = procurement().CreateProfile(member_, input);
    return result ? std::string("created") : result.error().reason;
  };
  auto input = Input();
  input.name = " ";
  EXPECT_EQ(reason(input), "profile.name_required");
  input = Input();
  input.edition_key = "no-such-edition";
  EXPECT_EQ(reason(input), "criteria.edition_not_found");
  input = Input();
  input.added = {{kEdition, "9.9.9"}};
  EXPECT_EQ(reason(input), "profile.unknown_control");
  input.added = {{kEdition, "5"}};  // a chapter is no requirement
  EXPECT_EQ(reason(input), "profile.unknown_control");
  input.added = {{kEdition, "5.1.2"}, {kEdition, "5.1.2"}};
  EXPECT_EQ(reason(input), "profile.duplicate_control");
  input = Input();
  input.conditions.regions = {"東京", "東京"};
  EXPECT_EQ(reason(input), "profile.bad_region");
  EXPECT_TRUE(procurement().ListProfiles(member_)->empty());

  auto profile = procurement().CreateProfile(member_, Input());
  ASSERT_THAT(profile, IsOk());
  auto changed = Input();
  changed.name = "改訂";
  ASSERT_THAT(procurement().UpdateProfile(member_, profile->id, 1, changed), IsOk());
  auto stale = procurement().UpdateProfile(member_, profile->id, 1, Input());
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().reason, "profile.stale_version");
  auto kept = procurement().GetProfile(member_, profile->id);
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->profile.name, "改訂");
  EXPECT_EQ(kept->profile.version, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcurementTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
