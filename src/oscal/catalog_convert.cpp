#include "oscal/catalog_convert.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <map>

#include "core/crypto.hpp"

namespace ismap::oscal {
namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

core::Error Invalid(std::string reason, std::string message) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(reason), std::move(message));
}

std::string Serialize(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string SerializeCompact(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// `object` without the members named in `drop`, as compact JSON.
std::string WithoutMembers(const Value& object, std::initializer_list<const char*> drop) {
  rapidjson::Document copy;
  copy.SetObject();
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    bool skip = false;
    for (const char* name : drop) {
      skip = skip || it->name == name;
    }
    if (!skip) {
      copy.AddMember(Value(it->name, copy.GetAllocator()), Value(it->value, copy.GetAllocator()), copy.GetAllocator());
    }
  }
  return SerializeCompact(copy);
}

std::string StringMember(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

const Value* ArrayMember(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

// Props as name -> value, for props with no namespace or the one asked for.
std::map<std::string, std::string> Props(const Value& object, std::string_view ns) {
  std::map<std::string, std::string> out;
  if (const Value* props = ArrayMember(object, "props")) {
    for (const Value& prop : props->GetArray()) {
      if (!prop.IsObject() || StringMember(prop, "ns") != ns) {
        continue;
      }
      out.emplace(StringMember(prop, "name"), StringMember(prop, "value"));
    }
  }
  return out;
}

// The prose of a statement part and its sub-parts, one line per part, each after its label.
void CollectProse(const Value& part, std::string* out) {
  const std::string label = Props(part, "")["label"];
  const std::string prose = StringMember(part, "prose");
  if (!label.empty() || !prose.empty()) {
    if (!out->empty()) {
      *out += '\n';
    }
    *out += label.empty() ? prose : (prose.empty() ? label : label + " " + prose);
  }
  if (const Value* parts = ArrayMember(part, "parts")) {
    for (const Value& child : parts->GetArray()) {
      if (child.IsObject()) {
        CollectProse(child, out);
      }
    }
  }
}

std::string StatementText(const Value& control) {
  std::string text;
  if (const Value* parts = ArrayMember(control, "parts")) {
    for (const Value& part : parts->GetArray()) {
      if (part.IsObject() && StringMember(part, "name") == "statement") {
        CollectProse(part, &text);
      }
    }
  }
  return text;
}

class CatalogReader {
 public:
  CatalogReader(const CatalogImportOptions& options, domain::EditionContent* out) : options_(options), out_(out) {}

  void Groups(const Value& groups, const std::optional<std::string>& parent, int depth) {
    for (const Value& group : groups.GetArray()) {
      if (!group.IsObject()) {
        continue;
      }
      domain::Control item = Common(group, parent);
      item.is_group = true;
      item.level = depth == 0 ? domain::ControlLevel::kChapter : domain::ControlLevel::kCategory;
      item.rule = domain::MandatoryRule::kNone;
      if (item.id.empty()) {
        // OSCAL groups may go without an id; the tree needs one. The object kept for export has none.
        item.id = "group-" + std::to_string(++anonymous_groups_);
      }
      ApplyIsmapProps(group, &item);
      const std::string id = item.id;
      out_->controls.push_back(std::move(item));
      Children(group, id, depth + 1, false);
    }
  }

  void Controls(const Value& controls, const std::optional<std::string>& parent, bool under_control) {
    for (const Value& control : controls.GetArray()) {
      if (!control.IsObject()) {
        continue;
      }
      domain::Control item = Common(control, parent);
      item.level = under_control ? domain::ControlLevel::kDetailed : domain::ControlLevel::kObjective;
      item.rule = domain::MandatoryRule::kSelectable;
      SetText(&item, StatementText(control));
      item.withdrawn = Props(control, "")["status"] == "withdrawn";
      ApplyIsmapProps(control, &item);
      const std::string id = item.id;
      out_->controls.push_back(std::move(item));
      if (const Value* children = ArrayMember(control, "controls")) {
        Controls(*children, id, true);
      }
    }
  }

  void Children(const Value& container, const std::optional<std::string>& parent, int depth, bool under_control) {
    if (const Value* groups = ArrayMember(container, "groups")) {
      Groups(*groups, parent, depth);
    }
    if (const Value* controls = ArrayMember(container, "controls")) {
      Controls(*controls, parent, under_control);
    }
  }

 private:
  domain::Control Common(const Value& object, const std::optional<std::string>& parent) {
    domain::Control item;
    item.id = StringMember(object, "id");
    item.parent_id = parent;
    item.tier = domain::CriteriaTier::kControlMeasure;
    SetTitle(&item, StringMember(object, "title"));
    item.source_json = WithoutMembers(object, {"groups", "controls"});
    return item;
  }

  void SetTitle(domain::Control* item, std::string title) const {
    (options_.language == "ja" ? item->title_ja : item->title_en) = std::move(title);
  }
  void SetText(domain::Control* item, std::string text) const {
    (options_.language == "ja" ? item->text_ja : item->text_en) = std::move(text);
  }

  // A catalog this program wrote carries the ISMAP item, tier, level, rule and suffix as props.
  static void ApplyIsmapProps(const Value& object, domain::Control* item) {
    auto props = Props(object, kIsmapPropNamespace);
    if (auto it = props.find("item"); it != props.end()) {
      item->id = it->second;
    }
    if (auto tier = domain::CriteriaTierFromString(props["tier"])) {
      item->tier = *tier;
    }
    if (auto level = domain::ControlLevelFromString(props["level"])) {
      item->level = *level;
    }
    if (auto rule = domain::MandatoryRuleFromString(props["rule"])) {
      item->rule = *rule;
    }
    item->suffix = props["suffix"];
    if (!props["title-en"].empty()) {
      item->title_en = props["title-en"];
    }
    if (!props["title-ja"].empty()) {
      item->title_ja = props["title-ja"];
    }
  }

  const CatalogImportOptions& options_;
  domain::EditionContent* out_;
  int anonymous_groups_ = 0;
};

// A deterministic RFC 4122 version 5-shaped UUID from a name, so that exporting the same edition
// twice gives the same document.
std::string NameUuid(std::string_view name) {
  std::string hex = core::Sha256Hex(name);
  hex[12] = '5';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

// An OSCAL token from a column or member name: characters other than letters, digits, '.', '-'
// and '_' become '-' (non-ASCII bytes are kept: tokens admit any Unicode letter).
std::string PropName(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const auto b = static_cast<unsigned char>(c);
    const bool keep = b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    out += keep ? c : '-';
  }
  if (!out.empty() && ((out[0] >= '0' && out[0] <= '9') || out[0] == '-' || out[0] == '.')) {
    out.insert(0, "x-");
  }
  return out;
}

// Prop values may not start or end with white space.
std::string TrimmedValue(std::string value) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!value.empty() && space(value.back())) {
    value.pop_back();
  }
  std::size_t start = 0;
  while (start < value.size() && space(value[start])) {
    ++start;
  }
  return value.substr(start);
}

class CatalogWriter {
 public:
  CatalogWriter(const domain::EditionContent& edition, std::string_view language, rapidjson::Document* doc)
      : edition_(edition), language_(language), doc_(doc), alloc_(doc->GetAllocator()) {
    for (std::size_t i = 0; i < edition.controls.size(); ++i) {
      const auto& parent = edition.controls[i].parent_id;
      children_[parent ? *parent : std::string()].push_back(i);
    }
  }

  // Adds "groups" and "controls" for the children of `parent` ("" for the top) to `container`.
  void AddChildren(const std::string& parent, Value* container) {
    auto it = children_.find(parent);
    if (it == children_.end()) {
      return;
    }
    Value groups(rapidjson::kArrayType);
    Value controls(rapidjson::kArrayType);
    for (std::size_t index : it->second) {
      const domain::Control& item = edition_.controls[index];
      const bool from_oscal = edition_.info.format == domain::SourceFormat::kOscalCatalog;
      Value object = from_oscal && !item.source_json.empty() ? Kept(item) : Built(item);
      AddChildren(item.id, &object);
      (item.is_group ? groups : controls).PushBack(object, alloc_);
    }
    if (!groups.Empty()) {
      Set(container, "groups", groups);
    }
    if (!controls.Empty()) {
      Set(container, "controls", controls);
    }
  }

 private:
  std::string Pick(const std::string& ja, const std::string& en) const {
    if (language_ == "ja") {
      return ja.empty() ? en : ja;
    }
    return en.empty() ? ja : en;
  }

  Value Str(const std::string& text) {
    return Value(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc_);
  }

  void Set(Value* object, const char* name, Value& value) {
    auto it = object->FindMember(name);
    if (it != object->MemberEnd()) {
      it->value = value;
    } else {
      object->AddMember(Value(name, alloc_), value, alloc_);
    }
  }

  // An item imported from OSCAL: its object as it was, with the title of `language` when it has one.
  Value Kept(const domain::Control& item) {
    rapidjson::Document parsed;
    parsed.Parse(item.source_json.c_str(), item.source_json.size());
    Value object(parsed, alloc_);
    const std::string title = Pick(item.title_ja, item.title_en);
    if (!title.empty() && object.HasMember("title")) {
      Value value = Str(title);
      Set(&object, "title", value);
    }
    return object;
  }

  void AddProp(Value* props, const char* name, const std::string& value, bool ismap_ns) {
    if (value.empty()) {
      return;
    }
    Value prop(rapidjson::kObjectType);
    prop.AddMember("name", Value(name, alloc_), alloc_);
    if (ismap_ns) {
      prop.AddMember("ns", Value(kIsmapPropNamespace, alloc_), alloc_);
    }
    prop.AddMember("value", Str(value), alloc_);
    props->PushBack(prop, alloc_);
  }

  // What the skeleton or a spreadsheet said beyond the known fields ({"cloud_specific": false},
  // {"備考": "..."}) travels as ISMAP props, so nothing is dropped on the way to OSCAL.
  void AddSourceProps(const std::string& source_json, Value* props) {
    if (source_json.empty()) {
      return;
    }
    rapidjson::Document kept;
    kept.Parse(source_json.c_str(), source_json.size());
    if (!kept.IsObject()) {
      return;
    }
    for (auto it = kept.MemberBegin(); it != kept.MemberEnd(); ++it) {
      std::string value;
      if (it->value.IsString()) {
        value = it->value.GetString();
      } else if (it->value.IsBool()) {
        value = it->value.GetBool() ? "true" : "false";
      } else if (it->value.IsNumber()) {
        value = SerializeCompact(it->value);
      }
      const std::string name = PropName(it->name.GetString());
      value = TrimmedValue(value);
      if (!name.empty() && !value.empty()) {
        AddProp(props, name.c_str(), value, true);
      }
    }
  }

  // An item from the skeleton, CSV or XLSX: a new OSCAL object carrying the ISMAP data as props.
  Value Built(const domain::Control& item) {
    const std::string id = OscalControlId(edition_.info.scheme, item.id);
    Value object(rapidjson::kObjectType);
    object.AddMember("id", Str(id), alloc_);
    object.AddMember("class", Str("ismap-" + std::string(domain::ToString(item.level))), alloc_);
    const std::string title = Pick(item.title_ja, item.title_en);
    object.AddMember("title", Str(title.empty() ? item.id : title), alloc_);
    Value props(rapidjson::kArrayType);
    AddProp(&props, "label", item.id, false);
    if (item.withdrawn) {
      AddProp(&props, "status", "withdrawn", false);
    }
    AddProp(&props, "item", item.id, true);
    AddProp(&props, "tier", std::string(domain::ToString(item.tier)), true);
    AddProp(&props, "level", std::string(domain::ToString(item.level)), true);
    if (!item.is_group) {
      AddProp(&props, "rule", std::string(domain::ToString(item.rule)), true);
    }
    AddProp(&props, "suffix", item.suffix, true);
    // The title in the other language, so that one document carries both and imports back whole.
    if (language_ == "ja") {
      AddProp(&props, "title-en", TrimmedValue(item.title_en), true);
    } else {
      AddProp(&props, "title-ja", TrimmedValue(item.title_ja), true);
    }
    AddSourceProps(item.source_json, &props);
    object.AddMember("props", props, alloc_);
    const std::string text = Pick(item.text_ja, item.text_en);
    if (!text.empty()) {
      Value part(rapidjson::kObjectType);
      part.AddMember("id", Str(id + "_smt"), alloc_);
      part.AddMember("name", "statement", alloc_);
      part.AddMember("prose", Str(text), alloc_);
      Value parts(rapidjson::kArrayType);
      parts.PushBack(part, alloc_);
      object.AddMember("parts", parts, alloc_);
    }
    return object;
  }

  const domain::EditionContent& edition_;
  std::string language_;
  rapidjson::Document* doc_;
  Allocator& alloc_;
  std::map<std::string, std::vector<std::size_t>> children_;
};

Value BuiltMetadata(const std::string& title, const std::string& version, core::TimePoint last_modified,
                    Allocator& alloc) {
  Value metadata(rapidjson::kObjectType);
  auto str = [&](const std::string& s) { return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc); };
  metadata.AddMember("title", str(title), alloc);
  metadata.AddMember("last-modified", str(core::FormatRfc3339(last_modified)), alloc);
  metadata.AddMember("version", str(version.empty() ? std::string("1") : version), alloc);
  metadata.AddMember("oscal-version", "1.1.3", alloc);
  return metadata;
}

}  // namespace

