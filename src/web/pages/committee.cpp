// The steering committee's pages (issue 6): meetings, their agendas, attendance and decisions.
//   GET  /committee                               meetings, newest first; the secretariat creates one
//   POST /committee                               create a meeting (date)
//   GET  /committee/meetings/{id}                 agenda with applicants and recommendations, attendance, decisions
//   POST /committee/meetings/{id}/agenda          secretariat: add an application or a registration
//   POST /committee/meetings/{id}/attendance      secretariat: the members present
//   POST /committee/meetings/{id}/decisions       committee member: decide one agenda item
#include <algorithm>
#include <map>
#include <set>

#include "web/pages/audit_body_common.hpp"
#include "web/pages/common.hpp"
#include "web/pages/register.hpp"
#include "web/pages/service_common.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

struct MeetingsState {
  std::string date;
  FormErrors errors;
  std::string notice;
  int status = 200;
};

http::Response MeetingsPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                            MeetingsState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  auto meetings = context.services.ListMeetings(visitor.principal, 500, 0);
  if (!meetings) {
    return ErrorPage(request, meetings.error(), chrome);
  }
  PageView view{"committee.mustache", "committee_pages.title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = "/committee";
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  data items{data::type::list};
  for (const auto& m : *meetings) {
    data item{data::type::object};
    item.set("date", domain::FormatDate(m.date));
    item.set("href", MeetingHref(m.id));
    item.set("agenda", std::to_string(m.agenda.size()));
    item.set("decisions", std::to_string(m.decisions.size()));
    item.set("attendance", std::to_string(m.members_present.size()));
    items.push_back(item);
  }
  view.data.set("meetings", items);
  view.data.set("none", meetings->empty());
  if (app::Authorize(visitor.principal, app::Action::kManageCommittee)) {
    view.data.set("can_create", true);
    view.data.set("date", state.date.empty() ? domain::FormatDate(context.services.TodayInJapan()) : state.date);
  }
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }
  state.errors.Apply(view.data, request.language);
  return RenderPage(request, std::move(view), chrome);
}

struct MeetingState {
  FormErrors errors;
  std::string notice;
  int status = 200;
  std::string application_id, registration_id;      // the agenda form as typed
  std::string service_application;                  // a cloud service application chosen
  std::optional<std::vector<std::string>> present;  // the attendance form as sent
  std::string decide_key, decide_outcome, decide_reason;
};

std::string ItemKey(const domain::AgendaItem& item) {
  if (const auto* a = std::get_if<domain::ApplicationId>(&item.subject)) {
    return "application-" + std::to_string(a->value());
  }
  return "registration-" + std::to_string(std::get<domain::RegistrationId>(item.subject).value());
}

