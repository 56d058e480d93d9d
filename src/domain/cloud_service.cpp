#include "domain/cloud_service.hpp"

#include <set>
#include <utility>

#include "core/text.hpp"
#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<ServiceModel, 3> kServiceModelNames = {{
    {ServiceModel::kIaas, "iaas"},
    {ServiceModel::kPaas, "paas"},
    {ServiceModel::kSaas, "saas"},
}};
constexpr NameTable<DeploymentModel, 4> kDeploymentNames = {{
    {DeploymentModel::kPublic, "public"},
    {DeploymentModel::kPrivate, "private"},
    {DeploymentModel::kCommunity, "community"},
    {DeploymentModel::kHybrid, "hybrid"},
}};
constexpr NameTable<Track, 2> kTrackNames = {{{Track::kIsmap, "ismap"}, {Track::kLiu, "liu"}}};

}  // namespace

std::string_view ToString(ServiceModel model) { return NameOf(kServiceModelNames, model); }
std::string_view ToString(DeploymentModel model) { return NameOf(kDeploymentNames, model); }
std::string_view ToString(Track track) { return NameOf(kTrackNames, track); }
std::optional<ServiceModel> ServiceModelFromString(std::string_view text) { return ValueOf(kServiceModelNames, text); }
std::optional<DeploymentModel> DeploymentModelFromString(std::string_view text) {
  return ValueOf(kDeploymentNames, text);
}
std::optional<Track> TrackFromString(std::string_view text) { return ValueOf(kTrackNames, text); }

namespace {

constexpr std::size_t kMaxServiceName = 200;
constexpr std::size_t kMaxDescription = 4000;
constexpr std::size_t kMaxRegion = 100;
constexpr std::size_t kMaxRegions = 50;
constexpr std::size_t kMaxDisclosure = 10000;
constexpr int kMaxGrantMonths = 36;

// Code points of well-formed UTF-8; nullopt for malformed text (which no length limit admits).
std::optional<std::size_t> CodePoints(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    char32_t cp = 0;
    const std::size_t n = core::DecodeUtf8(text, i, &cp);
    if (n == 0) {
      return std::nullopt;
    }
    i += n;
  }
  return count;
}

bool Fits(std::string_view text, std::size_t max) {
  const auto length = CodePoints(text);
  return length && *length <= max;
}

Problem Invalid(std::string reason, std::string message) {
  return Problem{core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message)};
}

}  // namespace

std::vector<Problem> ListServiceProblems(const CloudService& service) {
  std::vector<Problem> problems;
  if (service.provider.value() <= 0) {
    problems.push_back(Invalid("service.provider_required", "the service names no provider"));
  }
  if (service.name_ja.empty() && service.name_en.empty()) {
    problems.push_back(Invalid("service.name_required", "the service needs a Japanese or an English name"));
  }
  if (!Fits(service.name_ja, kMaxServiceName) || !Fits(service.name_en, kMaxServiceName)) {
    problems.push_back(Invalid("service.name_too_long", "a service name is text of at most 200 characters"));
  }
  if (!Fits(service.description, kMaxDescription)) {
    problems.push_back(Invalid("service.description_too_long", "the description is text of at most 4000 characters"));
  }
  if (service.regions.empty()) {
    problems.push_back(Invalid("service.region_required", "name at least one region where data may be kept"));
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < service.regions.size(); ++i) {
    const std::string& region = service.regions[i];
    const std::string which = "region " + std::to_string(i + 1);
    if (region.empty() || !Fits(region, kMaxRegion)) {
      problems.push_back(Invalid("service.bad_region", which + ": a name of 1 to 100 characters is required"));
    } else if (!seen.insert(region).second) {
      problems.push_back(Invalid("service.bad_region", which + ": \"" + region + "\" is listed twice"));
    }
  }
  if (service.regions.size() > kMaxRegions) {
    problems.push_back(Invalid("service.too_many_regions",
                               std::to_string(service.regions.size()) + " regions listed, at most 50 allowed"));
  }
  return problems;
}

core::Result<void> ValidateService(const CloudService& service) {
  const std::vector<Problem> problems = ListServiceProblems(service);
  if (problems.empty()) {
    return core::Ok();
  }
  std::string message = "the service cannot be saved:";
  for (const Problem& problem : problems) {
    message += "\n  " + problem.reason + ": " + problem.message;
  }
  return core::MakeError(problems.front().code, problems.front().reason, std::move(message));
}

std::vector<Problem> ListDisclosureProblems(const Disclosures& disclosures) {
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"capital_and_officers", &disclosures.capital_and_officers},
      {"foreign_law_risk", &disclosures.foreign_law_risk},
      {"governing_law_and_court", &disclosures.governing_law_and_court},
      {"third_party_tests", &disclosures.third_party_tests},
      {"other_certifications", &disclosures.other_certifications},
  };
  std::vector<Problem> problems;
  for (const auto& [name, text] : fields) {
    if (text->empty()) {
      problems.push_back(Invalid("application.disclosure_required",
                                 "disclosure " + std::string(name) + " is required (\"none\" is an answer)"));
    } else if (!Fits(*text, kMaxDisclosure)) {
      problems.push_back(Invalid("application.text_too_long",
                                 "disclosure " + std::string(name) + " must be text of at most 10000 characters"));
    }
  }
  return problems;
}

core::Result<void> ValidateGrant(const DisclosureGrant& grant, const Date& today) {
  if (!IsValidDate(grant.from) || !IsValidDate(grant.until) || grant.until < grant.from) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "grant.bad_period",
                           "a grant runs from a valid first day to a valid last day on or after it");
  }
  const Date latest = AddMonthsCivil(grant.from, kMaxGrantMonths);
  if (latest < grant.until) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "grant.too_long",
                           "a grant from " + FormatDate(grant.from) + " may run until " + FormatDate(latest) +
                               " at the latest (at most three years)");
  }
  if (grant.until < today) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument, "grant.in_the_past",
        "a grant ending " + FormatDate(grant.until) + " would already be over on " + FormatDate(today));
  }
  return core::Ok();
}

bool IsGrantActive(const DisclosureGrant& grant, const Date& on) {
  return !grant.revoked_at && grant.from <= on && on <= grant.until;
}

}  // namespace ismap::domain
