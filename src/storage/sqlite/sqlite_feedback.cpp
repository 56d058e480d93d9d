#include "storage/sqlite/sqlite_feedback.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "storage/sqlite/queries.hpp"

namespace ismap::storage::sqlite {
namespace {

core::Error Corrupt(std::string_view what, std::int64_t id) {
  return core::MakeError(core::ErrorCode::kInternal, "storage.corrupt", fmt::format("{} {} is malformed", what, id));
}

std::optional<std::string> OptionalTime(const std::optional<core::TimePoint>& t) {
  return t ? std::optional<std::string>(core::FormatRfc3339(*t)) : std::nullopt;
}

// Columns: id, organization_id, author_id, topic, subject, state, created_at, updated_at,
// first_answer_at, message_count, version.
Result<domain::FeedbackThread> ReadThread(const Statement& row) {
  domain::FeedbackThread thread;
  thread.id = domain::FeedbackThreadId(row.Int(0));
  thread.agency = domain::OrganizationId(row.Int(1));
  thread.author = domain::UserId(row.Int(2));
  const auto topic = domain::FeedbackTopicFromString(row.Text(3));
  const auto state = domain::FeedbackStateFromString(row.Text(5));
  thread.subject = row.Text(4);
  thread.message_count = row.Int(9);
  thread.version = row.Int(10);
  const auto first_answer = row.OptionalText(8);
  core::TimePoint answer_at;
  if (!topic || !state || !core::ParseRfc3339(row.Text(6), &thread.created_at) ||
      !core::ParseRfc3339(row.Text(7), &thread.updated_at) ||
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
Result<domain::FeedbackMessage> ReadMessage(const Statement& row) {
  domain::FeedbackMessage message;
  message.id = domain::FeedbackMessageId(row.Int(0));
  message.author = domain::UserId(row.Int(1));
  message.organization = domain::OrganizationId(row.Int(2));
  const auto side = domain::FeedbackSideFromString(row.Text(3));
  message.body = row.Text(4);
  if (!side || !core::ParseRfc3339(row.Text(5), &message.created_at)) {
    return Corrupt("feedback message", message.id.value());
  }
  message.side = *side;
  return message;
}

template <class T, class Read>
Result<std::vector<T>> ReadRows(StatementHandle& statement, Read read) {
  std::vector<T> out;
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return out;
    }
    ISMAP_ASSIGN_OR_RETURN(T value, read(*statement.operator->()));
    out.push_back(std::move(value));
  }
}

}  // namespace

Result<void> SqliteFeedbackRepository::InsertNewMessages(domain::FeedbackThread& thread) {
  for (auto& message : thread.messages) {
    if (message.id.value() != 0) {
      continue;
    }
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertFeedbackMessage));
    statement->Bind(1, thread.id.value());
    statement->Bind(2, message.author.value());
    statement->Bind(3, message.organization.value());
    statement->Bind(4, domain::ToString(message.side));
    statement->Bind(5, std::string_view(message.body));
    statement->Bind(6, std::string_view(core::FormatRfc3339(message.created_at)));
    ISMAP_RETURN_IF_ERROR(statement->Run());
    message.id = domain::FeedbackMessageId(sqlite3_last_insert_rowid(connection_.raw()));
  }
  return core::Ok();
}

Result<domain::FeedbackThread> SqliteFeedbackRepository::Insert(const domain::FeedbackThread& thread) {
  domain::FeedbackThread stored = thread;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kInsertFeedbackThread));
    statement->Bind(1, thread.agency.value());
    statement->Bind(2, thread.author.value());
    statement->Bind(3, domain::ToString(thread.topic));
    statement->Bind(4, std::string_view(thread.subject));
    statement->Bind(5, domain::ToString(thread.state));
    statement->Bind(6, std::string_view(core::FormatRfc3339(thread.created_at)));
    statement->Bind(7, std::string_view(core::FormatRfc3339(thread.updated_at)));
    statement->Bind(8, OptionalTime(thread.first_answer_at));
    statement->Bind(9, static_cast<std::int64_t>(thread.messages.size()));
    statement->Bind(10, thread.version);
    ISMAP_RETURN_IF_ERROR(statement->Run());
    stored.id = domain::FeedbackThreadId(sqlite3_last_insert_rowid(connection_.raw()));
  }
  stored.message_count = static_cast<std::int64_t>(stored.messages.size());
  ISMAP_RETURN_IF_ERROR(InsertNewMessages(stored));
  return stored;
}

