#include "storage/postgres/postgres_workflow.hpp"

#include <fmt/format.h>

#include "storage/postgres/queries.hpp"
#include "storage/workflow_json.hpp"

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

// An insert that met a unique key (ON CONFLICT DO NOTHING changed no row).
core::Error Duplicate(const char* reason, const std::string& message) {
  return core::MakeError(core::ErrorCode::kAlreadyExists, reason, message);
}

std::string Id(std::int64_t value) { return std::to_string(value); }
Param OptionalId(const auto& id) { return id ? Param(Id(id->value())) : std::nullopt; }
std::string Text(std::string_view value) { return std::string(value); }

Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

// Columns: id, kind, purpose, applicant_id, registration_id, state, version, state_since,
// recommendation, recommendation_note, meeting_id, last_reason.
Result<domain::Application> ReadApplication(const PgResult& r, int row) {
  domain::Application a;
  a.id = domain::ApplicationId(r.Int(row, 0));
  const auto kind = domain::ApplicationKindFromString(r.Text(row, 1));
  const auto purpose = domain::ApplicationPurposeFromString(r.Text(row, 2));
  const auto state = domain::ApplicationStateFromString(r.Text(row, 5));
  if (!kind || !purpose || !state || !core::ParseRfc3339(r.Text(row, 7), &a.state_since)) {
    return Corrupt(fmt::format("application {} is malformed", a.id.value()));
  }
  a.kind = *kind;
  a.purpose = *purpose;
  a.applicant = domain::OrganizationId(r.Int(row, 3));
  if (auto id = r.OptionalInt(row, 4)) {
    a.registration_id = domain::RegistrationId(*id);
  }
  a.state = *state;
  a.version = r.Int(row, 6);
  if (auto outcome = r.OptionalText(row, 8)) {
    const auto parsed = domain::RecommendationOutcomeFromString(*outcome);
    if (!parsed) {
      return Corrupt(fmt::format("application {} has a bad recommendation", a.id.value()));
    }
    a.recommendation = domain::Recommendation{*parsed, r.OptionalText(row, 9).value_or("")};
  }
  if (auto m = r.OptionalInt(row, 10)) {
    a.meeting_id = domain::MeetingId(*m);
  }
  a.last_reason = r.Text(row, 11);
  return a;
}

// Columns: id, register_kind, holder_id, number, registered_on, valid_until, state,
// pending_renewal, version.
Result<domain::Registration> ReadRegistration(const PgResult& r, int row) {
  domain::Registration reg;
  reg.id = domain::RegistrationId(r.Int(row, 0));
  const auto kind = domain::ApplicationKindFromString(r.Text(row, 1));
  const auto state = domain::RegistrationStateFromString(r.Text(row, 6));
  if (!kind || !state) {
    return Corrupt(fmt::format("registration {} is malformed", reg.id.value()));
  }
  reg.register_kind = *kind;
  reg.holder = domain::OrganizationId(r.Int(row, 2));
  reg.number = r.Text(row, 3);
  ISMAP_ASSIGN_OR_RETURN(reg.registered_on, ReadDate(r.Text(row, 4)));
  ISMAP_ASSIGN_OR_RETURN(reg.valid_until, ReadDate(r.Text(row, 5)));
  reg.state = *state;
  if (auto p = r.OptionalInt(row, 7)) {
    reg.pending_renewal = domain::ApplicationId(*p);
  }
  reg.version = r.Int(row, 8);
  return reg;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

Param RecommendationOutcome(const domain::Application& a) {
  return a.recommendation ? Param(Text(domain::ToString(a.recommendation->outcome))) : std::nullopt;
}
Param RecommendationNote(const domain::Application& a) {
  return a.recommendation ? Param(a.recommendation->note) : std::nullopt;
}

domain::AgendaItem MakeItem(domain::ApplicationKind kind, domain::AgendaItemKind item_kind, std::int64_t subject) {
  return item_kind == domain::AgendaItemKind::kApplication
             ? domain::AgendaItem::ForApplication(kind, domain::ApplicationId(subject))
             : domain::AgendaItem::ForRegistration(kind, domain::RegistrationId(subject));
}

std::int64_t SubjectId(const domain::AgendaItem& item) {
  return std::visit([](const auto& id) { return id.value(); }, item.subject);
}

core::Error ApplicationNotFound(domain::ApplicationId id) {
  return core::MakeError(core::ErrorCode::kNotFound, "application.not_found",
                         fmt::format("application {} not found", id.value()));
}

Result<domain::RequirementSet> ReadSet(const PgResult& r, const std::string& what) {
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "requirement_set.not_found",
                           fmt::format("requirement set {} not found", what));
  }
  domain::RequirementSet set;
  set.version = r.Text(0, 0);
  ISMAP_ASSIGN_OR_RETURN(set.items, DecodeRequirementItems(r.Text(0, 1)));
  return set;
}

