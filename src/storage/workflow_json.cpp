#include "storage/workflow_json.hpp"

#include <nlohmann/json.hpp>

namespace ismap::storage {
namespace {

using nlohmann::json;

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

// Runs `decode` on the parsed text; any parse or type error is corruption.
template <class T, class F>
core::Result<T> Decode(const std::string& text, const char* what, F decode) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return Corrupt(std::string(what) + " is not JSON");
  }
  try {
    return decode(doc);
  } catch (const json::exception& e) {
    return Corrupt(std::string(what) + ": " + e.what());
  }
}

}  // namespace

std::string EncodeAuditBodyContent(const domain::AuditBodyApplicationContent& content) {
  json auditors = json::array();
  for (const auto& a : content.auditors) {
    json qualifications = json::array();
    for (const auto& q : a.qualifications) {
      json item = {{"kind", domain::ToString(q.kind)}, {"other_name", q.other_name}, {"number", q.number}};
      item["expires_on"] = q.expires_on ? json(domain::FormatDate(*q.expires_on)) : json(nullptr);
      qualifications.push_back(std::move(item));
    }
    auditors.push_back({{"name", a.name}, {"qualifications", std::move(qualifications)}});
  }
  json documents = json::array();
  for (const auto& d : content.documents) {
    documents.push_back(d.value());
  }
  return json{{"organization_id", content.organization_id.value()},
              {"legal_form", domain::ToString(content.legal_form)},
              {"auditors", std::move(auditors)},
              {"quality_control", content.quality_control},
              {"independence_policy", content.independence_policy},
              {"documents", std::move(documents)}}
      .dump();
}

core::Result<domain::AuditBodyApplicationContent> DecodeAuditBodyContent(const std::string& text) {
  return Decode<domain::AuditBodyApplicationContent>(
      text, "audit body content", [](const json& doc) -> core::Result<domain::AuditBodyApplicationContent> {
        domain::AuditBodyApplicationContent c;
        c.organization_id = domain::OrganizationId(doc.at("organization_id").get<std::int64_t>());
        const auto form = domain::LegalFormFromString(doc.at("legal_form").get<std::string>());
        if (!form) {
          return Corrupt("audit body content: unknown legal form");
        }
        c.legal_form = *form;
        for (const auto& a : doc.at("auditors")) {
          domain::Auditor auditor;
          auditor.name = a.at("name").get<std::string>();
          for (const auto& q : a.at("qualifications")) {
            domain::Qualification qualification;
            const auto kind = domain::QualificationKindFromString(q.at("kind").get<std::string>());
            if (!kind) {
              return Corrupt("audit body content: unknown qualification");
            }
            qualification.kind = *kind;
            qualification.other_name = q.at("other_name").get<std::string>();
            qualification.number = q.at("number").get<std::string>();
            if (!q.at("expires_on").is_null()) {
              auto date = domain::ParseDate(q.at("expires_on").get<std::string>());
              if (!date) {
                return Corrupt("audit body content: bad expiry");
              }
              qualification.expires_on = *date;
            }
            auditor.qualifications.push_back(std::move(qualification));
          }
          c.auditors.push_back(std::move(auditor));
        }
        c.quality_control = doc.at("quality_control").get<std::string>();
        c.independence_policy = doc.at("independence_policy").get<std::string>();
        for (const auto& d : doc.at("documents")) {
          c.documents.emplace_back(d.get<std::int64_t>());
        }
        return c;
      });
}

std::string EncodeAssessments(const std::vector<domain::ItemAssessment>& items) {
  json out = json::array();
  for (const auto& i : items) {
    out.push_back({{"id", i.item_id}, {"verdict", domain::ToString(i.verdict)}, {"note", i.note}});
  }
  return out.dump();
}

core::Result<std::vector<domain::ItemAssessment>> DecodeAssessments(const std::string& text) {
  return Decode<std::vector<domain::ItemAssessment>>(
      text, "evaluation", [](const json& doc) -> core::Result<std::vector<domain::ItemAssessment>> {
        std::vector<domain::ItemAssessment> out;
        for (const auto& i : doc) {
          const auto verdict = domain::ItemVerdictFromString(i.at("verdict").get<std::string>());
          if (!verdict) {
            return Corrupt("evaluation: unknown verdict");
          }
          out.push_back({i.at("id").get<std::string>(), *verdict, i.at("note").get<std::string>()});
        }
        return out;
      });
}

std::string EncodeRequirementItems(const std::vector<domain::RequirementItem>& items) {
  json out = json::array();
  for (const auto& i : items) {
    out.push_back({{"id", i.id}, {"ja", i.text_ja}, {"en", i.text_en}});
  }
  return out.dump();
}

core::Result<std::vector<domain::RequirementItem>> DecodeRequirementItems(const std::string& text) {
  return Decode<std::vector<domain::RequirementItem>>(
      text, "requirement set", [](const json& doc) -> core::Result<std::vector<domain::RequirementItem>> {
        std::vector<domain::RequirementItem> out;
        for (const auto& i : doc) {
          out.push_back({i.at("id").get<std::string>(), i.at("ja").get<std::string>(), i.at("en").get<std::string>()});
        }
        return out;
      });
}

std::string EncodeUserIds(const std::vector<domain::UserId>& users) {
  json out = json::array();
  for (const auto& u : users) {
    out.push_back(u.value());
  }
  return out.dump();
}

core::Result<std::vector<domain::UserId>> DecodeUserIds(const std::string& text) {
  return Decode<std::vector<domain::UserId>>(text, "members",
                                             [](const json& doc) -> core::Result<std::vector<domain::UserId>> {
                                               std::vector<domain::UserId> out;
                                               for (const auto& u : doc) {
                                                 out.emplace_back(u.get<std::int64_t>());
                                               }
                                               return out;
                                             });
}

}  // namespace ismap::storage
