#include "http/access_log.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace ismap::http {
namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;
}  // namespace

AccessLog::AccessLog(std::FILE* out) : out_(out) {
  if (out_ != nullptr) {
    flusher_ = std::thread([this] { FlushLoop(); });
  }
}

AccessLog::~AccessLog() {
  if (out_ == nullptr) {
    return;
  }
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  Flush();
}

void AccessLog::Record(const AccessRecord& r) {
  if (out_ == nullptr) {
    return;
  }
  std::string line = "{\"time\":\"" + core::FormatRfc3339(r.time) + "\",\"request_id\":\"";
  core::AppendJsonEscaped(line, r.request_id);
  line += "\",\"method\":\"";
  core::AppendJsonEscaped(line, r.method);
  line += "\",\"route\":\"";
  core::AppendJsonEscaped(line, r.route);
  line += "\",\"path\":\"";
  core::AppendJsonEscaped(line, r.path);
  line += fmt::format("\",\"status\":{},\"duration_ms\":{:.3f},\"bytes\":{},\"remote\":\"", r.status, r.duration_ms,
                      r.bytes);
  core::AppendJsonEscaped(line, r.remote);
  line += "\"}\n";
  bool full = false;
  {
    std::lock_guard lock(mu_);
    buffer_ += line;
    full = buffer_.size() >= kFlushBytes;
  }
  if (full) {
    wake_.notify_one();
  }
}

void AccessLog::Flush() {
  std::string pending;
  {
    std::lock_guard lock(mu_);
    pending.swap(buffer_);
  }
  if (!pending.empty()) {
    std::fwrite(pending.data(), 1, pending.size(), out_);
    std::fflush(out_);
  }
}

void AccessLog::FlushLoop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace ismap::http