Result<domain::Meeting> ReadMeeting(const PgResult& r, int row) {
  domain::Meeting meeting;
  meeting.id = domain::MeetingId(r.Int(row, 0));
  ISMAP_ASSIGN_OR_RETURN(meeting.date, ReadDate(r.Text(row, 1)));
  ISMAP_ASSIGN_OR_RETURN(meeting.members_present, DecodeUserIds(r.Text(row, 2)));
  return meeting;
}

}  // namespace

Result<domain::Application> ReadApplicationRow(const PgResult& r, int row) { return ReadApplication(r, row); }
Result<domain::Registration> ReadRegistrationRow(const PgResult& r, int row) { return ReadRegistration(r, row); }

// Applications.

Result<domain::Application> PostgresApplicationRepository::Insert(const domain::Application& a, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kInsertApplication,
                      {Text(domain::ToString(a.kind)), Text(domain::ToString(a.purpose)), Id(a.applicant.value()),
                       OptionalId(a.registration_id), Text(domain::ToString(a.state)), Id(a.version),
                       core::FormatRfc3339(a.state_since), RecommendationOutcome(a), RecommendationNote(a),
                       OptionalId(a.meeting_id), a.last_reason, core::FormatRfc3339(now)}));
  domain::Application stored = a;
  stored.id = domain::ApplicationId(r.Int(0, 0));
  return stored;
}

Result<domain::Application> PostgresApplicationRepository::Get(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectApplication, {Id(id.value())}));
  if (r.Rows() == 0) {
    return ApplicationNotFound(id);
  }
  return ReadApplication(r, 0);
}

Result<void> PostgresApplicationRepository::Update(const domain::Application& a, std::int64_t expected_version) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kUpdateApplication,
                      {Id(a.id.value()), Id(expected_version), Text(domain::ToString(a.state)), Id(a.version),
                       core::FormatRfc3339(a.state_since), RecommendationOutcome(a), RecommendationNote(a),
                       OptionalId(a.meeting_id), a.last_reason, OptionalId(a.registration_id)}));
  if (r.AffectedRows() == 0) {
    return core::MakeError(core::ErrorCode::kConflict, "application.stale_version",
                           fmt::format("application {} is not at version {}", a.id.value(), expected_version));
  }
  return core::Ok();
}

Result<std::vector<domain::Application>> PostgresApplicationRepository::ListByApplicant(
    domain::ApplicationKind kind, domain::OrganizationId applicant, int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kListApplicationsByApplicant, {Text(domain::ToString(kind)), Id(applicant.value()),
                                                                 std::to_string(limit), std::to_string(offset)}));
  return ReadRows<domain::Application>(r, ReadApplication);
}

Result<std::vector<domain::Application>> PostgresApplicationRepository::ListByStates(
    domain::ApplicationKind kind, const std::vector<domain::ApplicationState>& states, int limit, int offset) {
  ArrayParam names;
  for (auto state : states) {
    names.Add(domain::ToString(state));
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kListApplicationsByStates, {Text(domain::ToString(kind)), names.Literal(),
                                                                     std::to_string(limit), std::to_string(offset)}));
  return ReadRows<domain::Application>(r, ReadApplication);
}

Result<void> PostgresApplicationRepository::PutAuditBodyContent(domain::ApplicationId id,
                                                                const AuditBodyDossier& dossier) {
  ISMAP_ASSIGN_OR_RETURN(PgResult exists, connection_.Run(kApplicationExists, {Id(id.value())}));
  if (exists.Rows() == 0) {
    return ApplicationNotFound(id);
  }
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kUpsertAuditBodyContent, {Id(id.value()), EncodeAuditBodyContent(dossier.content),
                                                            dossier.contact_email, dossier.contact_phone}));
  return core::Ok();
}

