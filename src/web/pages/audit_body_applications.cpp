// Audit-body applications as pages (issue 6). The applicant (an audit body's administrator) lists,
// creates, edits, submits, resubmits and withdraws; the evaluator starts the evaluation, marks the
// checklist, returns and recommends; reviewers and the committee read. Every command posts the
// application's version in a hidden field, and a stale one shows the conflict on the page.
//   GET  /audit-bodies/applications                    own applications
//   GET  /audit-bodies/applications/new, POST ...      a new draft
//   GET  /audit-bodies/applications/{id}               the application (edit form while editable)
//   POST /audit-bodies/applications/{id}               save the content
//   POST /audit-bodies/applications/{id}/submit|resubmit|withdraw
//   POST /audit-bodies/applications/{id}/start-evaluation|evaluation|return|recommend
#include <algorithm>
#include <map>

#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using domain::ApplicationCommand;
using kainjow::mustache::data;

constexpr int kMinAuditorRows = 3;
constexpr int kMinQualificationRows = 2;
constexpr int kMaxRows = 50;

// The content form as typed, so a refused form shows back what was sent.
struct QualificationInput {
  std::string kind, other, number, expires;
  bool Blank() const { return kind.empty() && other.empty() && number.empty() && expires.empty(); }
};
struct AuditorInput {
  std::string name;
  std::vector<QualificationInput> qualifications;
};
struct DossierInput {
  std::string legal_form = "audit_corporation";
  std::vector<AuditorInput> auditors;
  std::string quality_control, independence_policy, contact_email, contact_phone;
};

DossierInput FromDossier(const storage::AuditBodyDossier& dossier) {
  DossierInput in;
  in.legal_form = std::string(domain::ToString(dossier.content.legal_form));
  for (const auto& auditor : dossier.content.auditors) {
    AuditorInput a{auditor.name, {}};
    for (const auto& q : auditor.qualifications) {
      a.qualifications.push_back({std::string(domain::ToString(q.kind)), q.other_name, q.number,
                                  q.expires_on ? domain::FormatDate(*q.expires_on) : std::string()});
    }
    in.auditors.push_back(std::move(a));
  }
  in.quality_control = dossier.content.quality_control;
  in.independence_policy = dossier.content.independence_policy;
  in.contact_email = dossier.contact_email;
  in.contact_phone = dossier.contact_phone;
  return in;
}

std::string AuditorField(int i, std::string_view what) {
  return "auditor-" + std::to_string(i) + "-" + std::string(what);
}
std::string QualificationField(int i, int j, std::string_view what) {
  return "auditor-" + std::to_string(i) + "-q" + std::to_string(j) + "-" + std::string(what);
}

DossierInput FromForm(const Form& form) {
  DossierInput in;
  in.legal_form = std::string(form.Get("legal_form"));
  for (int i = 0; i < kMaxRows && form.Has(AuditorField(i, "name")); ++i) {
    AuditorInput a{std::string(form.Get(AuditorField(i, "name"))), {}};
    for (int j = 0; j < kMaxRows && form.Has(QualificationField(i, j, "kind")); ++j) {
      a.qualifications.push_back({std::string(form.Get(QualificationField(i, j, "kind"))),
                                  std::string(form.Get(QualificationField(i, j, "other"))),
                                  std::string(form.Get(QualificationField(i, j, "number"))),
                                  std::string(form.Get(QualificationField(i, j, "expires")))});
    }
    in.auditors.push_back(std::move(a));
  }
  in.quality_control = std::string(form.Get("quality_control"));
  in.independence_policy = std::string(form.Get("independence_policy"));
  in.contact_email = std::string(form.Get("contact_email"));
  in.contact_phone = std::string(form.Get("contact_phone"));
  return in;
}

