#include "app/committee_members.hpp"

namespace ismap::app {

core::Result<std::vector<domain::User>> ListCommitteeMembers(storage::Database& db, const Principal& principal) {
  ISMAP_RETURN_IF_ERROR(Authorize(principal, Action::kReadCommittee));
  ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kRead));
  std::vector<domain::User> members;
  constexpr int kPage = 500;
  for (int offset = 0;; offset += kPage) {
    ISMAP_ASSIGN_OR_RETURN(auto users, uow->Users().List(std::nullopt, kPage, offset));
    for (auto& user : users) {
      if (user.Has(domain::Role::kCommitteeMember) && !user.disabled) {
        members.push_back(std::move(user));
      }
    }
    if (static_cast<int>(users.size()) < kPage) {
      break;
    }
  }
  return members;
}

}  // namespace ismap::app
