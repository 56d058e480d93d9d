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

// Auditors with their qualifications, as an audit body's application and an engagement hold them:
// [{"name":..,"qualifications":[{"kind","other_name","number","expires_on"}]}].
json AuditorsJson(const std::vector<domain::Auditor>& auditors) {
  json out = json::array();
  for (const auto& a : auditors) {
    json qualifications = json::array();
    for (const auto& q : a.qualifications) {
      json item = {{"kind", domain::ToString(q.kind)}, {"other_name", q.other_name}, {"number", q.number}};
      item["expires_on"] = q.expires_on ? json(domain::FormatDate(*q.expires_on)) : json(nullptr);
      qualifications.push_back(std::move(item));
    }
    out.push_back({{"name", a.name}, {"qualifications", std::move(qualifications)}});
  }
  return out;
}

core::Result<std::vector<domain::Auditor>> ReadAuditors(const json& doc, const std::string& what) {
  std::vector<domain::Auditor> out;
  for (const auto& a : doc) {
    domain::Auditor auditor;
    auditor.name = a.at("name").get<std::string>();
    for (const auto& q : a.at("qualifications")) {
      domain::Qualification qualification;
      const auto kind = domain::QualificationKindFromString(q.at("kind").get<std::string>());
      if (!kind) {
        return Corrupt(what + ": unknown qualification");
      }
      qualification.kind = *kind;
      qualification.other_name = q.at("other_name").get<std::string>();
      qualification.number = q.at("number").get<std::string>();
      if (!q.at("expires_on").is_null()) {
        auto date = domain::ParseDate(q.at("expires_on").get<std::string>());
        if (!date) {
          return Corrupt(what + ": bad expiry");
        }
        qualification.expires_on = *date;
      }
      auditor.qualifications.push_back(std::move(qualification));
    }
    out.push_back(std::move(auditor));
  }
  return out;
}

}  // namespace

std::string EncodeAuditBodyContent(const domain::AuditBodyApplicationContent& content) {
  json auditors = AuditorsJson(content.auditors);
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
        ISMAP_ASSIGN_OR_RETURN(c.auditors, ReadAuditors(doc.at("auditors"), "audit body content"));
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

std::string EncodeRegions(const std::vector<std::string>& regions) { return json(regions).dump(); }

core::Result<std::vector<std::string>> DecodeRegions(const std::string& text) {
  return Decode<std::vector<std::string>>(
      text, "regions",
      [](const json& doc) -> core::Result<std::vector<std::string>> { return doc.get<std::vector<std::string>>(); });
}

std::string EncodeStatementEntries(const std::vector<domain::StatementEntry>& entries) {
  json out = json::array();
  for (const auto& e : entries) {
    out.push_back({{"control_id", e.control_id},
                   {"adopted", e.adopted},
                   {"reason", e.reason},
                   {"implementation", e.implementation}});
  }
  return out.dump();
}

core::Result<std::vector<domain::StatementEntry>> DecodeStatementEntries(const std::string& text) {
  return Decode<std::vector<domain::StatementEntry>>(
      text, "statement entries", [](const json& doc) -> core::Result<std::vector<domain::StatementEntry>> {
        std::vector<domain::StatementEntry> out;
        out.reserve(doc.size());
        for (const auto& e : doc) {
          out.push_back({e.at("control_id").get<std::string>(), e.at("adopted").get<bool>(),
                         e.at("reason").get<std::string>(), e.at("implementation").get<std::string>()});
        }
        return out;
      });
}

std::string EncodeIndependence(const domain::IndependenceDeclaration& declaration) {
  return json{{"did_not_help_prepare_statement", declaration.did_not_help_prepare_statement},
              {"text", declaration.text}}
      .dump();
}

core::Result<domain::IndependenceDeclaration> DecodeIndependence(const std::string& text) {
  return Decode<domain::IndependenceDeclaration>(
      text, "independence", [](const json& doc) -> core::Result<domain::IndependenceDeclaration> {
        return domain::IndependenceDeclaration{doc.at("did_not_help_prepare_statement").get<bool>(),
                                               doc.at("text").get<std::string>()};
      });
}

std::string EncodeAuditors(const std::vector<domain::Auditor>& auditors) { return AuditorsJson(auditors).dump(); }

core::Result<std::vector<domain::Auditor>> DecodeAuditors(const std::string& text) {
  return Decode<std::vector<domain::Auditor>>(text, "auditors",
                                              [](const json& doc) { return ReadAuditors(doc, "auditors"); });
}

std::string EncodeControlResults(const std::vector<domain::ControlResult>& results) {
  json out = json::array();
  for (const auto& r : results) {
    out.push_back({{"control_id", r.control_id},
                   {"procedure", r.procedure},
                   {"design", r.design},
                   {"operating", r.operating},
                   {"result", domain::ToString(r.result)},
                   {"description", r.description}});
  }
  return out.dump();
}

core::Result<std::vector<domain::ControlResult>> DecodeControlResults(const std::string& text) {
  return Decode<std::vector<domain::ControlResult>>(
      text, "audit results", [](const json& doc) -> core::Result<std::vector<domain::ControlResult>> {
        std::vector<domain::ControlResult> out;
        out.reserve(doc.size());
        for (const auto& r : doc) {
          const auto result = domain::AuditResultFromString(r.at("result").get<std::string>());
          if (!result) {
            return Corrupt("audit results: unknown result");
          }
          out.push_back({r.at("control_id").get<std::string>(), r.at("procedure").get<std::string>(),
                         r.at("design").get<bool>(), r.at("operating").get<bool>(), *result,
                         r.at("description").get<std::string>()});
        }
        return out;
      });
}

std::string EncodeDisclosures(const domain::Disclosures& disclosures) {
  return json{{"capital_and_officers", disclosures.capital_and_officers},
              {"foreign_law_risk", disclosures.foreign_law_risk},
              {"governing_law_and_court", disclosures.governing_law_and_court},
              {"third_party_tests", disclosures.third_party_tests},
              {"other_certifications", disclosures.other_certifications}}
      .dump();
}

core::Result<domain::Disclosures> DecodeDisclosures(const std::string& text) {
  return Decode<domain::Disclosures>(text, "disclosures", [](const json& doc) -> core::Result<domain::Disclosures> {
    return domain::Disclosures{
        doc.at("capital_and_officers").get<std::string>(), doc.at("foreign_law_risk").get<std::string>(),
        doc.at("governing_law_and_court").get<std::string>(), doc.at("third_party_tests").get<std::string>(),
        doc.at("other_certifications").get<std::string>()};
  });
}

}  // namespace ismap::storage
