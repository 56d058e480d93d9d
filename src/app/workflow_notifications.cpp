#include "app/workflow_notifications.hpp"

#include <fmt/format.h>

#include <variant>

#include "app/ledger.hpp"
#include "app/notifications.hpp"
#include "domain/date.hpp"
#include "domain/ledger.hpp"

namespace ismap::app {
namespace {

using domain::DecisionOutcome;
using domain::Role;

struct OutcomeText {
  const char* ja;
  const char* en;
};

OutcomeText TextOf(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kApprove:
      return {"承認", "approved"};
    case DecisionOutcome::kReject:
      return {"却下", "rejected"};
    case DecisionOutcome::kDefer:
      return {"継続審議（保留）", "deferred to a later meeting"};
    case DecisionOutcome::kSuspend:
      return {"一時停止", "suspended"};
    case DecisionOutcome::kReinstate:
      return {"一時停止の解除", "reinstated"};
    case DecisionOutcome::kRevoke:
      return {"取消し", "revoked"};
    case DecisionOutcome::kWithdraw:
      return {"取下げ", "withdrawn"};
    case DecisionOutcome::kRenew:
      return {"更新", "renewed"};
  }
  return {"決定", "decided"};
}

// "監査法人A" / "Audit Corporation A", or the id when the organisation cannot be read.
std::pair<std::string, std::string> NamesOf(storage::UnitOfWork& uow, domain::OrganizationId id) {
  auto org = uow.Organizations().Get(id);
  if (!org.has_value()) {
    const std::string fallback = fmt::format("#{}", id.value());
    return {fallback, fallback};
  }
  return {org->name_ja, org->name_en};
}

std::string ReasonLine(const std::string& reason, const char* label) {
  return reason.empty() ? std::string() : fmt::format("\n{}: {}", label, reason);
}

core::Result<void> Send(storage::UnitOfWork& uow, const core::Clock& clock, const std::vector<domain::UserId>& users,
                        domain::NotificationRequest request) {
  if (users.empty()) {
    return core::Ok();
  }
  request.text.body_ja += "\n\n" + request.link;
  request.text.body_en += "\n\n" + request.link;
  ISMAP_RETURN_IF_ERROR(Notify(uow, clock, users, request));
  return core::Ok();
}

}  // namespace

std::string ApplicationLink(domain::ApplicationId id) {
  return "/audit-bodies/applications/" + std::to_string(id.value());
}
std::string MeetingLink(domain::MeetingId id) { return "/committee/meetings/" + std::to_string(id.value()); }
std::string AuditBodyLink(domain::OrganizationId id) { return "/audit-bodies/" + std::to_string(id.value()); }
std::string ServiceApplicationLink(domain::ApplicationId id) { return "/applications/" + std::to_string(id.value()); }
std::string ServiceLink(domain::ServiceId id) { return "/services/" + std::to_string(id.value()); }

core::Result<std::vector<domain::UserId>> UsersWithRole(storage::UnitOfWork& uow, domain::Role role,
                                                        std::optional<domain::OrganizationId> organization) {
  ISMAP_ASSIGN_OR_RETURN(auto users, uow.Users().ListWithRole(role, organization));
  std::vector<domain::UserId> ids;
  ids.reserve(users.size());
  for (const auto& user : users) {
    ids.push_back(user.id);
  }
  return ids;
}

core::Result<std::vector<domain::UserId>> RegisterAdmins(storage::UnitOfWork& uow, domain::ApplicationKind kind,
                                                         domain::OrganizationId organization) {
  return UsersWithRole(uow, kind == domain::ApplicationKind::kAuditBody ? Role::kAuditBodyAdmin : Role::kCspAdmin,
                       organization);
}