http::Response MeetingPage(const http::Request& request, PagesContext& context, const app::Authenticated& visitor,
                           domain::MeetingId id, MeetingState& state) {
  const Chrome chrome = ChromeFor(context, visitor);
  auto meeting = context.services.GetMeeting(visitor.principal, id);
  if (!meeting) {
    return ErrorPage(request, meeting.error(), chrome);
  }
  const core::Language language = request.language;
  const app::Principal& principal = visitor.principal;
  const bool manage = app::Authorize(principal, app::Action::kManageCommittee).has_value();
  const bool decide = app::Authorize(principal, app::Action::kDecideCommittee).has_value();

  // Names and recommendations: the queue when the visitor may read it, else each application.
  std::map<std::int64_t, app::QueueEntry> queued;
  if (auto queue = context.services.ListAuditBodyQueue(principal, 500, 0)) {
    for (auto& entry : *queue) {
      queued[entry.application.id.value()] = std::move(entry);
    }
  }

  // Cloud service applications (issue 7): names, services and recommendations from their queue.
  std::map<std::int64_t, app::ServiceQueueLine> services_queued;
  if (auto queue = context.services.cloud_services().Queue(principal, 500, 0)) {
    for (auto& line : queue->lines) {
      services_queued[line.line.application.id.value()] = std::move(line);
    }
  }

  PageView view{"committee_meeting.mustache", "committee_pages.meeting_title", {}};
  view.status = state.status;
  view.no_store = true;
  view.switch_path = MeetingHref(id);
  view.title_text = Fill(Msg(language, "committee_pages.meeting_heading"), "date", domain::FormatDate(meeting->date));
  view.data.set("heading", view.title_text);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("action_base", MeetingHref(id));
  if (!state.notice.empty()) {
    view.data.set("notice", state.notice);
  }

  data agenda{data::type::list};
  for (const auto& item : meeting->agenda) {
    data row{data::type::object};
    const std::string key = ItemKey(item);
    row.set("key", key);
    row.set("register", std::string(domain::ToString(item.register_kind)));
    const auto* service_app = item.register_kind == domain::ApplicationKind::kCloudService
                                  ? std::get_if<domain::ApplicationId>(&item.subject)
                                  : nullptr;
    if (service_app != nullptr) {
      // A cloud service application, labelled with the service's name.
      row.set("kind", std::string("application"));
      row.set("subject_id", std::to_string(service_app->value()));
      std::string label =
          Fill(Msg(language, "committee_pages.item_application"), "id", std::to_string(service_app->value()));
      std::string applicant;
      if (const auto it = services_queued.find(service_app->value()); it != services_queued.end()) {
        const auto& line = it->second.line;
        label += " — " + InLanguage(language, line.service_name_ja, line.service_name_en);
        applicant = InLanguage(language, line.applicant_name_ja, line.applicant_name_en);
        if (line.application.recommendation) {
          row.set("recommendation", RecommendationLabel(language, line.application.recommendation->outcome));
          row.set("recommendation_note", line.application.recommendation->note);
        }
        row.set("href", ServiceApplicationHref(*service_app));
      }
      row.set("label", label);
      row.set("applicant", applicant.empty() ? std::string("—") : applicant);
    } else if (const auto* a = std::get_if<domain::ApplicationId>(&item.subject)) {
      row.set("kind", std::string("application"));
      row.set("subject_id", std::to_string(a->value()));
      row.set("label", Fill(Msg(language, "committee_pages.item_application"), "id", std::to_string(a->value())));
      std::optional<domain::Application> application;
      std::string applicant;
      if (const auto it = queued.find(a->value()); it != queued.end()) {
        applicant = language == core::Language::kEn && !it->second.applicant_name_en.empty()
                        ? it->second.applicant_name_en
                        : it->second.applicant_name_ja;
        application = it->second.application;
      } else if (auto got = context.services.GetAuditBodyApplication(principal, *a)) {
        application = got->application;
      }
      if (application) {
        if (app::Authorize(principal, app::Action::kReadAuditBodyApplication, app::Resource{application->applicant})) {
          row.set("href", ApplicationHref(*a));
        }
        if (applicant.empty()) {
          if (auto org = context.services.GetOrganization(principal, application->applicant)) {
            applicant = language == core::Language::kEn ? org->name_en : org->name_ja;
          }
        }
        if (application->recommendation) {
          row.set("recommendation", RecommendationLabel(language, application->recommendation->outcome));
          row.set("recommendation_note", application->recommendation->note);
        }
      }
      row.set("applicant", applicant.empty() ? std::string("—") : applicant);
    } else {
      const auto rid = std::get<domain::RegistrationId>(item.subject);
      row.set("kind", std::string("registration"));
      row.set("subject_id", std::to_string(rid.value()));
      row.set("label", Fill(Msg(language, "committee_pages.item_registration"), "id", std::to_string(rid.value())));
    }
    if (auto decision = domain::FindDecision(*meeting, item)) {
      row.set("decided", true);
      row.set("decision", DecisionLabel(language, decision->outcome));
      row.set("decision_reason", decision->reason);
    } else if (decide) {
      data outcomes{data::type::list};
      const bool failed_here = state.decide_key == key;
      for (const auto outcome :
           {domain::DecisionOutcome::kApprove, domain::DecisionOutcome::kReject, domain::DecisionOutcome::kDefer,
            domain::DecisionOutcome::kSuspend, domain::DecisionOutcome::kReinstate, domain::DecisionOutcome::kRevoke,
            domain::DecisionOutcome::kWithdraw, domain::DecisionOutcome::kRenew}) {
        if (!domain::OutcomeApplies(outcome, item.kind())) {
          continue;
        }
        outcomes.push_back(SelectOption(std::string(domain::ToString(outcome)), DecisionLabel(language, outcome),
                                        failed_here && state.decide_outcome == domain::ToString(outcome)));
      }
      row.set("can_decide", true);
      row.set("outcomes", outcomes);
      row.set("reason", failed_here ? state.decide_reason : std::string());
      row.set("failed", failed_here);
    }
    agenda.push_back(row);
  }
  view.data.set("agenda", agenda);
  view.data.set("no_agenda", meeting->agenda.empty());

  // Attendance: the members' names when the visitor may list them.
  std::map<std::int64_t, std::string> names;
  auto members = context.services.ListCommitteeMembers(principal);
  if (members) {
    for (const auto& m : *members) {
      names[m.id.value()] = m.display_name;
    }
  }
  std::set<std::int64_t> present;
  for (const auto& u : meeting->members_present) {
    present.insert(u.value());
  }
  data attendees{data::type::list};
  for (const auto& u : meeting->members_present) {
    data a{data::type::object};
    const auto it = names.find(u.value());
    a.set("name", it != names.end() ? it->second : "#" + std::to_string(u.value()));
    attendees.push_back(a);
  }
  view.data.set("attendees", attendees);
  view.data.set("present_count", Fill(Msg(language, "committee_pages.present_count"), "count",
                                      std::to_string(meeting->members_present.size())));

  if (manage) {
    data form{data::type::object};
    // Recommended applications not yet on this agenda, when the queue is readable.
    data options{data::type::list};
    bool any = false;
    for (const auto& [app_id, entry] : queued) {
      if (entry.application.state != domain::ApplicationState::kRecommended) {
        continue;
      }
      options.push_back(
          SelectOption(std::to_string(app_id),
                       Fill(Msg(language, "committee_pages.item_application"), "id", std::to_string(app_id)) + " — " +
                           (language == core::Language::kEn ? entry.applicant_name_en : entry.applicant_name_ja),
                       state.application_id == std::to_string(app_id)));
      any = true;
    }
    form.set("recommended", options);
    form.set("has_recommended", any);
    // Recommended cloud service applications, labelled with their services.
    data service_options{data::type::list};
    bool any_service = false;
    for (const auto& [app_id, queued_line] : services_queued) {
      const auto& line = queued_line.line;
      if (line.application.state != domain::ApplicationState::kRecommended) {
        continue;
      }
      service_options.push_back(
          SelectOption(std::to_string(app_id),
                       Fill(Msg(language, "committee_pages.item_application"), "id", std::to_string(app_id)) + " — " +
                           InLanguage(language, line.service_name_ja, line.service_name_en) + " (" +
                           InLanguage(language, line.applicant_name_ja, line.applicant_name_en) + ")",
                       state.service_application == std::to_string(app_id)));
      any_service = true;
    }
    form.set("recommended_services", service_options);
    form.set("has_recommended_services", any_service);
    form.set("application_id", state.application_id);
    form.set("registration_id", state.registration_id);
    view.data.set("add", form);

    data checkboxes{data::type::list};
    if (members) {
      for (const auto& m : *members) {
        data box{data::type::object};
        const std::string uid = std::to_string(m.id.value());
        box.set("id", uid);
        box.set("name", m.display_name);
        box.set("checked", state.present
                               ? std::find(state.present->begin(), state.present->end(), uid) != state.present->end()
                               : present.count(m.id.value()) > 0);
        checkboxes.push_back(box);
      }
    }
    data attendance{data::type::object};
    attendance.set("members", checkboxes);
    attendance.set("no_members", !members || members->empty());
    view.data.set("attendance", attendance);
  }
  state.errors.Apply(view.data, language);
  return RenderPage(request, std::move(view), chrome);
}

