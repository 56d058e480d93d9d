#include "domain/engagement.hpp"

#include "domain/name_table.hpp"

namespace ismap::domain {
namespace {

constexpr NameTable<EngagementState, 5> kEngagementStateNames = {{
    {EngagementState::kRequested, "requested"},
    {EngagementState::kAccepted, "accepted"},
    {EngagementState::kDeclined, "declined"},
    {EngagementState::kReportIssued, "report_issued"},
    {EngagementState::kWithdrawn, "withdrawn"},
}};
constexpr NameTable<AuditResult, 3> kAuditResultNames = {{
    {AuditResult::kNoException, "no_exception"},
    {AuditResult::kException, "exception"},
    {AuditResult::kNotPerformed, "not_performed"},
}};

}  // namespace

std::string_view ToString(EngagementState state) { return NameOf(kEngagementStateNames, state); }
std::string_view ToString(AuditResult result) { return NameOf(kAuditResultNames, result); }
std::optional<EngagementState> EngagementStateFromString(std::string_view text) {
  return ValueOf(kEngagementStateNames, text);
}
std::optional<AuditResult> AuditResultFromString(std::string_view text) { return ValueOf(kAuditResultNames, text); }

}  // namespace ismap::domain
