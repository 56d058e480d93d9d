// OSCAL profile resolution: turns a profile (a selection and tailoring of controls from catalogs or
// other profiles) into the catalog it stands for, after NIST's "OSCAL Profile Resolution"
// specification (OSCAL 1.1, draft) and the behaviour of NIST's reference XSLT resolver (OPRXP), which
// produced the published SP 800-53 rev5 baseline catalogs. The specification and its requirement tests
// are in ../shared/data/oscal/profile-resolution/ — XML only (we have no XML OSCAL reader), so they were
// read for their semantics, not run.
//
// What is implemented, phase by phase:
//  - import: href to a document (RFC 3986, resolved against the importing profile's URI) or "#uuid" to
//    a back-matter resource of the importing profile, whose rlinks are tried in order (then its base64);
//    include-all, include-controls and exclude-controls with with-ids, matching (glob: `*` any run of
//    characters, `?` one character) and with-child-controls; including a control includes its ancestor
//    controls, exclusion wins over inclusion, and an included control whose parent is not included
//    moves up to the parent's place. An imported profile is resolved first (recursively); a circular
//    import is an error finding and that import is skipped. The same document imported twice is loaded
//    once and selected twice.
//  - merge: combine "keep" (the default; duplicates are kept and reported as warnings) and "use-first"
//    (the first occurrence in import order wins); the deprecated "merge" method is treated as use-first
//    with a warning. Structuring: "as-is" keeps groups (a group appears when it holds an included
//    control or has a keep=always prop) and control nesting; "flat" (the default when absent, as the
//    specification says) drops groups but keeps included child controls inside their included parents,
//    as OPRXP and the requirement tests do; "custom" builds the profile's groups and inserts the
//    selected controls (without their child controls, which appear where they are selected themselves).
//    Controls keep catalog order within each import; imports follow one another.
//  - modify: set-parameters on any param with that id (control, group or catalog level): class,
//    depends-on, label, usage, values and select replace; props, links, constraints and guidelines
//    are appended (a prop with the uuid of an existing one replaces it). alters: removes first (by-id,
//    by-name, by-class, by-ns, by-item-name; every given criterion must match; objects inside params,
//    props, links and parts at any depth, never child controls), then adds, in order: without by-id at
//    the start (starting/before) or end (ending/after, the default) of the control — also when by-id
//    names the control itself, which the specification calls inoperative but FedRAMP's published
//    catalogs apply; with by-id inside (starting/ending) or beside (before/after) the param, part or
//    child control with that id.
//    A title in an add replaces the target's title.
//  - output: a catalog with a new uuid (v4) and the profile's metadata, except last-modified (the
//    time of resolution), oscal-version (the newest of the profile's and the imported documents', at
//    most 1.1.3), a "resolution-tool" and a "source-profile" prop, and a link rel="source-profile".
//    Roles and parties with a keep=always prop in imported documents are carried over. Loose params
//    (catalog and group level, and the params of controls left out) are kept when something in the
//    result refers to them ({{ insert: param, id }}, "#id", depends-on), when a set-parameter names
//    them, or when they have keep=always; otherwise dropped. back-matter: the imported documents'
//    resources then the profile's, a later resource replacing an earlier one with the same uuid
//    unless only the earlier has keep=always; all are kept unless ResolveOptions::prune_back_matter.
//    Member order follows the OSCAL canonical order.
//
// Not implemented: import "mapping" (not in OSCAL 1.1.3's JSON schema), the deprecated
// with-parent-controls, copying an imported group's content into a custom group with the same id,
// removes by-item-name "mapping"/"map" (they match nothing), and checks that the rlinks of one
// resource carry the same content (the first that loads as OSCAL is used).
//
// Problems in the profile or its imports do not stop resolution: each becomes a Finding with a JSON
// pointer into the profile ("/profile/imports/0/href"), a rule and a severity (see kRule* below). (The
// specification stops at an import it cannot acquire; we go on so that every problem is reported, and
// a result with an error finding is incomplete.) Problems inside an imported profile are reported at
// the href of the import that brought it in, their message naming the inner document and pointer. Thread-
// compatible: ResolveProfile keeps no state between calls; the loader is called from the calling thread.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oscal/json_document.hpp"
#include "oscal/json_schema.hpp"

