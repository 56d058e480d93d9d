// /api/v1/services: the public cloud service list (クラウドサービスリスト) as it stands on a date, as
// JSON or CSV, and one service's public line; a provider's services, their statements (言明書) and
// the disclosure grants through which agencies read the restricted annex (issue 7). Every change
// names the version it was read at; a stale one is 409 and changes nothing.
#include <nlohmann/json.hpp>

#include "app/public_service_query.hpp"
#include "http/api/cloud_service_routes.hpp"
#include "http/api/downloads.hpp"

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

json Items(const auto& values, auto to_json) {
  json items = json::array();
  for (const auto& v : values) {
    items.push_back(to_json(v));
  }
  return json{{"items", items}};
}

json StatementJson(const app::StatementView& view) { return StatementViewToJson(view); }

void RegisterPublicRoutes(Router& router, ApiContext& context) {
  // The public list, filtered, sorted and paged by the parameters of app/public_service_query.hpp;
  // ?format=csv|xlsx exports every matching line. An unknown parameter is 400 unknown_parameter
  // and a bad value 400 invalid_parameter, each with its parameter as the pointer.
  router.Add(Method::kGet, "/api/v1/services", app::Action::kReadPublic, [&context](const Request& request) {
    auto caller = Identify(request, context);
    if (!caller) {
      return ErrorResponse(caller.error(), request);
    }
    auto parsed = app::ParsePublicServiceQuery(request.query, {"format", "lang"});
    if (const auto* problem = std::get_if<app::PublicQueryProblem>(&parsed)) {
      return ErrorResponse(400, problem->code, "error." + problem->code, request.language, request.request_id,
                           "/" + problem->parameter);
    }
    auto& query = std::get<app::PublicServiceQuery>(parsed);
    const std::string_view format = request.Query("format").empty() ? "json" : request.Query("format");
    if (format != "json" && format != "csv" && format != "xlsx") {
      return BadParameter(request, "/format");
    }
    if (format != "json") {
      query.page = 1;
      query.per_page = 0;  // an export holds every matching line
    }
    auto page = context.services.cloud_services().SearchPublic(caller->principal, query);
    if (!page) {
      return ErrorResponse(page.error(), request);
    }
    if (format != "json") {
      auto file = TableDownload(PublicServicesTable(page->items), format, "cloud-services",
                                "cloud-services-" + domain::FormatDate(page->on));
      return file ? std::move(*file) : ErrorResponse(file.error(), request);
    }
    json out = Items(page->items, PublicServiceToJson);
    out["on"] = domain::FormatDate(page->on);
    out["total"] = page->total;
    out["page"] = page->page;
    out["per_page"] = page->per_page;
    return Response::Json(200, out.dump());
  });
}

void RegisterServiceRecordRoutes(Router& router, ApiContext& context) {
  constexpr auto kManage = app::Action::kManageCloudServices;
  router.Add(Method::kPost, "/api/v1/services", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kBody, [&](Call& in) {
      domain::CloudService input;
      if (auto problem = ReadService(in.body, input, false)) {
        return Refused(request, *problem);
      }
      auto created = context.services.cloud_services().CreateService(in.caller.principal, std::move(input));
      if (!created) {
        return ErrorResponse(created.error(), request);
      }
      Response response = NoStore(201, ServiceToJson(*created), created->version);
      response.headers.emplace_back("Location", "/api/v1/services/" + std::to_string(created->id.value()) + "/record");
      return response;
    });
  });

  router.Add(Method::kGet, "/api/v1/services/mine", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kNothing, [&](Call& in) {
      return Answer(request, context.services.cloud_services().ListOwnServices(in.caller.principal),
                    [](const auto& services) { return Items(services, ServiceToJson); });
    });
  });

  // The service's non-public record: statements, applications, engagements, grants.
  router.Add(Method::kGet, "/api/v1/services/{id}/record", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kId, [&](Call& in) {
                 auto view =
                     context.services.cloud_services().GetService(in.caller.principal, domain::ServiceId(in.id));
                 if (!view) {
                   return ErrorResponse(view.error(), request);
                 }
                 return NoStore(200, ServiceViewToJson(*view), view->service.version);
               });
             });

  router.Add(Method::kPut, "/api/v1/services/{id}", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      domain::CloudService input;
      if (auto problem = ReadService(in.body, input, true)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      auto updated = context.services.cloud_services().UpdateService(in.caller.principal, domain::ServiceId(in.id),
                                                                     version, std::move(input));
      if (!updated) {
        return ErrorResponse(updated.error(), request);
      }
      return NoStore(200, ServiceToJson(*updated), updated->version);
    });
  });
}