// The dossier the input describes; errors go to `errors` (and `field_errors`, by field id).
std::optional<storage::AuditBodyDossier> ToDossier(const DossierInput& in, core::Language language, FormErrors& errors,
                                                   std::map<std::string, std::string>& field_errors) {
  storage::AuditBodyDossier dossier;
  bool ok = true;
  // A refused field of qualification j of auditor i.
  const auto refuse = [&](std::size_t i, std::size_t j, std::string_view what, std::string label_key,
                          std::string_view message_key) {
    const std::string id = QualificationField(static_cast<int>(i), static_cast<int>(j), what);
    const std::string text = Msg(language, message_key);
    errors.Field(id, std::move(label_key), text);
    field_errors[id] = text;
    ok = false;
  };
  if (auto form = domain::LegalFormFromString(in.legal_form)) {
    dossier.content.legal_form = *form;
  } else {
    errors.Field("legal_form", "audit_body_pages.legal_form", Msg(language, "error.invalid_argument"));
    ok = false;
  }
  for (std::size_t i = 0; i < in.auditors.size(); ++i) {
    const AuditorInput& a = in.auditors[i];
    const bool blank_quals = std::all_of(a.qualifications.begin(), a.qualifications.end(),
                                         [](const QualificationInput& q) { return q.Blank(); });
    if (a.name.empty() && blank_quals) {
      continue;
    }
    domain::Auditor auditor{a.name, {}};
    for (std::size_t j = 0; j < a.qualifications.size(); ++j) {
      const QualificationInput& q = a.qualifications[j];
      if (q.Blank()) {
        continue;
      }
      domain::Qualification qualification;
      if (auto kind = domain::QualificationKindFromString(q.kind)) {
        qualification.kind = *kind;
      } else {
        refuse(i, j, "kind", "audit_body_pages.qual_kind", "audit_body.qualification_invalid");
      }
      qualification.other_name = q.other;
      qualification.number = q.number;
      if (!q.expires.empty()) {
        if (auto date = domain::ParseDate(q.expires)) {
          qualification.expires_on = *date;
        } else {
          refuse(i, j, "expires", "audit_body_pages.qual_expires", "audit_body_pages.bad_date");
        }
      }
      auditor.qualifications.push_back(std::move(qualification));
    }
    dossier.content.auditors.push_back(std::move(auditor));
  }
  dossier.content.quality_control = in.quality_control;
  dossier.content.independence_policy = in.independence_policy;
  dossier.contact_email = in.contact_email;
  dossier.contact_phone = in.contact_phone;
  if (!ok) {
    return std::nullopt;
  }
  return dossier;
}

// Which form field a content problem belongs to; "auditors" for the auditor rows as a whole.
std::string ProblemField(const std::string& reason) {
  if (reason == "audit_body.ineligible_legal_form") {
    return "legal_form";
  }
  if (reason == "audit_body.quality_control_required") {
    return "quality_control";
  }
  if (reason == "audit_body.independence_policy_required") {
    return "independence_policy";
  }
  return "auditors";
}

data LegalFormOptions(core::Language language, const std::string& selected) {
  data list{data::type::list};
  for (const auto form :
       {domain::LegalForm::kAuditCorporation, domain::LegalForm::kKabushikiKaisha, domain::LegalForm::kGodoKaisha,
        domain::LegalForm::kGeneralIncorporatedAssociation, domain::LegalForm::kOther}) {
    list.push_back(SelectOption(std::string(domain::ToString(form)), LegalFormLabel(language, form),
                                selected == domain::ToString(form)));
  }
  return list;
}

data QualificationOptions(core::Language language, const std::string& selected) {
  data list{data::type::list};
  list.push_back(SelectOption("", Msg(language, "audit_body_pages.qual_kind_none"), selected.empty()));
  for (const auto kind :
       {domain::QualificationKind::kCpa, domain::QualificationKind::kCisa, domain::QualificationKind::kCaisChief,
        domain::QualificationKind::kCais, domain::QualificationKind::kCaisAssistant,
        domain::QualificationKind::kIsmsAuditor, domain::QualificationKind::kOther}) {
    list.push_back(SelectOption(std::string(domain::ToString(kind)), QualificationLabel(language, kind),
                                selected == domain::ToString(kind)));
  }
  return list;
}

