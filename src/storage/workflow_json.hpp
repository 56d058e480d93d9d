// The JSON columns of the workflow tables (V005): an audit body's application content, an
// evaluation's items, a requirement set's items and a meeting's members; and of the cloud service
// tables (V008): a service's regions, a statement's entries, an engagement's independence,
// auditors (as the audit body content writes them) and results, an application's disclosures. Shared by both backends,
// so both write the same text. Decoding refuses what it cannot read with kInternal
// (storage.corrupt): these columns are written only by this file.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/audit_body.hpp"
#include "domain/audit_body_registration.hpp"
#include "domain/cloud_service.hpp"
#include "domain/engagement.hpp"
#include "domain/identity.hpp"
#include "domain/statement.hpp"

namespace ismap::storage {

std::string EncodeAuditBodyContent(const domain::AuditBodyApplicationContent& content);
core::Result<domain::AuditBodyApplicationContent> DecodeAuditBodyContent(const std::string& json);

std::string EncodeAssessments(const std::vector<domain::ItemAssessment>& items);
core::Result<std::vector<domain::ItemAssessment>> DecodeAssessments(const std::string& json);

// [{"id":..,"ja":..,"en":..}, ...]
std::string EncodeRequirementItems(const std::vector<domain::RequirementItem>& items);
core::Result<std::vector<domain::RequirementItem>> DecodeRequirementItems(const std::string& json);

std::string EncodeUserIds(const std::vector<domain::UserId>& users);
core::Result<std::vector<domain::UserId>> DecodeUserIds(const std::string& json);

// ["東京","大阪"]
std::string EncodeRegions(const std::vector<std::string>& regions);
core::Result<std::vector<std::string>> DecodeRegions(const std::string& json);

// [{"control_id":..,"adopted":..,"reason":..,"implementation":..}, ...] in the entries' order.
std::string EncodeStatementEntries(const std::vector<domain::StatementEntry>& entries);
core::Result<std::vector<domain::StatementEntry>> DecodeStatementEntries(const std::string& json);

std::string EncodeIndependence(const domain::IndependenceDeclaration& declaration);
core::Result<domain::IndependenceDeclaration> DecodeIndependence(const std::string& json);

// The "auditors" array of EncodeAuditBodyContent, on its own.
std::string EncodeAuditors(const std::vector<domain::Auditor>& auditors);
core::Result<std::vector<domain::Auditor>> DecodeAuditors(const std::string& json);

std::string EncodeControlResults(const std::vector<domain::ControlResult>& results);
core::Result<std::vector<domain::ControlResult>> DecodeControlResults(const std::string& json);

std::string EncodeDisclosures(const domain::Disclosures& disclosures);
core::Result<domain::Disclosures> DecodeDisclosures(const std::string& json);

}  // namespace ismap::storage
