// The JSON columns of the workflow tables (V005): an audit body's application content, an
// evaluation's items, a requirement set's items and a meeting's members. Shared by both backends,
// so both write the same text. Decoding refuses what it cannot read with kInternal
// (storage.corrupt): these columns are written only by this file.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/audit_body.hpp"
#include "domain/identity.hpp"

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

}  // namespace ismap::storage
