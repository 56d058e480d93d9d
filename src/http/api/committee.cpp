// /api/v1/committee/meetings: the secretariat creates meetings, sets their agendas and records who
// attended; committee members decide agenda items. Decisions are the only way registrations change.
#include <nlohmann/json.hpp>

#include "http/api/api.hpp"
#include "http/api/audit_body_json.hpp"
#include "http/api/paged_list.hpp"
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/json_body.hpp"

namespace ismap::http::api {
namespace {

using nlohmann::json;

Response Refused(const Request& request, const FieldProblem& problem) {
  return ErrorResponse(400, problem.code, "error." + problem.code, request.language, request.request_id,
                       problem.pointer);
}

Response MeetingResponse(int status, const domain::Meeting& meeting, ApiContext& context) {
  Response response =
      Response::Json(status, MeetingToJson(meeting, context.services.audit_body_settings().committee.quorum).dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// The steps every meeting route shares: caller, action, meeting id, and (for writes) the body.
struct MeetingRequest {
  Caller caller;
  domain::MeetingId meeting;
  json body;
};

std::variant<Response, MeetingRequest> ReadMeetingRequest(const Request& request, ApiContext& context,
                                                          app::Action action, bool with_body) {
  auto caller = IdentifyFor(request, context, action);
  if (!caller) {
    return ErrorResponse(caller.error(), request);
  }
  const auto id = PositiveId(request.Param("id"));
  if (!id) {
    return ErrorResponse(404, "not_found", "error.not_found", request.language, request.request_id);
  }
  MeetingRequest out{std::move(*caller), domain::MeetingId(*id), json()};
  if (with_body) {
    JsonBody body = ParseJsonBody(request);
    if (body.error) {
      return *body.error;
    }
    out.body = std::move(body.value);
  }
  return out;
}

}  // namespace

void RegisterCommitteeRoutes(Router& router, ApiContext& context) {
  router.Add(Method::kGet, "/api/v1/committee/meetings", app::Action::kReadCommittee,
             [&context](const Request& request) {
               const int quorum = context.services.audit_body_settings().committee.quorum;
               return PagedList(
                   request, context, app::Action::kReadCommittee,
                   [&context](const app::Principal& p, int limit, int offset) {
                     return context.services.ListMeetings(p, limit, offset);
                   },
                   [quorum](const domain::Meeting& meeting) { return MeetingToJson(meeting, quorum); });
             });

  router.Add(
      Method::kPost, "/api/v1/committee/meetings", app::Action::kManageCommittee, [&context](const Request& request) {
        auto caller = IdentifyFor(request, context, app::Action::kManageCommittee);
        if (!caller) {
          return ErrorResponse(caller.error(), request);
        }
        JsonBody body = ParseJsonBody(request);
        if (body.error) {
          return *body.error;
        }
        if (auto problem = RejectUnknown(body.value, {"date"})) {
          return Refused(request, *problem);
        }
        const auto text = StringField(body.value, "date");
        if (!text) {
          return Refused(request, {body.value.contains("date") ? "field_type" : "field_missing", "/date"});
        }
        const auto date = domain::ParseDate(*text);
        if (!date) {
          return Refused(request, {"field_invalid", "/date"});
        }
        auto meeting = context.services.CreateMeeting(caller->principal, *date);
        if (!meeting) {
          return ErrorResponse(meeting.error(), request);
        }
        Response response = MeetingResponse(201, *meeting, context);
        response.headers.emplace_back("Location", "/api/v1/committee/meetings/" + std::to_string(meeting->id.value()));
        return response;
      });

  router.Add(Method::kGet, "/api/v1/committee/meetings/{id}", app::Action::kReadCommittee,
             [&context](const Request& request) {
               auto read = ReadMeetingRequest(request, context, app::Action::kReadCommittee, false);
               if (auto* response = std::get_if<Response>(&read)) {
                 return std::move(*response);
               }
               auto& in = std::get<MeetingRequest>(read);
               auto meeting = context.services.GetMeeting(in.caller.principal, in.meeting);
               if (!meeting) {
                 return ErrorResponse(meeting.error(), request);
               }
               return MeetingResponse(200, *meeting, context);
             });

  // {"application_id": N} (a recommended application) or {"registration_id": N} (to suspend, ...), with
  // "register": "cloud_service" for the cloud service list ("audit_body" by default).
  router.Add(Method::kPost, "/api/v1/committee/meetings/{id}/agenda", app::Action::kManageCommittee,
             [&context](const Request& request) {
               auto read = ReadMeetingRequest(request, context, app::Action::kManageCommittee, true);
               if (auto* response = std::get_if<Response>(&read)) {
                 return std::move(*response);
               }
               auto& in = std::get<MeetingRequest>(read);
               domain::AgendaItem item;
               if (auto problem = RejectUnknown(in.body, {"application_id", "registration_id", "register"})) {
                 return Refused(request, *problem);
               }
               if (auto problem = ReadAgendaItem(in.body, item)) {
                 return Refused(request, *problem);
               }
               auto meeting = context.services.AddToAgenda(in.caller.principal, in.meeting, item);
               if (!meeting) {
                 return ErrorResponse(meeting.error(), request);
               }
               return MeetingResponse(200, *meeting, context);
             });

  // {"members": [user ids]}: replaces the members present.
  router.Add(Method::kPut, "/api/v1/committee/meetings/{id}/attendance", app::Action::kManageCommittee,
             [&context](const Request& request) {
               auto read = ReadMeetingRequest(request, context, app::Action::kManageCommittee, true);
               if (auto* response = std::get_if<Response>(&read)) {
                 return std::move(*response);
               }
               auto& in = std::get<MeetingRequest>(read);
               if (auto problem = RejectUnknown(in.body, {"members"})) {
                 return Refused(request, *problem);
               }
               if (!in.body.contains("members")) {
                 return Refused(request, {"field_missing", "/members"});
               }
               if (!in.body["members"].is_array()) {
                 return Refused(request, {"field_type", "/members"});
               }
               std::vector<domain::UserId> members;
               for (std::size_t i = 0; i < in.body["members"].size(); ++i) {
                 const json& id = in.body["members"][i];
                 if (!id.is_number_integer() || id.get<std::int64_t>() < 1) {
                   return Refused(request, {"field_type", "/members/" + std::to_string(i)});
                 }
                 members.emplace_back(id.get<std::int64_t>());
               }
               auto meeting = context.services.RecordAttendance(in.caller.principal, in.meeting, members);
               if (!meeting) {
                 return ErrorResponse(meeting.error(), request);
               }
               return MeetingResponse(200, *meeting, context);
             });

  // {"application_id" | "registration_id", "register"?, "outcome", "reason"}: one decision per item, ever.
  router.Add(
      Method::kPost, "/api/v1/committee/meetings/{id}/decisions", app::Action::kDecideCommittee,
      [&context](const Request& request) {
        auto read = ReadMeetingRequest(request, context, app::Action::kDecideCommittee, true);
        if (auto* response = std::get_if<Response>(&read)) {
          return std::move(*response);
        }
        auto& in = std::get<MeetingRequest>(read);
        if (auto problem =
                RejectUnknown(in.body, {"application_id", "registration_id", "register", "outcome", "reason"})) {
          return Refused(request, *problem);
        }
        domain::AgendaItem item;
        if (auto problem = ReadAgendaItem(in.body, item)) {
          return Refused(request, *problem);
        }
        const auto outcome_text = StringField(in.body, "outcome");
        if (!outcome_text) {
          return Refused(request, {in.body.contains("outcome") ? "field_type" : "field_missing", "/outcome"});
        }
        const auto outcome = domain::DecisionOutcomeFromString(*outcome_text);
        if (!outcome) {
          return Refused(request, {"field_invalid", "/outcome"});
        }
        const auto reason = StringField(in.body, "reason");
        if (!reason) {
          return Refused(request, {in.body.contains("reason") ? "field_type" : "field_missing", "/reason"});
        }
        auto decided = context.services.Decide(in.caller.principal, in.meeting, item, *outcome, *reason);
        if (!decided) {
          return ErrorResponse(decided.error(), request);
        }
        json out{{"outcome", domain::ToString(decided->decision.outcome)},
                 {"reason", decided->decision.reason},
                 {"decided_at", core::FormatRfc3339(decided->decision.decided_at)},
                 {"application", decided->application ? ApplicationToJson(*decided->application) : json(nullptr)},
                 {"registration", decided->registration ? RegistrationToJson(*decided->registration) : json(nullptr)}};
        Response response = Response::Json(201, out.dump());
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
      });
}

}  // namespace ismap::http::api
