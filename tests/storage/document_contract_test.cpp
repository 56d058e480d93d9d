// The storage contract for documents, the inbox and the e-mail outbox: every backend must pass every
// test here with the same answers. Bytes come back exactly (every byte value, a 5 MiB blob), the
// same bytes are kept once, and nothing changes a stored document.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/document.hpp"
#include "domain/notification.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/pg_skip.hpp"
#include "tests/support/result_matchers.hpp"

namespace ismap::storage {
namespace {

using ::testing::ElementsAre;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::IsOk;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12} + microseconds{123456};
}

// Every byte value, NULs and invalid UTF-8 included.
std::string AllBytes(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<char>((i * 7 + i / 256) & 0xFF);
  }
  return out;
}

class DocumentContractTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres") {
      ISMAP_REQUIRE_POSTGRES();
      db_ = testing::OpenPostgres(&dsn_);
    } else {
      db_ = GetParam().open(dir_);
    }
    ASSERT_NE(db_, nullptr) << "cannot open " << GetParam().name;
    auto uow = Write();
    auto org = uow->Organizations().Insert(
        {domain::OrganizationKind::kAuditBody, "監査法人", "Audit LLC", "1234567890123"}, Noon());
    ASSERT_THAT(org, IsOk());
    org_ = org->id;
    for (const char* email : {"a@example.jp", "b@example.jp"}) {
      auto user = uow->Users().Insert({org_, email, email, {domain::Role::kAuditor}}, "hash", Noon());
      ASSERT_THAT(user, IsOk());
      users_.push_back(user->id);
    }
    ASSERT_THAT(uow->Commit(), IsOk());
  }

  std::unique_ptr<UnitOfWork> Write() {
    auto uow = db_->Begin(TxMode::kWrite);
    EXPECT_THAT(uow, IsOk());
    return uow ? std::move(*uow) : nullptr;
  }
  std::unique_ptr<UnitOfWork> Read() {
    auto uow = db_->Begin(TxMode::kRead);
    EXPECT_THAT(uow, IsOk());
    return uow ? std::move(*uow) : nullptr;
  }

  domain::NewDocument Describe(const std::string& bytes, std::string name = "報告書.pdf") {
    domain::NewDocument d;
    d.file_name = std::move(name);
    d.media_type = domain::kPdf;
    d.classification = domain::Classification::kRestricted;
    d.owner = org_;
    d.subject = "audit_body_application/12";
    d.sha256 = core::Sha256Hex(bytes);
    d.size = static_cast<std::int64_t>(bytes.size());
    d.uploaded_by = users_[0];
    return d;
  }

  domain::Document Store(const domain::NewDocument& d, const std::string& bytes, core::TimePoint at = Noon()) {
    auto uow = Write();
    auto stored = uow->Documents().Insert(d, bytes, at);
    EXPECT_THAT(stored, IsOk());
    EXPECT_THAT(uow->Commit(), IsOk());
    return stored ? *stored : domain::Document{};
  }

  // SQL behind the program's back; the error message, or "" when it succeeded.
  std::string RawExec(const std::string& sql) {
    std::string error;
    if (GetParam().name == "postgres") {
      PGconn* conn = PQconnectdb(dsn_.c_str());
      PGresult* result = PQexec(conn, sql.c_str());
      const auto status = PQresultStatus(result);
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        error = PQresultErrorMessage(result);
      }
      PQclear(result);
      PQfinish(conn);
    } else {
      sqlite3* db = nullptr;
      sqlite3_open(dir_.File("test.db").c_str(), &db);
      char* message = nullptr;
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        error = message != nullptr ? message : "failed";
      }
      sqlite3_free(message);
      sqlite3_close(db);
    }
    return error;
  }

  // The first column of the first row of `sql`, as text ("" when there is none).
  std::string RawScalar(const std::string& sql) {
    std::string value;
    if (GetParam().name == "postgres") {
      PGconn* conn = PQconnectdb(dsn_.c_str());
      PGresult* result = PQexec(conn, sql.c_str());
      if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
        value = PQgetvalue(result, 0, 0);
      }
      PQclear(result);
      PQfinish(conn);
    } else {
      sqlite3* db = nullptr;
      sqlite3_open(dir_.File("test.db").c_str(), &db);
      sqlite3_exec(
          db, sql.c_str(),
          [](void* out, int, char** values, char**) {
            *static_cast<std::string*>(out) = values[0] != nullptr ? values[0] : "";
            return 1;  // the first row is enough
          },
          &value, nullptr);
      sqlite3_close(db);
    }
    return value;
  }

  domain::NotificationRequest Notice(std::string title_en) {
    domain::NotificationRequest r;
    r.kind = "audit_body_application.returned";
    r.subject = "audit_body_application/12";
    r.link = "/audit-bodies/applications/12";
    r.text = {"差し戻し", std::move(title_en), "", ""};
    return r;
  }

  testing::TempDir dir_;
  std::string dsn_;
  std::shared_ptr<Database> db_;
  domain::OrganizationId org_;
  std::vector<domain::UserId> users_;
};

