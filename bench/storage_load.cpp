// ismap_storage_load: a mixed read/write HTTP load against one or more ismap instances.
//
//   ismap_storage_load [options] PORT [PORT...]
//
// Creates --prefill organizations (so there are ids to read), then for --seconds keeps
// --connections keep-alive HTTP/1.1 connections busy, one thread each, connection i talking to
// PORT[i % ports]. Every request picks its operation from --mix:
//   append  POST /api/v1/organizations            (a row plus a ledger event, one transaction)
//   point   GET  /api/v1/organizations/{id}       (an id created by this run, uniform)
//   list    GET  /api/v1/organizations?limit=20&offset=K   (K uniform over the rows known so far)
// and its latency (send to last byte of the response) is recorded. At the end it prints, per
// operation and overall: count, operations/s, p50, p99, max (ms) and every non-2xx response or
// transport error. Only 127.0.0.1 (or --host) is contacted. Plain POSIX sockets, no HTTP library.
//
// Exit codes: 0 all responses 2xx; 3 the load ran but some requests failed (the figures are
// still printed and written); 2 bad arguments or the servers could not be used at all.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kOpCount = 3;
enum Op : int { kAppend = 0, kPoint = 1, kList = 2 };
constexpr std::array<const char*, kOpCount> kOpNames = {"append", "point", "list"};
constexpr int kListLimit = 20;
constexpr int kSocketTimeoutSeconds = 30;  // no request may hang the run forever

[[noreturn]] void Usage(const std::string& problem) {
  if (!problem.empty()) {
    std::cerr << "ismap_storage_load: " << problem << "\n";
  }
  std::cerr << "usage: ismap_storage_load [options] PORT [PORT...]\n"
               "  --connections N     keep-alive connections, one thread each (default 16)\n"
               "  --seconds S         length of the measured load (default 10)\n"
               "  --mix SPEC          operation weights (default append:20,point:50,list:30)\n"
               "  --token T           operator bearer token (or ISMAP_BENCH_TOKEN; >= 32 chars)\n"
               "  --seed N            seed of the request choices (default 1)\n"
               "  --prefill N         organizations created before the measured load (default 200)\n"
               "  --host ADDR         IPv4 address of the instances (default 127.0.0.1)\n"
               "  --json FILE         also write the figures as JSON\n";
  std::exit(2);
}

struct Options {
  std::vector<int> ports;
  int connections = 16;
  double seconds = 10;
  std::array<int, kOpCount> mix = {20, 50, 30};
  std::string mix_text = "append:20,point:50,list:30";
  std::string token;
  std::uint64_t seed = 1;
  int prefill = 200;
  std::string host = "127.0.0.1";
  std::string json_path;
};

