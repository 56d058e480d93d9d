#include "oscal/reference_check.hpp"

#include <string>
#include <string_view>
#include <unordered_set>

#include "oscal/json_util.hpp"

namespace ismap::oscal {
namespace {

constexpr std::string_view kRule = "dangling-reference";

struct Href {
  std::string pointer;
  std::string fragment;
  bool import = false;        // /profile/imports/N/href
  bool control_link = false;  // a link whose rel names a control relationship
};

struct Insert {
  std::string pointer;
  std::string param;
};

class Walker {
 public:
  // `key` is the member the value is under (for array elements, the array's).
  void Walk(const rapidjson::Value& value, std::string& pointer, std::string_view key) {
    if (value.IsObject()) {
      const bool link = key == "links";
      for (auto it = value.MemberBegin(); it != value.MemberEnd(); ++it) {
        const std::string_view name(it->name.GetString(), it->name.GetStringLength());
        const std::size_t size = pointer.size();
        json::AppendPointerToken(&pointer, name);
        if ((name == "uuid" || name == "id") && it->value.IsString()) {
          ids_.emplace(it->value.GetString(), it->value.GetStringLength());
        }
        if (name == "href" && it->value.IsString() && it->value.GetStringLength() > 1 &&
            it->value.GetString()[0] == '#') {
          Href href{pointer, std::string(it->value.GetString() + 1, it->value.GetStringLength() - 1), key == "imports",
                    link && IsControlRel(value)};
          hrefs_.push_back(std::move(href));
        }
        Walk(it->value, pointer, name);
        pointer.resize(size);
      }
    } else if (value.IsArray()) {
      const bool params = key == "params";
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        const std::size_t size = pointer.size();
        pointer += "/" + std::to_string(i);
        if (params && value[i].IsObject() && value[i].HasMember("id") && value[i]["id"].IsString()) {
          params_.emplace(value[i]["id"].GetString());
        }
        Walk(value[i], pointer, key);
        pointer.resize(size);
      }
    } else if (value.IsString()) {
      FindInserts(std::string_view(value.GetString(), value.GetStringLength()), pointer);
    }
  }

  std::vector<Finding> Findings(bool catalog) const {
    std::vector<Finding> out;
    for (const Href& href : hrefs_) {
      if (ids_.count(href.fragment) > 0 || href.control_link) {
        continue;
      }
      Finding f;
      f.pointer = href.pointer;
      f.rule = std::string(kRule);
      f.severity = href.import ? Finding::Severity::kError : Finding::Severity::kWarning;
      f.message = href.import
                      ? "the import names back-matter resource #" + href.fragment + ", which is not in the document"
                      : "#" + href.fragment + " names no id or uuid in the document";
      out.push_back(std::move(f));
    }
    if (catalog) {
      for (const Insert& insert : inserts_) {
        if (params_.count(insert.param) > 0) {
          continue;
        }
        Finding f;
        f.pointer = insert.pointer;
        f.rule = std::string(kRule);
        f.message = "the text inserts parameter " + insert.param + ", which is not defined in the catalog";
        out.push_back(std::move(f));
      }
    }
    return out;
  }

 private:
  static bool IsControlRel(const rapidjson::Value& link) {
    if (!link.HasMember("rel") || !link["rel"].IsString()) {
      return false;
    }
    const std::string_view rel(link["rel"].GetString(), link["rel"].GetStringLength());
    return rel == "related" || rel == "required" || rel == "incorporated-into" || rel == "moved-to";
  }

  // "{{ insert: param, ac-1_prm_1 }}", with any spacing OSCAL allows.
  void FindInserts(std::string_view text, const std::string& pointer) {
    for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
      const std::size_t end = text.find("}}", at);
      if (end == std::string_view::npos) {
        return;
      }
      std::string_view inside = text.substr(at + 2, end - at - 2);
      auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
      };
      inside = trim(inside);
      if (!inside.starts_with("insert:")) {
        continue;
      }
      inside = trim(inside.substr(7));
      const std::size_t comma = inside.find(',');
      if (comma == std::string_view::npos || trim(inside.substr(0, comma)) != "param") {
        continue;
      }
      inserts_.push_back({pointer, std::string(trim(inside.substr(comma + 1)))});
    }
  }

  std::unordered_set<std::string> ids_;
  std::unordered_set<std::string> params_;
  std::vector<Href> hrefs_;
  std::vector<Insert> inserts_;
};

}  // namespace

std::vector<Finding> CheckReferences(const rapidjson::Value& document) {
  if (!document.IsObject()) {
    return {};
  }
  Walker walker;
  std::string pointer;
  walker.Walk(document, pointer, "");
  return walker.Findings(document.HasMember("catalog"));
}

}  // namespace ismap::oscal
