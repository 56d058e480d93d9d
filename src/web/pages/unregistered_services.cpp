// Unregistered-service confirmation pages (issue 9; app/unregistered_services.hpp):
//   GET  /unregistered-services             the agency's own (every agency's for the secretariat)
//   GET  /unregistered-services/new, POST   the new-record form (agency members and CISO)
//   GET  /unregistered-services/{id}        the editor while a draft, else the read-only record;
//                                           ?chapter= shows one chapter (about 1,200 items in all)
//   POST /unregistered-services/{id}        saves the description and the shown chapter's rows
//   POST /unregistered-services/{id}/bulk   marks every item of the shown chapter met (as the
//                                           statement editor adopts a chapter), then rows change one by one
//   POST /unregistered-services/{id}/submit|approve|return  → 303 back
// Another agency's record is the 404 page, as one that does not exist.
#include <charconv>
#include <map>

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

std::string Href(domain::UnregisteredServiceId id) { return "/unregistered-services/" + std::to_string(id.value()); }

std::optional<std::int64_t> PathId(const http::Request& request) {
  std::int64_t id = 0;
  const std::string_view text = request.Param("id");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc() && end == text.data() + text.size() && id > 0 ? std::optional<std::int64_t>(id)
                                                                         : std::nullopt;
}

std::int64_t VersionOf(const Form& form) {
  std::int64_t version = 0;
  const std::string_view v = form.Get("version");
  std::from_chars(v.data(), v.data() + v.size(), version);
  return version;
}

std::string StateLabel(core::Language l, const domain::UnregisteredService& r) {
  if (r.state == domain::ConfirmationState::kDraft && !r.return_reason.empty()) {
    return Text(l, "unregistered_pages.state_returned");
  }
  return Text(l, "unregistered_pages.state_" + std::string(domain::ToString(r.state)));
}

std::string MeasureLabel(core::Language l, const std::optional<domain::TransitionalMeasure>& m) {
  if (!m) {
    return "";
  }
  return Pick(l, m->title_ja, m->title_en) + " (" + domain::FormatDate(m->effective_from) + " – " +
         domain::FormatDate(m->effective_until) + ")";
}

// The service fields of the forms, from a record or as typed.
void SetFields(data& view, core::Language l, const domain::UnregisteredServiceInfo& info) {
  view.set("f_name_ja", info.name_ja);
  view.set("f_name_en", info.name_en);
  view.set("f_provider_name", info.provider_name);
  std::string regions;
  for (const auto& r : info.regions) {
    regions += (regions.empty() ? "" : "\n") + r;
  }
  view.set("f_regions", regions);
  view.set("f_url", info.url);
  view.set("f_notes", info.notes);
  view.set("f_need", info.need);
  data models{data::type::list};
  for (const auto m : {domain::ServiceModel::kIaas, domain::ServiceModel::kPaas, domain::ServiceModel::kSaas}) {
    const std::string name(domain::ToString(m));
    models.push_back(SelectOption(name, Text(l, "unregistered_pages.model_" + name), info.model == m));
  }
  view.set("models", models);
  view.set("model", Text(l, "unregistered_pages.model_" + std::string(domain::ToString(info.model))));
  view.set("fields", Partial("unregistered_fields.mustache"));
}

domain::UnregisteredServiceInfo InfoFrom(const Form& form) {
  domain::UnregisteredServiceInfo info;
  info.name_ja = std::string(form.Get("name_ja"));
  info.name_en = std::string(form.Get("name_en"));
  info.provider_name = std::string(form.Get("provider_name"));
  info.model = domain::ServiceModelFromString(form.Get("model")).value_or(domain::ServiceModel::kSaas);
  const std::string regions(form.Get("regions"));
  std::size_t start = 0;
  while (start <= regions.size()) {
    std::size_t end = regions.find('\n', start);
    if (end == std::string::npos) {
      end = regions.size();
    }
    std::string line = regions.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    if (!line.empty()) {
      info.regions.push_back(line);
    }
    start = end + 1;
  }
  info.url = std::string(form.Get("url"));
  info.notes = std::string(form.Get("notes"));
  info.need = std::string(form.Get("need"));
  return info;
}