namespace ismap::oscal {

// Rules of the findings ResolveProfile reports.
inline constexpr std::string_view kRuleUnresolvedImport = "unresolved-import";  // error: cannot load / not OSCAL
inline constexpr std::string_view kRuleCircularImport = "circular-import";      // error: import cycle
inline constexpr std::string_view kRuleUnknownControl = "unknown-control";  // with-ids (error), exclude/alter (warning)
inline constexpr std::string_view kRuleEmptyMatch = "empty-match";          // warning: a pattern selected nothing
inline constexpr std::string_view kRuleDuplicateControl = "duplicate-control";  // warning: same id twice (keep)
inline constexpr std::string_view kRuleMerge = "merge";                         // error/warning: merge directive
inline constexpr std::string_view kRuleUnknownParam = "unknown-param";          // warning: set-parameter target
inline constexpr std::string_view kRuleUnknownTarget = "unknown-target";        // warning: add by-id not found
inline constexpr std::string_view kRuleNothingRemoved = "nothing-removed";      // warning: a remove matched nothing
inline constexpr std::string_view kRuleInvalidDirective = "invalid-directive";  // warning: malformed directive
inline constexpr std::string_view kRuleOscalVersion = "oscal-version";          // warning: major versions differ

// One document the resolver needs.
struct ImportRequest {
  std::string href;         //!< as written in the import or the back-matter rlink ("../catalog.json")
  std::string uri;          //!< `href` resolved against the importing profile's URI (RFC 3986 §5), or `href`
  std::string import_href;  //!< the import's own href: "#uuid" for a back-matter resource, else `href`
  int depth = 0;            //!< 0: imported by the profile being resolved; 1: by a profile it imports; ...
};

// Returns the parsed document a request names (a catalog or a profile), or an error whose message
// says why (kNotFound for a missing file, kInvalidArgument for malformed JSON, kUnavailable for a
// location the loader will not fetch). The resolver never touches files or the network itself.
using DocumentLoader = std::function<core::Result<JsonDocument>(const ImportRequest& request)>;

struct ResolveOptions {
  //! Absolute URI of the profile ("file:///data/profile.json"): the base of its relative hrefs, the
  //! start of the import chain for cycle detection, and the source-profile link. Empty: hrefs are
  //! passed to the loader as written, and the link names "urn:uuid:<profile uuid>".
  std::string base_uri;
  //! Time of resolution (metadata/last-modified). nullptr: the system clock.
  const core::Clock* clock = nullptr;
  //! uuid of the resulting catalog. Empty: a random version 4 uuid.
  std::string uuid;
  //! Value of the resolution-tool prop.
  std::string tool = "ismap OSCAL profile resolver";
  //! Drop back-matter resources nothing in the result refers to ("#uuid"), except keep=always ones.
  bool prune_back_matter = false;
  //! Documents already in memory, by href as written or by resolved URI; consulted before the loader.
  //! The values must outlive the call.
  std::map<std::string, const rapidjson::Value*> documents;
};

struct ResolutionResult {
  JsonDocument catalog;         //!< {"catalog": {...}}
  std::vector<Finding> issues;  //!< in the order found; `pointer` points into the profile
};

// Resolves `profile` — an OSCAL profile document ({"profile": {...}}) — into a catalog, loading what
// it imports through `loader`. Errors: kInvalidArgument when `profile` is not a profile document
// (no "profile" object, or its "imports" is not an array). Everything else, including imports that
// cannot be loaded and controls that do not exist, is a Finding in ResolutionResult::issues.
core::Result<ResolutionResult> ResolveProfile(const rapidjson::Value& profile, const DocumentLoader& loader,
                                              const ResolveOptions& options = {});

// True when any finding is an error (not a warning).
bool HasErrors(const std::vector<Finding>& issues);

}  // namespace ismap::oscal
