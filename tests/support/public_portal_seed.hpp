// Registered cloud services and audit bodies written straight into storage for the public portal's
// tests (the service's public record, programme statistics) on every layer: a service with a
// submitted statement on the small edition, the audit body's issued report on it, its registration
// and the registration's ledger events and status history, each at the clock's time. The statement
// carries recognisable texts that no public answer may contain.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/ledger.hpp"
#include "core/clock.hpp"
#include "domain/application.hpp"
#include "domain/date.hpp"
#include "domain/statement.hpp"
#include "storage/database.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/small_edition.hpp"

namespace ismap::testing {

// Texts of the statement and of decisions that stay restricted.
inline constexpr char kSecretImplementation[] = "鍵は第九データセンターのHSM-ZETA-9に保管";
inline constexpr char kSecretReason[] = "経営判断ZETA-REASON-77";
inline constexpr char kSecretOverview[] = "内部構成ZETA-OVERVIEW";

struct SeededService {
  domain::ServiceId service;
  domain::StatementId statement;
  domain::RegistrationId registration;
};

// What a seeded service is, beyond its name and track (the defaults: a SaaS in 東京 whose statement
// adopts 3.1.1, 5.1.1 and 5.1.1.2 of the five items).
struct ServiceShape {
  domain::ServiceModel model = domain::ServiceModel::kSaas;
  std::vector<std::string> regions = {"東京"};
  std::optional<std::vector<domain::StatementEntry>> entries;
};

class PortalSeeder {
 public:
  PortalSeeder(storage::Database& db, core::ManualClock& clock) : db_(db), clock_(clock), manual_(&clock) {}
  // Without a manual clock: everything happens now (AdvanceDays is not available).
  PortalSeeder(storage::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // The small edition (SmallIsmapEdition), once.
  domain::EditionId Edition() {
    if (edition_) {
      return *edition_;
    }
    auto uow = Write();
    auto stored = uow->Catalog().InsertEdition(SmallIsmapEdition("portal-small"), clock_.Now());
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT(uow->Commit(), IsOk());
    edition_ = stored->id;
    return *edition_;
  }

  domain::OrganizationId Organization(domain::OrganizationKind kind, const std::string& ja, const std::string& en) {
    auto uow = Write();
    auto org = uow->Organizations().Insert({kind, ja, en, std::nullopt}, clock_.Now());
    EXPECT_THAT(org, IsOk());
    EXPECT_THAT(uow->Commit(), IsOk());
    return org->id;
  }

  // A service of `provider` on `track`, registered today (the clock's day in Japan), valid through
  // `valid_until`, shaped by `shape` and audited by `audit_body`; the registration.created event
  // recorded now.
  SeededService RegisteredService(domain::OrganizationId provider, domain::OrganizationId audit_body,
                                  const std::string& name, domain::Track track, const domain::Date& valid_until,
                                  const ServiceShape& shape = {}) {
    const domain::EditionId edition = Edition();  // before the write below: it writes on its own
    auto uow = Write();
    const auto [service, statement] = InsertServiceAndStatement(*uow, edition, provider, name, track, shape);
    auto stored = uow->Services().Get(service);
    EXPECT_THAT(stored, IsOk());
    domain::Engagement engagement;
    engagement.service = stored->id;
    engagement.provider = provider;
    engagement.audit_body = audit_body;
    engagement.statement = statement;
    engagement.state = domain::EngagementState::kReportIssued;
    engagement.report_issued_on = Today();
    engagement.created_at = clock_.Now();
    EXPECT_THAT(uow->Engagements().Insert(engagement), IsOk());
    const domain::Registration registration =
        InsertRegistration(*uow, domain::ApplicationKind::kCloudService, provider, valid_until);
    domain::CloudService registered = *stored;
    registered.registration_id = registration.id;
    registered.registered_statement = statement;
    registered.version = stored->version + 1;
    EXPECT_THAT(uow->Services().Update(registered, stored->version), IsOk());
    EXPECT_THAT(uow->Commit(), IsOk());
    return {service, statement, registration.id};
  }

  // A service of `provider` whose first application is in `state` (under way: submitted to
  // committee), applying with a submitted statement shaped by `shape`; not registered.
  SeededService ApplyingService(domain::OrganizationId provider, const std::string& name, domain::Track track,
                                domain::ApplicationState state, const ServiceShape& shape = {}) {
    const domain::EditionId edition = Edition();  // before the write below: it writes on its own
    auto uow = Write();
    const auto [service, statement] = InsertServiceAndStatement(*uow, edition, provider, name, track, shape);
    auto application = domain::NewApplication(domain::ApplicationKind::kCloudService, domain::ApplicationPurpose::kNew,
                                              provider, std::nullopt, clock_.Now());
    EXPECT_THAT(application, IsOk());
    application->state = state;
    auto stored = uow->Applications().Insert(*application, clock_.Now());
    EXPECT_THAT(stored, IsOk());
    domain::ServiceApplicationContent content;
    content.service = service;
    content.statement = statement;
    EXPECT_THAT(uow->ServiceApplications().PutContent(stored->id, content), IsOk());
    EXPECT_THAT(uow->Commit(), IsOk());
    return {service, statement, {}};
  }

  // An audit body's registration, registered today, valid through `valid_until`.
  domain::RegistrationId RegisteredAuditBody(domain::OrganizationId holder, const domain::Date& valid_until) {
    auto uow = Write();
    const auto registration = InsertRegistration(*uow, domain::ApplicationKind::kAuditBody, holder, valid_until);
    EXPECT_THAT(uow->Commit(), IsOk());
    return registration.id;
  }

  // A decision on the registration today: its state becomes `state` (the history too) and its
  // validity `valid_until` when given; the ledger event "registration.<suffix>" with a reason.
  void Decide(domain::RegistrationId id, const std::string& suffix, domain::RegistrationState state,
              std::optional<domain::Date> valid_until = std::nullopt) {
    auto uow = Write();
    auto registration = uow->Registrations().Get(id);
    ASSERT_THAT(registration, IsOk());
    domain::Registration next = *registration;
    next.state = state;
    if (valid_until) {
      next.valid_until = *valid_until;
    }
    next.version = registration->version + 1;
    ASSERT_THAT(uow->Registrations().Update(next, registration->version, Today()), IsOk());
    ASSERT_THAT(Record(*uow, suffix, next, {{"reason", kSecretReason}, {"meeting", 1}}), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  // A ledger event about the registration that is not public (a renewal filed).
  void RecordPrivate(domain::RegistrationId id, const std::string& type) {
    auto uow = Write();
    ASSERT_THAT(app::RecordEvent(*uow, clock_, "system", std::nullopt, type, app::RegistrationSubject(id),
                                 nlohmann::json{{"reason", kSecretReason}}.dump()),
                IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  domain::Date Today() const { return domain::JapanDate(clock_.Now()); }
  void AdvanceDays(int days) {
    ASSERT_NE(manual_, nullptr);
    manual_->Advance(std::chrono::hours(24 * days));
  }

 private:
  // The service and its submitted statement on the small edition (the statement's texts secret).
  std::pair<domain::ServiceId, domain::StatementId> InsertServiceAndStatement(
      storage::UnitOfWork& uow, domain::EditionId edition, domain::OrganizationId provider, const std::string& name,
      domain::Track track, const ServiceShape& shape) {
    domain::CloudService service;
    service.provider = provider;
    service.name_ja = name;
    service.name_en = name + " (en)";
    service.description = "説明";
    service.model = shape.model;
    service.regions = shape.regions;
    service.track = track;
    auto stored = uow.Services().Insert(service, clock_.Now());
    EXPECT_THAT(stored, IsOk());
    domain::Statement statement;
    statement.service = stored->id;
    statement.provider = provider;
    statement.edition = edition;
    statement.state = domain::StatementState::kSubmitted;
    statement.scope = name + " の本番環境";
    statement.system_overview = kSecretOverview;
    statement.representative = "代表取締役";
    statement.period = {domain::AddDays(Today(), -200), domain::AddDays(Today(), -20)};
    statement.entries = {{"3.1.1", true, "", kSecretImplementation},
                         {"5.1.1", true, "", kSecretImplementation},
                         {"5.1.1.1", false, kSecretReason, ""},
                         {"5.1.1.2", true, "", kSecretImplementation},
                         {"5.1.2", false, kSecretReason, ""}};
    if (shape.entries) {
      statement.entries = *shape.entries;
    }
    statement.updated_at = clock_.Now();
    statement.submitted_at = clock_.Now();
    auto written = uow.Statements().Insert(statement);
    EXPECT_THAT(written, IsOk());
    return {stored->id, written->id};
  }

  std::unique_ptr<storage::UnitOfWork> Write() {
    auto uow = db_.Begin(storage::TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return std::move(*uow);
  }

  core::Result<void> Record(storage::UnitOfWork& uow, const std::string& suffix, const domain::Registration& r,
                            nlohmann::json payload) {
    payload["number"] = r.number;
    payload["state"] = domain::ToString(r.state);
    payload["registered_on"] = domain::FormatDate(r.registered_on);
    payload["valid_until"] = domain::FormatDate(r.valid_until);
    return app::RecordEvent(uow, clock_, "user:1", std::nullopt, "registration." + suffix,
                            app::RegistrationSubject(r.id), payload.dump());
  }

  domain::Registration InsertRegistration(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                          domain::OrganizationId holder, const domain::Date& valid_until) {
    domain::Registration registration;
    registration.register_kind = kind;
    registration.holder = holder;
    registration.number =
        std::string(kind == domain::ApplicationKind::kAuditBody ? "A" : "C") + "-" + std::to_string(++serial_);
    registration.registered_on = Today();
    registration.valid_until = valid_until;
    auto stored = uow.Registrations().Insert(registration, clock_.Now());
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT(Record(uow, "created", *stored, {{"reason", kSecretReason}, {"application", 1}}), IsOk());
    return *stored;
  }

  storage::Database& db_;
  const core::Clock& clock_;
  core::ManualClock* manual_ = nullptr;
  std::optional<domain::EditionId> edition_;
  int serial_ = 0;
};

}  // namespace ismap::testing
