// OSCAL document validation against the NIST "complete" JSON schemas 1.1.2 and 1.1.3, which are
// compiled into the binary (src/oscal/schemas/) and compiled as JSON Schemas once, on first use.
//
// ValidateOscal reports every problem with a file as a Finding, so that a batch of files carries on:
// an unreadable file is one finding with rule "io", malformed JSON (including nesting deeper than the
// parser allows) one finding with rule "json" whose message names line:column, and schema violations
// the validator's findings (rule "type", "required", "pattern", ...), then references inside the
// document that no schema can check (rule "dangling-reference", see reference_check.hpp). A document whose
// metadata/oscal-version is neither 1.1.2 nor 1.1.3 is checked against 1.1.3 with a warning finding
// (rule "oscal-version"). Thread-safe.
#pragma once

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "oscal/json_schema.hpp"

namespace ismap::oscal {

enum class OscalVersion { k1_1_2, k1_1_3 };

//! "1.1.2" or "1.1.3".
std::string_view ToString(OscalVersion version);
//! Parses "1.1.2" / "1.1.3"; nullopt for anything else.
std::optional<OscalVersion> ParseOscalVersion(std::string_view text);

// The compiled complete schema of `version`; compiled once per process, then shared. An error only
// if the embedded schema does not compile (a build defect).
core::Result<const JsonSchema*> OscalSchema(OscalVersion version);

// The version named by <root>/metadata/oscal-version ("1.1.2" or "1.1.3"); anything else (missing,
// older, newer) is 1.1.3, and then a warning finding with rule "oscal-version" is appended to
// `warnings` when it is given.
OscalVersion DetectVersion(const rapidjson::Value& doc, std::vector<Finding>* warnings = nullptr);

// Reads, parses and validates the file at `path` against `version` (default: DetectVersion).
// Empty when valid. An error result only when the schema itself is unusable.
core::Result<std::vector<Finding>> ValidateOscal(const std::string& path,
                                                 std::optional<OscalVersion> version = std::nullopt);

// The same for a document already in memory; `text` is JSON.
core::Result<std::vector<Finding>> ValidateOscalText(std::string_view text,
                                                     std::optional<OscalVersion> version = std::nullopt);

}  // namespace ismap::oscal
