#include "storage/measure_json.hpp"

#include <nlohmann/json.hpp>

namespace ismap::storage {
namespace {

core::Error Corrupt(const std::string& what) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", what);
}

}  // namespace

std::string EncodeRelaxations(const std::vector<domain::Relaxation>& relaxations) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto relaxation : relaxations) {
    out.push_back(std::string(domain::ToString(relaxation)));
  }
  return out.dump();
}

core::Result<std::vector<domain::Relaxation>> DecodeRelaxations(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  if (!value.is_array()) {
    return Corrupt("relaxations are not a JSON array");
  }
  std::vector<domain::Relaxation> out;
  for (const auto& item : value) {
    const auto relaxation = item.is_string() ? domain::RelaxationFromString(item.get<std::string>()) : std::nullopt;
    if (!relaxation) {
      return Corrupt("unknown relaxation " + item.dump());
    }
    out.push_back(*relaxation);
  }
  return out;
}

std::string EncodeConfirmationItems(const std::vector<domain::ConfirmationItem>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) {
    out.push_back({{"control_id", item.control_id}, {"mark", domain::ToString(item.mark)}, {"note", item.note}});
  }
  return out.dump();
}

core::Result<std::vector<domain::ConfirmationItem>> DecodeConfirmationItems(const std::string& json) {
  const auto value = nlohmann::json::parse(json, nullptr, false);
  if (!value.is_array()) {
    return Corrupt("confirmation items are not a JSON array");
  }
  std::vector<domain::ConfirmationItem> out;
  out.reserve(value.size());
  for (const auto& item : value) {
    if (!item.is_object() || !item.contains("control_id") || !item["control_id"].is_string() ||
        !item.contains("mark") || !item["mark"].is_string() || !item.contains("note") || !item["note"].is_string()) {
      return Corrupt("bad confirmation item " + item.dump());
    }
    const auto mark = domain::ItemMarkFromString(item["mark"].get<std::string>());
    if (!mark) {
      return Corrupt("bad confirmation mark " + item["mark"].dump());
    }
    out.push_back({item["control_id"].get<std::string>(), *mark, item["note"].get<std::string>()});
  }
  return out;
}

}  // namespace ismap::storage
