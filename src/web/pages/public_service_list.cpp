// The public cloud service list (issue 8): GET /cloud-services with the parameters of
// app/public_service_query.hpp (the API's), so every state of the page — tab, search, filters, day,
// order, page — is its URL and the downloads carry the same filters. Public fields only: never a
// statement's entries (app::PublicService has none).
#include <variant>

#include "app/public_service_query.hpp"
#include "web/form.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

using kainjow::mustache::data;

kainjow::mustache::data PublicItem(core::Language l, const app::PublicService& s, const std::string& on_query) {
  kainjow::mustache::data item{kainjow::mustache::data::type::object};
  item.set("href", PublicServiceHref(s.service_id) + on_query);
  item.set("number", s.number);
  item.set("name", InLanguage(l, s.name_ja, s.name_en));
  item.set("name_lang", LangOf(l, s.name_en));
  item.set("provider", InLanguage(l, s.provider_name_ja, s.provider_name_en));
  item.set("provider_lang", LangOf(l, s.provider_name_en));
  item.set("model", ModelLabel(l, s.model));
  item.set("track", TrackLabel(l, s.track));
  item.set("status", StatusLabel(l, s.status));
  item.set("registered_on", domain::FormatDate(s.registered_on));
  item.set("valid_until", domain::FormatDate(s.valid_until));
  return item;
}

namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

// A form's checkboxes send model=iaas&model=saas; the API's spelling is model=iaas,saas.
Parameters FoldRepeatedLists(const Parameters& query) {
  Parameters out;
  for (const auto& [name, value] : query) {
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == name; });
    if ((name == "model" || name == "status") && same != out.end()) {
      same->second += (same->second.empty() || value.empty() ? "" : ",") + value;
    } else {
      out.emplace_back(name, value);
    }
  }
  return out;
}

std::string QueryString(const Parameters& parameters) {
  std::string out;
  for (const auto& [name, value] : parameters) {
    out += (out.empty() ? "?" : "&") + name + "=" + QueryEscape(value);
  }
  return out;
}

// The page's own parameters, with `changes` replacing or adding some (an empty value drops one).
std::string PageHref(const std::string& path, const app::PublicServiceQuery& q, const Parameters& changes) {
  Parameters all = app::PublicQueryParameters(q);
  if (q.on) {
    all.emplace_back("on", domain::FormatDate(*q.on));
  }
  if (q.per_page != app::kDefaultPublicPageSize && q.per_page > 0) {
    all.emplace_back("per_page", std::to_string(q.per_page));
  }
  for (const auto& [name, value] : changes) {
    std::erase_if(all, [&](const auto& p) { return p.first == name; });
    if (!value.empty()) {
      all.emplace_back(name, value);
    }
  }
  return path + QueryString(all);
}

constexpr std::pair<app::PublicServiceSort, const char*> kSortColumns[] = {
    {app::PublicServiceSort::kNumber, "audit_body_pages.col_number"},
    {app::PublicServiceSort::kName, "service_pages.col_service"},
    {app::PublicServiceSort::kProvider, "service_pages.col_provider"},
    {app::PublicServiceSort::kRegisteredOn, "audit_body_pages.col_registered_on"},
    {app::PublicServiceSort::kValidUntil, "audit_body_pages.col_valid_until"}};

// A column heading that sorts by it: ascending first, the other way when it already sorts so.
data SortColumn(core::Language l, const app::PublicServiceQuery& q, app::PublicServiceSort sort, const char* key) {
  const bool current = q.sort == sort;
  const bool next_descending = current && !q.descending;
  data column{data::type::object};
  column.set("label", Msg(l, key));
  column.set("href",
             PageHref("/cloud-services", q,
                      {{"sort", (next_descending ? "-" : "") + std::string(app::ToString(sort))}, {"page", ""}}));
  column.set("aria_sort", current ? (q.descending ? "descending" : "ascending") : "");
  column.set("current", current);
  return column;
}

data Tabs(core::Language l, const app::PublicServiceQuery& q) {
  data tabs{data::type::list};
  const std::pair<std::optional<domain::Track>, const char*> kTabs[] = {
      {std::nullopt, "service_pages.tab_all"},
      {domain::Track::kIsmap, "service_pages.tab_ismap"},
      {domain::Track::kLiu, "service_pages.tab_liu"}};
  for (const auto& [track, key] : kTabs) {
    data tab{data::type::object};
    tab.set("label", Msg(l, key));
    tab.set("href", PageHref("/cloud-services", q,
                             {{"track", track ? std::string(domain::ToString(*track)) : ""}, {"page", ""}}));
    tab.set("current", q.track == track);
    tabs.push_back(tab);
  }
  return tabs;
}

