// A file compiled into the binary by cmake/EmbedFiles.cmake (migrations, templates, messages,
// static assets). The bytes live for the whole program.
#pragma once

#include <string_view>

namespace ismap::core {

struct EmbeddedFile {
  std::string_view name;  // path relative to the embedding base, with '/' separators
  std::string_view bytes;
};

}  // namespace ismap::core
