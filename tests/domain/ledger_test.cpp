#include "domain/ledger.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/crypto.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::domain {
namespace {

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;

core::TimePoint At(int second) {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + seconds{second};
}

LedgerEntry Entry(std::string type) {
  LedgerEntry e;
  e.actor = "operator";
  e.type = std::move(type);
  e.subject = "organization/1";
  e.payload_json = R"({"name_ja":"デモ"})";
  return e;
}

std::vector<LedgerEvent> Chain(int n) {
  std::vector<LedgerEvent> events;
  std::optional<LedgerHead> head;
  for (int i = 0; i < n; ++i) {
    events.push_back(ChainNext(head, At(i), Entry("organization.created")));
    head = LedgerHead{events.back().sequence, events.back().hash};
  }
  return events;
}

TEST(LedgerTest, FirstEventFollowsGenesis) {
  const LedgerEvent first = ChainNext(std::nullopt, At(0), Entry("system.initialized"));
  EXPECT_EQ(first.sequence, 1);
  EXPECT_EQ(first.prev_hash, kGenesisHash);
  EXPECT_EQ(first.hash.size(), 64U);
}

TEST(LedgerTest, CanonicalEncodingIsLengthPrefixed) {
  LedgerEvent event = ChainNext(std::nullopt, At(0), Entry("t"));
  const std::string encoded = CanonicalEncoding(event);
  EXPECT_EQ(encoded.rfind("ismap-ledger/1\n1:1\n27:2026-11-25T00:00:00.000000Z\n8:operator\n0:\n1:t\n", 0), 0U)
      << encoded;
}

TEST(LedgerTest, HashIsDeterministic) { EXPECT_EQ(Chain(3)[2].hash, Chain(3)[2].hash); }

TEST(LedgerTest, VerifierAcceptsAnIntactChain) {
  ChainVerifier verifier;
  for (const auto& event : Chain(5)) {
    ASSERT_THAT(verifier.Next(event), IsOk());
  }
  EXPECT_EQ(verifier.checked(), 5);
}

TEST(LedgerTest, VerifierNamesAnEventWhosePayloadChanged) {
  auto events = Chain(5);
  events[2].entry.payload_json = R"({"name_ja":"改ざん"})";
  ChainVerifier verifier;
  ASSERT_THAT(verifier.Next(events[0]), IsOk());
  ASSERT_THAT(verifier.Next(events[1]), IsOk());
  auto broken = verifier.Next(events[2]);
  ASSERT_THAT(broken, HasError(core::ErrorCode::kFailedPrecondition));
  EXPECT_THAT(broken.error().message, HasSubstr("event 3"));
}

TEST(LedgerTest, VerifierNamesAGap) {
  auto events = Chain(4);
  ChainVerifier verifier;
  ASSERT_THAT(verifier.Next(events[0]), IsOk());
  auto broken = verifier.Next(events[2]);
  ASSERT_THAT(broken, HasError(core::ErrorCode::kFailedPrecondition));
  EXPECT_THAT(broken.error().message, HasSubstr("event 3"));
}

TEST(LedgerTest, VerifierNamesARecomputedButRelinkedEvent) {
  // Someone rewrites event 2 and recomputes its hash: event 3's prev_hash no longer matches.
  auto events = Chain(3);
  events[1].entry.actor = "attacker";
  events[1].hash = core::Sha256Hex(CanonicalEncoding(events[1]));
  ChainVerifier verifier;
  ASSERT_THAT(verifier.Next(events[0]), IsOk());
  ASSERT_THAT(verifier.Next(events[1]), IsOk());
  auto broken = verifier.Next(events[2]);
  ASSERT_THAT(broken, HasError(core::ErrorCode::kFailedPrecondition));
  EXPECT_THAT(broken.error().message, HasSubstr("event 3"));
}

}  // namespace
}  // namespace ismap::domain
