#include "web/render.hpp"

#include <map>
#include <stdexcept>
#include <vector>

#include "core/embedded_file.hpp"
#include "web/form.hpp"

namespace ismap::web {

const std::vector<core::EmbeddedFile>& EmbeddedTemplates();  // generated

namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

std::string_view TemplateText(std::string_view name) {
  for (const auto& file : EmbeddedTemplates()) {
    if (file.name == name) {
      return file.bytes;
    }
  }
  // Template names are compiled-in constants; a missing one is a defect, not an input error.
  throw std::logic_error("no template " + std::string(name));
}

std::string Render(std::string_view name, const data& view) {
  mustache tmpl{std::string(TemplateText(name))};
  if (!tmpl.is_valid()) {
    throw std::logic_error("template " + std::string(name) + ": " + tmpl.error_message());
  }
  return tmpl.render(view);
}

data BuildMessageData(core::Language language) {
  // Group "site.name" into {"site": {"name": ...}}.
  std::map<std::string, std::map<std::string, std::string>> groups;
  for (const auto& [key, text] : core::Messages::Get().All(language)) {
    const auto dot = key.find('.');
    groups[key.substr(0, dot)][dot == std::string::npos ? "" : key.substr(dot + 1)] = text;
  }
  data root{data::type::object};
  for (const auto& [group, entries] : groups) {
    data sub{data::type::object};
    for (const auto& [name, text] : entries) {
      sub.set(name, text);
    }
    root.set(group, sub);
  }
  return root;
}

// The language switch: `path` with the request's query but its lang, plus lang=<other>.
std::string SwitchHref(const http::Request& request, const std::string& path, core::Language other) {
  std::string href = path + "?";
  if (path == request.path) {
    for (const auto& [name, value] : request.query) {
      if (name != "lang") {
        href += QueryEscape(name) + "=" + QueryEscape(value) + "&";
      }
    }
  }
  return href + "lang=" + std::string(core::ToString(other));
}

}  // namespace

data Partial(std::string_view template_name) {
  const std::string_view text = TemplateText(template_name);  // checked now, not at render time
  return data(kainjow::mustache::partial([text] { return std::string(text); }));
}

const data& MessageData(core::Language language) {
  static const data kJa = BuildMessageData(core::Language::kJa);
  static const data kEn = BuildMessageData(core::Language::kEn);
  return language == core::Language::kEn ? kEn : kJa;
}

http::Response RenderPage(const http::Request& request, PageView view, const Chrome& chrome) {
  const core::Language language = request.language;
  const core::Language other = language == core::Language::kJa ? core::Language::kEn : core::Language::kJa;
  view.data.set("t", MessageData(language));
  view.data.set("lang", std::string(core::ToString(language)));
  const std::string content = Render(view.template_name, view.data);

  data layout{data::type::object};
  layout.set("t", MessageData(language));
  layout.set("lang", std::string(core::ToString(language)));
  layout.set("title", view.title_text.empty() ? std::string(core::Messages::Get().Text(language, view.title_key))
                                              : view.title_text);
  layout.set("content", content);
  layout.set("demo", chrome.demo);
  // The site navigation marks the link of this page ("page") or of the section it is in ("true").
  if (request.path == "/catalogs") {
    layout.set("nav_catalogs_current", std::string("page"));
  } else if (request.path.rfind("/catalogs/", 0) == 0) {
    layout.set("nav_catalogs_current", std::string("true"));
  }
  if (request.path == "/audit-bodies") {
    layout.set("nav_audit_bodies_current", std::string("page"));
  } else if (request.path.rfind("/audit-bodies/", 0) == 0) {
    layout.set("nav_audit_bodies_current", std::string("true"));
  }
  // The cloud service register: the public list, and the work areas the visitor's roles open.
  const auto mark = [&layout, &request](const char* key, std::string_view path) {
    if (request.path == path) {
      layout.set(key, std::string("page"));
    } else if (request.path.rfind(std::string(path) + "/", 0) == 0) {
      layout.set(key, std::string("true"));
    }
  };
  mark("nav_cloud_services_current", "/cloud-services");
  // The other public destinations: the home page, and the programme's statistics.
  if (request.path == "/") {
    layout.set("nav_home_current", std::string("page"));
  }
  mark("nav_statistics_current", "/statistics");
  layout.set("nav_services", chrome.nav_services);
  layout.set("nav_engagements", chrome.nav_engagements);
  layout.set("nav_grants", chrome.nav_grants);
  layout.set("nav_measures", chrome.nav_measures);
  mark("nav_measures_current", "/transitional-measures");
  layout.set("nav_unregistered", chrome.nav_unregistered);
  mark("nav_unregistered_current", "/unregistered-services");
  layout.set("nav_feedback", chrome.nav_feedback);
  mark("nav_feedback_current", "/feedback");
  layout.set("nav_procurement", chrome.nav_procurement);
  mark("nav_procurement_current", "/procurement");
  layout.set("nav_service_queue", chrome.nav_service_queue);
  layout.set("nav_reports", chrome.nav_reports);
  mark("nav_reports_current", "/reports/operations");
  if (request.path == "/applications/queue") {
    layout.set("nav_service_queue_current", std::string("page"));
  } else {
    mark("nav_services_current", "/services");
    mark("nav_engagements_current", "/engagements");
    mark("nav_grants_current", "/grants");
  }
  if (!chrome.user_name.empty()) {
    layout.set("user_name", chrome.user_name);
    if (chrome.unread > 0) {
      layout.set("unread_count", std::to_string(chrome.unread));
    }
    if (request.path == "/inbox") {
      layout.set("nav_inbox_current", std::string("page"));
    }
  }
  layout.set("switch_lang", std::string(core::ToString(other)));
  layout.set("switch_href", SwitchHref(request, view.switch_path.empty() ? request.path : view.switch_path, other));

  http::Response response = http::Response::Html(view.status, Render("layout.mustache", layout));
  response.headers.emplace_back("Cache-Control", view.no_store ? "no-store" : "no-cache");
  response.headers.emplace_back("Vary", "Accept-Language, Cookie");
  response.headers.emplace_back("Content-Language", std::string(core::ToString(language)));
  if (!request.Query("lang").empty()) {
    response.headers.emplace_back(
        "Set-Cookie", "lang=" + std::string(core::ToString(language)) + "; Path=/; Max-Age=31536000; SameSite=Lax");
  }
  return response;
}

}  // namespace ismap::web
