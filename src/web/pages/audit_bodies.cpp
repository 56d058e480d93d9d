// The audit body list and what surrounds it (issue 6):
//   GET /audit-bodies[?on=YYYY-MM-DD]     the public list (監査機関リスト) on a day, with its CSV
//   GET /audit-bodies/{id}[?on=]          one audit body's public record (by organisation id)
//   GET /audit-bodies/queue               applications waiting, with days waiting and overdue ones
//   GET /audit-bodies/{id}/monitoring     an audit body's record over time (timeline and chart)
#include <algorithm>
#include <map>

#include "app/audit_body_views.hpp"
#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

// A public page: `handle(request, principal, chrome)` for whoever visits, signed in or not.
void AddPublicPage(http::Router& router, PagesContext& context, std::string pattern,
                   std::function<http::Response(const http::Request&, const app::Principal&, const Chrome&)> handle) {
  router.Add(http::Method::kGet, std::move(pattern), app::Action::kReadPublic,
             [&context, handle = std::move(handle)](const http::Request& request) {
               auto visitor = SignedIn(request, context);
               if (!visitor) {
                 return ErrorPage(request, visitor.error(), ChromeFor(context, std::nullopt));
               }
               return handle(request, *visitor ? (*visitor)->principal : app::Principal::Public(),
                             ChromeFor(context, *visitor));
             });
}

// ?on=: the day asked for, today when absent; a bad one is an error with the text kept.
struct DayAsked {
  domain::Date on;
  std::string text;
  bool bad = false;
};
DayAsked DayOf(const http::Request& request, const app::Services& services) {
  DayAsked day{services.TodayInJapan(), std::string(request.Query("on")), false};
  if (!day.text.empty()) {
    if (auto parsed = domain::ParseDate(day.text)) {
      day.on = *parsed;
    } else {
      day.bad = true;
    }
  }
  return day;
}

data ListingItem(core::Language language, const app::PublicAuditBody& body, const std::string& on_query) {
  data item{data::type::object};
  item.set("name", language == core::Language::kEn && !body.name_en.empty() ? body.name_en : body.name_ja);
  item.set("name_lang", std::string(language == core::Language::kEn && !body.name_en.empty() ? "en" : "ja"));
  item.set("href", "/audit-bodies/" + std::to_string(body.holder.value()) + on_query);
  item.set("number", body.number);
  item.set("registered_on", domain::FormatDate(body.registered_on));
  item.set("valid_until", domain::FormatDate(body.valid_until));
  item.set("status", StatusLabel(language, body.status));
  item.set("status_key", std::string(domain::ToString(body.status)));
  item.set("contact_email", body.contact_email);
  item.set("contact_phone", body.contact_phone);
  return item;
}

data HistoryOf(core::Language language, const std::vector<app::RegistrationRecord>& records) {
  data list{data::type::list};
  for (const auto& record : records) {
    data item{data::type::object};
    item.set("number", record.registration.number);
    item.set("registered_on", domain::FormatDate(record.registration.registered_on));
    item.set("valid_until", domain::FormatDate(record.registration.valid_until));
    item.set("status", StatusLabel(language, record.status));
    item.set("status_key", std::string(domain::ToString(record.status)));
    data history{data::type::list};
    for (const auto& interval : record.history) {
      data row{data::type::object};
      row.set("from", domain::FormatDate(interval.from));
      row.set("to", interval.to ? domain::FormatDate(*interval.to) : std::string("—"));
      row.set("state", EnumLabel(language, "audit_body_pages.status_", interval.state));
      history.push_back(row);
    }
    item.set("history", history);
    item.set("has_history", !record.history.empty());
    list.push_back(item);
  }
  return list;
}

// Applications and returns per year from the timeline, as an inline SVG bar chart's data.
data ChartOf(const std::vector<app::TimelineEntry>& timeline) {
  std::map<std::string, std::pair<int, int>> per_year;  // year -> (applications, returns)
  for (const auto& entry : timeline) {
    const std::string year = JapanTime(entry.at).substr(0, 4);
    if (entry.type == domain::kEventAuditBodySubmitted) {
      ++per_year[year].first;
    } else if (entry.type == domain::kEventAuditBodyReturned) {
      ++per_year[year].second;
    }
  }
  int top = 1;
  for (const auto& [year, counts] : per_year) {
    top = std::max({top, counts.first, counts.second});
  }
  constexpr int kBarWidth = 18;
  constexpr int kGroupWidth = 60;
  constexpr int kHeight = 120;
  data chart{data::type::object};
  data years{data::type::list};
  int x = 10;
  for (const auto& [year, counts] : per_year) {
    data item{data::type::object};
    item.set("year", year);
    item.set("applications", std::to_string(counts.first));
    item.set("returns", std::to_string(counts.second));
    const int h1 = counts.first * kHeight / top;
    const int h2 = counts.second * kHeight / top;
    item.set("x1", std::to_string(x));
    item.set("x2", std::to_string(x + kBarWidth + 2));
    item.set("y1", std::to_string(10 + kHeight - h1));
    item.set("y2", std::to_string(10 + kHeight - h2));
    item.set("h1", std::to_string(h1));
    item.set("h2", std::to_string(h2));
    item.set("w", std::to_string(kBarWidth));
    item.set("label_x", std::to_string(x + kBarWidth));
    years.push_back(item);
    x += kGroupWidth;
  }
  chart.set("years", years);
  chart.set("width", std::to_string(std::max(x + 10, 200)));
  chart.set("has_years", !per_year.empty());
  return chart;
}

}  // namespace