data Facets(core::Language l, const std::vector<app::PublicFacet>& facets,
            const std::optional<domain::OrganizationId>& chosen) {
  data options{data::type::list};
  options.push_back(SelectOption("", Msg(l, "service_pages.filter_any"), !chosen));
  for (const auto& f : facets) {
    options.push_back(SelectOption(std::to_string(f.id.value()), InLanguage(l, f.name_ja, f.name_en), chosen == f.id));
  }
  return options;
}

template <class Enum>
data Checkboxes(core::Language l, std::string_view prefix, std::initializer_list<Enum> values,
                const std::set<Enum>& chosen, std::string_view name) {
  data boxes{data::type::list};
  for (const auto value : values) {
    data box{data::type::object};
    box.set("value", std::string(domain::ToString(value)));
    box.set("id", std::string(name) + "-" + std::string(domain::ToString(value)));
    box.set("label", EnumLabel(l, prefix, value));
    box.set("checked", chosen.contains(value));
    boxes.push_back(box);
  }
  return boxes;
}

data Pagination(core::Language l, const app::PublicServiceQuery& q, const app::PublicServicePage& page) {
  data nav{data::type::object};
  const std::int64_t pages = page.per_page > 0 ? (page.total + page.per_page - 1) / page.per_page : 1;
  nav.set("show", pages > 1);
  const auto href = [&q](std::int64_t n) { return PageHref("/cloud-services", q, {{"page", std::to_string(n)}}); };
  if (q.page > 1) {
    nav.set("previous_href", href(std::min<std::int64_t>(q.page - 1, std::max<std::int64_t>(pages, 1))));
  }
  if (q.page < pages) {
    nav.set("next_href", href(q.page + 1));
  }
  data numbers{data::type::list};
  // The first, the last and two either side of the current page; gaps shown as an ellipsis.
  std::int64_t shown = 0;
  for (std::int64_t n = 1; n <= pages; ++n) {
    if (n != 1 && n != pages && (n < q.page - 2 || n > q.page + 2)) {
      continue;
    }
    data item{data::type::object};
    item.set("gap", shown != 0 && n != shown + 1);
    item.set("number", std::to_string(n));
    item.set("href", href(n));
    item.set("current", n == q.page);
    item.set("label", Fill(Msg(l, "service_pages.list_page_n"), "n", std::to_string(n)));
    numbers.push_back(item);
    shown = n;
  }
  nav.set("pages", numbers);
  return nav;
}

// The label of a parameter a problem names, for the error summary.
std::string ParameterLabel(const std::string& parameter) {
  if (parameter == "on") {
    return "audit_body_pages.on_label";
  }
  static const std::set<std::string> kKnown = {"q",      "track", "model", "status",   "provider",        "audit_body",
                                               "region", "sort",  "page",  "per_page", "registered_since"};
  return kKnown.contains(parameter) ? "service_pages.filter_" + parameter : "service_pages.filter_unknown";
}

}  // namespace

