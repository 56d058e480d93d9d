// A cloud service application's page (service_application_page.hpp).
#include "web/pages/service_application_page.hpp"

#include <algorithm>
#include <map>

#include "web/pages/common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using domain::ApplicationCommand;
using kainjow::mustache::data;

std::string Typed(const AppState& state, const std::string& form_name, const std::string& field,
                  const std::string& otherwise = "") {
  return state.form != nullptr && state.failed == form_name ? std::string(state.form->Get(field)) : otherwise;
}

std::string Duration(core::Language l, std::int64_t seconds) {
  const std::int64_t days = seconds / 86400;
  const std::int64_t hours = (seconds % 86400) / 3600;
  const std::int64_t minutes = (seconds % 3600) / 60;
  return Fill(
      Fill(Fill(Msg(l, "service_pages.duration"), "days", std::to_string(days)), "hours", std::to_string(hours)),
      "minutes", std::to_string(minutes));
}

data Options(const std::vector<std::pair<std::string, std::string>>& choices, const std::string& selected,
             const std::string& none_label) {
  data list{data::type::list};
  list.push_back(SelectOption("", none_label, selected.empty()));
  for (const auto& [value, label] : choices) {
    list.push_back(SelectOption(value, label, value == selected));
  }
  return list;
}

// The time in each state as a table's rows and a horizontal SVG bar chart with the numbers beside.
data StateTimes(core::Language l, const std::vector<app::StateTime>& times) {
  std::int64_t top = 1;
  for (const auto& t : times) {
    top = std::max(top, t.seconds);
  }
  constexpr int kLabelWidth = 150;
  constexpr int kBarMax = 300;
  constexpr int kRow = 28;
  data rows{data::type::list};
  int y = 10;
  for (const auto& t : times) {
    data row{data::type::object};
    const std::string text = Duration(l, t.seconds);
    row.set("state", StateLabel(l, t.state));
    row.set("duration", text);
    row.set("current", t.current);
    const int width = std::max<int>(1, static_cast<int>(t.seconds * kBarMax / top));
    row.set("y", std::to_string(y));
    row.set("text_y", std::to_string(y + 15));
    row.set("bar_x", std::to_string(kLabelWidth));
    row.set("width", std::to_string(width));
    row.set("value_x", std::to_string(kLabelWidth + width + 6));
    rows.push_back(row);
    y += kRow;
  }
  data chart{data::type::object};
  chart.set("rows", rows);
  chart.set("height", std::to_string(y + 10));
  chart.set("width", std::to_string(kLabelWidth + kBarMax + 140));
  chart.set("has_rows", !times.empty());
  return chart;
}

bool Offers(const app::ServiceApplicationView& v, ApplicationCommand c) {
  return std::find(v.available.begin(), v.available.end(), c) != v.available.end();
}

}  // namespace