core::Result<void> NotifyApplicationStep(storage::UnitOfWork& uow, const core::Clock& clock,
                                         const domain::Application& application, std::string_view event,
                                         const std::string& reason) {
  domain::NotificationRequest request;
  request.subject = ApplicationSubject(application.id);
  request.link = ApplicationLink(application.id);
  const auto id = application.id.value();
  const auto [name_ja, name_en] = NamesOf(uow, application.applicant);
  std::vector<domain::UserId> recipients;
  if (event == domain::kEventAuditBodySubmitted || event == domain::kEventAuditBodyResubmitted) {
    const bool again = event == domain::kEventAuditBodyResubmitted;
    request.kind = again ? kNoticeResubmitted : kNoticeSubmitted;
    request.text.title_ja = fmt::format("監査機関の登録申請が{}されました（申請 {}）", again ? "再提出" : "提出", id);
    request.text.title_en =
        fmt::format("An audit body application was {} (application {})", again ? "resubmitted" : "submitted", id);
    request.text.body_ja = fmt::format("{} の申請 {} が評価を待っています。評価を開始してください。", name_ja, id);
    request.text.body_en =
        fmt::format("Application {} of {} is waiting for evaluation. Please start the evaluation.", id, name_en);
    ISMAP_ASSIGN_OR_RETURN(recipients, UsersWithRole(uow, Role::kEvaluator, std::nullopt));
  } else if (event == domain::kEventAuditBodyReturned) {
    request.kind = kNoticeReturned;
    request.text.title_ja = fmt::format("申請 {} が修正のため差し戻されました", id);
    request.text.title_en = fmt::format("Application {} was returned for correction", id);
    request.text.body_ja =
        fmt::format("評価者が申請を差し戻しました。内容を修正して再提出してください。{}", ReasonLine(reason, "理由"));
    request.text.body_en = fmt::format("The evaluator returned the application. Please correct it and resubmit.{}",
                                       ReasonLine(reason, "Reason"));
    ISMAP_ASSIGN_OR_RETURN(recipients, RegisterAdmins(uow, application.kind, application.applicant));
  } else if (event == domain::kEventAuditBodyRecommended) {
    request.kind = kNoticeRecommended;
    const bool approve =
        application.recommendation && application.recommendation->outcome == domain::RecommendationOutcome::kApprove;
    request.text.title_ja = fmt::format("申請 {} の評価が終わりました：運営委員会の議題に追加してください", id);
    request.text.title_en = fmt::format("Application {} has been evaluated: please put it on a committee agenda", id);
    request.text.body_ja =
        fmt::format("{} の申請 {} について、評価者は{}を推薦しました。", name_ja, id, approve ? "承認" : "却下");
    request.text.body_en = fmt::format("The evaluator recommends that application {} of {} be {}.", id, name_en,
                                       approve ? "approved" : "rejected");
    ISMAP_ASSIGN_OR_RETURN(recipients, UsersWithRole(uow, Role::kSecretariat, std::nullopt));
  } else {
    return core::Ok();  // nobody new waits: started, marked, withdrawn, ...
  }
  return Send(uow, clock, recipients, std::move(request));
}

core::Result<void> NotifyAgendaItem(storage::UnitOfWork& uow, const core::Clock& clock, const domain::Meeting& meeting,
                                    const domain::AgendaItem& item) {
  domain::NotificationRequest request;
  request.kind = kNoticeOnAgenda;
  request.subject = MeetingSubject(meeting.id);
  request.link = MeetingLink(meeting.id);
  const std::string date = domain::FormatDate(meeting.date);
  std::string what_ja;
  std::string what_en;
  if (const auto* application = std::get_if<domain::ApplicationId>(&item.subject)) {
    what_ja = fmt::format("申請 {}", application->value());
    what_en = fmt::format("application {}", application->value());
  } else {
    const auto registration = std::get<domain::RegistrationId>(item.subject);
    what_ja = fmt::format("登録 {}", registration.value());
    what_en = fmt::format("registration {}", registration.value());
  }
  request.text.title_ja = fmt::format("{} の運営委員会の議題に{}が追加されました", date, what_ja);
  request.text.title_en = fmt::format("The committee meeting of {} has {} on its agenda", date, what_en);
  request.text.body_ja =
      fmt::format("{}が {} の会議の議題になりました。会議までに資料を確認してください。", what_ja, date);
  request.text.body_en =
      fmt::format("On the agenda of the meeting of {}: {}. Please review it before the meeting.", date, what_en);
  ISMAP_ASSIGN_OR_RETURN(auto recipients, UsersWithRole(uow, Role::kCommitteeMember, std::nullopt));
  return Send(uow, clock, recipients, std::move(request));
}

