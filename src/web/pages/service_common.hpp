// What the cloud service register's pages share (issue 7): their links, translated labels of the
// register's enums, names in the request's language, and the version-carrying form every command
// posts. Internal to src/web.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/cloud_services.hpp"
#include "core/crypto.hpp"
#include "domain/cloud_service.hpp"
#include "domain/engagement.hpp"
#include "domain/statement.hpp"
#include "http/api/api.hpp"
#include "web/multipart.hpp"
#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"

namespace ismap::web::pages {

inline std::string ServiceHref(domain::ServiceId id) { return "/services/" + std::to_string(id.value()); }
inline std::string StatementHref(domain::StatementId id) { return "/statements/" + std::to_string(id.value()); }
inline std::string EngagementHref(domain::EngagementId id) { return "/engagements/" + std::to_string(id.value()); }
inline std::string ServiceApplicationHref(domain::ApplicationId id) {
  return "/applications/" + std::to_string(id.value());
}
inline std::string PublicServiceHref(domain::ServiceId id) { return "/cloud-services/" + std::to_string(id.value()); }

// The English text when the page is in English and there is one; the Japanese otherwise.
inline const std::string& InLanguage(core::Language language, const std::string& ja, const std::string& en) {
  return language == core::Language::kEn && !en.empty() ? en : ja;
}
// The lang attribute of what InLanguage chose.
inline std::string LangOf(core::Language language, const std::string& en) {
  return language == core::Language::kEn && !en.empty() ? "en" : "ja";
}

inline std::string ModelLabel(core::Language l, domain::ServiceModel m) {
  return EnumLabel(l, "service_pages.model_", m);
}
inline std::string DeploymentLabel(core::Language l, domain::DeploymentModel m) {
  return EnumLabel(l, "service_pages.deployment_", m);
}
inline std::string TrackLabel(core::Language l, domain::Track t) { return EnumLabel(l, "service_pages.track_", t); }
inline std::string StatementStateLabel(core::Language l, domain::StatementState s) {
  return EnumLabel(l, "service_pages.statement_state_", s);
}
inline std::string EngagementStateLabel(core::Language l, domain::EngagementState s) {
  return EnumLabel(l, "service_pages.engagement_state_", s);
}
inline std::string AuditResultLabel(core::Language l, domain::AuditResult r) {
  return EnumLabel(l, "service_pages.result_", r);
}

// A problem's text: its reason's message when the catalogue has one (with the problem's own
// message in brackets when it names something, e.g. a control), else the message.
inline std::string ProblemText(core::Language language, const domain::Problem& problem) {
  if (core::Messages::Get().Has(language, problem.reason)) {
    return Msg(language, problem.reason);
  }
  return problem.message;
}

// "12 / 40 (30%)"
inline std::string ProgressText(core::Language language, const domain::StatementProgress& progress) {
  const int percent = progress.total > 0 ? progress.decided * 100 / progress.total : 0;
  return Fill(Fill(Fill(Msg(language, "service_pages.progress_text"), "decided", std::to_string(progress.decided)),
                   "total", std::to_string(progress.total)),
              "percent", std::to_string(percent));
}

// A form posted about one record, with the version it was read at (hidden field "version").
struct VersionedPost {
  app::Authenticated visitor;
  Form form;
  std::int64_t id = 0;
  std::int64_t version = 0;
};
inline std::variant<VersionedPost, http::Response> ReadVersionedPost(const http::Request& request,
                                                                     PagesContext& context, app::Action action,
                                                                     std::string_view not_found_key) {
  auto read = ReadRecordPost(request, context, action, not_found_key);
  if (auto* refused = std::get_if<http::Response>(&read)) {
    return std::move(*refused);
  }
  auto& posted = std::get<RecordPost>(read);
  const auto version = PositiveId(posted.form.Get("version"));
  if (!version) {
    return ErrorPage(request, 400, "error.bad_request", ChromeFor(context, posted.visitor));
  }
  return VersionedPost{std::move(posted.visitor), std::move(posted.form), posted.id, *version};
}

// A route for a form posted about one record: RequireUserForm(action), the path's id, and when
// `versioned` the version.
inline void AddRecordForm(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                          std::string_view not_found_key, bool versioned,
                          std::function<http::Response(const http::Request&, VersionedPost&)> handle) {
  AddGated<VersionedPost>(
      router, http::Method::kPost, std::move(pattern), action,
      [&context, action, key = std::string(not_found_key),
       versioned](const http::Request& request) -> std::variant<VersionedPost, http::Response> {
        if (versioned) {
          return ReadVersionedPost(request, context, action, key);
        }
        auto read = ReadRecordPost(request, context, action, key);
        if (auto* refused = std::get_if<http::Response>(&read)) {
          return std::move(*refused);
        }
        auto& posted = std::get<RecordPost>(read);
        return VersionedPost{std::move(posted.visitor), std::move(posted.form), posted.id, 0};
      },
      std::move(handle));
}

// The positive id of a form field, when it holds one.
inline std::optional<std::int64_t> FormId(const Form& form, std::string_view name) {
  return PositiveId(form.Get(name));
}

// Lines of a textarea, trimmed, without empty ones.
inline std::vector<std::string> NonEmptyLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      line.remove_prefix(1);
    }
    if (!line.empty()) {
      lines.emplace_back(line);
    }
    start = end + 1;
  }
  return lines;
}

