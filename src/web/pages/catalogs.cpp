// The control criteria and other catalogs as pages: the loaded editions and baselines, an edition's
// chapter tree, and one control. Reading is public (app::Action::kReadCatalogs); the data comes
// from the same use cases as /api/v1/catalogs, whose downloads the pages link to.
#include <map>
#include <vector>

#include "web/pages/catalog_view.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kMaxTreeDepth = 16;  // far deeper than any catalog; bounds the recursion

data Link(std::string href, std::string text) {
  data link{data::type::object};
  link.set("href", std::move(href));
  link.set("text", std::move(text));
  return link;
}

std::string ExportHref(const std::string& key, std::string_view format, std::string_view lang) {
  std::string href = "/api/v1/catalogs/" + QueryEscape(key) + "/export?format=" + std::string(format);
  if (!lang.empty()) {
    href += "&lang=" + std::string(lang);
  }
  return href;
}

data EditionDownloads(core::Language language, const std::string& key) {
  data links{data::type::list};
  links.push_back(Link(ExportHref(key, "oscal", "ja"), Msg(language, "catalog_pages.download_oscal_ja")));
  links.push_back(Link(ExportHref(key, "oscal", "en"), Msg(language, "catalog_pages.download_oscal_en")));
  links.push_back(Link(ExportHref(key, "csv", ""), Msg(language, "catalog_pages.download_csv")));
  links.push_back(Link(ExportHref(key, "xlsx", ""), Msg(language, "catalog_pages.download_xlsx")));
  return links;
}

data BaselineDownloads(core::Language language, const std::string& key) {
  const std::string base = "/api/v1/baselines/" + QueryEscape(key) + "/export?lang=";
  data links{data::type::list};
  links.push_back(Link(base + "ja", Msg(language, "catalog_pages.download_profile_ja")));
  links.push_back(Link(base + "en", Msg(language, "catalog_pages.download_profile_en")));
  return links;
}

// <option>s of the loaded editions; `selected` is the key chosen.
data EditionOptions(core::Language language, const std::vector<domain::Edition>& editions, std::string_view selected) {
  data options{data::type::list};
  for (const auto& edition : editions) {
    data option{data::type::object};
    option.set("value", edition.info.key);
    SetLocalText(option, "label", EditionTitle(language, edition.info));
    option.set("selected", edition.info.key == selected);
    options.push_back(option);
  }
  return options;
}

// ---- /catalogs ----

http::Response IndexPage(const http::Request& request, PagesContext& context, const Visitor& visitor) {
  const core::Language language = request.language;
  auto editions = context.services.ListEditions(visitor.principal);
  if (!editions) {
    return ErrorPage(request, editions.error(), visitor.chrome);
  }
  auto baselines = context.services.ListBaselines(visitor.principal, std::nullopt);
  if (!baselines) {
    return ErrorPage(request, baselines.error(), visitor.chrome);
  }
  PageView view{"catalogs.mustache", "catalog_pages.index_title", {}};

  std::map<std::string, const domain::Edition*> by_key;
  data items{data::type::list};
  for (const auto& edition : *editions) {
    by_key.emplace(edition.info.key, &edition);
    data item{data::type::object};
    SetLocalText(item, "title", EditionTitle(language, edition.info));
    item.set("href", EditionHref(edition.info.key));
    item.set("key", edition.info.key);
    item.set("scheme", edition.info.scheme);
    item.set("version", edition.info.version);
    item.set("effective_date", edition.info.effective_date.value_or(Msg(language, "catalog_pages.no_value")));
    item.set("controls", std::to_string(edition.control_count));
    item.set("downloads", EditionDownloads(language, edition.info.key));
    items.push_back(item);
  }
  view.data.set("editions", items);
  view.data.set("has_editions", !editions->empty());

  data baseline_items{data::type::list};
  for (const auto& baseline : *baselines) {
    data item{data::type::object};
    SetLocalText(item, "title", PickLanguage(language, baseline.info.title_ja, baseline.info.title_en));
    item.set("key", baseline.info.key);
    item.set("kind", BaselineKindLabel(language, baseline.info.kind));
    item.set("entries", std::to_string(baseline.entry_count));
    const auto edition = by_key.find(baseline.info.edition_key);
    SetLocalText(item, "edition",
                 edition != by_key.end() ? EditionTitle(language, edition->second->info)
                                         : LocalText{baseline.info.edition_key, ""});
    item.set("edition_href", EditionHref(baseline.info.edition_key));
    item.set("downloads", BaselineDownloads(language, baseline.info.key));
    baseline_items.push_back(item);
  }
  view.data.set("baselines", baseline_items);
  view.data.set("has_baselines", !baselines->empty());

  view.data.set("search_form", Partial("catalog_search_form.mustache"));
  view.data.set("form", SearchForm(language, *editions, "", "", ""));
  if (editions->size() >= 2) {
    data compare{data::type::object};
    compare.set("from", EditionOptions(language, *editions, (*editions)[0].info.key));
    compare.set("to", EditionOptions(language, *editions, (*editions)[1].info.key));
    view.data.set("compare", compare);
  }
  return RenderPage(request, std::move(view), visitor.chrome);
}

