// Feedback pages (issue 9; app/feedback.hpp): an agency's users send feedback and read the
// answers; the operators (the secretariat and reviewers) read every agency's and answer.
//   GET  /feedback[?topic=&state=&offset=]   the list (the agency's own, or every agency's), filters
//   GET  /feedback/new, POST /feedback/new   the new-thread form (agencies)
//   GET  /feedback/{id}                      the thread: its messages, the reply or answer form
//   POST /feedback/{id}/messages|close|reopen  → 303 back to the thread
// The counts (/feedback/statistics) are in feedback_statistics.cpp. Another agency's thread is the
// 404 page, as one that does not exist.
#include <charconv>

#include "web/pages/common.hpp"
#include "web/pages/feedback_common.hpp"
#include "web/pages/register.hpp"
#include "web/render.hpp"

namespace ismap::web::pages {
namespace {

using kainjow::mustache::data;

constexpr int kPerPage = 50;

int OffsetOf(const http::Request& request) {
  const std::string_view text = request.Query("offset");
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 0 && value <= 1'000'000'000 ? value : 0;
}

std::optional<std::int64_t> ThreadId(const http::Request& request) {
  std::int64_t id = 0;
  const std::string_view text = request.Param("id");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

std::string ListHref(const app::FeedbackListQuery& query, int offset) {
  std::string href = "/feedback?";
  if (query.topic) {
    href += "topic=" + std::string(domain::ToString(*query.topic)) + "&";
  }
  if (query.state) {
    href += "state=" + std::string(domain::ToString(*query.state)) + "&";
  }
  href += "offset=" + std::to_string(offset);
  return href;
}

http::Response ListPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor) {
  const core::Language l = request.language;
  const Chrome chrome = ChromeFor(context, visitor);
  app::FeedbackListQuery query;
  query.topic = domain::FeedbackTopicFromString(request.Query("topic"));
  query.state = domain::FeedbackStateFromString(request.Query("state"));
  query.limit = kPerPage + 1;
  const int offset = OffsetOf(request);
  query.offset = offset;
  auto page = context.services.feedback().List(visitor.principal, query);
  if (!page) {
    return ErrorPage(request, page.error(), chrome);
  }
  const bool operator_view = app::Authorize(visitor.principal, app::Action::kAnswerFeedback).has_value();
  PageView view{"feedback_list.mustache", "feedback_pages.list_title", {}};
  view.no_store = true;
  view.data.set("intro", FeedbackText(l, operator_view ? "feedback_pages.list_intro_operator"
                                                       : "feedback_pages.list_intro_agency"));
  view.data.set("may_send", app::Authorize(visitor.principal, app::Action::kSendFeedback).has_value());
  view.data.set("may_count", app::Authorize(visitor.principal, app::Action::kReadFeedbackStatistics).has_value());
  view.data.set("operator_view", operator_view);
  data topics{data::type::list};
  topics.push_back(SelectOption("", FeedbackText(l, "feedback_pages.filter_any"), !query.topic));
  for (const auto topic : domain::AllFeedbackTopics()) {
    topics.push_back(
        SelectOption(std::string(domain::ToString(topic)), FeedbackTopicLabel(l, topic), query.topic == topic));
  }
  data states{data::type::list};
  states.push_back(SelectOption("", FeedbackText(l, "feedback_pages.filter_any"), !query.state));
  for (const auto state : domain::AllFeedbackStates()) {
    states.push_back(
        SelectOption(std::string(domain::ToString(state)), FeedbackStateLabel(l, state), query.state == state));
  }
  view.data.set("topics", topics);
  view.data.set("states", states);
  data rows{data::type::list};
  const std::size_t shown = std::min<std::size_t>(page->items.size(), kPerPage);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& thread = page->items[i];
    data row{data::type::object};
    row.set("href", app::FeedbackLink(thread.id));
    row.set("subject", thread.subject);
    row.set("topic", FeedbackTopicLabel(l, thread.topic));
    row.set("state", FeedbackStateLabel(l, thread.state));
    row.set("state_class", std::string(domain::ToString(thread.state)));
    row.set("agency", FeedbackOrganizationName(l, page->organizations, thread.agency));
    row.set("messages", std::to_string(thread.message_count));
    row.set("updated", JapanTime(thread.updated_at));
    row.set("updated_iso", core::FormatRfc3339(thread.updated_at));
    rows.push_back(row);
  }
  view.data.set("threads", rows);
  view.data.set("none", shown == 0);
  const bool has_next = page->items.size() > static_cast<std::size_t>(kPerPage);
  if (has_next) {
    view.data.set("next_href", ListHref(query, offset + kPerPage));
  }
  if (offset > 0) {
    view.data.set("previous_href", ListHref(query, std::max(0, offset - kPerPage)));
  }
  view.data.set("paginated", has_next || offset > 0);
  return RenderPage(request, std::move(view), chrome);
}

struct Draft {
  std::string topic;
  std::string subject;
  std::string body;
};

http::Response NewPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor,
                       const Draft& draft, const FormErrors& errors, int status) {
  const core::Language l = request.language;
  PageView view{"feedback_new.mustache", "feedback_pages.new_title", {}};
  view.status = status;
  view.no_store = true;
  view.switch_path = "/feedback/new";
  view.data.set("csrf_token", visitor.session.csrf_token);
  data topics{data::type::list};
  for (const auto topic : domain::AllFeedbackTopics()) {
    const std::string name(domain::ToString(topic));
    topics.push_back(SelectOption(name, FeedbackTopicLabel(l, topic), draft.topic == name));
  }
  view.data.set("topics", topics);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  view.data.set("subject", draft.subject);
  view.data.set("body", draft.body);
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

http::Response ThreadPage(const http::Request& request, PagesContext& context, app::Authenticated& visitor,
                          const app::FeedbackThreadView& thread, const std::string& draft, const FormErrors& errors,
                          int status) {
  const core::Language l = request.language;
  const auto& t = thread.thread;
  PageView view{"feedback_thread.mustache", "feedback_pages.thread_title", {}};
  view.status = status;
  view.no_store = true;
  view.title_text = t.subject;
  view.switch_path = app::FeedbackLink(t.id);
  view.data.set("csrf_token", visitor.session.csrf_token);
  view.data.set("id", std::to_string(t.id.value()));
  view.data.set("subject", t.subject);
  view.data.set("topic", FeedbackTopicLabel(l, t.topic));
  view.data.set("state", FeedbackStateLabel(l, t.state));
  view.data.set("state_class", std::string(domain::ToString(t.state)));
  view.data.set("agency", FeedbackOrganizationName(l, thread.organizations, t.agency));
  view.data.set("created", JapanTime(t.created_at));
  view.data.set("created_iso", core::FormatRfc3339(t.created_at));
  data messages{data::type::list};
  for (const auto& m : t.messages) {
    data row{data::type::object};
    row.set("id", std::to_string(m.id.value()));
    const auto user = thread.users.find(m.author.value());
    row.set("author", user != thread.users.end() ? user->second : std::string());
    row.set("organization", FeedbackOrganizationName(l, thread.organizations, m.organization));
    row.set("side", FeedbackSideLabel(l, m.side));
    row.set("operator", m.side == domain::FeedbackSide::kOperator);
    row.set("created", JapanTime(m.created_at));
    row.set("created_iso", core::FormatRfc3339(m.created_at));
    row.set("body", m.body);
    messages.push_back(row);
  }
  view.data.set("messages", messages);
  const bool closed = t.state == domain::FeedbackState::kClosed;
  const bool operator_side = thread.viewer_side == domain::FeedbackSide::kOperator;
  view.data.set("closed", closed);
  view.data.set("may_reply", !closed);
  view.data.set("reply_heading",
                FeedbackText(l, operator_side ? "feedback_pages.answer_heading" : "feedback_pages.reply_heading"));
  view.data.set("reply_send",
                FeedbackText(l, operator_side ? "feedback_pages.answer_send" : "feedback_pages.reply_send"));
  view.data.set("may_reopen", closed && !operator_side);
  view.data.set("draft", draft);
  view.data.set("error_summary", Partial("audit_body_error_summary.mustache"));
  const std::string base = app::FeedbackLink(t.id);
  view.data.set("reply_action", base + "/messages");
  view.data.set("close_action", base + "/close");
  view.data.set("reopen_action", base + "/reopen");
  errors.Apply(view.data, l);
  return RenderPage(request, std::move(view), ChromeFor(context, visitor));
}

// The thread's page again after a refused form: its reason beside the reply field when it is
// about the text, else the error page.
http::Response AfterCommand(const http::Request& request, PagesContext& context, PostedForm& posted,
                            domain::FeedbackThreadId id, const core::Result<app::FeedbackThreadView>& done,
                            const std::string& draft) {
  if (done) {
    return Redirect(app::FeedbackLink(id) + "#messages-heading");
  }
  const auto& error = done.error();
  if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kFailedPrecondition &&
      error.code != core::ErrorCode::kConflict && error.code != core::ErrorCode::kPermissionDenied) {
    return ErrorPage(request, error, ChromeFor(context, posted.visitor));
  }
  auto thread = context.services.feedback().Get(posted.visitor.principal, id);
  if (!thread) {
    return ErrorPage(request, thread.error(), ChromeFor(context, posted.visitor));
  }
  FormErrors errors;
  if (error.code == core::ErrorCode::kInvalidArgument) {
    errors.Field("body", "feedback_pages.field_body", ErrorText(request, error));
  } else {
    errors.Form(ErrorText(request, error), {});
  }
  return ThreadPage(request, context, posted.visitor, *thread, draft, errors, http::StatusFor(error.code));
}

}  // namespace

