#include "app/public_service_query.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>

#include "core/text.hpp"

namespace ismap::app {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000, what a Japanese keyboard types

// Spaces at either end are what a search box collects by accident, never what was meant.
std::string_view Trimmed(std::string_view text) {
  for (bool changed = true; changed;) {
    changed = false;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
      text.remove_prefix(1);
      changed = true;
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.remove_suffix(1);
      changed = true;
    }
    if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
      changed = true;
    }
    if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
      changed = true;
    }
  }
  return text;
}

std::optional<std::int64_t> PositiveNumber(std::string_view text, std::int64_t max) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

// "a,b,c" read by `read`; nullopt when any item is unknown or empty.
template <class T, class Read>
std::optional<std::set<T>> ReadList(std::string_view text, Read read) {
  std::set<T> out;
  while (true) {
    const auto comma = text.find(',');
    const auto item = read(text.substr(0, comma));
    if (!item) {
      return std::nullopt;
    }
    out.insert(*item);
    if (comma == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(comma + 1);
  }
}

const std::map<std::string_view, PublicServiceSort>& SortNames() {
  static const std::map<std::string_view, PublicServiceSort> kNames = {
      {"number", PublicServiceSort::kNumber},
      {"name", PublicServiceSort::kName},
      {"provider", PublicServiceSort::kProvider},
      {"registered_on", PublicServiceSort::kRegisteredOn},
      {"valid_until", PublicServiceSort::kValidUntil}};
  return kNames;
}

// Applies one parameter; false when its value cannot be read. An empty value is a form's field
// left blank: the parameter is not given.
bool Apply(PublicServiceQuery& q, std::string_view name, std::string_view value) {
  if (Trimmed(value).empty()) {
    return true;
  }
  if (name == "on" || name == "registered_since") {
    auto date = domain::ParseDate(value);
    if (!date) {
      return false;
    }
    (name == "on" ? q.on : q.registered_since) = *date;
    return true;
  }
  if (name == "q") {
    q.text = std::string(Trimmed(value));
    return core::CodePointCount(q.text) <= kMaxPublicQueryCharacters;
  }
  if (name == "track") {
    q.track = domain::TrackFromString(value);
    return q.track.has_value();
  }
  if (name == "model") {
    auto models = ReadList<domain::ServiceModel>(value, domain::ServiceModelFromString);
    q.models = models.value_or(std::set<domain::ServiceModel>{});
    return models.has_value();
  }
  if (name == "status") {
    auto statuses = ReadList<domain::RegistrationStatus>(value, domain::RegistrationStatusFromString);
    q.statuses = statuses.value_or(std::set<domain::RegistrationStatus>{});
    return statuses.has_value();
  }
  if (name == "provider" || name == "audit_body") {
    auto id = PositiveNumber(value, std::numeric_limits<std::int64_t>::max());
    if (id) {
      (name == "provider" ? q.provider : q.audit_body) = domain::OrganizationId(*id);
    }
    return id.has_value();
  }
  if (name == "region") {
    q.region = std::string(Trimmed(value));
    return core::CodePointCount(q.region) <= kMaxPublicQueryCharacters;
  }
  if (name == "sort") {
    const bool descending = value.starts_with('-');
    const auto found = SortNames().find(descending ? value.substr(1) : value);
    if (found == SortNames().end()) {
      return false;
    }
    q.sort = found->second;
    q.descending = descending;
    return true;
  }
  if (name == "page") {
    auto page = PositiveNumber(value, 1'000'000);
    q.page = static_cast<int>(page.value_or(1));
    return page.has_value();
  }
  // per_page
  auto size = PositiveNumber(value, kMaxPublicPageSize);
  q.per_page = static_cast<int>(size.value_or(kDefaultPublicPageSize));
  return size.has_value();
}

bool Known(std::string_view name) {
  static constexpr std::string_view kNames[] = {"on",         "q",      "track",    "model",
                                                "status",     "region", "sort",     "provider",
                                                "audit_body", "page",   "per_page", "registered_since"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// The key the list is sorted by, then the registration number, so equal keys keep a stable order.
bool Before(const PublicService& a, const PublicService& b, const PublicServiceQuery& q) {
  const auto name = [&q](const PublicService& s) -> const std::string& {
    return q.english_names && !s.name_en.empty() ? s.name_en : s.name_ja;
  };
  const auto provider = [&q](const PublicService& s) -> const std::string& {
    return q.english_names && !s.provider_name_en.empty() ? s.provider_name_en : s.provider_name_ja;
  };
  switch (q.sort) {
    case PublicServiceSort::kName:
      if (name(a) != name(b)) {
        return name(a) < name(b);
      }
      break;
    case PublicServiceSort::kProvider:
      if (provider(a) != provider(b)) {
        return provider(a) < provider(b);
      }
      break;
    case PublicServiceSort::kRegisteredOn:
      if (a.registered_on != b.registered_on) {
        return a.registered_on < b.registered_on;
      }
      break;
    case PublicServiceSort::kValidUntil:
      if (a.valid_until != b.valid_until) {
        return a.valid_until < b.valid_until;
      }
      break;
    case PublicServiceSort::kNumber:
      break;
  }
  return a.number != b.number ? a.number < b.number : a.registration_id < b.registration_id;
}

bool Meets(const PublicService& s, const PublicServiceQuery& q,
           const std::optional<std::set<domain::ServiceId>>& text_matches) {
  return (!text_matches || text_matches->contains(s.service_id)) && (!q.track || s.track == *q.track) &&
         (q.models.empty() || q.models.contains(s.model)) && (q.statuses.empty() || q.statuses.contains(s.status)) &&
         (!q.provider || s.provider_id == *q.provider) && (!q.audit_body || s.audit_body_id == q.audit_body) &&
         (q.region.empty() || std::find(s.regions.begin(), s.regions.end(), q.region) != s.regions.end()) &&
         (!q.registered_since || !(s.registered_on < *q.registered_since));
}

template <class T>
std::string Joined(const std::set<T>& values) {
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : ",") + std::string(domain::ToString(v));
  }
  return out;
}

}  // namespace

