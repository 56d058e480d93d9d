// Every SQL statement of the SQLite backend. Named, so logs and errors say which one failed.
// SQLite reads "$1" as a *named* parameter indexed by first appearance, so this file uses ?1, ?2.
#pragma once

namespace ismap::storage::sqlite {

struct Query {
  const char* name;
  const char* sql;
};

// Connection setup. WAL lets readers run beside the one writer; synchronous=FULL makes every
// acknowledged commit survive a crash of the machine, not only of the process.
inline constexpr Query kPragmas{"pragmas",
                                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA foreign_keys=ON;"};

inline constexpr Query kBeginRead{"begin_read", "BEGIN DEFERRED"};
// IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading a read lock.
inline constexpr Query kBeginWrite{"begin_write", "BEGIN IMMEDIATE"};
inline constexpr Query kCommit{"commit", "COMMIT"};
inline constexpr Query kRollback{"rollback", "ROLLBACK"};

// Backups (sqlite_backup.cpp).
// A backup is one self-contained file: fold the WAL back in and leave rollback-journal mode.
inline constexpr Query kBackupSingleFile{"backup_single_file", "PRAGMA journal_mode=DELETE"};
inline constexpr Query kIntegrityCheck{"integrity_check", "PRAGMA integrity_check"};

// Migrations.
inline constexpr Query kCreateMigrationsTable{
    "create_schema_migrations",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"};
inline constexpr Query kSelectMigrationChecksum{"select_migration_checksum",
                                                "SELECT checksum FROM schema_migrations WHERE version = ?1"};
inline constexpr Query kInsertMigration{
    "insert_migration", "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)"};
inline constexpr Query kSelectSchemaVersion{"select_schema_version",
                                            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
inline constexpr Query kMigrationsTableExists{
    "migrations_table_exists",
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"};

// Ledger.
inline constexpr Query kSelectLedgerHead{"select_ledger_head",
                                         "SELECT sequence, hash FROM ledger_events ORDER BY sequence DESC LIMIT 1"};
inline constexpr Query kInsertLedgerEvent{
    "insert_ledger_event",
    "INSERT INTO ledger_events (sequence, occurred_at, actor, organization_id, type, subject, payload, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"};
inline constexpr Query kScanLedger{
    "scan_ledger",
    "SELECT sequence, occurred_at, actor, organization_id, type, subject, payload, prev_hash, hash "
    "FROM ledger_events WHERE sequence > ?1 ORDER BY sequence LIMIT ?2"};
inline constexpr Query kLedgerBySubject{
    "ledger_by_subject",
    "SELECT sequence, occurred_at, actor, organization_id, type, subject, payload, prev_hash, hash "
    "FROM ledger_events WHERE subject = ?1 ORDER BY sequence LIMIT ?2"};
inline constexpr Query kCountLedger{"count_ledger", "SELECT COUNT(*) FROM ledger_events"};
inline constexpr Query kLastLedgerSequenceOfType{
    "last_ledger_sequence_of_type",
    "SELECT sequence FROM ledger_events WHERE type = ?1 ORDER BY sequence DESC LIMIT 1"};

// Organisations.
inline constexpr Query kInsertOrganization{
    "insert_organization",
    "INSERT INTO organizations (kind, name_ja, name_en, corporate_number, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)"};
inline constexpr Query kSelectOrganization{
    "select_organization",
    "SELECT id, kind, name_ja, name_en, corporate_number, created_at FROM organizations WHERE id = ?1"};
// ?1 is a JSON array of ids.
inline constexpr Query kSelectOrganizations{
    "select_organizations",
    "SELECT id, kind, name_ja, name_en, corporate_number, created_at FROM organizations "
    "WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id"};
inline constexpr Query kListOrganizations{
    "list_organizations",
    "SELECT id, kind, name_ja, name_en, corporate_number, created_at FROM organizations "
    "ORDER BY id LIMIT ?1 OFFSET ?2"};
inline constexpr Query kCountOrganizations{"count_organizations", "SELECT COUNT(*) FROM organizations"};

// Users.
inline constexpr Query kInsertUser{
    "insert_user",
    "INSERT INTO users (organization_id, email, display_name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"};
inline constexpr Query kInsertUserRole{"insert_user_role", "INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)"};
inline constexpr Query kDeleteUserRoles{"delete_user_roles", "DELETE FROM user_roles WHERE user_id = ?1"};
inline constexpr Query kSelectUserRoles{"select_user_roles",
                                        "SELECT role FROM user_roles WHERE user_id = ?1 ORDER BY role"};
#define ISMAP_SQLITE_USER_COLUMNS                                                                             \
  "id, organization_id, email, display_name, mfa_enabled, disabled, created_at, password_hash, totp_secret, " \
  "totp_last_step"
inline constexpr Query kSelectUserById{"select_user_by_id",
                                       "SELECT " ISMAP_SQLITE_USER_COLUMNS " FROM users WHERE id = ?1"};
inline constexpr Query kSelectUserByEmail{"select_user_by_email",
                                          "SELECT " ISMAP_SQLITE_USER_COLUMNS " FROM users WHERE email = ?1"};
inline constexpr Query kListUsers{"list_users",
                                  "SELECT " ISMAP_SQLITE_USER_COLUMNS " FROM users ORDER BY id LIMIT ?1 OFFSET ?2"};
inline constexpr Query kListUsersOfOrganization{
    "list_users_of_organization",
    "SELECT " ISMAP_SQLITE_USER_COLUMNS " FROM users WHERE organization_id = ?3 ORDER BY id LIMIT ?1 OFFSET ?2"};
inline constexpr Query kListUsersWithRole{
    "list_users_with_role", "SELECT " ISMAP_SQLITE_USER_COLUMNS
                            " FROM users WHERE disabled = 0 AND id IN (SELECT user_id FROM user_roles WHERE role = ?1) "
                            "ORDER BY id"};
inline constexpr Query kListUsersOfOrganizationWithRole{"list_users_of_organization_with_role",
                                                        "SELECT " ISMAP_SQLITE_USER_COLUMNS
                                                        " FROM users WHERE disabled = 0 AND organization_id = ?2 AND "
                                                        "id IN (SELECT user_id FROM user_roles WHERE role = ?1) "
                                                        "ORDER BY id"};
#undef ISMAP_SQLITE_USER_COLUMNS
inline constexpr Query kUpdateUserPassword{"update_user_password", "UPDATE users SET password_hash = ?2 WHERE id = ?1"};
inline constexpr Query kUpdateUserPendingTotp{
    "update_user_pending_totp", "UPDATE users SET totp_secret = ?2, mfa_enabled = 0, totp_last_step = 0 WHERE id = ?1"};
inline constexpr Query kUpdateUserEnableMfa{
    "update_user_enable_mfa", "UPDATE users SET mfa_enabled = 1 WHERE id = ?1 AND totp_secret IS NOT NULL"};
inline constexpr Query kClearUserMfa{"clear_user_mfa",
                                     "UPDATE users SET totp_secret = NULL, mfa_enabled = 0 WHERE id = ?1"};
inline constexpr Query kClaimTotpStep{"claim_totp_step",
                                      "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2"};
inline constexpr Query kUpdateUserDisabled{"update_user_disabled", "UPDATE users SET disabled = ?2 WHERE id = ?1"};
inline constexpr Query kCountUsers{"count_users", "SELECT COUNT(*) FROM users"};

// Sessions.
inline constexpr Query kInsertSession{
    "insert_session",
    "INSERT INTO sessions (token_hash, user_id, stage, csrf_token, created_at, last_seen_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
inline constexpr Query kSelectSessionByTokenHash{
    "select_session_by_token_hash",
    "SELECT id, token_hash, user_id, stage, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = ?1"};
inline constexpr Query kTouchSession{"touch_session", "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1"};
inline constexpr Query kDeleteSession{"delete_session", "DELETE FROM sessions WHERE id = ?1"};
inline constexpr Query kDeleteSessionsOfUser{"delete_sessions_of_user", "DELETE FROM sessions WHERE user_id = ?1"};

// Recovery codes.
inline constexpr Query kDeleteRecoveryCodes{"delete_recovery_codes", "DELETE FROM recovery_codes WHERE user_id = ?1"};
inline constexpr Query kInsertRecoveryCode{"insert_recovery_code",
                                           "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)"};
inline constexpr Query kConsumeRecoveryCode{
    "consume_recovery_code",
    "UPDATE recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL"};

// API tokens.
inline constexpr Query kInsertApiToken{"insert_api_token",
                                       "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, "
                                       "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
inline constexpr Query kSelectApiTokenByHash{
    "select_api_token_by_hash",
    "SELECT id, user_id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE token_hash = ?1"};
inline constexpr Query kListApiTokensOfUser{
    "list_api_tokens_of_user",
    "SELECT id, user_id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = ?1 "
    "ORDER BY id"};
inline constexpr Query kRevokeApiToken{
    "revoke_api_token", "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?2 AND user_id = ?1 AND revoked_at IS NULL"};

// Login throttling.
inline constexpr Query kSelectThrottle{"select_throttle",
                                       "SELECT failures, last_failure FROM login_throttle WHERE key = ?1"};
inline constexpr Query kRecordThrottleFailure{
    "record_throttle_failure",
    "INSERT INTO login_throttle (key, failures, last_failure) VALUES (?1, 1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET failures = failures + 1, last_failure = ?2"};
inline constexpr Query kResetThrottle{"reset_throttle", "DELETE FROM login_throttle WHERE key = ?1"};

// Control criteria (sqlite_catalog.cpp). Keys sort as bytes (BINARY), as in PostgreSQL's "C".
#define ISMAP_SQLITE_EDITION_COLUMNS                                                                 \
  "e.id, e.key, e.scheme, e.version, e.effective_date, e.source, e.format, e.title_ja, e.title_en, " \
  "e.source_json, e.created_at, "                                                                    \
  "(SELECT COUNT(*) FROM catalog_controls c WHERE c.edition_id = e.id AND c.is_group = 0)"
inline constexpr Query kInsertEdition{
    "insert_edition",
    "INSERT INTO catalog_editions (key, scheme, version, effective_date, source, format, title_ja, title_en, "
    "source_json, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
inline constexpr Query kListEditions{"list_editions",
                                     "SELECT " ISMAP_SQLITE_EDITION_COLUMNS " FROM catalog_editions e ORDER BY e.key"};
inline constexpr Query kSelectEditionByKey{
    "select_edition_by_key", "SELECT " ISMAP_SQLITE_EDITION_COLUMNS " FROM catalog_editions e WHERE e.key = ?1"};
#undef ISMAP_SQLITE_EDITION_COLUMNS
inline constexpr Query kInsertControl{
    "insert_control",
    "INSERT INTO catalog_controls (edition_id, position, control_id, parent_id, is_group, tier, level, rule, "
    "suffix, title_ja, title_en, text_ja, text_en, withdrawn, source_json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"};
#define ISMAP_SQLITE_CONTROL_COLUMNS                                                                   \
  "c.control_id, c.parent_id, c.is_group, c.tier, c.level, c.rule, c.suffix, c.title_ja, c.title_en, " \
  "c.text_ja, c.text_en, c.withdrawn, c.source_json"
inline constexpr Query kListControls{"list_controls",
                                     "SELECT " ISMAP_SQLITE_CONTROL_COLUMNS
                                     " FROM catalog_controls c WHERE c.edition_id = ?1 ORDER BY c.position"};
inline constexpr Query kSelectControl{"select_control",
                                      "SELECT " ISMAP_SQLITE_CONTROL_COLUMNS
                                      " FROM catalog_controls c WHERE c.edition_id = ?1 AND c.control_id = ?2"};
// ?2 is a LIKE pattern with '\' escaping (storage/like_pattern.hpp). SQLite's LIKE ignores case
// for ASCII letters only; the PostgreSQL query does exactly the same.
#define ISMAP_SQLITE_CONTROL_MATCHES                                                           \
  "(c.control_id LIKE ?2 ESCAPE '\\' OR c.title_ja LIKE ?2 ESCAPE '\\' OR c.title_en LIKE ?2 " \
  "ESCAPE '\\' OR c.text_ja LIKE ?2 ESCAPE '\\' OR c.text_en LIKE ?2 ESCAPE '\\')"
inline constexpr Query kSearchControls{
    "search_controls",
    "SELECT e.key, " ISMAP_SQLITE_CONTROL_COLUMNS
    " FROM catalog_controls c JOIN catalog_editions e ON e.id = c.edition_id WHERE " ISMAP_SQLITE_CONTROL_MATCHES
    " ORDER BY e.key, c.position LIMIT ?3 OFFSET ?4"};
inline constexpr Query kSearchControlsInEdition{
    "search_controls_in_edition",
    "SELECT e.key, " ISMAP_SQLITE_CONTROL_COLUMNS
    " FROM catalog_controls c JOIN catalog_editions e ON e.id = c.edition_id WHERE c.edition_id = ?1 "
    "AND " ISMAP_SQLITE_CONTROL_MATCHES " ORDER BY c.position LIMIT ?3 OFFSET ?4"};
#undef ISMAP_SQLITE_CONTROL_MATCHES
#undef ISMAP_SQLITE_CONTROL_COLUMNS

inline constexpr Query kSelectEditionIdByKey{"select_edition_id_by_key",
                                             "SELECT id FROM catalog_editions WHERE key = ?1"};
inline constexpr Query kSelectBaselineIdByKey{"select_baseline_id_by_key",
                                              "SELECT id FROM catalog_baselines WHERE key = ?1"};
inline constexpr Query kInsertBaseline{
    "insert_baseline",
    "INSERT INTO catalog_baselines (key, edition_key, kind, title_ja, title_en, based_on, source_json, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};
inline constexpr Query kInsertBaselineEntry{
    "insert_baseline_entry",
    "INSERT INTO catalog_baseline_entries (baseline_id, position, control_id, required) VALUES (?1, ?2, ?3, ?4)"};
#define ISMAP_SQLITE_BASELINE_COLUMNS                                                                     \
  "b.id, b.key, b.edition_key, b.kind, b.title_ja, b.title_en, b.based_on, b.source_json, b.created_at, " \
  "(SELECT COUNT(*) FROM catalog_baseline_entries x WHERE x.baseline_id = b.id)"
inline constexpr Query kListBaselines{
    "list_baselines", "SELECT " ISMAP_SQLITE_BASELINE_COLUMNS " FROM catalog_baselines b ORDER BY b.key"};
inline constexpr Query kListBaselinesOfEdition{"list_baselines_of_edition",
                                               "SELECT " ISMAP_SQLITE_BASELINE_COLUMNS
                                               " FROM catalog_baselines b WHERE b.edition_key = ?1 ORDER BY b.key"};
inline constexpr Query kSelectBaselineByKey{
    "select_baseline_by_key", "SELECT " ISMAP_SQLITE_BASELINE_COLUMNS " FROM catalog_baselines b WHERE b.key = ?1"};
#undef ISMAP_SQLITE_BASELINE_COLUMNS
inline constexpr Query kListBaselineEntries{
    "list_baseline_entries",
    "SELECT control_id, required FROM catalog_baseline_entries WHERE baseline_id = ?1 ORDER BY position"};

// One already present (same from, to and relationship) is left as it is.
inline constexpr Query kInsertMapping{
    "insert_mapping",
    "INSERT INTO control_mappings (from_edition, from_control, to_edition, to_control, relationship, "
    "source_document) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING"};
inline constexpr Query kSelectMappingsOf{
    "select_mappings_of",
    "SELECT from_edition, from_control, to_edition, to_control, relationship, source_document FROM control_mappings "
    "WHERE (from_edition = ?1 AND from_control = ?2) OR (to_edition = ?1 AND to_control = ?2) "
    "ORDER BY from_edition, from_control, to_edition, to_control, relationship"};
inline constexpr Query kSelectMappingsFrom{
    "select_mappings_from",
    "SELECT from_edition, from_control, to_edition, to_control, relationship, source_document FROM control_mappings "
    "WHERE from_edition = ?1 ORDER BY from_control, to_edition, to_control, relationship"};
inline constexpr Query kCountMappings{"count_mappings", "SELECT COUNT(*) FROM control_mappings"};

// Documents (sqlite_documents.cpp). The bytes are stored once per SHA-256.
inline constexpr Query kInsertDocumentContent{
    "insert_document_content",
    "INSERT INTO document_contents (sha256, size, content) VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING"};
inline constexpr Query kInsertDocument{
    "insert_document",
    "INSERT INTO documents (sha256, file_name, media_type, classification, organization_id, subject, uploaded_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};
#define ISMAP_SQLITE_DOCUMENT_COLUMNS                                                                   \
  "d.id, d.sha256, c.size, d.file_name, d.media_type, d.classification, d.organization_id, d.subject, " \
  "d.uploaded_by, d.created_at"
inline constexpr Query kSelectDocument{"select_document",
                                       "SELECT " ISMAP_SQLITE_DOCUMENT_COLUMNS
                                       " FROM documents d JOIN document_contents c ON c.sha256 = d.sha256 "
                                       "WHERE d.id = ?1"};
inline constexpr Query kListDocumentsBySubject{"list_documents_by_subject",
                                               "SELECT " ISMAP_SQLITE_DOCUMENT_COLUMNS
                                               " FROM documents d JOIN document_contents c ON c.sha256 = d.sha256 "
                                               "WHERE d.subject = ?1 ORDER BY d.id"};
#undef ISMAP_SQLITE_DOCUMENT_COLUMNS
inline constexpr Query kSelectDocumentContent{
    "select_document_content",
    "SELECT c.content FROM documents d JOIN document_contents c ON c.sha256 = d.sha256 WHERE d.id = ?1"};

// Notifications and the e-mail outbox (sqlite_notifications.cpp).
inline constexpr Query kInsertNotification{
    "insert_notification",
    "INSERT INTO notifications (user_id, kind, subject, link, title_ja, title_en, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
inline constexpr Query kListNotifications{
    "list_notifications",
    "SELECT id, user_id, kind, subject, link, title_ja, title_en, created_at, read_at FROM notifications "
    "WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"};
inline constexpr Query kCountUnreadNotifications{
    "count_unread_notifications", "SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL"};
// created_at is fixed-width RFC 3339 text in UTC, so text order is time order.
inline constexpr Query kNotificationExistsSince{
    "notification_exists_since",
    "SELECT EXISTS (SELECT 1 FROM notifications WHERE kind = ?1 AND subject = ?2 AND created_at >= ?3)"};
inline constexpr Query kMarkNotificationRead{
    "mark_notification_read",
    "UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?2 AND user_id = ?1"};
inline constexpr Query kInsertMail{
    "insert_mail",
    "INSERT INTO mail_outbox (recipient, subject, body, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)"};
#define ISMAP_SQLITE_MAIL_COLUMNS \
  "id, recipient, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at"
// SQLite runs one writer at a time, so the claim needs no row locks.
inline constexpr Query kClaimDueMail{
    "claim_due_mail",
    "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?2 WHERE id IN (SELECT id FROM mail_outbox "
    "WHERE sent_at IS NULL AND attempts < ?3 AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?4) "
    "RETURNING " ISMAP_SQLITE_MAIL_COLUMNS};
inline constexpr Query kListMail{
    "list_mail", "SELECT " ISMAP_SQLITE_MAIL_COLUMNS " FROM mail_outbox ORDER BY id DESC LIMIT ?1 OFFSET ?2"};
#undef ISMAP_SQLITE_MAIL_COLUMNS
inline constexpr Query kMarkMailSent{"mark_mail_sent",
                                     "UPDATE mail_outbox SET sent_at = ?2, last_error = NULL WHERE id = ?1"};
inline constexpr Query kMarkMailFailed{"mark_mail_failed",
                                       "UPDATE mail_outbox SET last_error = ?2, next_attempt_at = ?3 WHERE id = ?1"};
// Applications, their content and evaluation, requirement sets (sqlite_workflow.cpp).
#define ISMAP_SQLITE_APPLICATION_COLUMNS                                                            \
  "id, kind, purpose, applicant_id, registration_id, state, version, state_since, recommendation, " \
  "recommendation_note, meeting_id, last_reason"
inline constexpr Query kInsertApplication{
    "insert_application",
    "INSERT INTO applications (kind, purpose, applicant_id, registration_id, state, version, state_since, "
    "recommendation, recommendation_note, meeting_id, last_reason, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id"};
inline constexpr Query kSelectApplication{
    "select_application", "SELECT " ISMAP_SQLITE_APPLICATION_COLUMNS " FROM applications WHERE id = ?1"};
inline constexpr Query kUpdateApplication{
    "update_application",
    "UPDATE applications SET state = ?3, version = ?4, state_since = ?5, recommendation = ?6, "
    "recommendation_note = ?7, meeting_id = ?8, last_reason = ?9, registration_id = ?10 "
    "WHERE id = ?1 AND version = ?2"};
inline constexpr Query kListApplicationsByApplicant{
    "list_applications_by_applicant",
    "SELECT " ISMAP_SQLITE_APPLICATION_COLUMNS
    " FROM applications WHERE kind = ?1 AND applicant_id = ?2 ORDER BY id DESC LIMIT ?3 OFFSET ?4"};
// ?2 is a JSON array of state names.
inline constexpr Query kListApplicationsByStates{
    "list_applications_by_states", "SELECT " ISMAP_SQLITE_APPLICATION_COLUMNS
                                   " FROM applications WHERE kind = ?1 AND state IN (SELECT value FROM json_each(?2)) "
                                   "ORDER BY state_since, id LIMIT ?3 OFFSET ?4"};
#undef ISMAP_SQLITE_APPLICATION_COLUMNS
inline constexpr Query kApplicationExists{"application_exists", "SELECT 1 FROM applications WHERE id = ?1"};
inline constexpr Query kUpsertAuditBodyContent{
    "upsert_audit_body_content",
    "INSERT INTO audit_body_application_contents (application_id, content_json, contact_email, contact_phone) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (application_id) DO UPDATE SET content_json = excluded.content_json, "
    "contact_email = excluded.contact_email, contact_phone = excluded.contact_phone"};
inline constexpr Query kSelectAuditBodyContent{
    "select_audit_body_content",
    "SELECT content_json, contact_email, contact_phone FROM audit_body_application_contents WHERE application_id = ?1"};
inline constexpr Query kUpsertEvaluation{
    "upsert_evaluation",
    "INSERT INTO evaluations (application_id, requirement_set_version, items_json) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (application_id) DO UPDATE SET requirement_set_version = excluded.requirement_set_version, "
    "items_json = excluded.items_json"};
inline constexpr Query kSelectEvaluation{
    "select_evaluation", "SELECT requirement_set_version, items_json FROM evaluations WHERE application_id = ?1"};
inline constexpr Query kInsertRequirementSet{
    "insert_requirement_set",
    "INSERT INTO requirement_sets (version, items_json, created_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING"};
inline constexpr Query kSelectRequirementSet{"select_requirement_set",
                                             "SELECT version, items_json FROM requirement_sets WHERE version = ?1"};
inline constexpr Query kSelectCurrentRequirementSet{
    "select_current_requirement_set", "SELECT version, items_json FROM requirement_sets ORDER BY id DESC LIMIT 1"};

// Committee meetings, agenda and decisions. Inserts that may meet a unique key say ON CONFLICT DO
// NOTHING and the repository reports the duplicate from the row count: a failed statement would
// abort a PostgreSQL transaction.
inline constexpr Query kInsertMeeting{
    "insert_meeting",
    "INSERT INTO committee_meetings (held_on, members_json, created_at) VALUES (?1, '[]', ?2) RETURNING id"};
inline constexpr Query kSelectMeeting{"select_meeting",
                                      "SELECT id, held_on, members_json FROM committee_meetings WHERE id = ?1"};
inline constexpr Query kListMeetings{
    "list_meetings",
    "SELECT id, held_on, members_json FROM committee_meetings ORDER BY held_on DESC, id DESC LIMIT ?1 OFFSET ?2"};
inline constexpr Query kUpdateMeetingMembers{"update_meeting_members",
                                             "UPDATE committee_meetings SET members_json = ?2 WHERE id = ?1"};
inline constexpr Query kSelectAgenda{
    "select_agenda",
    "SELECT register_kind, item_kind, subject_id FROM committee_agenda_items WHERE meeting_id = ?1 ORDER BY position"};
inline constexpr Query kInsertAgendaItem{
    "insert_agenda_item",
    "INSERT INTO committee_agenda_items (meeting_id, position, register_kind, item_kind, subject_id) VALUES (?1, "
    "(SELECT COALESCE(MAX(position), 0) + 1 FROM committee_agenda_items WHERE meeting_id = ?1), ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING"};
inline constexpr Query kSelectDecisions{
    "select_decisions",
    "SELECT register_kind, item_kind, subject_id, outcome, reason, decided_at FROM committee_decisions "
    "WHERE meeting_id = ?1 ORDER BY id"};
inline constexpr Query kInsertDecision{
    "insert_decision",
    "INSERT INTO committee_decisions (meeting_id, register_kind, item_kind, subject_id, outcome, reason, decided_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING"};

// Registrations, their status history and serials.
#define ISMAP_SQLITE_REGISTRATION_COLUMNS \
  "id, register_kind, holder_id, number, registered_on, valid_until, state, pending_renewal, version"
// SQLite runs one writer at a time; the upsert is atomic there as in PostgreSQL.
inline constexpr Query kNextSerial{
    "next_serial",
    "INSERT INTO registration_serials (register_kind, year, last_serial) VALUES (?1, ?2, 1) "
    "ON CONFLICT (register_kind, year) DO UPDATE SET last_serial = registration_serials.last_serial + 1 "
    "RETURNING last_serial"};
inline constexpr Query kInsertRegistration{
    "insert_registration",
    "INSERT INTO registrations (register_kind, holder_id, number, registered_on, valid_until, state, "
    "pending_renewal, version, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT DO NOTHING RETURNING id"};
inline constexpr Query kSelectRegistration{
    "select_registration", "SELECT " ISMAP_SQLITE_REGISTRATION_COLUMNS " FROM registrations WHERE id = ?1"};
inline constexpr Query kUpdateRegistration{
    "update_registration",
    "UPDATE registrations SET state = ?3, valid_until = ?4, pending_renewal = ?5, version = ?6 "
    "WHERE id = ?1 AND version = ?2"};
inline constexpr Query kListRegistrations{
    "list_registrations", "SELECT " ISMAP_SQLITE_REGISTRATION_COLUMNS
                          " FROM registrations WHERE register_kind = ?1 AND registered_on <= ?2 ORDER BY number, id"};
// The public audit body list in one query: names from organisations, the contact from the
// holder's latest approved application that has content.
// The columns of registration `r`, and its stored state on day ?1 from the status history: shared
// by the public lists of both registers.
#define ISMAP_SQLITE_LISTED_REGISTRATION_COLUMNS                                            \
  "r.id, r.register_kind, r.holder_id, r.number, r.registered_on, r.valid_until, r.state, " \
  "r.pending_renewal, r.version"
#define ISMAP_SQLITE_STATE_ON_DAY_1                                                        \
  "(SELECT h.state FROM registration_status_history h WHERE h.registration_id = r.id AND " \
  "h.from_date <= ?1 AND (h.to_date IS NULL OR h.to_date > ?1) ORDER BY h.id DESC LIMIT 1)"
inline constexpr Query kListAuditBodyListing{
    "list_audit_body_listing",
    "SELECT " ISMAP_SQLITE_LISTED_REGISTRATION_COLUMNS
    ", o.name_ja, o.name_en, COALESCE(c.contact_email, ''), "
    "COALESCE(c.contact_phone, ''), " ISMAP_SQLITE_STATE_ON_DAY_1
    " FROM registrations r JOIN organizations o ON o.id = r.holder_id "
    "LEFT JOIN audit_body_application_contents c ON c.application_id = (SELECT a.id FROM applications a "
    "JOIN audit_body_application_contents ac ON ac.application_id = a.id WHERE a.kind = 'audit_body' AND "
    "a.applicant_id = r.holder_id AND a.state = 'approved' ORDER BY a.id DESC LIMIT 1) "
    "WHERE r.register_kind = 'audit_body' AND r.registered_on <= ?1 ORDER BY r.number, r.id"};
inline constexpr Query kListRegistrationsByHolder{
    "list_registrations_by_holder", "SELECT " ISMAP_SQLITE_REGISTRATION_COLUMNS
                                    " FROM registrations WHERE register_kind = ?1 AND holder_id = ?2 ORDER BY id DESC"};
inline constexpr Query kListExpiringRegistrations{
    "list_expiring_registrations",
    "SELECT " ISMAP_SQLITE_REGISTRATION_COLUMNS
    " FROM registrations WHERE register_kind = ?1 AND state IN ('active', 'suspended') AND valid_until < ?2 "
    "ORDER BY id"};
#undef ISMAP_SQLITE_REGISTRATION_COLUMNS
inline constexpr Query kOpenStatusInterval{
    "open_status_interval",
    "INSERT INTO registration_status_history (registration_id, from_date, to_date, state) VALUES (?1, ?2, NULL, ?3)"};
inline constexpr Query kCloseStatusInterval{
    "close_status_interval",
    "UPDATE registration_status_history SET to_date = ?2 WHERE registration_id = ?1 AND to_date IS NULL"};
inline constexpr Query kSelectStatusHistory{
    "select_status_history",
    "SELECT from_date, to_date, state FROM registration_status_history WHERE registration_id = ?1 ORDER BY id"};

// The cloud service register (sqlite_services.cpp).
#define ISMAP_SQLITE_SERVICE_COLUMNS                                                                  \
  "s.id, s.provider_id, s.name_ja, s.name_en, s.description, s.model, s.deployment, s.regions_json, " \
  "s.track, s.registration_id, s.registered_statement, s.version"
inline constexpr Query kInsertService{
    "insert_service",
    "INSERT INTO cloud_services (provider_id, name_ja, name_en, description, model, deployment, regions_json, "
    "track, registration_id, registered_statement, version, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11) RETURNING id"};
inline constexpr Query kSelectService{"select_service",
                                      "SELECT " ISMAP_SQLITE_SERVICE_COLUMNS " FROM cloud_services s WHERE s.id = ?1"};
inline constexpr Query kUpdateService{
    "update_service",
    "UPDATE cloud_services SET name_ja = ?3, name_en = ?4, description = ?5, model = ?6, deployment = ?7, "
    "regions_json = ?8, track = ?9, registration_id = ?10, registered_statement = ?11, version = ?12 "
    "WHERE id = ?1 AND version = ?2"};
inline constexpr Query kListServicesByProvider{"list_services_by_provider",
                                               "SELECT " ISMAP_SQLITE_SERVICE_COLUMNS
                                               " FROM cloud_services s WHERE s.provider_id = ?1 ORDER BY s.id"};
inline constexpr Query kSelectServiceByRegistration{"select_service_by_registration",
                                                    "SELECT " ISMAP_SQLITE_SERVICE_COLUMNS
                                                    " FROM cloud_services s WHERE s.registration_id = ?1"};
inline constexpr Query kServiceExists{"service_exists", "SELECT 1 FROM cloud_services WHERE id = ?1"};

// Statement versions. The entries are one JSON text: saving 1,159 of them is one row.
inline constexpr Query kInsertStatement{
    "insert_statement",
    "INSERT INTO statements (service_id, provider_id, revision, edition_id, state, scope, system_overview, "
    "representative, period_first, period_last, subsequent_events, entries_json, version, updated_at, "
    "submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT DO NOTHING RETURNING id"};
inline constexpr Query kSelectStatement{
    "select_statement",
    "SELECT id, service_id, provider_id, revision, edition_id, state, scope, system_overview, representative, "
    "period_first, period_last, subsequent_events, entries_json, version, updated_at, submitted_at "
    "FROM statements WHERE id = ?1"};
// Only a draft changes; the repository tells a stale version from a submitted one afterwards.
inline constexpr Query kUpdateStatement{
    "update_statement",
    "UPDATE statements SET state = ?3, scope = ?4, system_overview = ?5, representative = ?6, period_first = ?7, "
    "period_last = ?8, subsequent_events = ?9, entries_json = ?10, version = ?11, updated_at = ?12, "
    "submitted_at = ?13 WHERE id = ?1 AND version = ?2 AND state = 'draft'"};
inline constexpr Query kSelectStatementState{"select_statement_state",
                                             "SELECT state, version FROM statements WHERE id = ?1"};
inline constexpr Query kListStatementsByService{
    "list_statements_by_service",
    "SELECT id, service_id, revision, edition_id, state, version, updated_at, submitted_at FROM statements "
    "WHERE service_id = ?1 ORDER BY revision DESC"};
inline constexpr Query kLatestStatementRevision{
    "latest_statement_revision", "SELECT COALESCE(MAX(revision), 0) FROM statements WHERE service_id = ?1"};

// Audit engagements. Lists leave the results out (they may be long).
inline constexpr Query kInsertEngagement{
    "insert_engagement",
    "INSERT INTO engagements (service_id, provider_id, audit_body_id, statement_id, state, independence_json, "
    "auditors_json, results_json, report_document_id, report_issued_on, last_reason, version, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id"};
#define ISMAP_SQLITE_ENGAGEMENT_COLUMNS                                                                 \
  "id, service_id, provider_id, audit_body_id, statement_id, state, independence_json, auditors_json, " \
  "report_document_id, report_issued_on, last_reason, version, created_at"
inline constexpr Query kSelectEngagement{
    "select_engagement", "SELECT " ISMAP_SQLITE_ENGAGEMENT_COLUMNS ", results_json FROM engagements WHERE id = ?1"};
inline constexpr Query kUpdateEngagement{
    "update_engagement",
    "UPDATE engagements SET state = ?3, independence_json = ?4, auditors_json = ?5, results_json = ?6, "
    "report_document_id = ?7, report_issued_on = ?8, last_reason = ?9, version = ?10 "
    "WHERE id = ?1 AND version = ?2"};
inline constexpr Query kListEngagementsByProvider{
    "list_engagements_by_provider", "SELECT " ISMAP_SQLITE_ENGAGEMENT_COLUMNS
                                    " FROM engagements WHERE provider_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"};
inline constexpr Query kListEngagementsByAuditBody{
    "list_engagements_by_audit_body", "SELECT " ISMAP_SQLITE_ENGAGEMENT_COLUMNS
                                      " FROM engagements WHERE audit_body_id = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3"};
#undef ISMAP_SQLITE_ENGAGEMENT_COLUMNS

// Cloud service applications: their attachments, the reviewer's findings, and the lines of the
// dashboard and the queue, each one query joining the names in.
inline constexpr Query kUpsertServiceContent{
    "upsert_service_content",
    "INSERT INTO service_application_contents (application_id, service_id, statement_id, engagement_id, "
    "additional_engagement_id, disclosures_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (application_id) DO "
    "UPDATE SET service_id = excluded.service_id, statement_id = excluded.statement_id, engagement_id = "
    "excluded.engagement_id, additional_engagement_id = excluded.additional_engagement_id, disclosures_json = "
    "excluded.disclosures_json"};
inline constexpr Query kSelectServiceContent{
    "select_service_content",
    "SELECT service_id, statement_id, engagement_id, additional_engagement_id, disclosures_json "
    "FROM service_application_contents WHERE application_id = ?1"};
inline constexpr Query kUpsertServiceReview{
    "upsert_service_review",
    "INSERT INTO service_reviews (application_id, requirement_set_version, items_json) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (application_id) DO UPDATE SET requirement_set_version = excluded.requirement_set_version, "
    "items_json = excluded.items_json"};
inline constexpr Query kSelectServiceReview{
    "select_service_review",
    "SELECT requirement_set_version, items_json FROM service_reviews WHERE application_id = ?1"};
#define ISMAP_SQLITE_A_APPLICATION_COLUMNS                                                          \
  "a.id, a.kind, a.purpose, a.applicant_id, a.registration_id, a.state, a.version, a.state_since, " \
  "a.recommendation, a.recommendation_note, a.meeting_id, a.last_reason"
#define ISMAP_SQLITE_LINE_FROM                                                                  \
  " FROM applications a JOIN service_application_contents c ON c.application_id = a.id "        \
  "JOIN cloud_services s ON s.id = c.service_id JOIN organizations o ON o.id = a.applicant_id " \
  "WHERE a.kind = 'cloud_service' AND a.state IN (SELECT value FROM json_each(?1))"
#define ISMAP_SQLITE_LINE_SELECT \
  "SELECT " ISMAP_SQLITE_A_APPLICATION_COLUMNS ", c.service_id, s.name_ja, s.name_en, o.name_ja, o.name_en"
// ?1 is a JSON array of state names, ?2 and ?3 limit and offset, ?4 the applicant (_of_applicant).
// One form per order and filter, so each reads its index in order: applications_by_applicant for
// a dashboard, applications_by_kind_since for a queue.
inline constexpr Query kListServiceLinesNewest{"list_service_lines_newest",
                                               ISMAP_SQLITE_LINE_SELECT ISMAP_SQLITE_LINE_FROM
                                               " ORDER BY a.id DESC LIMIT ?2 OFFSET ?3"};
inline constexpr Query kListServiceLinesNewestOfApplicant{
    "list_service_lines_newest_of_applicant",
    ISMAP_SQLITE_LINE_SELECT ISMAP_SQLITE_LINE_FROM " AND a.applicant_id = ?4 ORDER BY a.id DESC LIMIT ?2 OFFSET ?3"};
inline constexpr Query kListServiceLinesOldestState{"list_service_lines_oldest_state",
                                                    ISMAP_SQLITE_LINE_SELECT ISMAP_SQLITE_LINE_FROM
                                                    " ORDER BY a.state_since, a.id LIMIT ?2 OFFSET ?3"};
inline constexpr Query kListServiceLinesOldestStateOfApplicant{
    "list_service_lines_oldest_state_of_applicant", ISMAP_SQLITE_LINE_SELECT ISMAP_SQLITE_LINE_FROM
    " AND a.applicant_id = ?4 ORDER BY a.state_since, a.id LIMIT ?2 OFFSET ?3"};
// ?1 the states, ?2 the applicant (_of_applicant). The same rows as the lists without their joins to
// services and organisations, which the foreign keys guarantee never drop a row: joining 4,900
// waiting applications only to count them cost 30-70 ms (bench/cloud_services.sh).
#define ISMAP_SQLITE_COUNT_LINES                                        \
  "SELECT COUNT(*) FROM applications a WHERE a.kind = 'cloud_service' " \
  "AND a.state IN (SELECT value FROM json_each(?1)) "                   \
  "AND EXISTS (SELECT 1 FROM service_application_contents c WHERE c.application_id = a.id)"
inline constexpr Query kCountServiceLines{"count_service_lines", ISMAP_SQLITE_COUNT_LINES};
inline constexpr Query kCountServiceLinesOfApplicant{"count_service_lines_of_applicant",
                                                     ISMAP_SQLITE_COUNT_LINES " AND a.applicant_id = ?2"};
#undef ISMAP_SQLITE_COUNT_LINES
#undef ISMAP_SQLITE_LINE_SELECT
#undef ISMAP_SQLITE_LINE_FROM
inline constexpr Query kListApplicationsByService{
    "list_applications_by_service",
    "SELECT " ISMAP_SQLITE_A_APPLICATION_COLUMNS
    " FROM service_application_contents c JOIN applications a ON a.id = c.application_id "
    "WHERE c.service_id = ?1 ORDER BY a.id DESC"};
#undef ISMAP_SQLITE_A_APPLICATION_COLUMNS

// Disclosure grants.
#define ISMAP_SQLITE_GRANT_COLUMNS \
  "id, service_id, provider_id, agency_id, from_date, until_date, revoked_at, created_at"
inline constexpr Query kInsertGrant{
    "insert_grant",
    "INSERT INTO disclosure_grants (service_id, provider_id, agency_id, from_date, until_date, revoked_at, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
inline constexpr Query kSelectGrant{"select_grant",
                                    "SELECT " ISMAP_SQLITE_GRANT_COLUMNS " FROM disclosure_grants WHERE id = ?1"};
// The first revocation's time is kept; a row matches whenever the grant exists.
inline constexpr Query kRevokeGrant{"revoke_grant",
                                    "UPDATE disclosure_grants SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1"};
inline constexpr Query kListGrantsByService{"list_grants_by_service",
                                            "SELECT " ISMAP_SQLITE_GRANT_COLUMNS
                                            " FROM disclosure_grants WHERE service_id = ?1 ORDER BY id DESC"};
inline constexpr Query kListGrantsByAgency{"list_grants_by_agency",
                                           "SELECT " ISMAP_SQLITE_GRANT_COLUMNS
                                           " FROM disclosure_grants WHERE agency_id = ?1 ORDER BY id DESC"};
#undef ISMAP_SQLITE_GRANT_COLUMNS

// The public cloud service list in one query: the registration with its state on day ?1 (as the
// audit body list), the service recording it, the provider's names, the registered statement's
// public columns (never its entries), and the audit body of the latest report issued on that
// statement.
#define ISMAP_SQLITE_SERVICE_LISTING                                                                         \
  "SELECT " ISMAP_SQLITE_LISTED_REGISTRATION_COLUMNS ", " ISMAP_SQLITE_SERVICE_COLUMNS                       \
  ", p.name_ja, p.name_en, COALESCE(st.scope, ''), st.period_first, st.period_last, "                        \
  "COALESCE(st.subsequent_events, ''), COALESCE(ab.name_ja, ''), COALESCE(ab.name_en, "                      \
  "''), " ISMAP_SQLITE_STATE_ON_DAY_1                                                                        \
  ", ab.id"                                                                                                  \
  " FROM registrations r JOIN cloud_services s ON s.registration_id = r.id "                                 \
  "JOIN organizations p ON p.id = s.provider_id LEFT JOIN statements st ON st.id = s.registered_statement "  \
  "LEFT JOIN organizations ab ON ab.id = (SELECT e.audit_body_id FROM engagements e WHERE e.statement_id = " \
  "s.registered_statement AND e.state = 'report_issued' ORDER BY e.id DESC LIMIT 1) "                        \
  "WHERE r.register_kind = 'cloud_service' AND r.registered_on <= ?1"
inline constexpr Query kListServiceListing{"list_service_listing",
                                           ISMAP_SQLITE_SERVICE_LISTING " ORDER BY r.number, r.id"};
inline constexpr Query kSelectServiceListing{"select_service_listing", ISMAP_SQLITE_SERVICE_LISTING " AND s.id = ?2"};
// Free-text search (V009): ids of the services whose document holds ?1, through the trigram index.
// ?1 is an FTS5 phrase (the text in double quotes), which the trigram tokenizer matches as a
// substring; it needs three characters or more.
inline constexpr Query kMatchServiceText{"match_service_text",
                                         "SELECT rowid FROM service_search WHERE service_search MATCH ?1"};
// The same for one or two characters, which a trigram index cannot hold: a scan of the documents,
// ASCII letters folded as FTS5's trigram tokenizer folds them.
inline constexpr Query kScanServiceText{"scan_service_text",
                                        "SELECT rowid FROM service_search WHERE instr(lower(document), lower(?1)) > 0"};
#undef ISMAP_SQLITE_SERVICE_LISTING
#undef ISMAP_SQLITE_SERVICE_COLUMNS
#undef ISMAP_SQLITE_STATE_ON_DAY_1
#undef ISMAP_SQLITE_LISTED_REGISTRATION_COLUMNS

// Programme statistics (sqlite_statistics.cpp). Every registration of kind ?1 with the track of the
// service recording it and its status history, one row per interval (a registration without
// intervals has one row of NULLs), by registration then interval; the service's model last.
inline constexpr Query kListRegistrationLives{
    "list_registration_lives",
    "SELECT r.id, r.registered_on, r.valid_until, r.state, r.pending_renewal, s.track, h.from_date, h.to_date, "
    "h.state, s.model FROM registrations r LEFT JOIN cloud_services s ON s.registration_id = r.id "
    "LEFT JOIN registration_status_history h ON h.registration_id = r.id "
    "WHERE r.register_kind = ?1 ORDER BY r.id, h.id"};
// Applications of kind ?1 approved or rejected, with their first event of type ?2 (RFC 3339 text
// of one fixed width, so the least is the earliest) through the ledger's subject index.
inline constexpr Query kListDecisionTimes{
    "list_decision_times",
    "SELECT a.id, (SELECT MIN(l.occurred_at) FROM ledger_events l WHERE l.subject = 'application/' || a.id "
    "AND l.type = ?2), a.state_since FROM applications a WHERE a.kind = ?1 AND a.state IN ('approved', "
    "'rejected') ORDER BY a.id"};
// The operational report (issue 9): every application of kind ?1 with its service's track and
// model (cloud services) and each ledger event about it whose payload names a state, one row per
// event (an application without one has a row of NULLs), by application then sequence.
inline constexpr Query kListApplicationTimelines{
    "list_application_timelines",
    "SELECT a.id, a.purpose, a.state, a.state_since, s.track, s.model, l.occurred_at, "
    "json_extract(l.payload, '$.state') FROM applications a "
    "LEFT JOIN service_application_contents c ON c.application_id = a.id "
    "LEFT JOIN cloud_services s ON s.id = c.service_id LEFT JOIN ledger_events l "
    "ON l.subject = 'application/' || a.id AND json_extract(l.payload, '$.state') IS NOT NULL "
    "WHERE a.kind = ?1 ORDER BY a.id, l.sequence"};

// Requirement profiles, procurement checks and statement adoptions (issue 9; V011).
inline constexpr Query kInsertProfile{"insert_profile",
                                      "INSERT INTO agency_profiles (agency_id, name, body_json, version, created_at, "
                                      "updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5) RETURNING id"};
#define ISMAP_SQLITE_PROFILE_COLUMNS "id, agency_id, name, body_json, version, created_at, updated_at"
inline constexpr Query kSelectProfile{"select_profile",
                                      "SELECT " ISMAP_SQLITE_PROFILE_COLUMNS " FROM agency_profiles WHERE id = ?1"};
inline constexpr Query kUpdateProfile{"update_profile",
                                      "UPDATE agency_profiles SET name = ?2, body_json = ?3, version = version + 1, "
                                      "updated_at = ?4 WHERE id = ?1 AND version = ?5"};
inline constexpr Query kListProfiles{"list_profiles", "SELECT " ISMAP_SQLITE_PROFILE_COLUMNS
                                                      " FROM agency_profiles WHERE agency_id = ?1 ORDER BY id DESC"};
#undef ISMAP_SQLITE_PROFILE_COLUMNS
inline constexpr Query kInsertCheck{
    "insert_check",
    "INSERT INTO procurement_checks (agency_id, profile_id, profile_name, checked_on, checked_at, checked_by, meets, "
    "unconfirmed, misses, record_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id"};
#define ISMAP_SQLITE_CHECK_COLUMNS \
  "id, agency_id, profile_id, profile_name, checked_on, checked_at, checked_by, meets, unconfirmed, misses"
inline constexpr Query kSelectCheck{
    "select_check", "SELECT " ISMAP_SQLITE_CHECK_COLUMNS ", record_json FROM procurement_checks WHERE id = ?1"};
inline constexpr Query kListChecks{"list_checks", "SELECT " ISMAP_SQLITE_CHECK_COLUMNS
                                                  ", '' FROM procurement_checks WHERE agency_id = ?1 ORDER BY id DESC"};
#undef ISMAP_SQLITE_CHECK_COLUMNS
inline constexpr Query kInsertAdoption{"insert_adoption",
                                       "INSERT INTO statement_adoptions (statement_id, edition_id, adoption_hex) "
                                       "VALUES (?1, ?2, ?3) ON CONFLICT (statement_id) DO NOTHING"};
inline constexpr Query kSelectAdoptions{"select_adoptions",
                                        "SELECT statement_id, edition_id, adoption_hex FROM statement_adoptions "
                                        "WHERE statement_id IN (SELECT value FROM json_each(?1))"};

// Feedback threads (sqlite_feedback.cpp; issue 9). An absent filter condition is NULL.
#define ISMAP_SQLITE_FEEDBACK_COLUMNS                                                                \
  "id, organization_id, author_id, topic, subject, state, created_at, updated_at, first_answer_at, " \
  "message_count, version"
inline constexpr Query kInsertFeedbackThread{
    "insert_feedback_thread",
    "INSERT INTO feedback_threads (organization_id, author_id, topic, subject, state, created_at, updated_at, "
    "first_answer_at, message_count, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"};
inline constexpr Query kInsertFeedbackMessage{
    "insert_feedback_message",
    "INSERT INTO feedback_messages (thread_id, author_id, organization_id, side, body, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};
inline constexpr Query kSelectFeedbackThread{
    "select_feedback_thread", "SELECT " ISMAP_SQLITE_FEEDBACK_COLUMNS " FROM feedback_threads WHERE id = ?1"};
inline constexpr Query kSelectFeedbackMessages{
    "select_feedback_messages",
    "SELECT id, author_id, organization_id, side, body, created_at FROM feedback_messages WHERE thread_id = ?1 "
    "ORDER BY id"};
inline constexpr Query kListFeedbackThreads{
    "list_feedback_threads",
    "SELECT " ISMAP_SQLITE_FEEDBACK_COLUMNS
    " FROM feedback_threads WHERE (?1 IS NULL OR organization_id = ?1) "
    "AND (?2 IS NULL OR topic = ?2) AND (?3 IS NULL OR state = ?3) ORDER BY updated_at DESC, id DESC "
    "LIMIT ?4 OFFSET ?5"};
inline constexpr Query kUpdateFeedbackThread{
    "update_feedback_thread",
    "UPDATE feedback_threads SET state = ?2, updated_at = ?3, first_answer_at = ?4, message_count = ?5, "
    "version = ?6 WHERE id = ?1 AND version = ?6 - 1"};
inline constexpr Query kListFeedbackFacts{
    "list_feedback_facts",
    "SELECT topic, state, created_at, first_answer_at IS NOT NULL FROM feedback_threads ORDER BY id"};
// created_at is fixed-width RFC 3339 text in UTC, so text order is time order.
inline constexpr Query kCountFeedbackCreatedBetween{
    "count_feedback_created_between",
    "SELECT topic, COUNT(*), COUNT(first_answer_at) FROM feedback_threads WHERE created_at >= ?1 "
    "AND created_at < ?2 GROUP BY topic"};
#undef ISMAP_SQLITE_FEEDBACK_COLUMNS

}  // namespace ismap::storage::sqlite