Result<AuditBodyDossier> PostgresApplicationRepository::GetAuditBodyContent(domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectAuditBodyContent, {Id(id.value())}));
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "application.content_not_found",
                           fmt::format("application {} has no content", id.value()));
  }
  AuditBodyDossier dossier;
  ISMAP_ASSIGN_OR_RETURN(dossier.content, DecodeAuditBodyContent(r.Text(0, 0)));
  dossier.contact_email = r.Text(0, 1);
  dossier.contact_phone = r.Text(0, 2);
  return dossier;
}

Result<void> PutEvaluationRow(PgConnection& connection, const Query& upsert, domain::ApplicationId id,
                              const domain::Evaluation& evaluation) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection.Run(upsert, {Id(id.value()), evaluation.requirement_set_version,
                                                             EncodeAssessments(evaluation.items)}));
  return core::Ok();
}

Result<std::optional<domain::Evaluation>> GetEvaluationRow(PgConnection& connection, const Query& select,
                                                           domain::ApplicationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection.Run(select, {Id(id.value())}));
  if (r.Rows() == 0) {
    return std::optional<domain::Evaluation>();
  }
  domain::Evaluation evaluation;
  evaluation.requirement_set_version = r.Text(0, 0);
  ISMAP_ASSIGN_OR_RETURN(evaluation.items, DecodeAssessments(r.Text(0, 1)));
  return std::optional<domain::Evaluation>(std::move(evaluation));
}

Result<void> PostgresApplicationRepository::PutEvaluation(domain::ApplicationId id,
                                                          const domain::Evaluation& evaluation) {
  return PutEvaluationRow(connection_, kUpsertEvaluation, id, evaluation);
}

Result<std::optional<domain::Evaluation>> PostgresApplicationRepository::GetEvaluation(domain::ApplicationId id) {
  return GetEvaluationRow(connection_, kSelectEvaluation, id);
}

// Requirement sets.

Result<void> PostgresRequirementSetRepository::Insert(const domain::RequirementSet& set, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kInsertRequirementSet,
                                         {set.version, EncodeRequirementItems(set.items), core::FormatRfc3339(now)}));
  if (r.AffectedRows() == 0) {
    return Duplicate("requirement_set.duplicate_version", fmt::format("requirement set \"{}\" exists", set.version));
  }
  return core::Ok();
}

Result<domain::RequirementSet> PostgresRequirementSetRepository::Get(const std::string& version) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectRequirementSet, {version}));
  return ReadSet(r, "\"" + version + "\"");
}

Result<domain::RequirementSet> PostgresRequirementSetRepository::Current() {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectCurrentRequirementSet));
  return ReadSet(r, "(current)");
}

// Committee.

Result<domain::Meeting> PostgresCommitteeRepository::InsertMeeting(const domain::Date& date, core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kInsertMeeting, {domain::FormatDate(date), core::FormatRfc3339(now)}));
  domain::Meeting meeting;
  meeting.id = domain::MeetingId(r.Int(0, 0));
  meeting.date = date;
  return meeting;
}

Result<void> PostgresCommitteeRepository::Complete(domain::Meeting& meeting) {
  {
    ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectAgenda, {Id(meeting.id.value())}));
    for (int row = 0; row < r.Rows(); ++row) {
      const auto kind = domain::ApplicationKindFromString(r.Text(row, 0));
      const auto item_kind = domain::AgendaItemKindFromString(r.Text(row, 1));
      if (!kind || !item_kind) {
        return Corrupt(fmt::format("meeting {} has a malformed agenda item", meeting.id.value()));
      }
      meeting.agenda.push_back(MakeItem(*kind, *item_kind, r.Int(row, 2)));
    }
  }
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectDecisions, {Id(meeting.id.value())}));
  for (int row = 0; row < r.Rows(); ++row) {
    const auto kind = domain::ApplicationKindFromString(r.Text(row, 0));
    const auto item_kind = domain::AgendaItemKindFromString(r.Text(row, 1));
    const auto outcome = domain::DecisionOutcomeFromString(r.Text(row, 3));
    domain::Decision decision;
    if (!kind || !item_kind || !outcome || !core::ParseRfc3339(r.Text(row, 5), &decision.decided_at)) {
      return Corrupt(fmt::format("meeting {} has a malformed decision", meeting.id.value()));
    }
    decision.meeting_id = meeting.id;
    decision.item = MakeItem(*kind, *item_kind, r.Int(row, 2));
    decision.outcome = *outcome;
    decision.reason = r.Text(row, 4);
    meeting.decisions.push_back(std::move(decision));
  }
  return core::Ok();
}

