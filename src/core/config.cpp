#include "core/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <functional>
#include <thread>

#include <algorithm>

extern char** environ;  // NOLINT: POSIX

namespace ismap::core {
namespace {

using Setter = std::function<Result<void>(Config&, const std::string&)>;

struct KeySpec {
  ConfigKey doc;
  Setter set;
};

Error Invalid(const std::string& key, const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "config.invalid_value", fmt::format("key '{}': {}", key, why));
}

template <class Int>
Result<Int> ParseInt(const std::string& key, const std::string& text, Int min, Int max) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Invalid(key, fmt::format("'{}' is not a whole number", text));
  }
  if (value < min || value > max) {
    return Invalid(key, fmt::format("{} is outside {}..{}", value, min, max));
  }
  return value;
}

Result<bool> ParseBool(const std::string& key, const std::string& text) {
  if (text == "true" || text == "1" || text == "yes") {
    return true;
  }
  if (text == "false" || text == "0" || text == "no") {
    return false;
  }
  return Invalid(key, fmt::format("'{}' is not true or false", text));
}

// Builds a setter for an integer-like field reached through `field`.
template <class Int, class Field>
Setter IntSetter(const char* key, Field field, Int min, Int max) {
  return [key, field, min, max](Config& c, const std::string& v) -> Result<void> {
    ISMAP_ASSIGN_OR_RETURN(Int parsed, ParseInt<Int>(key, v, min, max));
    field(c) = parsed;
    return Ok();
  };
}

template <class Field>
Setter MillisSetter(const char* key, Field field) {
  return [key, field](Config& c, const std::string& v) -> Result<void> {
    ISMAP_ASSIGN_OR_RETURN(std::int64_t ms, ParseInt<std::int64_t>(key, v, 1, 86'400'000));
    field(c) = std::chrono::milliseconds(ms);
    return Ok();
  };
}

template <class Field>
Setter BoolSetter(const char* key, Field field) {
  return [key, field](Config& c, const std::string& v) -> Result<void> {
    ISMAP_ASSIGN_OR_RETURN(bool parsed, ParseBool(key, v));
    field(c) = parsed;
    return Ok();
  };
}

Result<void> SetListen(Config& c, const std::string& v) {
  // "HOST:PORT" or "[IPv6]:PORT".
  const auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Invalid("http.listen", fmt::format("'{}' is not ADDRESS:PORT", v));
  }
  std::string host = v.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  ISMAP_ASSIGN_OR_RETURN(std::uint16_t port, ParseInt<std::uint16_t>("http.listen", v.substr(colon + 1), 0, 65535));
  c.http.listen_host = host;
  c.http.listen_port = port;
  return Ok();
}

// "application/pdf, image/png" → each type/subtype, lowercased.
Result<void> SetAllowedTypes(Config& c, const std::string& v) {
  std::vector<std::string> types;
  std::size_t start = 0;
  while (start <= v.size() && !v.empty()) {
    const auto comma = std::min(v.find(',', start), v.size());
    std::string type = v.substr(start, comma - start);
    type.erase(0, type.find_first_not_of(" \t"));
    type.erase(type.find_last_not_of(" \t") + 1);
    std::transform(type.begin(), type.end(), type.begin(),
                   [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
    const auto slash = type.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == type.size() ||
        type.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-/") != std::string::npos ||
        type.find('/', slash + 1) != std::string::npos) {
      return Invalid("documents.allowed_types", fmt::format("'{}' is not a media type (type/subtype)", type));
    }
    types.push_back(std::move(type));
    start = comma + 1;
  }
  c.documents.allowed_types = std::move(types);
  return Ok();
}

// "a, b" → {"a", "b"}: comma-separated words, each of lowercase letters, digits and underscores.
Result<std::vector<std::string>> ParseWordList(const std::string& key, const std::string& v) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= v.size()) {
    const auto comma = std::min(v.find(',', start), v.size());
    std::string word = v.substr(start, comma - start);
    word.erase(0, word.find_first_not_of(" \t"));
    word.erase(word.find_last_not_of(" \t") + 1);
    if (word.empty() || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      return Invalid(key, fmt::format("'{}' is not a comma-separated list of names", v));
    }
    words.push_back(std::move(word));
    start = comma + 1;
  }
  return words;
}

