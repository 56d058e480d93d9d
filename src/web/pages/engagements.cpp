// The auditor's workspace (issue 7): an audit body's engagements, accepting one with the
// independence declaration and the auditors assigned, declining, the results per adopted control
// (one chapter at a time), and issuing the report.
//   GET  /engagements                       the organisation's engagements (audit body users)
//   GET  /engagements/{id}[?chapter=]       one engagement (the audit body, the provider, reviewers)
//   POST /engagements/{id}/accept           version, did_not_help=1, independence_text, auditor rows
//                                           auditor-<i>-name, auditor-<i>-q<j>-{kind,other,number,expires}
//   POST /engagements/{id}/decline          version, reason
//   POST /engagements/{id}/results          version, chapter, rows res-<i>-{control,procedure,design,
//                                           operating,result,description}
//   POST /engagements/{id}/report           multipart/form-data: csrf_token, version, report_file: uploads the
//                                           signed report (subject "engagement/<id>") and issues it
//   POST /engagements/{id}/issue            version, report_document (the id of a document uploaded with
//                                           subject "engagement/<id>", POST /api/v1/documents)
//   POST /engagements/{id}/results/import   multipart/form-data: csrf_token, version, chapter, results_file:
//                                           OSCAL assessment-results whose results replace those recorded
//                                           (app::ImportAssessmentResults, then RecordResults)
#include <map>

#include "app/statement_files.hpp"
#include "web/pages/common.hpp"
#include "web/pages/engagement_auditors.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

struct EngagementState {
  PageErrors errors;
  std::string notice;
  int status = 200;
  std::string chapter;
  const Form* form = nullptr;  // the refused form, to show back what was typed
  std::string document_id;     // a report uploaded but not issued
};

std::string Typed(const EngagementState& state, const std::string& name, const std::string& otherwise = "") {
  return state.form != nullptr && state.form->Has(name) ? std::string(state.form->Get(name)) : otherwise;
}

