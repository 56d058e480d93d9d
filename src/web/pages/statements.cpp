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
#include <cctype>
#include <map>
#include <set>

#include "app/statement_files.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr std::size_t kMaxProblemsListed = 100;

struct HeaderInput {
  std::string scope, system_overview, representative, period_first, period_last, subsequent_events;
};

// What a POST leaves for the editor it re-renders.
struct EditorState {
  PageErrors errors;
  std::string notice;
  int status = 200;
  std::optional<HeaderInput> header;                   // as typed
  std::map<std::string, domain::StatementEntry> rows;  // as typed, by control id
  std::string chapter, q;                              // what was shown
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The edition's chapters (top-level items) and each control's chapter.
struct Chapters {
  std::vector<const domain::Control*> tops;
  std::map<std::string, std::string> chapter_of;  // control id -> top-level id
};
Chapters ChaptersOf(const domain::EditionContent& edition) {
  Chapters out;
  for (const auto& c : edition.controls) {  // parents come first
    if (!c.parent_id) {
      out.tops.push_back(&c);
      out.chapter_of[c.id] = c.id;
    } else {
      const auto parent = out.chapter_of.find(*c.parent_id);
      out.chapter_of[c.id] = parent != out.chapter_of.end() ? parent->second : c.id;
    }
  }
  return out;
}

// A day of the audit period as the form shows it: empty while not set (a new draft's default day).
std::string PeriodDay(const domain::Date& day) {
  return day == domain::Date{} ? std::string() : domain::FormatDate(day);
}

bool Counts(const domain::Control& c) { return !c.is_group && !c.withdrawn; }

bool Decided(const domain::StatementEntry* e) { return e != nullptr && (e->adopted || !e->reason.empty()); }

std::string HeaderField(const std::string& reason) {
  if (reason == "statement.scope_required") {
    return "scope";
  }
  if (reason == "statement.overview_required") {
    return "system_overview";
  }
  if (reason == "statement.representative_required") {
    return "representative";
  }
  if (reason.rfind("statement.bad_audit_period", 0) == 0 || reason == "statement.audit_period_too_long") {
    return "period_first";
  }
  return "";
}

std::string EditorHref(domain::StatementId id, const std::string& chapter, const std::string& q) {
  std::string href = StatementHref(id);
  std::string sep = "?";
  if (!chapter.empty()) {
    href += sep + "chapter=" + QueryEscape(chapter);
    sep = "&";
  }
  if (!q.empty()) {
    href += sep + "q=" + QueryEscape(q);
  }
  return href;
}

http::Response EditorPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                          domain::StatementId id, EditorState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  auto& register_ = context.services.cloud_services();
  auto got = register_.GetStatement(visitor.principal, id);
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  auto edition = register_.StatementEdition(visitor.principal, id);
  if (!edition) {
    return ErrorPage(request, edition.error(), chrome);
  }
  const app::StatementView& sv = *got;
  const domain::Statement& st = sv.statement;
  const bool editable =
      st.state == domain::StatementState::kDraft &&
      app::Authorize(visitor.principal, app::Action::kManageCloudServices, app::Resource{st.provider}).has_value();

  std::map<std::string, const domain::StatementEntry*> entries;
  for (const auto& e : st.entries) {
    entries.emplace(e.control_id, &e);  // the first entry for a control counts
  }
  const Chapters chapters = ChaptersOf(*edition);
  const std::string q = state.q;
  std::string chapter = state.chapter;
  if (chapter.empty() && q.empty() && !chapters.tops.empty()) {
    chapter = chapters.tops.front()->id;
  }

