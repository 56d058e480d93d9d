// The transitional measures page (issue 9; app/transitional_measures.hpp):
//   GET  /transitional-measures[?edit=ID]  every measure and its status; the secretariat's form, for a
//                                          new measure or filled with one that has not started
//   POST /transitional-measures            a new measure (the secretariat) → 303 back
//   POST /transitional-measures/{id}/edit  changes one before its first day, read at its version → 303
//   POST /transitional-measures/{id}/end   ends one early on the given day → 303 back
// A refused form renders the page again with the reason beside its field.
#include <charconv>

#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

std::string Text(core::Language l, std::string_view key) { return std::string(core::Messages::Get().Text(l, key)); }

std::string Pick(core::Language l, const std::string& ja, const std::string& en) {
  return l == core::Language::kEn && !en.empty() ? en : (ja.empty() ? en : ja);
}

struct MeasureDraft {
  std::string title_ja, title_en, description_ja, description_en, from, until;
  std::vector<std::string> relaxations;
  std::optional<std::int64_t> edit_id;  // the measure the form changes; none: a new one
  std::string version;                  // the version it was read at, when changing one
};

MeasureDraft DraftOf(const Form& form) {
  return {std::string(form.Get("title_ja")),
          std::string(form.Get("title_en")),
          std::string(form.Get("description_ja")),
          std::string(form.Get("description_en")),
          std::string(form.Get("effective_from")),
          std::string(form.Get("effective_until")),
          form.All("relaxation"),
          std::nullopt,
          std::string(form.Get("version"))};
}

MeasureDraft DraftOf(const domain::TransitionalMeasure& m) {
  MeasureDraft draft{m.title_ja,
                     m.title_en,
                     m.description_ja,
                     m.description_en,
                     domain::FormatDate(m.effective_from),
                     domain::FormatDate(m.effective_until),
                     {},
                     m.id.value(),
                     std::to_string(m.version)};
  for (const auto r : m.relaxations) {
    draft.relaxations.emplace_back(domain::ToString(r));
  }
  return draft;
}

// The field a refusal's reason belongs to.
std::string FieldOf(const std::string& reason) {
  if (reason.starts_with("measure.title")) {
    return "title_ja";
  }
  if (reason == "measure.relaxation_required" || reason == "measure.duplicate_relaxation") {
    return "relaxation";
  }
  if (reason.starts_with("measure.description")) {
    return "description_ja";
  }
  return "effective_from";
}

