#include "storage/sqlite/sqlite_workflow.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "storage/sqlite/queries.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

// An insert that met a unique key (ON CONFLICT DO NOTHING changed no row).
core::Error Duplicate(const char* reason, const std::string& message) {
  return core::MakeError(core::ErrorCode::kAlreadyExists, reason, message);
}

Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

// Columns: id, kind, purpose, applicant_id, registration_id, state, version, state_since,
// recommendation, recommendation_note, meeting_id, last_reason.
Result<domain::Application> ReadApplication(const Statement& row) {
  domain::Application a;
  a.id = domain::ApplicationId(row.Int(0));
  const auto kind = domain::ApplicationKindFromString(row.Text(1));
  const auto purpose = domain::ApplicationPurposeFromString(row.Text(2));
  const auto state = domain::ApplicationStateFromString(row.Text(5));
  if (!kind || !purpose || !state || !core::ParseRfc3339(row.Text(7), &a.state_since)) {
    return Corrupt(fmt::format("application {} is malformed", a.id.value()));
  }
  a.kind = *kind;
  a.purpose = *purpose;
  a.applicant = domain::OrganizationId(row.Int(3));
  if (auto r = row.OptionalInt(4)) {
    a.registration_id = domain::RegistrationId(*r);
  }
  a.state = *state;
  a.version = row.Int(6);
  if (auto outcome = row.OptionalText(8)) {
    const auto parsed = domain::RecommendationOutcomeFromString(*outcome);
    if (!parsed) {
      return Corrupt(fmt::format("application {} has a bad recommendation", a.id.value()));
    }
    a.recommendation = domain::Recommendation{*parsed, row.OptionalText(9).value_or("")};
  }
  if (auto m = row.OptionalInt(10)) {
    a.meeting_id = domain::MeetingId(*m);
  }
  a.last_reason = row.Text(11);
  return a;
}

// Columns: id, register_kind, holder_id, number, registered_on, valid_until, state,
// pending_renewal, version.
Result<domain::Registration> ReadRegistration(const Statement& row) {
  domain::Registration r;
  r.id = domain::RegistrationId(row.Int(0));
  const auto kind = domain::ApplicationKindFromString(row.Text(1));
  const auto state = domain::RegistrationStateFromString(row.Text(6));
  if (!kind || !state) {
    return Corrupt(fmt::format("registration {} is malformed", r.id.value()));
  }
  r.register_kind = *kind;
  r.holder = domain::OrganizationId(row.Int(2));
  r.number = row.Text(3);
  ISMAP_ASSIGN_OR_RETURN(r.registered_on, ReadDate(row.Text(4)));
  ISMAP_ASSIGN_OR_RETURN(r.valid_until, ReadDate(row.Text(5)));
  r.state = *state;
  if (auto p = row.OptionalInt(7)) {
    r.pending_renewal = domain::ApplicationId(*p);
  }
  r.version = row.Int(8);
  return r;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(StatementHandle& statement, Read read) {
  std::vector<T> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(T value, read(*statement.operator->()));
    out.push_back(std::move(value));
  }
}

std::optional<std::int64_t> OptionalId(const auto& id) {
  return id ? std::optional<std::int64_t>(id->value()) : std::nullopt;
}

// Binds the mutable columns of an application from index `first`: state, version, state_since,
// recommendation, recommendation_note, meeting_id, last_reason.
void BindMutable(Statement& s, int first, const domain::Application& a) {
  s.Bind(first, domain::ToString(a.state));
  s.Bind(first + 1, a.version);
  s.Bind(first + 2, std::string_view(core::FormatRfc3339(a.state_since)));
  s.Bind(first + 3, a.recommendation
                        ? std::optional<std::string>(std::string(domain::ToString(a.recommendation->outcome)))
                        : std::nullopt);
  s.Bind(first + 4, a.recommendation ? std::optional<std::string>(a.recommendation->note) : std::nullopt);
  s.Bind(first + 5, OptionalId(a.meeting_id));
  s.Bind(first + 6, std::string_view(a.last_reason));
}

domain::AgendaItem MakeItem(domain::ApplicationKind kind, domain::AgendaItemKind item_kind, std::int64_t subject) {
  return item_kind == domain::AgendaItemKind::kApplication
             ? domain::AgendaItem::ForApplication(kind, domain::ApplicationId(subject))
             : domain::AgendaItem::ForRegistration(kind, domain::RegistrationId(subject));
}

std::int64_t SubjectId(const domain::AgendaItem& item) {
  return std::visit([](const auto& id) { return id.value(); }, item.subject);
}

}  // namespace

