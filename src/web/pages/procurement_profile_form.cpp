// An agency's requirement profile form (issue 9), for its users only:
//   GET  /procurement/profiles/new, POST ...           a new profile
//   GET  /procurement/profiles/{id}/edit, POST ...     change one (with the version it was read at)
// Problems go beside their fields with an error summary, and everything typed comes back as typed.
#include "web/pages/common.hpp"
#include "web/pages/procurement_common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

std::string FieldLabel(const std::string& field) { return "procurement_pages.field_" + field; }

data EditionOptions(core::Language l, const std::vector<domain::Edition>& editions, const std::string& selected) {
  data list{data::type::list};
  list.push_back(SelectOption("", Msg(l, "procurement_pages.choose_edition"), selected.empty()));
  for (const auto& edition : editions) {
    if (edition.info.scheme != "ismap") {
      continue;
    }
    const std::string& title = InLanguage(l, edition.info.title_ja, edition.info.title_en);
    list.push_back(SelectOption(edition.info.key,
                                title.empty() ? edition.info.key : title + " (" + edition.info.key + ")",
                                selected == edition.info.key));
  }
  return list;
}

data TrackChoices(core::Language l, const std::string& selected, bool with_any, std::string_view prefix) {
  data list{data::type::list};
  if (with_any) {
    list.push_back(SelectOption("", Msg(l, "procurement_pages.track_any"), selected.empty()));
  }
  for (const auto t : {domain::Track::kIsmap, domain::Track::kLiu}) {
    const std::string value(domain::ToString(t));
    list.push_back(SelectOption(value, EnumLabel(l, prefix, t), selected == value));
  }
  return list;
}