http::Response MeasuresPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor,
                            const MeasureDraft& draft, const FormErrors& errors, int status) {
  const core::Language l = request.language;
  const Chrome chrome = ChromeFor(context, visitor);
  auto measures = context.services.transitional_measures().List(visitor.principal);
  if (!measures) {
    return ErrorPage(request, measures.error(), chrome);
  }
  const domain::Date today = context.services.TodayInJapan();
  const bool may_manage = app::Authorize(visitor.principal, app::Action::kManageTransitionalMeasures).has_value();
  PageView view{"measures.mustache", "measure_pages.title", {}};
  view.status = status;
  view.no_store = true;
  view.switch_path = "/transitional-measures";
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("may_manage", may_manage);
  view.data.set("today", domain::FormatDate(today));
  data rows{data::type::list};
  for (const auto& m : *measures) {
    data row{data::type::object};
    row.set("id", std::to_string(m.id.value()));
    row.set("version", std::to_string(m.version));
    row.set("title", Pick(l, m.title_ja, m.title_en));
    row.set("description", Pick(l, m.description_ja, m.description_en));
    row.set("from", domain::FormatDate(m.effective_from));
    row.set("until", domain::FormatDate(m.effective_until));
    data relaxations{data::type::list};
    for (const auto r : m.relaxations) {
      relaxations.push_back(data(Text(l, "measure_pages.relaxation_" + std::string(domain::ToString(r)))));
    }
    row.set("relaxations", relaxations);
    const char* status_key = domain::InForce(m, today)  ? "measure_pages.status_in_force"
                             : today < m.effective_from ? "measure_pages.status_upcoming"
                                                        : "measure_pages.status_ended";
    row.set("status", Text(l, status_key));
    row.set("may_end", today < m.effective_until);  // an early end is a day before the last, today at the earliest
    row.set("may_edit", today < m.effective_from);  // a measure changes only before its first day
    rows.push_back(row);
  }
  view.data.set("rows", rows);
  view.data.set("none", measures->empty());
  view.data.set("editing", draft.edit_id.has_value());
  view.data.set("form_action", draft.edit_id ? "/transitional-measures/" + std::to_string(*draft.edit_id) + "/edit"
                                             : std::string("/transitional-measures"));
  view.data.set("f_version", draft.version);
  view.data.set("f_title_ja", draft.title_ja);
  view.data.set("f_title_en", draft.title_en);
  view.data.set("f_description_ja", draft.description_ja);
  view.data.set("f_description_en", draft.description_en);
  view.data.set("f_from", draft.from);
  view.data.set("f_until", draft.until);
  data options{data::type::list};
  for (const auto r : domain::AllRelaxations()) {
    const std::string name(domain::ToString(r));
    const bool selected =
        std::find(draft.relaxations.begin(), draft.relaxations.end(), name) != draft.relaxations.end();
    options.push_back(SelectOption(name, Text(l, "measure_pages.relaxation_" + name), selected));
  }
  view.data.set("relaxation_options", options);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

std::optional<std::int64_t> PathId(const http::Request& request) {
  std::int64_t id = 0;
  const std::string_view text = request.Param("id");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() && id > 0 ? std::optional<std::int64_t>(id)
                                                                         : std::nullopt;
}

// The page with the form filled with measure ?edit=ID, which the secretariat may change until its
// first day; one that has started is the page with the reason, 409.
http::Response EditPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const Chrome chrome = ChromeFor(context, visitor);
  if (!app::Authorize(visitor.principal, app::Action::kManageTransitionalMeasures)) {
    return ErrorPage(request, 403, "error.permission_denied", chrome);
  }
  std::int64_t id = 0;
  const std::string_view text = request.Query("edit");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return ErrorPage(request, 404, "measure.not_found", chrome);
  }
  auto measure = context.services.transitional_measures().Get(visitor.principal, domain::TransitionalMeasureId(id));
  if (!measure) {
    return ErrorPage(request, measure.error(), chrome);
  }
  if (!(context.services.TodayInJapan() < measure->effective_from)) {
    FormErrors errors;
    errors.Form(Text(request.language, "measure.already_started"), {});
    return MeasuresPage(request, context, visitor, MeasureDraft{}, errors, 409);
  }
  return MeasuresPage(request, context, visitor, DraftOf(*measure), FormErrors{}, 200);
}

