// AuditBodySettingsFrom: the configuration's text turned into the domain's rules, checked once when
// the program starts so that a bad value stops it with the key named, not a later request.
#include <fmt/format.h>

#include "app/audit_bodies.hpp"

namespace ismap::app {
namespace {

core::Error BadKey(const std::string& key, const std::string& why) {
  return core::MakeError(core::ErrorCode::kInvalidArgument, "config.invalid_value",
                         fmt::format("key '{}': {}", key, why));
}

}  // namespace

core::Result<AuditBodySettings> AuditBodySettingsFrom(const core::AuditBodyConfig& audit_body,
                                                      const core::CloudServiceConfig& cloud_service,
                                                      const core::WorkflowConfig& workflow) {
  AuditBodySettings settings;
  settings.rules.eligibility.allowed.clear();
  for (const auto& name : audit_body.allowed_legal_forms) {
    const auto form = domain::LegalFormFromString(name);
    if (!form) {
      return BadKey("audit_body.allowed_legal_forms", fmt::format("'{}' is not a legal form", name));
    }
    settings.rules.eligibility.allowed.push_back(*form);
  }
  settings.rules.min_qualified_auditors = audit_body.min_qualified_auditors;
  if (auto valid = domain::ValidateAuditBodyRules(settings.rules); !valid) {
    return BadKey("audit_body.allowed_legal_forms", valid.error().message);
  }
  auto number_template = domain::NumberTemplate::Parse(audit_body.number_template);
  if (!number_template) {
    return BadKey("audit_body.number_template", number_template.error().message);
  }
  settings.registration.number_template = std::move(*number_template);
  settings.registration.validity_months = audit_body.validity_months;
  if (auto valid = domain::ValidateRegistrationPolicy(settings.registration); !valid) {
    return BadKey("audit_body.validity_months", valid.error().message);
  }
  settings.committee.quorum = workflow.committee_quorum;
  if (auto valid = domain::ValidateCommitteeRules(settings.committee); !valid) {
    return BadKey("committee.quorum", valid.error().message);
  }
  settings.renewal_notice_days = audit_body.renewal_notice_days;
  settings.overdue_days = workflow.overdue_days;
  auto service_numbers = domain::NumberTemplate::Parse(cloud_service.number_template);
  if (!service_numbers) {
    return BadKey("cloud_service.number_template", service_numbers.error().message);
  }
  settings.cloud_services.number_template = std::move(*service_numbers);
  settings.cloud_services.renewal_notice_days = cloud_service.renewal_notice_days;
  settings.cloud_services.overdue_days = workflow.overdue_days;
  return settings;
}

}  // namespace ismap::app
