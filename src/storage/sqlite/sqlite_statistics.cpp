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

// One application's first row: its own columns and its service's.
Result<ApplicationTimeline> ReadTimeline(domain::ApplicationId id, const std::string& purpose, const std::string& state,
                                         const std::string& since, const std::optional<std::string>& track,
                                         const std::optional<std::string>& model) {
  ApplicationTimeline t;
  t.id = id;
  const auto p = domain::ApplicationPurposeFromString(purpose);
  const auto st = domain::ApplicationStateFromString(state);
  if (!p || !st || !core::ParseRfc3339(since, &t.state_since)) {
    return Corrupt(fmt::format("application {} has a bad purpose, state or time", id.value()));
  }
  t.purpose = *p;
  t.state = *st;
  if (track) {
    t.track = domain::TrackFromString(*track);
  }
  if (model) {
    t.model = domain::ServiceModelFromString(*model);
  }
  if ((track && !t.track) || (model && !t.model)) {
    return Corrupt(fmt::format("application {} is for a service with a bad track or model", id.value()));
  }
  return t;
}

// An event's time and the state its payload names; nullopt for a state that is not an
// application's (read as app/cloud_service_applications.cpp's StateTimes reads it).
Result<std::optional<domain::StateChange>> ReadChange(domain::ApplicationId id, const std::string& at,
                                                      const std::string& state) {
  domain::StateChange change;
  if (!core::ParseRfc3339(at, &change.at)) {
    return Corrupt(fmt::format("an event about application {} has a bad time", id.value()));
  }
  const auto st = domain::ApplicationStateFromString(state);
  if (!st) {
    return std::optional<domain::StateChange>();
  }
  change.state = *st;
  return std::optional<domain::StateChange>(change);
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
      if (auto model = r.OptionalText(9)) {
        life.model = domain::ServiceModelFromString(*model);
        if (!life.model) {
          return Corrupt(fmt::format("registration {} has a service with a bad model", id.value()));
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

Result<std::vector<ApplicationTimeline>> SqliteStatisticsRepository::ApplicationTimelines(
    domain::ApplicationKind kind) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle s, connection_.Prepare(kListApplicationTimelines));
  s->Bind(1, domain::ToString(kind));
  std::vector<ApplicationTimeline> out;
  for (;;) {
    ISMAP_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) {
      break;
    }
    const Statement& r = *s.operator->();
    const domain::ApplicationId id(r.Int(0));
    if (out.empty() || out.back().id != id) {
      ISMAP_ASSIGN_OR_RETURN(auto timeline,
                             ReadTimeline(id, r.Text(1), r.Text(2), r.Text(3), r.OptionalText(4), r.OptionalText(5)));
      out.push_back(std::move(timeline));
    }
    const auto at = r.OptionalText(6);
    const auto state = r.OptionalText(7);
    if (at && state) {
      ISMAP_ASSIGN_OR_RETURN(auto change, ReadChange(id, *at, *state));
      if (change) {
        out.back().changes.push_back(*change);
      }
    }
  }
  return out;
}

}  // namespace ismap::storage::sqlite
