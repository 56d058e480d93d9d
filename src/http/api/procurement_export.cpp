#include "http/api/procurement_export.hpp"

#include <string_view>

#include "domain/date.hpp"

namespace ismap::http::api {
namespace {

std::string Text(core::Language language, std::string_view key) {
  return std::string(core::Messages::Get().Text(language, key));
}

std::string Regions(const std::vector<std::string>& regions) {
  std::string out;
  for (const auto& region : regions) {
    out += out.empty() ? region : ", " + region;
  }
  return out;
}

}  // namespace

std::string GapText(core::Language language, const domain::Gap& gap) {
  std::string detail = gap.detail;
  if (gap.kind == domain::GapKind::kScope || gap.kind == domain::GapKind::kTrack) {
    if (const auto track = domain::TrackFromString(gap.detail)) {
      detail = Text(language, "service_pages.track_" + std::string(domain::ToString(*track)));
    }
  } else if (gap.kind == domain::GapKind::kModel) {
    if (const auto model = domain::ServiceModelFromString(gap.detail)) {
      detail = Text(language, "service_pages.model_" + std::string(domain::ToString(*model)));
    }
  }
  const std::string text = Text(language, "procurement_pages.gap_" + std::string(domain::ToString(gap.kind)));
  return core::Fill(core::Fill(text, "control", gap.control_id), "detail", detail);
}

tabular::Table CheckTable(const domain::ProcurementCheck& check, core::Language language) {
  const bool en = language == core::Language::kEn;
  auto column = [&](std::string_view name) { return Text(language, "procurement_export." + std::string(name)); };
  tabular::Table table;
  table.rows.push_back({column("checked_on"), column("profile"), column("outcome"), column("number"), column("service"),
                        column("provider"), column("track"), column("model"), column("regions"), column("valid_until"),
                        column("gap"), column("gap_kind"), column("control")});
  const std::string checked_on = domain::FormatDate(check.checked_on);
  for (const auto& service : check.services) {
    std::vector<std::string> row{
        checked_on,
        check.profile.name,
        Text(language, "procurement_pages.outcome_" + std::string(domain::ToString(service.outcome))),
        service.number,
        en && !service.name_en.empty() ? service.name_en : service.name_ja,
        en && !service.provider_name_en.empty() ? service.provider_name_en : service.provider_name_ja,
        Text(language, "service_pages.track_" + std::string(domain::ToString(service.track))),
        Text(language, "service_pages.model_" + std::string(domain::ToString(service.model))),
        Regions(service.regions),
        service.valid_until ? domain::FormatDate(*service.valid_until) : std::string()};
    if (service.gaps.empty()) {
      row.insert(row.end(), {"", "", ""});
      table.rows.push_back(std::move(row));
      continue;
    }
    for (const auto& gap : service.gaps) {
      auto line = row;
      line.insert(line.end(), {GapText(language, gap), std::string(domain::ToString(gap.kind)), gap.control_id});
      table.rows.push_back(std::move(line));
    }
  }
  return table;
}

}  // namespace ismap::http::api
