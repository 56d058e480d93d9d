#include "core/media_sniff.hpp"

#include <fmt/format.h>
#include <magic.h>

#include <algorithm>
#include <memory>

namespace ismap::core {
namespace {

// Enough for every accepted type: PDF, PNG and JPEG say what they are in their first bytes; the
// ZIP-based office types name their parts at the start; text is judged on a sample.
constexpr std::size_t kExamined = 1024 * 1024;

struct MagicCloser {
  void operator()(magic_set* cookie) const { magic_close(cookie); }
};
using MagicHandle = std::unique_ptr<magic_set, MagicCloser>;

Error SniffFailed(std::string what) {
  return MakeError(ErrorCode::kInternal, "media.sniff_failed", "libmagic: " + std::move(what));
}

// This thread's handle, loaded on first use. A magic_t must not be shared between threads.
Result<magic_t> ThreadHandle() {
  thread_local MagicHandle handle;
  if (handle) {
    return handle.get();
  }
  // MIME type only; never look inside compressed files (a .gz is not an accepted type anyway).
  MagicHandle opened(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR));
  if (!opened) {
    return SniffFailed("magic_open failed");
  }
  if (magic_load(opened.get(), nullptr) != 0) {
    const char* error = magic_error(opened.get());
    return SniffFailed(fmt::format("cannot load the magic database: {}", error != nullptr ? error : "unknown"));
  }
  handle = std::move(opened);
  return handle.get();
}

// A text sample must not end inside a UTF-8 sequence, or libmagic takes it for binary data.
std::size_t SampleLength(std::string_view bytes) {
  if (bytes.size() <= kExamined) {
    return bytes.size();
  }
  std::size_t end = kExamined;
  while (end > kExamined - 4 && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end;
}

}  // namespace

Result<std::string> SniffMediaType(std::string_view bytes) {
  ISMAP_ASSIGN_OR_RETURN(magic_t cookie, ThreadHandle());
  const char* type = magic_buffer(cookie, bytes.data(), SampleLength(bytes));
  if (type == nullptr) {
    const char* error = magic_error(cookie);
    return SniffFailed(error != nullptr ? error : "magic_buffer failed");
  }
  return std::string(type);
}

}  // namespace ismap::core
