// A cloud service's public page (issue 8): GET /cloud-services/{id}[?on=], everything DESIGN.md §3
// makes public about a registered service — its line of the list, the controls implemented per
// chapter as a chart with the numbers beside it, the audit body with a link to its public page,
// and the registration's history — never its statement's entries.
#include <algorithm>

#include "app/public_service_detail.hpp"
#include "http/api/views.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

// Horizontal bars, one per chapter: the chapter's controls as a light bar and those implemented
// over it, so that each chapter reads as a share; the numbers are in the table beside it.
data ChapterChart(core::Language l, const std::vector<domain::ChapterCount>& chapters) {
  constexpr int kLabelWidth = 60;
  constexpr int kBarWidth = 300;
  constexpr int kRowHeight = 28;
  int top = 1;
  for (const auto& chapter : chapters) {
    top = std::max(top, chapter.total);
  }
  data rows{data::type::list};
  int y = 8;
  for (const auto& chapter : chapters) {
    data row{data::type::object};
    row.set("chapter", chapter.chapter);
    row.set("title", InLanguage(l, chapter.title_ja, chapter.title_en));
    row.set("title_lang", LangOf(l, chapter.title_en));
    row.set("implemented", std::to_string(chapter.implemented));
    row.set("total", std::to_string(chapter.total));
    row.set("y", std::to_string(y));
    row.set("text_y", std::to_string(y + 15));
    row.set("total_w", std::to_string(chapter.total * kBarWidth / top));
    row.set("implemented_w", std::to_string(chapter.implemented * kBarWidth / top));
    row.set("number_x", std::to_string(kLabelWidth + chapter.total * kBarWidth / top + 6));
    rows.push_back(row);
    y += kRowHeight;
  }
  data chart{data::type::object};
  chart.set("rows", rows);
  chart.set("label_x", std::to_string(kLabelWidth - 8));
  chart.set("bar_x", std::to_string(kLabelWidth));
  chart.set("width", std::to_string(kLabelWidth + kBarWidth + 80));
  chart.set("height", std::to_string(y + 8));
  return chart;
}

data HistoryRows(core::Language l, const std::vector<app::RegistrationHistoryEntry>& history) {
  data rows{data::type::list};
  for (const auto& entry : history) {
    data row{data::type::object};
    row.set("on", domain::FormatDate(entry.on));
    row.set("event", Msg(l, "public_pages.event_" + entry.event));
    row.set("valid_until", entry.valid_until ? domain::FormatDate(*entry.valid_until) : std::string("—"));
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

void RegisterPublicServicePage(http::Router& router, PagesContext& context) {
  router.Add(
      http::Method::kGet, "/cloud-services/{id}", app::Action::kReadPublic, [&context](const http::Request& request) {
        auto visitor = SignedIn(request, context);
        const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
        if (!visitor) {
          return ErrorPage(request, visitor.error(), chrome);
        }
        const core::Language l = request.language;
        const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return ErrorPage(request, 404, "error.not_found", chrome);
        }
        const auto day = http::api::ReadOnDate(request, context.services.TodayInJapan());
        if (!day) {
          return ErrorPage(request, 400, "audit_body_pages.bad_date", chrome);
        }
        auto record = context.services.GetPublicServiceRecord(principal, domain::ServiceId(*id), *day);
        if (!record) {
          return ErrorPage(request, record.error(), chrome);
        }
        const app::PublicService& line = record->line;
        const std::string date = domain::FormatDate(*day);
        const std::string on_query = request.Query("on").empty() ? std::string() : "?on=" + date;
        PageView view{"cloud_service.mustache", "service_pages.list_title", {}};
        view.title_text = InLanguage(l, line.name_ja, line.name_en);
        data item = PublicItem(l, line, "");
        std::string regions;
        for (const auto& r : line.regions) {
          regions += (regions.empty() ? "" : "、") + r;
        }
        item.set("regions", regions);
        item.set("scope", line.scope);
        item.set("period", domain::HasAuditPeriod(line.period)
                               ? domain::FormatDate(line.period.first) + " – " + domain::FormatDate(line.period.last)
                               : std::string("—"));
        item.set("subsequent_events",
                 line.subsequent_events.empty() ? Msg(l, "service_pages.none_text") : line.subsequent_events);
        item.set("audit_body", InLanguage(l, line.audit_body_name_ja, line.audit_body_name_en));
        item.set("audit_body_lang", LangOf(l, line.audit_body_name_en));
        if (record->audit_body) {
          item.set("audit_body_href", "/audit-bodies/" + std::to_string(record->audit_body->value()) + on_query);
        }
        view.data.set("service", item);
        view.data.set("as_of", Fill(Msg(l, "audit_body_pages.as_of"), "date", date));
        view.data.set("on", date);
        view.data.set("self_href", PublicServiceHref(line.service_id));
        view.data.set("has_chapters", !record->controls_by_chapter.empty());
        view.data.set("chart", ChapterChart(l, record->controls_by_chapter));
        view.data.set("has_history", !record->history.empty());
        view.data.set("history", HistoryRows(l, record->history));
        view.data.set("list_href", "/cloud-services" + on_query);
        return RenderPage(request, std::move(view), chrome);
      });
}

}  // namespace ismap::web::pages
