#include "web/pages/engagement_auditors.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kAuditorRows = 3;
constexpr int kQualificationRows = 2;

data QualificationKinds(core::Language l, const std::string& selected) {
  data list{data::type::list};
  list.push_back(SelectOption("", Msg(l, "audit_body_pages.qual_kind_none"), selected.empty()));
  for (const auto kind :
       {domain::QualificationKind::kCpa, domain::QualificationKind::kCisa, domain::QualificationKind::kCaisChief,
        domain::QualificationKind::kCais, domain::QualificationKind::kCaisAssistant,
        domain::QualificationKind::kIsmsAuditor, domain::QualificationKind::kOther}) {
    list.push_back(SelectOption(std::string(domain::ToString(kind)), QualificationLabel(l, kind),
                                selected == domain::ToString(kind)));
  }
  return list;
}

}  // namespace

std::string QualField(int i, int j, std::string_view what) {
  return "auditor-" + std::to_string(i) + "-q" + std::to_string(j) + "-" + std::string(what);
}

// The auditors the accept form names; errors go to `errors`.
std::vector<domain::Auditor> AuditorsFromForm(core::Language l, const Form& form, PageErrors& errors) {
  std::vector<domain::Auditor> auditors;
  for (int i = 0; i < 50 && form.Has("auditor-" + std::to_string(i) + "-name"); ++i) {
    domain::Auditor auditor{std::string(form.Get("auditor-" + std::to_string(i) + "-name")), {}};
    for (int j = 0; j < 50 && form.Has(QualField(i, j, "kind")); ++j) {
      const std::string kind(form.Get(QualField(i, j, "kind")));
      const std::string other(form.Get(QualField(i, j, "other")));
      const std::string number(form.Get(QualField(i, j, "number")));
      const std::string expires(form.Get(QualField(i, j, "expires")));
      if (kind.empty() && other.empty() && number.empty() && expires.empty()) {
        continue;
      }
      domain::Qualification q;
      if (auto k = domain::QualificationKindFromString(kind)) {
        q.kind = *k;
      } else {
        errors.Field(QualField(i, j, "kind"), "audit_body_pages.qual_kind", Msg(l, "audit_body.qualification_invalid"));
      }
      q.other_name = other;
      q.number = number;
      if (!expires.empty()) {
        if (auto d = domain::ParseDate(expires)) {
          q.expires_on = *d;
        } else {
          errors.Field(QualField(i, j, "expires"), "audit_body_pages.qual_expires",
                       Msg(l, "audit_body_pages.bad_date"));
        }
      }
      auditor.qualifications.push_back(std::move(q));
    }
    if (!auditor.name.empty() || !auditor.qualifications.empty()) {
      auditors.push_back(std::move(auditor));
    }
  }
  return auditors;
}

data AuditorRows(core::Language l, const Form* typed, const PageErrors& errors) {
  const auto value = [typed](const std::string& name) {
    return typed != nullptr && typed->Has(name) ? std::string(typed->Get(name)) : std::string();
  };
  data rows{data::type::list};
  for (int i = 0; i < kAuditorRows; ++i) {
    data row{data::type::object};
    const std::string name_id = "auditor-" + std::to_string(i) + "-name";
    row.set("legend", Fill(Msg(l, "audit_body_pages.auditor_n"), "n", std::to_string(i + 1)));
    row.set("name_field", FieldData({name_id, Msg(l, "audit_body_pages.auditor_name"), value(name_id)}, errors));
    data quals{data::type::list};
    for (int j = 0; j < kQualificationRows; ++j) {
      data q{data::type::object};
      q.set("legend", Fill(Msg(l, "audit_body_pages.qualification_n"), "n", std::to_string(j + 1)));
      data fields{data::type::list};
      fields.push_back(FieldData({QualField(i, j, "kind"), Msg(l, "audit_body_pages.qual_kind"), "", "select", "",
                                  QualificationKinds(l, value(QualField(i, j, "kind")))},
                                 errors));
      fields.push_back(FieldData(
          {QualField(i, j, "other"), Msg(l, "audit_body_pages.qual_other_name"), value(QualField(i, j, "other"))},
          errors));
      fields.push_back(FieldData(
          {QualField(i, j, "number"), Msg(l, "audit_body_pages.qual_number"), value(QualField(i, j, "number"))},
          errors));
      fields.push_back(
          FieldData({QualField(i, j, "expires"), Msg(l, "audit_body_pages.qual_expires"),
                     value(QualField(i, j, "expires")), "date", Msg(l, "audit_body_pages.qual_expires_hint")},
                    errors));
      q.set("fields", fields);
      quals.push_back(q);
    }
    row.set("qualifications", quals);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace ismap::web::pages
