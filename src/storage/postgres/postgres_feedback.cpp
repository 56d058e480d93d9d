#include "storage/postgres/postgres_feedback.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "storage/postgres/queries.hpp"

namespace ismap::storage::postgres {
namespace {

core::Error Corrupt(std::string_view what, std::int64_t id) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", fmt::format("{} {} is malformed", what, id));
}

std::string Id(std::int64_t value) { return std::to_string(value); }

Param OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? Param(core::FormatRfc3339(*t)) : std::nullopt;
}

// Columns: id, organization_id, author_id, topic, subject, state, created_at, updated_at,
// first_answer_at, message_count, version.
Result<domain::FeedbackThread> ReadThread(const PgResult& r, int row) {
  domain::FeedbackThread thread;
  thread.id = domain::FeedbackThreadId(r.Int(row, 0));
  thread.agency = domain::OrganizationId(r.Int(row, 1));
  thread.author = domain::UserId(r.Int(row, 2));
  const auto topic = domain::FeedbackTopicFromString(r.Text(row, 3));
  const auto state = domain::FeedbackStateFromString(r.Text(row, 5));
  thread.subject = r.Text(row, 4);
  thread.message_count = r.Int(row, 9);
  thread.version = r.Int(row, 10);
  const auto first_answer = r.OptionalText(row, 8);
  core::TimePoint answer_at;
  if (!topic || !state || !core::ParseRfc3339(r.Text(row, 6), &thread.created_at) ||
      !core::ParseRfc3339(r.Text(row, 7), &thread.updated_at) ||
      (first_answer && !core::ParseRfc3339(*first_answer, &answer_at))) {
    return Corrupt("feedback thread", thread.id.value());
  }
  thread.topic = *topic;
  thread.state = *state;
  if (first_answer) {
    thread.first_answer_at = answer_at;
  }
  return thread;
}

// Columns: id, author_id, organization_id, side, body, created_at.
Result<domain::FeedbackMessage> ReadMessage(const PgResult& r, int row) {
  domain::FeedbackMessage message;
  message.id = domain::FeedbackMessageId(r.Int(row, 0));
  message.author = domain::UserId(r.Int(row, 1));
  message.organization = domain::OrganizationId(r.Int(row, 2));
  const auto side = domain::FeedbackSideFromString(r.Text(row, 3));
  message.body = r.Text(row, 4);
  if (!side || !core::ParseRfc3339(r.Text(row, 5), &message.created_at)) {
    return Corrupt("feedback message", message.id.value());
  }
  message.side = *side;
  return message;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(const PgResult& result, Read read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) {
    ISMAP_ASSIGN_OR_RETURN(T value, read(result, row));
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace

Result<void> PostgresFeedbackRepository::InsertNewMessages(domain::FeedbackThread& thread) {
  for (auto& message : thread.messages) {
    if (message.id.value() != 0) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(
        auto result, connection_.Run(kInsertFeedbackMessage,
                                     {Id(thread.id.value()), Id(message.author.value()),
                                      Id(message.organization.value()), std::string(domain::ToString(message.side)),
                                      message.body, core::FormatRfc3339(message.created_at)}));
    message.id = domain::FeedbackMessageId(result.Int(0, 0));
  }
  return core::Ok();
}

Result<domain::FeedbackThread> PostgresFeedbackRepository::Insert(const domain::FeedbackThread& thread) {
  domain::FeedbackThread stored = thread;
  stored.message_count = static_cast<std::int64_t>(stored.messages.size());
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kInsertFeedbackThread,
                                   {Id(thread.agency.value()), Id(thread.author.value()),
                                    std::string(domain::ToString(thread.topic)), thread.subject,
                                    std::string(domain::ToString(thread.state)), core::FormatRfc3339(thread.created_at),
                                    core::FormatRfc3339(thread.updated_at), OptionalTime(thread.first_answer_at),
                                    Id(stored.message_count), Id(thread.version)}));
  stored.id = domain::FeedbackThreadId(result.Int(0, 0));
  ISMAP_RETURN_IF_ERROR(InsertNewMessages(stored));
  return stored;
}