template <class T>
bool ParseNumber(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::array<int, kOpCount> ParseMix(const std::string& spec) {
  std::array<int, kOpCount> weights = {0, 0, 0};
  std::stringstream in(spec);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos) {
      Usage("--mix item '" + item + "' is not NAME:WEIGHT");
    }
    const std::string name = item.substr(0, colon);
    int weight = 0;
    if (!ParseNumber(std::string_view(item).substr(colon + 1), weight) || weight < 0) {
      Usage("--mix weight in '" + item + "' is not a whole number >= 0");
    }
    const auto it = std::find(kOpNames.begin(), kOpNames.end(), name);
    if (it == kOpNames.end()) {
      Usage("--mix operation '" + name + "' is not one of append, point, list");
    }
    weights[static_cast<std::size_t>(it - kOpNames.begin())] = weight;
  }
  if (weights[0] + weights[1] + weights[2] <= 0) {
    Usage("--mix has no positive weight");
  }
  return weights;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  if (const char* env = std::getenv("ISMAP_BENCH_TOKEN")) {
    o.token = env;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        Usage(arg + " needs a value");
      }
      return argv[++i];
    };
    if (arg == "--connections") {
      if (!ParseNumber(value(), o.connections) || o.connections < 1 || o.connections > 4096) {
        Usage("--connections must be 1..4096");
      }
    } else if (arg == "--seconds") {
      const std::string v = value();
      char* end = nullptr;
      o.seconds = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0' || !(o.seconds > 0) || o.seconds > 86400) {
        Usage("--seconds must be a positive number");
      }
    } else if (arg == "--mix") {
      o.mix_text = value();
      o.mix = ParseMix(o.mix_text);
    } else if (arg == "--token") {
      o.token = value();
    } else if (arg == "--seed") {
      if (!ParseNumber(value(), o.seed)) {
        Usage("--seed must be a whole number");
      }
    } else if (arg == "--prefill") {
      if (!ParseNumber(value(), o.prefill) || o.prefill < 1 || o.prefill > 1'000'000) {
        Usage("--prefill must be 1..1000000");
      }
    } else if (arg == "--host") {
      o.host = value();
    } else if (arg == "--json") {
      o.json_path = value();
    } else if (arg == "-h" || arg == "--help") {
      Usage("");
    } else if (!arg.empty() && arg[0] == '-') {
      Usage("unknown option " + arg);
    } else {
      int port = 0;
      if (!ParseNumber(arg, port) || port < 1 || port > 65535) {
        Usage("'" + arg + "' is not a port");
      }
      o.ports.push_back(port);
    }
  }
  if (o.ports.empty()) {
    Usage("no port given");
  }
  if (o.token.size() < 32) {
    Usage("--token is required and must be at least 32 characters");
  }
  return o;
}

// --- a minimal blocking HTTP/1.1 client --------------------------------------------------------

struct HttpResult {
  int status = 0;     // 0 = transport error
  std::string error;  // transport error text
  std::string body;
};

class HttpConnection {
 public:
  HttpConnection(std::string host, int port) : host_(std::move(host)), port_(port) {}
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  ~HttpConnection() { Close(); }

  int Port() const { return port_; }
  int Reconnects() const { return reconnects_; }