TEST_P(DocumentContractTest, DocumentComesBackWithEveryField) {
  const std::string bytes = AllBytes(1000);
  const domain::NewDocument d = Describe(bytes);
  const domain::Document stored = Store(d, bytes);
  EXPECT_GT(stored.id.value(), 0);
  auto uow = Read();
  auto got = uow->Documents().Get(stored.id);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->id, stored.id);
  EXPECT_EQ(got->info.file_name, "報告書.pdf");
  EXPECT_EQ(got->info.media_type, domain::kPdf);
  EXPECT_EQ(got->info.classification, domain::Classification::kRestricted);
  EXPECT_EQ(got->info.owner, org_);
  EXPECT_EQ(got->info.subject, "audit_body_application/12");
  EXPECT_EQ(got->info.sha256, core::Sha256Hex(bytes));
  EXPECT_EQ(got->info.size, 1000);
  EXPECT_EQ(got->info.uploaded_by, users_[0]);
  EXPECT_EQ(got->created_at, Noon());
}

TEST_P(DocumentContractTest, BytesComeBackExactlyIncludingAFiveMebibyteBlob) {
  for (const std::size_t size : {std::size_t{1}, std::size_t{256}, std::size_t{5} * 1024 * 1024}) {
    const std::string bytes = AllBytes(size);
    const domain::Document stored = Store(Describe(bytes), bytes);
    auto uow = Read();
    auto content = uow->Documents().Content(stored.id);
    ASSERT_THAT(content, IsOk());
    EXPECT_EQ(content->size(), size);
    EXPECT_TRUE(*content == bytes) << "size " << size;
    EXPECT_EQ(core::Sha256Hex(*content), stored.info.sha256);
  }
}

TEST_P(DocumentContractTest, EveryClassificationAndNoSubjectOrUploader) {
  const std::string bytes = "x";
  for (const auto c :
       {domain::Classification::kPublic, domain::Classification::kRestricted, domain::Classification::kConfidential}) {
    domain::NewDocument d = Describe(bytes, "x.txt");
    d.classification = c;
    d.subject.reset();
    d.uploaded_by.reset();
    const domain::Document stored = Store(d, bytes);
    auto got = Read()->Documents().Get(stored.id);
    ASSERT_THAT(got, IsOk());
    EXPECT_EQ(got->info.classification, c);
    EXPECT_EQ(got->info.subject, std::nullopt);
    EXPECT_EQ(got->info.uploaded_by, std::nullopt);
  }
}

TEST_P(DocumentContractTest, SameBytesAreKeptOnceForTwoDocuments) {
  const std::string bytes = AllBytes(4096);
  const domain::Document first = Store(Describe(bytes, "a.pdf"), bytes);
  const domain::Document second = Store(Describe(bytes, "b.pdf"), bytes);
  EXPECT_NE(first.id, second.id);
  auto uow = Read();
  EXPECT_EQ(uow->Documents().Get(second.id)->info.file_name, "b.pdf");
  EXPECT_TRUE(*uow->Documents().Content(first.id) == bytes);
  EXPECT_TRUE(*uow->Documents().Content(second.id) == bytes);
  uow.reset();
  EXPECT_EQ(RawScalar("SELECT COUNT(*) FROM document_contents"), "1");
  EXPECT_EQ(RawScalar("SELECT COUNT(*) FROM documents"), "2");
}

