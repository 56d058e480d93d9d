#include "app/requirement_sets.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "app/ledger.hpp"
#include "core/embedded_file.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {

const std::vector<core::EmbeddedFile>& EmbeddedRequirementSets();  // generated from src/app/data/

namespace {

using nlohmann::json;

core::Error BadJson(std::string_view source, std::string_view pointer, std::string_view what) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "requirement_set.bad_json",
                         fmt::format("{}: {}: {}", source, pointer.empty() ? "/" : pointer, what));
}

std::string SubjectOf(const std::string& version) { return "requirement_set/" + version; }

core::Result<std::string> StringAt(const json& object, std::string_view source, const std::string& pointer,
                                   const char* key, bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) {
      return BadJson(source, pointer + "/" + key, "required");
    }
    return std::string();
  }
  if (!it->is_string()) {
    return BadJson(source, pointer + "/" + key, "expected a string");
  }
  return it->get<std::string>();
}

core::Result<void> Store(storage::UnitOfWork& uow, const core::Clock& clock, std::string actor,
                         std::optional<std::int64_t> organization, const domain::RequirementSet& set,
                         std::string_view origin) {
  ISMAP_RETURN_IF_ERROR(uow.RequirementSets().Insert(set, clock.Now()));
  json ids = json::array();
  for (const auto& item : set.items) {
    ids.push_back(item.id);
  }
  return RecordEvent(uow, clock, std::move(actor), organization, domain::kEventRequirementSetPublished,
                     SubjectOf(set.version), json{{"version", set.version}, {"items", ids}, {"origin", origin}}.dump());
}

}  // namespace

core::Result<domain::RequirementSet> ParseRequirementSet(std::string_view json_text, std::string_view source) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return BadJson(source, "", fmt::format("not JSON (byte {})", e.byte));
  }
  if (!doc.is_object()) {
    return BadJson(source, "", "expected an object with version and items");
  }
  for (const auto& [key, value] : doc.items()) {
    if (key != "version" && key != "items" && key != "metadata") {
      return BadJson(source, "/" + key, "unknown member (version, metadata, items)");
    }
  }
  domain::RequirementSet set;
  ISMAP_ASSIGN_OR_RETURN(set.version, StringAt(doc, source, "", "version", true));
  const auto items = doc.find("items");
  if (items == doc.end()) {
    return BadJson(source, "/items", "required");
  }
  if (!items->is_array()) {
    return BadJson(source, "/items", "expected an array");
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    const std::string pointer = "/items/" + std::to_string(i);
    if (!item.is_object()) {
      return BadJson(source, pointer, "expected an object with id, text_ja and text_en");
    }
    for (const auto& [key, value] : item.items()) {
      if (key != "id" && key != "text_ja" && key != "text_en") {
        return BadJson(source, pointer + "/" + key, "unknown member (id, text_ja, text_en)");
      }
    }
    domain::RequirementItem parsed;
    ISMAP_ASSIGN_OR_RETURN(parsed.id, StringAt(item, source, pointer, "id", true));
    ISMAP_ASSIGN_OR_RETURN(parsed.text_ja, StringAt(item, source, pointer, "text_ja", true));
    ISMAP_ASSIGN_OR_RETURN(parsed.text_en, StringAt(item, source, pointer, "text_en", false));
    set.items.push_back(std::move(parsed));
  }
  if (auto valid = domain::ValidateRequirementSet(set); !valid) {
    core::Error error = valid.error();
    error.message = fmt::format("{}: {}", source, error.message);
    return error;
  }
  return set;
}

std::string RequirementSetJson(const domain::RequirementSet& set) {
  json items = json::array();
  for (const auto& item : set.items) {
    items.push_back({{"id", item.id}, {"text_ja", item.text_ja}, {"text_en", item.text_en}});
  }
  return json{{"version", set.version}, {"items", items}}.dump();
}

core::Result<domain::RequirementSet> ShippedRequirementSet() {
  for (const auto& file : EmbeddedRequirementSets()) {
    if (file.name == "audit-body-requirements.json") {
      return ParseRequirementSet(file.bytes, "audit-body-requirements.json (built in)");
    }
  }
  return core::MakeError(core::ErrorCode::kInternal, "requirement_set.not_found",
                         "the built-in requirement set is missing from this build");
}

core::Result<domain::RequirementSet> CurrentRequirementSet(storage::Database& db, const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadPublic));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  return uow->RequirementSets().Current();
}

core::Result<domain::RequirementSet> PublishRequirementSet(storage::Database& db, const core::Clock& clock,
                                                           const Principal& principal,
                                                           const domain::RequirementSet& set) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kManageRequirementSets));
  ISMAP_RETURN_IF_ERROR(domain::ValidateRequirementSet(set));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  auto existing = uow->RequirementSets().Get(set.version);
  if (existing.has_value()) {
    return core::MakeError(core::ErrorCode::kAlreadyExists, "requirement_set.duplicate_version",
                           fmt::format("requirement set {} exists already; publish a new version", set.version));
  }
  if (existing.error().code != core::ErrorCode::kNotFound) {
    return existing.error();
  }
  ISMAP_RETURN_IF_ERROR(Store(*uow, clock, principal.ActorName(), principal.OrganizationId(), set, "published"));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return set;
}

core::Result<bool> SeedDefaultRequirementSet(storage::Database& db, const core::Clock& clock) {
  ISMAP_ASSIGN_OR_RETURN(auto shipped, ShippedRequirementSet());
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
  // Two instances starting together: the ledger head is locked until this transaction ends, so the
  // second one sees the first one's set and stores nothing.
  ISMAP_RETURN_IF_ERROR(uow->Ledger().LockHead());
  auto current = uow->RequirementSets().Current();
  if (current.has_value() && current->version != kMigrationRequirementSetVersion) {
    return false;  // the shipped set, or one the secretariat published
  }
  if (!current.has_value() && current.error().code != core::ErrorCode::kNotFound) {
    return current.error();
  }
  ISMAP_RETURN_IF_ERROR(Store(*uow, clock, "system", std::nullopt, shipped, "shipped"));
  ISMAP_RETURN_IF_ERROR(uow->Commit());
  return true;
}

}  // namespace ismap::app