http::Response EngagementPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                              domain::EngagementId id, EngagementState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  auto& register_ = context.services.cloud_services();
  auto got = register_.GetEngagement(visitor.principal, id);
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  const domain::Engagement& e = got->engagement;
  const bool auditor =
      app::Authorize(visitor.principal, app::Action::kAuditCloudService, app::Resource{e.audit_body}).has_value();

  PageView view{"engagement.mustache", "service_pages.engagement_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = EngagementHref(id);
  view.title_text = Fill(Msg(l, "service_pages.engagement_n"), "id", std::to_string(id.value()));
  view.data.set("heading", view.title_text);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("action_base", EngagementHref(id));
  view.data.set("version", std::to_string(e.version));
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }
  view.data.set("service", InLanguage(l, got->service.name_ja, got->service.name_en));
  if (app::Authorize(visitor.principal, app::Action::kManageCloudServices, app::Resource{e.provider})) {
    view.data.set("service_href", ServiceHref(got->service.id));
  }
  view.data.set("audit_body", InLanguage(l, got->audit_body_name_ja, got->audit_body_name_en));
  view.data.set("state", EngagementStateLabel(l, e.state));
  if (!e.last_reason.empty()) {
    view.data.set("last_reason", e.last_reason);
  }
  if (e.report_issued_on) {
    view.data.set("report_issued_on", domain::FormatDate(*e.report_issued_on));
  }
  if (e.report_document) {
    view.data.set("report_href", "/api/v1/documents/" + std::to_string(e.report_document->value()) + "/content");
  }
  if (e.state != domain::EngagementState::kRequested && e.state != domain::EngagementState::kDeclined) {
    data declared{data::type::object};
    declared.set("did_not_help",
                 Msg(l, e.independence.did_not_help_prepare_statement ? "service_pages.yes" : "service_pages.no"));
    declared.set("text", e.independence.text);
    data auditors{data::type::list};
    for (const auto& a : e.auditors) {
      std::string quals;
      for (const auto& q : a.qualifications) {
        quals += (quals.empty() ? "" : "、") + QualificationLabel(l, q.kind) + (q.number.empty() ? "" : " " + q.number);
      }
      data row{data::type::object};
      row.set("name", a.name);
      row.set("qualifications", quals);
      auditors.push_back(row);
    }
    declared.set("auditors", auditors);
    view.data.set("declared", declared);
  }

  if (auditor && e.state == domain::EngagementState::kRequested) {
    data accept{data::type::object};
    accept.set("did_not_help", Typed(state, "did_not_help") == "1");
    accept.set("text_field",
               FieldData({"independence_text", Msg(l, "service_pages.field_independence_text"),
                          Typed(state, "independence_text"), "textarea", Msg(l, "service_pages.independence_hint")},
                         state.errors));
    accept.set("auditors", AuditorRows(l, state.form, state.errors));
    accept.set("reason_field",
               FieldData({"reason", Msg(l, "service_pages.field_decline_reason"), Typed(state, "reason"), "textarea"},
                         state.errors));
    view.data.set("accept", accept);
  }

  // Results per adopted control, one chapter at a time.
  if (got->statement &&
      (e.state == domain::EngagementState::kAccepted || e.state == domain::EngagementState::kReportIssued)) {
    const bool can_record = auditor && e.state == domain::EngagementState::kAccepted;
    auto edition = register_.StatementEdition(visitor.principal, got->statement->id);
    std::map<std::string, const domain::Control*> controls;
    std::map<std::string, std::string> chapter_of;
    std::vector<std::pair<std::string, std::string>> tops;
    if (edition) {
      for (const auto& c : edition->controls) {
        controls[c.id] = &c;
        if (!c.parent_id) {
          chapter_of[c.id] = c.id;
          tops.emplace_back(c.id, c.id + " " + InLanguage(l, c.title_ja, c.title_en));
        } else {
          chapter_of[c.id] = chapter_of.count(*c.parent_id) ? chapter_of[*c.parent_id] : c.id;
        }
      }
    }
    std::string chapter = state.chapter;
    std::map<std::string, const domain::ControlResult*> results;
    for (const auto& r : e.results) {
      results.emplace(r.control_id, &r);
    }
    int adopted = 0;
    for (const auto& entry : got->statement->entries) {
      adopted += entry.adopted ? 1 : 0;
    }
    if (chapter.empty() && !tops.empty()) {
      chapter = tops.front().first;
    }
    data chapter_options{data::type::list};
    for (const auto& [top, title] : tops) {
      chapter_options.push_back(SelectOption(top, title, top == chapter));
    }
    data rows{data::type::list};
    int index = 0;
    for (const auto& entry : got->statement->entries) {
      if (!entry.adopted ||
          (!chapter.empty() && chapter_of.count(entry.control_id) && chapter_of[entry.control_id] != chapter)) {
        continue;
      }
      const std::string p = "res-" + std::to_string(index++) + "-";
      const auto stored = results.find(entry.control_id);
      domain::ControlResult r;
      r.control_id = entry.control_id;
      if (stored != results.end()) {
        r = *stored->second;
      }
      data row{data::type::object};
      row.set("prefix", p);
      row.set("control_id", entry.control_id);
      row.set("anchor", ControlAnchor(entry.control_id));
      const auto c = controls.find(entry.control_id);
      row.set("title", c != controls.end() ? InLanguage(l, c->second->title_ja, c->second->title_en) : "");
      const bool typed = state.form != nullptr && state.form->Has(p + "control");
      row.set("procedure", typed ? Typed(state, p + "procedure") : r.procedure);
      row.set("design", typed ? state.form->Has(p + "design") : r.design);
      row.set("operating", typed ? state.form->Has(p + "operating") : r.operating);
      row.set("description", typed ? Typed(state, p + "description") : r.description);
      const std::string result = typed ? Typed(state, p + "result") : std::string(domain::ToString(r.result));
      data options{data::type::list};
      for (const auto value :
           {domain::AuditResult::kNoException, domain::AuditResult::kException, domain::AuditResult::kNotPerformed}) {
        options.push_back(SelectOption(std::string(domain::ToString(value)), AuditResultLabel(l, value),
                                       result == domain::ToString(value)));
      }
      row.set("results", options);
      row.set("result_text",
              stored != results.end() ? AuditResultLabel(l, r.result) : Msg(l, "service_pages.no_result"));
      row.set("can_record", can_record);
      rows.push_back(row);
    }
    data res{data::type::object};
    res.set("rows", rows);
    res.set("no_rows", index == 0);
    res.set("chapter", chapter);
    res.set("chapter_options", chapter_options);
    res.set("can_record", can_record);
    res.set("recorded", Fill(Fill(Msg(l, "service_pages.results_recorded"), "count", std::to_string(results.size())),
                             "total", std::to_string(adopted)));
    view.data.set("results", res);
    if (can_record) {
      data import_form{data::type::object};
      import_form.set("chapter", chapter);
      view.data.set("results_import", import_form);
      view.data.set("issue", true);
      view.data.set(
          "issue_field",
          FieldData({"report_document", Msg(l, "service_pages.field_report_document"),
                     state.document_id.empty() ? Typed(state, "report_document") : state.document_id, "number",
                     Fill(Msg(l, "service_pages.report_document_hint"), "subject",
                          "engagement/" + std::to_string(id.value()))},
                    state.errors));
    }
  }
  state.errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