// An HTML id for a control id ("9.2.3.11.PB" → "c-9-2-3-11-PB").
inline std::string ControlAnchor(std::string_view control_id) {
  std::string out = "c-";
  for (const char c : control_id) {
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    out.push_back(word ? c : '-');
  }
  return out;
}

// A form's errors: FormErrors (the summary at the top) and, by field id, what each field shows.
class PageErrors {
 public:
  void Field(const std::string& field_id, std::string label_key, std::string text) {
    fields_[field_id] = text;
    errors_.Field(field_id, std::move(label_key), std::move(text));
  }
  void Form(std::string text, std::vector<std::string> field_ids) {
    for (const auto& id : field_ids) {
      described_.insert(id);
    }
    errors_.Form(std::move(text), std::move(field_ids));
  }
  bool empty() const { return errors_.empty(); }
  void Apply(kainjow::mustache::data& view, core::Language language) const { errors_.Apply(view, language); }
  std::string ErrorOf(const std::string& id) const {
    const auto it = fields_.find(id);
    return it == fields_.end() ? std::string() : it->second;
  }
  bool Describes(const std::string& id) const { return described_.count(id) > 0; }

 private:
  FormErrors errors_;
  std::map<std::string, std::string> fields_;
  std::set<std::string> described_;
};

// One labelled form field as service_field.mustache renders it.
struct FieldSpec {
  std::string id;  // also the name
  std::string label;
  std::string value;
  std::string kind = "text";  // text, date, number, textarea, select
  std::string hint = {};
  kainjow::mustache::data options = kainjow::mustache::data{kainjow::mustache::data::type::list};  // select
  int rows = 3;
  std::string autocomplete = "off";
};
inline kainjow::mustache::data FieldData(const FieldSpec& spec, const PageErrors& errors) {
  kainjow::mustache::data f{kainjow::mustache::data::type::object};
  const std::string error = errors.ErrorOf(spec.id);
  std::string described;
  const auto add = [&described](const std::string& id) { described += (described.empty() ? "" : " ") + id; };
  if (!spec.hint.empty()) {
    add(spec.id + "-hint");
  }
  if (!error.empty()) {
    add(spec.id + "-error");
  }
  if (errors.Describes(spec.id)) {
    add("form-error");
  }
  f.set("f_id", spec.id);
  f.set("f_label", spec.label);
  f.set("f_value", spec.value);
  // Mustache takes "" for true: every optional part has its own flag.
  f.set("f_hint", spec.hint);
  f.set("f_has_hint", !spec.hint.empty());
  f.set("f_error", error);
  f.set("f_has_error", !error.empty());
  f.set("f_describedby", described);
  f.set("f_has_describedby", !described.empty());
  f.set("f_invalid", !error.empty() || errors.Describes(spec.id));
  f.set("f_textarea", spec.kind == "textarea");
  f.set("f_select", spec.kind == "select");
  f.set("f_input", spec.kind != "textarea" && spec.kind != "select");
  f.set("f_type", spec.kind == "date" ? std::string("date") : std::string("text"));
  f.set("f_numeric", spec.kind == "number");
  f.set("f_rows", std::to_string(spec.rows));
  f.set("f_autocomplete", spec.autocomplete);
  f.set("f_options", spec.options);
  return f;
}

