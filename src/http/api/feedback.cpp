// /api/v1/feedback: feedback threads between agencies and the operators (issue 9; app/feedback.hpp).
//   GET  /api/v1/feedback[?topic=&state=&limit=&offset=]  the caller's agency's threads, or every
//        agency's for the secretariat and reviewers: {"items":[thread without messages],"limit","offset"}
//   POST /api/v1/feedback {"topic","subject","body"}       201, the thread, Location
//   GET  /api/v1/feedback/{id}                             the thread with its messages, oldest first
//   POST /api/v1/feedback/{id}/messages {"body"}           the thread after the message
//   POST /api/v1/feedback/{id}/close, /reopen              the thread after the change (no body)
//   GET  /api/v1/feedback/statistics                       counts by topic, state and month (operators)
// Another agency's thread is 404 feedback.not_found, as one that does not exist. Bad input is 400
// with the field's JSON pointer: field_missing, field_type, field_unknown, field_invalid (topic),
// feedback.* (the domain's text rules).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "http/api/api.hpp"
#include "http/api/audit_body_json.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

json OrganizationRef(const std::map<std::int64_t, domain::Organization>& organizations, domain::OrganizationId id) {
  json out{{"id", id.value()}};
  if (auto it = organizations.find(id.value()); it != organizations.end()) {
    out["name_ja"] = it->second.name_ja;
    out["name_en"] = it->second.name_en;
  }
  return out;
}

json TimeOrNull(const std::optional<core::TimePoint>& t) { return t ? json(core::FormatRfc3339(*t)) : json(nullptr); }

json ThreadToJson(const domain::FeedbackThread& thread,
                  const std::map<std::int64_t, domain::Organization>& organizations) {
  return json{{"id", thread.id.value()},
              {"agency", OrganizationRef(organizations, thread.agency)},
              {"author_id", thread.author.value()},
              {"topic", domain::ToString(thread.topic)},
              {"subject", thread.subject},
              {"state", domain::ToString(thread.state)},
              {"created_at", core::FormatRfc3339(thread.created_at)},
              {"updated_at", core::FormatRfc3339(thread.updated_at)},
              {"first_answer_at", TimeOrNull(thread.first_answer_at)},
              {"message_count", thread.message_count},
              {"version", thread.version}};
}

json ViewToJson(const app::FeedbackThreadView& view) {
  json out = ThreadToJson(view.thread, view.organizations);
  json messages = json::array();
  for (const auto& message : view.thread.messages) {
    const auto user = view.users.find(message.author.value());
    messages.push_back(
        {{"id", message.id.value()},
         {"side", domain::ToString(message.side)},
         {"author",
          {{"id", message.author.value()}, {"name", user != view.users.end() ? json(user->second) : json(nullptr)}}},
         {"organization", OrganizationRef(view.organizations, message.organization)},
         {"body", message.body},
         {"created_at", core::FormatRfc3339(message.created_at)}});
  }
  out["messages"] = std::move(messages);
  out["viewer_side"] = domain::ToString(view.viewer_side);
  return out;
}

