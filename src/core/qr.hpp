// QR codes as inline SVG (for the TOTP enrolment page), via libqrencode.
//
// The SVG is self-contained and inert: no scripts, no styles, no external references, so it can
// be inlined in a page under a strict Content-Security-Policy. Thread-safe (Debian builds
// libqrencode with pthreads).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ismap::core {

// `text` as a QR code (error correction level M, 8-bit mode, smallest version that fits) in an
// `<svg role="img" aria-label="QR code">` whose viewBox is in modules, including the 4-module
// quiet zone the standard requires, drawn `module_px` pixels per module. Dark modules are one
// `<path>` on a white rectangle, so the code still scans when a dark theme is around it.
// Deterministic: the same input gives the same bytes.
// Errors (kInvalidArgument): "qr.too_long" if `text` exceeds a version-40 code (2331 bytes at
// level M); "qr.invalid_input" for empty text or text containing NUL; "qr.bad_module_size" unless
// 1 <= module_px <= 64. kInternal if libqrencode cannot allocate.
Result<std::string> QrSvg(std::string_view text, int module_px = 4);

}  // namespace ismap::core
