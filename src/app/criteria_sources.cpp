#include "app/criteria_sources.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace ismap::app {
namespace {

using nlohmann::json;

core::Error BadSkeleton(const std::string& file, const std::string& pointer, const std::string& problem) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "criteria.bad_skeleton",
                         fmt::format("{}: {}: {}", file, pointer.empty() ? "/" : pointer, problem));
}

core::Error BadSheet(const std::string& file, const std::string& where, const std::string& problem) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "criteria.bad_sheet",
                         fmt::format("{}: {}: {}", file, where, problem));
}

// The columns of docs/criteria_import.md, each with its Japanese header.
struct Column {
  const char* name;
  const char* japanese;
};
constexpr std::array<Column, 9> kColumns = {{
    {"id", "項番"},
    {"parent", "親項番"},
    {"title_ja", "表題"},
    {"title_en", "英語表題"},
    {"text_ja", "本文"},
    {"text_en", "英語本文"},
    {"mandatory", "必須"},
    {"liu", "LIU対象"},
    {"withdrawn", "廃止"},
}};

bool IsYes(std::string_view cell) {
  for (std::string_view yes :
       {"yes", "y", "true", "1", "○", "〇", "●", "必須", "対象", "廃止", "Yes", "YES", "TRUE", "Y"}) {
    if (cell == yes) {
      return true;
    }
  }
  return false;
}

bool IsNo(std::string_view cell) {
  for (std::string_view no : {"", "no", "n", "false", "0", "-", "×", "No", "NO", "FALSE", "N"}) {
    if (cell == no) {
      return true;
    }
  }
  return false;
}

std::string Trimmed(std::string_view cell) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!cell.empty() && is_space(cell.front())) {
    cell.remove_prefix(1);
  }
  while (!cell.empty() && is_space(cell.back())) {
    cell.remove_suffix(1);
  }
  return std::string(cell);
}

// Header name -> column index, for known and unknown columns alike.
struct Header {
  std::map<std::string, std::size_t> known;
  std::vector<std::pair<std::string, std::size_t>> others;
};

core::Result<Header> ReadHeader(const tabular::Table& table, const std::string& file) {
  if (table.rows.empty()) {
    return BadSheet(file, "row 1", "the sheet is empty: the first row must name the columns");
  }
  Header header;
  std::set<std::string> seen;
  const auto& cells = table.rows[0];
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string name = Trimmed(cells[i]);
    if (name.empty()) {
      continue;
    }
    if (!seen.insert(name).second) {
      return BadSheet(file, fmt::format("row 1, column {}", i + 1), "the column \"" + name + "\" appears twice");
    }
    bool known = false;
    for (const Column& column : kColumns) {
      if (name == column.name || name == column.japanese) {
        if (!header.known.emplace(column.name, i).second) {
          return BadSheet(file, fmt::format("row 1, column {}", i + 1),
                          fmt::format("\"{}\" and \"{}\" are the same column", column.name, column.japanese));
        }
        known = true;
      }
    }
    if (!known) {
      header.others.emplace_back(name, i);
    }
  }
  if (header.known.count("id") == 0) {
    return BadSheet(file, "row 1", "no \"id\" (項番) column");
  }
  if (header.known.count("title_ja") == 0 && header.known.count("title_en") == 0) {
    return BadSheet(file, "row 1", "no \"title_ja\" (表題) or \"title_en\" (英語表題) column");
  }
  return header;
}

bool RowIsEmpty(const std::vector<std::string>& row) {
  for (const std::string& cell : row) {
    if (!Trimmed(cell).empty()) {
      return false;
    }
  }
  return true;
}

std::string ParentOfIsmapItem(const domain::IsmapNumber& number) {
  domain::IsmapNumber parent = number;
  parent.parts.pop_back();
  parent.suffix.clear();
  return parent.base();
}