Result<domain::Application> ReadApplicationRow(const Statement& row) { return ReadApplication(row); }
Result<domain::Registration> ReadRegistrationRow(const Statement& row) { return ReadRegistration(row); }

// Applications.

Result<domain::Application> SqliteApplicationRepository::Insert(const domain::Application& application,
                                                                core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertApplication));
  s->Bind(1, domain::ToString(application.kind));
  s->Bind(2, domain::ToString(application.purpose));
  s->Bind(3, application.applicant.value());
  s->Bind(4, OptionalId(application.registration_id));
  s->Bind(5, domain::ToString(application.state));
  s->Bind(6, application.version);
  s->Bind(7, std::string_view(core::FormatRfc3339(application.state_since)));
  s->Bind(8, application.recommendation
                 ? std::optional<std::string>(std::string(domain::ToString(application.recommendation->outcome)))
                 : std::nullopt);
  s->Bind(9, application.recommendation ? std::optional<std::string>(application.recommendation->note) : std::nullopt);
  s->Bind(10, OptionalId(application.meeting_id));
  s->Bind(11, std::string_view(application.last_reason));
  s->Bind(12, std::string_view(core::FormatRfc3339(now)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_application returned no id");
  }
  domain::Application stored = application;
  stored.id = domain::ApplicationId(s->Int(0));
  return stored;
}

Result<domain::Application> SqliteApplicationRepository::Get(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectApplication));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "application.not_found",
                           fmt::format("application {} not found", id.value()));
  }
  return ReadApplication(*s.operator->());
}

Result<void> SqliteApplicationRepository::Update(const domain::Application& application,
                                                 std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateApplication));
  s->Bind(1, application.id.value());
  s->Bind(2, expected_version);
  BindMutable(*s.operator->(), 3, application);
  s->Bind(10, OptionalId(application.registration_id));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return core::MakeError(
        core::ErrorCode::kConflict, "application.stale_version",
        fmt::format("application {} is not at version {}", application.id.value(), expected_version));
  }
  return core::Ok();
}

Result<std::vector<domain::Application>> SqliteApplicationRepository::ListByApplicant(domain::ApplicationKind kind,
                                                                                      domain::OrganizationId applicant,
                                                                                      int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListApplicationsByApplicant));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, applicant.value());
  s->Bind(3, static_cast<std::int64_t>(limit));
  s->Bind(4, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Application>(s, ReadApplication);
}

Result<std::vector<domain::Application>> SqliteApplicationRepository::ListByStates(
    domain::ApplicationKind kind, const std::vector<domain::ApplicationState>& states, int limit, int offset) {
  nlohmann::json names = nlohmann::json::array();
  for (auto state : states) {
    names.push_back(std::string(domain::ToString(state)));
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListApplicationsByStates));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, std::string_view(names.dump()));
  s->Bind(3, static_cast<std::int64_t>(limit));
  s->Bind(4, static_cast<std::int64_t>(offset));
  return ReadRows<domain::Application>(s, ReadApplication);
}

Result<void> SqliteApplicationRepository::PutAuditBodyContent(domain::ApplicationId id,
                                                              const AuditBodyDossier& dossier) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle exists, connection_.Prepare(kApplicationExists));
    exists->Bind(1, id.value());
    ISMAP_ASSIGN_OR_RETURN(bool row, exists->Step());
    if (!row) {
      return core::MakeError(core::ErrorCode::kNotFound, "application.not_found",
                             fmt::format("application {} not found", id.value()));
    }
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpsertAuditBodyContent));
  s->Bind(1, id.value());
  s->Bind(2, std::string_view(EncodeAuditBodyContent(dossier.content)));
  s->Bind(3, std::string_view(dossier.contact_email));
  s->Bind(4, std::string_view(dossier.contact_phone));
  return s->Run();
}

Result<AuditBodyDossier> SqliteApplicationRepository::GetAuditBodyContent(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectAuditBodyContent));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "application.content_not_found",
                           fmt::format("application {} has no content", id.value()));
  }
  AuditBodyDossier dossier;
  ISMAP_ASSIGN_OR_RETURN(dossier.content, DecodeAuditBodyContent(s->Text(0)));
  dossier.contact_email = s->Text(1);
  dossier.contact_phone = s->Text(2);
  return dossier;
}

