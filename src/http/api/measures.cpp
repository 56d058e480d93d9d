// /api/v1/transitional-measures and /api/v1/unregistered-services (issue 9): the secretariat's
// transitional measures, and agencies' unregistered-service confirmations with their CISO's
// approval. Every change names the version it was read at; a stale one is 409 and changes nothing.
// Another agency's confirmation is 404.
#include <nlohmann/json.hpp>

#include "http/api/cloud_service_routes.hpp"
#include "http/api/measures_json.hpp"

namespace ismap::http::api {
namespace {

using cloud_routes::Answer;
using cloud_routes::Call;
using cloud_routes::Handle;
using cloud_routes::kBody;
using cloud_routes::kId;
using cloud_routes::kNothing;
using cloud_routes::NoStore;
using cloud_routes::Refused;
using nlohmann::json;

json MeasureList(const std::vector<domain::TransitionalMeasure>& measures) {
  json items = json::array();
  for (const auto& m : measures) {
    items.push_back(MeasureToJson(m));
  }
  return json{{"items", items}};
}

void RegisterMeasureRoutes(Router& router, ApiContext& context) {
  constexpr auto kRead = app::Action::kReadTransitionalMeasures;
  constexpr auto kManage = app::Action::kManageTransitionalMeasures;
  router.Add(Method::kGet, "/api/v1/transitional-measures", kRead, [&context](const Request& request) {
    return Handle(request, context, kRead, kNothing, [&](Call& in) {
      return Answer(request, context.services.transitional_measures().List(in.caller.principal), MeasureList);
    });
  });
  router.Add(Method::kPost, "/api/v1/transitional-measures", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kBody, [&](Call& in) {
      domain::TransitionalMeasure measure;
      if (auto problem = ReadMeasure(in.body, measure, false)) {
        return Refused(request, *problem);
      }
      return Answer(request, context.services.transitional_measures().Create(in.caller.principal, measure),
                    MeasureToJson, 201);
    });
  });
  router.Add(Method::kGet, "/api/v1/transitional-measures/{id}", kRead, [&context](const Request& request) {
    return Handle(request, context, kRead, kId, [&](Call& in) {
      return Answer(
          request,
          context.services.transitional_measures().Get(in.caller.principal, domain::TransitionalMeasureId(in.id)),
          MeasureToJson);
    });
  });
  // A whole measure with "version" edits it before it starts; {"version", "end_on"} ends it early.
  router.Add(Method::kPut, "/api/v1/transitional-measures/{id}", kManage, [&context](const Request& request) {
    return Handle(request, context, kManage, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      if (in.body.is_object() && in.body.contains("end_on")) {
        if (auto problem = RejectUnknown(in.body, {"version", "end_on"})) {
          return Refused(request, *problem);
        }
        if (auto problem = ReadVersion(in.body, version)) {
          return Refused(request, *problem);
        }
        domain::Date until;
        if (auto problem = ReadDate(in.body, "end_on", "", until)) {
          return Refused(request, *problem);
        }
        return Answer(request,
                      context.services.transitional_measures().End(
                          in.caller.principal, domain::TransitionalMeasureId(in.id), version, until),
                      MeasureToJson);
      }
      domain::TransitionalMeasure measure;
      if (auto problem = ReadMeasure(in.body, measure, true)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      measure.id = domain::TransitionalMeasureId(in.id);
      measure.version = version;
      return Answer(request, context.services.transitional_measures().Update(in.caller.principal, measure),
                    MeasureToJson);
    });
  });
}

// 409 unregistered.incomplete also lists every finding under error.problems, so a client can mark
// the rows that stop the submission.
Response SubmitAnswer(const Request& request, ApiContext& context, const app::Principal& principal,
                      domain::UnregisteredServiceId id, std::int64_t version) {
  auto& confirmations = context.services.unregistered_services();
  auto submitted = confirmations.Submit(principal, id, version);
  if (submitted || submitted.error().reason != "unregistered.incomplete") {
    return Answer(request, submitted, UnregisteredViewToJson);
  }
  Response response = ErrorResponse(submitted.error(), request);
  auto view = confirmations.Get(principal, id);
  if (view) {
    auto body = json::parse(response.body, nullptr, false);
    json problems = json::array();
    for (const auto& f : view->findings) {
      problems.push_back({{"control_id", f.control_id.empty() ? json(nullptr) : json(f.control_id)}, {"code", f.code}});
    }
    body["error"]["problems"] = std::move(problems);
    response.body = body.dump();
  }
  return response;
}

