#include <vector>

#include "core/embedded_file.hpp"
#include "web/pages.hpp"

namespace ismap::web {

const std::vector<core::EmbeddedFile>& EmbeddedAssets();        // generated: static/
const std::vector<core::EmbeddedFile>& EmbeddedDesignTokens();  // generated: the npm design tokens

void AddWebAssets(http::StaticFiles& files) {
  for (const auto& file : EmbeddedAssets()) {
    files.Add(std::string(file.name), std::string(file.bytes));
  }
  // The package names its file tokens.css; the site serves it under a name that says whose tokens
  // these are, linked before app.css, whose rules read its custom properties.
  for (const auto& file : EmbeddedDesignTokens()) {
    files.Add("design-tokens.css", std::string(file.bytes));
  }
}

}  // namespace ismap::web