Result<domain::Meeting> PostgresCommitteeRepository::GetMeeting(domain::MeetingId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectMeeting, {Id(id.value())}));
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "committee.meeting_not_found",
                           fmt::format("meeting {} not found", id.value()));
  }
  ISMAP_ASSIGN_OR_RETURN(domain::Meeting meeting, ReadMeeting(r, 0));
  ISMAP_RETURN_IF_ERROR(Complete(meeting));
  return meeting;
}

Result<std::vector<domain::Meeting>> PostgresCommitteeRepository::ListMeetings(int limit, int offset) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListMeetings, {std::to_string(limit), std::to_string(offset)}));
  ISMAP_ASSIGN_OR_RETURN(auto meetings, ReadRows<domain::Meeting>(r, ReadMeeting));
  for (auto& meeting : meetings) {
    ISMAP_RETURN_IF_ERROR(Complete(meeting));
  }
  return meetings;
}

Result<void> PostgresCommitteeRepository::SetMembersPresent(domain::MeetingId id,
                                                            const std::vector<domain::UserId>& members) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kUpdateMeetingMembers, {Id(id.value()), EncodeUserIds(members)}));
  if (r.AffectedRows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "committee.meeting_not_found",
                           fmt::format("meeting {} not found", id.value()));
  }
  return core::Ok();
}

Result<void> PostgresCommitteeRepository::AddAgendaItem(domain::MeetingId id, const domain::AgendaItem& item) {
  ISMAP_RETURN_IF_ERROR(connection_.Run(kLockMeeting, {Id(id.value())}));
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kInsertAgendaItem, {Id(id.value()), Text(domain::ToString(item.register_kind)),
                                                      Text(domain::ToString(item.kind())), Id(SubjectId(item))}));
  if (r.AffectedRows() == 0) {
    return Duplicate("committee.already_on_agenda", "the item is already on the meeting's agenda");
  }
  return core::Ok();
}

Result<void> PostgresCommitteeRepository::InsertDecision(const domain::Decision& d) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kInsertDecision,
                                  {Id(d.meeting_id.value()), Text(domain::ToString(d.item.register_kind)),
                                   Text(domain::ToString(d.item.kind())), Id(SubjectId(d.item)),
                                   Text(domain::ToString(d.outcome)), d.reason, core::FormatRfc3339(d.decided_at)}));
  if (r.AffectedRows() == 0) {
    return Duplicate("committee.already_decided", "the meeting already decided this item");
  }
  return core::Ok();
}

// Registrations.

Result<std::int64_t> PostgresRegistrationRepository::NextSerial(domain::ApplicationKind kind, int year) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kNextSerial, {Text(domain::ToString(kind)), std::to_string(year)}));
  return r.Int(0, 0);
}

Result<domain::Registration> PostgresRegistrationRepository::Insert(const domain::Registration& reg,
                                                                    core::TimePoint now) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kInsertRegistration,
                                  {Text(domain::ToString(reg.register_kind)), Id(reg.holder.value()), reg.number,
                                   domain::FormatDate(reg.registered_on), domain::FormatDate(reg.valid_until),
                                   Text(domain::ToString(reg.state)), OptionalId(reg.pending_renewal), Id(reg.version),
                                   core::FormatRfc3339(now)}));
  if (r.Rows() == 0) {
    return Duplicate("registration.duplicate_number", fmt::format("registration number {} is taken", reg.number));
  }
  domain::Registration stored = reg;
  stored.id = domain::RegistrationId(r.Int(0, 0));
  ISMAP_ASSIGN_OR_RETURN(
      PgResult opened,
      connection_.Run(kOpenStatusInterval, {Id(stored.id.value()), domain::FormatDate(stored.registered_on),
                                            Text(domain::ToString(stored.state))}));
  return stored;
}