// The field of the form a refusal's reason names.
void AddError(FormErrors& errors, const http::Request& request, const core::Error& error) {
  const std::string& r = error.reason;
  const char* field = r.starts_with("unregistered.name")       ? "name_ja"
                      : r.starts_with("unregistered.provider") ? "provider_name"
                      : r.find("region") != std::string::npos  ? "regions"
                      : r.starts_with("unregistered.need")     ? "need"
                                                               : nullptr;
  if (field == nullptr) {
    errors.Form(ErrorText(request, error), {});
    return;
  }
  const std::string key =
      std::string("unregistered_pages.field_") + (std::string_view(field) == "provider_name" ? "provider" : field);
  errors.Field(field, key, ErrorText(request, error));
}

// Each control's chapter (its top-level ancestor), and the chapters in order.
struct Chapters {
  std::vector<const domain::Control*> tops;
  std::map<std::string, std::string> chapter_of;
};

Chapters ChaptersOf(const domain::EditionContent& edition) {
  Chapters out;
  for (const auto& c : edition.controls) {
    if (!c.parent_id) {
      out.tops.push_back(&c);
      out.chapter_of[c.id] = c.id;
      continue;
    }
    const auto parent = out.chapter_of.find(*c.parent_id);
    out.chapter_of[c.id] = parent != out.chapter_of.end() ? parent->second : c.id;
  }
  return out;
}

std::string Anchor(const std::string& control_id) {
  std::string out;
  for (const char c : control_id) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
  }
  return out;
}

