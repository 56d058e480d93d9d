#include <vector>

#include "core/embedded_file.hpp"
#include "web/pages.hpp"

namespace ismap::web {

const std::vector<core::EmbeddedFile>& EmbeddedAssets();  // generated

void AddWebAssets(http::StaticFiles& files) {
  for (const auto& file : EmbeddedAssets()) {
    files.Add(std::string(file.name), std::string(file.bytes));
  }
}

}  // namespace ismap::web