// A command on a meeting: `handle(request, posted, id)` once the gate, the form and the id are read.
void AddMeetingCommand(http::Router& router, PagesContext& context, std::string pattern, app::Action action,
                       std::function<http::Response(const http::Request&, RecordPost&, domain::MeetingId)> handle) {
  AddGated<RecordPost>(
      router, http::Method::kPost, std::move(pattern), action,
      [&context, action](const http::Request& request) {
        return ReadRecordPost(request, context, action, "error.not_found");
      },
      [handle = std::move(handle)](const http::Request& request, RecordPost& posted) {
        return handle(request, posted, domain::MeetingId(posted.id));
      });
}

// A use case's refusal: the error page for what the page cannot show, else the page with the error.
template <typename T>
http::Response AfterMeetingCommand(const http::Request& request, PagesContext& context, const RecordPost& posted,
                                   domain::MeetingId id, const core::Result<T>& result, std::string_view notice,
                                   MeetingState& state, const std::string& field) {
  if (result) {
    return Redirect(MeetingHref(id) + "?done=" + std::string(notice));
  }
  const core::Error& error = result.error();
  if (ForErrorPage(error) ||
      (error.code == core::ErrorCode::kNotFound && error.reason == "committee.meeting_not_found")) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  state.status = http::StatusFor(error.code);
  state.errors.Form(ErrorText(request, error), FieldsOf(field));
  return MeetingPage(request, context, posted.visitor, id, state);
}

}  // namespace