Result<domain::FeedbackThread> SqliteFeedbackRepository::Get(domain::FeedbackThreadId id) {
  domain::FeedbackThread thread;
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectFeedbackThread));
    statement->Bind(1, id.value());
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return core::MakeError(core::ErrorCode::kNotFound, "feedback.not_found",
                             fmt::format("no feedback thread {}", id.value()));
    }
    ISMAP_ASSIGN_OR_RETURN(thread, ReadThread(*statement.operator->()));
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kSelectFeedbackMessages));
  statement->Bind(1, id.value());
  ISMAP_ASSIGN_OR_RETURN(thread.messages, ReadRows<domain::FeedbackMessage>(statement, ReadMessage));
  return thread;
}

Result<std::vector<domain::FeedbackThread>> SqliteFeedbackRepository::List(const FeedbackFilter& filter, int limit,
                                                                           int offset) {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListFeedbackThreads));
  statement->Bind(1, filter.agency ? std::optional<std::int64_t>(filter.agency->value()) : std::nullopt);
  statement->Bind(2, filter.topic ? std::optional<std::string>(domain::ToString(*filter.topic)) : std::nullopt);
  statement->Bind(3, filter.state ? std::optional<std::string>(domain::ToString(*filter.state)) : std::nullopt);
  statement->Bind(4, static_cast<std::int64_t>(limit));
  statement->Bind(5, static_cast<std::int64_t>(offset));
  return ReadRows<domain::FeedbackThread>(statement, ReadThread);
}

Result<domain::FeedbackThread> SqliteFeedbackRepository::Update(const domain::FeedbackThread& thread) {
  {
    ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kUpdateFeedbackThread));
    statement->Bind(1, thread.id.value());
    statement->Bind(2, domain::ToString(thread.state));
    statement->Bind(3, std::string_view(core::FormatRfc3339(thread.updated_at)));
    statement->Bind(4, OptionalTime(thread.first_answer_at));
    statement->Bind(5, thread.message_count);
    statement->Bind(6, thread.version);
    ISMAP_RETURN_IF_ERROR(statement->Run());
  }
  if (connection_.Changes() != 1) {
    return core::MakeError(core::ErrorCode::kConflict, "feedback.stale_version",
                           fmt::format("feedback thread {} changed meanwhile", thread.id.value()));
  }
  domain::FeedbackThread stored = thread;
  ISMAP_RETURN_IF_ERROR(InsertNewMessages(stored));
  return stored;
}

Result<std::vector<domain::FeedbackFact>> SqliteFeedbackRepository::Facts() {
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kListFeedbackFacts));
  return ReadRows<domain::FeedbackFact>(statement, [](const Statement& row) -> Result<domain::FeedbackFact> {
    domain::FeedbackFact fact;
    const auto topic = domain::FeedbackTopicFromString(row.Text(0));
    const auto state = domain::FeedbackStateFromString(row.Text(1));
    if (!topic || !state || !core::ParseRfc3339(row.Text(2), &fact.created_at)) {
      return Corrupt("feedback fact of thread", 0);
    }
    fact.topic = *topic;
    fact.state = *state;
    fact.answered = row.Int(3) != 0;
    return fact;
  });
}

Result<std::vector<FeedbackTopicCount>> SqliteFeedbackRepository::CountCreatedBetween(const domain::Date& from,
                                                                                      const domain::Date& to) {
  std::vector<FeedbackTopicCount> counts;
  for (const auto topic : domain::AllFeedbackTopics()) {
    counts.push_back(FeedbackTopicCount{topic});
  }
  ISMAP_ASSIGN_OR_RETURN(StatementHandle statement, connection_.Prepare(kCountFeedbackCreatedBetween));
  statement->Bind(1, std::string_view(core::FormatRfc3339(domain::StartOfJapanDay(from))));
  statement->Bind(2, std::string_view(core::FormatRfc3339(domain::StartOfJapanDay(domain::AddDays(to, 1)))));
  while (true) {
    ISMAP_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) {
      return counts;
    }
    const auto topic = domain::FeedbackTopicFromString(statement->Text(0));
    if (!topic) {
      return Corrupt("feedback topic count", 0);
    }
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.topic == *topic; });
    it->threads = statement->Int(1);
    it->answered = statement->Int(2);
  }
}

}  // namespace ismap::storage::sqlite
