// Every endpoint × every role × own/other organisation against the one policy (app::Authorize).
// The test walks the router's own list of routes, so an endpoint added later is covered at once,
// and one whose action has no policy entry fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "app/identity.hpp"
#include "app/users.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "policy test password 1234";

struct Caller {
  std::string name;  // "public", "operator", or a role
  app::Principal principal;
  std::string headers;  // how it proves who it is
};

class PolicyTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    // Two organisations of every kind ("own" and "other"), and in each a user holding every role
    // its kind allows; the first of them is the caller for that role.
    for (const auto kind : {domain::OrganizationKind::kCsp, domain::OrganizationKind::kAuditBody,
                            domain::OrganizationKind::kAgency, domain::OrganizationKind::kOperationsSupportBody,
                            domain::OrganizationKind::kAuditBodyEvaluator, domain::OrganizationKind::kCommittee,
                            domain::OrganizationKind::kSecretariat, domain::OrganizationKind::kSystem}) {
      for (const char* which : {"own", "other"}) {
        const std::string name = std::string(domain::ToString(kind)) + "-" + which;
        auto org = services_->CreateOrganization(
            app::Principal::Operator(),
            {kind, name, name,
             domain::RequiresCorporateNumber(kind) ? std::optional<std::string>(NextNumber()) : std::nullopt});
        ASSERT_TRUE(org.has_value()) << org.error().message;
        orgs_[{kind, which}] = org->id;
      }
    }
    for (const auto role : domain::AllRoles()) {
      const auto kind = domain::KindOfRole(role);
      for (const char* which : {"own", "other"}) {
        const std::string email = std::string(domain::ToString(role)) + "-" + which + "@policy.example";
        auto user =
            services_->CreateUser(app::Principal::Operator(), {orgs_[{kind, which}], email, email, {role}}, kPassword);
        ASSERT_TRUE(user.has_value()) << user.error().message;
        users_[{role, which}] = user->user;
      }
    }
  }

  std::string NextNumber() { return CorporateNumber(numbers_++); }

  // A fresh session for the role's "own" user (log-out routes end sessions, so never reuse one).
  Caller LogInAs(domain::Role role) {
    const domain::User& user = users_[{role, "own"}];
    auto grant = services_->LogIn(user.email, kPassword, "203.0.113.1");
    EXPECT_TRUE(grant.has_value());
    auto who = services_->Resolve(grant->token);
    EXPECT_TRUE(who.has_value());
    return {std::string(domain::ToString(role)), who->principal,
            "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n"};
  }

  std::map<std::pair<domain::OrganizationKind, std::string>, domain::OrganizationId> orgs_;
  std::map<std::pair<domain::Role, std::string>, domain::User> users_;
  int numbers_ = 0;
};

bool IsDenial(const HttpResponse& r) {
  return r.status == 401 || r.status == 403 || (r.status == 303 && r.Header("location").rfind("/login", 0) == 0);
}

TEST_F(PolicyTest, EveryEndpointHasAPolicyEntry) {
  for (const auto& route : router_.Routes()) {
    EXPECT_NE(app::ToString(route.action), "unknown") << route.pattern;
  }
}

TEST_F(PolicyTest, EveryRoleOnEveryEndpointGetsWhatThePolicySays) {
  std::vector<std::function<Caller()>> callers = {
      [] {
        return Caller{"public", app::Principal::Public(), ""};
      },
      [] {
        return Caller{"operator", app::Principal::Operator(),
                      std::string("Authorization: Bearer ") + kOperatorToken + "\r\n"};
      },
  };
  for (const auto role : domain::AllRoles()) {
    callers.push_back([this, role] { return LogInAs(role); });
  }
  int checked = 0;
  for (const auto& route : router_.Routes()) {
    if (route.pattern.rfind("/test/", 0) == 0) {
      continue;  // the fixture's own test routes
    }
    // The login steps answer for the session's stage, not for a role: their own tests cover them.
    if (route.action == app::Action::kLogIn) {
      continue;
    }
    for (const auto& make_caller : callers) {
      for (const char* which : {"own", "other"}) {
        const Caller caller = make_caller();
        // The organisation and user the path names: the caller's own, or another of the same kind.
        const auto kind = caller.principal.user ? caller.principal.organization_kind : domain::OrganizationKind::kCsp;
        const auto org = orgs_[{kind, which}];
        const domain::Role target_role =
            caller.principal.user ? caller.principal.user->roles.front() : domain::Role::kCspMember;
        const domain::User& target = users_[{target_role, which}];
        std::string path = route.pattern;
        std::optional<domain::OrganizationId> resource;
        if (const auto at = path.find("{id}"); at != std::string::npos) {
          const bool user_path = path.rfind("/api/v1/users/", 0) == 0;
          path.replace(at, 4, std::to_string(user_path ? target.id.value() : org.value()));
          // Only organisation and user paths name an organisation the policy looks at; other ids
          // (applications, meetings, documents) name no row here, so the coarse check decides.
          if (user_path || path.rfind("/api/v1/organizations/", 0) == 0 ||
              path.rfind("/admin/organizations/", 0) == 0) {
            resource = user_path ? target.organization_id : org;
          }
        }
        const bool allowed = app::Authorize(caller.principal, route.action, app::Resource{resource}).has_value();
        const std::string method(http::ToString(route.method));
        auto response = Fetch(port_, method, path, caller.headers + "Content-Type: application/json\r\n",
                              method == "GET" || method == "DELETE" ? "" : "{}");
        ASSERT_TRUE(response) << method << " " << path;
        EXPECT_EQ(IsDenial(*response), !allowed) << caller.name << " (" << which << ") " << method << " " << path
                                                 << " -> " << response->status << " " << response->body.substr(0, 200);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace ismap::testing
