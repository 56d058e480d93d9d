#include "core/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/result_matchers.hpp"
#include "tests/support/temp_dir.hpp"

namespace ismap::core {
namespace {

using testing::HasError;
using ::testing::HasSubstr;
using testing::IsOk;

std::string WriteFile(const testing::TempDir& dir, const std::string& text) {
  const std::string path = dir.File("ismap.toml");
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsAreDocumentedValues) {
  auto config = LoadConfig({});
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->http.listen_host, "127.0.0.1");
  EXPECT_EQ(config->http.listen_port, 8080);
  EXPECT_EQ(config->storage.kind, "sqlite");
  EXPECT_EQ(config->storage.sqlite_path, "var/ismap.db");
  EXPECT_GE(config->http.threads, 1);
  EXPECT_FALSE(config->demo);
}

TEST(ConfigTest, EveryKeyHasADescriptionAndADefault) {
  for (const auto& key : ConfigKeys()) {
    EXPECT_FALSE(key.description.empty()) << key.key;
    EXPECT_FALSE(key.default_text.empty()) << key.key;
  }
}

TEST(ConfigTest, FileThenEnvironmentThenFlags) {
  testing::TempDir dir;
  ConfigSources sources;
  sources.file =
      WriteFile(dir, "[http]\nlisten = \"127.0.0.1:9000\"\nthreads = 3\n[storage]\nsqlite_path = \"a.db\"\n");
  sources.env = {{"ISMAP_HTTP_THREADS", "5"}, {"ISMAP_STORAGE_SQLITE_PATH", "b.db"}};
  sources.flags = {{"storage.sqlite_path", "c.db"}};
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->http.listen_port, 9000);       // file only
  EXPECT_EQ(config->http.threads, 5);              // environment over file
  EXPECT_EQ(config->storage.sqlite_path, "c.db");  // flag over both
}

TEST(ConfigTest, UnknownKeyInFileNamesKeyAndLine) {
  testing::TempDir dir;
  ConfigSources sources;
  sources.file = WriteFile(dir, "[http]\nlisten = \"127.0.0.1:9000\"\nlissten = 1\n");
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(config.error().message, HasSubstr("http.lissten"));
  EXPECT_THAT(config.error().message, HasSubstr("ismap.toml:3"));
}

TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  testing::TempDir dir;
  ConfigSources sources;
  sources.file = WriteFile(dir, "[http]\nlisten = \"unterminated\n");
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(config.error().message, HasSubstr("ismap.toml:2"));
}

TEST(ConfigTest, InvalidValuesAreRefusedWithTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"http.listen", "nonsense"},    {"http.listen", "127.0.0.1:70000"},
      {"http.threads", "-1"},         {"http.max_body_bytes", "lots"},
      {"http.read_timeout_ms", "0"},  {"storage.kind", "oracle"},
      {"log.level", "loud"},          {"log.access", "maybe"},
      {"web.default_language", "fr"}, {"auth.operator_token", "short"},
  };
  for (const auto& [key, value] : cases) {
    ConfigSources sources;
    sources.flags = {{key, value}};
    auto config = LoadConfig(sources);
    ASSERT_THAT(config, HasError(ErrorCode::kInvalidArgument)) << key << "=" << value;
    EXPECT_THAT(config.error().message, HasSubstr(key)) << key << "=" << value;
  }
}

TEST(ConfigTest, UnknownEnvironmentVariableIsRefused) {
  ConfigSources sources;
  sources.env = {{"ISMAP_HTTP_LISTN", "127.0.0.1:1"}};
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(config.error().message, HasSubstr("ISMAP_HTTP_LISTN"));
}

TEST(ConfigTest, WrongTypeInFileIsRefused) {
  testing::TempDir dir;
  ConfigSources sources;
  sources.file = WriteFile(dir, "[http]\nthreads = [1, 2]\n");
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, HasError(ErrorCode::kInvalidArgument));
  EXPECT_THAT(config.error().message, HasSubstr("http.threads"));
}

TEST(ConfigTest, Ipv6ListenAddress) {
  ConfigSources sources;
  sources.flags = {{"http.listen", "[::1]:8443"}};
  auto config = LoadConfig(sources);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->http.listen_host, "::1");
  EXPECT_EQ(config->http.listen_port, 8443);
}

TEST(ConfigTest, EnvNameFollowsKey) { EXPECT_EQ(EnvName("http.max_body_bytes"), "ISMAP_HTTP_MAX_BODY_BYTES"); }

}  // namespace
}  // namespace ismap::core