// The edit form's data: legal form, auditor rows (at least kMinAuditorRows, each with at least
// kMinQualificationRows qualifications), texts and contact.
data EditForm(core::Language language, const DossierInput& in, const std::map<std::string, std::string>& field_errors) {
  data form{data::type::object};
  form.set("legal_forms", LegalFormOptions(language, in.legal_form));
  data auditors{data::type::list};
  const int rows = std::max<int>(kMinAuditorRows, static_cast<int>(in.auditors.size()));
  for (int i = 0; i < rows; ++i) {
    const AuditorInput a = i < static_cast<int>(in.auditors.size()) ? in.auditors[i] : AuditorInput{};
    data row{data::type::object};
    row.set("legend", Fill(Msg(language, "audit_body_pages.auditor_n"), "n", std::to_string(i + 1)));
    row.set("name_id", AuditorField(i, "name"));
    row.set("name", a.name);
    data quals{data::type::list};
    const int qrows = std::max<int>(kMinQualificationRows, static_cast<int>(a.qualifications.size()));
    for (int j = 0; j < qrows; ++j) {
      const QualificationInput q =
          j < static_cast<int>(a.qualifications.size()) ? a.qualifications[j] : QualificationInput{};
      data qual{data::type::object};
      qual.set("legend", Fill(Msg(language, "audit_body_pages.qualification_n"), "n", std::to_string(j + 1)));
      qual.set("kind_id", QualificationField(i, j, "kind"));
      qual.set("kinds", QualificationOptions(language, q.kind));
      qual.set("other_id", QualificationField(i, j, "other"));
      qual.set("other", q.other);
      qual.set("number_id", QualificationField(i, j, "number"));
      qual.set("number", q.number);
      qual.set("expires_id", QualificationField(i, j, "expires"));
      qual.set("expires", q.expires);
      for (const char* what : {"kind", "expires"}) {
        const auto it = field_errors.find(QualificationField(i, j, what));
        if (it != field_errors.end()) {
          qual.set(std::string(what) + "_err", it->second);
        }
      }
      quals.push_back(qual);
    }
    row.set("qualifications", quals);
    auditors.push_back(row);
  }
  form.set("auditors", auditors);
  form.set("quality_control", in.quality_control);
  form.set("independence_policy", in.independence_policy);
  form.set("contact_email", in.contact_email);
  form.set("contact_phone", in.contact_phone);
  return form;
}

// What a POST leaves for the page it re-renders.
struct PageState {
  std::optional<DossierInput> input;  // the content form as typed
  std::map<std::string, std::string> field_errors;
  FormErrors errors;
  std::string notice;
  int status = 200;
  std::string return_reason, recommend_outcome, recommend_note, withdraw_reason;
  std::string mark_item, mark_note, mark_verdict;
  bool mark_failed = false;
};

bool Offers(const app::AuditBodyApplicationView& view, ApplicationCommand command) {
  return std::find(view.available.begin(), view.available.end(), command) != view.available.end();
}

data ContentView(core::Language language, const storage::AuditBodyDossier& dossier) {
  data content{data::type::object};
  content.set("legal_form", LegalFormLabel(language, dossier.content.legal_form));
  data auditors{data::type::list};
  for (const auto& a : dossier.content.auditors) {
    data row{data::type::object};
    row.set("name", a.name);
    data quals{data::type::list};
    for (const auto& q : a.qualifications) {
      data qual{data::type::object};
      std::string kind = QualificationLabel(language, q.kind);
      if (!q.other_name.empty()) {
        kind += " (" + q.other_name + ")";
      }
      qual.set("kind", kind);
      qual.set("number", q.number);
      qual.set("expires",
               q.expires_on ? domain::FormatDate(*q.expires_on) : Msg(language, "audit_body_pages.no_expiry"));
      quals.push_back(qual);
    }
    row.set("qualifications", quals);
    auditors.push_back(row);
  }
  content.set("auditors", auditors);
  content.set("no_auditors", dossier.content.auditors.empty());
  content.set("quality_control", dossier.content.quality_control);
  content.set("independence_policy", dossier.content.independence_policy);
  content.set("contact_email", dossier.contact_email);
  content.set("contact_phone", dossier.contact_phone);
  return content;
}