Result<domain::Registration> PostgresRegistrationRepository::Get(domain::RegistrationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectRegistration, {Id(id.value())}));
  if (r.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "registration.not_found",
                           fmt::format("registration {} not found", id.value()));
  }
  return ReadRegistration(r, 0);
}

Result<void> PostgresRegistrationRepository::Update(const domain::Registration& reg, std::int64_t expected_version,
                                                    const domain::Date& effective_on) {
  ISMAP_ASSIGN_OR_RETURN(domain::Registration before, Get(reg.id));
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r,
      connection_.Run(kUpdateRegistration,
                      {Id(reg.id.value()), Id(expected_version), Text(domain::ToString(reg.state)),
                       domain::FormatDate(reg.valid_until), OptionalId(reg.pending_renewal), Id(reg.version)}));
  if (r.AffectedRows() == 0) {
    return core::MakeError(core::ErrorCode::kConflict, "registration.stale_version",
                           fmt::format("registration {} is not at version {}", reg.id.value(), expected_version));
  }
  if (before.state != reg.state) {
    ISMAP_ASSIGN_OR_RETURN(
        PgResult closed, connection_.Run(kCloseStatusInterval, {Id(reg.id.value()), domain::FormatDate(effective_on)}));
    ISMAP_ASSIGN_OR_RETURN(PgResult opened,
                           connection_.Run(kOpenStatusInterval, {Id(reg.id.value()), domain::FormatDate(effective_on),
                                                                 Text(domain::ToString(reg.state))}));
  }
  return core::Ok();
}

Result<std::vector<domain::Registration>> PostgresRegistrationRepository::List(domain::ApplicationKind kind,
                                                                               const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kListRegistrations, {Text(domain::ToString(kind)), domain::FormatDate(on)}));
  return ReadRows<domain::Registration>(r, ReadRegistration);
}

Result<std::vector<AuditBodyListing>> PostgresRegistrationRepository::ListAuditBodyListing(const domain::Date& on) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListAuditBodyListing, {domain::FormatDate(on)}));
  return ReadRows<AuditBodyListing>(r, [](const PgResult& result, int row) -> Result<AuditBodyListing> {
    AuditBodyListing line;
    ISMAP_ASSIGN_OR_RETURN(line.registration, ReadRegistration(result, row));
    line.name_ja = result.Text(row, 9);
    line.name_en = result.Text(row, 10);
    line.contact_email = result.Text(row, 11);
    line.contact_phone = result.Text(row, 12);
    if (const auto state = result.OptionalText(row, 13)) {
      line.state_on = domain::RegistrationStateFromString(*state);
      if (!line.state_on) {
        return Corrupt(fmt::format("registration {} has a malformed history", line.registration.id.value()));
      }
    }
    return line;
  });
}

Result<std::vector<domain::Registration>> PostgresRegistrationRepository::ListByHolder(domain::ApplicationKind kind,
                                                                                       domain::OrganizationId holder) {
  ISMAP_ASSIGN_OR_RETURN(
      PgResult r, connection_.Run(kListRegistrationsByHolder, {Text(domain::ToString(kind)), Id(holder.value())}));
  return ReadRows<domain::Registration>(r, ReadRegistration);
}

Result<std::vector<domain::Registration>> PostgresRegistrationRepository::ListExpiring(domain::ApplicationKind kind,
                                                                                       const domain::Date& today) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListExpiringRegistrations,
                                                     {Text(domain::ToString(kind)), domain::FormatDate(today)}));
  return ReadRows<domain::Registration>(r, ReadRegistration);
}

Result<std::vector<StatusInterval>> PostgresRegistrationRepository::History(domain::RegistrationId id) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kSelectStatusHistory, {Id(id.value())}));
  return ReadRows<StatusInterval>(r, [](const PgResult& result, int row) -> Result<StatusInterval> {
    StatusInterval interval;
    ISMAP_ASSIGN_OR_RETURN(interval.from, ReadDate(result.Text(row, 0)));
    if (auto to = result.OptionalText(row, 1)) {
      ISMAP_ASSIGN_OR_RETURN(interval.to, ReadDate(*to));
    }
    const auto state = domain::RegistrationStateFromString(result.Text(row, 2));
    if (!state) {
      return Corrupt("bad registration state in history");
    }
    interval.state = *state;
    return interval;
  });
}

}  // namespace ismap::storage::postgres
