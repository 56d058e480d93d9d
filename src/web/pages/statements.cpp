// The statement editor (言明書; issue 7), usable with an edition of 1,100+ controls: one chapter at
// a time, with per-chapter progress, a search over ids and titles, bulk adoption, the problems that
// stand between the draft and submission linked to their rows, and a read-only view once submitted.
//   GET  /statements/{id}[?chapter=<top-level id>][&q=<text>]
//   POST /statements/{id}            version, chapter, q, header fields, rows row-<i>-{control,adopted,
//                                    reason,implementation,stored}, action=save|adopt_shown|adopt_mandatory
//   POST /statements/{id}/submit     version
//   GET  /statements/{id}/export/{format}  csv, xlsx or ssp (OSCAL SSP JSON), as a download
//   POST /statements/{id}/import     multipart/form-data: csrf_token, version, chapter, statement_file
//                                    (.csv, .xlsx or an OSCAL SSP .json): replaces every entry
// Saving sends only the shown rows (EditStatement replaces those controls' entries); a stale
// version answers 409 with the user's input kept and the current version in the form.
#include <algorithm>
#include <map>
#include <set>

#include "app/statement_files.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/pages/statement_editor.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {

void RegisterStatementPages(http::Router& router, PagesContext& context) {
  AddUserPage(
      router, context, http::Method::kGet, "/statements/{id}", app::Action::kReadCloudServiceRecord,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return ErrorPage(request, 404, "error.not_found", ChromeFor(context, visitor));
        }
        EditorState state;
        state.chapter = std::string(request.Query("chapter"));
        state.q = std::string(request.Query("q"));
        state.notice = DoneNotice(request, "service_pages.done_", {"saved", "started", "submitted", "imported"});
        return EditorPage(request, context, visitor, domain::StatementId(*id), state);
      });

  AddRecordForm(
      router, context, "/statements/{id}", app::Action::kManageCloudServices, "error.not_found", true,
      [&context](const http::Request& request, VersionedPost& posted) {
        const core::Language l = request.language;
        const domain::StatementId id(posted.id);
        const Form& form = posted.form;
        EditorState state;
        state.chapter = std::string(form.Get("chapter"));
        state.q = std::string(form.Get("q"));
        const std::string action(form.Get("action"));
        HeaderInput header{std::string(form.Get("scope")),          std::string(form.Get("system_overview")),
                           std::string(form.Get("representative")), std::string(form.Get("period_first")),
                           std::string(form.Get("period_last")),    std::string(form.Get("subsequent_events"))};
        state.header = header;
        app::StatementEdit edit;
        edit.scope = header.scope;
        edit.system_overview = header.system_overview;
        edit.representative = header.representative;
        edit.subsequent_events = header.subsequent_events;
        if (!header.period_first.empty() || !header.period_last.empty()) {
          const auto first = domain::ParseDate(header.period_first);
          const auto last = domain::ParseDate(header.period_last);
          if (!first) {
            state.errors.Field("period_first", "service_pages.field_period_first", Msg(l, "audit_body_pages.bad_date"));
          }
          if (!last) {
            state.errors.Field("period_last", "service_pages.field_period_last", Msg(l, "audit_body_pages.bad_date"));
          }
          if (first && last) {
            edit.period = domain::AuditPeriod{*first, *last};
          }
        }
        // Adopting every mandatory control needs the edition; the others send the shown rows only.
        auto& register_ = context.services.cloud_services();
        std::set<std::string> mandatory;
        std::map<std::string, domain::StatementEntry> stored;
        if (action == "adopt_mandatory") {
          auto edition = register_.StatementEdition(posted.visitor.principal, id);
          auto current = register_.GetStatement(posted.visitor.principal, id);
          if (!edition || !current) {
            return ErrorPage(request, !edition ? edition.error() : current.error(), ChromeFor(context, posted.visitor));
          }
          for (const auto& c : edition->controls) {
            if (Counts(c) && c.rule == domain::MandatoryRule::kMandatory) {
              mandatory.insert(c.id);
            }
          }
          for (const auto& e : current->statement.entries) {
            stored.emplace(e.control_id, e);
          }
        }
        // The shown rows. A blank row that had no entry stays undecided (no entry is sent).
        for (int i = 0; i < 5000; ++i) {
          const std::string prefix = "row-" + std::to_string(i) + "-";
          if (!form.Has(prefix + "control")) {
            break;
          }
          domain::StatementEntry entry{std::string(form.Get(prefix + "control")), form.Has(prefix + "adopted"),
                                       std::string(form.Get(prefix + "reason")),
                                       std::string(form.Get(prefix + "implementation"))};
          if (action == "adopt_shown" || mandatory.count(entry.control_id) > 0) {
            entry.adopted = true;
          }
          state.rows[entry.control_id] = entry;
          const bool blank = !entry.adopted && entry.reason.empty() && entry.implementation.empty();
          if (!blank || form.Get(prefix + "stored") == "1") {
            edit.entries.push_back(std::move(entry));
          }
        }
        // Mandatory controls not shown: adopted, keeping what was written for them.
        for (const auto& control : mandatory) {
          if (state.rows.count(control) > 0) {
            continue;
          }
          const auto it = stored.find(control);
          domain::StatementEntry entry =
              it != stored.end() ? it->second : domain::StatementEntry{control, false, "", ""};
          entry.adopted = true;
          edit.entries.push_back(std::move(entry));
        }
        if (!state.errors.empty()) {
          state.status = 400;
          return EditorPage(request, context, posted.visitor, id, state);
        }
        auto saved = register_.EditStatement(posted.visitor.principal, id, posted.version, edit);
        if (saved) {
          std::string href = EditorHref(id, state.chapter, state.q);
          href += (href.find('?') == std::string::npos ? "?" : "&") + std::string("done=saved");
          return Redirect(href);
        }
        const core::Error& error = saved.error();
        if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
          return ErrorPage(request, error, ChromeFor(context, posted.visitor));
        }
        state.status = http::StatusFor(error.code);
        if (error.code == core::ErrorCode::kConflict) {
          state.errors.Form(Msg(l, "service_pages.stale_statement"), {});
        } else {
          const std::string field = HeaderField(error.reason);
          state.errors.Form(ErrorText(request, error), FieldsOf(field));
        }
        return EditorPage(request, context, posted.visitor, id, state);
      });

  AddRecordForm(router, context, "/statements/{id}/submit", app::Action::kManageCloudServices, "error.not_found", true,
                [&context](const http::Request& request, VersionedPost& posted) {
                  const domain::StatementId id(posted.id);
                  auto submitted =
                      context.services.cloud_services().SubmitStatement(posted.visitor.principal, id, posted.version);
                  if (submitted) {
                    return Redirect(StatementHref(id) + "?done=submitted");
                  }
                  const core::Error& error = submitted.error();
                  if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
                    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
                  }
                  EditorState state;
                  state.status = http::StatusFor(error.code);
                  state.errors.Form(error.code == core::ErrorCode::kConflict
                                        ? Msg(request.language, "service_pages.stale_statement")
                                        : ErrorText(request, error),
                                    {});
                  return EditorPage(request, context, posted.visitor, id, state);
                });

  // Exports of what the visitor may read (app/statement_files.hpp).
  AddUserPage(
      router, context, http::Method::kGet, "/statements/{id}/export/{format}", app::Action::kReadCloudServiceRecord,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const Chrome chrome = ChromeFor(context, visitor);
        const auto id = PositiveId(request.Param("id"));
        const std::string format(request.Param("format"));
        if (!id || (format != "csv" && format != "xlsx" && format != "ssp")) {
          return ErrorPage(request, 404, "error.not_found", chrome);
        }
        auto& register_ = context.services.cloud_services();
        auto got = register_.GetStatement(visitor.principal, domain::StatementId(*id));
        if (!got) {
          return ErrorPage(request, got.error(), chrome);
        }
        auto edition = register_.StatementEdition(visitor.principal, domain::StatementId(*id));
        if (!edition) {
          return ErrorPage(request, edition.error(), chrome);
        }
        const std::string base = "statement-" + std::to_string(*id) + "-v" + std::to_string(got->statement.revision);
        http::Response response;
        std::string file;
        if (format == "csv") {
          response.content_type = "text/csv; charset=utf-8";
          response.body = app::ExportStatementCsv(*edition, got->statement.entries);
          file = base + ".csv";
        } else if (format == "xlsx") {
          auto bytes = app::ExportStatementXlsx(*edition, got->statement.entries);
          if (!bytes) {
            return ErrorPage(request, bytes.error(), chrome);
          }
          response.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
          response.body = std::move(*bytes);
          file = base + ".xlsx";
        } else {
          app::SspExportOptions options;
          options.service_name = InLanguage(request.language, got->service.name_ja, got->service.name_en);
          options.service_id = "service-" + std::to_string(got->service.id.value());
          options.last_modified = got->statement.updated_at;
          auto json = app::ExportStatementSsp(*edition, got->statement, options);
          if (!json) {
            return ErrorPage(request, json.error(), chrome);
          }
          response.content_type = "application/json";
          response.body = std::move(*json);
          file = base + "-ssp.json";
        }
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file + "\"");
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });

  // Import of the whole selection from a file (app/statement_files.hpp), replacing every entry.
  AddUploadForm(router, context, "/statements/{id}/import", app::Action::kManageCloudServices,
                [&context](const http::Request& request, UploadPost& posted) {
                  const core::Language l = request.language;
                  const domain::StatementId id(posted.id);
                  EditorState state;
                  state.chapter = std::string(posted.form.fields.Get("chapter"));
                  const FilePart* file = posted.form.File("statement_file");
                  if (file == nullptr) {
                    state.status = 400;
                    state.errors.Field("statement_file", "service_pages.field_statement_file",
                                       Msg(l, "service_pages.choose_file"));
                    return EditorPage(request, context, posted.visitor, id, state);
                  }
                  auto& register_ = context.services.cloud_services();
                  auto edition = register_.StatementEdition(posted.visitor.principal, id);
                  if (!edition) {
                    return ErrorPage(request, edition.error(), ChromeFor(context, posted.visitor));
                  }
                  const std::string name = Lower(file->file_name);
                  const auto ends = [&name](std::string_view suffix) {
                    return name.size() >= suffix.size() &&
                           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
                  };
                  auto entries = ends(".xlsx")   ? app::ImportStatementXlsx(*edition, file->bytes, file->file_name)
                                 : ends(".json") ? app::ImportStatementSsp(*edition, file->bytes, file->file_name)
                                                 : app::ImportStatementCsv(*edition, file->bytes, file->file_name);
                  if (!entries) {
                    state.status = http::StatusFor(entries.error().code);
                    // The user's own file: where in it (row and column, or JSON pointer) is theirs to see.
                    state.errors.Field("statement_file", "service_pages.field_statement_file",
                                       ErrorText(request, entries.error()) + " (" + entries.error().message + ")");
                    return EditorPage(request, context, posted.visitor, id, state);
                  }
                  app::StatementEdit edit;
                  edit.entries = std::move(*entries);
                  edit.replace_all_entries = true;
                  auto saved = register_.EditStatement(posted.visitor.principal, id, posted.version, edit);
                  if (saved) {
                    std::string href = EditorHref(id, state.chapter, "");
                    href += (href.find('?') == std::string::npos ? "?" : "&") + std::string("done=imported");
                    return Redirect(href);
                  }
                  const core::Error& error = saved.error();
                  if (ForErrorPage(error) || error.code == core::ErrorCode::kNotFound) {
                    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
                  }
                  state.status = http::StatusFor(error.code);
                  state.errors.Field("statement_file", "service_pages.field_statement_file",
                                     error.code == core::ErrorCode::kConflict ? Msg(l, "service_pages.stale_statement")
                                                                              : ErrorText(request, error));
                  return EditorPage(request, context, posted.visitor, id, state);
                });
}

}  // namespace ismap::web::pages
