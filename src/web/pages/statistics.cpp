// Programme statistics (issue 8): GET /statistics, public. The lists' sizes at each month end of the
// last two years and the time from application to decision per year, each as an inline SVG chart
// (role="img" with a text alternative) with the numbers beside it in a table.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/portal_statistics.hpp"
#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kChartHeight = 160;  // bar area, in SVG units
constexpr int kTop = 10;

// Days with one decimal when there is a fraction ("25", "37.5").
std::string Days(double days) {
  const double rounded = std::round(days * 10) / 10;
  char buf[32];
  std::snprintf(buf, sizeof buf, rounded == std::floor(rounded) ? "%.0f" : "%.1f", rounded);
  return buf;
}

int BarHeight(double value, double top) { return static_cast<int>(std::lround(value * kChartHeight / top)); }

// Cloud services as stacked bars (ISMAP below, ISMAP-LIU above) and audit bodies as bars beside
// them, one group per month end; the x axis labels every third month.
data ListChart(const std::vector<app::ListSizes>& points) {
  constexpr int kGroup = 26;
  constexpr int kBar = 10;
  double top = 1;
  for (const auto& p : points) {
    top = std::max({top, static_cast<double>(p.ismap_services + p.liu_services), static_cast<double>(p.audit_bodies)});
  }
  data rows{data::type::list};
  int x = 10;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const int h_ismap = BarHeight(p.ismap_services, top);
    const int h_liu = BarHeight(p.liu_services, top);
    const int h_bodies = BarHeight(p.audit_bodies, top);
    const int base = kTop + kChartHeight;
    data row{data::type::object};
    const std::string on = domain::FormatDate(p.on);
    row.set("on", on);
    row.set("ismap", std::to_string(p.ismap_services));
    row.set("liu", std::to_string(p.liu_services));
    row.set("services", std::to_string(p.ismap_services + p.liu_services));
    row.set("audit_bodies", std::to_string(p.audit_bodies));
    row.set("x", std::to_string(x));
    row.set("x2", std::to_string(x + kBar + 1));
    row.set("w", std::to_string(kBar));
    row.set("y_ismap", std::to_string(base - h_ismap));
    row.set("h_ismap", std::to_string(h_ismap));
    row.set("y_liu", std::to_string(base - h_ismap - h_liu));
    row.set("h_liu", std::to_string(h_liu));
    row.set("y_bodies", std::to_string(base - h_bodies));
    row.set("h_bodies", std::to_string(h_bodies));
    if (i % 3 == points.size() % 3 || i + 1 == points.size()) {
      row.set("label", on.substr(2, 5));  // "25-11"
      row.set("label_x", std::to_string(x + kBar));
    }
    rows.push_back(row);
    x += kGroup;
  }
  data chart{data::type::object};
  chart.set("rows", rows);
  chart.set("width", std::to_string(x + 10));
  chart.set("height", std::to_string(kTop + kChartHeight + 24));
  chart.set("label_y", std::to_string(kTop + kChartHeight + 16));
  return chart;
}

// Median and 90th percentile side by side per year.
data DurationChart(const std::vector<domain::YearDurations>& years) {
  constexpr int kGroup = 60;
  constexpr int kBar = 20;
  double top = 1;
  for (const auto& y : years) {
    top = std::max({top, y.median_days, y.p90_days});
  }
  data rows{data::type::list};
  int x = 10;
  for (const auto& y : years) {
    const int h_median = BarHeight(y.median_days, top);
    const int h_p90 = BarHeight(y.p90_days, top);
    data row{data::type::object};
    row.set("year", std::to_string(y.year));
    row.set("decided", std::to_string(y.count));
    row.set("median", Days(y.median_days));
    row.set("p90", Days(y.p90_days));
    row.set("x", std::to_string(x));
    row.set("x2", std::to_string(x + kBar + 2));
    row.set("w", std::to_string(kBar));
    row.set("y_median", std::to_string(kTop + kChartHeight - h_median));
    row.set("h_median", std::to_string(h_median));
    row.set("y_p90", std::to_string(kTop + kChartHeight - h_p90));
    row.set("h_p90", std::to_string(h_p90));
    row.set("label_x", std::to_string(x + kBar + 1));
    rows.push_back(row);
    x += kGroup;
  }
  data chart{data::type::object};
  chart.set("rows", rows);
  chart.set("has_rows", !years.empty());
  chart.set("width", std::to_string(std::max(x + 10, 200)));
  chart.set("height", std::to_string(kTop + kChartHeight + 24));
  chart.set("label_y", std::to_string(kTop + kChartHeight + 16));
  return chart;
}

}  // namespace

void RegisterStatisticsPage(http::Router& router, PagesContext& context) {
  router.Add(http::Method::kGet, "/statistics", app::Action::kReadPublic, [&context](const http::Request& request) {
    auto visitor = SignedIn(request, context);
    const Chrome chrome = ChromeFor(context, visitor ? *visitor : std::nullopt);
    if (!visitor) {
      return ErrorPage(request, visitor.error(), chrome);
    }
    const app::Principal principal = *visitor ? (*visitor)->principal : app::Principal::Public();
    auto stats = context.services.ReadPortalStatistics(principal);
    if (!stats) {
      return ErrorPage(request, stats.error(), chrome);
    }
    PageView view{"statistics.mustache", "public_pages.statistics_title", {}};
    view.data.set("as_of",
                  Fill(Msg(request.language, "audit_body_pages.as_of"), "date", domain::FormatDate(stats->today)));
    view.data.set("lists", ListChart(stats->list_sizes));
    data services = DurationChart(stats->service_decisions);
    services.set("id", std::string("services"));
    services.set("heading", Msg(request.language, "public_pages.durations_services"));
    data bodies = DurationChart(stats->audit_body_decisions);
    bodies.set("id", std::string("bodies"));
    bodies.set("heading", Msg(request.language, "public_pages.durations_audit_bodies"));
    data durations{data::type::list};
    durations.push_back(services);
    durations.push_back(bodies);
    view.data.set("durations", durations);
    return RenderPage(request, std::move(view), chrome);
  });
}

}  // namespace ismap::web::pages