void RegisterFeedbackPages(http::Router& router, PagesContext& context) {
  RegisterFeedbackStatisticsPage(router, context);
  AddUserPage(router, context, http::Method::kGet, "/feedback", app::Action::kReadFeedback,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return ListPage(request, context, visitor);
              });

  AddUserPage(router, context, http::Method::kGet, "/feedback/new", app::Action::kSendFeedback,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                return NewPage(request, context, visitor, Draft{"other", "", ""}, FormErrors{}, 200);
              });

  AddUserForm(
      router, context, "/feedback/new", app::Action::kSendFeedback,
      [&context](const http::Request& request, PostedForm& posted) {
        const Draft draft{std::string(posted.form.Get("topic")), std::string(posted.form.Get("subject")),
                          std::string(posted.form.Get("body"))};
        FormErrors errors;
        const auto topic = domain::FeedbackTopicFromString(draft.topic);
        if (!topic) {
          errors.Field("topic", "feedback_pages.field_topic", FeedbackText(request.language, "error.field_invalid"));
        }
        if (auto valid = domain::ValidateFeedbackSubject(draft.subject); !valid) {
          errors.Field("subject", "feedback_pages.field_subject", ErrorText(request, valid.error()));
        }
        if (auto valid = domain::ValidateFeedbackBody(draft.body); !valid) {
          errors.Field("body", "feedback_pages.field_body", ErrorText(request, valid.error()));
        }
        if (!errors.empty()) {
          return NewPage(request, context, posted.visitor, draft, errors, 400);
        }
        auto opened = context.services.feedback().Open(posted.visitor.principal, *topic, draft.subject, draft.body);
        if (!opened) {
          return ErrorPage(request, opened.error(), ChromeFor(context, posted.visitor));
        }
        return Redirect(app::FeedbackLink(opened->thread.id));
      });

  AddUserPage(router, context, http::Method::kGet, "/feedback/{id}", app::Action::kReadFeedback,
              [&context](const http::Request& request, app::Authenticated& visitor) {
                const auto id = ThreadId(request);
                if (!id) {
                  return ErrorPage(request, 404, "feedback.not_found", ChromeFor(context, visitor));
                }
                auto thread = context.services.feedback().Get(visitor.principal, domain::FeedbackThreadId(*id));
                if (!thread) {
                  return ErrorPage(request, thread.error(), ChromeFor(context, visitor));
                }
                return ThreadPage(request, context, visitor, *thread, "", FormErrors{}, 200);
              });

  AddUserForm(router, context, "/feedback/{id}/messages", app::Action::kReadFeedback,
              [&context](const http::Request& request, PostedForm& posted) {
                const auto id = ThreadId(request);
                if (!id) {
                  return ErrorPage(request, 404, "feedback.not_found", ChromeFor(context, posted.visitor));
                }
                const std::string body(posted.form.Get("body"));
                const domain::FeedbackThreadId thread(*id);
                auto done = context.services.feedback().Post(posted.visitor.principal, thread, body);
                return AfterCommand(request, context, posted, thread, done, body);
              });

  for (const char* command : {"close", "reopen"}) {
    const bool close = std::string_view(command) == "close";
    AddUserForm(router, context, std::string("/feedback/{id}/") + command, app::Action::kReadFeedback,
                [&context, close](const http::Request& request, PostedForm& posted) {
                  const auto id = ThreadId(request);
                  if (!id) {
                    return ErrorPage(request, 404, "feedback.not_found", ChromeFor(context, posted.visitor));
                  }
                  const domain::FeedbackThreadId thread(*id);
                  auto service = context.services.feedback();
                  auto done = close ? service.Close(posted.visitor.principal, thread)
                                    : service.Reopen(posted.visitor.principal, thread);
                  return AfterCommand(request, context, posted, thread, done, "");
                });
  }
}

}  // namespace ismap::web::pages
