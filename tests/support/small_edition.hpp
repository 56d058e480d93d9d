// A small edition of the criteria in the ISMAP shape, for the cloud service tests of every layer
// (app, HTTP API, pages): chapter 3 with one governance item, chapter 5 with a control objective
// whose two detailed controls are one selectable and one marked mandatory, and a second objective
// a provider may exclude with a reason. Nine items, five to decide.
#pragma once

#include <optional>
#include <string>

#include "domain/criteria.hpp"

namespace ismap::testing {

inline domain::EditionContent SmallIsmapEdition(const std::string& key) {
  domain::EditionContent content;
  content.info.key = key;
  content.info.scheme = "ismap";
  content.info.version = "test";
  content.info.title_ja = "試験用管理基準";
  content.info.title_en = "Test criteria";
  auto add = [&](std::string id, std::optional<std::string> parent, bool group) {
    domain::Control c;
    c.id = std::move(id);
    c.parent_id = std::move(parent);
    c.is_group = group;
    c.title_ja = "管理策 " + c.id;
    c.title_en = "Control " + c.id;
    content.controls.push_back(std::move(c));
  };
  add("3", std::nullopt, true);
  add("3.1", "3", true);
  add("3.1.1", "3.1", false);
  add("5", std::nullopt, true);
  add("5.1", "5", true);
  add("5.1.1", "5.1", false);
  add("5.1.1.1", "5.1.1", false);
  add("5.1.1.2", "5.1.1", false);
  add("5.1.2", "5.1", false);
  content.controls[7].rule = domain::MandatoryRule::kMandatory;  // 5.1.1.2
  domain::ApplyIsmapRules(&content);
  return content;
}

}  // namespace ismap::testing
