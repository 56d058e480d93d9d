// What a file's bytes say it is: a thin wrapper over libmagic (the `file` command's library and
// its compiled magic database, Debian libmagic-mgc). Thread-safe: each thread loads its own
// libmagic handle on first use (a few milliseconds) and keeps it.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ismap::core {

// The media type libmagic gives `bytes` ("application/pdf", "image/png", "text/plain",
// "application/zip", ...), without parameters. Only the first MiB is examined.
// kInternal (media.sniff_failed) when libmagic or its database cannot be loaded.
Result<std::string> SniffMediaType(std::string_view bytes);

}  // namespace ismap::core
