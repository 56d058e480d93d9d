#include "web/pages/catalog_view.hpp"

#include "web/form.hpp"
#include "web/pages/common.hpp"

namespace ismap::web::pages {

using kainjow::mustache::data;

LocalText PickLanguage(core::Language language, const std::string& ja, const std::string& en) {
  const bool english = language == core::Language::kEn;
  const std::string& wanted = english ? en : ja;
  if (!wanted.empty()) {
    return {wanted, ""};
  }
  const std::string& other = english ? ja : en;
  if (other.empty()) {
    return {"", ""};
  }
  return {other, english ? "ja" : "en"};
}

LocalText EditionTitle(core::Language language, const domain::EditionInfo& info) {
  LocalText title = PickLanguage(language, info.title_ja, info.title_en);
  if (title.text.empty()) {
    title.text = info.key;
  }
  return title;
}

LocalText ControlTitle(core::Language language, const domain::Control& control) {
  return PickLanguage(language, control.title_ja, control.title_en);
}

void SetLocalText(data& item, const std::string& name, const LocalText& text) {
  item.set(name, text.text);
  if (text.lang.empty()) {
    item.set(name + "_lang", false);
  } else {
    item.set(name + "_lang", text.lang);
  }
}

std::string EditionHref(std::string_view key) { return "/catalogs/" + QueryEscape(key); }

std::string ControlHref(std::string_view key, std::string_view control_id) {
  return EditionHref(key) + "/controls/" + QueryEscape(control_id);
}

std::string Msg(core::Language language, std::string_view key) {
  return std::string(core::Messages::Get().Text(language, key));
}

std::string RuleLabel(core::Language language, domain::MandatoryRule rule) {
  return Msg(language, "catalog_pages.rule_" + std::string(domain::ToString(rule)));
}

std::string TierLabel(core::Language language, domain::CriteriaTier tier) {
  return Msg(language, "catalog_pages.tier_" + std::string(domain::ToString(tier)));
}

std::string LevelLabel(core::Language language, domain::ControlLevel level) {
  return Msg(language, "catalog_pages.level_" + std::string(domain::ToString(level)));
}

std::string BaselineKindLabel(core::Language language, domain::BaselineKind kind) {
  return Msg(language, "catalog_pages.kind_" + std::string(domain::ToString(kind)));
}

std::string RelationshipLabel(core::Language language, domain::MappingRelationship relationship) {
  return Msg(language, "catalog_pages.relationship_" + std::string(domain::ToString(relationship)));
}

std::string ChangedFieldLabel(core::Language language, const std::string& field) {
  const std::string key = "catalog_pages.change_" + field;
  // A field the diff learns later shows under its own name rather than as a message key.
  return core::Messages::Get().Has(language, key) ? Msg(language, key) : field;
}

data ControlItem(core::Language language, std::string_view edition_key, const domain::Control& control) {
  data item{data::type::object};
  item.set("id", control.id);
  item.set("href", ControlHref(edition_key, control.id));
  SetLocalText(item, "title", ControlTitle(language, control));
  if (control.is_group || control.rule == domain::MandatoryRule::kNone) {
    item.set("rule", false);
    item.set("rule_class", false);
  } else {
    item.set("rule", RuleLabel(language, control.rule));
    item.set("rule_class", std::string(domain::ToString(control.rule)));
  }
  item.set("withdrawn", control.withdrawn);
  return item;
}

data SearchForm(core::Language language, const std::vector<domain::Edition>& editions, const std::string& q,
                const std::string& edition, const std::string& error) {
  data form{data::type::object};
  form.set("q", q);
  data options{data::type::list};
  for (const auto& e : editions) {
    data option{data::type::object};
    option.set("value", e.info.key);
    SetLocalText(option, "label", EditionTitle(language, e.info));
    option.set("selected", e.info.key == edition);
    options.push_back(option);
  }
  form.set("editions", options);
  if (error.empty()) {
    form.set("q_error", false);
  } else {
    form.set("q_error", error);
  }
  return form;
}

std::variant<Visitor, http::Response> VisitorOf(const http::Request& request, PagesContext& context) {
  auto signed_in = SignedIn(request, context);
  if (!signed_in) {
    return ErrorPage(request, signed_in.error(), ChromeFor(context, std::nullopt));
  }
  Visitor visitor;
  visitor.chrome = ChromeFor(context, *signed_in);
  if (*signed_in) {
    visitor.principal = (*signed_in)->principal;
  }
  return visitor;
}

}  // namespace ismap::web::pages