  PageView view{"statement.mustache", "service_pages.statement_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = StatementHref(id);
  const std::string service_name = InLanguage(l, sv.service.name_ja, sv.service.name_en);
  view.title_text =
      Fill(Fill(Msg(l, "service_pages.statement_heading"), "service", service_name), "n", std::to_string(st.revision));
  view.data.set("heading", view.title_text);
  view.data.set("service_href", ServiceHref(sv.service.id));
  view.data.set("service_name", service_name);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("action_base", StatementHref(id));
  view.data.set("version", std::to_string(st.version));
  view.data.set("state", StatementStateLabel(l, st.state));
  view.data.set("edition", sv.edition.info.key);
  view.data.set("editable", editable);
  view.data.set("chapter", chapter);
  view.data.set("q", q);
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }
  const std::string export_base = StatementHref(id) + "/export/";
  view.data.set("export_csv", export_base + "csv");
  view.data.set("export_xlsx", export_base + "xlsx");
  view.data.set("export_ssp", export_base + "ssp");
  view.data.set("decided", std::to_string(sv.progress.decided));
  view.data.set("total", std::to_string(sv.progress.total));
  view.data.set("progress_text", ProgressText(l, sv.progress));

  // Header.
  const HeaderInput header = state.header ? *state.header
                                          : HeaderInput{st.scope,
                                                        st.system_overview,
                                                        st.representative,
                                                        PeriodDay(st.period.first),
                                                        PeriodDay(st.period.last),
                                                        st.subsequent_events};
  if (editable) {
    data fields{data::type::list};
    fields.push_back(FieldData(
        {"scope", Msg(l, "service_pages.field_scope"), header.scope, "textarea", Msg(l, "service_pages.scope_hint")},
        state.errors));
    fields.push_back(FieldData(
        {"system_overview", Msg(l, "service_pages.field_system_overview"), header.system_overview, "textarea"},
        state.errors));
    fields.push_back(FieldData({"representative", Msg(l, "service_pages.field_representative"), header.representative,
                                "text", Msg(l, "service_pages.representative_hint")},
                               state.errors));
    fields.push_back(FieldData({"period_first", Msg(l, "service_pages.field_period_first"), header.period_first, "date",
                                Msg(l, "service_pages.period_hint")},
                               state.errors));
    fields.push_back(FieldData({"period_last", Msg(l, "service_pages.field_period_last"), header.period_last, "date",
                                Msg(l, "service_pages.date_hint")},
                               state.errors));
    fields.push_back(FieldData({"subsequent_events", Msg(l, "service_pages.field_subsequent_events"),
                                header.subsequent_events, "textarea", Msg(l, "service_pages.subsequent_events_hint")},
                               state.errors));
    view.data.set("header_fields", fields);
  } else {
    data h{data::type::object};
    h.set("scope", header.scope);
    h.set("system_overview", header.system_overview);
    h.set("representative", header.representative);
    h.set("period", header.period_first.empty() ? std::string("—") : header.period_first + " – " + header.period_last);
    h.set("subsequent_events",
          header.subsequent_events.empty() ? Msg(l, "service_pages.none_text") : header.subsequent_events);
    view.data.set("header_view", h);
  }

  // Findings per control (the domain's own check, for the rows and the problem list).
  std::map<std::string, std::vector<std::string>> findings;
  const auto selection = domain::CheckSelection(*edition, st.entries);
  for (const auto& f : selection) {
    findings[f.control_id].push_back(core::Messages::Get().Has(l, f.code) ? Msg(l, f.code) : f.code);
  }

  // Chapter navigation with per-chapter progress.
  data chapter_nav{data::type::list};
  data chapter_options{data::type::list};
  chapter_options.push_back(SelectOption("", Msg(l, "service_pages.all_chapters"), chapter.empty()));
  for (const auto* top : chapters.tops) {
    int decided = 0;
    int total = 0;
    for (const auto& c : edition->controls) {
      if (Counts(c) && chapters.chapter_of.at(c.id) == top->id) {
        ++total;
        const auto e = entries.find(c.id);
        decided += Decided(e == entries.end() ? nullptr : e->second) ? 1 : 0;
      }
    }
    const std::string title = top->id + " " + InLanguage(l, top->title_ja, top->title_en);
    const std::string counts = std::to_string(decided) + " / " + std::to_string(total);
    data item{data::type::object};
    item.set("href", EditorHref(id, top->id, ""));
    item.set("title", title);
    item.set("counts", counts);
    item.set("current", top->id == chapter);
    item.set("complete", total > 0 && decided == total);
    chapter_nav.push_back(item);
    chapter_options.push_back(SelectOption(top->id, title + " (" + counts + ")", top->id == chapter));
  }
  view.data.set("chapters", chapter_nav);
  view.data.set("chapter_options", chapter_options);