http::Response ProfileFormPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                               const ProfileForm& in, std::optional<domain::ProfileId> id, const PageErrors& errors,
                               int status) {
  const core::Language l = request.language;
  const Chrome chrome = ChromeFor(context, visitor);
  auto editions = context.services.ListEditions(visitor.principal);
  if (!editions) {
    return ErrorPage(request, editions.error(), chrome);
  }
  PageView view{"procurement_profile_form.mustache",
                id ? "procurement_pages.edit_profile_title" : "procurement_pages.new_profile_title",
                {}};
  view.status = status;
  view.no_store = true;
  const std::string action = id ? ProfileHref(*id) + "/edit" : std::string("/procurement/profiles/new");
  view.switch_path = action;
  view.data.set("action", action);
  view.data.set("editing", id.has_value());
  if (id) {
    view.data.set("profile_href", ProfileHref(*id));
    view.data.set("version", in.version);
  }
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  data top{data::type::list};
  top.push_back(FieldData({"name", Msg(l, FieldLabel("name")), in.name}, errors));
  top.push_back(FieldData(
      {"purpose", Msg(l, FieldLabel("purpose")), in.purpose, "textarea", Msg(l, "procurement_pages.purpose_hint")},
      errors));
  top.push_back(FieldData({"edition", Msg(l, FieldLabel("edition")), "", "select",
                           Msg(l, "procurement_pages.edition_hint"), EditionOptions(l, *editions, in.edition)},
                          errors));
  top.push_back(
      FieldData({"baseline", Msg(l, FieldLabel("baseline")), "", "select", Msg(l, "procurement_pages.baseline_hint"),
                 TrackChoices(l, in.baseline, false, "procurement_pages.baseline_")},
                errors));
  FieldSpec added{"added", Msg(l, FieldLabel("added")), in.added, "textarea", Msg(l, "procurement_pages.added_hint")};
  added.rows = 6;
  top.push_back(FieldData(added, errors));
  view.data.set("fields", top);

  data models{data::type::list};
  for (const auto m : {domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas}) {
    const std::string value(domain::ToString(m));
    data option{data::type::object};
    option.set("id", "models-" + value);
    option.set("value", value);
    option.set("label", ModelLabel(l, m));
    option.set("checked", std::find(in.models.begin(), in.models.end(), value) != in.models.end());
    models.push_back(option);
  }
  view.data.set("models", models);
  const std::string models_error = errors.ErrorOf("models");
  view.data.set("models_error", models_error);
  view.data.set("has_models_error", !models_error.empty());

  data conditions{data::type::list};
  conditions.push_back(FieldData(
      {"regions", Msg(l, FieldLabel("regions")), in.regions, "text", Msg(l, "procurement_pages.regions_hint")},
      errors));
  conditions.push_back(FieldData(
      {"track", Msg(l, FieldLabel("track")), "", "select", "", TrackChoices(l, in.track, true, "service_pages.track_")},
      errors));
  conditions.push_back(FieldData({"valid_through", Msg(l, FieldLabel("valid_through")), in.valid_through, "date",
                                  Msg(l, "procurement_pages.valid_through_hint")},
                                 errors));
  view.data.set("conditions", conditions);
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

// What the domain would refuse, beside each field (the use case checks again).
void AddProfileProblems(core::Language l, const domain::OrganizationId agency, const app::ProfileInput& input,
                        PageErrors& errors) {
  domain::Profile profile;
  profile.agency = agency;
  profile.name = input.name;
  profile.purpose = input.purpose;
  profile.edition_key = input.edition_key;
  profile.baseline = input.baseline;
  for (const auto& ref : input.added) {
    profile.added.push_back({ref.edition_key, ref.control_id, {}});
  }
  profile.conditions = input.conditions;
  for (const auto& problem : domain::ListProfileProblems(profile)) {
    const std::string field = ProfileProblemField(problem.reason);
    if (field.empty()) {
      errors.Form(ProblemText(l, problem), {});
    } else if (errors.ErrorOf(field).empty()) {
      errors.Field(field, FieldLabel(field), ProblemText(l, problem));
    }
  }
}

// A refusal of the use case: beside its field when it has one, at the top otherwise; a control the
// catalogs do not hold is named as the use case named it.
void AddRefusal(const http::Request& request, const core::Error& error, PageErrors& errors) {
  std::string text = ErrorText(request, error);
  if (error.reason == "profile.unknown_control" || error.reason == "profile.duplicate_control") {
    text += " (" + error.message + ")";
  }
  const std::string field = ProfileProblemField(error.reason);
  if (field.empty()) {
    errors.Form(text, {});
  } else {
    errors.Field(field, FieldLabel(field), text);
  }
}

// The posted form: its problems beside its fields, or the saved profile's page.
http::Response SaveProfile(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                           const Form& form, std::optional<domain::ProfileId> id) {
  const core::Language l = request.language;
  const ProfileForm in = ProfileFormOf(form);
  PageErrors errors;
  const app::ProfileInput input = ProfileInputOf(l, in, errors);
  if (visitor.principal.user) {
    AddProfileProblems(l, visitor.principal.user->organization_id, input, errors);
  }
  std::optional<std::int64_t> version;
  if (id) {
    version = PositiveId(in.version);
    if (!version) {
      return ErrorPage(request, 400, "error.bad_request", ChromeFor(context, visitor));
    }
  }
  if (!errors.empty()) {
    return ProfileFormPage(request, context, visitor, in, id, errors, 400);
  }
  auto& procurement = context.services.procurement();
  auto saved = id ? procurement.UpdateProfile(visitor.principal, *id, *version, input)
                  : procurement.CreateProfile(visitor.principal, input);
  if (!saved) {
    if (ForErrorPage(saved.error()) || saved.error().code == core::ErrorCode::kNotFound) {
      return ErrorPage(request, saved.error(), ChromeFor(context, visitor));
    }
    AddRefusal(request, saved.error(), errors);
    return ProfileFormPage(request, context, visitor, in, id, errors, http::StatusFor(saved.error().code));
  }
  return Redirect(ProfileHref(saved->id) + (id ? "?done=updated" : "?done=created"));
}

}  // namespace

void RegisterProcurementProfileForms(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/procurement/profiles/new", app::Action::kManageProfiles,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return ProfileFormPage(request, context, visitor, ProfileForm{}, std::nullopt, PageErrors{}, 200);
              });
  AddUserForm(router, context, "/procurement/profiles/new", app::Action::kManageProfiles,
              [&context](const http::Request& request, PostedForm& posted) {
                return SaveProfile(request, context, posted.visitor, posted.form, std::nullopt);
              });
  AddUserPage(router, context, http::Method::kGet, "/procurement/profiles/{id}/edit", app::Action::kManageProfiles,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const auto id = PositiveId(request.Param("id"));
                if (!id) {
                  return ErrorPage(request, 404, "procurement_pages.profile_not_found", chrome);
                }
                auto view = context.services.procurement().GetProfile(visitor.principal, domain::ProfileId{*id});
                if (!view) {
                  return ErrorPage(request, view.error(), chrome);
                }
                return ProfileFormPage(request, context, visitor, ProfileFormOf(view->profile), view->profile.id,
                                       PageErrors{}, 200);
              });
  AddRecordForm(router, context, "/procurement/profiles/{id}/edit", app::Action::kManageProfiles,
                "procurement_pages.profile_not_found", false,
                [&context](const http::Request& request, VersionedPost& posted) {
                  return SaveProfile(request, context, posted.visitor, posted.form, domain::ProfileId{posted.id});
                });
}

}  // namespace ismap::web::pages
