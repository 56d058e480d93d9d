#include "tests/support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace ismap::testing {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

// Parses a head (status line + headers). Returns false when malformed.
bool ParseHead(const std::string& head, HttpResponse& out) {
  const auto line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) {
    return false;
  }
  out.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end + 2;
  while (pos < head.size()) {
    const auto end = head.find("\r\n", pos);
    const std::string line = head.substr(pos, end - pos);
    pos = end == std::string::npos ? head.size() : end + 2;
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.erase(0, 1);
    }
    auto& slot = out.headers[Lower(line.substr(0, colon))];
    slot = slot.empty() ? value : slot + "\n" + value;
  }
  return true;
}

}  // namespace

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

bool RawConnection::Send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<HttpResponse> RawConnection::ReadResponse(std::chrono::milliseconds timeout, bool to_head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool eof = false;
  auto fill = [&]() {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      return false;
    }
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t head_end;
  while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) {
      return std::nullopt;
    }
  }
  HttpResponse response;
  if (!ParseHead(pending_.substr(0, head_end), response)) {
    return std::nullopt;
  }
  pending_.erase(0, head_end + 4);
  const std::string length = response.Header("content-length");
  if (to_head) {
    return response;
  }
  if (!length.empty()) {
    const std::size_t n = std::stoul(length);
    while (pending_.size() < n) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    response.body = pending_.substr(0, n);
    pending_.erase(0, n);
  } else if (response.status != 304 && response.status != 204) {
    while (fill()) {
    }
    if (!eof) {
      return std::nullopt;
    }
    response.body = std::move(pending_);
    pending_.clear();
  }
  return response;
}

bool RawConnection::WaitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      return false;
    }
    char buf[4096];
    if (::recv(fd_, buf, sizeof(buf), 0) <= 0) {
      return true;
    }
  }
}

std::optional<HttpResponse> Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                                  const std::string& extra_headers, const std::string& body) {
  RawConnection connection(port);
  if (!connection.connected()) {
    return std::nullopt;
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extra_headers;
  if (!body.empty() || method == "POST") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  if (!connection.Send(request)) {
    return std::nullopt;
  }
  return connection.ReadResponse(std::chrono::seconds(10), method == "HEAD");
}

}  // namespace ismap::testing
