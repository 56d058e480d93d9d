// Repository interfaces: what the application layer may ask of a database. Backends (sqlite/ now,
// postgres/ next) implement every one; handlers and pages never see SQL, rows or connections.
//
// A UnitOfWork is one transaction. It rolls back in its destructor unless Commit() succeeded, so a
// use case that returns early on an error leaves nothing half-written. A UnitOfWork belongs to one
// thread at a time; a Database is safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "domain/api_token.hpp"
#include "domain/criteria.hpp"
#include "domain/document.hpp"
#include "domain/identity.hpp"
#include "domain/ledger.hpp"
#include "domain/notification.hpp"
#include "domain/organization.hpp"
#include "domain/session.hpp"
#include "storage/feedback_repository.hpp"
#include "storage/measure_repositories.hpp"
#include "storage/procurement_repository.hpp"
#include "storage/service_repositories.hpp"
#include "storage/statistics_repository.hpp"
#include "storage/workflow_repositories.hpp"

namespace ismap::storage {

template <class T>
using Result = core::Result<T>;

// Append and read only: there is no way to change or remove an event (leveldb's log::Writer).
class LedgerRepository {
 public:
  virtual ~LedgerRepository() = default;
  // The last event, locked until the transaction ends so that no other writer (thread, process or
  // instance) can extend the chain meanwhile. REQUIRES: a write transaction.
  virtual Result<std::optional<domain::LedgerHead>> LockHead() = 0;
  // REQUIRES: a write transaction, `event` built by domain::ChainNext from LockHead().
  virtual Result<void> Append(const domain::LedgerEvent& event) = 0;
  // Events with sequence > after_sequence, in order, at most `limit`.
  virtual Result<std::vector<domain::LedgerEvent>> Scan(std::int64_t after_sequence, int limit) = 0;
  // The events about one subject ("application/12"), oldest first, at most `limit` (an index serves it).
  virtual Result<std::vector<domain::LedgerEvent>> ListBySubject(const std::string& subject, int limit) = 0;
  virtual Result<std::int64_t> Count() = 0;
  // The sequence of the newest event of type `type`, 0 when there is none. One index seek
  // (ledger_events_by_type), so it is cheap enough to ask every second.
  virtual Result<std::int64_t> LastSequenceOfType(const std::string& type) = 0;
};

class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // kAlreadyExists when the corporate number is taken.
  virtual Result<domain::Organization> Insert(const domain::NewOrganization& org, core::TimePoint now) = 0;
  virtual Result<domain::Organization> Get(domain::OrganizationId id) = 0;  // kNotFound
  // Those of `ids` that exist, by id, in one query (a page of a list names many organisations).
  virtual Result<std::vector<domain::Organization>> GetMany(const std::vector<domain::OrganizationId>& ids) = 0;
  virtual Result<std::vector<domain::Organization>> List(int limit, int offset) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

// What login needs besides the user: the secrets, which never leave the app layer.
struct UserCredentials {
  domain::User user;
  std::string password_hash;
  std::optional<std::string> totp_secret;  // base32; set at enrolment, before MFA is enabled
  std::int64_t totp_last_step = 0;         // the newest TOTP step accepted (replay protection)
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kAlreadyExists (reason user.duplicate_email) when the address is taken.
  virtual Result<domain::User> Insert(const domain::NewUser& user, const std::string& password_hash,
                                      core::TimePoint now) = 0;
  virtual Result<domain::User> Get(domain::UserId id) = 0;  // kNotFound
  virtual Result<std::optional<UserCredentials>> FindCredentialsByEmail(const std::string& email) = 0;
  virtual Result<UserCredentials> GetCredentials(domain::UserId id) = 0;  // kNotFound
  // All users, or those of one organisation, by id.
  virtual Result<std::vector<domain::User>> List(std::optional<domain::OrganizationId> organization, int limit,
                                                 int offset) = 0;
  // The users who hold `role` and are not disabled, in every organisation or in one, by id: whom a
  // workflow step notifies.
  virtual Result<std::vector<domain::User>> ListWithRole(domain::Role role,
                                                         std::optional<domain::OrganizationId> organization) = 0;
  virtual Result<void> SetPasswordHash(domain::UserId id, const std::string& password_hash) = 0;
  // Stores a new (not yet confirmed) secret and turns MFA off until it is confirmed.
  virtual Result<void> SetPendingTotpSecret(domain::UserId id, const std::string& secret) = 0;
  virtual Result<void> EnableMfa(domain::UserId id) = 0;
  // Removes the TOTP secret and turns MFA off: the user enrols again at the next login.
  virtual Result<void> ClearMfa(domain::UserId id) = 0;
  // Records that TOTP step `step` was used. False when a step at or after it was already used, so a
  // code can be accepted once only, even by two instances at the same moment.
  virtual Result<bool> ClaimTotpStep(domain::UserId id, std::int64_t step) = 0;
  virtual Result<void> SetRoles(domain::UserId id, const std::vector<domain::Role>& roles) = 0;
  virtual Result<void> SetDisabled(domain::UserId id, bool disabled) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<domain::SessionId> Insert(const domain::Session& session) = 0;
  virtual Result<std::optional<domain::Session>> FindByTokenHash(const std::string& token_hash) = 0;
  virtual Result<void> Touch(domain::SessionId id, core::TimePoint now) = 0;
  virtual Result<void> Delete(domain::SessionId id) = 0;
  // Returns how many sessions ended.
  virtual Result<std::int64_t> DeleteAllForUser(domain::UserId user) = 0;
};

class RecoveryCodeRepository {
 public:
  virtual ~RecoveryCodeRepository() = default;
  virtual Result<void> Replace(domain::UserId user, const std::vector<std::string>& code_hashes) = 0;
  // True when an unused code with this hash existed; it is used up by this call.
  virtual Result<bool> Consume(domain::UserId user, const std::string& code_hash, core::TimePoint now) = 0;
};

class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  virtual Result<domain::ApiTokenId> Insert(const domain::ApiToken& token, const std::string& token_hash) = 0;
  virtual Result<std::optional<domain::ApiToken>> FindByHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<domain::ApiToken>> ListForUser(domain::UserId user) = 0;
  // False when the user has no such unrevoked token.
  virtual Result<bool> Revoke(domain::UserId user, domain::ApiTokenId id, core::TimePoint now) = 0;
};

