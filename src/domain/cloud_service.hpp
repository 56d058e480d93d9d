// Cloud services (クラウドサービス; DESIGN.md §3, §4; issue 7): what a provider registers, what its
// application for the cloud service list carries beside the statement and the audit (the
// disclosures), and the grants through which a provider lets an agency read its statement's
// restricted annex. The application's states are application.hpp's (ApplicationKind::kCloudService);
// the statement is statement.hpp's; the audit engagement is engagement.hpp's.
// Pure: no I/O, dates are passed in. Thread-compatible values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/strong_id.hpp"
#include "domain/application.hpp"
#include "domain/audit_body.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"

namespace ismap::domain {

using ServiceId = core::StrongId<struct ServiceTag>;
using StatementId = core::StrongId<struct StatementTag>;
using EngagementId = core::StrongId<struct EngagementTag>;
using DisclosureGrantId = core::StrongId<struct DisclosureGrantTag>;

enum class ServiceModel { kIaas, kPaas, kSaas };
enum class DeploymentModel { kPublic, kPrivate, kCommunity, kHybrid };
// ISMAP, or ISMAP-LIU (ISMAP for Low-Impact Use) with its smaller baseline.
enum class Track { kIsmap, kLiu };

std::string_view ToString(ServiceModel model);  // "iaas", "paas", "saas"
std::string_view ToString(DeploymentModel model);
std::string_view ToString(Track track);  // "ismap", "liu"
std::optional<ServiceModel> ServiceModelFromString(std::string_view text);
std::optional<DeploymentModel> DeploymentModelFromString(std::string_view text);
std::optional<Track> TrackFromString(std::string_view text);

struct CloudService {
  ServiceId id;  // assigned by storage
  OrganizationId provider;
  std::string name_ja;
  std::string name_en;
  std::string description;  // what the service is, in the provider's words
  ServiceModel model = ServiceModel::kSaas;
  DeploymentModel deployment = DeploymentModel::kPublic;
  std::vector<std::string> regions;  // data-centre locations the customer may select ("東京", "大阪")
  Track track = Track::kIsmap;
  // The registration once the committee approved a first application; the statement of the latest
  // approved application (what the public list shows).
  std::optional<RegistrationId> registration_id;
  std::optional<StatementId> registered_statement;
  std::int64_t version = 1;  // optimistic concurrency, as Application's
};

// Every problem, in field order: service.provider_required, service.name_required (both names
// empty), service.name_too_long (over 200 characters), service.description_too_long (over 4,000),
// service.region_required (no region), service.bad_region (empty, over 100 characters, or twice;
// one per such region, naming its position), service.too_many_regions (over 50). Lengths count
// Unicode characters; malformed UTF-8 is too long whatever its length. All kInvalidArgument.
std::vector<Problem> ListServiceProblems(const CloudService& service);
// Ok, or kInvalidArgument with the first problem's reason and every problem in the message.
core::Result<void> ValidateService(const CloudService& service);

// What a provider must disclose with its application (FACTS.md "Application"). Each is free text;
// "none" is an answer, an empty field is not.
struct Disclosures {
  std::string capital_and_officers;     // 資本関係・役員等の情報
  std::string foreign_law_risk;         // 外国法の適用リスク (agency data under foreign law)
  std::string governing_law_and_court;  // 準拠法・裁判管轄
  std::string third_party_tests;        // 第三者による検査 (penetration tests, ...)
  std::string other_certifications;     // ISO/IEC 27001, SOC 2, ...
};

// What a cloud service application attaches. A new application names the service; renewal and
// change also name the registration (Application::registration_id).
struct ServiceApplicationContent {
  ServiceId service;
  std::optional<StatementId> statement;    // a submitted statement version of the service
  std::optional<EngagementId> engagement;  // whose report was issued on that statement
  // The additional audit's engagement (追加監査), handed in with kSubmitAdditionalAudit.
  std::optional<EngagementId> additional_engagement;
  Disclosures disclosures;
};

// Disclosure problems, in field order: application.disclosure_required naming the field (over
// 10,000 characters: application.text_too_long).
std::vector<Problem> ListDisclosureProblems(const Disclosures& disclosures);

// A provider lets an agency read the restricted annex of a service's statements, from `from` to
// `until` inclusive (Japan days), until revoked.
struct DisclosureGrant {
  DisclosureGrantId id;  // assigned by storage
  ServiceId service;
  OrganizationId provider;
  OrganizationId agency;
  Date from;
  Date until;
  std::optional<core::TimePoint> revoked_at;
  core::TimePoint created_at;
};

// kInvalidArgument, the first that applies: grant.bad_period (invalid dates, until before from),
// grant.too_long (over three years, both days counted: `until` after AddMonthsCivil(from, 36), so
// 2026-04-01 may run through 2029-03-31), grant.in_the_past (until before `today`; a grant that
// has already started is fine).
core::Result<void> ValidateGrant(const DisclosureGrant& grant, const Date& today);
// Never revoked (revocation ends a grant for good) and `on` within [from, until].
bool IsGrantActive(const DisclosureGrant& grant, const Date& on);

}  // namespace ismap::domain