  // The rows shown: the chapter's controls (every chapter when searching without one) matching q.
  const std::string needle = Lower(q);
  data rows{data::type::list};
  int index = 0;
  for (const auto& c : edition->controls) {
    if (!Counts(c)) {
      continue;
    }
    if (!chapter.empty() && chapters.chapter_of.at(c.id) != chapter) {
      continue;
    }
    if (!needle.empty() && Lower(c.id).find(needle) == std::string::npos &&
        Lower(c.title_en).find(needle) == std::string::npos && c.title_ja.find(q) == std::string::npos) {
      continue;
    }
    const auto stored = entries.find(c.id);
    const auto typed = state.rows.find(c.id);
    domain::StatementEntry entry{c.id, false, "", ""};
    if (typed != state.rows.end()) {
      entry = typed->second;
    } else if (stored != entries.end()) {
      entry = *stored->second;
    }
    const std::string prefix = "row-" + std::to_string(index++) + "-";
    data row{data::type::object};
    row.set("anchor", ControlAnchor(c.id));
    row.set("prefix", prefix);
    row.set("control_id", c.id);
    row.set("title", InLanguage(l, c.title_ja, c.title_en));
    row.set("title_lang", LangOf(l, c.title_en));
    row.set("mandatory", c.rule == domain::MandatoryRule::kMandatory);
    row.set("unless_excluded", c.rule == domain::MandatoryRule::kUnlessExcluded);
    row.set("adopted", entry.adopted);
    row.set("adopted_text", Msg(l, entry.adopted     ? "service_pages.adopted"
                                   : Decided(&entry) ? "service_pages.not_adopted"
                                                     : "service_pages.undecided"));
    row.set("reason", entry.reason);
    row.set("implementation", entry.implementation);
    row.set("stored", stored != entries.end());
    const auto f = findings.find(c.id);
    data texts{data::type::list};
    if (f != findings.end()) {
      for (const auto& text : f->second) {
        data t{data::type::object};
        t.set("text", text);
        texts.push_back(t);
      }
    }
    row.set("findings", texts);
    row.set("has_findings", f != findings.end());
    rows.push_back(row);
  }
  view.data.set("rows", rows);
  view.data.set("no_rows", index == 0);
  view.data.set("shown", Fill(Msg(l, "service_pages.rows_shown"), "count", std::to_string(index)));

  // Problems: header ones link to their field, per-control ones to their row in its chapter.
  data problems{data::type::list};
  std::set<std::string> selection_codes;
  for (const auto& f : selection) {
    selection_codes.insert(f.code);
  }
  for (const auto& p : sv.problems) {
    if (selection_codes.count(p.reason) > 0) {
      continue;
    }
    const std::string field = HeaderField(p.reason);
    data item{data::type::object};
    item.set("href", editable && !field.empty() ? "#" + field : std::string("#header-heading"));
    item.set("text", ProblemText(l, p));
    problems.push_back(item);
  }
  std::size_t listed = 0;
  for (const auto& f : selection) {
    if (listed++ >= kMaxProblemsListed) {
      break;
    }
    data item{data::type::object};
    const auto ch = chapters.chapter_of.find(f.control_id);
    item.set("href",
             EditorHref(id, ch != chapters.chapter_of.end() ? ch->second : "", "") + "#" + ControlAnchor(f.control_id));
    item.set("text", f.control_id + ": " + (core::Messages::Get().Has(l, f.code) ? Msg(l, f.code) : f.code));
    problems.push_back(item);
  }
  view.data.set("problems", problems);
  view.data.set("has_problems", !sv.problems.empty() || !selection.empty());
  if (selection.size() > kMaxProblemsListed) {
    view.data.set("more_problems", Fill(Msg(l, "service_pages.more_problems"), "count",
                                        std::to_string(selection.size() - kMaxProblemsListed)));
  }
  state.errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

}  // namespace

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