void RegisterStatementRoutes(Router& router, ApiContext& context) {
  constexpr auto kManage = app::Action::kManageCloudServices;
  // {"edition": key}: a new draft of the next revision on that edition of the criteria.
  router.Add(Method::kPost, "/api/v1/services/{id}/statements", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
      if (auto problem = RejectUnknown(in.body, {"edition"})) {
        return Refused(request, *problem);
      }
      const auto edition = StringField(in.body, "edition");
      if (!edition) {
        return Refused(request, {in.body.contains("edition") ? "field_type" : "field_missing", "/edition"});
      }
      auto view =
          context.services.cloud_services().StartStatement(in.caller.principal, domain::ServiceId(in.id), *edition);
      if (!view) {
        return ErrorResponse(view.error(), request);
      }
      Response response = NoStore(201, StatementViewToJson(*view), view->statement.version);
      response.headers.emplace_back("Location", "/api/v1/statements/" + std::to_string(view->statement.id.value()));
      return response;
    });
  });

  // The statement with its annex: the provider, reviewers, the committee, engaged audit bodies and
  // agencies with an active grant (each read outside the provider is a ledger event).
  router.Add(Method::kGet, "/api/v1/statements/{id}", app::Action::kReadCloudServiceRecord,
             [&context](const Request& request) {
               return Handle(request, context, app::Action::kReadCloudServiceRecord, kId, [&](Call& in) {
                 auto view =
                     context.services.cloud_services().GetStatement(in.caller.principal, domain::StatementId(in.id));
                 if (!view) {
                   return ErrorResponse(view.error(), request);
                 }
                 return NoStore(200, StatementViewToJson(*view), view->statement.version);
               });
             });

  // Header fields present replace the stored ones; entries replace those of the same controls (all
  // of them with "replace_all_entries": true). An audit period over a year is refused here already.
  router.Add(Method::kPatch, "/api/v1/statements/{id}", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      app::StatementEdit edit;
      if (auto problem = ReadStatementEdit(in.body, edit)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      if (edit.period) {
        if (auto checked = domain::CheckAuditPeriod(*edit.period); !checked) {
          return ErrorResponse(400, checked.error().reason, checked.error().reason, request.language,
                               request.request_id, "/audit_period/last");
        }
      }
      auto view = context.services.cloud_services().EditStatement(in.caller.principal, domain::StatementId(in.id),
                                                                  version, edit);
      if (!view) {
        return ErrorResponse(view.error(), request);
      }
      return NoStore(200, StatementViewToJson(*view), view->statement.version);
    });
  });

  router.Add(Method::kPost, "/api/v1/statements/{id}/submit", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
      std::int64_t version = 0;
      if (auto problem = RejectUnknown(in.body, {"version"})) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadVersion(in.body, version)) {
        return Refused(request, *problem);
      }
      return Answer(
          request,
          context.services.cloud_services().SubmitStatement(in.caller.principal, domain::StatementId(in.id), version),
          StatementJson);
    });
  });
}

void RegisterGrantRoutes(Router& router, ApiContext& context) {
  constexpr auto kManage = app::Action::kManageCloudServices;
  // {"agency": organisation id, "from", "until"}: the agency reads the annex in that period.
  router.Add(Method::kPost, "/api/v1/services/{id}/grants", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId | kBody, [&](Call& in) {
      if (auto problem = RejectUnknown(in.body, {"agency", "from", "until"})) {
        return Refused(request, *problem);
      }
      std::int64_t agency = 0;
      domain::Date from;
      domain::Date until;
      if (auto problem = ReadId(in.body, "agency", agency)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadDate(in.body, "from", "", from)) {
        return Refused(request, *problem);
      }
      if (auto problem = ReadDate(in.body, "until", "", until)) {
        return Refused(request, *problem);
      }
      return Answer(request,
                    context.services.cloud_services().GrantDisclosure(in.caller.principal, domain::ServiceId(in.id),
                                                                      domain::OrganizationId(agency), from, until),
                    GrantToJson, 201);
    });
  });

  router.Add(Method::kPost, "/api/v1/grants/{id}/revoke", kManage, [&context](const Request& request) {
    return Handle(request, context, app::Action::kManageCloudServices, kId, [&](Call& in) {
      return Answer(
          request, context.services.cloud_services().RevokeGrant(in.caller.principal, domain::DisclosureGrantId(in.id)),
          GrantToJson);
    });
  });

  router.Add(Method::kGet, "/api/v1/grants/mine", app::Action::kReadOwnGrants, [&context](const Request& request) {
    return Handle(request, context, app::Action::kReadOwnGrants, kNothing, [&](Call& in) {
      return Answer(request, context.services.cloud_services().ListOwnGrants(in.caller.principal),
                    [](const auto& grants) { return Items(grants, GrantViewToJson); });
    });
  });
}

}  // namespace

void RegisterCloudServiceRoutes(Router& router, ApiContext& context) {
  RegisterPublicRoutes(router, context);
  RegisterPublicServiceRoute(router, context);
  RegisterServiceRecordRoutes(router, context);
  RegisterStatementRoutes(router, context);
  RegisterGrantRoutes(router, context);
}

}  // namespace ismap::http::api