// ---- /catalogs/{key} ----

struct Tree {
  const std::vector<domain::Control>& controls;
  std::vector<std::vector<std::size_t>> children;  // by index into controls
  std::vector<std::size_t> roots;
  std::vector<std::int64_t> items_below;  // controls (not groups) under each node
};

Tree BuildTree(const std::vector<domain::Control>& controls) {
  Tree tree{controls, std::vector<std::vector<std::size_t>>(controls.size()), {}, {}};
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < controls.size(); ++i) {
    index.emplace(controls[i].id, i);
  }
  for (std::size_t i = 0; i < controls.size(); ++i) {
    const auto& parent = controls[i].parent_id;
    const auto found = parent ? index.find(*parent) : index.end();
    // Document order puts every parent first (ValidateEdition); anything else is shown at the top.
    if (found == index.end() || found->second >= i) {
      tree.roots.push_back(i);
    } else {
      tree.children[found->second].push_back(i);
    }
  }
  tree.items_below.assign(controls.size(), 0);
  for (std::size_t i = controls.size(); i-- > 0;) {  // children come after their parents
    for (const auto child : tree.children[i]) {
      tree.items_below[i] += tree.items_below[child] + (controls[child].is_group ? 0 : 1);
    }
  }
  return tree;
}

data TreeNode(core::Language language, const std::string& key, const Tree& tree, std::size_t i, int depth) {
  data node = ControlItem(language, key, tree.controls[i]);
  data children{data::type::list};
  if (depth < kMaxTreeDepth) {
    for (const auto child : tree.children[i]) {
      children.push_back(TreeNode(language, key, tree, child, depth + 1));
    }
  }
  node.set("has_children", !children.is_empty_list());
  node.set("children", children);
  return node;
}