// Failed logins per key ("account:<email>", "address:<ip>").
class ThrottleRepository {
 public:
  virtual ~ThrottleRepository() = default;
  virtual Result<domain::ThrottleState> Get(const std::string& key) = 0;
  virtual Result<void> RecordFailure(const std::string& key, core::TimePoint now) = 0;
  virtual Result<void> Reset(const std::string& key) = 0;
};

// Control criteria: editions are written once by import and never changed (a statement pins one),
// so there is no update or delete; a corrected text is a new edition.
struct ControlHit {
  std::string edition_key;
  domain::Control control;
};

class CatalogRepository {
 public:
  virtual ~CatalogRepository() = default;
  // Stores the edition and its controls in their order. kAlreadyExists (catalog.duplicate_edition)
  // when the key is taken.
  virtual Result<domain::Edition> InsertEdition(const domain::EditionContent& content, core::TimePoint now) = 0;
  virtual Result<std::vector<domain::Edition>> ListEditions() = 0;         // by key
  virtual Result<domain::Edition> GetEdition(const std::string& key) = 0;  // kNotFound (catalog.edition_not_found)
  // Every control of the edition in document order.
  virtual Result<std::vector<domain::Control>> Controls(domain::EditionId edition) = 0;
  // kNotFound (catalog.control_not_found).
  virtual Result<domain::Control> GetControl(domain::EditionId edition, const std::string& control_id) = 0;
  // Controls whose id, titles or texts contain `text` (a substring, case-insensitive for ASCII, so
  // Japanese words are found inside sentences), in one edition or all, by edition key then position.
  virtual Result<std::vector<ControlHit>> Search(std::optional<domain::EditionId> edition, const std::string& text,
                                                 int limit, int offset) = 0;

  // kAlreadyExists (catalog.duplicate_baseline) when the key is taken.
  virtual Result<domain::Baseline> InsertBaseline(const domain::BaselineContent& content, core::TimePoint now) = 0;
  // All baselines, or those drawn from one edition, by key.
  virtual Result<std::vector<domain::Baseline>> ListBaselines(std::optional<std::string> edition_key) = 0;
  virtual Result<domain::Baseline> GetBaseline(const std::string& key) = 0;  // kNotFound (catalog.baseline_not_found)
  virtual Result<std::vector<domain::BaselineEntry>> BaselineEntries(domain::BaselineId baseline) = 0;

  // Adds mappings; one already present (same from, to and relationship) is left as it is.
  // Returns how many were new.
  virtual Result<std::int64_t> InsertMappings(const std::vector<domain::ControlMapping>& mappings) = 0;
  // Mappings with `control` on either side.
  virtual Result<std::vector<domain::ControlMapping>> MappingsOf(const domain::ControlRef& control) = 0;
  // Mappings whose `from` side is an item of `edition_key`, for exporting an edition with them.
  virtual Result<std::vector<domain::ControlMapping>> MappingsFrom(const std::string& edition_key) = 0;
  virtual Result<std::int64_t> CountMappings() = 0;
};

// Documents: metadata rows and their bytes, the bytes kept once per SHA-256 (content-addressed:
// the same file uploaded twice is stored once). Nothing changes a document once stored.
class DocumentRepository {
 public:
  virtual ~DocumentRepository() = default;
  // REQUIRES: document.sha256 and document.size describe `bytes`.
  virtual Result<domain::Document> Insert(const domain::NewDocument& document, std::string_view bytes,
                                          core::TimePoint now) = 0;
  virtual Result<domain::Document> Get(domain::DocumentId id) = 0;  // kNotFound (document.not_found)
  // The bytes, exactly as stored. kNotFound (document.not_found).
  virtual Result<std::string> Content(domain::DocumentId id) = 0;
  // The documents of one subject, oldest first.
  virtual Result<std::vector<domain::Document>> ListBySubject(const std::string& subject) = 0;
};

