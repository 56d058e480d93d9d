#include "domain/ledger.hpp"

#include <fmt/format.h>

#include "core/crypto.hpp"

namespace ismap::domain {
namespace {

void AppendField(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string CanonicalEncoding(const LedgerEvent& event) {
  std::string out = "ismap-ledger/1\n";
  AppendField(out, std::to_string(event.sequence));
  AppendField(out, core::FormatRfc3339(event.occurred_at));
  AppendField(out, event.entry.actor);
  AppendField(out, event.entry.organization_id ? std::to_string(*event.entry.organization_id) : "");
  AppendField(out, event.entry.type);
  AppendField(out, event.entry.subject);
  AppendField(out, event.entry.payload_json);
  AppendField(out, event.prev_hash);
  return out;
}

LedgerEvent ChainNext(const std::optional<LedgerHead>& head, core::TimePoint now, LedgerEntry entry) {
  LedgerEvent event;
  event.sequence = head ? head->sequence + 1 : 1;
  event.occurred_at = now;
  event.entry = std::move(entry);
  event.prev_hash = head ? head->hash : kGenesisHash;
  event.hash = core::Sha256Hex(CanonicalEncoding(event));
  return event;
}

core::Result<void> ChainVerifier::Next(const LedgerEvent& event) {
  auto fail = [&](std::string what) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition, "ledger.broken",
                           fmt::format("event {}: {}", event.sequence, what));
  };
  if (event.sequence != last_sequence_ + 1) {
    return fail(fmt::format("expected sequence {} (a gap or reordering)", last_sequence_ + 1));
  }
  if (event.prev_hash != last_hash_) {
    return fail("prev_hash does not match the hash of the event before it");
  }
  const std::string recomputed = core::Sha256Hex(CanonicalEncoding(event));
  if (recomputed != event.hash) {
    return fail("stored hash does not match its contents (the row was changed)");
  }
  last_sequence_ = event.sequence;
  last_hash_ = event.hash;
  ++checked_;
  return core::Ok();
}

}  // namespace ismap::domain
