// The statement editor's page (statement_editor.hpp): one chapter at a time with per-chapter
// progress, the search, the rows with their findings, the problems linked to their rows.
#include "web/pages/statement_editor.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "web/pages/common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr std::size_t kMaxProblemsListed = 100;

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

bool Decided(const domain::StatementEntry* e) { return e != nullptr && (e->adopted || !e->reason.empty()); }

}  // namespace

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

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

}  // namespace ismap::web::pages
