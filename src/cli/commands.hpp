// The subcommands of `ismap`. Each returns the process exit code:
// 0 success, 1 runtime failure (database, network), 2 bad configuration or usage, 3 broken ledger.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ismap::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitConfig = 2;
inline constexpr int kExitLedgerBroken = 3;

struct CommonOptions {
  std::optional<std::string> config_file;
  std::vector<std::pair<std::string, std::string>> flags;  // config keys set on the command line
};

struct OrgAddOptions {
  std::string kind;
  std::string name_ja;
  std::string name_en;
  std::string corporate_number;
};

struct UserAddOptions {
  std::int64_t organization = 0;
  std::string email;
  std::string display_name;
  std::vector<std::string> roles;
};

int RunServe(const CommonOptions& options);
int RunInit(const CommonOptions& options, const std::string& admin_email);
int RunOrgAdd(const CommonOptions& options, const OrgAddOptions& org);
int RunUserAdd(const CommonOptions& options, const UserAddOptions& user);
int RunMigrate(const CommonOptions& options);
int RunLedgerVerify(const CommonOptions& options);
// SQLite only: an online copy of the database / replacing it from one (server stopped).
int RunBackup(const CommonOptions& options, const std::string& target);
int RunRestore(const CommonOptions& options, const std::string& source);
int RunConfigKeys();

struct OscalValidateOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text, json or sarif
  std::string schema;           // "1.1.2" or "1.1.3"; empty: each file's metadata/oscal-version
};

// `ismap oscal validate`: 0 when every file is valid (warnings allowed), 1 when any file has an
// error finding (including an unreadable file or malformed JSON), 2 on usage errors.
int RunOscalValidate(const OscalValidateOptions& options);

struct OscalResolveOptions {
  std::string profile;
  //! "FILE": the one document the profile imports; "HREF=FILE": the document of that href (an import's
  //! href, a back-matter rlink's href, or either resolved to an absolute URI). Repeatable.
  std::vector<std::string> catalogs;
  std::string output;  // empty or "-": standard output
};

// `ismap oscal resolve`: writes the resolved catalog; findings go to stderr. 0 resolved without error
// findings, 1 resolved with error findings (unresolved imports, unknown controls), 2 usage error or an
// unreadable profile, --catalog file or output.
int RunOscalResolve(const OscalResolveOptions& options);
int RunVersion();

}  // namespace ismap::cli

namespace ismap::core {
struct Config;
}  // namespace ismap::core
namespace ismap::storage {
class Database;
}  // namespace ismap::storage

namespace ismap::cli {

// `ismap init`'s last step: the first administrator, when there are no users yet.
int CreateFirstAdminOrReport(storage::Database& db, const core::Config& config, const std::string& email);

}  // namespace ismap::cli
