// An agency's procurement pages (issue 9; app/procurement.hpp), for its users only:
//   GET  /procurement                          its profiles and saved checks
//   GET  /procurement/profiles/{id}            a profile and what it requires; POST .../check runs
//                                              and saves a check, then shows it
//   GET  /procurement/checks/{id}              a saved check: the record the agency shows later, with
//                                              each missing service's gap, a print stylesheet and CSV
// The profile form is in procurement_profile_form.cpp. Another agency's record is the 404 page.
#include <algorithm>
#include <tuple>

#include "web/pages/common.hpp"
#include "web/pages/procurement_common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

// The counts chart's geometry, in SVG user units: one labelled bar per outcome.
constexpr int kBarLeft = 150;
constexpr int kBarMaxWidth = 260;
constexpr int kBarHeight = 24;
constexpr int kBarGap = 12;

std::string Models(core::Language l, const std::vector<domain::ServiceModel>& models) {
  std::string out;
  for (const auto m : models) {
    out += (out.empty() ? "" : ", ") + ModelLabel(l, m);
  }
  return out;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// A profile's settings as template data (the profile page and the check record share them).
data ProfileData(core::Language l, const domain::Profile& profile) {
  data p{data::type::object};
  const std::string any = Msg(l, "procurement_pages.any");
  p.set("name", profile.name);
  p.set("purpose", profile.purpose);
  p.set("has_purpose", !profile.purpose.empty());
  p.set("edition", profile.edition_key);
  p.set("baseline", BaselineLabel(l, profile.baseline));
  data added{data::type::list};
  for (const auto& a : profile.added) {
    data row{data::type::object};
    row.set("ref", a.edition_key + ":" + a.control_id);
    row.set("maps_to", a.ismap_controls.empty() ? Msg(l, "procurement_pages.no_mapping") : Joined(a.ismap_controls));
    added.push_back(row);
  }
  p.set("added", added);
  p.set("has_added", !profile.added.empty());
  const auto& c = profile.conditions;
  p.set("models", c.models.empty() ? any : Models(l, c.models));
  p.set("regions", c.regions.empty() ? any : Joined(c.regions));
  p.set("track", c.track ? TrackLabel(l, *c.track) : any);
  p.set("valid_through", c.valid_through ? domain::FormatDate(*c.valid_through) : any);
  p.set("version", std::to_string(profile.version));
  return p;
}

// The check's counts as horizontal bars with their numbers, and the same in words for the text
// alternative.
data CountsChart(core::Language l, const domain::ProcurementCheck& check) {
  const int total = std::max(1, check.meets + check.unconfirmed + check.misses);
  data bars{data::type::list};
  int y = 0;
  std::string summary;
  for (const auto& [outcome, count, css] :
       {std::tuple{domain::CheckOutcome::kMeets, check.meets, "added"},
        std::tuple{domain::CheckOutcome::kUnconfirmed, check.unconfirmed, "changed"},
        std::tuple{domain::CheckOutcome::kMisses, check.misses, "removed"}}) {
    const int width = count * kBarMaxWidth / total;
    data bar{data::type::object};
    bar.set("label", OutcomeLabel(l, outcome));
    bar.set("name", std::string(css));
    bar.set("count", std::to_string(count));
    bar.set("x", std::to_string(kBarLeft));
    bar.set("y", std::to_string(y));
    bar.set("width", std::to_string(width));
    bar.set("height", std::to_string(kBarHeight));
    bar.set("text_y", std::to_string(y + kBarHeight - 6));
    bar.set("number_x", std::to_string(kBarLeft + width + 8));
    bars.push_back(bar);
    summary += (summary.empty() ? "" : ", ") + OutcomeLabel(l, outcome) + " " + std::to_string(count);
    y += kBarHeight + kBarGap;
  }
  data chart{data::type::object};
  chart.set("bars", bars);
  chart.set("width", std::to_string(kBarLeft + kBarMaxWidth + 60));
  chart.set("height", std::to_string(3 * kBarHeight + 2 * kBarGap));
  chart.set("label", Fill(Msg(l, "procurement_pages.chart_label"), "counts", summary));
  return chart;
}

data ServiceData(core::Language l, const domain::CheckedService& s, std::size_t index) {
  data row{data::type::object};
  row.set("anchor", "service-" + std::to_string(index));
  row.set("name", InLanguage(l, s.name_ja, s.name_en));
  row.set("name_lang", LangOf(l, s.name_en));
  row.set("provider", InLanguage(l, s.provider_name_ja, s.provider_name_en));
  row.set("number", s.number.empty() ? Msg(l, "service_pages.not_registered") : s.number);
  row.set("status", s.status ? StatusLabel(l, *s.status) : Msg(l, "service_pages.not_registered"));
  row.set("valid_until", s.valid_until ? domain::FormatDate(*s.valid_until) : std::string("—"));
  row.set("track", TrackLabel(l, s.track));
  row.set("model", ModelLabel(l, s.model));
  row.set("regions", Joined(s.regions));
  row.set("disclosed", s.disclosed);
  row.set("outcome", OutcomeLabel(l, s.outcome));
  data gaps{data::type::list};
  for (const auto& gap : s.gaps) {
    data g{data::type::object};
    g.set("kind", std::string(domain::ToString(gap.kind)));
    g.set("text", GapText(l, gap));
    gaps.push_back(g);
  }
  row.set("gaps", gaps);
  row.set("gap_count", Fill(Msg(l, "procurement_pages.gap_count"), "count", std::to_string(s.gaps.size())));
  return row;
}

http::Response IndexPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  auto& procurement = context.services.procurement();
  auto profiles = procurement.ListProfiles(visitor.principal);
  if (!profiles) {
    return ErrorPage(request, profiles.error(), chrome);
  }
  auto checks = procurement.ListChecks(visitor.principal);
  if (!checks) {
    return ErrorPage(request, checks.error(), chrome);
  }
  PageView view{"procurement_index.mustache", "procurement_pages.index_title", {}};
  view.no_store = true;
  data rows{data::type::list};
  for (const auto& p : *profiles) {
    data row{data::type::object};
    row.set("href", ProfileHref(p.id));
    row.set("name", p.name);
    row.set("baseline", BaselineLabel(l, p.baseline));
    row.set("edition", p.edition_key);
    row.set("updated", JapanTime(p.updated_at));
    rows.push_back(row);
  }
  view.data.set("profiles", rows);
  view.data.set("no_profiles", profiles->empty());
  data lines{data::type::list};
  for (const auto& c : *checks) {
    data row{data::type::object};
    row.set("href", CheckHref(c.id));
    row.set("checked_at", JapanTime(c.checked_at));
    row.set("profile", c.profile_name);
    row.set("meets", std::to_string(c.meets));
    row.set("unconfirmed", std::to_string(c.unconfirmed));
    row.set("misses", std::to_string(c.misses));
    lines.push_back(row);
  }
  view.data.set("checks", lines);
  view.data.set("no_checks", checks->empty());
  return RenderPage(request, std::move(view), chrome);
}