// The members of `object` other than `known`, as a JSON object text ("" when there are none).
std::string OtherMembers(const json& object, std::initializer_list<const char*> known) {
  json others = json::object();
  for (const auto& [name, value] : object.items()) {
    bool is_known = false;
    for (const char* k : known) {
      is_known = is_known || name == k;
    }
    if (!is_known) {
      others[name] = value;
    }
  }
  return others.empty() ? std::string() : others.dump();
}

core::Result<std::string> SkeletonText(const json& object, const char* member, const std::string& pointer,
                                       const std::string& file) {
  auto it = object.find(member);
  if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return BadSkeleton(file, pointer + "/" + member, "a non-empty string is required");
  }
  return it->get<std::string>();
}

core::Result<const json*> SkeletonArray(const json& object, const char* member, const std::string& pointer,
                                        const std::string& file) {
  auto it = object.find(member);
  if (it == object.end() || !it->is_array()) {
    return BadSkeleton(file, pointer + "/" + member, "an array is required");
  }
  return &*it;
}

// One chapter, category or objective of the skeleton.
core::Result<domain::Control> SkeletonItem(const json& object, const std::string& pointer,
                                           const std::optional<std::string>& parent, const char* children,
                                           const std::string& file) {
  if (!object.is_object()) {
    return BadSkeleton(file, pointer, "an object is required");
  }
  domain::Control item;
  ISMAP_ASSIGN_OR_RETURN(item.id, SkeletonText(object, "id", pointer, file));
  ISMAP_ASSIGN_OR_RETURN(item.title_ja, SkeletonText(object, "title_ja", pointer, file));
  ISMAP_ASSIGN_OR_RETURN(item.title_en, SkeletonText(object, "title_en", pointer, file));
  item.parent_id = parent;
  item.source_json = children != nullptr ? OtherMembers(object, {"id", "title_ja", "title_en", children})
                                         : OtherMembers(object, {"id", "title_ja", "title_en"});
  return item;
}

}  // namespace

core::Result<CriteriaImport> ImportSkeleton(std::string_view json_text, const std::string& file, std::string key) {
  json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return BadSkeleton(file, "", "not a JSON object");
  }
  CriteriaImport out;
  domain::EditionInfo& info = out.edition.info;
  info.key = std::move(key);
  info.scheme = "ismap";
  info.version = "skeleton";
  info.source = file;
  info.format = domain::SourceFormat::kSkeleton;
  info.title_ja = "ISMAP管理策基準 骨格（非公式）";
  info.title_en = "ISMAP control-measure criteria skeleton (unofficial)";
  info.source_json = OtherMembers(root, {"chapters"});
  ISMAP_ASSIGN_OR_RETURN(const json* chapters, SkeletonArray(root, "chapters", "", file));
  auto& controls = out.edition.controls;
  for (std::size_t c = 0; c < chapters->size(); ++c) {
    const std::string cp = fmt::format("/chapters/{}", c);
    ISMAP_ASSIGN_OR_RETURN(auto chapter, SkeletonItem((*chapters)[c], cp, std::nullopt, "categories", file));
    ISMAP_ASSIGN_OR_RETURN(const json* categories, SkeletonArray((*chapters)[c], "categories", cp, file));
    const std::string chapter_id = chapter.id;
    controls.push_back(std::move(chapter));
    for (std::size_t g = 0; g < categories->size(); ++g) {
      const std::string gp = fmt::format("{}/categories/{}", cp, g);
      ISMAP_ASSIGN_OR_RETURN(auto category, SkeletonItem((*categories)[g], gp, chapter_id, "objectives", file));
      ISMAP_ASSIGN_OR_RETURN(const json* objectives, SkeletonArray((*categories)[g], "objectives", gp, file));
      const std::string category_id = category.id;
      controls.push_back(std::move(category));
      for (std::size_t o = 0; o < objectives->size(); ++o) {
        const std::string op = fmt::format("{}/objectives/{}", gp, o);
        ISMAP_ASSIGN_OR_RETURN(auto objective, SkeletonItem((*objectives)[o], op, category_id, nullptr, file));
        controls.push_back(std::move(objective));
      }
    }
  }
  domain::ApplyIsmapRules(&out.edition);
  if (auto valid = domain::ValidateEdition(out.edition); !valid) {
    return BadSkeleton(file, "/chapters", valid.error().message);
  }
  out.baselines.push_back(domain::StandardBaseline(out.edition, out.edition.info.key + "-standard"));
  return out;
}