std::string_view ToString(PublicServiceSort sort) {
  for (const auto& [name, value] : SortNames()) {
    if (value == sort) {
      return name;
    }
  }
  return "number";
}

std::variant<PublicServiceQuery, PublicQueryProblem> ParsePublicServiceQuery(
    const std::vector<std::pair<std::string, std::string>>& parameters, const std::set<std::string>& also_allowed) {
  PublicServiceQuery query;
  std::set<std::string_view> seen;
  for (const auto& [name, value] : parameters) {
    if (also_allowed.contains(name)) {
      continue;
    }
    if (!Known(name)) {
      return PublicQueryProblem{"unknown_parameter", name};
    }
    if (!seen.insert(name).second || !Apply(query, name, value)) {
      return PublicQueryProblem{"invalid_parameter", name};
    }
  }
  return query;
}

std::vector<std::pair<std::string, std::string>> PublicQueryParameters(const PublicServiceQuery& q) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!q.text.empty()) {
    out.emplace_back("q", q.text);
  }
  if (q.track) {
    out.emplace_back("track", std::string(domain::ToString(*q.track)));
  }
  if (!q.models.empty()) {
    out.emplace_back("model", Joined(q.models));
  }
  if (!q.statuses.empty()) {
    out.emplace_back("status", Joined(q.statuses));
  }
  if (q.provider) {
    out.emplace_back("provider", std::to_string(q.provider->value()));
  }
  if (q.audit_body) {
    out.emplace_back("audit_body", std::to_string(q.audit_body->value()));
  }
  if (!q.region.empty()) {
    out.emplace_back("region", q.region);
  }
  if (q.registered_since) {
    out.emplace_back("registered_since", domain::FormatDate(*q.registered_since));
  }
  if (q.sort != PublicServiceSort::kNumber || q.descending) {
    out.emplace_back("sort", (q.descending ? "-" : "") + std::string(ToString(q.sort)));
  }
  return out;
}

namespace {

void AddFacet(std::map<domain::OrganizationId, PublicFacet>& facets, domain::OrganizationId id, const std::string& ja,
              const std::string& en) {
  facets.try_emplace(id, PublicFacet{id, ja, en});
}

std::vector<PublicFacet> ByName(const std::map<domain::OrganizationId, PublicFacet>& facets) {
  std::vector<PublicFacet> out;
  for (const auto& [id, facet] : facets) {
    out.push_back(facet);
  }
  std::sort(out.begin(), out.end(), [](const PublicFacet& a, const PublicFacet& b) {
    return a.name_ja != b.name_ja ? a.name_ja < b.name_ja : a.id < b.id;
  });
  return out;
}

}  // namespace

PublicServicePage SelectPublicServices(const std::vector<PublicService>& lines, const PublicServiceQuery& query,
                                       const std::optional<std::set<domain::ServiceId>>& text_matches,
                                       const domain::Date& on) {
  std::vector<const PublicService*> kept;
  kept.reserve(lines.size());
  std::map<domain::OrganizationId, PublicFacet> providers;
  std::map<domain::OrganizationId, PublicFacet> audit_bodies;
  std::set<std::string> regions;
  for (const auto& line : lines) {
    if (Meets(line, query, text_matches)) {
      kept.push_back(&line);
    }
    AddFacet(providers, line.provider_id, line.provider_name_ja, line.provider_name_en);
    if (line.audit_body_id) {
      AddFacet(audit_bodies, *line.audit_body_id, line.audit_body_name_ja, line.audit_body_name_en);
    }
    regions.insert(line.regions.begin(), line.regions.end());
  }
  std::stable_sort(kept.begin(), kept.end(), [&query](const PublicService* a, const PublicService* b) {
    return query.descending ? Before(*b, *a, query) : Before(*a, *b, query);
  });
  PublicServicePage page;
  page.on = on;
  page.total = static_cast<std::int64_t>(kept.size());
  page.page = query.page;
  page.per_page = query.per_page;
  page.providers = ByName(providers);
  page.audit_bodies = ByName(audit_bodies);
  page.regions.assign(regions.begin(), regions.end());
  std::size_t first = 0;
  std::size_t count = kept.size();
  if (query.per_page > 0) {
    first = std::min(kept.size(), static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.per_page));
    count = std::min(kept.size() - first, static_cast<std::size_t>(query.per_page));
  }
  page.items.reserve(count);
  for (std::size_t i = first; i < first + count; ++i) {
    page.items.push_back(*kept[i]);
  }
  return page;
}

}  // namespace ismap::app
