// What the procurement pages share (issue 9; app/procurement.hpp): their links, the labels of
// gaps and outcomes, and the profile form as typed, read from a posted form and turned into the
// use case's input. Internal to src/web.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/procurement.hpp"
#include "domain/procurement.hpp"
#include "web/pages/service_common.hpp"

namespace ismap::web::pages {

inline std::string ProfileHref(domain::ProfileId id) { return "/procurement/profiles/" + std::to_string(id.value()); }
inline std::string CheckHref(domain::ProcurementCheckId id) {
  return "/procurement/checks/" + std::to_string(id.value());
}
inline std::string CheckCsvHref(domain::ProcurementCheckId id) {
  return "/api/v1/procurement-checks/" + std::to_string(id.value()) + "?format=csv";
}

inline std::string OutcomeLabel(core::Language l, domain::CheckOutcome o) {
  return EnumLabel(l, "procurement_pages.outcome_", o);
}
inline std::string BaselineLabel(core::Language l, domain::Track t) {
  return EnumLabel(l, "procurement_pages.baseline_", t);
}

// One gap in words: "14.2.7 is not adopted", "Regions: 福岡 only", with the gap's control and detail.
std::string GapText(core::Language language, const domain::Gap& gap);

// The profile form as typed; every field kept as text so a refused form shows what was sent.
struct ProfileForm {
  std::string name;
  std::string purpose;
  std::string edition;
  std::string baseline = "ismap";
  std::string added;  // "edition-key:control-id" per line
  std::vector<std::string> models;
  std::string regions;  // comma separated (、 and ， too)
  std::string track;    // "", "ismap" or "liu"
  std::string valid_through;
  std::string version;  // the edit form's version
};

ProfileForm ProfileFormOf(const Form& form);
ProfileForm ProfileFormOf(const domain::Profile& profile);

// The use case's input from the form; problems the form itself can see (a bad line of added
// controls, an unknown model, baseline or track, a bad date) go beside their fields in `errors`.
app::ProfileInput ProfileInputOf(core::Language language, const ProfileForm& form, PageErrors& errors);

// The field a use case refusal belongs to ("name", "added", ...; empty: the form as a whole).
std::string ProfileProblemField(const std::string& reason);

}  // namespace ismap::web::pages