Result<void> PutEvaluationRow(Connection& connection, const Query& upsert, domain::ApplicationId id,
                              const domain::Evaluation& evaluation) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection.Prepare(upsert));
  s->Bind(1, id.value());
  s->Bind(2, std::string_view(evaluation.requirement_set_version));
  s->Bind(3, std::string_view(EncodeAssessments(evaluation.items)));
  return s->Run();
}

Result<std::optional<domain::Evaluation>> GetEvaluationRow(Connection& connection, const Query& select,
                                                           domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection.Prepare(select));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return std::optional<domain::Evaluation>();
  }
  domain::Evaluation evaluation;
  evaluation.requirement_set_version = s->Text(0);
  ISMAP_ASSIGN_OR_RETURN(evaluation.items, DecodeAssessments(s->Text(1)));
  return std::optional<domain::Evaluation>(std::move(evaluation));
}

Result<void> SqliteApplicationRepository::PutEvaluation(domain::ApplicationId id,
                                                        const domain::Evaluation& evaluation) {
  return PutEvaluationRow(connection_, kUpsertEvaluation, id, evaluation);
}

Result<std::optional<domain::Evaluation>> SqliteApplicationRepository::GetEvaluation(domain::ApplicationId id) {
  return GetEvaluationRow(connection_, kSelectEvaluation, id);
}

// Requirement sets.

Result<void> SqliteRequirementSetRepository::Insert(const domain::RequirementSet& set, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertRequirementSet));
  s->Bind(1, std::string_view(set.version));
  s->Bind(2, std::string_view(EncodeRequirementItems(set.items)));
  s->Bind(3, std::string_view(core::FormatRfc3339(now)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return Duplicate("requirement_set.duplicate_version", fmt::format("requirement set \"{}\" exists", set.version));
  }
  return core::Ok();
}

namespace {
Result<domain::RequirementSet> ReadSet(StatementHandle& s, const std::string& what) {
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "requirement_set.not_found",
                           fmt::format("requirement set {} not found", what));
  }
  domain::RequirementSet set;
  set.version = s->Text(0);
  ISMAP_ASSIGN_OR_RETURN(set.items, DecodeRequirementItems(s->Text(1)));
  return set;
}
}  // namespace

Result<domain::RequirementSet> SqliteRequirementSetRepository::Get(const std::string& version) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectRequirementSet));
  s->Bind(1, std::string_view(version));
  return ReadSet(s, "\"" + version + "\"");
}

Result<domain::RequirementSet> SqliteRequirementSetRepository::Current() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectCurrentRequirementSet));
  return ReadSet(s, "(current)");
}

// Committee.

Result<domain::Meeting> SqliteCommitteeRepository::InsertMeeting(const domain::Date& date, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertMeeting));
  s->Bind(1, std::string_view(domain::FormatDate(date)));
  s->Bind(2, std::string_view(core::FormatRfc3339(now)));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("insert_meeting returned no id");
  }
  domain::Meeting meeting;
  meeting.id = domain::MeetingId(s->Int(0));
  meeting.date = date;
  return meeting;
}

Result<void> SqliteCommitteeRepository::Complete(domain::Meeting& meeting) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectAgenda));
    s->Bind(1, meeting.id.value());
    while (true) {
      ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) {
        break;
      }
      const auto kind = domain::ApplicationKindFromString(s->Text(0));
      const auto item_kind = domain::AgendaItemKindFromString(s->Text(1));
      if (!kind || !item_kind) {
        return Corrupt(fmt::format("meeting {} has a malformed agenda item", meeting.id.value()));
      }
      meeting.agenda.push_back(MakeItem(*kind, *item_kind, s->Int(2)));
    }
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectDecisions));
  s->Bind(1, meeting.id.value());
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return core::Ok();
    }
    const auto kind = domain::ApplicationKindFromString(s->Text(0));
    const auto item_kind = domain::AgendaItemKindFromString(s->Text(1));
    const auto outcome = domain::DecisionOutcomeFromString(s->Text(3));
    domain::Decision decision;
    if (!kind || !item_kind || !outcome || !core::ParseRfc3339(s->Text(5), &decision.decided_at)) {
      return Corrupt(fmt::format("meeting {} has a malformed decision", meeting.id.value()));
    }
    decision.meeting_id = meeting.id;
    decision.item = MakeItem(*kind, *item_kind, s->Int(2));
    decision.outcome = *outcome;
    decision.reason = s->Text(4);
    meeting.decisions.push_back(std::move(decision));
  }
}

