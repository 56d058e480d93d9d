#include "web/pages/procurement_common.hpp"

#include <string_view>

#include "domain/date.hpp"
#include "http/api/procurement_export.hpp"

namespace ismap::web::pages {
namespace {

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

// Regions as people type them: separated by ASCII commas or the Japanese 、 and ，; blanks dropped.
std::vector<std::string> SplitRegions(std::string_view text) {
  std::string normalised(text);
  for (const std::string_view wide : {"、", "，"}) {
    for (auto at = normalised.find(wide); at != std::string::npos; at = normalised.find(wide, at)) {
      normalised.replace(at, wide.size(), ",");
    }
  }
  std::vector<std::string> regions;
  std::size_t start = 0;
  while (start <= normalised.size()) {
    auto end = normalised.find(',', start);
    if (end == std::string::npos) {
      end = normalised.size();
    }
    auto region = Trimmed(std::string_view(normalised).substr(start, end - start));
    if (!region.empty()) {
      regions.push_back(std::move(region));
    }
    start = end + 1;
  }
  return regions;
}

std::string JoinRegions(const std::vector<std::string>& regions) {
  std::string out;
  for (const auto& region : regions) {
    out += (out.empty() ? "" : ", ") + region;
  }
  return out;
}

std::string FieldLabel(const std::string& field) { return "procurement_pages.field_" + field; }

}  // namespace

std::string GapText(core::Language language, const domain::Gap& gap) { return http::api::GapText(language, gap); }

ProfileForm ProfileFormOf(const Form& form) {
  ProfileForm in;
  in.name = form.Get("name");
  in.purpose = form.Get("purpose");
  in.edition = form.Get("edition");
  in.baseline = form.Get("baseline");
  in.added = form.Get("added");
  in.models = form.All("models");
  in.regions = form.Get("regions");
  in.track = form.Get("track");
  in.valid_through = form.Get("valid_through");
  in.version = form.Get("version");
  return in;
}

ProfileForm ProfileFormOf(const domain::Profile& profile) {
  ProfileForm in;
  in.name = profile.name;
  in.purpose = profile.purpose;
  in.edition = profile.edition_key;
  in.baseline = domain::ToString(profile.baseline);
  for (const auto& added : profile.added) {
    in.added += added.edition_key + ":" + added.control_id + "\n";
  }
  for (const auto model : profile.conditions.models) {
    in.models.emplace_back(domain::ToString(model));
  }
  in.regions = JoinRegions(profile.conditions.regions);
  if (profile.conditions.track) {
    in.track = domain::ToString(*profile.conditions.track);
  }
  if (profile.conditions.valid_through) {
    in.valid_through = domain::FormatDate(*profile.conditions.valid_through);
  }
  in.version = std::to_string(profile.version);
  return in;
}

app::ProfileInput ProfileInputOf(core::Language language, const ProfileForm& form, PageErrors& errors) {
  app::ProfileInput input;
  input.name = form.name;
  input.purpose = form.purpose;
  input.edition_key = Trimmed(form.edition);
  if (auto baseline = domain::TrackFromString(form.baseline)) {
    input.baseline = *baseline;
  } else {
    errors.Field("baseline", FieldLabel("baseline"), Msg(language, "error.invalid_argument"));
  }
  for (const auto& line : NonEmptyLines(form.added)) {
    const auto colon = line.find(':');
    const std::string edition = colon == std::string::npos ? "" : Trimmed(std::string_view(line).substr(0, colon));
    const std::string control = colon == std::string::npos ? "" : Trimmed(std::string_view(line).substr(colon + 1));
    if (edition.empty() || control.empty()) {
      if (errors.ErrorOf("added").empty()) {
        errors.Field("added", FieldLabel("added"),
                     Fill(Msg(language, "procurement_pages.bad_added_line"), "line", line));
      }
      continue;
    }
    input.added.push_back(domain::ControlRef{edition, control});
  }
  for (const auto& text : form.models) {
    if (auto model = domain::ServiceModelFromString(text)) {
      input.conditions.models.push_back(*model);
    } else if (errors.ErrorOf("models").empty()) {
      errors.Field("models", FieldLabel("models"), Msg(language, "error.invalid_argument"));
    }
  }
  input.conditions.regions = SplitRegions(form.regions);
  if (!form.track.empty()) {
    if (auto track = domain::TrackFromString(form.track)) {
      input.conditions.track = *track;
    } else {
      errors.Field("track", FieldLabel("track"), Msg(language, "error.invalid_argument"));
    }
  }
  const std::string through = Trimmed(form.valid_through);
  if (!through.empty()) {
    if (auto date = domain::ParseDate(through)) {
      input.conditions.valid_through = *date;
    } else {
      errors.Field("valid_through", FieldLabel("valid_through"), Msg(language, "procurement_pages.bad_date"));
    }
  }
  return input;
}

std::string ProfileProblemField(const std::string& reason) { return std::string(domain::ProfileProblemField(reason)); }

}  // namespace ismap::web::pages