void RegisterPublicServiceListPage(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/cloud-services", app::Action::kReadPublic, [&context](const http::Request& request) {
    auto visitor = SignedIn(request, context);
    const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
    if (!visitor) {
      return ErrorPage(request, visitor.error(), chrome);
    }
    const core::Language l = request.language;
    const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
    PageView view{"cloud_services.mustache", "service_pages.list_title", {}};
    view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
    FormErrors errors;
    auto parsed = app::ParsePublicServiceQuery(FoldRepeatedLists(request.query), {"lang"});
    app::PublicServiceQuery query;
    if (const auto* problem = std::get_if<app::PublicQueryProblem>(&parsed)) {
      // The list as if the parameter were not there, with the problem beside the form.
      const std::string field = problem->parameter == "on" ? "on" : "q";
      errors.Field(field, ParameterLabel(problem->parameter),
                   Fill(Msg(l, "service_pages.bad_parameter_" + problem->code), "name", problem->parameter));
      view.status = 400;
    } else {
      query = std::get<app::PublicServiceQuery>(parsed);
    }
    query.english_names = l == core::Language::kEn;
    auto page = context.services.cloud_services().SearchPublic(principal, query);
    if (!page) {
      return ErrorPage(request, page.error(), chrome);
    }
    const std::string date = domain::FormatDate(page->on);
    const std::string on_query = query.on ? "?on=" + date : "";
    view.data.set("on", date);
    view.data.set("as_of", Fill(Msg(l, "audit_body_pages.as_of"), "date", date));
    view.data.set("tabs", Tabs(l, query));
    if (query.track) {  // kept by the form as a hidden field; absent means every track
      view.data.set("track", std::string(domain::ToString(*query.track)));
    }
    view.data.set("q", query.text);
    view.data.set("models",
                  Checkboxes(l, "service_pages.model_",
                             {domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas},
                             query.models, "model"));
    view.data.set("statuses",
                  Checkboxes(l, "audit_body_pages.status_",
                             {domain::RegistrationStatus::kActive, domain::RegistrationStatus::kRenewalPending,
                              domain::RegistrationStatus::kSuspended, domain::RegistrationStatus::kExpired,
                              domain::RegistrationStatus::kRevoked, domain::RegistrationStatus::kWithdrawn},
                             query.statuses, "status"));
    view.data.set("providers", Facets(l, page->providers, query.provider));
    view.data.set("audit_bodies", Facets(l, page->audit_bodies, query.audit_body));
    data regions{data::type::list};
    regions.push_back(SelectOption("", Msg(l, "service_pages.filter_any"), query.region.empty()));
    for (const auto& r : page->regions) {
      regions.push_back(SelectOption(r, r, r == query.region));
    }
    view.data.set("regions", regions);
    view.data.set("registered_since", query.registered_since ? domain::FormatDate(*query.registered_since) : "");
    data sorts{data::type::list};
    for (const auto& [sort, key] : kSortColumns) {
      for (const bool descending : {false, true}) {
        const std::string value = (descending ? "-" : "") + std::string(app::ToString(sort));
        sorts.push_back(SelectOption(
            value, Msg(l, key) + Msg(l, descending ? "service_pages.sort_descending" : "service_pages.sort_ascending"),
            query.sort == sort && query.descending == descending));
      }
    }
    view.data.set("sorts", sorts);
    data columns{data::type::list};
    for (const auto& [sort, key] : kSortColumns) {
      columns.push_back(SortColumn(l, query, sort, key));
    }
    view.data.set("columns", columns);
    const std::int64_t first = page->items.empty() ? 0 : (page->page - 1) * std::int64_t{page->per_page} + 1;
    const std::int64_t last = first == 0 ? 0 : first + static_cast<std::int64_t>(page->items.size()) - 1;
    view.data.set("count", Fill(Fill(Fill(Msg(l, "service_pages.list_count"), "total", std::to_string(page->total)),
                                     "first", std::to_string(first)),
                                "last", std::to_string(last)));
    // Downloads of every matching line, whatever the page: the same filters, no paging.
    app::PublicServiceQuery everything = query;
    everything.per_page = app::kDefaultPublicPageSize;
    Parameters filters = app::PublicQueryParameters(everything);
    filters.emplace_back("on", date);
    for (const auto& format : {"csv", "xlsx", "json"}) {
      Parameters with_format = filters;
      if (std::string_view(format) != "json") {
        with_format.emplace_back("format", format);
      } else {
        with_format.emplace_back("per_page", std::to_string(app::kMaxPublicPageSize));
      }
      view.data.set(std::string(format) + "_href", "/api/v1/services" + QueryString(with_format));
    }
    view.data.set("clear_href", query.on ? "/cloud-services?on=" + date : "/cloud-services");
    data items{data::type::list};
    for (const auto& s : page->items) {
      items.push_back(PublicItem(l, s, on_query));
    }
    view.data.set("services", items);
    view.data.set("none", page->items.empty());
    view.data.set("filtered", query.Filtered());
    view.data.set("pagination", Pagination(l, query, *page));
    const bool manage = app::Authorize(principal, app::Action::kManageCloudServices).has_value();
    const bool queue = app::Authorize(principal, app::Action::kReadCloudServiceQueue).has_value();
    const bool audit = app::Authorize(principal, app::Action::kAuditCloudService).has_value();
    view.data.set("link_services", manage);
    view.data.set("link_queue", queue);
    view.data.set("link_engagements", audit);
    view.data.set("has_links", manage || queue || audit);
    errors.Apply(view.data, l);
    return RenderPage(request, std::move(view), chrome);
  });
}

}  // namespace ismap::web::pages