core::Result<void> NotifyApplicationDecided(storage::UnitOfWork& uow, const core::Clock& clock,
                                            const domain::Application& application, DecisionOutcome outcome,
                                            const std::string& reason) {
  const auto text = TextOf(outcome);
  const auto id = application.id.value();
  domain::NotificationRequest request;
  request.kind = kNoticeDecided;
  request.subject = ApplicationSubject(application.id);
  request.link = application.kind == domain::ApplicationKind::kCloudService ? ServiceApplicationLink(application.id)
                                                                            : ApplicationLink(application.id);
  request.text.title_ja = fmt::format("運営委員会が申請 {} について決定しました：{}", id, text.ja);
  request.text.title_en = fmt::format("The steering committee decided on application {}: {}", id, text.en);
  request.text.body_ja = fmt::format("決定：{}{}", text.ja, ReasonLine(reason, "理由"));
  request.text.body_en = fmt::format("Decision: {}{}", text.en, ReasonLine(reason, "Reason"));
  ISMAP_ASSIGN_OR_RETURN(auto recipients, RegisterAdmins(uow, application.kind, application.applicant));
  return Send(uow, clock, recipients, std::move(request));
}

core::Result<void> NotifyRegistrationDecided(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const domain::Registration& registration, DecisionOutcome outcome,
                                             const std::string& reason) {
  const auto text = TextOf(outcome);
  domain::NotificationRequest request;
  request.kind = kNoticeRegistrationDecided;
  request.subject = RegistrationSubject(registration.id);
  request.link = AuditBodyLink(registration.holder);
  request.text.title_ja = fmt::format("運営委員会が登録 {} について決定しました：{}", registration.number, text.ja);
  request.text.title_en =
      fmt::format("The steering committee decided on registration {}: {}", registration.number, text.en);
  request.text.body_ja = fmt::format("登録番号 {}（有効期限 {}）\n決定：{}{}", registration.number,
                                     domain::FormatDate(registration.valid_until), text.ja, ReasonLine(reason, "理由"));
  request.text.body_en =
      fmt::format("Registration {} (valid until {})\nDecision: {}{}", registration.number,
                  domain::FormatDate(registration.valid_until), text.en, ReasonLine(reason, "Reason"));
  ISMAP_ASSIGN_OR_RETURN(auto recipients, RegisterAdmins(uow, registration.register_kind, registration.holder));
  return Send(uow, clock, recipients, std::move(request));
}

core::Result<void> NotifyRegistrationExpired(storage::UnitOfWork& uow, const core::Clock& clock,
                                             const domain::Registration& registration) {
  domain::NotificationRequest request;
  request.kind = kNoticeExpired;
  request.subject = RegistrationSubject(registration.id);
  request.link = AuditBodyLink(registration.holder);
  request.text.title_ja = fmt::format("登録 {} は有効期限を過ぎ、失効しました", registration.number);
  request.text.title_en = fmt::format("Registration {} has expired", registration.number);
  request.text.body_ja = fmt::format("登録番号 {} の有効期限 {} までに更新の申請がありませんでした。",
                                     registration.number, domain::FormatDate(registration.valid_until));
  request.text.body_en = fmt::format("No renewal of registration {} was filed before it ran out on {}.",
                                     registration.number, domain::FormatDate(registration.valid_until));
  ISMAP_ASSIGN_OR_RETURN(auto recipients, RegisterAdmins(uow, registration.register_kind, registration.holder));
  return Send(uow, clock, recipients, std::move(request));
}

}  // namespace ismap::app
