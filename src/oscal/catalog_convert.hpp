// OSCAL catalogs and profiles to and from the criteria model (domain/criteria.hpp).
//
// Import never drops data: every group and control keeps its OSCAL object (without its children) in
// Control::source_json, and the catalog keeps everything but its groups and controls (uuid,
// metadata, params, back-matter) in EditionInfo::source_json, so export rebuilds the document the
// import read, member for member. A profile is kept whole in BaselineInfo::source_json.
//
// Editions that did not come from OSCAL (the skeleton, CSV, XLSX) are exported as new catalogs,
// one per language. OSCAL ids are tokens that cannot start with a digit, so ISMAP item "9.2.3"
// becomes control id "ismap-9.2.3" with a "label" prop "9.2.3"; the tier, level, rule and suffix
// travel as props in the ISMAP namespace, and import reads them back, so such a catalog also
// round-trips.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/criteria.hpp"

namespace ismap::oscal {

// The namespace of the props this program adds to the catalogs and profiles it writes.
inline constexpr char kIsmapPropNamespace[] = "https://www.ismap.go.jp/ns/oscal";

struct CatalogImportOptions {
  std::string key;     // the edition's key
  std::string scheme;  // "nist-sp800-53", ...; an ISMAP catalog written by CatalogFromEdition says "ismap" itself
  std::string source;  // the file or document it came from
  std::string language = "en";  // the language of the catalog's titles and prose: "en" or "ja"
  std::optional<std::string> effective_date;
};

// `root` is a whole OSCAL document ({"catalog": {...}}). kInvalidArgument (oscal.not_a_catalog)
// when it is something else; the content is not validated here (ValidateEdition does that).
core::Result<domain::EditionContent> EditionFromCatalog(const rapidjson::Value& root,
                                                        const CatalogImportOptions& options);

// The edition as an OSCAL 1.1.3 catalog in `language` ("ja" or "en"), pretty-printed. A title or
// text missing in that language falls back to the other one. `last_modified` stamps catalogs built
// from scratch (imported OSCAL keeps its own metadata).
std::string CatalogFromEdition(const domain::EditionContent& edition, std::string_view language,
                               core::TimePoint last_modified);

// `root` is a whole OSCAL document ({"profile": {...}}); `selected_ids` are the control ids the
// profile selects, in order (from ResolveProfile). kInvalidArgument (oscal.not_a_profile).
core::Result<domain::BaselineContent> BaselineFromProfile(const rapidjson::Value& root, std::string key,
                                                          std::string edition_key,
                                                          const std::vector<std::string>& selected_ids);

// The baseline as an OSCAL profile importing `catalog_href`. An imported profile is given back as it
// was; others are built in `language`, selecting the entries with with-ids (ISMAP ids as
// "ismap-<id>") and marking required ones with a prop.
std::string ProfileFromBaseline(const domain::BaselineContent& baseline, bool ismap_ids,
                                const std::string& catalog_href, std::string_view language,
                                core::TimePoint last_modified);

// The OSCAL control id of an item of an edition of `scheme`, and back.
std::string OscalControlId(std::string_view scheme, std::string_view control_id);

}  // namespace ismap::oscal