TEST_P(DocumentContractTest, MissingDocumentIsNotFound) {
  auto uow = Read();
  EXPECT_THAT(uow->Documents().Get(domain::DocumentId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "document.not_found"));
  EXPECT_THAT(uow->Documents().Content(domain::DocumentId(999)),
              HasErrorReason(core::ErrorCode::kNotFound, "document.not_found"));
}

TEST_P(DocumentContractTest, ListBySubjectInOrder) {
  const domain::Document a = Store(Describe("a", "a.txt"), "a");
  domain::NewDocument other = Describe("b", "b.txt");
  other.subject = "audit_body_application/13";
  Store(other, "b");
  const domain::Document c = Store(Describe("c", "c.txt"), "c");
  auto listed = Read()->Documents().ListBySubject("audit_body_application/12");
  ASSERT_THAT(listed, IsOk());
  std::vector<std::string> names;
  for (const auto& d : *listed) {
    names.push_back(d.info.file_name);
  }
  EXPECT_THAT(names, ElementsAre("a.txt", "c.txt"));
  EXPECT_THAT(*Read()->Documents().ListBySubject("none/1"), IsEmpty());
  (void)a;
  (void)c;
}

TEST_P(DocumentContractTest, StoredDocumentsCannotBeChanged) {
  const std::string bytes = AllBytes(10);
  const domain::Document stored = Store(Describe(bytes), bytes);
  EXPECT_THAT(RawExec("UPDATE documents SET classification = 'public' WHERE id = " + std::to_string(stored.id.value())),
              HasSubstr("immutable"));
  EXPECT_THAT(RawExec("UPDATE document_contents SET size = 11"), HasSubstr("immutable"));
  EXPECT_EQ(Read()->Documents().Get(stored.id)->info.classification, domain::Classification::kRestricted);
}

