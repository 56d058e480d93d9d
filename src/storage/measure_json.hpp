// The JSON columns of V012 (transitional measures' relaxations, confirmations' items), shared by
// both backends so both write the same text. Decoding refuses what it cannot read with kInternal
// (storage.corrupt): these columns are written only by this file.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/transitional_measure.hpp"
#include "domain/unregistered_service.hpp"

namespace ismap::storage {

// ["pending_applications","objectives_only"]
std::string EncodeRelaxations(const std::vector<domain::Relaxation>& relaxations);
core::Result<std::vector<domain::Relaxation>> DecodeRelaxations(const std::string& json);

// [{"control_id":..,"mark":..,"note":..}, ...] in the items' order.
std::string EncodeConfirmationItems(const std::vector<domain::ConfirmationItem>& items);
core::Result<std::vector<domain::ConfirmationItem>> DecodeConfirmationItems(const std::string& json);

}  // namespace ismap::storage