void RegisterAuditBodyPages(http::Router& router, PagesContext& context) {
  AddPublicPage(router, context, "/audit-bodies",
                [&context](const http::Request& request, const app::Principal& principal, const Chrome& chrome) {
                  const core::Language language = request.language;
                  DayAsked day = DayOf(request, context.services);
                  PageView view{"audit_bodies.mustache", "audit_body_pages.list_title", {}};
                  FormErrors errors;
                  if (day.bad) {
                    errors.Field("on", "audit_body_pages.on_label", Msg(language, "audit_body_pages.bad_date"));
                    view.status = 400;
                    day.on = context.services.TodayInJapan();
                  }
                  auto list = context.services.ListPublicAuditBodies(principal, day.on);
                  if (!list) {
                    return ErrorPage(request, list.error(), chrome);
                  }
                  const std::string date = domain::FormatDate(day.on);
                  const std::string on_query = day.text.empty() || day.bad ? std::string() : "?on=" + date;
                  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
                  view.data.set("on", day.text.empty() ? date : day.text);
                  view.data.set("as_of", Fill(Msg(language, "audit_body_pages.as_of"), "date", date));
                  view.data.set("csv_href", "/api/v1/audit-bodies?format=csv&on=" + date);
                  view.data.set("xlsx_href", "/api/v1/audit-bodies?format=xlsx&on=" + date);
                  data items{data::type::list};
                  for (const auto& body : *list) {
                    items.push_back(ListingItem(language, body, on_query));
                  }
                  view.data.set("bodies", items);
                  view.data.set("none", list->empty());
                  // Links to the work pages the visitor may use.
                  const bool apply = app::Authorize(principal, app::Action::kApplyAsAuditBody).has_value();
                  const bool queue = app::Authorize(principal, app::Action::kReadAuditBodyQueue).has_value();
                  const bool committee = app::Authorize(principal, app::Action::kReadCommittee).has_value();
                  view.data.set("link_applications", apply);
                  view.data.set("link_queue", queue);
                  view.data.set("link_committee", committee);
                  view.data.set("has_links", apply || queue || committee);
                  errors.Apply(view.data, language);
                  return RenderPage(request, std::move(view), chrome);
                });

  AddPublicPage(router, context, "/audit-bodies/{id}",
                [&context](const http::Request& request, const app::Principal& principal, const Chrome& chrome) {
                  const core::Language language = request.language;
                  const auto id = PositiveId(request.Param("id"));
                  if (!id) {
                    return ErrorPage(request, 404, "audit_body.not_listed", chrome);
                  }
                  const DayAsked day = DayOf(request, context.services);
                  if (day.bad) {
                    return ErrorPage(request, 400, "audit_body_pages.bad_date", chrome);
                  }
                  auto record = context.services.GetPublicAuditBody(principal, domain::OrganizationId(*id), day.on);
                  if (!record) {
                    return ErrorPage(request, record.error(), chrome);
                  }
                  PageView view{"audit_body_record.mustache", "audit_body_pages.record_title", {}};
                  const auto& listing = record->listing;
                  view.title_text =
                      language == core::Language::kEn && !listing.name_en.empty() ? listing.name_en : listing.name_ja;
                  view.data.set("name", view.title_text);
                  view.data.set("listing", ListingItem(language, listing, ""));
                  view.data.set("as_of",
                                Fill(Msg(language, "audit_body_pages.as_of"), "date", domain::FormatDate(day.on)));
                  view.data.set("registrations", HistoryOf(language, record->registrations));
                  view.data.set("registrations_partial", Partial("audit_body_registrations.mustache"));
                  if (app::Authorize(principal, app::Action::kMonitorAuditBodies)) {
                    view.data.set("monitoring_href", "/audit-bodies/" + std::to_string(*id) + "/monitoring");
                  }
                  return RenderPage(request, std::move(view), chrome);
                });

  AddUserPage(router, context, http::Method::kGet, "/audit-bodies/queue", app::Action::kReadAuditBodyQueue,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                auto queue = context.services.ListAuditBodyQueue(visitor.principal, 500, 0);
                if (!queue) {
                  return ErrorPage(request, queue.error(), chrome);
                }
                const core::Language language = request.language;
                PageView view{"audit_body_queue.mustache", "audit_body_pages.queue_title", {}};
                view.no_store = true;
                data items{data::type::list};
                for (const auto& entry : *queue) {
                  data item{data::type::object};
                  item.set("id", std::to_string(entry.application.id.value()));
                  item.set("href", ApplicationHref(entry.application.id));
                  item.set("applicant", language == core::Language::kEn && !entry.applicant_name_en.empty()
                                            ? entry.applicant_name_en
                                            : entry.applicant_name_ja);
                  item.set("purpose", PurposeLabel(language, entry.application.purpose));
                  item.set("state", StateLabel(language, entry.application.state));
                  item.set("days",
                           Fill(Msg(language, "audit_body_pages.days"), "days", std::to_string(entry.days_waiting)));
                  item.set("overdue", entry.overdue);
                  items.push_back(item);
                }
                view.data.set("entries", items);
                view.data.set("none", queue->empty());
                return RenderPage(request, std::move(view), chrome);
              });

  AddUserPage(router, context, http::Method::kGet, "/audit-bodies/{id}/monitoring", app::Action::kMonitorAuditBodies,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const Chrome chrome = ChromeFor(context, visitor);
                const auto id = PositiveId(request.Param("id"));
                if (!id) {
                  return ErrorPage(request, 404, "organization.not_found", chrome);
                }
                auto monitoring = context.services.MonitorAuditBody(visitor.principal, domain::OrganizationId(*id));
                if (!monitoring) {
                  return ErrorPage(request, monitoring.error(), chrome);
                }
                const core::Language language = request.language;
                PageView view{"audit_body_monitoring.mustache", "audit_body_pages.monitoring_title", {}};
                view.no_store = true;
                const auto& org = monitoring->organization;
                const std::string name = language == core::Language::kEn ? org.name_en : org.name_ja;
                view.title_text = Fill(Msg(language, "audit_body_pages.monitoring_heading"), "name", name);
                view.data.set("heading", view.title_text);
                view.data.set("registrations", HistoryOf(language, monitoring->registrations));
                view.data.set("registrations_partial", Partial("audit_body_registrations.mustache"));
                view.data.set("no_registrations", monitoring->registrations.empty());
                data applications{data::type::list};
                data findings{data::type::list};
                bool any_finding = false;
                for (const auto& m : monitoring->applications) {
                  data item{data::type::object};
                  item.set("id", std::to_string(m.application.id.value()));
                  item.set("href", ApplicationHref(m.application.id));
                  item.set("state", StateLabel(language, m.application.state));
                  item.set("purpose", PurposeLabel(language, m.application.purpose));
                  item.set("returns", std::to_string(m.returns));
                  applications.push_back(item);
                  for (const auto& f : m.findings) {
                    data finding{data::type::object};
                    finding.set("application", std::to_string(m.application.id.value()));
                    finding.set("href", ApplicationHref(m.application.id));
                    finding.set("item", f.item_id);
                    finding.set("note", f.note);
                    findings.push_back(finding);
                    any_finding = true;
                  }
                }
                view.data.set("applications", applications);
                view.data.set("no_applications", monitoring->applications.empty());
                view.data.set("findings", findings);
                view.data.set("no_findings", !any_finding);
                data timeline{data::type::list};
                for (const auto& entry : monitoring->timeline) {
                  data item{data::type::object};
                  item.set("at", JapanTime(entry.at));
                  item.set("at_iso", core::FormatRfc3339(entry.at));
                  constexpr std::string_view kEventPrefix = "audit_body_pages.event_";
                  std::string key = std::string(kEventPrefix) + entry.type;
                  std::replace(key.begin() + static_cast<std::ptrdiff_t>(kEventPrefix.size()), key.end(), '.', '_');
                  item.set("type", entry.type);
                  item.set("event", core::Messages::Get().Has(language, key) ? Msg(language, key) : entry.type);
                  item.set("subject", entry.subject);
                  item.set("reason", entry.reason);
                  timeline.push_back(item);
                }
                view.data.set("timeline", timeline);
                view.data.set("no_timeline", monitoring->timeline.empty());
                view.data.set("chart", ChartOf(monitoring->timeline));
                return RenderPage(request, std::move(view), chrome);
              });
}

}  // namespace ismap::web::pages