std::string OscalControlId(std::string_view scheme, std::string_view control_id) {
  auto token_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
  };
  bool token = !control_id.empty() && !(control_id[0] >= '0' && control_id[0] <= '9') && control_id[0] != '.' &&
               control_id[0] != '-';
  for (char c : control_id) {
    token = token && token_char(c);
  }
  return token ? std::string(control_id) : std::string(scheme) + "-" + std::string(control_id);
}

core::Result<domain::EditionContent> EditionFromCatalog(const rapidjson::Value& root,
                                                        const CatalogImportOptions& options) {
  auto it = root.IsObject() ? root.FindMember("catalog") : Value::ConstMemberIterator();
  if (!root.IsObject() || it == root.MemberEnd() || !it->value.IsObject()) {
    return Invalid("oscal.not_a_catalog", "the document is not an OSCAL catalog (no \"catalog\" object at the top)");
  }
  const Value& catalog = it->value;
  domain::EditionContent edition;
  domain::EditionInfo& info = edition.info;
  info.key = options.key;
  info.scheme = options.scheme;
  info.source = options.source;
  info.format = domain::SourceFormat::kOscalCatalog;
  info.effective_date = options.effective_date;
  if (auto m = catalog.FindMember("metadata"); m != catalog.MemberEnd() && m->value.IsObject()) {
    (options.language == "ja" ? info.title_ja : info.title_en) = StringMember(m->value, "title");
    info.version = StringMember(m->value, "version");
    auto props = Props(m->value, kIsmapPropNamespace);
    if (!props["scheme"].empty()) {
      info.scheme = props["scheme"];
    }
    if (!props["effective-date"].empty() && !info.effective_date) {
      info.effective_date = props["effective-date"];
    }
  }
  info.source_json = WithoutMembers(catalog, {"groups", "controls"});

  // Children name their parent by its item id, which ISMAP props may have renamed.
  CatalogReader reader(options, &edition);
  reader.Children(catalog, std::nullopt, 0, false);

  return edition;
}