http::Response ApplicationPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                               domain::ApplicationId id, PageState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  auto got = context.services.GetAuditBodyApplication(visitor.principal, id);
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  const core::Language language = request.language;
  const app::AuditBodyApplicationView& app_view = *got;
  const domain::Application& application = app_view.application;
  const app::Resource owner{application.applicant};
  const bool applicant = app::Authorize(visitor.principal, app::Action::kApplyAsAuditBody, owner).has_value();
  const bool evaluator =
      app::Authorize(visitor.principal, app::Action::kEvaluateAuditBodyApplication, owner).has_value();

  PageView view{"audit_body_application.mustache", "audit_body_pages.application_title", {}};
  view.status = state.status;
  view.no_store = true;
  const std::string id_text = std::to_string(id.value());
  view.title_text = Fill(Msg(language, "audit_body_pages.application_heading"), "id", id_text);
  view.switch_path = ApplicationHref(id);
  view.data.set("heading", view.title_text);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("dossier_form", Partial("audit_body_dossier_form.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("id", id_text);
  view.data.set("action_base", ApplicationHref(id));
  view.data.set("version", std::to_string(application.version));
  view.data.set("state", StateLabel(language, application.state));
  view.data.set("state_key", std::string(domain::ToString(application.state)));
  view.data.set("purpose", PurposeLabel(language, application.purpose));
  view.data.set("since", JapanTime(application.state_since));
  if (!application.last_reason.empty()) {
    view.data.set(application.state == domain::ApplicationState::kReturned ? "returned_reason" : "last_reason",
                  application.last_reason);
  }
  if (application.recommendation) {
    view.data.set("recommendation", RecommendationLabel(language, application.recommendation->outcome));
    view.data.set("recommendation_note", application.recommendation->note);
  }
  if (application.meeting_id) {
    view.data.set("meeting_href", MeetingHref(*application.meeting_id));
  }
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }

  const bool editable = applicant && domain::IsEditable(application.state);
  if (editable) {
    const DossierInput input = state.input ? *state.input : FromDossier(app_view.dossier);
    view.data.set("edit", EditForm(language, input, state.field_errors));
  } else {
    view.data.set("content", ContentView(language, app_view.dossier));
  }
  if (applicant) {
    view.data.set("can_submit", Offers(app_view, ApplicationCommand::kSubmit));
    view.data.set("can_resubmit", Offers(app_view, ApplicationCommand::kResubmit));
    if (Offers(app_view, ApplicationCommand::kWithdraw)) {
      view.data.set("can_withdraw", true);
      view.data.set("withdraw_reason", state.withdraw_reason);
    }
  }
  if (evaluator) {
    view.data.set("can_start", Offers(app_view, ApplicationCommand::kStartEvaluation));
    if (Offers(app_view, ApplicationCommand::kReturnForCorrection)) {
      view.data.set("can_return", true);
      view.data.set("return_reason", state.return_reason);
    }
    if (Offers(app_view, ApplicationCommand::kRecommend)) {
      view.data.set("can_recommend", true);
      view.data.set("recommend_note", state.recommend_note);
      view.data.set("recommend_reject", state.recommend_outcome == "reject");
      view.data.set("recommend_approve", state.recommend_outcome != "reject");
    }
  }
  const bool has_actions = applicant || (evaluator && (Offers(app_view, ApplicationCommand::kStartEvaluation) ||
                                                       Offers(app_view, ApplicationCommand::kReturnForCorrection) ||
                                                       Offers(app_view, ApplicationCommand::kRecommend)));
  view.data.set("has_actions", has_actions && !IsTerminal(application.state));

  if (app_view.evaluation) {
    // The requirement texts, when the evaluation is of the set in force.
    std::map<std::string, const domain::RequirementItem*> texts;
    auto set = context.services.CurrentRequirementSet(visitor.principal);
    if (set && set->version == app_view.evaluation->requirement_set_version) {
      for (const auto& item : set->items) {
        texts[item.id] = &item;
      }
    }
    const bool can_mark = evaluator && application.state == domain::ApplicationState::kUnderEvaluation;
    data evaluation{data::type::object};
    evaluation.set("set_version", app_view.evaluation->requirement_set_version);
    data items{data::type::list};
    for (const auto& assessment : app_view.evaluation->items) {
      data item{data::type::object};
      item.set("item_id", assessment.item_id);
      item.set("field_id", "note-" + assessment.item_id);
      const auto text = texts.find(assessment.item_id);
      item.set("text", text == texts.end()                                                 ? assessment.item_id
                       : language == core::Language::kEn && !text->second->text_en.empty() ? text->second->text_en
                                                                                           : text->second->text_ja);
      item.set("verdict", VerdictLabel(language, assessment.verdict));
      item.set("verdict_key", std::string(domain::ToString(assessment.verdict)));
      const bool failed_here = state.mark_failed && state.mark_item == assessment.item_id;
      item.set("note", failed_here ? state.mark_note : assessment.note);
      const std::string verdict = failed_here ? state.mark_verdict : std::string(domain::ToString(assessment.verdict));
      item.set("is_met", verdict == "met");
      item.set("is_not_met", verdict == "not_met");
      item.set("is_unanswered", verdict != "met" && verdict != "not_met");
      item.set("failed", failed_here);
      item.set("can_mark", can_mark);
      items.push_back(item);
    }
    evaluation.set("items", items);
    evaluation.set("can_mark", can_mark);
    view.data.set("evaluation", evaluation);
  }
  state.errors.Apply(view.data, language);
  return RenderPage(request, std::move(view), chrome);
}