void RegisterUnregisteredRoutes(Router& router, ApiContext& context) {
  constexpr auto kRead = app::Action::kReadUnregisteredServices;
  constexpr auto kRecord = app::Action::kRecordUnregisteredServices;
  constexpr auto kApprove = app::Action::kApproveUnregisteredServices;
  router.Add(Method::kGet, "/api/v1/unregistered-services", kRead, [&context](const Request& request) {
    return Handle(request, context, kRead, kNothing, [&](Call& in) {
      int limit = 0;
      int offset = 0;
      if (!ReadPaging(request, limit, offset)) {
        return ErrorResponse(400, "invalid_pagination", "error.invalid_pagination", request.language,
                             request.request_id);
      }
      return Answer(request, context.services.unregistered_services().List(in.caller.principal, limit, offset),
                    [&](const app::UnregisteredServicePage& page) {
                      json items = json::array();
                      for (const auto& view : page.items) {
                        items.push_back(UnregisteredSummaryToJson(view));
                      }
                      return json{{"items", items}, {"total", page.total}, {"limit", limit}, {"offset", offset}};
                    });
    });
  });
  router.Add(Method::kPost, "/api/v1/unregistered-services", kRecord, [&context](const Request& request) {
    return Handle(request, context, kRecord, kBody, [&](Call& in) {
      app::UnregisteredServiceInput input;
      if (auto problem = ReadUnregisteredInput(in.body, input, true, false)) {
        return Refused(request, *problem);
      }
      return Answer(request, context.services.unregistered_services().Create(in.caller.principal, input),
                    UnregisteredViewToJson, 201);
    });
  });
  router.Add(Method::kGet, "/api/v1/unregistered-services/{id}", kRead, [&context](const Request& request) {
    return Handle(request, context, kRead, kId, [&](Call& in) {
      return Answer(
          request,
          context.services.unregistered_services().Get(in.caller.principal, domain::UnregisteredServiceId(in.id)),
          UnregisteredViewToJson);
    });
  });
  router.Add(Method::kPut, "/api/v1/unregistered-services/{id}", kRecord, [&context](const Request& request) {
    return Handle(request, context, kRecord, kId | kBody, [&](Call& in) {
      app::UnregisteredServiceInput input;
      std::int64_t version = 0;
      if (auto problem = ReadUnregisteredInput(in.body, input, false, true)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      return Answer(request,
                    context.services.unregistered_services().UpdateDraft(
                        in.caller.principal, domain::UnregisteredServiceId(in.id), version, input),
                    UnregisteredViewToJson);
    });
  });
  router.Add(Method::kPost, "/api/v1/unregistered-services/{id}/submit", kRecord, [&context](const Request& request) {
    return Handle(request, context, kRecord, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      if (auto problem = RejectUnknown(in.body, {"version"})) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      return SubmitAnswer(request, context, in.caller.principal, domain::UnregisteredServiceId(in.id), version);
    });
  });
  router.Add(Method::kPost, "/api/v1/unregistered-services/{id}/approve", kApprove, [&context](const Request& request) {
    return Handle(request, context, kApprove, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      if (auto problem = RejectUnknown(in.body, {"version"})) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      return Answer(request,
                    context.services.unregistered_services().Approve(in.caller.principal,
                                                                     domain::UnregisteredServiceId(in.id), version),
                    UnregisteredViewToJson);
    });
  });
  router.Add(Method::kPost, "/api/v1/unregistered-services/{id}/return", kApprove, [&context](const Request& request) {
    return Handle(request, context, kApprove, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      if (auto problem = RejectUnknown(in.body, {"version", "reason"})) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      if (!in.body.contains("reason")) {
        return Refused(request, FieldProblem{"field_missing", "/reason"});
      }
      if (!in.body["reason"].is_string()) {
        return Refused(request, FieldProblem{"field_type", "/reason"});
      }
      return Answer(
          request,
          context.services.unregistered_services().Return(in.caller.principal, domain::UnregisteredServiceId(in.id),
                                                          version, in.body["reason"].get<std::string>()),
          UnregisteredViewToJson);
    });
  });
}

}  // namespace

void RegisterMeasureAndUnregisteredRoutes(Router& router, ApiContext& context) {
  RegisterMeasureRoutes(router, context);
  RegisterUnregisteredRoutes(router, context);
}

}  // namespace ismap::http::api
