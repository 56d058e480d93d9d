// The feedback counts (issue 9): by topic and state as a small inline SVG chart (horizontal bars
// stacked by state) with the same numbers in a table, and by month of receipt in Japan. The
// operators only (app::Action::kReadFeedbackStatistics).
//   GET /feedback/statistics
#include <cmath>

#include "web/pages/common.hpp"
#include "web/pages/feedback_common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kLabelWidth = 190;  // topic names, in SVG units
constexpr int kBarArea = 300;
constexpr int kRow = 28;
constexpr int kBar = 18;

int Width(std::int64_t value, std::int64_t top) {
  return static_cast<int>(std::lround(static_cast<double>(value) * kBarArea / static_cast<double>(top)));
}

data TopicRows(core::Language l, const domain::FeedbackSummary& summary) {
  std::int64_t top = 1;
  for (const auto& counts : summary.topics) {
    top = std::max(top, counts.total);
  }
  data rows{data::type::list};
  int y = 6;
  for (const auto& counts : summary.topics) {
    data row{data::type::object};
    row.set("topic", FeedbackTopicLabel(l, counts.topic));
    row.set("open", std::to_string(counts.open));
    row.set("answered", std::to_string(counts.answered));
    row.set("closed", std::to_string(counts.closed));
    row.set("total", std::to_string(counts.total));
    row.set("with_answer", std::to_string(counts.with_answer));
    const int w_open = Width(counts.open, top);
    const int w_answered = Width(counts.answered, top);
    const int w_closed = Width(counts.closed, top);
    row.set("y", std::to_string(y));
    row.set("text_y", std::to_string(y + kBar - 4));
    row.set("h", std::to_string(kBar));
    row.set("x_open", std::to_string(kLabelWidth));
    row.set("w_open", std::to_string(w_open));
    row.set("x_answered", std::to_string(kLabelWidth + w_open));
    row.set("w_answered", std::to_string(w_answered));
    row.set("x_closed", std::to_string(kLabelWidth + w_open + w_answered));
    row.set("w_closed", std::to_string(w_closed));
    row.set("x_total", std::to_string(kLabelWidth + w_open + w_answered + w_closed + 6));
    rows.push_back(row);
    y += kRow;
  }
  return rows;
}

}  // namespace

void RegisterFeedbackStatisticsPage(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/feedback/statistics", app::Action::kReadFeedbackStatistics,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const core::Language l = request.language;
                const Chrome chrome = ChromeFor(context, visitor);
                auto summary = context.services.feedback().Statistics(visitor.principal);
                if (!summary) {
                  return ErrorPage(request, summary.error(), chrome);
                }
                PageView view{"feedback_statistics.mustache", "feedback_pages.statistics_title", {}};
                view.no_store = true;
                view.data.set("rows", TopicRows(l, *summary));
                view.data.set("label_x", std::to_string(kLabelWidth - 8));
                view.data.set("width", std::to_string(kLabelWidth + kBarArea + 50));
                view.data.set("height", std::to_string(6 + kRow * static_cast<int>(summary->topics.size())));
                view.data.set("all_open", std::to_string(summary->all.open));
                view.data.set("all_answered", std::to_string(summary->all.answered));
                view.data.set("all_closed", std::to_string(summary->all.closed));
                view.data.set("all_total", std::to_string(summary->all.total));
                view.data.set("all_with_answer", std::to_string(summary->all.with_answer));
                view.data.set("none", summary->all.total == 0);
                data topics{data::type::list};
                for (const auto topic : domain::AllFeedbackTopics()) {
                  data heading{data::type::object};
                  heading.set("label", FeedbackTopicLabel(l, topic));
                  topics.push_back(heading);
                }
                view.data.set("topic_headings", topics);
                data months{data::type::list};
                for (const auto& month : summary->months) {
                  data row{data::type::object};
                  char label[16];
                  std::snprintf(label, sizeof label, "%04d-%02d", month.year, month.month);
                  row.set("month", std::string(label));
                  data cells{data::type::list};
                  for (const auto count : month.topics) {
                    data cell{data::type::object};
                    cell.set("count", std::to_string(count));
                    cells.push_back(cell);
                  }
                  row.set("cells", cells);
                  row.set("total", std::to_string(month.total));
                  months.push_back(row);
                }
                view.data.set("months", months);
                return RenderPage(request, std::move(view), chrome);
              });
}

}  // namespace ismap::web::pages