// The disclosures' form fields (names as the domain's fields), in the form's order.
inline const std::vector<std::pair<std::string, std::string domain::Disclosures::*>>& DisclosureFields() {
  static const std::vector<std::pair<std::string, std::string domain::Disclosures::*>> kFields = {
      {"capital_and_officers", &domain::Disclosures::capital_and_officers},
      {"foreign_law_risk", &domain::Disclosures::foreign_law_risk},
      {"governing_law_and_court", &domain::Disclosures::governing_law_and_court},
      {"third_party_tests", &domain::Disclosures::third_party_tests},
      {"other_certifications", &domain::Disclosures::other_certifications}};
  return kFields;
}
inline domain::Disclosures DisclosuresFromForm(const Form& form) {
  domain::Disclosures d;
  for (const auto& [name, member] : DisclosureFields()) {
    d.*member = std::string(form.Get(name));
  }
  return d;
}
inline kainjow::mustache::data DisclosureFieldData(core::Language language, const domain::Disclosures& d,
                                                   const PageErrors& errors) {
  kainjow::mustache::data list{kainjow::mustache::data::type::list};
  for (const auto& [name, member] : DisclosureFields()) {
    list.push_back(FieldData({name, Msg(language, "service_pages.disclosure_" + name), d.*member, "textarea",
                              Msg(language, "service_pages.disclosure_hint")},
                             errors));
  }
  return list;
}
// Disclosure problems beside their fields: application.disclosure_required and text_too_long name
// the field in the message.
inline void DisclosureErrors(core::Language language, const domain::Disclosures& d, PageErrors& errors) {
  for (const auto& problem : domain::ListDisclosureProblems(d)) {
    for (const auto& [name, member] : DisclosureFields()) {
      if (problem.message.find(name) != std::string::npos && errors.ErrorOf(name).empty()) {
        errors.Field(name, "service_pages.disclosure_" + name, ProblemText(language, problem));
        break;
      }
    }
  }
}

// A multipart/form-data form (a file upload) about one record, posted by a signed-in user allowed
// to do `action`: the Origin check and the csrf_token field as for ReadForm, the path's id and the
// version field. A body that is not a well-formed multipart form is the 400 page.
struct UploadPost {
  app::Authenticated visitor;
  MultipartForm form;
  std::int64_t id = 0;
  std::int64_t version = 0;
};
inline std::variant<UploadPost, http::Response> ReadUploadPost(const http::Request& request, PagesContext& context,
                                                               app::Action action) {
  auto gate = RequireUser(request, context, action);
  if (auto* refused = std::get_if<http::Response>(&gate)) {
    return std::move(*refused);
  }
  auto& visitor = std::get<app::Authenticated>(gate);
  const Chrome chrome = ChromeFor(context, visitor);
  if (auto origin = http::api::CheckOrigin(request); !origin) {
    return ErrorPage(request, origin.error(), chrome);
  }
  auto form = ParseMultipart(MultipartBoundary(request.Header("content-type")), request.body);
  const std::string_view sent =
      form && form->fields.Has("csrf_token") ? form->fields.Get("csrf_token") : request.Header("x-csrf-token");
  if (!visitor.session.csrf_token.empty() && !core::ConstantTimeEquals(sent, visitor.session.csrf_token)) {
    return ErrorPage(
        request,
        core::MakeError(core::ErrorCode::kPermissionDenied, "auth.csrf_invalid", "missing or wrong csrf_token"),
        chrome);
  }
  const auto id = PositiveId(request.Param("id"));
  const auto version = form ? PositiveId(form->fields.Get("version")) : std::nullopt;
  if (!form || !id || !version) {
    return ErrorPage(request, 400, "error.bad_request", chrome);
  }
  return UploadPost{std::move(visitor), std::move(*form), *id, *version};
}
inline void AddUploadForm(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                          std::function<http::Response(const http::Request&, UploadPost&)> handle) {
  AddGated<UploadPost>(
      router, http::Method::kPost, std::move(pattern), action,
      [&context, action](const http::Request& request) { return ReadUploadPost(request, context, action); },
      std::move(handle));
}

// A line of the public list as the list page and a service's public page show it; `on_query` is
// appended to its link ("?on=..." or empty).
kainjow::mustache::data PublicItem(core::Language l, const app::PublicService& s, const std::string& on_query);

}  // namespace ismap::web::pages
