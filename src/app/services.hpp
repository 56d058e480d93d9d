// The application as front ends (HTTP API, pages, CLI) see it: every use case, bound to the
// database, clock and identity settings of this process. Front ends never touch storage.
// Thread-safe: each call opens its own units of work.
#pragma once

#include "app/api_tokens.hpp"
#include "app/audit_body_views.hpp"
#include "app/authorization.hpp"
#include "app/changes.hpp"
#include "app/cloud_services.hpp"
#include "app/committee.hpp"
#include "app/committee_members.hpp"
#include "app/criteria.hpp"
#include "app/criteria_files.hpp"
#include "app/documents.hpp"
#include "app/feedback.hpp"
#include "app/identity.hpp"
#include "app/notifications.hpp"
#include "app/operations_report.hpp"
#include "app/organizations.hpp"
#include "app/portal_statistics.hpp"
#include "app/procurement.hpp"
#include "app/public_service_detail.hpp"
#include "app/requirement_sets.hpp"
#include "app/system.hpp"
#include "app/transitional_measures.hpp"
#include "app/unregistered_services.hpp"
#include "app/users.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace ismap::storage {
class Database;
}  // namespace ismap::storage

namespace ismap::app {

class Services {
 public:
  Services(storage::Database& db, const core::Clock& clock, IdentitySettings identity = {},
           DocumentSettings documents = {}, AuditBodySettings audit_bodies = {})
      : db_(db),
        clock_(clock),
        identity_(identity),
        documents_(std::move(documents)),
        audit_bodies_(std::move(audit_bodies)),
        cloud_services_(db, clock, audit_bodies_.cloud_services),
        procurement_(db, clock, cloud_services_),
        transitional_measures_(db, clock),
        unregistered_services_(db, clock) {
    RegisterAuditBodyDocumentReaders(document_readers_);
    CloudServices::RegisterDocumentReaders(document_readers_);
  }

  const IdentitySettings& identity() const { return identity_; }
  const DocumentSettings& document_settings() const { return documents_; }
  const AuditBodySettings& audit_body_settings() const { return audit_bodies_; }
  // The cloud service register (app/cloud_services.hpp): services, statements, engagements,
  // applications, grants and the public list.
  CloudServices& cloud_services() { return cloud_services_; }
  // Agencies' requirement profiles and procurement checks (app/procurement.hpp; issue 9).
  Procurement& procurement() { return procurement_; }
  // Transitional measures (app/transitional_measures.hpp): the secretariat's periods of relaxed rules.
  TransitionalMeasures& transitional_measures() { return transitional_measures_; }
  // Agencies' unregistered-service confirmations (app/unregistered_services.hpp).
  UnregisteredServices& unregistered_services() { return unregistered_services_; }
  // Feedback threads between agencies and the operators (app/feedback.hpp; issue 9).
  FeedbackService feedback() { return FeedbackService(db_, clock_); }
  // Workflows register who may read their subjects' documents here while the program starts.
  DocumentReaders& document_readers() { return document_readers_; }

  // Organisations.
  core::Result<domain::Organization> CreateOrganization(const Principal& principal,
                                                        const domain::NewOrganization& input) {
    return app::CreateOrganization(db_, clock_, principal, input);
  }
  core::Result<domain::Organization> GetOrganization(const Principal& principal, domain::OrganizationId id) {
    return app::GetOrganization(db_, principal, id);
  }
  core::Result<OrganizationPage> ListOrganizations(const Principal& principal, int limit, int offset) {
    return app::ListOrganizations(db_, principal, limit, offset);
  }

  // Sessions.
  core::Result<SessionGrant> LogIn(const std::string& email, const std::string& password, const std::string& address) {
    return LogInWithPassword(db_, clock_, identity_, email, password, address);
  }
  core::Result<SessionGrant> SecondFactor(const std::string& token, const std::string& code) {
    return VerifySecondFactor(db_, clock_, identity_, token, code);
  }
  core::Result<TotpEnrolment> BeginEnrolment(const std::string& token) {
    return BeginTotpEnrolment(db_, clock_, identity_, token);
  }
  core::Result<EnrolmentResult> ConfirmEnrolment(const std::string& token, const std::string& code) {
    return ConfirmTotpEnrolment(db_, clock_, identity_, token, code);
  }
  core::Result<Authenticated> Resolve(const std::string& token) {
    return ResolveSession(db_, clock_, identity_, token);
  }
  core::Result<SessionGrant> DemoLogIn(domain::Role role) { return app::DemoLogIn(db_, clock_, role); }
  core::Result<domain::Session> LiveSession(const std::string& token) {
    return FindLiveSession(db_, clock_, identity_, token);
  }
  core::Result<void> LogOut(const std::string& token) { return app::LogOut(db_, clock_, token); }
  core::Result<std::int64_t> LogOutEverywhere(const Principal& principal) {
    return app::LogOutEverywhere(db_, clock_, principal);
  }

