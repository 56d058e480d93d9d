#include "http/api/criteria_json.hpp"

#include <map>

#include "core/clock.hpp"

namespace ismap::http::api {

using nlohmann::json;

json EditionInfoToJson(const domain::EditionInfo& info) {
  return json{
      {"key", info.key},           {"scheme", info.scheme},
      {"version", info.version},   {"effective_date", info.effective_date ? json(*info.effective_date) : json(nullptr)},
      {"source", info.source},     {"format", domain::ToString(info.format)},
      {"title_ja", info.title_ja}, {"title_en", info.title_en},
  };
}

json EditionToJson(const domain::Edition& edition) {
  json out = EditionInfoToJson(edition.info);
  out["control_count"] = edition.control_count;
  out["created_at"] = core::FormatRfc3339(edition.created_at);
  return out;
}

json ControlSummaryJson(const domain::Control& c) {
  return json{
      {"id", c.id},
      {"parent_id", c.parent_id ? json(*c.parent_id) : json(nullptr)},
      {"is_group", c.is_group},
      {"tier", domain::ToString(c.tier)},
      {"level", domain::ToString(c.level)},
      {"rule", domain::ToString(c.rule)},
      {"suffix", c.suffix},
      {"title_ja", c.title_ja},
      {"title_en", c.title_en},
      {"withdrawn", c.withdrawn},
  };
}

json ControlToJson(const domain::Control& c) {
  json out = ControlSummaryJson(c);
  out["text_ja"] = c.text_ja;
  out["text_en"] = c.text_en;
  return out;
}

json TreeToJson(const std::vector<domain::Control>& controls) {
  // Parents come before their children, so each node can be attached as it is read.
  json roots = json::array();
  std::map<std::string, json::json_pointer> where;
  for (const auto& c : controls) {
    json node = ControlSummaryJson(c);
    node["children"] = json::array();
    json::json_pointer path;
    if (c.parent_id && where.count(*c.parent_id) > 0) {
      const json::json_pointer parent_children = where[*c.parent_id] / "children";
      json& siblings = roots[parent_children];
      path = parent_children / siblings.size();
      siblings.push_back(std::move(node));
    } else {
      path = json::json_pointer("/" + std::to_string(roots.size()));
      roots.push_back(std::move(node));
    }
    where.emplace(c.id, path);
  }
  return roots;
}

json MappingToJson(const domain::ControlMapping& m) {
  return json{
      {"from", {{"edition", m.from.edition_key}, {"control_id", m.from.control_id}}},
      {"to", {{"edition", m.to.edition_key}, {"control_id", m.to.control_id}}},
      {"relationship", domain::ToString(m.relationship)},
      {"source", m.source_document},
  };
}

json BaselineInfoToJson(const domain::BaselineInfo& info) {
  return json{
      {"key", info.key},
      {"edition", info.edition_key},
      {"kind", domain::ToString(info.kind)},
      {"title_ja", info.title_ja},
      {"title_en", info.title_en},
      {"based_on", info.based_on ? json(*info.based_on) : json(nullptr)},
  };
}

json BaselineToJson(const domain::Baseline& baseline) {
  json out = BaselineInfoToJson(baseline.info);
  out["entry_count"] = baseline.entry_count;
  out["created_at"] = core::FormatRfc3339(baseline.created_at);
  return out;
}

json DiffToJson(const std::string& before, const std::string& after, const domain::EditionDiff& diff) {
  json out = {{"before", before},
              {"after", after},
              {"added", json::array()},
              {"removed", json::array()},
              {"changed", json::array()}};
  for (const auto& c : diff.added) {
    out["added"].push_back(ControlToJson(c));
  }
  for (const auto& c : diff.removed) {
    out["removed"].push_back(ControlToJson(c));
  }
  for (const auto& change : diff.changed) {
    out["changed"].push_back(
        {{"before", ControlToJson(change.before)}, {"after", ControlToJson(change.after)}, {"fields", change.fields}});
  }
  return out;
}

}  // namespace ismap::http::api
