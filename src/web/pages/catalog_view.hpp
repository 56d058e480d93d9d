// What the catalog pages (pages/catalogs.cpp, pages/catalog_search.cpp) share: titles in the
// page's language with a fallback to the other, links to editions and controls, translated labels
// for the criteria enums, and one control as a template item. Internal to src/web.
#pragma once

#include <kainjow/mustache.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/authorization.hpp"
#include "core/i18n.hpp"
#include "domain/criteria.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/pages.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

// A text in the page's language, or in the other one when that is all there is. `lang` is the
// language of `text` when it is not the page's (for a lang attribute), else empty.
struct LocalText {
  std::string text;
  std::string lang;
};
LocalText PickLanguage(core::Language language, const std::string& ja, const std::string& en);
LocalText EditionTitle(core::Language language, const domain::EditionInfo& info);
LocalText ControlTitle(core::Language language, const domain::Control& control);

// Sets `name` and, when the text is in the other language, `<name>_lang` ("en"), else false, so a
// template writes {{name}} inside <span{{#name_lang}} lang="{{name_lang}}"{{/name_lang}}>.
void SetLocalText(kainjow::mustache::data& item, const std::string& name, const LocalText& text);

// "/catalogs/<key>" and "/catalogs/<key>/controls/<id>", each segment percent-encoded.
std::string EditionHref(std::string_view key);
std::string ControlHref(std::string_view key, std::string_view control_id);

// The message of `key` in `language`.
std::string Msg(core::Language language, std::string_view key);

// Translated labels: catalog_pages.rule_*, tier_*, level_*, kind_*, relationship_*, change_*.
std::string RuleLabel(core::Language language, domain::MandatoryRule rule);
std::string TierLabel(core::Language language, domain::CriteriaTier tier);
std::string LevelLabel(core::Language language, domain::ControlLevel level);
std::string BaselineKindLabel(core::Language language, domain::BaselineKind kind);
std::string RelationshipLabel(core::Language language, domain::MappingRelationship relationship);
std::string ChangedFieldLabel(core::Language language, const std::string& field);

// One control as a list item of the templates: id, href, title (+ title_lang), rule (the badge
// text, or false for groups and kNone), rule_class, withdrawn. Every key is set on every item, so
// that nested sections never read a parent's value.
kainjow::mustache::data ControlItem(core::Language language, std::string_view edition_key,
                                    const domain::Control& control);

// The search form's data, for the catalog_search_form.mustache partial under "form": the text,
// the loaded editions as options with `edition` selected ("" for all), and the text's error.
kainjow::mustache::data SearchForm(core::Language language, const std::vector<domain::Edition>& editions,
                                   const std::string& q, const std::string& edition, const std::string& error);

// The visitor of a public page: the signed-in user (for the header) or the public. A response
// when the session could not be checked (database unavailable).
struct Visitor {
  app::Principal principal = app::Principal::Public();
  Chrome chrome;
};
std::variant<Visitor, http::Response> VisitorOf(const http::Request& request, PagesContext& context);

// A route handler for a public page: finds the visitor, then calls page(request, context, visitor).
template <class Page>
http::Handler PublicPage(PagesContext& context, Page page) {
  return [&context, page](const http::Request& request) {
    auto visitor = VisitorOf(request, context);
    if (auto* refused = std::get_if<http::Response>(&visitor)) {
      return std::move(*refused);
    }
    return page(request, context, std::get<Visitor>(visitor));
  };
}

}  // namespace ismap::web::pages