core::Result<CriteriaImport> ImportCriteriaTable(const tabular::Table& controls, const domain::EditionInfo& info,
                                                 const std::string& file) {
  ISMAP_ASSIGN_OR_RETURN(Header header, ReadHeader(controls, file));
  const bool ismap = info.scheme == "ismap";
  CriteriaImport out;
  out.edition.info = info;
  domain::BaselineContent liu;
  liu.info = {info.key + "-liu",
              info.key,
              domain::BaselineKind::kLowImpact,
              info.title_ja + " ISMAP-LIU",
              info.title_en + " ISMAP-LIU",
              std::nullopt,
              ""};
  auto cell = [&](std::size_t row, const char* name) -> std::string {
    auto it = header.known.find(name);
    return it == header.known.end() ? std::string() : Trimmed(tabular::CellAt(controls, row, it->second));
  };
  // The row of each id so far: duplicates and missing parents are reported at their row, not only
  // by id in ValidateEdition's summary.
  std::map<std::string, std::size_t> row_of;
  for (std::size_t row = 1; row < controls.rows.size(); ++row) {
    if (RowIsEmpty(controls.rows[row])) {
      continue;
    }
    const std::string where = fmt::format("row {}", row + 1);
    domain::Control item;
    item.id = cell(row, "id");
    if (item.id.empty()) {
      return BadSheet(file, where, "the id (項番) is empty");
    }
    item.title_ja = cell(row, "title_ja");
    item.title_en = cell(row, "title_en");
    item.text_ja = cell(row, "text_ja");
    item.text_en = cell(row, "text_en");
    for (const char* flag : {"mandatory", "liu", "withdrawn"}) {
      const std::string value = cell(row, flag);
      if (!IsYes(value) && !IsNo(value)) {
        return BadSheet(file, where + ", column " + flag,
                        "\"" + value + "\" is neither yes (yes, 1, ○, 必須) nor no (empty, no, 0, -)");
      }
    }
    item.withdrawn = IsYes(cell(row, "withdrawn"));
    const std::string parent = cell(row, "parent");
    if (!parent.empty()) {
      item.parent_id = parent;
    }
    if (ismap) {
      auto number = domain::ParseIsmapNumber(item.id);
      if (!number) {
        return BadSheet(file, where + ", column id", number.error().message);
      }
      if (!item.parent_id && number->parts.size() > 1) {
        item.parent_id = ParentOfIsmapItem(*number);
      }
    } else {
      item.is_group = false;
      item.level = item.parent_id ? domain::ControlLevel::kDetailed : domain::ControlLevel::kObjective;
      item.rule = domain::MandatoryRule::kSelectable;
    }
    if (auto first = row_of.find(item.id); first != row_of.end()) {
      return BadSheet(file, where + ", column id",
                      fmt::format("the id {} appears twice (first at row {})", item.id, first->second));
    }
    if (item.parent_id && row_of.count(*item.parent_id) == 0) {
      return BadSheet(file, parent.empty() ? where : where + ", column parent",
                      fmt::format("the parent {} of {} is not on an earlier row", *item.parent_id, item.id));
    }
    if (item.title_ja.empty() && item.title_en.empty() && !item.withdrawn) {
      return BadSheet(file, where, "no title (表題 or 英語表題)");
    }
    row_of.emplace(item.id, row + 1);
    if (IsYes(cell(row, "mandatory"))) {
      item.rule = domain::MandatoryRule::kMandatory;
    }
    json others = json::object();
    for (const auto& [name, index] : header.others) {
      const std::string value(tabular::CellAt(controls, row, index));
      if (!value.empty()) {
        others[name] = value;
      }
    }
    if (!others.empty()) {
      item.source_json = others.dump();
    }
    if (IsYes(cell(row, "liu"))) {
      liu.entries.push_back({item.id, true});
    }
    out.edition.controls.push_back(std::move(item));
  }
  if (ismap) {
    domain::ApplyIsmapRules(&out.edition);
  }
  if (auto valid = domain::ValidateEdition(out.edition); !valid) {
    return BadSheet(file, "the rows", valid.error().message);
  }
  // A baseline lists requirements: a chapter or category marked LIU would be a silent no-op.
  const std::set<std::string> liu_ids = [&] {
    std::set<std::string> ids;
    for (const auto& entry : liu.entries) {
      ids.insert(entry.control_id);
    }
    return ids;
  }();
  for (const auto& control : out.edition.controls) {
    if (control.is_group && liu_ids.count(control.id) > 0) {
      return BadSheet(file, fmt::format("row {}, column liu", row_of[control.id]),
                      control.id + " is a chapter or category: mark its objectives and controls instead");
    }
  }
  if (ismap) {
    out.baselines.push_back(domain::StandardBaseline(out.edition, info.key + "-standard"));
  }
  if (!liu.entries.empty()) {
    out.baselines.push_back(std::move(liu));
  }
  return out;
}