http::Response EditionPage(const http::Request& request, PagesContext& context, const Visitor& visitor) {
  const core::Language language = request.language;
  const std::string key(request.Param("key"));
  auto content = context.services.ReadEdition(visitor.principal, key);
  if (!content) {
    return ErrorPage(request, content.error(), visitor.chrome);
  }
  auto baselines = context.services.ListBaselines(visitor.principal, key);
  if (!baselines) {
    return ErrorPage(request, baselines.error(), visitor.chrome);
  }
  const domain::EditionInfo& info = content->info;
  const LocalText title = EditionTitle(language, info);
  PageView view{"catalog_edition.mustache", "catalog_pages.index_title", {}};
  view.title_text = title.text;
  SetLocalText(view.data, "title", title);
  view.data.set("key", info.key);
  view.data.set("scheme", info.scheme);
  view.data.set("version", info.version);
  view.data.set("effective_date", info.effective_date.value_or(Msg(language, "catalog_pages.no_value")));
  view.data.set("source", info.source.empty() ? Msg(language, "catalog_pages.no_value") : info.source);
  std::int64_t count = 0;
  for (const auto& control : content->controls) {
    count += control.is_group ? 0 : 1;
  }
  view.data.set("controls", std::to_string(count));
  view.data.set("downloads", EditionDownloads(language, info.key));

  data baseline_items{data::type::list};
  for (const auto& baseline : *baselines) {
    data item{data::type::object};
    SetLocalText(item, "title", PickLanguage(language, baseline.info.title_ja, baseline.info.title_en));
    item.set("key", baseline.info.key);
    item.set("kind", BaselineKindLabel(language, baseline.info.kind));
    item.set("entries", std::to_string(baseline.entry_count));
    item.set("downloads", BaselineDownloads(language, baseline.info.key));
    baseline_items.push_back(item);
  }
  view.data.set("baselines", baseline_items);
  view.data.set("has_baselines", !baselines->empty());

  const Tree tree = BuildTree(content->controls);
  data roots{data::type::list};
  for (const auto root : tree.roots) {
    data node = TreeNode(language, info.key, tree, root, 0);
    node.set("count",
             Fill(Msg(language, "catalog_pages.items_count"), "count", std::to_string(tree.items_below[root])));
    node.set("open_text", Fill(Msg(language, "catalog_pages.open_item"), "id", content->controls[root].id));
    roots.push_back(node);
  }
  view.data.set("roots", roots);
  view.data.set("has_roots", !tree.roots.empty());
  view.data.set("node", Partial("catalog_tree_node.mustache"));
  return RenderPage(request, std::move(view), visitor.chrome);
}

// ---- /catalogs/{key}/controls/{control} ----

// A mapping seen from `self`: the other side, and the relationship read from self towards it.
struct MappingView {
  domain::ControlRef other;
  domain::MappingRelationship relationship;
};

MappingView FromSide(const domain::ControlMapping& mapping, const domain::ControlRef& self) {
  using R = domain::MappingRelationship;
  if (mapping.from.edition_key == self.edition_key && mapping.from.control_id == self.control_id) {
    return {mapping.to, mapping.relationship};
  }
  R relationship = mapping.relationship;
  if (relationship == R::kSubset) {
    relationship = R::kSuperset;
  } else if (relationship == R::kSuperset) {
    relationship = R::kSubset;
  }
  return {mapping.from, relationship};
}

data TextBlock(core::Language language, std::string_view label_key, const std::string& text, const char* lang) {
  data block{data::type::object};
  block.set("label", Msg(language, label_key));
  block.set("text", text);
  block.set("lang", std::string(lang));
  return block;
}