http::Response RecordPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor,
                          const app::UnregisteredServiceView& record, std::string chapter, FormErrors errors,
                          int status, const domain::UnregisteredServiceInfo* typed = nullptr) {
  const core::Language l = request.language;
  const Chrome chrome = ChromeFor(context, visitor);
  const auto& r = record.record;
  auto edition = context.services.ReadEdition(visitor.principal, record.edition_key);
  if (!edition) {
    return ErrorPage(request, edition.error(), chrome);
  }
  const Chapters chapters = ChaptersOf(*edition);
  std::map<std::string, const domain::ConfirmationItem*> items;
  for (const auto& item : r.items) {
    items[item.control_id] = &item;
  }
  if (chapter.empty() || std::none_of(chapters.tops.begin(), chapters.tops.end(),
                                      [&](const domain::Control* c) { return c->id == chapter; })) {
    chapter.clear();
    for (const auto* top : chapters.tops) {
      if (std::any_of(r.items.begin(), r.items.end(),
                      [&](const auto& i) { return chapters.chapter_of.at(i.control_id) == top->id; })) {
        chapter = top->id;
        break;
      }
    }
  }
  const std::string base = Href(r.id);
  PageView view{"unregistered.mustache", "unregistered_pages.record_title", {}};
  view.status = status;
  view.no_store = true;
  view.title_text = Pick(l, r.info.name_ja, r.info.name_en);
  view.switch_path = base + "?chapter=" + QueryEscape(chapter);
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("base", base);
  view.data.set("version", std::to_string(r.version));
  view.data.set("chapter", chapter);
  view.data.set("name", Pick(l, r.info.name_ja, r.info.name_en));
  view.data.set("state", StateLabel(l, r));
  view.data.set("agency", Pick(l, record.agency_name_ja, record.agency_name_en));
  view.data.set("provider", r.info.provider_name);
  view.data.set("edition", record.edition_key);
  view.data.set("date", domain::FormatDate(r.confirmation_date));
  const std::string measure = MeasureLabel(l, record.measure);
  if (!measure.empty()) {
    view.data.set("measure", measure);
  }
  if (!r.return_reason.empty()) {
    view.data.set("return_reason", r.return_reason);
  }
  std::size_t marked = 0;
  for (const auto& item : r.items) {
    marked += item.mark != domain::ItemMark::kUnmarked ? 1 : 0;
  }
  view.data.set("progress", Fill(Fill(Text(l, "unregistered_pages.progress_text"), "marked", std::to_string(marked)),
                                 "total", std::to_string(r.items.size())));
  view.data.set("may_edit", record.may_edit);
  view.data.set("may_approve", record.may_approve);
  SetFields(view.data, l, typed != nullptr ? *typed : r.info);
  view.data.set("fields_open", typed != nullptr);
  // Chapter navigation with marked/total per chapter.
  data nav{data::type::list};
  std::string chapter_title;
  for (const auto* top : chapters.tops) {
    std::size_t total = 0;
    std::size_t done = 0;
    for (const auto& item : r.items) {
      if (chapters.chapter_of.at(item.control_id) == top->id) {
        ++total;
        done += item.mark != domain::ItemMark::kUnmarked ? 1 : 0;
      }
    }
    if (total == 0) {
      continue;
    }
    data row{data::type::object};
    const std::string title = top->id + " " + Pick(l, top->title_ja, top->title_en);
    row.set("href", base + "?chapter=" + QueryEscape(top->id));
    row.set("title", title);
    row.set("counts", std::to_string(done) + "/" + std::to_string(total));
    row.set("current", top->id == chapter);
    if (top->id == chapter) {
      chapter_title = title;
    }
    nav.push_back(row);
  }
  view.data.set("chapters", nav);
  view.data.set("chapter_title", chapter_title);
  view.data.set("bulk_label", Fill(Text(l, "unregistered_pages.bulk"), "chapter", chapter_title));
  // Findings: by control id, linking to the row in its chapter.
  std::map<std::string, std::string> problem_of;
  data findings{data::type::list};
  for (const auto& f : record.findings) {
    data row{data::type::object};
    const std::string text = Text(l, f.code);
    if (!f.control_id.empty()) {
      problem_of[f.control_id] = text;
      const auto ch = chapters.chapter_of.find(f.control_id);
      row.set("href", base + "?chapter=" + QueryEscape(ch != chapters.chapter_of.end() ? ch->second : "") + "#item-" +
                          Anchor(f.control_id));
      row.set("control", f.control_id);
    }
    row.set("text", text);
    findings.push_back(row);
  }
  view.data.set("findings", findings);
  view.data.set("has_findings", !record.findings.empty());
  view.data.set("findings_count",
                Fill(Text(l, "unregistered_pages.findings_count"), "count", std::to_string(record.findings.size())));
  // The shown chapter's rows.
  data rows{data::type::list};
  for (const auto& c : edition->controls) {
    const auto it = items.find(c.id);
    if (it == items.end() || chapters.chapter_of.at(c.id) != chapter) {
      continue;
    }
    const domain::ConfirmationItem& item = *it->second;
    data row{data::type::object};
    row.set("control", c.id);
    row.set("anchor", Anchor(c.id));
    row.set("title", Pick(l, c.title_ja, c.title_en));
    row.set("note", item.note);
    row.set("mark_label", Text(l, "unregistered_pages.mark_" + std::string(domain::ToString(item.mark))));
    data marks{data::type::list};
    for (const auto m : {domain::ItemMark::kUnmarked, domain::ItemMark::kMet, domain::ItemMark::kNotMet,
                         domain::ItemMark::kNotApplicable}) {
      const std::string name(domain::ToString(m));
      marks.push_back(SelectOption(name, Text(l, "unregistered_pages.mark_" + name), item.mark == m));
    }
    row.set("marks", marks);
    if (const auto p = problem_of.find(c.id); p != problem_of.end()) {
      row.set("problem", p->second);
    }
    rows.push_back(row);
  }
  view.data.set("rows", rows);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

http::Response ListPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const core::Language l = request.language;
  const Chrome chrome = ChromeFor(context, visitor);
  auto page = context.services.unregistered_services().List(visitor.principal, 200, 0);
  if (!page) {
    return ErrorPage(request, page.error(), chrome);
  }
  const bool secretariat = visitor.principal.Has(domain::Role::kSecretariat);
  PageView view{"unregistered_list.mustache", "unregistered_pages.list_title", {}};
  view.no_store = true;
  view.data.set("intro", Text(l, secretariat ? "unregistered_pages.list_intro_secretariat"
                                             : "unregistered_pages.list_intro_agency"));
  view.data.set("may_record", app::Authorize(visitor.principal, app::Action::kRecordUnregisteredServices).has_value());
  view.data.set("secretariat_view", secretariat);
  data rows{data::type::list};
  for (const auto& item : page->items) {
    const auto& r = item.record;
    data row{data::type::object};
    row.set("href", Href(r.id));
    row.set("name", Pick(l, r.info.name_ja, r.info.name_en));
    row.set("provider", r.info.provider_name);
    row.set("agency", Pick(l, item.agency_name_ja, item.agency_name_en));
    row.set("state", StateLabel(l, r));
    row.set("date", domain::FormatDate(r.confirmation_date));
    rows.push_back(row);
  }
  view.data.set("rows", rows);
  view.data.set("none", page->items.empty());
  return RenderPage(request, std::move(view), chrome);
}