core::Result<domain::EditionInfo> ReadEditionSheet(const tabular::Table& sheet, domain::EditionInfo info,
                                                   const std::string& file) {
  for (std::size_t row = 0; row < sheet.rows.size(); ++row) {
    const std::string field = Trimmed(tabular::CellAt(sheet, row, 0));
    const std::string value = Trimmed(tabular::CellAt(sheet, row, 1));
    if (field.empty() || field == "field" || field == "項目") {
      continue;
    }
    if (field == "key") {
      info.key = value;
    } else if (field == "scheme") {
      info.scheme = value;
    } else if (field == "version") {
      info.version = value;
    } else if (field == "effective_date") {
      info.effective_date = value.empty() ? std::nullopt : std::optional<std::string>(value);
    } else if (field == "title_ja") {
      info.title_ja = value;
    } else if (field == "title_en") {
      info.title_en = value;
    } else if (field == "source") {
      info.source = value;
    } else {
      return BadSheet(
          file, fmt::format("sheet \"{}\", row {}", sheet.name, row + 1),
          "unknown field \"" + field + "\" (key, scheme, version, effective_date, title_ja, title_en, source)");
    }
  }
  return info;
}

core::Result<std::vector<domain::ControlMapping>> ImportMappingTable(const tabular::Table& mappings,
                                                                     const std::string& edition_key,
                                                                     const std::string& file) {
  if (mappings.rows.empty()) {
    return std::vector<domain::ControlMapping>{};
  }
  std::map<std::string, std::size_t> columns;
  for (const char* name : {"from", "to_edition", "to", "relationship", "source"}) {
    auto index = tabular::FindColumn(mappings, name);
    if (!index) {
      return BadSheet(file, "mappings, row 1", fmt::format("no \"{}\" column", name));
    }
    columns[name] = *index;
  }
  std::vector<domain::ControlMapping> out;
  for (std::size_t row = 1; row < mappings.rows.size(); ++row) {
    if (RowIsEmpty(mappings.rows[row])) {
      continue;
    }
    auto cell = [&](const char* name) { return Trimmed(tabular::CellAt(mappings, row, columns[name])); };
    const std::string where = fmt::format("mappings, row {}", row + 1);
    domain::ControlMapping mapping;
    mapping.from = {edition_key, cell("from")};
    mapping.to = {cell("to_edition"), cell("to")};
    mapping.source_document = cell("source");
    auto relationship = domain::MappingRelationshipFromString(cell("relationship"));
    if (!relationship) {
      return BadSheet(file, where + ", column relationship",
                      "\"" + cell("relationship") + "\" is not equivalent, subset, superset or intersects");
    }
    mapping.relationship = *relationship;
    if (mapping.from.control_id.empty() || mapping.to.control_id.empty() ||
        !domain::IsValidKey(mapping.to.edition_key)) {
      return BadSheet(file, where, "from, to_edition and to are required (to_edition is an edition key)");
    }
    if (mapping.source_document.empty()) {
      return BadSheet(file, where + ", column source", "say which crosswalk the mapping comes from");
    }
    out.push_back(std::move(mapping));
  }
  return out;
}