http::Response ControlPage(const http::Request& request, PagesContext& context, const Visitor& visitor) {
  const core::Language language = request.language;
  const std::string key(request.Param("key"));
  auto page = context.services.ReadControl(visitor.principal, key, std::string(request.Param("control")));
  if (!page) {
    return ErrorPage(request, page.error(), visitor.chrome);
  }
  auto editions = context.services.ListEditions(visitor.principal);
  if (!editions) {
    return ErrorPage(request, editions.error(), visitor.chrome);
  }
  std::map<std::string, const domain::Edition*> loaded;
  for (const auto& edition : *editions) {
    loaded.emplace(edition.info.key, &edition);
  }
  const domain::Control& control = page->control;
  const LocalText title = ControlTitle(language, control);

  PageView view{"catalog_control.mustache", "catalog_pages.index_title", {}};
  view.title_text = title.text.empty() ? control.id : control.id + " " + title.text;
  SetLocalText(view.data, "edition", EditionTitle(language, page->edition.info));
  view.data.set("edition_href", EditionHref(key));
  data ancestors{data::type::list};
  for (const auto& ancestor : page->ancestors) {
    ancestors.push_back(ControlItem(language, key, ancestor));
  }
  view.data.set("ancestors", ancestors);
  view.data.set("control", ControlItem(language, key, control));

  const bool english = language == core::Language::kEn;
  data titles{data::type::list};
  data texts{data::type::list};
  const std::pair<const char*, const domain::Control*> order[] = {{english ? "en" : "ja", &control},
                                                                  {english ? "ja" : "en", &control}};
  for (const auto& [lang, c] : order) {
    const bool ja = std::string_view(lang) == "ja";
    const std::string& t = ja ? c->title_ja : c->title_en;
    const std::string& x = ja ? c->text_ja : c->text_en;
    if (!t.empty()) {
      titles.push_back(TextBlock(language, ja ? "catalog_pages.title_ja" : "catalog_pages.title_en", t, lang));
    }
    if (!x.empty()) {
      texts.push_back(TextBlock(language, ja ? "catalog_pages.text_ja" : "catalog_pages.text_en", x, lang));
    }
  }
  view.data.set("titles", titles);
  view.data.set("texts", texts);
  view.data.set("has_texts", !texts.is_empty_list());

  if (control.is_group) {
    view.data.set("kind", Msg(language, "catalog_pages.group"));
  }
  view.data.set("level", LevelLabel(language, control.level));
  view.data.set("tier", TierLabel(language, control.tier));
  view.data.set("rule", control.is_group || control.rule == domain::MandatoryRule::kNone
                            ? Msg(language, "catalog_pages.no_value")
                            : RuleLabel(language, control.rule));
  view.data.set("suffix", control.suffix.empty() ? Msg(language, "catalog_pages.no_value") : control.suffix);
  view.data.set("status",
                Msg(language, control.withdrawn ? "catalog_pages.withdrawn" : "catalog_pages.status_current"));

  data children{data::type::list};
  for (const auto& child : page->children) {
    children.push_back(ControlItem(language, key, child));
  }
  view.data.set("children", children);
  view.data.set("has_children", !page->children.empty());

  const domain::ControlRef self{key, control.id};
  data mappings{data::type::list};
  for (const auto& mapping : page->mappings) {
    const MappingView side = FromSide(mapping, self);
    data row{data::type::object};
    row.set("relationship", RelationshipLabel(language, side.relationship));
    const auto other = loaded.find(side.other.edition_key);
    if (other != loaded.end()) {
      SetLocalText(row, "edition", EditionTitle(language, other->second->info));
      row.set("edition_href", EditionHref(side.other.edition_key));
      row.set("control_href", ControlHref(side.other.edition_key, side.other.control_id));
      row.set("not_loaded", false);
    } else {
      SetLocalText(row, "edition", LocalText{side.other.edition_key, ""});
      row.set("edition_href", false);
      row.set("control_href", false);
      row.set("not_loaded", true);
    }
    row.set("control_id", side.other.control_id);
    row.set("source_document",
            mapping.source_document.empty() ? Msg(language, "catalog_pages.no_value") : mapping.source_document);
    mappings.push_back(row);
  }
  view.data.set("mappings", mappings);
  view.data.set("has_mappings", !page->mappings.empty());
  return RenderPage(request, std::move(view), visitor.chrome);
}

}  // namespace

void RegisterCatalogPages(http::Router& router, PagesContext& context) {
  const auto read = app::Action::kReadCatalogs;
  // /catalogs/search and /catalogs/diff first: the router takes the first pattern that matches,
  // and they would otherwise be read as edition keys.
  RegisterCatalogSearchPages(router, context);
  router.Add(http::Method::kGet, "/catalogs", read, PublicPage(context, IndexPage));
  router.Add(http::Method::kGet, "/catalogs/{key}", read, PublicPage(context, EditionPage));
  router.Add(http::Method::kGet, "/catalogs/{key}/controls/{control}", read, PublicPage(context, ControlPage));
}

}  // namespace ismap::web::pages