  // Users.
  core::Result<CreatedUser> CreateUser(const Principal& principal, domain::NewUser user, const std::string& password) {
    return app::CreateUser(db_, clock_, identity_, principal, std::move(user), password);
  }
  core::Result<std::vector<domain::User>> ListUsers(const Principal& principal,
                                                    std::optional<domain::OrganizationId> organization, int limit,
                                                    int offset) {
    return app::ListUsers(db_, principal, organization, limit, offset);
  }
  core::Result<void> ResetUserMfa(const Principal& principal, domain::UserId id) {
    return app::ResetUserMfa(db_, clock_, principal, id);
  }
  core::Result<void> AuthorizeOnUser(const Principal& principal, Action action, domain::UserId id) {
    return app::AuthorizeOnUser(db_, principal, action, id);
  }
  core::Result<domain::User> ChangeUserRoles(const Principal& principal, domain::UserId id,
                                             const std::vector<domain::Role>& roles) {
    return app::ChangeUserRoles(db_, clock_, principal, id, roles);
  }

  // API tokens.
  core::Result<CreatedApiToken> CreateApiToken(const Principal& principal, const std::string& name,
                                               const std::vector<std::string>& scopes, int days) {
    return app::CreateApiToken(db_, clock_, principal, name, scopes, days);
  }
  core::Result<std::vector<domain::ApiToken>> ListApiTokens(const Principal& principal) {
    return app::ListApiTokens(db_, principal);
  }
  core::Result<void> RevokeApiToken(const Principal& principal, domain::ApiTokenId id) {
    return app::RevokeApiToken(db_, clock_, principal, id);
  }
  core::Result<Principal> ResolveApiToken(const std::string& token) { return app::ResolveApiToken(db_, clock_, token); }

  // Control criteria and other catalogs.
  core::Result<std::vector<domain::Edition>> ListEditions(const Principal& principal) {
    return app::ListEditions(db_, principal);
  }
  core::Result<domain::EditionContent> ReadEdition(const Principal& principal, const std::string& key) {
    return app::ReadEdition(db_, principal, key);
  }
  core::Result<ControlPage> ReadControl(const Principal& principal, const std::string& key,
                                        const std::string& control_id) {
    return app::ReadControl(db_, principal, key, control_id);
  }
  core::Result<std::vector<storage::ControlHit>> SearchControls(const Principal& principal,
                                                                const std::optional<std::string>& key,
                                                                const std::string& text, int limit, int offset) {
    return app::SearchControls(db_, principal, key, text, limit, offset);
  }
  core::Result<domain::EditionDiff> DiffEditions(const Principal& principal, const std::string& before,
                                                 const std::string& after) {
    return app::DiffEditions(db_, principal, before, after);
  }
  core::Result<std::vector<domain::Baseline>> ListBaselines(const Principal& principal,
                                                            const std::optional<std::string>& edition) {
    return app::ListBaselines(db_, principal, edition);
  }
  core::Result<domain::BaselineContent> ReadBaseline(const Principal& principal, const std::string& key) {
    return app::ReadBaseline(db_, principal, key);
  }
  core::Result<std::string> ExportEdition(const Principal& principal, const std::string& key, ExportFormat format,
                                          const std::string& language) {
    return app::ExportEdition(db_, clock_, principal, key, format, language);
  }
  core::Result<std::string> ExportBaseline(const Principal& principal, const std::string& key,
                                           const std::string& language) {
    return app::ExportBaseline(db_, clock_, principal, key, language);
  }
  core::Result<FileImportResult> ImportCriteriaFile(const Principal& principal, const std::string& path,
                                                    const FileImportOptions& options) {
    return app::ImportCriteriaFile(db_, clock_, principal, path, options);
  }

  // Documents (app/documents.hpp).
  core::Result<domain::Document> UploadDocument(const Principal& principal, const DocumentUpload& upload) {
    return app::UploadDocument(db_, clock_, principal, documents_, upload);
  }
  core::Result<domain::Document> GetDocument(const Principal& principal, domain::DocumentId id) {
    return app::GetDocument(db_, principal, document_readers_, id);
  }
  core::Result<DocumentContent> DownloadDocument(const Principal& principal, domain::DocumentId id) {
    return app::DownloadDocument(db_, clock_, principal, document_readers_, id);
  }

