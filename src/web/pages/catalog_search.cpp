// Searching the controls of the loaded catalogs and comparing two editions, as pages. Reading is
// public (app::Action::kReadCatalogs), like /api/v1/controls and /api/v1/catalogs/{key}/diff/{other}.
#include <algorithm>
#include <charconv>
#include <map>

#include "web/pages/catalog_view.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kResultsPerPage = 50;
constexpr int kMaxOffset = 1'000'000'000;

// The chart's geometry, in SVG user units.
constexpr int kBarLeft = 120;
constexpr int kBarMaxWidth = 300;
constexpr int kBarHeight = 24;
constexpr int kBarGap = 12;

// ?offset=: a whole number in [0, kMaxOffset]; anything else is the first page.
int OffsetOf(const http::Request& request) {
  const std::string_view text = request.Query("offset");
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0 && value <= kMaxOffset ? value : 0;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string SearchHref(const std::string& q, const std::string& edition, int offset) {
  std::string href = "/catalogs/search?q=" + QueryEscape(q);
  if (!edition.empty()) {
    href += "&edition=" + QueryEscape(edition);
  }
  if (offset > 0) {
    href += "&offset=" + std::to_string(offset);
  }
  return href;
}

http::Response SearchPage(const http::Request& request, PagesContext& context, const Visitor& visitor) {
  const core::Language language = request.language;
  auto editions = context.services.ListEditions(visitor.principal);
  if (!editions) {
    return ErrorPage(request, editions.error(), visitor.chrome);
  }
  const std::string q(TrimSpaces(request.Query("q")));
  const std::string edition(request.Query("edition"));
  const int offset = OffsetOf(request);

  PageView view{"catalog_search.mustache", "catalog_pages.search_title", {}};
  view.data.set("search_form", Partial("catalog_search_form.mustache"));
  if (q.empty()) {
    view.data.set("form", SearchForm(language, *editions, q, edition, ""));
    return RenderPage(request, std::move(view), visitor.chrome);
  }

  auto hits = context.services.SearchControls(visitor.principal,
                                              edition.empty() ? std::nullopt : std::optional<std::string>(edition), q,
                                              kResultsPerPage + 1, offset);
  if (!hits && hits.error().code == core::ErrorCode::kInvalidArgument) {
    // Too long (or not text): the form again with the message, as a form error.
    view.status = 400;
    const std::string message = ErrorText(request, hits.error());
    view.data.set("form", SearchForm(language, *editions, q, edition, message));
    data error{data::type::object};
    error.set("text", message);
    view.data.set("error", error);
    view.title_text =
        Msg(language, "catalog_pages.error_summary") + " - " + Msg(language, "catalog_pages.search_title");
    return RenderPage(request, std::move(view), visitor.chrome);
  }
  if (!hits) {
    return ErrorPage(request, hits.error(), visitor.chrome);  // 404 for an unknown edition
  }
  view.data.set("form", SearchForm(language, *editions, q, edition, ""));

  std::map<std::string, const domain::Edition*> by_key;
  for (const auto& e : *editions) {
    by_key.emplace(e.info.key, &e);
  }
  const bool more = static_cast<int>(hits->size()) > kResultsPerPage;
  if (more) {
    hits->resize(kResultsPerPage);
  }
  data rows{data::type::list};
  for (const auto& hit : *hits) {
    data row = ControlItem(language, hit.edition_key, hit.control);
    const auto e = by_key.find(hit.edition_key);
    SetLocalText(row, "edition",
                 e != by_key.end() ? EditionTitle(language, e->second->info) : LocalText{hit.edition_key, ""});
    row.set("edition_href", EditionHref(hit.edition_key));
    rows.push_back(row);
  }
  data results{data::type::object};
  results.set("rows", rows);
  if (hits->empty()) {
    results.set("summary", Fill(Msg(language, "catalog_pages.results_none"), "q", q));
    results.set("none", true);
  } else {
    const std::string from = std::to_string(offset + 1);
    const std::string to = std::to_string(offset + static_cast<int>(hits->size()));
    results.set("summary",
                Fill(Fill(Fill(Msg(language, "catalog_pages.results_range"), "q", q), "from", from), "to", to));
    results.set("none", false);
  }
  if (offset > 0) {
    results.set("previous_href", SearchHref(q, edition, std::max(0, offset - kResultsPerPage)));
  }
  if (more) {
    results.set("next_href", SearchHref(q, edition, offset + kResultsPerPage));
  }
  results.set("paginated", offset > 0 || more);
  view.data.set("results", results);
  return RenderPage(request, std::move(view), visitor.chrome);
}

// ---- diff ----

data ControlRows(core::Language language, const std::string& key, const std::vector<domain::Control>& controls) {
  data rows{data::type::list};
  for (const auto& control : controls) {
    rows.push_back(ControlItem(language, key, control));
  }
  return rows;
}

data Bar(core::Language language, std::string_view name, std::size_t count, std::size_t max, int row) {
  data bar{data::type::object};
  bar.set("name", std::string(name));
  bar.set("label", Msg(language, "catalog_pages." + std::string(name)));
  bar.set("count", std::to_string(count));
  int width = max == 0 ? 0 : static_cast<int>(count * kBarMaxWidth / max);
  if (count > 0 && width < 2) {
    width = 2;  // a count above zero stays visible
  }
  const int y = row * (kBarHeight + kBarGap);
  bar.set("x", std::to_string(kBarLeft));
  bar.set("y", std::to_string(y));
  bar.set("height", std::to_string(kBarHeight));
  bar.set("text_y", std::to_string(y + kBarHeight - 6));
  bar.set("width", std::to_string(width));
  bar.set("number_x", std::to_string(kBarLeft + width + 8));
  return bar;
}

http::Response DiffPage(const http::Request& request, PagesContext& context, const Visitor& visitor) {
  const core::Language language = request.language;
  const std::string before_key(request.Param("key"));
  const std::string after_key(request.Param("other"));
  auto diff = context.services.DiffEditions(visitor.principal, before_key, after_key);
  if (!diff) {
    return ErrorPage(request, diff.error(), visitor.chrome);
  }
  auto editions = context.services.ListEditions(visitor.principal);
  if (!editions) {
    return ErrorPage(request, editions.error(), visitor.chrome);
  }
  PageView view{"catalog_diff.mustache", "catalog_pages.diff_title", {}};
  for (const auto& e : *editions) {
    if (e.info.key == before_key) {
      SetLocalText(view.data, "before", EditionTitle(language, e.info));
    }
    if (e.info.key == after_key) {
      SetLocalText(view.data, "after", EditionTitle(language, e.info));
    }
  }
  view.data.set("before_key", before_key);
  view.data.set("after_key", after_key);
  view.data.set("before_href", EditionHref(before_key));
  view.data.set("after_href", EditionHref(after_key));

  const std::size_t added = diff->added.size();
  const std::size_t removed = diff->removed.size();
  const std::size_t changed = diff->changed.size();
  const std::size_t max = std::max({added, removed, changed});
  data bars{data::type::list};
  bars.push_back(Bar(language, "added", added, max, 0));
  bars.push_back(Bar(language, "removed", removed, max, 1));
  bars.push_back(Bar(language, "changed", changed, max, 2));
  view.data.set("bars", bars);
  view.data.set("chart_width", std::to_string(kBarLeft + kBarMaxWidth + 80));
  view.data.set("chart_height", std::to_string(3 * kBarHeight + 2 * kBarGap));
  view.data.set("chart_label",
                Fill(Fill(Fill(Msg(language, "catalog_pages.chart_label"), "added", std::to_string(added)), "removed",
                          std::to_string(removed)),
                     "changed", std::to_string(changed)));

  view.data.set("added_heading", Fill(Msg(language, "catalog_pages.added_heading"), "count", std::to_string(added)));
  view.data.set("removed_heading",
                Fill(Msg(language, "catalog_pages.removed_heading"), "count", std::to_string(removed)));
  view.data.set("changed_heading",
                Fill(Msg(language, "catalog_pages.changed_heading"), "count", std::to_string(changed)));
  view.data.set("added", ControlRows(language, after_key, diff->added));
  view.data.set("removed", ControlRows(language, before_key, diff->removed));
  view.data.set("has_added", added > 0);
  view.data.set("has_removed", removed > 0);
  view.data.set("has_changed", changed > 0);

  const std::string separator = Msg(language, "catalog_pages.list_separator");
  data rows{data::type::list};
  for (const auto& change : diff->changed) {
    data row = ControlItem(language, after_key, change.after);
    std::string fields;
    for (const auto& field : change.fields) {
      fields += (fields.empty() ? "" : separator) + ChangedFieldLabel(language, field);
    }
    row.set("fields", fields);
    SetLocalText(row, "before_title", ControlTitle(language, change.before));
    if (change.before.id != change.after.id) {
      row.set("before_id", change.before.id);
    } else {
      row.set("before_id", false);
    }
    rows.push_back(row);
  }
  view.data.set("changed", rows);
  return RenderPage(request, std::move(view), visitor.chrome);
}

// /catalogs/diff?from=a&to=b (the compare form) → 303 to /catalogs/a/diff/b.
http::Response CompareRedirect(const http::Request& request, PagesContext&, const Visitor& visitor) {
  const std::string_view from = request.Query("from");
  const std::string_view to = request.Query("to");
  if (from.empty() || to.empty()) {
    return ErrorPage(request, 400, "catalog_pages.compare_missing", visitor.chrome);
  }
  if (!domain::IsValidKey(from) || !domain::IsValidKey(to)) {
    return ErrorPage(request, 404, "catalog.edition_not_found", visitor.chrome);
  }
  return Redirect(EditionHref(from) + "/diff/" + QueryEscape(to));
}

}  // namespace

void RegisterCatalogSearchPages(http::Router& router, PagesContext& context) {
  const auto read = app::Action::kReadCatalogs;
  router.Add(http::Method::kGet, "/catalogs/search", read, PublicPage(context, SearchPage));
  router.Add(http::Method::kGet, "/catalogs/diff", read, PublicPage(context, CompareRedirect));
  router.Add(http::Method::kGet, "/catalogs/{key}/diff/{other}", read, PublicPage(context, DiffPage));
}

}  // namespace ismap::web::pages
