// A tiny SMTP server on 127.0.0.1 (a free port) for the tests of the e-mail outbox: it speaks just
// enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no STARTTLS, no AUTH) to accept
// messages, one connection at a time, and keeps what it received. It can be told to refuse
// recipients, to answer like a server in trouble.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ismap::testing {

class FakeSmtpServer {
 public:
  struct Message {
    std::string mail_from;
    std::vector<std::string> recipients;
    std::string data;  // as sent, without the final ".", dot-stuffing undone
  };

  // `refuse_recipients`: answer RCPT with 550, so every message fails.
  explicit FakeSmtpServer(bool refuse_recipients = false) : refuse_recipients_(refuse_recipients) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    ::listen(listener_, 8);
    socklen_t length = sizeof(address);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }

  ~FakeSmtpServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  FakeSmtpServer(const FakeSmtpServer&) = delete;
  FakeSmtpServer& operator=(const FakeSmtpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  std::vector<Message> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }

  // Waits until `count` messages have arrived or `timeout` passes; true when they have.
  bool WaitFor(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
  }

 private:
  // One line (without CRLF), or false when the peer went away or the server is stopping.
  bool ReadLine(int fd, std::string& buffer, std::string& line) {
    while (true) {
      if (const auto end = buffer.find("\r\n"); end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      if (stop_) {
        return false;
      }
      if (ready <= 0) {
        continue;
      }
      char chunk[4096];
      const ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) {
        return false;
      }
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  static void Reply(int fd, const std::string& text) { (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

  static bool Starts(const std::string& line, const char* verb) {
    const std::string v(verb);
    if (line.size() < v.size()) {
      return false;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(line[i])) != v[i]) {
        return false;
      }
    }
    return true;
  }

  void Converse(int fd) {
    std::string buffer;
    std::string line;
    Message current;
    Reply(fd, "220 fake.smtp.test ESMTP\r\n");
    while (ReadLine(fd, buffer, line)) {
      if (Starts(line, "EHLO")) {
        Reply(fd, "250-fake.smtp.test\r\n250 8BITMIME\r\n");
      } else if (Starts(line, "HELO")) {
        Reply(fd, "250 fake.smtp.test\r\n");
      } else if (Starts(line, "MAIL FROM:")) {
        current = Message{};
        current.mail_from = line.substr(10);
        Reply(fd, "250 OK\r\n");
      } else if (Starts(line, "RCPT TO:")) {
        if (refuse_recipients_) {
          Reply(fd, "550 5.1.1 mailbox unavailable\r\n");
        } else {
          current.recipients.push_back(line.substr(8));
          Reply(fd, "250 OK\r\n");
        }
      } else if (Starts(line, "DATA")) {
        Reply(fd, "354 go ahead\r\n");
        std::string data;
        while (ReadLine(fd, buffer, line) && line != ".") {
          data += (line.rfind("..", 0) == 0 ? line.substr(1) : line) + "\r\n";
        }
        current.data = std::move(data);
        {
          std::lock_guard lock(mu_);
          messages_.push_back(current);
        }
        arrived_.notify_all();
        Reply(fd, "250 OK queued\r\n");
      } else if (Starts(line, "RSET") || Starts(line, "NOOP")) {
        Reply(fd, "250 OK\r\n");
      } else if (Starts(line, "QUIT")) {
        Reply(fd, "221 bye\r\n");
        return;
      } else {
        Reply(fd, "502 not implemented\r\n");
      }
    }
  }

  void Serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) {
        continue;
      }
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) {
        continue;
      }
      Converse(fd);
      ::close(fd);
    }
  }

  const bool refuse_recipients_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<Message> messages_;
  std::thread thread_;
};

}  // namespace ismap::testing
