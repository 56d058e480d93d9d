// The auditors an audit body assigns when accepting an engagement (issue 7), as form rows named as
// the audit-body dossier form names them: auditor-<i>-name, auditor-<i>-q<j>-{kind,other,number,expires}.
// Internal to src/web.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/audit_body.hpp"
#include "web/pages/service_common.hpp"

namespace ismap::web::pages {

// "auditor-<i>-q<j>-<what>"
std::string QualField(int i, int j, std::string_view what);
// The auditors the form names (blank rows skipped); a bad kind or expiry day goes to `errors`.
std::vector<domain::Auditor> AuditorsFromForm(core::Language l, const Form& form, PageErrors& errors);
// The rows' template data (3 auditors, 2 qualifications each), filled from `typed` when given.
kainjow::mustache::data AuditorRows(core::Language l, const Form* typed, const PageErrors& errors);

}  // namespace ismap::web::pages