  HttpResult Request(std::string_view method, std::string_view target, std::string_view token,
                     std::string_view json_body) {
    std::string request;
    request.reserve(256 + json_body.size());
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
    request.append(host_).append(":").append(std::to_string(port_));
    request.append("\r\nAuthorization: Bearer ").append(token);
    request.append("\r\nAccept: application/json\r\nUser-Agent: ismap_storage_load\r\n");
    if (method == "POST") {
      request.append("Content-Type: application/json\r\nContent-Length: ");
      request.append(std::to_string(json_body.size())).append("\r\n\r\n").append(json_body);
    } else {
      request.append("\r\n");
    }
    // A keep-alive connection the server closed while idle fails on first use: retry once on a
    // fresh connection when nothing of the response had arrived.
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0) {
        if (std::string e = Connect(); !e.empty()) {
          return HttpResult{0, e, {}};
        }
      }
      const bool reused = used_;
      used_ = true;
      if (std::string e = SendAll(request); !e.empty()) {
        Close();
        if (reused && attempt == 0) {
          continue;
        }
        return HttpResult{0, e, {}};
      }
      bool got_any = false;
      HttpResult result = ReadResponse(got_any);
      if (result.status == 0) {
        Close();
        if (reused && !got_any && attempt == 0) {
          continue;
        }
      }
      return result;
    }
    return HttpResult{0, "unreachable", {}};
  }

 private:
  std::string Connect() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      return std::string("socket: ") + std::strerror(errno);
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval tv{};
    tv.tv_sec = kSocketTimeoutSeconds;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) {
      Close();
      return "bad IPv4 address " + host_;
    }
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      std::string e = std::string("connect to port ") + std::to_string(port_) + ": " + std::strerror(errno);
      Close();
      return e;
    }
    buffer_.clear();
    used_ = false;
    ++connects_;
    if (connects_ > 1) {
      ++reconnects_;
    }
    return {};
  }

  void Close() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    buffer_.clear();
  }

  std::string SendAll(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        return std::string("send: ") + std::strerror(errno);
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }

  // Appends at least one byte to buffer_, or returns an error text.
  std::string Fill() {
    char chunk[16384];
    for (;;) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return {};
      }
      if (n == 0) {
        return "connection closed by server";
      }
      if (errno == EINTR) {
        continue;
      }
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        return "no response within " + std::to_string(kSocketTimeoutSeconds) + " s";
      }
      return std::string("recv: ") + std::strerror(errno);
    }
  }

  static std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }

  HttpResult ReadResponse(bool& got_any) {
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (std::string e = Fill(); !e.empty()) {
        return HttpResult{0, e, {}};
      }
      got_any = true;
      if (buffer_.size() > 65536) {
        return HttpResult{0, "response header too large", {}};
      }
    }
    got_any = true;
    const std::string_view head(buffer_.data(), header_end);
    // Status line: HTTP/1.1 200 OK
    HttpResult result;
    const auto sp = head.find(' ');
    if (sp == std::string_view::npos || head.size() < sp + 4 || !ParseNumber(head.substr(sp + 1, 3), result.status)) {
      return HttpResult{0, "malformed status line", {}};
    }
    std::optional<std::size_t> content_length;
    bool chunked = false;
    bool close = false;
    std::size_t line_start = head.find("\r\n");
    while (line_start != std::string_view::npos && line_start < head.size()) {
      line_start += 2;
      std::size_t line_end = head.find("\r\n", line_start);
      if (line_end == std::string_view::npos) {
        line_end = head.size();
      }
      const std::string_view line = head.substr(line_start, line_end - line_start);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string name = Lower(line.substr(0, colon));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
          value.remove_prefix(1);
        }
        if (name == "content-length") {
          std::size_t n = 0;
          if (!ParseNumber(value, n)) {
            return HttpResult{0, "malformed Content-Length", {}};
          }
          content_length = n;
        } else if (name == "transfer-encoding") {
          chunked = Lower(value).find("chunked") != std::string::npos;
        } else if (name == "connection") {
          close = Lower(value).find("close") != std::string::npos;
        }
      }
      line_start = line_end;
    }
    std::size_t pos = header_end + 4;
    if (chunked) {
      for (;;) {
        std::size_t eol;
        while ((eol = buffer_.find("\r\n", pos)) == std::string::npos) {
          if (std::string e = Fill(); !e.empty()) {
            return HttpResult{0, e, {}};
          }
        }
        std::size_t size = 0;
        std::string_view size_text(buffer_.data() + pos, eol - pos);
        size_text = size_text.substr(0, size_text.find(';'));
        const auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (ec != std::errc()) {
          return HttpResult{0, "malformed chunk size", {}};
        }
        (void)end;
        pos = eol + 2;
        if (size == 0) {
          // Trailers (none expected) end with an empty line.
          std::size_t trailer_end;
          while ((trailer_end = buffer_.find("\r\n", pos)) == std::string::npos) {
            if (std::string e = Fill(); !e.empty()) {
              return HttpResult{0, e, {}};
            }
          }
          pos = trailer_end + 2;
          break;
        }
        while (buffer_.size() < pos + size + 2) {
          if (std::string e = Fill(); !e.empty()) {
            return HttpResult{0, e, {}};
          }
        }
        result.body.append(buffer_, pos, size);
        pos += size + 2;
      }
    } else if (content_length) {
      while (buffer_.size() < pos + *content_length) {
        if (std::string e = Fill(); !e.empty()) {
          return HttpResult{0, e, {}};
        }
      }
      result.body.assign(buffer_, pos, *content_length);
      pos += *content_length;
    } else {
      // Body delimited by the end of the connection.
      while (Fill().empty()) {
      }
      result.body.assign(buffer_, pos);
      pos = buffer_.size();
      close = true;
    }
    buffer_.erase(0, pos);
    if (close) {
      Close();
    }
    return result;
  }

  std::string host_;
  int port_;
  int fd_ = -1;
  bool used_ = false;
  int connects_ = 0;
  int reconnects_ = 0;
  std::string buffer_;
};

// --- shared state ------------------------------------------------------------------------------