http::Response ProfilePage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  const auto id = PositiveId(request.Param("id"));
  if (!id) {
    return ErrorPage(request, 404, "procurement_pages.profile_not_found", chrome);
  }
  auto& procurement = context.services.procurement();
  auto got = procurement.GetProfile(visitor.principal, domain::ProfileId{*id});
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  auto checks = procurement.ListChecks(visitor.principal);
  if (!checks) {
    return ErrorPage(request, checks.error(), chrome);
  }
  PageView view{"procurement_profile.mustache", "procurement_pages.profile_title", {}};
  view.no_store = true;
  view.title_text = got->profile.name;
  view.data.set("notice", DoneNotice(request, "procurement_pages.done_", {"created", "updated"}));
  view.data.set("profile", ProfileData(l, got->profile));
  view.data.set("profile_summary", Partial("procurement_profile_summary.mustache"));
  view.data.set("edit_href", ProfileHref(got->profile.id) + "/edit");
  view.data.set("check_action", ProfileHref(got->profile.id) + "/check");
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("can_check", app::Authorize(visitor.principal, app::Action::kRunProcurementChecks).has_value());
  view.data.set("requirement_count",
                Fill(Msg(l, "procurement_pages.requirement_count"), "count", std::to_string(got->requirements.size())));
  data requirements{data::type::list};
  for (const auto& r : got->requirements) {
    data row{data::type::object};
    row.set("control", r.control_id);
    row.set("title", InLanguage(l, r.title_ja, r.title_en));
    row.set("title_lang", LangOf(l, r.title_en));
    row.set("from", r.from == "baseline" ? Msg(l, "procurement_pages.from_baseline") : r.from);
    row.set("detailed", r.detailed);
    requirements.push_back(row);
  }
  view.data.set("requirements", requirements);
  data lines{data::type::list};
  bool has_checks = false;
  for (const auto& c : *checks) {
    if (c.profile != got->profile.id) {
      continue;
    }
    has_checks = true;
    data row{data::type::object};
    row.set("href", CheckHref(c.id));
    row.set("checked_at", JapanTime(c.checked_at));
    row.set("meets", std::to_string(c.meets));
    row.set("unconfirmed", std::to_string(c.unconfirmed));
    row.set("misses", std::to_string(c.misses));
    lines.push_back(row);
  }
  view.data.set("has_checks", has_checks);
  view.data.set("checks", lines);
  return RenderPage(request, std::move(view), chrome);
}

