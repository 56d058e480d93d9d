// The operational report (issue 9): GET /reports/operations?from=&to=, the secretariat's and
// administrators'. A period form (the fiscal year so far by default), then each figure family as
// an inline SVG bar chart (role="img" with its numbers as the text alternative) with the numbers
// in a table beside it, and links to the CSV and XLSX of GET /api/v1/reports/operations. The print
// stylesheet (app.css) prints the page as the report: no navigation or form, charts kept whole.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.hpp"
#include "http/api/operations_report.hpp"
#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kChartHeight = 140;  // bar area, in SVG units
constexpr int kTop = 10;
constexpr int kBar = 14;
// The series' colours, in order (app.css).
constexpr std::array<const char*, 4> kSeriesClasses = {"bar-ismap", "bar-total", "bar-liu", "bar-applications"};

std::string Days(double days) {
  const double rounded = std::round(days * 10) / 10;
  char buf[32];
  std::snprintf(buf, sizeof buf, rounded == std::floor(rounded) ? "%.0f" : "%.1f", rounded);
  return buf;
}

// A figure family: categories (rows) by series (columns), drawn as grouped bars and tabled.
struct Figure {
  std::string id;
  std::string heading;
  std::string row_heading;
  std::vector<std::string> series;
  std::vector<std::pair<std::string, std::vector<double>>> rows;
  bool days = false;  // values are days (one decimal) rather than counts
};

std::string Value(const Figure& f, double v) { return f.days ? Days(v) : std::to_string(static_cast<long long>(v)); }

data FigureData(const Figure& f) {
  double top = 1;
  for (const auto& [label, values] : f.rows) {
    for (double v : values) top = std::max(top, v);
  }
  // Wide enough for the bars and for the longest label under them (12-unit glyphs, a wide guess).
  std::size_t longest = 0;
  for (const auto& row : f.rows) longest = std::max(longest, core::CodePointCount(row.first));
  const int bars_width = static_cast<int>(f.series.size()) * (kBar + 2);
  const int group = std::max(bars_width + 24, static_cast<int>(longest) * 12 + 12);
  data bars{data::type::list};
  data labels{data::type::list};
  data rows{data::type::list};
  std::string desc;
  int x = 10;
  for (const auto& [label, values] : f.rows) {
    data cells{data::type::list};
    desc += label + ":";
    for (std::size_t s = 0; s < values.size(); ++s) {
      const int h = static_cast<int>(std::lround(values[s] * kChartHeight / top));
      data bar{data::type::object};
      bar.set("class", std::string(kSeriesClasses[s % kSeriesClasses.size()]));
      bar.set("x", std::to_string(x + static_cast<int>(s) * (kBar + 2)));
      bar.set("y", std::to_string(kTop + kChartHeight - h));
      bar.set("w", std::to_string(kBar));
      bar.set("h", std::to_string(h));
      bars.push_back(bar);
      cells.push_back(data{"value", Value(f, values[s])});
      desc += " " + f.series[s] + " " + Value(f, values[s]) + (s + 1 < values.size() ? "," : ".");
    }
    desc += " ";
    data text{data::type::object};
    text.set("x", std::to_string(x + bars_width / 2));
    text.set("text", label);
    labels.push_back(text);
    data row{data::type::object};
    row.set("label", label);
    row.set("cells", cells);
    rows.push_back(row);
    x += group;
  }
  data series{data::type::list};
  for (std::size_t s = 0; s < f.series.size(); ++s) {
    data one{data::type::object};
    one.set("label", f.series[s]);
    one.set("swatch", std::string(kSeriesClasses[s % kSeriesClasses.size()]).replace(0, 3, "swatch"));
    series.push_back(one);
  }
  data out{data::type::object};
  out.set("id", f.id);
  out.set("heading", f.heading);
  out.set("row_heading", f.row_heading);
  out.set("series", series);
  out.set("bars", bars);
  out.set("labels", labels);
  out.set("rows", rows);
  out.set("desc", desc);
  out.set("width", std::to_string(std::max(x + 10, 200)));
  out.set("height", std::to_string(kTop + kChartHeight + 24));
  out.set("label_y", std::to_string(kTop + kChartHeight + 16));
  return out;
}