// Ids created so far (prefill and the load's own appends); readers pick from them.
class IdPool {
 public:
  void Add(std::int64_t id) {
    std::unique_lock lock(mu_);
    ids_.push_back(id);
  }
  std::int64_t Pick(std::mt19937_64& rng) const {
    std::shared_lock lock(mu_);
    std::uniform_int_distribution<std::size_t> pick(0, ids_.size() - 1);
    return ids_[pick(rng)];
  }
  std::size_t Size() const {
    std::shared_lock lock(mu_);
    return ids_.size();
  }

 private:
  mutable std::shared_mutex mu_;
  std::vector<std::int64_t> ids_;
};

struct OpStats {
  std::vector<double> latencies_ms;           // successful (2xx) requests only
  std::vector<double> failed_ms;              // non-2xx and transport errors
  std::map<int, std::int64_t> status_counts;  // every HTTP status seen (0 = transport error)
  std::int64_t transport_errors = 0;
  std::int64_t bad_bodies = 0;  // 2xx whose body was not what the operation expects
};

struct ErrorSample {
  std::string op;
  int port = 0;
  int status = 0;
  std::string detail;
};

// Failures grouped by operation, port, status and detail: "append :18280 503: {...}".
class ErrorLog {
 public:
  void Add(const ErrorSample& s) {
    std::lock_guard lock(mu_);
    ++by_text_[s.op + " :" + std::to_string(s.port) + " " +
               (s.status == 0 ? std::string("transport") : std::to_string(s.status)) + ": " + s.detail.substr(0, 200)];
  }
  std::map<std::string, std::int64_t> Distinct() const {
    std::lock_guard lock(mu_);
    return by_text_;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::int64_t> by_text_;
};

std::optional<std::int64_t> ParseId(const std::string& body) {
  try {
    const json j = json::parse(body);
    if (j.is_object() && j.contains("id") && j["id"].is_number_integer()) {
      return j["id"].get<std::int64_t>();
    }
  } catch (const json::exception&) {
  }
  return std::nullopt;
}

// Short, readable error detail: the JSON error code/message if there is one, else the body start.
std::string Detail(const HttpResult& r) {
  if (r.status == 0) {
    return r.error;
  }
  try {
    const json j = json::parse(r.body);
    if (j.is_object() && j.contains("error")) {
      json e = j["error"];
      if (e.is_object()) {
        e.erase("request_id");  // unique per request: would keep equal failures apart
      }
      return e.dump();
    }
  } catch (const json::exception&) {
  }
  std::string s = r.body.substr(0, 160);
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

std::string AppendBody(std::uint64_t seed, int worker, std::int64_t n) {
  return "{\"kind\":\"agency\",\"name_ja\":\"省-" + std::to_string(seed) + "-" + std::to_string(worker) + "-" +
         std::to_string(n) + "\",\"name_en\":\"Ministry\"}";
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  // Nearest rank.
  const double rank = p / 100.0 * static_cast<double>(sorted.size());
  std::size_t index = static_cast<std::size_t>(rank);
  if (static_cast<double>(index) < rank) {
    ++index;
  }
  index = std::clamp<std::size_t>(index, 1, sorted.size());
  return sorted[index - 1];
}

struct Summary {
  std::int64_t count = 0;  // all requests
  std::int64_t ok = 0;     // 2xx
  std::int64_t failed = 0;
  double ops_per_s = 0;  // 2xx per second
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
  std::map<int, std::int64_t> status_counts;
  std::int64_t transport_errors = 0;
  std::int64_t bad_bodies = 0;
};

Summary Summarise(const std::vector<const OpStats*>& parts, double elapsed_s) {
  Summary s;
  std::vector<double> all;
  for (const OpStats* p : parts) {
    all.insert(all.end(), p->latencies_ms.begin(), p->latencies_ms.end());
    s.failed += static_cast<std::int64_t>(p->failed_ms.size());
    for (const auto& [status, n] : p->status_counts) {
      s.status_counts[status] += n;
    }
    s.transport_errors += p->transport_errors;
    s.bad_bodies += p->bad_bodies;
  }
  std::sort(all.begin(), all.end());
  s.ok = static_cast<std::int64_t>(all.size());
  s.count = s.ok + s.failed;
  s.ops_per_s = elapsed_s > 0 ? static_cast<double>(s.ok) / elapsed_s : 0;
  s.p50 = Percentile(all, 50);
  s.p90 = Percentile(all, 90);
  s.p99 = Percentile(all, 99);
  s.max = all.empty() ? 0 : all.back();
  double sum = 0;
  for (double v : all) {
    sum += v;
  }
  s.mean = all.empty() ? 0 : sum / static_cast<double>(all.size());
  return s;
}

json ToJson(const Summary& s) {
  json statuses = json::object();
  for (const auto& [status, n] : s.status_counts) {
    statuses[status == 0 ? "transport_error" : std::to_string(status)] = n;
  }
  auto ms = [](double v) { return std::round(v * 1000.0) / 1000.0; };
  return json{{"count", s.count},
              {"ok", s.ok},
              {"non_2xx", s.failed - s.transport_errors},
              {"transport_errors", s.transport_errors},
              {"bad_bodies", s.bad_bodies},
              {"ops_per_s", std::round(s.ops_per_s * 10.0) / 10.0},
              {"p50_ms", ms(s.p50)},
              {"p90_ms", ms(s.p90)},
              {"p99_ms", ms(s.p99)},
              {"max_ms", ms(s.max)},
              {"mean_ms", ms(s.mean)},
              {"status_counts", statuses}};
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  IdPool ids;
  ErrorLog errors;
  const std::uint64_t seed = options.seed;

  // 1. Prefill: --prefill organizations, spread over the instances, so point reads have ids.
  {
    std::vector<std::unique_ptr<HttpConnection>> connections;
    for (int port : options.ports) {
      connections.push_back(std::make_unique<HttpConnection>(options.host, port));
    }
    int failures = 0;
    for (int i = 0; i < options.prefill; ++i) {
      HttpConnection& c = *connections[static_cast<std::size_t>(i) % connections.size()];
      const HttpResult r = c.Request("POST", "/api/v1/organizations", options.token, AppendBody(seed, -1, i));
      const auto id = r.status == 201 ? ParseId(r.body) : std::nullopt;
      if (!id) {
        std::cerr << "ismap_storage_load: prefill POST to port " << c.Port()
                  << " failed: " << (r.status ? "HTTP " + std::to_string(r.status) + " " : std::string()) << Detail(r)
                  << "\n";
        if (++failures >= 5) {
          std::cerr << "ismap_storage_load: giving up: the instances do not accept appends\n";
          return 2;
        }
        continue;
      }
      ids.Add(*id);
    }
    if (ids.Size() == 0) {
      return 2;
    }
  }

  // 2. The measured load.
  const int n = options.connections;
  std::vector<std::array<OpStats, kOpCount>> stats(static_cast<std::size_t>(n));
  std::vector<int> reconnects(static_cast<std::size_t>(n), 0);
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  const auto duration = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  Clock::time_point start;
  Clock::time_point deadline;
  std::mutex start_mu;
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  std::vector<Clock::time_point> finished(static_cast<std::size_t>(n));

  for (int w = 0; w < n; ++w) {
    threads.emplace_back([&, w] {
      const int port = options.ports[static_cast<std::size_t>(w) % options.ports.size()];
      HttpConnection connection(options.host, port);
      std::mt19937_64 rng(seed * 1'000'003ULL + static_cast<std::uint64_t>(w));
      std::discrete_distribution<int> choose({static_cast<double>(options.mix[0]), static_cast<double>(options.mix[1]),
                                              static_cast<double>(options.mix[2])});
      auto& mine = stats[static_cast<std::size_t>(w)];
      std::int64_t appended = 0;
      std::string target;
      ++ready;
      while (!go.load(std::memory_order_acquire)) {
        std::this_thread::yield();
      }
      Clock::time_point end_at;
      {
        std::lock_guard lock(start_mu);
        end_at = deadline;
      }
      while (Clock::now() < end_at) {
        const Op op = static_cast<Op>(choose(rng));
        std::int64_t wanted_id = 0;
        HttpResult r;
        const auto t0 = Clock::now();
        switch (op) {
          case kAppend:
            r = connection.Request("POST", "/api/v1/organizations", options.token, AppendBody(seed, w, appended++));
            break;
          case kPoint:
            wanted_id = ids.Pick(rng);
            target = "/api/v1/organizations/" + std::to_string(wanted_id);
            r = connection.Request("GET", target, options.token, {});
            break;
          case kList: {
            const std::size_t known = ids.Size();
            const std::size_t max_offset = known > kListLimit ? known - kListLimit : 0;
            std::uniform_int_distribution<std::size_t> pick(0, max_offset);
            target =
                "/api/v1/organizations?limit=" + std::to_string(kListLimit) + "&offset=" + std::to_string(pick(rng));
            r = connection.Request("GET", target, options.token, {});
            break;
          }
        }
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        OpStats& s = mine[op];
        ++s.status_counts[r.status];
        const bool ok = r.status >= 200 && r.status < 300;
        if (!ok) {
          s.failed_ms.push_back(ms);
          if (r.status == 0) {
            ++s.transport_errors;
          }
          errors.Add(ErrorSample{kOpNames[op], port, r.status, Detail(r)});
          if (r.status == 0) {
            // The server is gone or hung: do not spin on a dead port.
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
          continue;
        }
        s.latencies_ms.push_back(ms);
        // Cheap sanity checks of the body: a created id, the id asked for, a list page.
        if (op == kAppend) {
          if (auto id = ParseId(r.body)) {
            ids.Add(*id);
          } else {
            ++s.bad_bodies;
            errors.Add(ErrorSample{kOpNames[op], port, r.status, "no id in body: " + r.body.substr(0, 120)});
          }
        } else if (op == kPoint) {
          if (r.body.find("\"id\":" + std::to_string(wanted_id) + ",") == std::string::npos) {
            ++s.bad_bodies;
            errors.Add(ErrorSample{kOpNames[op], port, r.status, "wrong body: " + r.body.substr(0, 120)});
          }
        } else if (r.body.find("\"items\":[") == std::string::npos) {
          ++s.bad_bodies;
          errors.Add(ErrorSample{kOpNames[op], port, r.status, "wrong body: " + r.body.substr(0, 120)});
        }
      }
      finished[static_cast<std::size_t>(w)] = Clock::now();
      reconnects[static_cast<std::size_t>(w)] = connection.Reconnects();
    });
  }
  while (ready.load() < n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  {
    std::lock_guard lock(start_mu);
    start = Clock::now();
    deadline = start + duration;
  }
  go.store(true, std::memory_order_release);
  for (auto& t : threads) {
    t.join();
  }
  // Requests started before the deadline all count; the run lasts until the last one finished.
  const Clock::time_point end = *std::max_element(finished.begin(), finished.end());
  const double elapsed_s = std::chrono::duration<double>(end - start).count();

  // 3. Report.
  std::array<std::vector<const OpStats*>, kOpCount> per_op;
  std::vector<const OpStats*> everything;
  for (const auto& worker : stats) {
    for (int op = 0; op < kOpCount; ++op) {
      per_op[static_cast<std::size_t>(op)].push_back(&worker[static_cast<std::size_t>(op)]);
      everything.push_back(&worker[static_cast<std::size_t>(op)]);
    }
  }
  std::array<Summary, kOpCount> summaries;
  for (int op = 0; op < kOpCount; ++op) {
    summaries[static_cast<std::size_t>(op)] = Summarise(per_op[static_cast<std::size_t>(op)], elapsed_s);
  }
  const Summary total = Summarise(everything, elapsed_s);
  int total_reconnects = 0;
  for (int r : reconnects) {
    total_reconnects += r;
  }

  std::string ports_text;
  for (int p : options.ports) {
    ports_text += (ports_text.empty() ? "" : ",") + std::to_string(p);
  }
  std::printf("ismap_storage_load: ports %s, %d connections, %.2f s measured, mix %s, seed %llu, prefill %d\n",
              ports_text.c_str(), n, elapsed_s, options.mix_text.c_str(), static_cast<unsigned long long>(seed),
              options.prefill);
  std::printf("%-8s %9s %10s %9s %9s %9s %9s %8s %8s\n", "op", "count", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
              "non-2xx", "net err");
  auto row = [](const char* name, const Summary& s) {
    std::printf("%-8s %9lld %10.1f %9.2f %9.2f %9.2f %9.2f %8lld %8lld\n", name, static_cast<long long>(s.count),
                s.ops_per_s, s.p50, s.p90, s.p99, s.max, static_cast<long long>(s.failed - s.transport_errors),
                static_cast<long long>(s.transport_errors));
  };
  for (int op = 0; op < kOpCount; ++op) {
    row(kOpNames[static_cast<std::size_t>(op)], summaries[static_cast<std::size_t>(op)]);
  }
  row("total", total);
  const std::int64_t failures = total.failed + total.bad_bodies;
  if (failures > 0) {
    std::printf("ERRORS: %lld failed requests (", static_cast<long long>(failures));
    bool first = true;
    for (const auto& [status, count] : total.status_counts) {
      if (status >= 200 && status < 300) {
        continue;
      }
      std::printf("%s%s: %lld", first ? "" : ", ", status == 0 ? "transport" : std::to_string(status).c_str(),
                  static_cast<long long>(count));
      first = false;
    }
    if (total.bad_bodies > 0) {
      std::printf("%sbad body: %lld", first ? "" : ", ", static_cast<long long>(total.bad_bodies));
    }
    std::printf(")\n");
    const auto distinct = errors.Distinct();
    int shown = 0;
    for (const auto& [text, count] : distinct) {
      if (++shown > 20) {
        std::printf("  ... and %zu more kinds (all in --json)\n", distinct.size() - 20);
        break;
      }
      std::printf("  %6lld x %s\n", static_cast<long long>(count), text.c_str());
    }
  } else {
    std::printf("errors: none (every response 2xx)\n");
  }
  if (total_reconnects > 0) {
    std::printf("note: %d reconnects (the server closed keep-alive connections)\n", total_reconnects);
  }
  // One machine-readable line for scripts.
  std::printf(
      "summary total_ops_s=%.1f append_ops_s=%.1f append_p99_ms=%.2f point_p99_ms=%.2f list_p99_ms=%.2f "
      "total_p99_ms=%.2f errors=%lld\n",
      total.ops_per_s, summaries[kAppend].ops_per_s, summaries[kAppend].p99, summaries[kPoint].p99,
      summaries[kList].p99, total.p99, static_cast<long long>(failures));
  std::fflush(stdout);

  if (!options.json_path.empty()) {
    json out = {
        {"tool", "ismap_storage_load"},
        {"host", options.host},
        {"ports", options.ports},
        {"connections", n},
        {"seconds_requested", options.seconds},
        {"seconds_measured", std::round(elapsed_s * 1000.0) / 1000.0},
        {"mix", options.mix_text},
        {"seed", seed},
        {"prefill", options.prefill},
        {"list_limit", kListLimit},
        {"reconnects", total_reconnects},
        {"total", ToJson(total)},
        {"errors", failures},
    };
    json ops = json::object();
    for (int op = 0; op < kOpCount; ++op) {
      ops[kOpNames[static_cast<std::size_t>(op)]] = ToJson(summaries[static_cast<std::size_t>(op)]);
    }
    out["ops"] = ops;
    json distinct = json::object();
    for (const auto& [text, count] : errors.Distinct()) {
      distinct[text] = count;
    }
    out["error_kinds"] = distinct;
    std::ofstream file(options.json_path);
    file << out.dump(2) << "\n";
    if (!file) {
      std::cerr << "ismap_storage_load: cannot write " << options.json_path << "\n";
      return 2;
    }
  }
  return failures > 0 ? 3 : 0;
}