  // Notifications (app/notifications.hpp).
  core::Result<Inbox> ListInbox(const Principal& principal, int limit, int offset) {
    return app::ListInbox(db_, principal, limit, offset);
  }
  core::Result<std::int64_t> CountUnreadNotifications(const Principal& principal) {
    return app::CountUnread(db_, principal);
  }
  core::Result<void> MarkNotificationRead(const Principal& principal, domain::NotificationId id) {
    return app::MarkNotificationRead(db_, clock_, principal, id);
  }

  // Audit-body applications (app/audit_bodies.hpp), under the rules in force.
  core::Result<AuditBodyApplicationView> CreateAuditBodyApplication(const Principal& principal,
                                                                    const AuditBodyApplicationInput& input) {
    return app::CreateAuditBodyApplication(db_, clock_, principal, input);
  }
  core::Result<AuditBodyApplicationView> UpdateAuditBodyDraft(const Principal& principal, domain::ApplicationId id,
                                                              std::int64_t version,
                                                              const storage::AuditBodyDossier& dossier) {
    return app::UpdateAuditBodyDraft(db_, clock_, principal, id, version, dossier);
  }
  core::Result<AuditBodyApplicationView> GetAuditBodyApplication(const Principal& principal, domain::ApplicationId id) {
    return app::GetAuditBodyApplication(db_, principal, id);
  }
  core::Result<AuditBodyApplicationView> SubmitAuditBodyApplication(const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version) {
    return app::SubmitAuditBodyApplication(db_, clock_, audit_bodies_, principal, id, version);
  }
  core::Result<AuditBodyApplicationView> ResubmitAuditBodyApplication(const Principal& principal,
                                                                      domain::ApplicationId id, std::int64_t version) {
    return app::ResubmitAuditBodyApplication(db_, clock_, audit_bodies_, principal, id, version);
  }
  core::Result<AuditBodyApplicationView> WithdrawAuditBodyApplication(const Principal& principal,
                                                                      domain::ApplicationId id, std::int64_t version,
                                                                      const std::string& reason) {
    return app::WithdrawAuditBodyApplication(db_, clock_, principal, id, version, reason);
  }
  core::Result<AuditBodyApplicationView> StartAuditBodyEvaluation(const Principal& principal, domain::ApplicationId id,
                                                                  std::int64_t version) {
    return app::StartAuditBodyEvaluation(db_, clock_, principal, id, version);
  }
  core::Result<AuditBodyApplicationView> MarkAuditBodyEvaluationItem(const Principal& principal,
                                                                     domain::ApplicationId id, std::int64_t version,
                                                                     const std::string& item_id,
                                                                     domain::ItemVerdict verdict,
                                                                     const std::string& note) {
    return app::MarkAuditBodyEvaluationItem(db_, clock_, principal, id, version, item_id, verdict, note);
  }
  core::Result<AuditBodyApplicationView> ReturnAuditBodyApplication(const Principal& principal,
                                                                    domain::ApplicationId id, std::int64_t version,
                                                                    const std::string& reason) {
    return app::ReturnAuditBodyApplication(db_, clock_, principal, id, version, reason);
  }
  core::Result<AuditBodyApplicationView> RecommendAuditBodyApplication(const Principal& principal,
                                                                       domain::ApplicationId id, std::int64_t version,
                                                                       domain::RecommendationOutcome outcome,
                                                                       const std::string& note) {
    return app::RecommendAuditBodyApplication(db_, clock_, principal, id, version, outcome, note);
  }
  core::Result<std::vector<domain::Application>> ListOwnAuditBodyApplications(const Principal& principal, int limit,
                                                                              int offset) {
    return app::ListOwnAuditBodyApplications(db_, principal, limit, offset);
  }
  core::Result<std::vector<domain::Application>> AuditBodyApplicationQueue(const Principal& principal, int limit,
                                                                           int offset) {
    return app::AuditBodyApplicationQueue(db_, principal, limit, offset);
  }

