// What a reader of the public cloud service list asks for (issue 8): the day, free text, filters,
// the order and the page, read from a URL's query parameters the same way for the API
// (/api/v1/services) and the pages (/cloud-services), so a page's whole state is its URL.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "app/cloud_services.hpp"
#include "domain/cloud_service.hpp"
#include "domain/date.hpp"
#include "domain/organization.hpp"

namespace ismap::app {

enum class PublicServiceSort { kNumber, kName, kProvider, kRegisteredOn, kValidUntil };

inline constexpr int kDefaultPublicPageSize = 100;
inline constexpr int kMaxPublicPageSize = 1000;
inline constexpr std::size_t kMaxPublicQueryCharacters = 100;

struct PublicServiceQuery {
  std::optional<domain::Date> on;  // absent: today in Japan
  std::string text;                // free text; empty: no text condition
  std::optional<domain::Track> track;
  std::set<domain::ServiceModel> models;  // empty: any
  std::set<domain::RegistrationStatus> statuses;
  std::optional<domain::OrganizationId> provider;
  std::optional<domain::OrganizationId> audit_body;
  std::string region;  // exact; empty: any
  std::optional<domain::Date> registered_since;
  PublicServiceSort sort = PublicServiceSort::kNumber;
  bool descending = false;
  bool english_names = false;  // sort by names in English (the pages in English)
  int page = 1;
  int per_page = kDefaultPublicPageSize;  // 0: every line (exports)

  bool Filtered() const {
    return !text.empty() || track || !models.empty() || !statuses.empty() || provider || audit_body ||
           !region.empty() || registered_since;
  }
};

// A parameter the list does not know, or a value it cannot read: the HTTP layers answer 400 with
// `code` ("unknown_parameter" or "invalid_parameter") and the pointer "/<parameter>".
struct PublicQueryProblem {
  std::string code;
  std::string parameter;
};

// Reads ?on, q, track, model, status, provider, audit_body, region, registered_since, sort, page and
// per_page. Comma-separated lists for model and status; a repeated parameter is invalid. Names in
// `also_allowed` (e.g. "format", "lang") are left to the caller.
std::variant<PublicServiceQuery, PublicQueryProblem> ParsePublicServiceQuery(
    const std::vector<std::pair<std::string, std::string>>& parameters, const std::set<std::string>& also_allowed);

// The query's parameters again (without on, page and per_page, which callers add as they need), in
// a fixed order: for links that keep the page's state.
std::vector<std::pair<std::string, std::string>> PublicQueryParameters(const PublicServiceQuery& query);

std::string_view ToString(PublicServiceSort sort);

// A provider or an audit body one can filter the day's list by.
struct PublicFacet {
  domain::OrganizationId id;
  std::string name_ja;
  std::string name_en;
};

// One page of the filtered, sorted list.
struct PublicServicePage {
  domain::Date on;
  std::vector<PublicService> items;
  std::int64_t total = 0;  // lines matching, over every page
  int page = 1;
  int per_page = 0;
  // What the day's whole list holds, for a filter form's choices: providers and audit bodies by
  // Japanese name, regions in code-point order.
  std::vector<PublicFacet> providers;
  std::vector<PublicFacet> audit_bodies;
  std::vector<std::string> regions;
};

// Keeps the lines that meet the query's filters (the free text is `text_matches`, the services
// storage found for it, or absent when the query has no text), in the query's order, and cuts the
// page out of them.
PublicServicePage SelectPublicServices(const std::vector<PublicService>& lines, const PublicServiceQuery& query,
                                       const std::optional<std::set<domain::ServiceId>>& text_matches,
                                       const domain::Date& on);

}  // namespace ismap::app
