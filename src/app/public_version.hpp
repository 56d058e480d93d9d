// The public version: a number that changes whenever the public lists (cloud services, audit
// bodies) may have changed, so that a snapshot of them (http/public_cache.hpp) knows when to drop
// what it holds. The lists change when
//   - a public registration event (app/changes.hpp: published, renewed, suspended, ...) commits,
//     in this process or in another instance on the same database: both are seen by reading the
//     newest sequence of those event types from the ledger (one index seek per type);
//   - a provider edits a service ("service.updated"): the lists show a service's names, regions
//     and scope as they are now;
//   - the committee decides (the programme statistics count rejections too);
//   - the day in Japan changes (a registration's status depends on the date).
// The database is read at most every `check_interval` (portal.snapshot_check_ms), plus at once on
// the next read after NoteLocalWrite(), which the HTTP layer calls when a state-changing request
// of this process has finished, so that a publication here is visible on the very next read.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/date.hpp"
#include "storage/database.hpp"

namespace ismap::app {

class PublicVersion {
 public:
  // `db` and `clock` must outlive this. An interval of 0 reads the database on every Current().
  PublicVersion(storage::Database& db, const core::Clock& clock, std::chrono::milliseconds check_interval);

  // The version now, reading the database first when a check is due. May block on the database:
  // call it from a worker, never from a network thread. A failed read is logged and changes the
  // version (whatever was built on the old one is dropped rather than trusted).
  std::uint64_t Current();
  // The version when no check is due, without blocking; nullopt when Current() would read the
  // database.
  std::optional<std::uint64_t> CurrentIfFresh() const;
  // A state-changing request of this process has finished: the next Current() reads the database.
  void NoteLocalWrite() { check_now_.store(true); }

 private:
  struct Seen {
    std::int64_t sequence = 0;  // the newest public registration event
    domain::Date day;           // today in Japan
    bool operator==(const Seen&) const = default;
  };
  core::Result<Seen> Read();

  storage::Database& db_;
  const core::Clock& clock_;
  const std::chrono::milliseconds interval_;
  const std::vector<std::string> types_;
  std::mutex mu_;             // one database check at a time
  std::optional<Seen> seen_;  // guarded by mu_
  std::atomic<std::uint64_t> version_{1};
  std::atomic<bool> check_now_{true};
  std::atomic<std::int64_t> checked_at_{0};  // steady_clock nanoseconds of the last check
};

}  // namespace ismap::app