Response NoStore(Response response) {
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

Response Refused(const Request& request, const FieldProblem& problem) {
  return ErrorResponse(400, problem.code, "error." + problem.code, request.language, request.request_id,
                       problem.pointer);
}

// A text rule of the domain broken by the field at `pointer`: 400 with the rule's reason.
Response TextRefused(const Request& request, const core::Error& error, std::string_view pointer) {
  return ErrorResponse(400, error.reason, error.reason, request.language, request.request_id, pointer);
}

// The string field `name` of `body`, or the problem with it.
std::variant<std::string, FieldProblem> RequiredString(const json& body, const char* name) {
  if (auto text = StringField(body, name)) {
    return *text;
  }
  return FieldProblem{body.contains(name) ? "field_type" : "field_missing", std::string("/") + name};
}

std::optional<Response> NotFoundUnlessId(const Request& request, std::optional<std::int64_t>& id) {
  id = PositiveId(request.Param("id"));
  if (!id) {
    return ErrorResponse(404, "feedback.not_found", "feedback.not_found", request.language, request.request_id);
  }
  return std::nullopt;
}

using Command = core::Result<app::FeedbackThreadView> (app::FeedbackService::*)(const app::Principal&,
                                                                                domain::FeedbackThreadId);

// POST /api/v1/feedback/{id}/close and /reopen: no body is read.
void AddCommand(Router& router, ApiContext& context, const char* pattern, Command command) {
  router.Add(Method::kPost, pattern, app::Action::kReadFeedback, [&context, command](const Request& request) {
    auto caller = IdentifyFor(request, context, app::Action::kReadFeedback);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    std::optional<std::int64_t> id;
    if (auto refused = NotFoundUnlessId(request, id)) {
      return std::move(*refused);
    }
    auto service = context.services.feedback();
    auto view = (service.*command)(caller->principal, domain::FeedbackThreadId(*id));
    if (!view) {
      return ErrorResponse(view.error(), request);
    }
    return NoStore(Response::Json(200, ViewToJson(*view).dump()));
  });
}

json CountsToJson(const domain::FeedbackTopicCounts& counts) {
  return json{{"open", counts.open},
              {"answered", counts.answered},
              {"closed", counts.closed},
              {"total", counts.total},
              {"with_answer", counts.with_answer}};
}

}  // namespace

void RegisterFeedbackRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/feedback/statistics", app::Action::kReadFeedbackStatistics,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kReadFeedbackStatistics);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               auto summary = context.services.feedback().Statistics(caller->principal);
               if (!summary) {
                 return ErrorResponse(summary.error(), request);
               }
               json topics = json::array();
               for (const auto& counts : summary->topics) {
                 json line = CountsToJson(counts);
                 line["topic"] = domain::ToString(counts.topic);
                 topics.push_back(std::move(line));
               }
               json months = json::array();
               const auto& all_topics = domain::AllFeedbackTopics();
               for (const auto& month : summary->months) {
                 json by_topic = json::object();
                 for (std::size_t i = 0; i < all_topics.size(); ++i) {
                   by_topic[std::string(domain::ToString(all_topics[i]))] = month.topics[i];
                 }
                 months.push_back({{"month", fmt::format("{:04}-{:02}", month.year, month.month)},
                                   {"total", month.total},
                                   {"topics", std::move(by_topic)}});
               }
               return NoStore(Response::Json(
                   200, json{{"topics", topics}, {"all", CountsToJson(summary->all)}, {"months", months}}.dump()));
             });

  router.Add(Method::kGet, "/api/v1/feedback", app::Action::kReadFeedback, [&context](const Request& request) {
    auto caller = IdentifyFor(request, context, app::Action::kReadFeedback);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    app::FeedbackListQuery query;
    if (!ReadPaging(request, query.limit, query.offset)) {
      return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language, request.request_id);
    }
    if (const auto topic = request.Query("topic"); !topic.empty()) {
      query.topic = domain::FeedbackTopicFromString(topic);
      if (!query.topic) {
        return BadParameter(request, "/topic");
      }
    }
    if (const auto state = request.Query("state"); !state.empty()) {
      query.state = domain::FeedbackStateFromString(state);
      if (!query.state) {
        return BadParameter(request, "/state");
      }
    }
    auto page = context.services.feedback().List(caller->principal, query);
    if (!page) {
      return ErrorResponse(page.error(), request);
    }
    json items = json::array();
    for (const auto& thread : page->items) {
      items.push_back(ThreadToJson(thread, page->organizations));
    }
    return NoStore(
        Response::Json(200, json{{"items", items}, {"limit", query.limit}, {"offset", query.offset}}.dump()));
  });

  router.Add(Method::kPost, "/api/v1/feedback", app::Action::kSendFeedback, [&context](const Request& request) {
    auto caller = IdentifyFor(request, context, app::Action::kSendFeedback);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    JsonBody body = ParseJsonBody(request);
    if (body.error) {
      return *body.error;
    }
    if (!body.value.is_object()) {
      return Refused(request, {"field_type", ""});
    }
    if (auto problem = RejectUnknown(body.value, {"topic", "subject", "body"})) {
      return Refused(request, *problem);
    }
    auto topic_text = RequiredString(body.value, "topic");
    if (auto* problem = std::get_if<FieldProblem>(&topic_text)) {
      return Refused(request, *problem);
    }
    const auto topic = domain::FeedbackTopicFromString(std::get<std::string>(topic_text));
    if (!topic) {
      return Refused(request, {"field_invalid", "/topic"});
    }
    auto subject = RequiredString(body.value, "subject");
    if (auto* problem = std::get_if<FieldProblem>(&subject)) {
      return Refused(request, *problem);
    }
    if (auto valid = domain::ValidateFeedbackSubject(std::get<std::string>(subject)); !valid) {
      return TextRefused(request, valid.error(), "/subject");
    }
    auto text = RequiredString(body.value, "body");
    if (auto* problem = std::get_if<FieldProblem>(&text)) {
      return Refused(request, *problem);
    }
    if (auto valid = domain::ValidateFeedbackBody(std::get<std::string>(text)); !valid) {
      return TextRefused(request, valid.error(), "/body");
    }
    auto view = context.services.feedback().Open(caller->principal, *topic, std::move(std::get<std::string>(subject)),
                                                 std::move(std::get<std::string>(text)));
    if (!view) {
      return ErrorResponse(view.error(), request);
    }
    Response response = NoStore(Response::Json(201, ViewToJson(*view).dump()));
    response.headers.emplace_back("Location", "/api/v1/feedback/" + std::to_string(view->thread.id.value()));
    return response;
  });

  router.Add(Method::kGet, "/api/v1/feedback/{id}", app::Action::kReadFeedback, [&context](const Request& request) {
    auto caller = IdentifyFor(request, context, app::Action::kReadFeedback);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    std::optional<std::int64_t> id;
    if (auto refused = NotFoundUnlessId(request, id)) {
      return std::move(*refused);
    }
    auto view = context.services.feedback().Get(caller->principal, domain::FeedbackThreadId(*id));
    if (!view) {
      return ErrorResponse(view.error(), request);
    }
    return NoStore(Response::Json(200, ViewToJson(*view).dump()));
  });

  router.Add(Method::kPost, "/api/v1/feedback/{id}/messages", app::Action::kReadFeedback,
             [&context](const Request& request) {
               auto caller = IdentifyFor(request, context, app::Action::kReadFeedback);
               if (!caller) {
                 return ErrorResponse(caller.error(), request);
               }
               std::optional<std::int64_t> id;
               if (auto refused = NotFoundUnlessId(request, id)) {
                 return std::move(*refused);
               }
               JsonBody body = ParseJsonBody(request);
               if (body.error) {
                 return *body.error;
               }
               if (!body.value.is_object()) {
                 return Refused(request, {"field_type", ""});
               }
               if (auto problem = RejectUnknown(body.value, {"body"})) {
                 return Refused(request, *problem);
               }
               auto text = RequiredString(body.value, "body");
               if (auto* problem = std::get_if<FieldProblem>(&text)) {
                 return Refused(request, *problem);
               }
               if (auto valid = domain::ValidateFeedbackBody(std::get<std::string>(text)); !valid) {
                 return TextRefused(request, valid.error(), "/body");
               }
               auto view = context.services.feedback().Post(caller->principal, domain::FeedbackThreadId(*id),
                                                            std::move(std::get<std::string>(text)));
               if (!view) {
                 return ErrorResponse(view.error(), request);
               }
               return NoStore(Response::Json(200, ViewToJson(*view).dump()));
             });

  AddCommand(router, context, "/api/v1/feedback/{id}/close", &app::FeedbackService::Close);
  AddCommand(router, context, "/api/v1/feedback/{id}/reopen", &app::FeedbackService::Reopen);
}

}  // namespace ismap::http::api