tabular::Table CriteriaTable(const domain::EditionContent& edition, const std::vector<std::string>& liu) {
  tabular::Table table;
  table.name = "controls";
  std::vector<std::string> others;
  std::set<std::string> other_set;
  std::vector<json> kept(edition.controls.size());
  for (std::size_t i = 0; i < edition.controls.size(); ++i) {
    const domain::Control& c = edition.controls[i];
    // Spreadsheet and skeleton sources keep flat extra fields; OSCAL objects are not columns.
    if (edition.info.format != domain::SourceFormat::kOscalCatalog) {
      kept[i] = c.source_json.empty() ? json::object() : json::parse(c.source_json, nullptr, false);
      for (const auto& [name, value] : kept[i].items()) {
        if (other_set.insert(name).second) {
          others.push_back(name);
        }
      }
    }
  }
  std::vector<std::string> headers = {"id",      "parent",    "title_ja", "title_en", "text_ja",
                                      "text_en", "mandatory", "liu",      "withdrawn"};
  headers.insert(headers.end(), others.begin(), others.end());
  table.rows.push_back(headers);
  const std::set<std::string> liu_set(liu.begin(), liu.end());
  for (std::size_t i = 0; i < edition.controls.size(); ++i) {
    const domain::Control& c = edition.controls[i];
    const bool marked = c.level == domain::ControlLevel::kDetailed && c.rule == domain::MandatoryRule::kMandatory;
    std::vector<std::string> row = {c.id,
                                    c.parent_id.value_or(""),
                                    c.title_ja,
                                    c.title_en,
                                    c.text_ja,
                                    c.text_en,
                                    marked ? "yes" : "",
                                    liu_set.count(c.id) ? "yes" : "",
                                    c.withdrawn ? "yes" : ""};
    for (const std::string& name : others) {
      auto it = kept[i].is_object() ? kept[i].find(name) : kept[i].end();
      std::string cell;
      if (kept[i].is_object() && it != kept[i].end()) {
        cell = it->is_string() ? it->get<std::string>() : it->dump();  // the skeleton's false stays "false"
      }
      row.push_back(std::move(cell));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

tabular::Table MappingTable(const std::vector<domain::ControlMapping>& mappings) {
  tabular::Table table;
  table.name = "mappings";
  table.rows.push_back({"from", "to_edition", "to", "relationship", "source"});
  for (const auto& m : mappings) {
    table.rows.push_back({m.from.control_id, m.to.edition_key, m.to.control_id,
                          std::string(domain::ToString(m.relationship)), m.source_document});
  }
  return table;
}

tabular::Table EditionSheet(const domain::EditionInfo& info) {
  tabular::Table table;
  table.name = "edition";
  table.rows = {{"field", "value"},
                {"key", info.key},
                {"scheme", info.scheme},
                {"version", info.version},
                {"effective_date", info.effective_date.value_or("")},
                {"title_ja", info.title_ja},
                {"title_en", info.title_en},
                {"source", info.source}};
  return table;
}

}  // namespace ismap::app