namespace {
Result<domain::Meeting> ReadMeeting(const Statement& row) {
  domain::Meeting meeting;
  meeting.id = domain::MeetingId(row.Int(0));
  ISMAP_ASSIGN_OR_RETURN(meeting.date, ReadDate(row.Text(1)));
  ISMAP_ASSIGN_OR_RETURN(meeting.members_present, DecodeUserIds(row.Text(2)));
  return meeting;
}
}  // namespace

Result<domain::Meeting> SqliteCommitteeRepository::GetMeeting(domain::MeetingId id) {
  domain::Meeting meeting;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectMeeting));
    s->Bind(1, id.value());
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return core::MakeError(core::ErrorCode::kNotFound, "committee.meeting_not_found",
                             fmt::format("meeting {} not found", id.value()));
    }
    ISMAP_ASSIGN_OR_RETURN(meeting, ReadMeeting(*s.operator->()));
  }
  ISMAP_RETURN_IF_ERROR(Complete(meeting));
  return meeting;
}

Result<std::vector<domain::Meeting>> SqliteCommitteeRepository::ListMeetings(int limit, int offset) {
  std::vector<domain::Meeting> meetings;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListMeetings));
    s->Bind(1, static_cast<std::int64_t>(limit));
    s->Bind(2, static_cast<std::int64_t>(offset));
    ISMAP_ASSIGN_OR_RETURN(meetings, ReadRows<domain::Meeting>(s, ReadMeeting));
  }
  for (auto& meeting : meetings) {
    ISMAP_RETURN_IF_ERROR(Complete(meeting));
  }
  return meetings;
}

Result<void> SqliteCommitteeRepository::SetMembersPresent(domain::MeetingId id,
                                                          const std::vector<domain::UserId>& members) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateMeetingMembers));
  s->Bind(1, id.value());
  s->Bind(2, std::string_view(EncodeUserIds(members)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "committee.meeting_not_found",
                           fmt::format("meeting {} not found", id.value()));
  }
  return core::Ok();
}

Result<void> SqliteCommitteeRepository::AddAgendaItem(domain::MeetingId id, const domain::AgendaItem& item) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertAgendaItem));
  s->Bind(1, id.value());
  s->Bind(2, domain::ToString(item.register_kind));
  s->Bind(3, domain::ToString(item.kind()));
  s->Bind(4, SubjectId(item));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return Duplicate("committee.already_on_agenda", "the item is already on the meeting's agenda");
  }
  return core::Ok();
}

Result<void> SqliteCommitteeRepository::InsertDecision(const domain::Decision& decision) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertDecision));
  s->Bind(1, decision.meeting_id.value());
  s->Bind(2, domain::ToString(decision.item.register_kind));
  s->Bind(3, domain::ToString(decision.item.kind()));
  s->Bind(4, SubjectId(decision.item));
  s->Bind(5, domain::ToString(decision.outcome));
  s->Bind(6, std::string_view(decision.reason));
  s->Bind(7, std::string_view(core::FormatRfc3339(decision.decided_at)));
  ISMAP_RETURN_IF_ERROR(s->Run());
  if (connection_.Changes() == 0) {
    return Duplicate("committee.already_decided", "the meeting already decided this item");
  }
  return core::Ok();
}

// Registrations.

Result<std::int64_t> SqliteRegistrationRepository::NextSerial(domain::ApplicationKind kind, int year) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kNextSerial));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, static_cast<std::int64_t>(year));
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return Corrupt("next_serial returned no row");
  }
  return s->Int(0);
}

namespace {
Result<void> OpenInterval(Connection& connection, domain::RegistrationId id, const domain::Date& from,
                          domain::RegistrationState state) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection.Prepare(kOpenStatusInterval));
  s->Bind(1, id.value());
  s->Bind(2, std::string_view(domain::FormatDate(from)));
  s->Bind(3, domain::ToString(state));
  return s->Run();
}
}  // namespace

Result<domain::Registration> SqliteRegistrationRepository::Insert(const domain::Registration& registration,
                                                                  core::TimePoint now) {
  domain::Registration stored = registration;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kInsertRegistration));
    s->Bind(1, domain::ToString(registration.register_kind));
    s->Bind(2, registration.holder.value());
    s->Bind(3, std::string_view(registration.number));
    s->Bind(4, std::string_view(domain::FormatDate(registration.registered_on)));
    s->Bind(5, std::string_view(domain::FormatDate(registration.valid_until)));
    s->Bind(6, domain::ToString(registration.state));
    s->Bind(7, OptionalId(registration.pending_renewal));
    s->Bind(8, registration.version);
    s->Bind(9, std::string_view(core::FormatRfc3339(now)));
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      return Duplicate("registration.duplicate_number",
                       fmt::format("registration number {} is taken", registration.number));
    }
    stored.id = domain::RegistrationId(s->Int(0));
  }
  ISMAP_RETURN_IF_ERROR(OpenInterval(connection_, stored.id, stored.registered_on, stored.state));
  return stored;
}