http::Response NewPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor,
                       const domain::UnregisteredServiceInfo& info, const FormErrors& errors, int status) {
  const core::Language l = request.language;
  PageView view{"unregistered_new.mustache", "unregistered_pages.new_title", {}};
  view.status = status;
  view.no_store = true;
  view.switch_path = "/unregistered-services/new";
  view.data.set("csrf_token", visitor.session.csrf_token);
  auto measure = context.services.transitional_measures().InForceToday(visitor.principal);
  if (measure && *measure) {
    view.data.set("measure", MeasureLabel(l, *measure));
  }
  SetFields(view.data, l, info);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

// After a command: back to the record (its chapter), or the record again with the refusal.
http::Response AfterCommand(const http::Request& request, PagesContext& context, PostedForm& posted,
                            domain::UnregisteredServiceId id, const core::Result<app::UnregisteredServiceView>& done,
                            const std::string& chapter, const domain::UnregisteredServiceInfo* typed = nullptr) {
  if (done) {
    return Redirect(Href(id) + (chapter.empty() ? "" : "?chapter=" + QueryEscape(chapter)));
  }
  const auto& error = done.error();
  if (error.code == core::ErrorCode::kNotFound || error.code == core::ErrorCode::kInternal ||
      error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kUnauthenticated) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  auto record = context.services.unregistered_services().Get(posted.visitor.principal, id);
  if (!record) {
    return ErrorPage(request, record.error(), ChromeFor(context, posted.visitor));
  }
  FormErrors errors;
  if (error.reason == "unregistered.reason_required" || error.reason == "unregistered.reason_too_long") {
    errors.Field("reason", "unregistered_pages.return_reason", ErrorText(request, error));
  } else {
    AddError(errors, request, error);
  }
  return RecordPage(request, context, posted.visitor, *record, chapter, std::move(errors), http::StatusFor(error.code),
                    typed);
}

}  // namespace