// The in-app inbox: one row per user and notice.
class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  virtual Result<domain::Notification> Insert(domain::UserId user, const domain::NotificationRequest& request,
                                              core::TimePoint now) = 0;
  // Newest first.
  virtual Result<std::vector<domain::Notification>> ListForUser(domain::UserId user, int limit, int offset) = 0;
  virtual Result<std::int64_t> CountUnread(domain::UserId user) = 0;
  // True when some user was sent a notification of `kind` about `subject` at or after `since`: how
  // the deadline job remembers what it has told already.
  virtual Result<bool> ExistsSince(const std::string& kind, const std::string& subject, core::TimePoint since) = 0;
  // Marks the user's notification read (the first reading's time is kept). False when the user has
  // no notification with this id.
  virtual Result<bool> MarkRead(domain::UserId user, domain::NotificationId id, core::TimePoint now) = 0;
};

// E-mail waiting to be sent. Written in the transaction of the step that caused it; a sender
// claims due messages, sends them outside any transaction, then records the outcome.
class MailOutboxRepository {
 public:
  virtual ~MailOutboxRepository() = default;
  virtual Result<domain::MailId> Enqueue(const domain::NewMail& mail, core::TimePoint now) = 0;
  // Up to `limit` unsent messages, oldest first, with fewer than `max_attempts` attempts and
  // next_attempt_at <= now. Each is claimed: its attempts grow by one and next_attempt_at becomes
  // `lease_until`, so no other sender (thread, process, instance) takes it meanwhile; a sender that
  // dies leaves it to be tried again after the lease. REQUIRES: a write transaction.
  virtual Result<std::vector<domain::Mail>> ClaimDue(core::TimePoint now, core::TimePoint lease_until, int max_attempts,
                                                     int limit) = 0;
  virtual Result<void> MarkSent(domain::MailId id, core::TimePoint now) = 0;
  // Keeps the error and when to try again.
  virtual Result<void> MarkFailed(domain::MailId id, const std::string& error, core::TimePoint retry_at) = 0;
  // Newest first, sent or not.
  virtual Result<std::vector<domain::Mail>> List(int limit, int offset) = 0;
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;  // rolls back unless committed
  virtual Result<void> Commit() = 0;
  virtual LedgerRepository& Ledger() = 0;
  virtual OrganizationRepository& Organizations() = 0;
  virtual UserRepository& Users() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual RecoveryCodeRepository& RecoveryCodes() = 0;
  virtual ThrottleRepository& Throttle() = 0;
  virtual ApiTokenRepository& ApiTokens() = 0;
  virtual CatalogRepository& Catalog() = 0;
  virtual DocumentRepository& Documents() = 0;
  virtual NotificationRepository& Notifications() = 0;
  virtual MailOutboxRepository& MailOutbox() = 0;
  virtual ApplicationRepository& Applications() = 0;
  virtual RequirementSetRepository& RequirementSets() = 0;
  virtual CommitteeRepository& Committee() = 0;
  virtual RegistrationRepository& Registrations() = 0;
  virtual ServiceRepository& Services() = 0;
  virtual StatementRepository& Statements() = 0;
  virtual EngagementRepository& Engagements() = 0;
  virtual ServiceApplicationRepository& ServiceApplications() = 0;
  virtual DisclosureGrantRepository& DisclosureGrants() = 0;
  virtual ServiceListingRepository& ServiceListings() = 0;
  virtual StatisticsRepository& Statistics() = 0;
  // Feedback threads between agencies and the operators (issue 9).
  virtual FeedbackRepository& Feedback() = 0;
  // Transitional measures and unregistered-service confirmations (issue 9).
  virtual TransitionalMeasureRepository& TransitionalMeasures() = 0;
  virtual UnregisteredServiceRepository& UnregisteredServices() = 0;
  virtual ProcurementRepository& Procurement() = 0;
};

enum class TxMode { kRead, kWrite };

struct SchemaState {
  int current = 0;  // highest applied migration
  int latest = 0;   // highest migration this build knows
};

class Database {
 public:
  virtual ~Database() = default;
  // kUnavailable when the database cannot be reached or stays locked past the busy timeout.
  virtual Result<std::unique_ptr<UnitOfWork>> Begin(TxMode mode) = 0;
  // Applies pending migrations in order, each in its own transaction; returns how many ran.
  // kFailedPrecondition when an applied migration's text changed since it was applied.
  virtual Result<int> Migrate() = 0;
  virtual Result<SchemaState> Schema() = 0;
  virtual std::string Describe() const = 0;  // "sqlite:var/ismap.db", for logs
};

// Opens the backend named by config.kind. Creates the SQLite file's directory if needed.
Result<std::unique_ptr<Database>> OpenDatabase(const core::StorageConfig& config);

}  // namespace ismap::storage