TEST_P(DocumentContractTest, InboxIsPerUserNewestFirstWithUnreadCount) {
  {
    auto uow = Write();
    for (int i = 0; i < 3; ++i) {
      ASSERT_THAT(
          uow->Notifications().Insert(users_[0], Notice("n" + std::to_string(i)), Noon() + std::chrono::seconds(i)),
          IsOk());
    }
    ASSERT_THAT(uow->Notifications().Insert(users_[1], Notice("other"), Noon()), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  auto listed = Read()->Notifications().ListForUser(users_[0], 10, 0);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 3U);
  EXPECT_EQ((*listed)[0].title_en, "n2");
  EXPECT_EQ((*listed)[2].title_en, "n0");
  EXPECT_EQ((*listed)[0].title_ja, "差し戻し");
  EXPECT_EQ((*listed)[0].kind, "audit_body_application.returned");
  EXPECT_EQ((*listed)[0].subject, "audit_body_application/12");
  EXPECT_EQ((*listed)[0].link, "/audit-bodies/applications/12");
  EXPECT_EQ((*listed)[0].created_at, Noon() + std::chrono::seconds(2));
  EXPECT_EQ((*listed)[0].read_at, std::nullopt);
  EXPECT_EQ(Read()->Notifications().ListForUser(users_[0], 1, 1)->front().title_en, "n1");
  EXPECT_EQ(*Read()->Notifications().CountUnread(users_[0]), 3);
  EXPECT_EQ(*Read()->Notifications().CountUnread(users_[1]), 1);
}

TEST_P(DocumentContractTest, MarkReadOnlyOwnAndKeepsTheFirstTime) {
  domain::NotificationId mine;
  {
    auto uow = Write();
    mine = uow->Notifications().Insert(users_[0], Notice("mine"), Noon())->id;
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  {
    auto uow = Write();
    EXPECT_EQ(*uow->Notifications().MarkRead(users_[1], mine, Noon()), false);  // someone else's
    EXPECT_EQ(*uow->Notifications().MarkRead(users_[0], domain::NotificationId(999), Noon()), false);
    EXPECT_EQ(*uow->Notifications().MarkRead(users_[0], mine, Noon() + std::chrono::minutes(1)), true);
    EXPECT_EQ(*uow->Notifications().MarkRead(users_[0], mine, Noon() + std::chrono::minutes(2)), true);
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  auto listed = Read()->Notifications().ListForUser(users_[0], 10, 0);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().read_at, Noon() + std::chrono::minutes(1));
  EXPECT_EQ(*Read()->Notifications().CountUnread(users_[0]), 0);
}

TEST_P(DocumentContractTest, OutboxClaimsDueMailOnceAndRecordsOutcomes) {
  std::vector<domain::MailId> ids;
  {
    auto uow = Write();
    for (int i = 0; i < 3; ++i) {
      auto id = uow->MailOutbox().Enqueue({"a@example.jp", "件名 " + std::to_string(i), "本文\nbody"},
                                          Noon() + std::chrono::seconds(i));
      ASSERT_THAT(id, IsOk());
      ids.push_back(*id);
    }
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  const auto later = Noon() + std::chrono::minutes(1);
  const auto lease = later + std::chrono::minutes(5);
  std::vector<domain::Mail> claimed;
  {
    auto uow = Write();
    auto got = uow->MailOutbox().ClaimDue(later, lease, 3, 2);
    ASSERT_THAT(got, IsOk());
    claimed = *got;
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  ASSERT_EQ(claimed.size(), 2U);
  EXPECT_EQ(claimed[0].id, ids[0]);
  EXPECT_EQ(claimed[1].id, ids[1]);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_EQ(claimed[0].next_attempt_at, lease);
  EXPECT_EQ(claimed[0].message.subject, "件名 0");
  EXPECT_EQ(claimed[0].message.body, "本文\nbody");
  EXPECT_EQ(claimed[0].created_at, Noon());
  {
    // Leased: another sender now gets only the third.
    auto uow = Write();
    auto got = uow->MailOutbox().ClaimDue(later, lease, 3, 10);
    ASSERT_EQ(got->size(), 1U);
    EXPECT_EQ(got->front().id, ids[2]);
    EXPECT_THAT(uow->MailOutbox().MarkSent(ids[0], later), IsOk());
    EXPECT_THAT(uow->MailOutbox().MarkFailed(ids[1], "connection refused", later + std::chrono::minutes(1)), IsOk());
    EXPECT_THAT(uow->MailOutbox().MarkFailed(ids[2], "timeout", later + std::chrono::hours(1)), IsOk());
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  {
    // Sent mail is never claimed again; a failed one after its retry time, while attempts remain.
    auto uow = Write();
    EXPECT_THAT(*uow->MailOutbox().ClaimDue(later + std::chrono::seconds(59), lease, 3, 10), IsEmpty());
    auto retried = uow->MailOutbox().ClaimDue(later + std::chrono::minutes(2), lease, 3, 10);
    ASSERT_EQ(retried->size(), 1U);
    EXPECT_EQ(retried->front().id, ids[1]);
    EXPECT_EQ(retried->front().attempts, 2);
    EXPECT_EQ(retried->front().last_error, "connection refused");
    // With attempts used up (max 2), it is not claimed again.
    EXPECT_THAT(uow->MailOutbox().MarkFailed(ids[1], "again", later), IsOk());
    EXPECT_THAT(*uow->MailOutbox().ClaimDue(later + std::chrono::minutes(3), lease, 2, 10), IsEmpty());
    ASSERT_THAT(uow->Commit(), IsOk());
  }
  auto all = Read()->MailOutbox().List(10, 0);
  ASSERT_EQ(all->size(), 3U);
  EXPECT_EQ((*all)[2].id, ids[0]);  // newest first
  EXPECT_EQ((*all)[2].sent_at, later);
  EXPECT_EQ((*all)[2].last_error, std::nullopt);
  EXPECT_EQ((*all)[1].sent_at, std::nullopt);
  EXPECT_EQ((*all)[1].last_error, "again");
  EXPECT_EQ((*all)[1].attempts, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentContractTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::storage
