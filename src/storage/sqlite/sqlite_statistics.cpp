#include "storage/sqlite/sqlite_statistics.hpp"

#include <fmt/format.h>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

Result<domain::Date> ReadDate(const std::string& text) {
  auto date = domain::ParseDate(text);
  if (!date) {
    return Corrupt("bad date " + text);
  }
  return *date;
}

Result<domain::RegistrationState> ReadState(const std::string& text) {
  const auto state = domain::RegistrationStateFromString(text);
  if (!state) {
    return Corrupt("bad registration state " + text);
  }
  return *state;
}

}  // namespace

Result<std::vector<RegistrationLife>> SqliteStatisticsRepository::RegistrationLives(domain::ApplicationKind kind) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListRegistrationLives));
  s->Bind(1, domain::ToString(kind));
  std::vector<RegistrationLife> lives;
  for (;;) {
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      break;
    }
    const Statement& r = *s.operator->();
    const domain::RegistrationId id(r.Int(0));
    if (lives.empty() || lives.back().registration.id != id) {
      RegistrationLife life;
      life.registration.id = id;
      life.registration.register_kind = kind;
      ISMAP_ASSIGN_OR_RETURN(life.registration.registered_on, ReadDate(r.Text(1)));
      ISMAP_ASSIGN_OR_RETURN(life.registration.valid_until, ReadDate(r.Text(2)));
      ISMAP_ASSIGN_OR_RETURN(life.registration.state, ReadState(r.Text(3)));
      if (auto pending = r.OptionalInt(4)) {
        life.registration.pending_renewal = domain::ApplicationId(*pending);
      }
      if (auto track = r.OptionalText(5)) {
        life.track = domain::TrackFromString(*track);
        if (!life.track) {
          return Corrupt(fmt::format("registration {} has a service with a bad track", id.value()));
        }
      }
      lives.push_back(std::move(life));
    }
    if (auto from = r.OptionalText(6)) {
      StatusInterval interval;
      ISMAP_ASSIGN_OR_RETURN(interval.from, ReadDate(*from));
      if (auto to = r.OptionalText(7)) {
        ISMAP_ASSIGN_OR_RETURN(interval.to, ReadDate(*to));
      }
      ISMAP_ASSIGN_OR_RETURN(interval.state, ReadState(r.Text(8)));
      lives.back().history.push_back(interval);
    }
  }
  return lives;
}

Result<std::vector<DecisionTime>> SqliteStatisticsRepository::DecisionTimes(domain::ApplicationKind kind,
                                                                            const std::string& submitted_type) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListDecisionTimes));
  s->Bind(1, domain::ToString(kind));
  s->Bind(2, std::string_view(submitted_type));
  std::vector<DecisionTime> out;
  for (;;) {
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      break;
    }
    const Statement& r = *s.operator->();
    const auto submitted = r.OptionalText(1);
    if (!submitted) {
      continue;
    }
    DecisionTime time;
    time.application = domain::ApplicationId(r.Int(0));
    if (!core::ParseRfc3339(*submitted, &time.submitted_at) || !core::ParseRfc3339(r.Text(2), &time.decided_at)) {
      return Corrupt(fmt::format("application {} has a bad time", time.application.value()));
    }
    out.push_back(time);
  }
  return out;
}

}  // namespace ismap::storage::sqlite
