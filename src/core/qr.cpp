#include "core/qr.hpp"

#include <qrencode.h>

#include <cerrno>
#include <iterator>
#include <memory>

#include <fmt/format.h>

namespace ismap::core {
namespace {

constexpr int kQuietZoneModules = 4;  // ISO/IEC 18004 minimum
constexpr int kMaxModulePx = 64;

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

Result<std::string> QrSvg(std::string_view text, int module_px) {
  if (module_px < 1 || module_px > kMaxModulePx) {
    return Unexpected(ErrorCode::kInvalidArgument, "qr.bad_module_size", "module size must be 1 to 64 pixels");
  }
  // libqrencode takes a C string: an embedded NUL would silently cut the payload short.
  if (text.empty() || text.find('\0') != std::string_view::npos) {
    return Unexpected(ErrorCode::kInvalidArgument, "qr.invalid_input", "QR text must be non-empty and contain no NUL");
  }
  const std::string terminated(text);
  errno = 0;
  const std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (code == nullptr) {
    if (errno == ERANGE) {
      return Unexpected(ErrorCode::kInvalidArgument, "qr.too_long", "text is too long for a QR code");
    }
    if (errno == EINVAL) {
      return Unexpected(ErrorCode::kInvalidArgument, "qr.invalid_input", "libqrencode refused the text");
    }
    return Unexpected(ErrorCode::kInternal, "qr.encode_failed", "libqrencode failed to encode");
  }

  const int width = code->width;
  const int size = width + 2 * kQuietZoneModules;
  std::string svg =
      fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{0}" viewBox="0 0 {1} {1}" )"
                  R"(role="img" aria-label="QR code" shape-rendering="crispEdges">)"
                  R"(<rect width="{1}" height="{1}" fill="#fff"/><path fill="#000" d=")",
                  size * module_px, size);
  // One subpath per horizontal run of dark modules: a few times smaller than one per module.
  // Bit 0 of each libqrencode byte is the module colour (1 = dark); the others are metadata.
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
    for (int x = 0; x < width;) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < width && (row[x] & 1) != 0) {
        ++x;
      }
      fmt::format_to(std::back_inserter(svg), "M{} {}h{}v1h-{}z", start + kQuietZoneModules, y + kQuietZoneModules,
                     x - start, x - start);
    }
  }
  svg += R"("/></svg>)";
  return svg;
}

}  // namespace ismap::core