std::string CatalogFromEdition(const domain::EditionContent& edition, std::string_view language,
                               core::TimePoint last_modified) {
  rapidjson::Document doc;
  doc.SetObject();
  Allocator& alloc = doc.GetAllocator();
  Value catalog(rapidjson::kObjectType);
  const domain::EditionInfo& info = edition.info;
  if (info.format == domain::SourceFormat::kOscalCatalog && !info.source_json.empty()) {
    rapidjson::Document kept;
    kept.Parse(info.source_json.c_str(), info.source_json.size());
    catalog.CopyFrom(kept, alloc);
  } else {
    const std::string lang(language);
    catalog.AddMember("uuid", Value(NameUuid("ismap/" + info.key + "/" + lang).c_str(), alloc), alloc);
    const std::string title = lang == "ja" ? (info.title_ja.empty() ? info.title_en : info.title_ja)
                                           : (info.title_en.empty() ? info.title_ja : info.title_en);
    Value metadata = BuiltMetadata(title, info.version, last_modified, alloc);
    Value props(rapidjson::kArrayType);
    auto add = [&](const char* name, const std::string& value) {
      if (value.empty()) {
        return;
      }
      Value prop(rapidjson::kObjectType);
      prop.AddMember("name", Value(name, alloc), alloc);
      prop.AddMember("ns", Value(kIsmapPropNamespace, alloc), alloc);
      prop.AddMember("value", Value(value.c_str(), alloc), alloc);
      props.PushBack(prop, alloc);
    };
    add("edition", info.key);
    add("scheme", info.scheme);
    add("effective-date", info.effective_date.value_or(""));
    add("source", info.source);
    add("language", lang);
    metadata.AddMember("props", props, alloc);
    catalog.AddMember("metadata", metadata, alloc);
  }
  CatalogWriter writer(edition, language, &doc);
  writer.AddChildren("", &catalog);
  doc.AddMember("catalog", catalog, alloc);
  return Serialize(doc);
}