Result<domain::FeedbackThread> PostgresFeedbackRepository::Get(domain::FeedbackThreadId id) {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kSelectFeedbackThread, {Id(id.value())}));
  if (result.Rows() == 0) {
    return core::MakeError(core::ErrorCode::kNotFound, "feedback.not_found",
                           fmt::format("no feedback thread {}", id.value()));
  }
  ISMAP_ASSIGN_OR_RETURN(auto thread, ReadThread(result, 0));
  ISMAP_ASSIGN_OR_RETURN(auto messages, connection_.Run(kSelectFeedbackMessages, {Id(id.value())}));
  ISMAP_ASSIGN_OR_RETURN(thread.messages, ReadRows<domain::FeedbackMessage>(messages, ReadMessage));
  return thread;
}

Result<std::vector<domain::FeedbackThread>> PostgresFeedbackRepository::List(const FeedbackFilter& filter, int limit,
                                                                             int offset) {
  ISMAP_ASSIGN_OR_RETURN(
      auto result, connection_.Run(kListFeedbackThreads,
                                   {filter.agency ? Param(Id(filter.agency->value())) : std::nullopt,
                                    filter.topic ? Param(std::string(domain::ToString(*filter.topic))) : std::nullopt,
                                    filter.state ? Param(std::string(domain::ToString(*filter.state))) : std::nullopt,
                                    Id(limit), Id(offset)}));
  return ReadRows<domain::FeedbackThread>(result, ReadThread);
}

Result<domain::FeedbackThread> PostgresFeedbackRepository::Update(const domain::FeedbackThread& thread) {
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kUpdateFeedbackThread,
                                         {Id(thread.id.value()), std::string(domain::ToString(thread.state)),
                                          core::FormatRfc3339(thread.updated_at), OptionalTime(thread.first_answer_at),
                                          Id(thread.message_count), Id(thread.version)}));
  if (result.AffectedRows() != 1) {
    return core::MakeError(core::ErrorCode::kConflict, "feedback.stale_version",
                           fmt::format("feedback thread {} changed meanwhile", thread.id.value()));
  }
  domain::FeedbackThread stored = thread;
  ISMAP_RETURN_IF_ERROR(InsertNewMessages(stored));
  return stored;
}

Result<std::vector<domain::FeedbackFact>> PostgresFeedbackRepository::Facts() {
  ISMAP_ASSIGN_OR_RETURN(auto result, connection_.Run(kListFeedbackFacts));
  return ReadRows<domain::FeedbackFact>(result, [](const PgResult& r, int row) -> Result<domain::FeedbackFact> {
    domain::FeedbackFact fact;
    const auto topic = domain::FeedbackTopicFromString(r.Text(row, 0));
    const auto state = domain::FeedbackStateFromString(r.Text(row, 1));
    if (!topic || !state || !core::ParseRfc3339(r.Text(row, 2), &fact.created_at)) {
      return Corrupt("feedback fact row", row);
    }
    fact.topic = *topic;
    fact.state = *state;
    fact.answered = r.Bool(row, 3);
    return fact;
  });
}

Result<std::vector<FeedbackTopicCount>> PostgresFeedbackRepository::CountCreatedBetween(const domain::Date& from,
                                                                                        const domain::Date& to) {
  std::vector<FeedbackTopicCount> counts;
  for (const auto topic : domain::AllFeedbackTopics()) {
    counts.push_back(FeedbackTopicCount{topic});
  }
  ISMAP_ASSIGN_OR_RETURN(auto result,
                         connection_.Run(kCountFeedbackCreatedBetween,
                                         {core::FormatRfc3339(domain::StartOfJapanDay(from)),
                                          core::FormatRfc3339(domain::StartOfJapanDay(domain::AddDays(to, 1)))}));
  for (int row = 0; row < result.Rows(); ++row) {
    const auto topic = domain::FeedbackTopicFromString(result.Text(row, 0));
    if (!topic) {
      return Corrupt("feedback topic count row", row);
    }
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.topic == *topic; });
    it->threads = result.Int(row, 1);
    it->answered = result.Int(row, 2);
  }
  return counts;
}

}  // namespace ismap::storage::postgres
