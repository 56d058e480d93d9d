// A deliberately small HTTP/1.1 client over POSIX sockets, for tests that must send malformed,
// oversized or slow requests that a real client library would refuse to send.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace ismap::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; repeated headers joined by "\n"
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // False when the peer has closed or reset the connection.
  bool Send(const std::string& bytes);
  // Reads one response (Content-Length framed, or to EOF). nullopt on timeout or close before one.
  // `to_head` says the request was HEAD, whose response has headers only.
  std::optional<HttpResponse> ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                           bool to_head = false);
  // True when the peer closes within `timeout` (reads and drops anything it sends first).
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string pending_;
};

// One request on a fresh connection with "Connection: close". `extra_headers` are raw lines
// ("Accept-Language: en\r\n").
std::optional<HttpResponse> Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                                  const std::string& extra_headers = "", const std::string& body = "");

}  // namespace ismap::testing
