// What libmagic says of each accepted type, and of some refused ones: the facts the upload rule
// (domain::AgreeMediaType) is built on. Also from several threads at once (one handle each).
#include "core/media_sniff.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/support/sample_files.hpp"

namespace ismap::core {
namespace {

std::string Sniff(const std::string& bytes) {
  auto type = SniffMediaType(bytes);
  EXPECT_TRUE(type.has_value()) << type.error().message;
  return type ? *type : "";
}

TEST(MediaSniffTest, KnowsEveryAcceptedType) {
  using namespace ismap::testing;
  EXPECT_EQ(Sniff(SamplePdf()), "application/pdf");
  EXPECT_EQ(Sniff(SamplePng()), "image/png");
  EXPECT_EQ(Sniff(SampleJpeg()), "image/jpeg");
  EXPECT_THAT(Sniff(SampleXlsx()),
              ::testing::AnyOf("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"));
  EXPECT_THAT(
      Sniff(SampleDocx()),
      ::testing::AnyOf("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"));
  EXPECT_THAT(Sniff(SampleCsv()), ::testing::AnyOf("text/csv", "text/plain"));
  EXPECT_EQ(Sniff(SampleText()), "text/plain");
  EXPECT_THAT(Sniff(SampleJson()), ::testing::AnyOf("application/json", "text/plain"));
}

TEST(MediaSniffTest, NamesWhatIsRefused) {
  using namespace ismap::testing;
  EXPECT_EQ(Sniff(SampleExe()), "application/x-dosexec");
  EXPECT_EQ(Sniff(SampleHtml()), "text/html");
  EXPECT_EQ(Sniff(SamplePlainZip()), "application/zip");
}

TEST(MediaSniffTest, LongTextCutInsideACharacterIsStillText) {
  std::string text;
  while (text.size() < 3 * 1024 * 1024) {
    text += "監査報告書の本文です。Audit report text.\n";
  }
  // Only the first MiB is examined; whatever the alignment, the cut may fall inside a character.
  for (std::size_t shift = 0; shift < 52; ++shift) {
    EXPECT_EQ(Sniff(std::string(shift, 'x') + text), "text/plain") << shift;
  }
}

TEST(MediaSniffTest, WorksFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] {
      for (int n = 0; n < 20; ++n) {
        auto type = SniffMediaType(i % 2 == 0 ? ismap::testing::SamplePdf() : ismap::testing::SamplePng());
        results[i] = type ? *type : "error";
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i], i % 2 == 0 ? "application/pdf" : "image/png");
  }
}

}  // namespace
}  // namespace ismap::core