http::Response ApplicationPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                               domain::ApplicationId id, AppState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  const core::Language l = request.language;
  auto& register_ = context.services.cloud_services();
  auto got = register_.GetApplication(visitor.principal, id);
  if (!got) {
    return ErrorPage(request, got.error(), chrome);
  }
  const app::ServiceApplicationView& v = *got;
  const domain::Application& a = v.application;
  const app::Resource owner{a.applicant};
  const bool applicant = app::Authorize(visitor.principal, app::Action::kManageCloudServices, owner).has_value();
  const bool reviewer = app::Authorize(visitor.principal, app::Action::kReviewCloudService, owner).has_value();

  PageView view{"service_application.mustache", "service_pages.application_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = ServiceApplicationHref(id);
  view.title_text = Fill(Msg(l, "audit_body_pages.application_heading"), "id", std::to_string(id.value()));
  view.data.set("heading", view.title_text);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("field", Partial("service_field.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("action_base", ServiceApplicationHref(id));
  view.data.set("version", std::to_string(a.version));
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }
  view.data.set("service", InLanguage(l, v.service.name_ja, v.service.name_en));
  view.data.set("service_href", ServiceHref(v.service.id));
  view.data.set("state", StateLabel(l, a.state));
  view.data.set("purpose", PurposeLabel(l, a.purpose));
  view.data.set("since", JapanTime(a.state_since));
  if (!a.last_reason.empty()) {
    view.data.set(a.state == domain::ApplicationState::kReturned ? "returned_reason" : "last_reason", a.last_reason);
  }
  if (a.recommendation) {
    view.data.set("recommendation", RecommendationLabel(l, a.recommendation->outcome));
    view.data.set("recommendation_note", a.recommendation->note);
  }
  if (a.meeting_id) {
    view.data.set("meeting_href", MeetingHref(*a.meeting_id));
  }

  // Content.
  const auto& c = v.content;
  if (c.statement) {
    view.data.set("statement_href", StatementHref(*c.statement));
    view.data.set("statement", Fill(Msg(l, "service_pages.statement_n"), "id", std::to_string(c.statement->value())));
  }
  if (c.engagement) {
    view.data.set("engagement_href", EngagementHref(*c.engagement));
    view.data.set("engagement",
                  Fill(Msg(l, "service_pages.engagement_n"), "id", std::to_string(c.engagement->value())));
  }
  if (c.additional_engagement) {
    view.data.set("additional_href", EngagementHref(*c.additional_engagement));
    view.data.set("additional",
                  Fill(Msg(l, "service_pages.engagement_n"), "id", std::to_string(c.additional_engagement->value())));
  }
  data disclosures{data::type::list};
  for (const auto& [name, member] : DisclosureFields()) {
    data d{data::type::object};
    d.set("label", Msg(l, "service_pages.disclosure_" + name));
    d.set("text", c.disclosures.*member);
    disclosures.push_back(d);
  }
  view.data.set("disclosures", disclosures);
  data changes{data::type::list};
  for (const auto& control : v.adoption_changes) {
    data ch{data::type::object};
    ch.set("control", control);
    changes.push_back(ch);
  }
  view.data.set("adoption_changes", changes);
  view.data.set("has_adoption_changes", !v.adoption_changes.empty());

  data problems{data::type::list};
  for (const auto& p : v.problems) {
    data item{data::type::object};
    item.set("text", ProblemText(l, p));
    problems.push_back(item);
  }
  view.data.set("problems", problems);
  view.data.set("has_problems", !v.problems.empty() && domain::IsEditable(a.state));
  view.data.set("state_times", StateTimes(l, v.state_times));

  // The service's statements and engagements to attach, for the applicant.
  std::vector<std::pair<std::string, std::string>> statements, issued;
  if (applicant) {
    if (auto sv = register_.GetService(visitor.principal, v.service.id)) {
      for (const auto& s : sv->statements) {
        if (s.state == domain::StatementState::kSubmitted) {
          statements.emplace_back(std::to_string(s.id.value()),
                                  Fill(Msg(l, "service_pages.revision"), "n", std::to_string(s.revision)));
        }
      }
      for (const auto& e : sv->engagements) {
        if (e.state == domain::EngagementState::kReportIssued) {
          issued.emplace_back(std::to_string(e.id.value()),
                              Fill(Msg(l, "service_pages.engagement_n"), "id", std::to_string(e.id.value())));
        }
      }
    }
  }
  if (applicant && domain::IsEditable(a.state)) {
    data edit{data::type::object};
    const bool failed = state.failed == "save";
    data fields{data::type::list};
    fields.push_back(FieldData(
        {"app_statement", Msg(l, "service_pages.field_statement"), "", "select", Msg(l, "service_pages.submitted_only"),
         Options(statements,
                 Typed(state, "save", "app_statement", c.statement ? std::to_string(c.statement->value()) : ""),
                 Msg(l, "service_pages.attach_later"))},
        state.errors));
    fields.push_back(FieldData(
        {"app_engagement", Msg(l, "service_pages.field_engagement"), "", "select", Msg(l, "service_pages.issued_only"),
         Options(issued,
                 Typed(state, "save", "app_engagement", c.engagement ? std::to_string(c.engagement->value()) : ""),
                 Msg(l, "service_pages.attach_later"))},
        state.errors));
    edit.set("fields", fields);
    edit.set("disclosure_fields",
             DisclosureFieldData(l, failed ? DisclosuresFromForm(*state.form) : c.disclosures, state.errors));
    view.data.set("edit", edit);
  }
  bool actions = false;
  if (applicant) {
    const bool submit = Offers(v, ApplicationCommand::kSubmit);
    const bool resubmit = Offers(v, ApplicationCommand::kResubmit);
    const bool withdraw = Offers(v, ApplicationCommand::kWithdraw);
    const bool additional = Offers(v, ApplicationCommand::kSubmitAdditionalAudit);
    view.data.set("can_submit", submit);
    view.data.set("can_resubmit", resubmit);
    if (withdraw) {
      view.data.set("withdraw_field", FieldData({"withdraw_reason", Msg(l, "audit_body_pages.withdraw_reason"),
                                                 Typed(state, "withdraw", "withdraw_reason")},
                                                state.errors));
    }
    if (additional) {
      view.data.set("additional_field",
                    FieldData({"additional_engagement", Msg(l, "service_pages.field_additional_engagement"), "",
                               "select", Msg(l, "service_pages.issued_only"),
                               Options(issued, Typed(state, "additional", "additional_engagement"),
                                       Msg(l, "committee_pages.choose"))},
                              state.errors));
    }
    actions = submit || resubmit || withdraw || additional;
  }
  if (reviewer) {
    const bool start = Offers(v, ApplicationCommand::kStartAcceptanceCheck);
    const bool accept = Offers(v, ApplicationCommand::kAccept);
    const bool ret = Offers(v, ApplicationCommand::kReturnForCorrection);
    const bool more = Offers(v, ApplicationCommand::kRequestAdditionalAudit);
    const bool recommend = Offers(v, ApplicationCommand::kRecommend);
    view.data.set("can_start", start);
    view.data.set("can_accept", accept);
    if (ret) {
      view.data.set("return_field", FieldData({"return_reason", Msg(l, "audit_body_pages.return_reason"),
                                               Typed(state, "return", "return_reason"), "textarea"},
                                              state.errors));
    }
    if (more) {
      view.data.set("more_field", FieldData({"additional_reason", Msg(l, "service_pages.field_additional_reason"),
                                             Typed(state, "more", "additional_reason"), "textarea"},
                                            state.errors));
    }
    if (recommend) {
      const std::string outcome = Typed(state, "recommend", "outcome", "approve");
      view.data.set("can_recommend", true);
      view.data.set("recommend_approve", outcome != "reject");
      view.data.set("recommend_reject", outcome == "reject");
      view.data.set("recommend_field", FieldData({"recommend_note", Msg(l, "audit_body_pages.recommend_note"),
                                                  Typed(state, "recommend", "recommend_note"), "textarea"},
                                                 state.errors));
    }
    actions = actions || start || accept || ret || more || recommend;
  }
  view.data.set("has_actions", actions && !domain::IsTerminal(a.state));

  // Per-control findings of the technical review.
  const bool can_mark = reviewer && a.state == domain::ApplicationState::kTechnicalReview;
  if (v.review || can_mark) {
    data review{data::type::object};
    data items{data::type::list};
    if (v.review) {
      for (const auto& item : v.review->items) {
        data row{data::type::object};
        row.set("control", item.item_id);
        row.set("anchor", ControlAnchor(item.item_id));
        row.set("verdict", VerdictLabel(l, item.verdict));
        row.set("note", item.note);
        items.push_back(row);
      }
    }
    review.set("items", items);
    review.set("no_items", !v.review || v.review->items.empty());
    if (can_mark) {
      const std::string verdict = Typed(state, "finding", "verdict", "met");
      review.set("can_mark", true);
      review.set("control_field", FieldData({"finding_control", Msg(l, "service_pages.col_control"),
                                             Typed(state, "finding", "finding_control"), "text",
                                             Msg(l, "service_pages.finding_control_hint")},
                                            state.errors));
      review.set("is_met", verdict == "met");
      review.set("is_not_met", verdict == "not_met");
      review.set("is_unanswered", verdict == "unanswered");
      review.set("note_field", FieldData({"finding_note", Msg(l, "audit_body_pages.col_note"),
                                          Typed(state, "finding", "finding_note"), "textarea"},
                                         state.errors));
    }
    view.data.set("review", review);
  }
  state.errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), chrome);
}

}  // namespace ismap::web::pages
