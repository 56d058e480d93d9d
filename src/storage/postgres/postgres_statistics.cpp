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

}  // namespace ismap::storage::postgres