// The gate, CSRF, the id and the version every command shares. On success: the visitor, the form,
// the id and the version; otherwise the response to send.
struct Posted {
  app::Authenticated visitor;
  Form form;
  domain::ApplicationId id;
  std::int64_t version = 0;
};
std::variant<Posted, http::Response> ReadCommand(const http::Request& request, PagesContext& context,
                                                 app::Action action) {
  auto read = ReadRecordPost(request, context, action, "application.not_found");
  if (auto* refused = std::get_if<http::Response>(&read)) {
    return std::move(*refused);
  }
  auto& posted = std::get<RecordPost>(read);
  const auto version = PositiveId(posted.form.Get("version"));
  if (!version) {
    return ErrorPage(request, 400, "error.bad_request", ChromeFor(context, posted.visitor));
  }
  return Posted{std::move(posted.visitor), std::move(posted.form), domain::ApplicationId(posted.id), *version};
}

// A command's route: `handle(request, posted)` once ReadCommand has what it needs.
void AddCommand(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                std::function<http::Response(const http::Request&, Posted&)> handle) {
  AddGated<Posted>(
      router, http::Method::kPost, std::move(pattern), action,
      [&context, action](const http::Request& request) { return ReadCommand(request, context, action); },
      std::move(handle));
}

// After a command: 303 back to the application (with a notice key) or the page with the error.
http::Response AfterCommand(const http::Request& request, PagesContext& context, const Posted& posted,
                            const core::Result<app::AuditBodyApplicationView>& result, std::string_view notice,
                            PageState& state, const std::string& error_field) {
  if (result) {
    return Redirect(ApplicationHref(posted.id) + "?done=" + std::string(notice));
  }
  const core::Error& error = result.error();
  if (error.code == core::ErrorCode::kNotFound || ForErrorPage(error)) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  state.status = http::StatusFor(error.code);
  state.errors.Form(ErrorText(request, error), FieldsOf(error_field));
  return ApplicationPage(request, context, posted.visitor, posted.id, state);
}

}  // namespace