void RegisterUnregisteredServicePages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/unregistered-services", app::Action::kReadUnregisteredServices,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return ListPage(request, context, visitor);
              });
  AddUserPage(router, context, http::Method::kGet, "/unregistered-services/new",
              app::Action::kRecordUnregisteredServices,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                domain::UnregisteredServiceInfo info;
                return NewPage(request, context, visitor, info, FormErrors{}, 200);
              });
  AddUserForm(router, context, "/unregistered-services/new", app::Action::kRecordUnregisteredServices,
              [&context](const http::Request& request, PostedForm& posted) {
                app::UnregisteredServiceInput input;
                input.info = InfoFrom(posted.form);
                auto created = context.services.unregistered_services().Create(posted.visitor.principal, input);
                if (created) {
                  return Redirect(Href(created->record.id));
                }
                if (created.error().code != core::ErrorCode::kInvalidArgument) {
                  return ErrorPage(request, created.error(), ChromeFor(context, posted.visitor));
                }
                FormErrors errors;
                AddError(errors, request, created.error());
                return NewPage(request, context, posted.visitor, input.info, errors, 400);
              });
  AddUserPage(
      router, context, http::Method::kGet, "/unregistered-services/{id}", app::Action::kReadUnregisteredServices,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const auto id = PathId(request);
        if (!id) {
          return ErrorPage(request, 404, "unregistered.not_found", ChromeFor(context, visitor));
        }
        auto record =
            context.services.unregistered_services().Get(visitor.principal, domain::UnregisteredServiceId(*id));
        if (!record) {
          return ErrorPage(request, record.error(), ChromeFor(context, visitor));
        }
        return RecordPage(request, context, visitor, *record, std::string(request.Query("chapter")), FormErrors{}, 200);
      });
  // Saving: the description and the marks of the rows the chapter showed.
  AddUserForm(router, context, "/unregistered-services/{id}", app::Action::kRecordUnregisteredServices,
              [&context](const http::Request& request, PostedForm& posted) {
                const auto id = PathId(request);
                if (!id) {
                  return ErrorPage(request, 404, "unregistered.not_found", ChromeFor(context, posted.visitor));
                }
                const domain::UnregisteredServiceId record_id(*id);
                auto& confirmations = context.services.unregistered_services();
                auto record = confirmations.Get(posted.visitor.principal, record_id);
                if (!record) {
                  return ErrorPage(request, record.error(), ChromeFor(context, posted.visitor));
                }
                app::UnregisteredServiceInput input;
                input.info = InfoFrom(posted.form);
                for (const auto& item : record->record.items) {
                  const std::string mark_name = "mark:" + item.control_id;
                  if (!posted.form.Has(mark_name)) {
                    continue;
                  }
                  const auto mark = domain::ItemMarkFromString(posted.form.Get(mark_name));
                  input.items.push_back({item.control_id, mark.value_or(domain::ItemMark::kUnmarked),
                                         std::string(posted.form.Get("note:" + item.control_id))});
                }
                const std::string chapter(posted.form.Get("chapter"));
                auto done =
                    confirmations.UpdateDraft(posted.visitor.principal, record_id, VersionOf(posted.form), input);
                return AfterCommand(request, context, posted, record_id, done, chapter, &input.info);
              });
  // Bulk: every item of the chapter met (the agency then changes single rows).
  AddUserForm(router, context, "/unregistered-services/{id}/bulk", app::Action::kRecordUnregisteredServices,
              [&context](const http::Request& request, PostedForm& posted) {
                const auto id = PathId(request);
                if (!id) {
                  return ErrorPage(request, 404, "unregistered.not_found", ChromeFor(context, posted.visitor));
                }
                const domain::UnregisteredServiceId record_id(*id);
                auto& confirmations = context.services.unregistered_services();
                auto record = confirmations.Get(posted.visitor.principal, record_id);
                if (!record) {
                  return ErrorPage(request, record.error(), ChromeFor(context, posted.visitor));
                }
                auto edition = context.services.ReadEdition(posted.visitor.principal, record->edition_key);
                if (!edition) {
                  return ErrorPage(request, edition.error(), ChromeFor(context, posted.visitor));
                }
                const std::string chapter(posted.form.Get("chapter"));
                const Chapters chapters = ChaptersOf(*edition);
                app::UnregisteredServiceInput input;
                input.info = record->record.info;
                for (const auto& item : record->record.items) {
                  const auto ch = chapters.chapter_of.find(item.control_id);
                  if (ch != chapters.chapter_of.end() && ch->second == chapter) {
                    input.items.push_back({item.control_id, domain::ItemMark::kMet, item.note});
                  }
                }
                auto done =
                    confirmations.UpdateDraft(posted.visitor.principal, record_id, VersionOf(posted.form), input);
                return AfterCommand(request, context, posted, record_id, done, chapter);
              });
  for (const char* command : {"submit", "approve", "return"}) {
    const std::string name(command);
    const auto action =
        name == "submit" ? app::Action::kRecordUnregisteredServices : app::Action::kApproveUnregisteredServices;
    AddUserForm(router, context, "/unregistered-services/{id}/" + name, action,
                [&context, name](const http::Request& request, PostedForm& posted) {
                  const auto id = PathId(request);
                  if (!id) {
                    return ErrorPage(request, 404, "unregistered.not_found", ChromeFor(context, posted.visitor));
                  }
                  const domain::UnregisteredServiceId record_id(*id);
                  auto& confirmations = context.services.unregistered_services();
                  const auto& principal = posted.visitor.principal;
                  const std::int64_t version = VersionOf(posted.form);
                  auto done = name == "submit"    ? confirmations.Submit(principal, record_id, version)
                              : name == "approve" ? confirmations.Approve(principal, record_id, version)
                                                  : confirmations.Return(principal, record_id, version,
                                                                         std::string(posted.form.Get("reason")));
                  return AfterCommand(request, context, posted, record_id, done, "");
                });
  }
}

}  // namespace ismap::web::pages