data Figures(const app::OperationsReport& report, core::Language language) {
  auto t = [language](const std::string& key) { return Msg(language, "report." + key); };
  const auto& f = report.figures;
  auto list = [&](domain::ReportGroup g) { return t("list_" + std::string(domain::ToString(g))); };
  data out{data::type::list};

  Figure applications{"applications",
                      t("section_applications"),
                      t("col_list"),
                      {t("col_received"), t("col_approved"), t("col_rejected"), t("col_returned")},
                      {},
                      false};
  for (const auto g : domain::kReportGroups) {
    const auto& a = f.applications[static_cast<std::size_t>(g)];
    applications.rows.push_back(
        {list(g), {double(a.received), double(a.approved), double(a.rejected), double(a.returned)}});
  }
  out.push_back(FigureData(applications));

  for (const auto g : domain::kReportGroups) {
    const auto& times = f.times[static_cast<std::size_t>(g)];
    Figure figure{"times-" + std::string(domain::ToString(g)),
                  Fill(t("times_heading"), "list", list(g)),
                  t("col_stage"),
                  {t("col_median"), t("col_p90")},
                  {},
                  true};
    for (const auto stage : domain::kReportStages) {
      const auto& s = times.stages[static_cast<std::size_t>(stage)];
      figure.rows.push_back({t("stage_" + std::string(domain::ToString(stage))) + " (" + std::to_string(s.count) + ")",
                             {s.median_days, s.p90_days}});
    }
    figure.rows.push_back({t("stage_total") + " (" + std::to_string(times.total.count) + ")",
                           {times.total.median_days, times.total.p90_days}});
    out.push_back(FigureData(figure));
  }

  const std::vector<std::string> counts = {t("col_registered"), t("col_on_list"), t("col_expired"), t("col_renewed")};
  auto registration_row = [](const domain::RegistrationCounts& c) {
    return std::vector<double>{double(c.registered), double(c.on_list), double(c.expired), double(c.renewed)};
  };
  Figure registrations{"registrations", t("section_registrations"), t("col_list"), counts, {}, false};
  for (const auto g : domain::kReportGroups) {
    registrations.rows.push_back({list(g), registration_row(f.registrations[static_cast<std::size_t>(g)])});
  }
  out.push_back(FigureData(registrations));
  Figure models{"models", t("section_models"), t("col_model"), counts, {}, false};
  const std::array<const char*, 3> model_names = {"iaas", "paas", "saas"};
  for (std::size_t m = 0; m < model_names.size(); ++m) {
    models.rows.push_back({t(std::string("model_") + model_names[m]), registration_row(f.by_model[m])});
  }
  out.push_back(FigureData(models));
  Figure confirmations{"confirmations",
                       t("section_confirmations"),
                       t("col_section"),
                       {t("col_submitted"), t("col_approved")},
                       {},
                       false};
  confirmations.rows.push_back(
      {t("confirmations_row"), {double(report.confirmations.submitted), double(report.confirmations.approved)}});
  out.push_back(FigureData(confirmations));
  Figure feedback{"feedback", t("section_feedback"), t("col_topic"), {t("col_threads"), t("col_answered")}, {}, false};
  for (const auto& line : report.feedback) {
    feedback.rows.push_back(
        {t("topic_" + std::string(domain::ToString(line.topic))), {double(line.threads), double(line.answered)}});
  }
  out.push_back(FigureData(feedback));
  return out;
}

// The fiscal year (April to March) of `today`, up to today.
domain::ReportPeriod FiscalYearSoFar(const domain::Date& today) {
  return {{today.month >= 4 ? today.year : today.year - 1, 4, 1}, today};
}

}  // namespace

void RegisterOperationsReportPage(http::Router& router, PagesContext& context) {
  AddUserPage(
      router, context, http::Method::kGet, "/reports/operations", app::Action::kReadOperationsReport,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const Chrome chrome = ChromeFor(context, visitor);
        PageView view{"operations_report.mustache", "report.title", {}};
        const bool given = !request.Query("from").empty() || !request.Query("to").empty();
        const auto fallback = FiscalYearSoFar(context.services.TodayInJapan());
        const std::string from(given ? request.Query("from") : domain::FormatDate(fallback.from));
        const std::string to(given ? request.Query("to") : domain::FormatDate(fallback.to));
        view.data.set("from", from);
        view.data.set("to", to);
        const auto read = http::api::ReadReportPeriod(from, to);
        if (!read.period) {
          view.status = 400;
          const std::string field = read.problem.pointer.substr(1);
          view.data.set(field + "_error", Msg(request.language, read.problem.message_key));
          view.data.set(field + "_invalid", true);
          return RenderPage(request, std::move(view), chrome);
        }
        auto report = context.services.ReadOperationsReport(visitor.principal, *read.period);
        if (!report) {
          return ErrorPage(request, report.error(), chrome);
        }
        const std::string query = "from=" + from + "&to=" + to;
        view.data.set("has_report", true);
        view.data.set("period_text", Fill(Fill(Msg(request.language, "report.period_text"), "from", from), "to", to));
        view.data.set("made_on",
                      Fill(Msg(request.language, "report.made_on_text"), "date", domain::FormatDate(report->today)));
        view.data.set("csv_href", "/api/v1/reports/operations?" + query +
                                      "&format=csv&lang=" + std::string(core::ToString(request.language)));
        view.data.set("xlsx_href", "/api/v1/reports/operations?" + query +
                                       "&format=xlsx&lang=" + std::string(core::ToString(request.language)));
        view.data.set("figures", Figures(*report, request.language));
        return RenderPage(request, std::move(view), chrome);
      });
}

}  // namespace ismap::web::pages
