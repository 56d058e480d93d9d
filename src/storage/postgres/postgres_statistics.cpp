#include "storage/postgres/postgres_statistics.hpp"

#include <fmt/format.h>

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
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

Result<std::vector<RegistrationLife>> PostgresStatisticsRepository::RegistrationLives(domain::ApplicationKind kind) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListRegistrationLives, {std::string(domain::ToString(kind))}));
  std::vector<RegistrationLife> lives;
  for (int row = 0; row < r.Rows(); ++row) {
    const domain::RegistrationId id(r.Int(row, 0));
    if (lives.empty() || lives.back().registration.id != id) {
      RegistrationLife life;
      life.registration.id = id;
      life.registration.register_kind = kind;
      ISMAP_ASSIGN_OR_RETURN(life.registration.registered_on, ReadDate(r.Text(row, 1)));
      ISMAP_ASSIGN_OR_RETURN(life.registration.valid_until, ReadDate(r.Text(row, 2)));
      ISMAP_ASSIGN_OR_RETURN(life.registration.state, ReadState(r.Text(row, 3)));
      if (auto pending = r.OptionalInt(row, 4)) {
        life.registration.pending_renewal = domain::ApplicationId(*pending);
      }
      if (auto track = r.OptionalText(row, 5)) {
        life.track = domain::TrackFromString(*track);
        if (!life.track) {
          return Corrupt(fmt::format("registration {} has a service with a bad track", id.value()));
        }
      }
      if (auto model = r.OptionalText(row, 9)) {
        life.model = domain::ServiceModelFromString(*model);
        if (!life.model) {
          return Corrupt(fmt::format("registration {} has a service with a bad model", id.value()));
        }
      }
      lives.push_back(std::move(life));
    }
    if (auto from = r.OptionalText(row, 6)) {
      StatusInterval interval;
      ISMAP_ASSIGN_OR_RETURN(interval.from, ReadDate(*from));
      if (auto to = r.OptionalText(row, 7)) {
        ISMAP_ASSIGN_OR_RETURN(interval.to, ReadDate(*to));
      }
      ISMAP_ASSIGN_OR_RETURN(interval.state, ReadState(r.Text(row, 8)));
      lives.back().history.push_back(interval);
    }
  }
  return lives;
}

Result<std::vector<DecisionTime>> PostgresStatisticsRepository::DecisionTimes(domain::ApplicationKind kind,
                                                                              const std::string& submitted_type) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r,
                         connection_.Run(kListDecisionTimes, {std::string(domain::ToString(kind)), submitted_type}));
  std::vector<DecisionTime> out;
  for (int row = 0; row < r.Rows(); ++row) {
    const auto submitted = r.OptionalText(row, 1);
    if (!submitted) {
      continue;
    }
    DecisionTime time;
    time.application = domain::ApplicationId(r.Int(row, 0));
    if (!core::ParseRfc3339(*submitted, &time.submitted_at) || !core::ParseRfc3339(r.Text(row, 2), &time.decided_at)) {
      return Corrupt(fmt::format("application {} has a bad time", time.application.value()));
    }
    out.push_back(time);
  }
  return out;
}

Result<std::vector<ApplicationTimeline>> PostgresStatisticsRepository::ApplicationTimelines(
    domain::ApplicationKind kind) {
  ISMAP_ASSIGN_OR_RETURN(PgResult r, connection_.Run(kListApplicationTimelines, {std::string(domain::ToString(kind))}));
  std::vector<ApplicationTimeline> out;
  for (int row = 0; row < r.Rows(); ++row) {
    const domain::ApplicationId id(r.Int(row, 0));
    if (out.empty() || out.back().id != id) {
      ISMAP_ASSIGN_OR_RETURN(auto timeline, ReadTimeline(id, r.Text(row, 1), r.Text(row, 2), r.Text(row, 3),
                                                         r.OptionalText(row, 4), r.OptionalText(row, 5)));
      out.push_back(std::move(timeline));
    }
    const auto at = r.OptionalText(row, 6);
    const auto state = r.OptionalText(row, 7);
    if (at && state) {
      ISMAP_ASSIGN_OR_RETURN(auto change, ReadChange(id, *at, *state));
      if (change) {
        out.back().changes.push_back(*change);
      }
    }
  }
  return out;
}

}  // namespace ismap::storage::postgres
