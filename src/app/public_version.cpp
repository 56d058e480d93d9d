#include "app/public_version.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/changes.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

// What the public version watches: the public changes of both registers, a service's edits (the
// lists show its names, regions and scope as they are now, not as registered), and the
// committee's decisions (the statistics count rejections, which publish nothing).
std::vector<std::string> WatchedTypes() {
  std::vector<std::string> types = PublicRegistrationEventTypes();
  types.emplace_back("service.updated");
  types.emplace_back(domain::kEventCommitteeDecided);
  return types;
}

std::int64_t SteadyNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PublicVersion::PublicVersion(storage::Database& db, const core::Clock& clock, std::chrono::milliseconds check_interval)
    : db_(db), clock_(clock), interval_(check_interval), types_(WatchedTypes()) {}

core::Result<PublicVersion::Seen> PublicVersion::Read() {
  Seen seen;
  seen.day = domain::JapanDate(clock_.Now());
  ISMAP_ASSIGN_OR_RETURN(auto uow, db_.Begin(storage::TxMode::kRead));
  for (const auto& type : types_) {
    ISMAP_ASSIGN_OR_RETURN(const std::int64_t sequence, uow->Ledger().LastSequenceOfType(type));
    seen.sequence = std::max(seen.sequence, sequence);
  }
  return seen;
}

std::optional<std::uint64_t> PublicVersion::CurrentIfFresh() const {
  if (interval_.count() == 0 || check_now_.load()) {
    return std::nullopt;
  }
  if (SteadyNow() - checked_at_.load() >= std::chrono::nanoseconds(interval_).count()) {
    return std::nullopt;
  }
  return version_.load();
}

std::uint64_t PublicVersion::Current() {
  if (auto fresh = CurrentIfFresh()) {
    return *fresh;
  }
  std::lock_guard lock(mu_);
  // Another thread may have checked while this one waited for the lock.
  if (auto fresh = CurrentIfFresh()) {
    return *fresh;
  }
  // Cleared before reading, so a write that finishes during the read is checked again next time.
  check_now_.store(false);
  auto seen = Read();
  checked_at_.store(SteadyNow());
  if (!seen) {
    spdlog::warn("public version: cannot read the ledger: {}", seen.error().message);
    seen_.reset();
    return ++version_;
  }
  if (seen_ != *seen) {
    seen_ = *seen;
    return ++version_;
  }
  return version_.load();
}

}  // namespace ismap::app