http::Response CheckPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  const auto id = PositiveId(request.Param("id"));
  if (!id) {
    return ErrorPage(request, 404, "procurement_pages.check_not_found", chrome);
  }
  auto check = context.services.procurement().GetCheck(visitor.principal, domain::ProcurementCheckId{*id});
  if (!check) {
    return ErrorPage(request, check.error(), chrome);
  }
  PageView view{"procurement_check.mustache", "procurement_pages.check_title", {}};
  view.no_store = true;
  view.data.set("notice", DoneNotice(request, "procurement_pages.done_", {"checked"}));
  view.data.set("checked_on", domain::FormatDate(check->checked_on));
  view.data.set("checked_at", JapanTime(check->checked_at));
  view.data.set("checked_by", check->checked_by);
  view.data.set("profile", ProfileData(l, check->profile));
  view.data.set("profile_summary", Partial("procurement_profile_summary.mustache"));
  view.data.set("gap", Partial("procurement_gap.mustache"));
  view.data.set("profile_href", ProfileHref(check->profile.id));
  view.data.set("requirement_count", std::to_string(check->requirement_count));
  if (check->measure) {
    const auto& m = *check->measure;
    view.data.set("measure", InLanguage(l, m.title_ja, m.title_en) +
                                 (m.relaxations.empty() ? "" : " (" + Joined(m.relaxations) + ")"));
  } else {
    view.data.set("measure", Msg(l, "procurement_pages.no_measure"));
  }
  data unmapped{data::type::list};
  for (const auto& a : check->unmapped) {
    unmapped.push_back(data(a.edition_key + ":" + a.control_id));
  }
  view.data.set("has_unmapped", !check->unmapped.empty());
  view.data.set("unmapped", unmapped);
  view.data.set("chart", CountsChart(l, *check));
  view.data.set("meets", std::to_string(check->meets));
  view.data.set("unconfirmed", std::to_string(check->unconfirmed));
  view.data.set("misses", std::to_string(check->misses));
  data meeting{data::type::list};
  data unconfirmed{data::type::list};
  data missing{data::type::list};
  for (std::size_t i = 0; i < check->services.size(); ++i) {
    const auto& s = check->services[i];
    auto row = ServiceData(l, s, i);
    (s.outcome == domain::CheckOutcome::kMeets         ? meeting
     : s.outcome == domain::CheckOutcome::kUnconfirmed ? unconfirmed
                                                       : missing)
        .push_back(row);
  }
  view.data.set("meeting", meeting);
  view.data.set("has_meeting", check->meets > 0);
  view.data.set("unconfirmed_services", unconfirmed);
  view.data.set("has_unconfirmed", check->unconfirmed > 0);
  view.data.set("missing", missing);
  view.data.set("has_missing", check->misses > 0);
  view.data.set("csv_href", CheckCsvHref(check->id));
  return RenderPage(request, std::move(view), chrome);
}

}  // namespace

void RegisterProcurementPages(http::Router& router, PagesContext& context) {
  // The form routes first, so "new" is not taken for a profile's id.
  RegisterProcurementProfileForms(router, context);
  AddUserPage(router, context, http::Method::kGet, "/procurement", app::Action::kManageProfiles,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return IndexPage(request, context, visitor);
              });
  AddUserPage(router, context, http::Method::kGet, "/procurement/profiles/{id}", app::Action::kManageProfiles,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return ProfilePage(request, context, visitor);
              });
  AddRecordForm(
      router, context, "/procurement/profiles/{id}/check", app::Action::kRunProcurementChecks,
      "procurement_pages.profile_not_found", false, [&context](const http::Request& request, VersionedPost& posted) {
        auto check = context.services.procurement().RunCheck(posted.visitor.principal, domain::ProfileId{posted.id});
        if (!check) {
          return ErrorPage(request, check.error(), ChromeFor(context, posted.visitor));
        }
        return Redirect(CheckHref(check->id) + "?done=checked");
      });
  AddUserPage(router, context, http::Method::kGet, "/procurement/checks/{id}", app::Action::kRunProcurementChecks,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return CheckPage(request, context, visitor);
              });
}

}  // namespace ismap::web::pages