void RegisterCommitteePages(http::Router& router, PagesContext& context) {
  AddUserPage(router, context, http::Method::kGet, "/committee", app::Action::kReadCommittee,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                MeetingsState state;
                state.notice = DoneNotice(request, "committee_pages.", {"created"});
                return MeetingsPage(request, context, visitor, state);
              });

  AddUserForm(router, context, "/committee", app::Action::kManageCommittee,
              [&context](const http::Request& request, PostedForm& posted) {
                const auto& visitor = posted.visitor;
                MeetingsState state;
                state.date = std::string(posted.form.Get("date"));
                const auto date = domain::ParseDate(state.date);
                if (!date) {
                  state.status = 400;
                  state.errors.Field("date", "committee_pages.date",
                                     Msg(request.language, "audit_body_pages.bad_date"));
                  return MeetingsPage(request, context, visitor, state);
                }
                auto created = context.services.CreateMeeting(visitor.principal, *date);
                if (!created) {
                  if (ForErrorPage(created.error())) {
                    return ErrorPage(request, created.error(), ChromeFor(context, visitor));
                  }
                  state.status = http::StatusFor(created.error().code);
                  state.errors.Field("date", "committee_pages.date", ErrorText(request, created.error()));
                  return MeetingsPage(request, context, visitor, state);
                }
                return Redirect(MeetingHref(created->id) + "?done=created");
              });

  AddUserPage(
      router, context, http::Method::kGet, "/committee/meetings/{id}", app::Action::kReadCommittee,
      [&context](const http::Request& request, app::Authenticated& visitor) {
        const auto id = PositiveId(request.Param("id"));
        if (!id) {
          return ErrorPage(request, 404, "error.not_found", ChromeFor(context, visitor));
        }
        MeetingState state;
        state.notice = DoneNotice(request, "committee_pages.", {"created", "added", "attendance_recorded", "decided"});
        return MeetingPage(request, context, visitor, domain::MeetingId(*id), state);
      });

  AddMeetingCommand(
      router, context, "/committee/meetings/{id}/agenda", app::Action::kManageCommittee,
      [&context](const http::Request& request, RecordPost& posted, domain::MeetingId id) {
        MeetingState state;
        const std::string chosen(posted.form.Get("application"));
        state.application_id = chosen.empty() ? std::string(posted.form.Get("application_id")) : chosen;
        state.registration_id = std::string(posted.form.Get("registration_id"));
        state.service_application = std::string(posted.form.Get("service_application"));
        // A cloud service application chosen from its list (issue 7).
        if (const auto service_app = PositiveId(state.service_application);
            service_app && state.application_id.empty() && state.registration_id.empty()) {
          auto result =
              context.services.AddToAgenda(posted.visitor.principal, id,
                                           domain::AgendaItem::ForApplication(domain::ApplicationKind::kCloudService,
                                                                              domain::ApplicationId(*service_app)));
          return AfterMeetingCommand(request, context, posted, id, result, "added", state, "service_application");
        }
        const auto application = PositiveId(state.application_id);
        const auto registration = PositiveId(state.registration_id);
        if ((!state.application_id.empty() && !application) || (!state.registration_id.empty() && !registration)) {
          state.status = 400;
          state.errors.Field(!state.application_id.empty() && !application ? "application_id" : "registration_id",
                             "committee_pages.add_application_id",
                             Msg(request.language, "audit_body_pages.bad_number"));
          return MeetingPage(request, context, posted.visitor, id, state);
        }
        if (application.has_value() == registration.has_value()) {
          state.status = 400;
          state.errors.Form(Msg(request.language, "committee_pages.need_one"), {"application_id"});
          return MeetingPage(request, context, posted.visitor, id, state);
        }
        const domain::AgendaItem item =
            application ? domain::AgendaItem::ForApplication(domain::ApplicationKind::kAuditBody,
                                                             domain::ApplicationId(*application))
                        : domain::AgendaItem::ForRegistration(domain::ApplicationKind::kAuditBody,
                                                              domain::RegistrationId(*registration));
        auto result = context.services.AddToAgenda(posted.visitor.principal, id, item);
        return AfterMeetingCommand(request, context, posted, id, result, "added", state,
                                   application ? "application_id" : "registration_id");
      });

  AddMeetingCommand(router, context, "/committee/meetings/{id}/attendance", app::Action::kManageCommittee,
                    [&context](const http::Request& request, RecordPost& posted, domain::MeetingId id) {
                      MeetingState state;
                      state.present = posted.form.All("present");
                      std::vector<domain::UserId> members;
                      for (const auto& text : *state.present) {
                        const auto uid = PositiveId(text);
                        if (!uid) {
                          state.status = 400;
                          state.errors.Form(Msg(request.language, "committee.not_a_member"), {});
                          return MeetingPage(request, context, posted.visitor, id, state);
                        }
                        members.emplace_back(*uid);
                      }
                      auto result = context.services.RecordAttendance(posted.visitor.principal, id, members);
                      return AfterMeetingCommand(request, context, posted, id, result, "attendance_recorded", state,
                                                 "");
                    });

  AddMeetingCommand(router, context, "/committee/meetings/{id}/decisions", app::Action::kDecideCommittee,
                    [&context](const http::Request& request, RecordPost& posted, domain::MeetingId id) {
                      MeetingState state;
                      const std::string kind(posted.form.Get("kind"));
                      const auto subject = PositiveId(posted.form.Get("subject"));
                      const auto register_kind = domain::ApplicationKindFromString(posted.form.Get("register"));
                      state.decide_outcome = std::string(posted.form.Get("outcome"));
                      state.decide_reason = std::string(posted.form.Get("reason"));
                      const auto outcome = domain::DecisionOutcomeFromString(state.decide_outcome);
                      if (!subject || !register_kind || (kind != "application" && kind != "registration")) {
                        return ErrorPage(request, 400, "error.bad_request", ChromeFor(context, posted.visitor));
                      }
                      const domain::AgendaItem item =
                          kind == "application"
                              ? domain::AgendaItem::ForApplication(*register_kind, domain::ApplicationId(*subject))
                              : domain::AgendaItem::ForRegistration(*register_kind, domain::RegistrationId(*subject));
                      state.decide_key = ItemKey(item);
                      const std::string field = "reason-" + state.decide_key;
                      if (!outcome) {
                        state.status = 400;
                        state.errors.Form(Msg(request.language, "committee.outcome_not_applicable"), {field});
                        return MeetingPage(request, context, posted.visitor, id, state);
                      }
                      auto result =
                          context.services.Decide(posted.visitor.principal, id, item, *outcome, state.decide_reason);
                      return AfterMeetingCommand(request, context, posted, id, result, "decided", state, field);
                    });
}

}  // namespace ismap::web::pages