  // The steering committee (app/committee.hpp).
  core::Result<domain::Meeting> CreateMeeting(const Principal& principal, const domain::Date& date) {
    return app::CreateMeeting(db_, clock_, principal, date);
  }
  core::Result<domain::Meeting> GetMeeting(const Principal& principal, domain::MeetingId id) {
    return app::GetMeeting(db_, principal, id);
  }
  core::Result<std::vector<domain::Meeting>> ListMeetings(const Principal& principal, int limit, int offset) {
    return app::ListMeetings(db_, principal, limit, offset);
  }
  core::Result<domain::Meeting> AddToAgenda(const Principal& principal, domain::MeetingId meeting,
                                            const domain::AgendaItem& item) {
    return app::AddToAgenda(db_, clock_, principal, meeting, item);
  }
  core::Result<domain::Meeting> RecordAttendance(const Principal& principal, domain::MeetingId meeting,
                                                 const std::vector<domain::UserId>& members_present) {
    return app::RecordAttendance(db_, clock_, principal, meeting, members_present);
  }
  core::Result<DecisionResult> Decide(const Principal& principal, domain::MeetingId meeting,
                                      const domain::AgendaItem& item, domain::DecisionOutcome outcome,
                                      const std::string& reason) {
    return app::Decide(db_, clock_, audit_bodies_, principal, meeting, item, outcome, reason);
  }
  core::Result<int> ExpireRegistrations(const Principal& principal, const domain::Date& today) {
    return app::ExpireRegistrations(db_, clock_, principal, today);
  }
  // The users who sit on the committee (app/committee_members.hpp), for attendance.
  core::Result<std::vector<domain::User>> ListCommitteeMembers(const Principal& principal) {
    return app::ListCommitteeMembers(db_, principal);
  }

  // The evaluator's checklist (app/requirement_sets.hpp): public read, the secretariat publishes.
  core::Result<domain::RequirementSet> CurrentRequirementSet(const Principal& principal) {
    return app::CurrentRequirementSet(db_, principal);
  }
  core::Result<domain::RequirementSet> PublishRequirementSet(const Principal& principal,
                                                             const domain::RequirementSet& set) {
    return app::PublishRequirementSet(db_, clock_, principal, set);
  }

  // The public audit body list as it stood on `on`; today in Japan by default.
  core::Result<std::vector<PublicAuditBody>> ListPublicAuditBodies(const Principal& principal, const domain::Date& on) {
    return app::ListPublicAuditBodies(db_, principal, on);
  }
  core::Result<PublicAuditBodyRecord> GetPublicAuditBody(const Principal& principal, domain::OrganizationId id,
                                                         const domain::Date& on) {
    return app::GetPublicAuditBody(db_, principal, id, on);
  }
  core::Result<std::vector<QueueEntry>> ListAuditBodyQueue(const Principal& principal, int limit, int offset) {
    return app::ListAuditBodyQueue(db_, clock_, audit_bodies_, principal, limit, offset);
  }
  core::Result<std::vector<OwnRegistration>> ListOwnRegistrations(const Principal& principal) {
    return app::ListOwnRegistrations(db_, clock_, audit_bodies_, principal);
  }
  core::Result<AuditBodyMonitoring> MonitorAuditBody(const Principal& principal, domain::OrganizationId id) {
    return app::MonitorAuditBody(db_, clock_, principal, id);
  }
  domain::Date TodayInJapan() const { return domain::JapanDate(clock_.Now()); }

  // The public change feed (app/changes.hpp).
  core::Result<PublicChangePage> ListPublicChanges(const Principal& principal, std::string_view after_cursor,
                                                   int limit) {
    return app::ListPublicChanges(db_, principal, after_cursor, limit);
  }

  // A cloud service's public record as it stood on a day (app/public_service_detail.hpp).
  core::Result<PublicServiceRecord> GetPublicServiceRecord(const Principal& principal, domain::ServiceId id,
                                                           const domain::Date& on) {
    return app::GetPublicServiceRecord(db_, cloud_services_, principal, id, on);
  }
  // The programme statistics as of today in Japan (app/portal_statistics.hpp).
  core::Result<PortalStatistics> ReadPortalStatistics(const Principal& principal) {
    return app::ReadPortalStatistics(db_, principal, TodayInJapan());
  }
  // The operational report for `period` (app/operations_report.hpp), made today in Japan.
  core::Result<OperationsReport> ReadOperationsReport(const Principal& principal, const domain::ReportPeriod& period) {
    return app::ReadOperationsReport(db_, principal, period, TodayInJapan());
  }

  // The installation.
  core::Result<void> CheckReadiness() { return app::CheckReadiness(db_); }
  core::Result<PublicFigures> ReadPublicFigures() { return app::ReadPublicFigures(db_); }

 private:
  storage::Database& db_;
  const core::Clock& clock_;
  IdentitySettings identity_;
  DocumentSettings documents_;
  AuditBodySettings audit_bodies_;
  CloudServices cloud_services_;
  Procurement procurement_;  // after cloud_services_, which it reads
  TransitionalMeasures transitional_measures_;
  UnregisteredServices unregistered_services_;
  DocumentReaders document_readers_;
};

}  // namespace ismap::app
