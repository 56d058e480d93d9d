// Helpers shared by the cloud service use cases (cloud_services.cpp, cloud_service_engagements.cpp,
// cloud_service_applications.cpp): who reads what (DESIGN.md §3) as a Resource for the one
// policy, loading an edition a statement pins, and the subjects of ledger events. Internal to
// ismap_app.
#pragma once

#include <cstdint>
#include <string>

#include "app/authorization.hpp"
#include "core/result.hpp"
#include "domain/cloud_service.hpp"
#include "domain/criteria.hpp"
#include "domain/engagement.hpp"
#include "domain/statement.hpp"
#include "storage/database.hpp"

namespace ismap::app::cloud_internal {

inline std::string ServiceSubject(domain::ServiceId id) { return "service/" + std::to_string(id.value()); }
inline std::string StatementSubject(domain::StatementId id) { return "statement/" + std::to_string(id.value()); }
inline std::string EngagementSubject(domain::EngagementId id) { return "engagement/" + std::to_string(id.value()); }

inline Resource OwnedBy(domain::OrganizationId org) {
  Resource r;
  r.organization = org;
  return r;
}

// A service's record (its statements' headers, applications, engagements, grants): the provider,
// reviewers and the committee.
Readers ServiceRecordReaders(const domain::CloudService& service);
// The statement's annex (its entries): the provider, reviewers, the committee, audit bodies engaged
// on the service (they audit it; DESIGN.md §3 names the annex's readers and an audit cannot be done
// without reading it), and agencies holding a grant active on `today`.
core::Result<Readers> AnnexReaders(storage::UnitOfWork& uow, const domain::CloudService& service,
                                   const domain::Date& today);
// An engagement and its report: the provider, the audit body, reviewers, the committee, evaluators.
Readers ReportReaders(const domain::Engagement& engagement);

// The edition `id` with its controls. kNotFound criteria.edition_not_found.
core::Result<domain::EditionContent> LoadEdition(storage::UnitOfWork& uow, domain::EditionId id,
                                                 domain::Edition* edition = nullptr);

// A read of restricted content by someone outside `owner`: a ledger event (DESIGN.md §3). Nothing
// is recorded for the owner's own users.
core::Result<void> RecordRestrictedRead(storage::UnitOfWork& uow, const core::Clock& clock, const Principal& principal,
                                        domain::OrganizationId owner, const std::string& type,
                                        const std::string& subject);

}  // namespace ismap::app::cloud_internal