// A new measure from the form, or a change of draft.edit_id read at draft.version: 303 back to the
// list, or the page again with the reason beside its field (400; 409 for a stale version or a
// measure that has started).
http::Response SaveMeasure(const http::Request& request, PagesContext& context, PostedForm& posted,
                           MeasureDraft draft) {
  FormErrors errors;
  domain::TransitionalMeasure measure{
      {}, draft.title_ja, draft.title_en, draft.description_ja, draft.description_en, {}, {}, {}, 1, {}};
  const auto from = domain::ParseDate(draft.from);
  const auto until = domain::ParseDate(draft.until);
  if (!from || !until) {
    errors.Field("effective_from", "measure_pages.field_from", Text(request.language, "measure.bad_period"));
  } else {
    measure.effective_from = *from;
    measure.effective_until = *until;
  }
  for (const auto& name : draft.relaxations) {
    if (auto r = domain::RelaxationFromString(name)) {
      measure.relaxations.push_back(*r);
    }
  }
  if (!errors.empty()) {
    return MeasuresPage(request, context, posted.visitor, draft, errors, 400);
  }
  auto& measures = context.services.transitional_measures();
  core::Result<domain::TransitionalMeasure> saved = core::MakeError(core::ErrorCode::kInternal, "", "");
  if (draft.edit_id) {
    measure.id = domain::TransitionalMeasureId(*draft.edit_id);
    std::from_chars(draft.version.data(), draft.version.data() + draft.version.size(), measure.version);
    saved = measures.Update(posted.visitor.principal, measure);
  } else {
    saved = measures.Create(posted.visitor.principal, measure);
  }
  if (saved) {
    return Redirect("/transitional-measures");
  }
  const auto& error = saved.error();
  if (error.code == core::ErrorCode::kConflict) {  // stale: someone changed it first
    errors.Form(ErrorText(request, error), {});
    return MeasuresPage(request, context, posted.visitor, draft, errors, 409);
  }
  if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kFailedPrecondition) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  const std::string field = FieldOf(error.reason);
  errors.Field(field,
               field == "relaxation"       ? "measure_pages.field_relaxations"
               : field == "title_ja"       ? "measure_pages.field_title_ja"
               : field == "description_ja" ? "measure_pages.field_description_ja"
                                           : "measure_pages.field_from",
               ErrorText(request, error));
  return MeasuresPage(request, context, posted.visitor, draft, errors,
                      error.reason == "measure.already_started" ? 409 : 400);
}

}  // namespace

void RegisterMeasurePages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/transitional-measures", app::Action::kReadTransitionalMeasures,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                if (request.Query("edit").empty()) {
                  return MeasuresPage(request, context, visitor, MeasureDraft{}, FormErrors{}, 200);
                }
                return EditPage(request, context, visitor);
              });

  AddUserForm(router, context, "/transitional-measures", app::Action::kManageTransitionalMeasures,
              [&context](const http::Request& request, PostedForm& posted) {
                return SaveMeasure(request, context, posted, DraftOf(posted.form));
              });

  AddUserForm(router, context, "/transitional-measures/{id}/edit", app::Action::kManageTransitionalMeasures,
              [&context](const http::Request& request, PostedForm& posted) {
                MeasureDraft draft = DraftOf(posted.form);
                draft.edit_id = PathId(request);
                if (!draft.edit_id) {
                  return ErrorPage(request, 404, "measure.not_found", ChromeFor(context, posted.visitor));
                }
                return SaveMeasure(request, context, posted, std::move(draft));
              });

  AddUserForm(router, context, "/transitional-measures/{id}/end", app::Action::kManageTransitionalMeasures,
              [&context](const http::Request& request, PostedForm& posted) {
                const auto id = PathId(request);
                std::int64_t version = 0;
                const std::string_view v = posted.form.Get("version");
                std::from_chars(v.data(), v.data() + v.size(), version);
                const auto until = domain::ParseDate(posted.form.Get("end_on"));
                if (!id) {
                  return ErrorPage(request, 404, "measure.not_found", ChromeFor(context, posted.visitor));
                }
                FormErrors errors;
                if (!until) {
                  errors.Form(Text(request.language, "measure.end_before_today"), {});
                } else {
                  auto ended = context.services.transitional_measures().End(
                      posted.visitor.principal, domain::TransitionalMeasureId(*id), version, *until);
                  if (ended) {
                    return Redirect("/transitional-measures");
                  }
                  if (ended.error().code == core::ErrorCode::kNotFound ||
                      ended.error().code == core::ErrorCode::kInternal ||
                      ended.error().code == core::ErrorCode::kUnavailable) {
                    return ErrorPage(request, ended.error(), ChromeFor(context, posted.visitor));
                  }
                  errors.Form(ErrorText(request, ended.error()), {});
                }
                return MeasuresPage(request, context, posted.visitor, MeasureDraft{}, errors, 400);
              });
}

}  // namespace ismap::web::pages
