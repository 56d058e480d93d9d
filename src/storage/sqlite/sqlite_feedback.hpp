// SQLite implementation of the feedback threads (storage/feedback_repository.hpp), bound to one
// connection inside one transaction.
#pragma once

#include "storage/database.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ismap::storage::sqlite {

class SqliteFeedbackRepository final : public FeedbackRepository {
 public:
  explicit SqliteFeedbackRepository(Connection& connection) : connection_(connection) {}
  Result<domain::FeedbackThread> Insert(const domain::FeedbackThread& thread) override;
  Result<domain::FeedbackThread> Get(domain::FeedbackThreadId id) override;
  Result<std::vector<domain::FeedbackThread>> List(const FeedbackFilter& filter, int limit, int offset) override;
  Result<domain::FeedbackThread> Update(const domain::FeedbackThread& thread) override;
  Result<std::vector<domain::FeedbackFact>> Facts() override;
  Result<std::vector<FeedbackTopicCount>> CountCreatedBetween(const domain::Date& from,
                                                              const domain::Date& to) override;

 private:
  // Inserts the thread's messages that have no id yet, filling their ids in.
  Result<void> InsertNewMessages(domain::FeedbackThread& thread);

  Connection& connection_;
};

}  // namespace ismap::storage::sqlite