Result<domain::Registration> SqliteRegistrationRepository::Get(domain::RegistrationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectRegistration));
  s->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) {
    return core::MakeError(core::ErrorCode::kNotFound, "registration.not_found",
                           fmt::format("registration {} not found", id.value()));
  }
  return ReadRegistration(*s.operator->());
}

Result<void> SqliteRegistrationRepository::Update(const domain::Registration& registration,
                                                  std::int64_t expected_version, const domain::Date& effective_on) {
  ISMAP_ASSIGN_OR_RETURN(domain::Registration before, Get(registration.id));
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kUpdateRegistration));
    s->Bind(1, registration.id.value());
    s->Bind(2, expected_version);
    s->Bind(3, domain::ToString(registration.state));
    s->Bind(4, std::string_view(domain::FormatDate(registration.valid_until)));
    s->Bind(5, OptionalId(registration.pending_renewal));
    s->Bind(6, registration.version);
    ISMAP_RETURN_IF_ERROR(s->Run());
    if (connection_.Changes() == 0) {
      return core::MakeError(
          core::ErrorCode::kConflict, "registration.stale_version",
          fmt::format("registration {} is not at version {}", registration.id.value(), expected_version));
    }
  }
  if (before.state != registration.state) {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kCloseStatusInterval));
    s->Bind(1, registration.id.value());
    s->Bind(2, std::string_view(domain::FormatDate(effective_on)));
    ISMAP_RETURN_IF_ERROR(s->Run());
    ISMAP_RETURN_IF_ERROR(OpenInterval(connection_, registration.id, effective_on, registration.state));
  }
  return core::Ok();
}

Result<std::vector<domain::Registration>> SqliteRegistrationRepository::List(domain::ApplicationKind kind,
                                                                             const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListRegistrations));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, std::string_view(domain::FormatDate(on)));
  return ReadRows<domain::Registration>(s, ReadRegistration);
}

Result<std::vector<AuditBodyListing>> SqliteRegistrationRepository::ListAuditBodyListing(const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListAuditBodyListing));
  s->Bind(1, std::string_view(domain::FormatDate(on)));
  return ReadRows<AuditBodyListing>(s, [](const Statement& row) -> Result<AuditBodyListing> {
    AuditBodyListing line;
    ISMAP_ASSIGN_OR_RETURN(line.registration, ReadRegistration(row));
    line.name_ja = row.Text(9);
    line.name_en = row.Text(10);
    line.contact_email = row.Text(11);
    line.contact_phone = row.Text(12);
    if (const auto state = row.OptionalText(13)) {
      line.state_on = domain::RegistrationStateFromString(*state);
      if (!line.state_on) {
        return Corrupt(fmt::format("registration {} has a malformed history", line.registration.id.value()));
      }
    }
    return line;
  });
}

Result<std::vector<domain::Registration>> SqliteRegistrationRepository::ListByHolder(domain::ApplicationKind kind,
                                                                                     domain::OrganizationId holder) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListRegistrationsByHolder));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, holder.value());
  return ReadRows<domain::Registration>(s, ReadRegistration);
}

Result<std::vector<domain::Registration>> SqliteRegistrationRepository::ListExpiring(domain::ApplicationKind kind,
                                                                                     const domain::Date& today) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListExpiringRegistrations));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, std::string_view(domain::FormatDate(today)));
  return ReadRows<domain::Registration>(s, ReadRegistration);
}

Result<std::vector<StatusInterval>> SqliteRegistrationRepository::History(domain::RegistrationId id) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kSelectStatusHistory));
  s->Bind(1, id.value());
  return ReadRows<StatusInterval>(s, [](const Statement& row) -> Result<StatusInterval> {
    StatusInterval interval;
    ISMAP_ASSIGN_OR_RETURN(interval.from, ReadDate(row.Text(0)));
    if (auto to = row.OptionalText(1)) {
      ISMAP_ASSIGN_OR_RETURN(interval.to, ReadDate(*to));
    }
    const auto state = domain::RegistrationStateFromString(row.Text(2));
    if (!state) {
      return Corrupt("bad registration state in history");
    }
    interval.state = *state;
    return interval;
  });
}

}  // namespace ismap::storage::sqlite
