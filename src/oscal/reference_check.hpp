// References a JSON Schema cannot check: inside one OSCAL document, what a "#fragment" href and a
// "{{ insert: param, id }}" point at must exist.
//
// - In a catalog, a parameter insertion naming no parameter of the document is an error (rule
//   "dangling-reference"): the text cannot be rendered.
// - A profile import whose href is "#uuid" must name a back-matter resource: an error too.
// - Any other "#fragment" href naming no id or uuid of the document is a warning. Links to
//   controls (rel related, required, incorporated-into, moved-to) are skipped: a resolved baseline
//   catalog keeps "related" links to controls it left out, as NIST's published ones do.
// Findings carry the JSON pointer of the href or of the string holding the insertion.
#pragma once

#include <rapidjson/document.h>

#include <vector>

#include "oscal/json_schema.hpp"

namespace ismap::oscal {

std::vector<Finding> CheckReferences(const rapidjson::Value& document);

}  // namespace ismap::oscal