void RegisterAuditBodyApplicationPages(http::Router& router, PagesContext& context) {
  AddUserPage(
      router, context, http::Method::kGet, "/audit-bodies/applications", app::Action::kReadAuditBodyApplication,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const Chrome chrome = ChromeFor(context, visitor);
        auto list = context.services.ListOwnAuditBodyApplications(visitor.principal, 500, 0);
        if (!list) {
          return ErrorPage(request, list.error(), chrome);
        }
        const core::Language language = request.language;
        PageView view{"audit_body_applications.mustache", "audit_body_pages.applications_title", {}};
        view.no_store = true;
        view.data.set("can_apply", app::Authorize(visitor.principal, app::Action::kApplyAsAuditBody).has_value());
        view.data.set("can_queue", app::Authorize(visitor.principal, app::Action::kReadAuditBodyQueue).has_value());
        data items{data::type::list};
        for (const auto& a : *list) {
          data item{data::type::object};
          item.set("id", std::to_string(a.id.value()));
          item.set("href", ApplicationHref(a.id));
          item.set("purpose", PurposeLabel(language, a.purpose));
          item.set("state", StateLabel(language, a.state));
          item.set("since", JapanTime(a.state_since));
          items.push_back(item);
        }
        view.data.set("applications", items);
        view.data.set("none", list->empty());
        // The organisation's registrations, with when each must be renewed.
        auto registrations = context.services.ListOwnRegistrations(visitor.principal);
        if (!registrations) {
          return ErrorPage(request, registrations.error(), chrome);
        }
        data rows{data::type::list};
        for (const auto& own : *registrations) {
          const auto& r = own.record.registration;
          data row{data::type::object};
          row.set("number", r.number);
          row.set("href", "/audit-bodies/" + std::to_string(r.holder.value()));
          row.set("status", StatusLabel(language, own.record.status));
          row.set("valid_until", domain::FormatDate(r.valid_until));
          row.set("renewal_due_from", domain::FormatDate(own.renewal_due_from));
          row.set("renewal_due", own.renewal_due);
          rows.push_back(row);
        }
        view.data.set("registrations", rows);
        view.data.set("has_registrations", !registrations->empty());
        return RenderPage(request, std::move(view), chrome);
      });

  auto new_page = [&context](const http::Request& request, const app::Authenticated& visitor, const DossierInput& in,
                             FormErrors& errors, const std::map<std::string, std::string>& field_errors, int status) {
    PageView view{"audit_body_application_new.mustache", "audit_body_pages.new_title", {}};
    view.status = status;
    view.no_store = true;
    view.switch_path = "/audit-bodies/applications/new";
    view.data.set("csrf_token", visitor.session.csrf_token);
    view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
    view.data.set("dossier_form", Partial("audit_body_dossier_form.mustache"));
    view.data.set("edit", EditForm(request.language, in, field_errors));
    errors.Apply(view.data, request.language);
    return RenderPage(request, std::move(view), ChromeFor(context, visitor));
  };

  AddUserPage(router, context, http::Method::kGet, "/audit-bodies/applications/new", app::Action::kApplyAsAuditBody,
              [new_page](const http::Request& request, app::Authenticated& visitor) {
                FormErrors errors;
                return new_page(request, visitor, DossierInput{}, errors, {}, 200);
              });

  AddUserForm(router, context, "/audit-bodies/applications/new", app::Action::kApplyAsAuditBody,
              [&context, new_page](const http::Request& request, PostedForm& posted) {
                const auto& visitor = posted.visitor;
                const DossierInput in = FromForm(posted.form);
                FormErrors errors;
                std::map<std::string, std::string> field_errors;
                auto dossier = ToDossier(in, request.language, errors, field_errors);
                if (!dossier) {
                  return new_page(request, visitor, in, errors, field_errors, 400);
                }
                app::AuditBodyApplicationInput input;
                input.dossier = std::move(*dossier);
                auto created = context.services.CreateAuditBodyApplication(visitor.principal, input);
                if (!created) {
                  if (ForErrorPage(created.error())) {
                    return ErrorPage(request, created.error(), ChromeFor(context, visitor));
                  }
                  errors.Form(ErrorText(request, created.error()), {});
                  return new_page(request, visitor, in, errors, field_errors, http::StatusFor(created.error().code));
                }
                return Redirect(ApplicationHref(created->application.id) + "?done=created");
              });

  AddUserPage(
      router, context, http::Method::kGet, "/audit-bodies/applications/{id}", app::Action::kReadAuditBodyApplication,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return ErrorPage(request, 404, "application.not_found", ChromeFor(context, visitor));
        }
        PageState state;
        state.notice =
            DoneNotice(request, "audit_body_pages.",
                       {"saved", "created", "submitted", "withdrawn", "marked", "started", "returned", "recommended"});
        return ApplicationPage(request, context, visitor, domain::ApplicationId(*id), state);
      });

  // Save the content.
  AddCommand(router, context, "/audit-bodies/applications/{id}", app::Action::kApplyAsAuditBody,
             [&context](const http::Request& request, Posted& posted) {
               PageState state;
               state.input = FromForm(posted.form);
               auto dossier = ToDossier(*state.input, request.language, state.errors, state.field_errors);
               if (!dossier) {
                 state.status = 400;
                 return ApplicationPage(request, context, posted.visitor, posted.id, state);
               }
               auto saved =
                   context.services.UpdateAuditBodyDraft(posted.visitor.principal, posted.id, posted.version, *dossier);
               return AfterCommand(request, context, posted, saved, "saved", state, "");
             });

  // Submit and resubmit: a refused content lists every problem ListProblems finds, by field.
  for (const bool resubmit : {false, true}) {
    AddCommand(router, context,
               resubmit ? "/audit-bodies/applications/{id}/resubmit" : "/audit-bodies/applications/{id}/submit",
               app::Action::kApplyAsAuditBody, [&context, resubmit](const http::Request& request, Posted& posted) {
                 auto result = resubmit ? context.services.ResubmitAuditBodyApplication(posted.visitor.principal,
                                                                                        posted.id, posted.version)
                                        : context.services.SubmitAuditBodyApplication(posted.visitor.principal,
                                                                                      posted.id, posted.version);
                 PageState state;
                 if (!result && result.error().reason.rfind("audit_body.", 0) == 0) {
                   auto current = context.services.GetAuditBodyApplication(posted.visitor.principal, posted.id);
                   if (current) {
                     const auto problems =
                         domain::ListProblems(current->dossier.content, context.services.audit_body_settings().rules,
                                              context.services.TodayInJapan());
                     if (!problems.empty()) {
                       state.status = http::StatusFor(result.error().code);
                       state.errors.Form(Msg(request.language, "audit_body_pages.submit_refused"), {});
                       for (const auto& problem : problems) {
                         const bool known = core::Messages::Get().Has(request.language, problem.reason);
                         std::string text = known ? Msg(request.language, problem.reason) : problem.message;
                         if (known && problem.reason == "audit_body.qualification_expired") {
                           text += " (" + problem.message + ")";
                         }
                         state.errors.Field(ProblemField(problem.reason),
                                            ProblemField(problem.reason) == "auditors"
                                                ? "audit_body_pages.auditors"
                                                : "audit_body_pages." + ProblemField(problem.reason),
                                            text);
                       }
                       return ApplicationPage(request, context, posted.visitor, posted.id, state);
                     }
                   }
                 }
                 return AfterCommand(request, context, posted, result, "submitted", state, "");
               });
  }

  // Withdraw (the applicant) and return (the evaluator): a command with a reason, kept on the page
  // when refused.
  struct ReasonCommand {
    const char* path;
    app::Action action;
    decltype(&app::Services::WithdrawAuditBodyApplication) run;
    std::string PageState::*kept;
    const char* notice;
    const char* field;
  };
  for (const ReasonCommand command :
       {ReasonCommand{"/audit-bodies/applications/{id}/withdraw", app::Action::kApplyAsAuditBody,
                      &app::Services::WithdrawAuditBodyApplication, &PageState::withdraw_reason, "withdrawn",
                      "withdraw_reason"},
        ReasonCommand{"/audit-bodies/applications/{id}/return", app::Action::kEvaluateAuditBodyApplication,
                      &app::Services::ReturnAuditBodyApplication, &PageState::return_reason, "returned",
                      "return_reason"}}) {
    AddCommand(router, context, command.path, command.action,
               [&context, command](const http::Request& request, Posted& posted) {
                 PageState state;
                 state.*command.kept = std::string(posted.form.Get("reason"));
                 auto result = (context.services.*command.run)(posted.visitor.principal, posted.id, posted.version,
                                                               state.*command.kept);
                 return AfterCommand(request, context, posted, result, command.notice, state, command.field);
               });
  }

  AddCommand(router, context, "/audit-bodies/applications/{id}/start-evaluation",
             app::Action::kEvaluateAuditBodyApplication, [&context](const http::Request& request, Posted& posted) {
               PageState state;
               auto result =
                   context.services.StartAuditBodyEvaluation(posted.visitor.principal, posted.id, posted.version);
               return AfterCommand(request, context, posted, result, "started", state, "");
             });

  AddCommand(router, context, "/audit-bodies/applications/{id}/evaluation", app::Action::kEvaluateAuditBodyApplication,
             [&context](const http::Request& request, Posted& posted) {
               PageState state;
               state.mark_item = std::string(posted.form.Get("item"));
               state.mark_note = std::string(posted.form.Get("note"));
               state.mark_verdict = std::string(posted.form.Get("verdict"));
               state.mark_failed = true;
               const auto verdict = domain::ItemVerdictFromString(state.mark_verdict);
               if (!verdict) {
                 state.status = 400;
                 state.errors.Form(Msg(request.language, "error.invalid_argument"), {"note-" + state.mark_item});
                 return ApplicationPage(request, context, posted.visitor, posted.id, state);
               }
               auto result = context.services.MarkAuditBodyEvaluationItem(
                   posted.visitor.principal, posted.id, posted.version, state.mark_item, *verdict, state.mark_note);
               if (result) {
                 return Redirect(ApplicationHref(posted.id) + "?done=marked#item-" + state.mark_item);
               }
               return AfterCommand(request, context, posted, result, "marked", state, "note-" + state.mark_item);
             });

  AddCommand(router, context, "/audit-bodies/applications/{id}/recommend", app::Action::kEvaluateAuditBodyApplication,
             [&context](const http::Request& request, Posted& posted) {
               PageState state;
               state.recommend_outcome = std::string(posted.form.Get("outcome"));
               state.recommend_note = std::string(posted.form.Get("note"));
               const auto outcome = domain::RecommendationOutcomeFromString(state.recommend_outcome);
               if (!outcome) {
                 state.status = 400;
                 state.errors.Form(Msg(request.language, "error.invalid_argument"), {"recommend_outcome"});
                 return ApplicationPage(request, context, posted.visitor, posted.id, state);
               }
               auto result = context.services.RecommendAuditBodyApplication(
                   posted.visitor.principal, posted.id, posted.version, *outcome, state.recommend_note);
               return AfterCommand(request, context, posted, result, "recommended", state, "recommend_note");
             });
}

}  // namespace ismap::web::pages