core::Result<domain::BaselineContent> BaselineFromProfile(const rapidjson::Value& root, std::string key,
                                                          std::string edition_key,
                                                          const std::vector<std::string>& selected_ids) {
  auto it = root.IsObject() ? root.FindMember("profile") : Value::ConstMemberIterator();
  if (!root.IsObject() || it == root.MemberEnd() || !it->value.IsObject()) {
    return Invalid("oscal.not_a_profile", "the document is not an OSCAL profile (no \"profile\" object at the top)");
  }
  domain::BaselineContent baseline;
  baseline.info.key = std::move(key);
  baseline.info.edition_key = std::move(edition_key);
  baseline.info.kind = domain::BaselineKind::kImported;
  if (auto m = it->value.FindMember("metadata"); m != it->value.MemberEnd() && m->value.IsObject()) {
    baseline.info.title_en = StringMember(m->value, "title");
  }
  baseline.info.source_json = SerializeCompact(it->value);
  for (const std::string& id : selected_ids) {
    baseline.entries.push_back({id, true});
  }
  return baseline;
}

std::string ProfileFromBaseline(const domain::BaselineContent& baseline, bool ismap_ids,
                                const std::string& catalog_href, std::string_view language,
                                core::TimePoint last_modified) {
  rapidjson::Document doc;
  doc.SetObject();
  Allocator& alloc = doc.GetAllocator();
  auto str = [&](const std::string& s) { return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc); };
  Value profile(rapidjson::kObjectType);
  if (!baseline.info.source_json.empty()) {
    rapidjson::Document kept;
    kept.Parse(baseline.info.source_json.c_str(), baseline.info.source_json.size());
    profile.CopyFrom(kept, alloc);
    doc.AddMember("profile", profile, alloc);
    return Serialize(doc);
  }
  const std::string lang(language);
  const domain::BaselineInfo& info = baseline.info;
  profile.AddMember("uuid", str(NameUuid("ismap-profile/" + info.key + "/" + lang)), alloc);
  const std::string title = lang == "ja" ? (info.title_ja.empty() ? info.title_en : info.title_ja)
                                         : (info.title_en.empty() ? info.title_ja : info.title_en);
  profile.AddMember("metadata", BuiltMetadata(title, "1", last_modified, alloc), alloc);
  auto oscal_id = [&](const std::string& id) { return ismap_ids ? OscalControlId("ismap", id) : id; };
  Value ids(rapidjson::kArrayType);
  Value alters(rapidjson::kArrayType);
  for (const domain::BaselineEntry& entry : baseline.entries) {
    ids.PushBack(str(oscal_id(entry.control_id)), alloc);
    if (!entry.required) {
      continue;
    }
    Value prop(rapidjson::kObjectType);
    prop.AddMember("name", "required", alloc);
    prop.AddMember("ns", Value(kIsmapPropNamespace, alloc), alloc);
    prop.AddMember("value", "true", alloc);
    Value props(rapidjson::kArrayType);
    props.PushBack(prop, alloc);
    Value add(rapidjson::kObjectType);
    add.AddMember("position", "ending", alloc);
    add.AddMember("props", props, alloc);
    Value adds(rapidjson::kArrayType);
    adds.PushBack(add, alloc);
    Value alter(rapidjson::kObjectType);
    alter.AddMember("control-id", str(oscal_id(entry.control_id)), alloc);
    alter.AddMember("adds", adds, alloc);
    alters.PushBack(alter, alloc);
  }
  Value selection(rapidjson::kObjectType);
  selection.AddMember("with-ids", ids, alloc);
  Value include(rapidjson::kArrayType);
  include.PushBack(selection, alloc);
  Value import(rapidjson::kObjectType);
  import.AddMember("href", str(catalog_href), alloc);
  import.AddMember("include-controls", include, alloc);
  Value imports(rapidjson::kArrayType);
  imports.PushBack(import, alloc);
  profile.AddMember("imports", imports, alloc);
  Value merge(rapidjson::kObjectType);
  merge.AddMember("as-is", true, alloc);
  profile.AddMember("merge", merge, alloc);
  if (!alters.Empty()) {
    Value modify(rapidjson::kObjectType);
    modify.AddMember("alters", alters, alloc);
    profile.AddMember("modify", modify, alloc);
  }
  doc.AddMember("profile", profile, alloc);
  return Serialize(doc);
}

}  // namespace ismap::oscal
