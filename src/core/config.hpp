// The program's configuration: one struct of sub-structs, every field with its default.
// Loaded once, in order: TOML file, then ISMAP_* environment variables, then command-line flags;
// validated in LoadConfig and passed down explicitly. Every key is described in ConfigKeys()
// (printed by `ismap config keys` and copied into docs/configuration.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace ismap::core {

struct HttpConfig {
  std::string listen_host = "127.0.0.1";           // address to bind
  std::uint16_t listen_port = 8080;                // 0 picks a free port (tests)
  int threads = 0;                                 // network threads; 0 = one per core
  std::size_t max_header_bytes = 16 * 1024;        // request line + headers; more is 431
  std::size_t max_body_bytes = 21 * 1024 * 1024;   // request body; more is 413 (documents.max_bytes + 1 MiB)
  std::chrono::milliseconds idle_timeout{30'000};  // keep-alive wait for the next request
  std::chrono::milliseconds read_timeout{10'000};  // from a request's first byte to its last
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long on SIGTERM
  std::string static_dir;                            // extra files served from memory under /static/ (empty = none)
};

struct StorageConfig {
  std::string kind = "sqlite";  // "sqlite" or "postgres"
  std::string sqlite_path = "var/ismap.db";
  std::chrono::milliseconds busy_timeout{5'000};
  std::string postgres_dsn;                            // libpq connection string or URI; also ISMAP_DATABASE_URL
  std::chrono::milliseconds statement_timeout{5'000};  // PostgreSQL statement_timeout
  bool prepared_statements = true;                     // false: PQexecParams only, for pgbouncer in transaction mode
  int pool_size = 4;                                   // database connections
  bool migrate_on_start = true;
};

struct WorkerConfig {
  int threads = 4;               // threads that run database work, never network threads
  std::size_t max_queue = 1024;  // queued jobs beyond this answer 503
};

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error
  bool access = true;          // JSON access log lines on stdout
};

struct WebConfig {
  std::string default_language = "ja";
};

// The public portal's in-memory snapshot (http/public_cache.hpp).
struct PortalConfig {
  // How often an instance reads the database for publications made by other instances; 0: on
  // every public read.
  std::chrono::milliseconds snapshot_check{1'000};
  std::size_t cache_max_entries = 1024;
  std::size_t cache_max_bytes = 64 * 1024 * 1024;  // bodies, identity plus gzip
};

struct AuthConfig {
  // Bearer token for the operator API, for automation before API tokens; empty disables it.
  std::string operator_token;
  unsigned long long argon2_ops_limit = 3;    // argon2id passes
  std::size_t argon2_memory_kib = 64 * 1024;  // argon2id memory per hash
  std::chrono::minutes session_idle{30};      // a session unused this long ends
  std::chrono::hours session_absolute{12};    // and every session ends this long after login
  bool mfa_required = true;                   // every signed-in role must use TOTP
  bool cookie_secure = true;                  // the session cookie's Secure flag
};

struct DocumentsConfig {
  std::size_t max_bytes = 20 * 1024 * 1024;  // largest uploaded document; more is 413
  // Media types accepted (type/subtype); empty: PDF, PNG, JPEG, XLSX, DOCX, CSV, plain text, JSON.
  std::vector<std::string> allowed_types;
};

struct SmtpConfig {
  std::string url;   // smtp://host:port or smtps://host:port; empty: e-mail stays in the outbox
  std::string from;  // sender address; required with url
  std::chrono::milliseconds timeout{30'000};  // per message
  std::chrono::seconds send_interval{60};     // `ismap serve` sends the outbox this often
  int max_attempts = 8;                       // then a message stays unsent with its last error
  std::chrono::seconds retry{60};             // pause after a failure, doubled after each next one
};

// The audit-body register's rules (issue 6), as text: the domain layer parses and checks them
// when the program starts (cli/setup.cpp), since core does not know the domain's names.
struct AuditBodyConfig {
  std::vector<std::string> allowed_legal_forms = {"audit_corporation"};  // FACTS.md: 監査法人 only, today
  int min_qualified_auditors = 1;
  int validity_months = 36;  // unconfirmed in FACTS.md
  std::string number_template = "A{yy}-{serial:4}";
  int renewal_notice_days = 90;  // renewal due: notified this many days before valid_until
};

// The cloud service register's settings (issue 7), as text for the domain to parse.
struct CloudServiceConfig {
  std::string number_template = "C{yy}-{serial:4}-1";  // FACTS.md's C21-0004-2: last digit unconfirmed
  int renewal_notice_days = 120;                       // renewal due: notified this many days before valid_until
};

struct WorkflowConfig {
  int committee_quorum = 1;  // members present for a meeting to decide
  int overdue_days = 14;     // an item waiting on someone longer than this is overdue and notified
};

struct Config {
  HttpConfig http;
  StorageConfig storage;
  WorkerConfig workers;
  LogConfig log;
  WebConfig web;
  PortalConfig portal;
  AuthConfig auth;
  DocumentsConfig documents;
  SmtpConfig smtp;
  AuditBodyConfig audit_body;
  CloudServiceConfig cloud_service;
  WorkflowConfig workflow;
  bool demo = false;          // seed demo data at start and show the demo banner
  std::string demo_data_dir;  // the catalogs demo mode loads; empty: the build's shared data
};

struct ConfigKey {
  std::string key;           // "http.listen"
  std::string default_text;  // as it would be written in the file
  std::string description;
};

// Every key, in documentation order.
const std::vector<ConfigKey>& ConfigKeys();

// The sources, lowest precedence first. `env` holds ISMAP_* variables (ReadEnvironment()).
struct ConfigSources {
  std::optional<std::string> file;                         // TOML file path
  std::map<std::string, std::string> env;                  // ISMAP_HTTP_LISTEN=...
  std::vector<std::pair<std::string, std::string>> flags;  // {"http.listen", "0.0.0.0:80"}
};

// Errors: kInvalidArgument naming the file and line or the variable, and the key.
Result<Config> LoadConfig(const ConfigSources& sources);

// The process's ISMAP_* environment variables. The only place the program reads the environment.
// ISMAP_DATABASE_URL, the usual name for a database address, is read as storage.postgres_dsn.
std::map<std::string, std::string> ReadEnvironment();

// "ISMAP_HTTP_LISTEN" for "http.listen".
std::string EnvName(const std::string& key);

}  // namespace ismap::core