const std::vector<KeySpec>& Specs() {
  static const std::vector<KeySpec> kSpecs = {
      {{"http.listen", "\"127.0.0.1:8080\"", "Address and port to listen on (ADDRESS:PORT, [IPv6]:PORT)."}, SetListen},
      {{"http.threads", "0", "Network threads, each with its own io_context; 0 = one per core."},
       IntSetter<int>(
           "http.threads", [](Config& c) -> int& { return c.http.threads; }, 0, 256)},
      {{"http.max_header_bytes", "16384", "Largest request line plus headers; larger requests get 431."},
       IntSetter<std::size_t>(
           "http.max_header_bytes", [](Config& c) -> std::size_t& { return c.http.max_header_bytes; }, 1024,
           1024 * 1024)},
      {{"http.max_body_bytes", "22020096",
        "Largest request body; larger bodies get 413. Document uploads are raw bodies, so keep it above "
        "documents.max_bytes (the default leaves 1 MiB to spare) and equal to nginx's client_max_body_size."},
       IntSetter<std::size_t>(
           "http.max_body_bytes", [](Config& c) -> std::size_t& { return c.http.max_body_bytes; }, 0,
           std::size_t{1} << 30)},
      {{"http.idle_timeout_ms", "30000", "How long a keep-alive connection may wait for its next request."},
       MillisSetter("http.idle_timeout_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.http.idle_timeout; })},
      {{"http.read_timeout_ms", "10000",
        "Time from a request's first byte to its last; a slow client is cut off after it."},
       MillisSetter("http.read_timeout_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.http.read_timeout; })},
      {{"http.write_timeout_ms", "10000", "Time allowed to write one response."},
       MillisSetter("http.write_timeout_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.http.write_timeout; })},
      {{"http.shutdown_grace_ms", "10000", "On SIGTERM/SIGINT, how long in-flight requests may take to finish."},
       MillisSetter("http.shutdown_grace_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.http.shutdown_grace; })},
      {{"http.static_dir", "\"\"",
        "Directory of extra files served from memory under /static/ (read at start); empty = none."},
       [](Config& c, const std::string& v) -> Result<void> {
         c.http.static_dir = v;
         return Ok();
       }},
      {{"storage.kind", "\"sqlite\"", "Database backend: sqlite (embedded default) or postgres (production)."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (v != "sqlite" && v != "postgres") {
           return Invalid("storage.kind", fmt::format("'{}' is not a supported backend (sqlite, postgres)", v));
         }
         c.storage.kind = v;
         return Ok();
       }},
      {{"storage.sqlite_path", "\"var/ismap.db\"", "SQLite database file; its directory is created."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (v.empty()) {
           return Invalid("storage.sqlite_path", "must not be empty");
         }
         c.storage.sqlite_path = v;
         return Ok();
       }},
      {{"storage.busy_timeout_ms", "5000", "How long a database call waits for a lock before failing."},
       MillisSetter("storage.busy_timeout_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.storage.busy_timeout; })},
      {{"storage.postgres_dsn", "\"\"",
        "PostgreSQL connection string or URI (postgresql://user@host:5432/ismap); also read from "
        "ISMAP_DATABASE_URL. Required when storage.kind is postgres."},
       [](Config& c, const std::string& v) -> Result<void> {
         c.storage.postgres_dsn = v;
         return Ok();
       }},
      {{"storage.statement_timeout_ms", "5000", "PostgreSQL statement_timeout for every statement ismap runs."},
       MillisSetter("storage.statement_timeout_ms",
                    [](Config& c) -> std::chrono::milliseconds& { return c.storage.statement_timeout; })},
      {{"storage.prepared_statements", "true",
        "Use named prepared statements on PostgreSQL; false sends each statement with its parameters "
        "(needed behind pgbouncer in transaction mode before 1.21)."},
       BoolSetter("storage.prepared_statements", [](Config& c) -> bool& { return c.storage.prepared_statements; })},
      {{"storage.pool_size", "4", "Database connections held open."},
       IntSetter<int>(
           "storage.pool_size", [](Config& c) -> int& { return c.storage.pool_size; }, 1, 256)},
      {{"storage.migrate_on_start", "true", "Apply pending migrations when `ismap serve` starts."},
       BoolSetter("storage.migrate_on_start", [](Config& c) -> bool& { return c.storage.migrate_on_start; })},
      {{"workers.threads", "4", "Threads that run database work (never the network threads)."},
       IntSetter<int>(
           "workers.threads", [](Config& c) -> int& { return c.workers.threads; }, 1, 256)},
      {{"workers.max_queue", "1024", "Jobs waiting for a worker beyond this are refused with 503."},
       IntSetter<std::size_t>(
           "workers.max_queue", [](Config& c) -> std::size_t& { return c.workers.max_queue; }, 1, 1'000'000)},
      {{"log.level", "\"info\"", "Program log level: trace, debug, info, warn, error."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (v != "trace" && v != "debug" && v != "info" && v != "warn" && v != "error") {
           return Invalid("log.level", fmt::format("'{}' is not one of trace, debug, info, warn, error", v));
         }
         c.log.level = v;
         return Ok();
       }},
      {{"log.access", "true", "Write one JSON line per request to stdout."},
       BoolSetter("log.access", [](Config& c) -> bool& { return c.log.access; })},
      {{"web.default_language", "\"ja\"",
        "Language when neither ?lang=, the lang cookie nor Accept-Language decides: ja or en."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (v != "ja" && v != "en") {
           return Invalid("web.default_language", fmt::format("'{}' is not ja or en", v));
         }
         c.web.default_language = v;
         return Ok();
       }},
      {{"portal.snapshot_check_ms", "1000",
        "How often (at most) an instance reads the database to notice publications made by other "
        "instances, and the new day in Japan, before serving the public snapshot; 0 = on every public read."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(std::int64_t ms, ParseInt<std::int64_t>("portal.snapshot_check_ms", v, 0, 86'400'000));
         c.portal.snapshot_check = std::chrono::milliseconds(ms);
         return Ok();
       }},
      {{"portal.cache_max_entries", "1024", "Most answers the public snapshot keeps (per language and URL)."},
       IntSetter<std::size_t>(
           "portal.cache_max_entries", [](Config& c) -> std::size_t& { return c.portal.cache_max_entries; }, 1,
           1'000'000)},
      {{"portal.cache_max_bytes", "67108864",
        "Most bytes the public snapshot keeps (bodies as sent plus their gzip copies); the oldest answers go first."},
       IntSetter<std::size_t>(
           "portal.cache_max_bytes", [](Config& c) -> std::size_t& { return c.portal.cache_max_bytes; }, 1024,
           std::size_t{1} << 34)},
      {{"auth.operator_token", "\"\"",
        "Bearer token for the operator API (/api/v1/organizations) until user accounts exist; "
        "empty disables that API. At least 32 characters."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (!v.empty() && v.size() < 32) {
           return Invalid("auth.operator_token", "must be empty or at least 32 characters");
         }
         c.auth.operator_token = v;
         return Ok();
       }},
      {{"auth.argon2_ops_limit", "3", "argon2id passes per password hash (libsodium opslimit)."},
       IntSetter<unsigned long long>(
           "auth.argon2_ops_limit", [](Config& c) -> unsigned long long& { return c.auth.argon2_ops_limit; }, 1, 10)},
      {{"auth.argon2_memory_kib", "65536", "argon2id memory per password hash, in KiB (at least 19456, OWASP)."},
       IntSetter<std::size_t>(
           "auth.argon2_memory_kib", [](Config& c) -> std::size_t& { return c.auth.argon2_memory_kib; }, 19456,
           4 * 1024 * 1024)},
      {{"auth.session_idle_minutes", "30", "A session unused for this long ends."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(int minutes, ParseInt<int>("auth.session_idle_minutes", v, 1, 24 * 60));
         c.auth.session_idle = std::chrono::minutes(minutes);
         return Ok();
       }},
      {{"auth.session_absolute_hours", "12", "Every session ends this long after login, however busy."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(int hours, ParseInt<int>("auth.session_absolute_hours", v, 1, 24 * 7));
         c.auth.session_absolute = std::chrono::hours(hours);
         return Ok();
       }},
      {{"auth.mfa_required", "true", "Every signed-in user must log in with TOTP as the second factor."},
       BoolSetter("auth.mfa_required", [](Config& c) -> bool& { return c.auth.mfa_required; })},
      {{"auth.cookie_secure", "true",
        "Mark the session cookie Secure (sent over HTTPS only; browsers also send it to http://localhost)."},
       BoolSetter("auth.cookie_secure", [](Config& c) -> bool& { return c.auth.cookie_secure; })},
      {{"documents.max_bytes", "20971520",
        "Largest uploaded document in bytes; larger uploads get 413 document.too_large (uploads larger than "
        "http.max_body_bytes get 413 body_too_large before they are read)."},
       IntSetter<std::size_t>(
           "documents.max_bytes", [](Config& c) -> std::size_t& { return c.documents.max_bytes; }, 1,
           std::size_t{1} << 30)},
      {{"documents.allowed_types", "\"\"",
        "Media types accepted for documents, comma-separated (\"application/pdf,image/png\"); a file's type is "
        "sniffed from its content and must agree. Empty: PDF, PNG, JPEG, XLSX, DOCX, CSV, plain text and JSON."},
       SetAllowedTypes},
      {{"smtp.url", "\"\"",
        "Mail server for the e-mail outbox: smtp://host:port (STARTTLS when the server offers it) or "
        "smtps://host:port; user:password@ may precede the host. Empty: nothing is sent and the outbox keeps "
        "every message (`ismap mail send-pending` sends them later)."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (!v.empty() && v.rfind("smtp://", 0) != 0 && v.rfind("smtps://", 0) != 0) {
           return Invalid("smtp.url", fmt::format("'{}' is not smtp://HOST:PORT or smtps://HOST:PORT", v));
         }
         c.smtp.url = v;
         return Ok();
       }},
      {{"smtp.from", "\"\"", "Sender address of the e-mail (envelope and From:); required when smtp.url is set."},
       [](Config& c, const std::string& v) -> Result<void> {
         if (!v.empty() && (v.find('@') == std::string::npos || v.find_first_of(" <>\r\n,;\"") != std::string::npos)) {
           return Invalid("smtp.from", fmt::format("'{}' is not a plain e-mail address", v));
         }
         c.smtp.from = v;
         return Ok();
       }},
      {{"smtp.timeout_ms", "30000", "Time allowed to deliver one message to the mail server, connecting included."},
       MillisSetter("smtp.timeout_ms", [](Config& c) -> std::chrono::milliseconds& { return c.smtp.timeout; })},
      {{"smtp.send_interval_seconds", "60", "`ismap serve` sends due e-mail this often (only when smtp.url is set)."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(int seconds, ParseInt<int>("smtp.send_interval_seconds", v, 1, 86'400));
         c.smtp.send_interval = std::chrono::seconds(seconds);
         return Ok();
       }},
      {{"smtp.max_attempts", "8",
        "Attempts to send one message; after the last failure it stays in the outbox "
        "with its error."},
       IntSetter<int>(
           "smtp.max_attempts", [](Config& c) -> int& { return c.smtp.max_attempts; }, 1, 100)},
      {{"smtp.retry_seconds", "60",
        "Pause before trying a failed message again, doubled after each further failure (at most 6 hours)."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(int seconds, ParseInt<int>("smtp.retry_seconds", v, 1, 86'400));
         c.smtp.retry = std::chrono::seconds(seconds);
         return Ok();
       }},
      {{"audit_body.allowed_legal_forms", "\"audit_corporation\"",
        "Legal forms that may apply as an audit body, comma-separated: audit_corporation (監査法人), "
        "kabushiki_kaisha, godo_kaisha, general_incorporated_association, other. Today only audit corporations."},
       [](Config& c, const std::string& v) -> Result<void> {
         ISMAP_ASSIGN_OR_RETURN(c.audit_body.allowed_legal_forms, ParseWordList("audit_body.allowed_legal_forms", v));
         return Ok();
       }},
      {{"audit_body.min_qualified_auditors", "1",
        "Auditors with at least one current qualification an audit body's application must name."},
       IntSetter<int>(
           "audit_body.min_qualified_auditors", [](Config& c) -> int& { return c.audit_body.min_qualified_auditors; },
           1, 1000)},
      {{"audit_body.validity_months", "36",
        "Months an audit body's registration (and each renewal) is valid; FACTS.md calls the period unconfirmed."},
       IntSetter<int>(
           "audit_body.validity_months", [](Config& c) -> int& { return c.audit_body.validity_months; }, 1, 120)},
      {{"audit_body.number_template", "\"A{yy}-{serial:4}\"",
        "Registration numbers of audit bodies: literal text with {yy} or {yyyy} and one {serial} or {serial:N} "
        "(zero-padded to N digits)."},
       [](Config& c, const std::string& v) -> Result<void> {
         c.audit_body.number_template = v;
         return Ok();
       }},
      {{"audit_body.renewal_notice_days", "90",
        "The renewal of a registration is due this many days before it runs out: the holder is notified then."},
       IntSetter<int>(
           "audit_body.renewal_notice_days", [](Config& c) -> int& { return c.audit_body.renewal_notice_days; }, 1,
           366)},
      {{"cloud_service.number_template", "\"C{yy}-{serial:4}-1\"",
        "Registration numbers of cloud services: literal text with {yy} or {yyyy} and one {serial} or {serial:N}. "
        "FACTS.md shows numbers like C21-0004-2 whose last digit's meaning is unconfirmed."},
       [](Config& c, const std::string& v) -> Result<void> {
         c.cloud_service.number_template = v;
         return Ok();
       }},
      {{"cloud_service.renewal_notice_days", "120",
        "The renewal of a service's registration is due this many days before it runs out: the provider is "
        "notified then."},
       IntSetter<int>(
           "cloud_service.renewal_notice_days", [](Config& c) -> int& { return c.cloud_service.renewal_notice_days; },
           1, 366)},
      {{"committee.quorum", "1", "Committee members who must be present before a meeting may decide."},
       IntSetter<int>(
           "committee.quorum", [](Config& c) -> int& { return c.workflow.committee_quorum; }, 1, 100)},
      {{"deadlines.overdue_days", "14",
        "An application waiting on one person for more than this many days (in Japan) is overdue: shown and "
        "notified."},
       IntSetter<int>(
           "deadlines.overdue_days", [](Config& c) -> int& { return c.workflow.overdue_days; }, 1, 365)},
      {{"demo", "false", "Seed demonstration data at start and show the demo banner."},
       BoolSetter("demo", [](Config& c) -> bool& { return c.demo; })},
      {{"demo_data_dir", "\"\"",
        "Where demo mode finds the criteria skeleton (ismap/) and the NIST SP 800-53 rev5 catalog and profiles "
        "(oscal/nist-sp800-53-rev5/); empty: the shared data beside the source tree the binary was built from. "
        "A missing file is skipped with a warning."},
       [](Config& c, const std::string& v) -> Result<void> {
         c.demo_data_dir = v;
         return Ok();
       }},
  };
  return kSpecs;
}

const KeySpec* FindSpec(const std::string& key) {
  for (const auto& spec : Specs()) {
    if (spec.doc.key == key) {
      return &spec;
    }
  }
  return nullptr;
}

Error WithPlace(const Error& e, const std::string& place) {
  return MakeError(e.code, e.reason, fmt::format("{}: {}", place, e.message));
}

// TOML values reach the setters as text, so the file, the environment and flags share one parser.
std::optional<std::string> NodeText(const toml::node& node) {
  if (const auto* s = node.as_string()) {
    return s->get();
  }
  if (const auto* i = node.as_integer()) {
    return std::to_string(i->get());
  }
  if (const auto* b = node.as_boolean()) {
    return b->get() ? "true" : "false";
  }
  return std::nullopt;
}

Result<void> ApplyTable(Config& config, const toml::table& table, const std::string& prefix, const std::string& file) {
  for (const auto& [name, node] : table) {
    const std::string key = prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    const std::string place = fmt::format("{}:{}", file, node.source().begin.line);
    if (const auto* sub = node.as_table()) {
      ISMAP_RETURN_IF_ERROR(ApplyTable(config, *sub, key, file));
      continue;
    }
    const KeySpec* spec = FindSpec(key);
    if (spec == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, "config.unknown_key",
                       fmt::format("{}: unknown key '{}' (see `ismap config keys`)", place, key));
    }
    const auto text = NodeText(node);
    if (!text) {
      return MakeError(ErrorCode::kInvalidArgument, "config.invalid_value",
                       fmt::format("{}: key '{}': expected a string, number or boolean", place, key));
    }
    if (auto r = spec->set(config, *text); !r) {
      return WithPlace(r.error(), place);
    }
  }
  return Ok();
}

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> keys;
    for (const auto& spec : Specs()) {
      keys.push_back(spec.doc);
    }
    return keys;
  }();
  return kKeys;
}

std::string EnvName(const std::string& key) {
  std::string out = "ISMAP_";
  for (char c : key) {
    out.push_back(c == '.' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  }
  return out;
}

Result<Config> LoadConfig(const ConfigSources& sources) {
  Config config;
  config.http.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  if (sources.file) {
    toml::table table;
    try {
      table = toml::parse_file(*sources.file);
    } catch (const toml::parse_error& e) {
      return MakeError(
          ErrorCode::kInvalidArgument, "config.syntax",
          fmt::format("{}:{}:{}: {}", *sources.file, e.source().begin.line, e.source().begin.column, e.description()));
    }
    ISMAP_RETURN_IF_ERROR(ApplyTable(config, table, "", *sources.file));
  }
  std::map<std::string, const KeySpec*> by_env;
  for (const auto& spec : Specs()) {
    by_env.emplace(EnvName(spec.doc.key), &spec);
  }
  by_env.emplace("ISMAP_DATABASE_URL", FindSpec("storage.postgres_dsn"));
  for (const auto& [name, value] : sources.env) {
    const auto it = by_env.find(name);
    if (it == by_env.end()) {
      return MakeError(ErrorCode::kInvalidArgument, "config.unknown_key",
                       fmt::format("environment variable {}: unknown key (see `ismap config keys`)", name));
    }
    if (auto r = it->second->set(config, value); !r) {
      return WithPlace(r.error(), "environment variable " + name);
    }
  }
  for (const auto& [key, value] : sources.flags) {
    const KeySpec* spec = FindSpec(key);
    if (spec == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, "config.unknown_key", fmt::format("flag: unknown key '{}'", key));
    }
    if (auto r = spec->set(config, value); !r) {
      return WithPlace(r.error(), "command line");
    }
  }
  if (config.storage.kind == "postgres" && config.storage.postgres_dsn.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "config.invalid_value",
                     "key 'storage.postgres_dsn': required when storage.kind is postgres (or set ISMAP_DATABASE_URL)");
  }
  if (!config.smtp.url.empty() && config.smtp.from.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "config.invalid_value",
                     "key 'smtp.from': required when smtp.url is set");
  }
  // Demo mode signs anyone in with one click: never on the production database.
  if (config.demo && config.storage.kind != "sqlite") {
    return MakeError(ErrorCode::kInvalidArgument, "config.invalid_value",
                     "key 'demo': demo mode runs on the embedded SQLite database only, never on PostgreSQL");
  }
  if (config.http.threads == 0) {
    config.http.threads = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  }
  return config;
}

std::map<std::string, std::string> ReadEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    // Every ISMAP_* variable except the test fixtures' (ISMAP_TEST_*); LoadConfig refuses unknown ones.
    if (entry.rfind("ISMAP_", 0) != 0 || entry.rfind("ISMAP_TEST_", 0) == 0) {
      continue;
    }
    const auto eq = entry.find('=');
    out.emplace(entry.substr(0, eq), eq == std::string::npos ? "" : entry.substr(eq + 1));
  }
  return out;
}

}  // namespace ismap::core