template <typename T>
http::Response AfterEngagementCommand(const http::Request& request, PagesContext& context, VersionedPost& posted,
                                      const core::Result<T>& result, std::string_view notice, EngagementState& state,
                                      const std::string& field) {
  const domain::EngagementId id(posted.id);
  if (result) {
    std::string href = EngagementHref(id) + "?done=" + std::string(notice);
    if (!state.chapter.empty()) {
      href += "&chapter=" + QueryEscape(state.chapter);
    }
    return Redirect(href);
  }
  const core::Error& error = result.error();
  if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  state.status = http::StatusFor(error.code);
  state.form = &posted.form;
  state.errors.Form(ErrorText(request, error), FieldsOf(field));
  return EngagementPage(request, context, posted.visitor, id, state);
}

}  // namespace

void RegisterEngagementPages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/engagements", app::Action::kAuditCloudService,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const core::Language l = request.language;
                auto list = context.services.cloud_services().ListOwnEngagements(visitor.principal);
                if (!list) {
                  return ErrorPage(request, list.error(), chrome);
                }
                PageView view{"engagements.mustache", "service_pages.engagements_title", {}};
                view.no_store = true;
                data rows{data::type::list};
                for (const auto& e : *list) {
                  data row{data::type::object};
                  row.set("id", std::to_string(e.engagement.id.value()));
                  row.set("href", EngagementHref(e.engagement.id));
                  row.set("service", InLanguage(l, e.service.name_ja, e.service.name_en));
                  row.set("state", EngagementStateLabel(l, e.engagement.state));
                  row.set("created", JapanTime(e.engagement.created_at));
                  rows.push_back(row);
                }
                view.data.set("engagements", rows);
                view.data.set("none", list->empty());
                return RenderPage(request, std::move(view), chrome);
              });

  AddUserPage(router, context, http::Method::kGet, "/engagements/{id}", app::Action::kReadCloudServiceRecord,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const auto id = PositiveId(request.Param("id"));
                if (!id) {
                  return ErrorPage(request, 404, "error.not_found", ChromeFor(context, visitor));
                }
                EngagementState state;
                state.chapter = std::string(request.Query("chapter"));
                state.notice = DoneNotice(request, "service_pages.done_",
                                          {"accepted", "declined", "recorded", "results_imported", "issued"});
                return EngagementPage(request, context, visitor, domain::EngagementId(*id), state);
              });

  AddRecordForm(router, context, "/engagements/{id}/accept", app::Action::kAuditCloudService, "error.not_found", true,
                [&context](const http::Request& request, VersionedPost& posted) {
                  const core::Language l = request.language;
                  EngagementState state;
                  domain::IndependenceDeclaration declaration{posted.form.Get("did_not_help") == "1",
                                                              std::string(posted.form.Get("independence_text"))};
                  auto auditors = AuditorsFromForm(l, posted.form, state.errors);
                  if (!state.errors.empty()) {
                    state.status = 400;
                    state.form = &posted.form;
                    return EngagementPage(request, context, posted.visitor, domain::EngagementId(posted.id), state);
                  }
                  auto result = context.services.cloud_services().AcceptEngagement(
                      posted.visitor.principal, domain::EngagementId(posted.id), posted.version, declaration, auditors);
                  return AfterEngagementCommand(request, context, posted, result, "accepted", state,
                                                "independence_text");
                });

  AddRecordForm(router, context, "/engagements/{id}/decline", app::Action::kAuditCloudService, "error.not_found", true,
                [&context](const http::Request& request, VersionedPost& posted) {
                  EngagementState state;
                  auto result = context.services.cloud_services().DeclineEngagement(
                      posted.visitor.principal, domain::EngagementId(posted.id), posted.version,
                      std::string(posted.form.Get("reason")));
                  return AfterEngagementCommand(request, context, posted, result, "declined", state, "reason");
                });

  AddRecordForm(
      router, context, "/engagements/{id}/results", app::Action::kAuditCloudService, "error.not_found", true,
      [&context](const http::Request& request, VersionedPost& posted) {
        EngagementState state;
        state.chapter = std::string(posted.form.Get("chapter"));
        auto& register_ = context.services.cloud_services();
        auto current = register_.GetEngagement(posted.visitor.principal, domain::EngagementId(posted.id));
        if (!current) {
          return ErrorPage(request, current.error(), ChromeFor(context, posted.visitor));
        }
        // The shown rows replace their controls' results; the others' stay as recorded.
        std::map<std::string, domain::ControlResult> typed;
        std::vector<std::string> order;
        for (int i = 0; i < 5000; ++i) {
          const std::string p = "res-" + std::to_string(i) + "-";
          if (!posted.form.Has(p + "control")) {
            break;
          }
          domain::ControlResult r;
          r.control_id = std::string(posted.form.Get(p + "control"));
          r.procedure = std::string(posted.form.Get(p + "procedure"));
          r.design = posted.form.Has(p + "design");
          r.operating = posted.form.Has(p + "operating");
          r.result =
              domain::AuditResultFromString(posted.form.Get(p + "result")).value_or(domain::AuditResult::kNoException);
          r.description = std::string(posted.form.Get(p + "description"));
          const bool blank = r.procedure.empty() && r.description.empty() && !r.design && !r.operating;
          typed[r.control_id] = blank ? domain::ControlResult{} : r;
          order.push_back(r.control_id);
        }
        std::vector<domain::ControlResult> results;
        for (const auto& r : current->engagement.results) {
          if (typed.count(r.control_id) == 0) {
            results.push_back(r);
          }
        }
        for (const auto& control : order) {
          if (!typed[control].control_id.empty()) {
            results.push_back(typed[control]);
          }
        }
        auto result = register_.RecordResults(posted.visitor.principal, domain::EngagementId(posted.id), posted.version,
                                              std::move(results));
        return AfterEngagementCommand(request, context, posted, result, "recorded", state, "");
      });

  AddRecordForm(router, context, "/engagements/{id}/issue", app::Action::kAuditCloudService, "error.not_found", true,
                [&context](const http::Request& request, VersionedPost& posted) {
                  EngagementState state;
                  const auto document = FormId(posted.form, "report_document");
                  if (!document) {
                    state.status = 400;
                    state.form = &posted.form;
                    state.errors.Field("report_document", "service_pages.field_report_document",
                                       Msg(request.language, "engagement.report_required"));
                    return EngagementPage(request, context, posted.visitor, domain::EngagementId(posted.id), state);
                  }
                  auto result = context.services.cloud_services().IssueReport(
                      posted.visitor.principal, domain::EngagementId(posted.id), posted.version,
                      domain::DocumentId(*document));
                  return AfterEngagementCommand(request, context, posted, result, "issued", state, "report_document");
                });

  // Results from an OSCAL assessment-results file (app/statement_files.hpp), read against the edition the
  // engagement's statement pins: they replace the recorded results, as POST
  // /api/v1/engagements/{id}/results/import does. A refused file or a stale version records nothing and
  // is shown beside the file field.
  AddUploadForm(
      router, context, "/engagements/{id}/results/import", app::Action::kAuditCloudService,
      [&context](const http::Request& request, UploadPost& posted) {
        const core::Language l = request.language;
        const domain::EngagementId id(posted.id);
        EngagementState state;
        state.chapter = std::string(posted.form.fields.Get("chapter"));
        const auto refuse = [&](int status, std::string text) {
          state.status = status;
          state.errors.Field("results_file", "service_pages.field_results_file", std::move(text));
          return EngagementPage(request, context, posted.visitor, id, state);
        };
        const FilePart* file = posted.form.File("results_file");
        if (file == nullptr || file->bytes.empty()) {
          return refuse(400, Msg(l, "service_pages.choose_file"));
        }
        auto& register_ = context.services.cloud_services();
        auto current = register_.GetEngagement(posted.visitor.principal, id);
        if (!current) {
          return ErrorPage(request, current.error(), ChromeFor(context, posted.visitor));
        }
        auto edition = register_.StatementEdition(posted.visitor.principal, current->engagement.statement);
        if (!edition) {
          return ErrorPage(request, edition.error(), ChromeFor(context, posted.visitor));
        }
        auto imported = app::ImportAssessmentResults(*edition, file->bytes, file->file_name);
        if (!imported) {
          // The user's own file: where in it (the JSON pointer) is theirs to see.
          return refuse(http::StatusFor(imported.error().code),
                        ErrorText(request, imported.error()) + " (" + imported.error().message + ")");
        }
        auto recorded = register_.RecordResults(posted.visitor.principal, id, posted.version, std::move(*imported));
        if (recorded) {
          std::string href = EngagementHref(id) + "?done=results_imported";
          if (!state.chapter.empty()) {
            href += "&chapter=" + QueryEscape(state.chapter);
          }
          return Redirect(href);
        }
        const core::Error& error = recorded.error();
        if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
          return ErrorPage(request, error, ChromeFor(context, posted.visitor));
        }
        // A result the statement refuses names its control in the message; a stale version needs no more.
        return refuse(http::StatusFor(error.code), error.code == core::ErrorCode::kInvalidArgument
                                                       ? ErrorText(request, error) + " (" + error.message + ")"
                                                       : ErrorText(request, error));
      });

  AddUploadForm(
      router, context, "/engagements/{id}/report", app::Action::kAuditCloudService,
      [&context](const http::Request& request, UploadPost& posted) {
        const core::Language l = request.language;
        const domain::EngagementId id(posted.id);
        EngagementState state;
        const FilePart* file = posted.form.File("report_file");
        if (file == nullptr || file->bytes.empty()) {
          state.status = 400;
          state.errors.Field("report_file", "service_pages.field_report_file", Msg(l, "engagement.report_required"));
          return EngagementPage(request, context, posted.visitor, id, state);
        }
        app::DocumentUpload upload{file->file_name, file->content_type, domain::Classification::kRestricted,
                                   "engagement/" + std::to_string(id.value()), file->bytes};
        auto document = context.services.UploadDocument(posted.visitor.principal, upload);
        if (!document) {
          if (ForErrorPage(document.error())) {
            return ErrorPage(request, document.error(), ChromeFor(context, posted.visitor));
          }
          state.status = http::StatusFor(document.error().code);
          state.errors.Field("report_file", "service_pages.field_report_file", ErrorText(request, document.error()));
          return EngagementPage(request, context, posted.visitor, id, state);
        }
        auto issued =
            context.services.cloud_services().IssueReport(posted.visitor.principal, id, posted.version, document->id);
        if (issued) {
          return Redirect(EngagementHref(id) + "?done=issued");
        }
        if (ForErrorPage(issued.error()) || issued.error().code == core::ErrorCode::kNotFound) {
          return ErrorPage(request, issued.error(), ChromeFor(context, posted.visitor));
        }
        // The document is stored: its id goes into the other form, to issue it once corrected.
        state.status = http::StatusFor(issued.error().code);
        state.document_id = std::to_string(document->id.value());
        state.errors.Form(ErrorText(request, issued.error()), {"report_file"});
        return EngagementPage(request, context, posted.visitor, id, state);
      });
}

}  // namespace ismap::web::pages
