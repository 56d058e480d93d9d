// Document use cases on both backends: uploading with its checks and ledger event, and who may read
// public, restricted and confidential documents — every role of the owner's and of another
// organisation, the public and the operator — with a document.downloaded event for each restricted
// or confidential read and none for a refusal or a public read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "app/documents.hpp"
#include "app/system.hpp"
#include "core/crypto.hpp"
#include "tests/storage/backends.hpp"
#include "tests/support/backend_test.hpp"
#include "tests/support/result_matchers.hpp"
#include "tests/support/sample_files.hpp"

namespace ismap::app {
namespace {

using domain::Classification;
using domain::OrganizationKind;
using domain::Role;
using testing::HasError;
using testing::HasErrorReason;
using ::testing::HasSubstr;
using testing::IsOk;
using ::testing::Not;

core::TimePoint Noon() {
  using namespace std::chrono;
  return sys_days{year{2026} / 11 / 25} + hours{12};
}

class DocumentsTest : public testing::BackendTest {
 protected:
  void SetUpDatabase() override {
    ASSERT_THAT(InitializeSystem(*db_, clock_), IsOk());
    // Two organisations of each kind ("own", "other") and in each one user per role its kind allows.
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(uow, IsOk());
    int number = 0;
    for (const auto role : domain::AllRoles()) {
      const auto kind = domain::KindOfRole(role);
      for (const char* which : {"own", "other"}) {
        if (orgs_.count({kind, which}) == 0) {
          const std::string name = std::string(domain::ToString(kind)) + "-" + which;
          auto org =
              (*uow)->Organizations().Insert({kind, name, name, std::to_string(1000000000000 + ++number)}, Noon());
          ASSERT_THAT(org, IsOk());
          orgs_[{kind, which}] = org->id;
        }
        const std::string email = std::string(domain::ToString(role)) + "-" + which + "@example.jp";
        auto user = (*uow)->Users().Insert({orgs_[{kind, which}], email, email, {role}}, "hash", Noon());
        ASSERT_THAT(user, IsOk());
        users_[{role, which}] = Principal::ForUser(*user, kind);
      }
    }
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }

  const Principal& As(Role role, const char* which = "own") { return users_.at({role, which}); }

  domain::Document Upload(const Principal& by, Classification classification, std::optional<std::string> subject,
                          const std::string& bytes = testing::SamplePdf(), const std::string& name = "報告書.pdf") {
    DocumentUpload upload{name, "application/pdf", classification, std::move(subject), bytes};
    auto stored = UploadDocument(*db_, clock_, by, settings_, upload);
    EXPECT_THAT(stored, IsOk());
    return stored ? *stored : domain::Document{};
  }

  std::vector<domain::LedgerEvent> Events(const std::string& type) {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 10000);
    std::vector<domain::LedgerEvent> out;
    for (const auto& e : *events) {
      if (e.entry.type == type) {
        out.push_back(e);
      }
    }
    return out;
  }

  std::int64_t LedgerCount() { return *(*db_->Begin(storage::TxMode::kRead))->Ledger().Count(); }

  core::ManualClock clock_{Noon()};
  DocumentSettings settings_;
  std::map<std::pair<OrganizationKind, std::string>, domain::OrganizationId> orgs_;
  std::map<std::pair<Role, std::string>, Principal> users_;
};

TEST_P(DocumentsTest, UploadStoresTheBytesAndRecordsTheirHashNotThem) {
  const std::string bytes = testing::SamplePdf();
  const domain::Document stored = Upload(As(Role::kCspMember), Classification::kRestricted, "test_subject/1", bytes);
  EXPECT_EQ(stored.info.media_type, "application/pdf");
  EXPECT_EQ(stored.info.sha256, core::Sha256Hex(bytes));
  EXPECT_EQ(stored.info.size, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(stored.info.owner, As(Role::kCspMember).user->organization_id);
  EXPECT_EQ(stored.info.uploaded_by, As(Role::kCspMember).user->id);
  const auto events = Events(kEventDocumentUploaded);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].entry.actor, As(Role::kCspMember).ActorName());
  EXPECT_EQ(events[0].entry.subject, "document/" + std::to_string(stored.id.value()));
  const auto payload = nlohmann::json::parse(events[0].entry.payload_json);
  EXPECT_EQ(payload["sha256"], core::Sha256Hex(bytes));
  EXPECT_EQ(payload["size"], bytes.size());
  EXPECT_EQ(payload["media_type"], "application/pdf");
  EXPECT_EQ(payload["classification"], "restricted");
  EXPECT_EQ(payload["subject"], "test_subject/1");
  EXPECT_THAT(events[0].entry.payload_json, Not(HasSubstr("%PDF")));
  EXPECT_THAT(events[0].entry.payload_json, Not(HasSubstr("報告書")));  // names stay out of the ledger
}

TEST_P(DocumentsTest, EveryAcceptedTypeUploads) {
  const std::vector<std::tuple<std::string, std::string, std::string>> files = {
      {"a.pdf", "application/pdf", testing::SamplePdf()},
      {"a.png", "image/png", testing::SamplePng()},
      {"a.jpg", "image/jpeg", testing::SampleJpeg()},
      {"a.xlsx", domain::kXlsx, testing::SampleXlsx()},
      {"a.docx", domain::kDocx, testing::SampleDocx()},
      {"a.csv", "text/csv; charset=utf-8", testing::SampleCsv()},
      {"a.txt", "text/plain", testing::SampleText()},
      {"a.json", "application/json", testing::SampleJson()},
      {"b.xlsx", "application/octet-stream", testing::SampleXlsx()},
  };
  for (const auto& [name, type, bytes] : files) {
    DocumentUpload upload{name, type, Classification::kPublic, std::nullopt, bytes};
    auto stored = UploadDocument(*db_, clock_, As(Role::kAuditor), settings_, upload);
    ASSERT_THAT(stored, IsOk()) << name;
    EXPECT_EQ(stored->info.media_type, domain::EssenceOf(type == "application/octet-stream" ? domain::kXlsx : type))
        << name;
  }
}

TEST_P(DocumentsTest, RefusedUploadsLeaveNothing) {
  const std::int64_t before = LedgerCount();
  settings_.max_bytes = 1000;
  struct Case {
    std::string name;
    std::string type;
    std::string bytes;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"big.pdf", "application/pdf", testing::LargePdf(1001), "document.too_large"},
      {"empty.pdf", "application/pdf", "", "document.empty"},
      {"setup.pdf", "application/pdf", testing::SampleExe(), "document.type_not_allowed"},
      {"page.html", "text/html", testing::SampleHtml(), "document.type_not_allowed"},
      {"photo.pdf", "application/pdf", testing::SamplePng(), "document.type_mismatch"},
      {"photo.png", "application/pdf", testing::SamplePng(), "document.type_mismatch"},
      {"archive.xlsx", "application/pdf", testing::SamplePlainZip(), "document.type_mismatch"},
      {"archive.xlsx", domain::kXlsx, testing::SamplePlainZip(), "document.type_mismatch"},
      {"letter.xlsx", domain::kXlsx, testing::SampleDocx(), "document.type_mismatch"},
      {"../escape.pdf", "application/pdf", testing::SamplePdf(), "document.bad_file_name"},
  };
  for (const auto& c : cases) {
    DocumentUpload upload{c.name, c.type, Classification::kRestricted, std::nullopt, c.bytes};
    EXPECT_THAT(UploadDocument(*db_, clock_, As(Role::kCspAdmin), settings_, upload),
                HasErrorReason(core::ErrorCode::kInvalidArgument, c.reason))
        << c.name;
  }
  DocumentUpload bad_subject{"a.pdf", "application/pdf", Classification::kRestricted, "Not A Subject",
                             testing::SamplePdf()};
  EXPECT_THAT(UploadDocument(*db_, clock_, As(Role::kCspAdmin), settings_, bad_subject),
              HasErrorReason(core::ErrorCode::kInvalidArgument, "document.bad_subject"));
  EXPECT_EQ(LedgerCount(), before);
  auto uow = db_->Begin(storage::TxMode::kRead);
  EXPECT_THAT((*uow)->Documents().Get(domain::DocumentId(1)), HasError(core::ErrorCode::kNotFound));
}

TEST_P(DocumentsTest, OnlySignedInUsersUpload) {
  DocumentUpload upload{"a.pdf", "application/pdf", Classification::kPublic, std::nullopt, testing::SamplePdf()};
  EXPECT_THAT(UploadDocument(*db_, clock_, Principal::Public(), settings_, upload),
              HasError(core::ErrorCode::kUnauthenticated));
  EXPECT_THAT(UploadDocument(*db_, clock_, Principal::Operator(), settings_, upload),
              HasError(core::ErrorCode::kPermissionDenied));
}

TEST_P(DocumentsTest, EveryRoleReadsWhatThePolicySays) {
  // The subject's workflow says: reviewers and committee members, and the "own" agency.
  DocumentReaders readers;
  const domain::OrganizationId agency = orgs_.at({OrganizationKind::kAgency, "own"});
  std::vector<std::string> resolved;
  readers.Register("test_subject", [&](storage::UnitOfWork&, std::string_view id) -> core::Result<Readers> {
    resolved.emplace_back(id);
    Readers r;
    r.organizations = {agency};
    r.roles = {Role::kReviewer, Role::kCommitteeMember};
    return r;
  });
  const Principal& owner = As(Role::kCspMember);  // the CSP "own" organisation owns every document
  const domain::Document pub = Upload(owner, Classification::kPublic, "test_subject/7");
  const domain::Document restricted = Upload(owner, Classification::kRestricted, "test_subject/7");
  const domain::Document confidential = Upload(owner, Classification::kConfidential, "test_subject/7");
  const domain::Document unregistered = Upload(owner, Classification::kRestricted, "other_subject/7");
  const domain::Document no_subject = Upload(owner, Classification::kRestricted, std::nullopt);

  std::vector<std::pair<std::string, Principal>> callers = {{"public", Principal::Public()},
                                                            {"operator", Principal::Operator()}};
  for (const auto& [key, principal] : users_) {
    callers.emplace_back(std::string(domain::ToString(key.first)) + "-" + key.second, principal);
  }
  int downloads = 0;
  for (const auto& [name, principal] : callers) {
    const bool same_org = principal.user && principal.user->organization_id == owner.user->organization_id;
    const bool agency_org = principal.user && principal.user->organization_id == agency;
    const bool reader_role = principal.Has(Role::kReviewer) || principal.Has(Role::kCommitteeMember);
    const std::vector<std::pair<const domain::Document*, bool>> expectations = {
        {&pub, true},
        {&restricted, same_org || agency_org || reader_role},
        {&confidential, same_org || agency_org},
        {&unregistered, same_org},
        {&no_subject, same_org},
    };
    for (const auto& [document, allowed] : expectations) {
      const std::string what = name + " reading " + std::string(domain::ToString(document->info.classification)) + " " +
                               document->info.subject.value_or("(none)");
      const std::size_t events_before = Events(kEventDocumentDownloaded).size();
      auto meta = GetDocument(*db_, principal, readers, document->id);
      auto content = DownloadDocument(*db_, clock_, principal, readers, document->id);
      if (allowed) {
        ASSERT_THAT(meta, IsOk()) << what;
        ASSERT_THAT(content, IsOk()) << what;
        EXPECT_TRUE(content->bytes == testing::SamplePdf()) << what;
      } else {
        const auto code = principal.kind == Principal::Kind::kPublic ? core::ErrorCode::kUnauthenticated
                                                                     : core::ErrorCode::kPermissionDenied;
        EXPECT_THAT(meta, HasError(code)) << what;
        EXPECT_THAT(content, HasError(code)) << what;
      }
      const auto events = Events(kEventDocumentDownloaded);
      const bool recorded = allowed && document->info.classification != Classification::kPublic;
      ASSERT_EQ(events.size(), events_before + (recorded ? 1 : 0)) << what;
      if (recorded) {
        ++downloads;
        EXPECT_EQ(events.back().entry.actor, principal.ActorName()) << what;
        EXPECT_EQ(events.back().entry.organization_id, principal.OrganizationId()) << what;
        EXPECT_EQ(events.back().entry.subject, "document/" + std::to_string(document->id.value())) << what;
        const auto payload = nlohmann::json::parse(events.back().entry.payload_json);
        EXPECT_EQ(payload["sha256"], document->info.sha256);
        EXPECT_EQ(payload["classification"], domain::ToString(document->info.classification));
      }
    }
  }
  EXPECT_GT(downloads, 10);
  EXPECT_FALSE(resolved.empty());
  EXPECT_EQ(resolved.front(), "7");
}

TEST_P(DocumentsTest, DisabledUsersAndScopedTokensReadLess) {
  DocumentReaders readers;
  const Principal& owner = As(Role::kCspAdmin);
  const domain::Document restricted = Upload(owner, Classification::kRestricted, std::nullopt);
  const domain::Document pub = Upload(owner, Classification::kPublic, std::nullopt);

  Principal disabled = owner;
  disabled.user->disabled = true;
  EXPECT_THAT(DownloadDocument(*db_, clock_, disabled, readers, restricted.id),
              HasError(core::ErrorCode::kPermissionDenied));

  Principal token = owner;
  token.token_scopes = std::vector<std::string>{"read_own_account"};
  EXPECT_THAT(DownloadDocument(*db_, clock_, token, readers, restricted.id),
              HasError(core::ErrorCode::kPermissionDenied));
  EXPECT_THAT(DownloadDocument(*db_, clock_, token, readers, pub.id), IsOk());
  token.token_scopes = std::vector<std::string>{"read_document"};
  EXPECT_THAT(DownloadDocument(*db_, clock_, token, readers, restricted.id), IsOk());
}

TEST_P(DocumentsTest, UnknownDocumentIsNotFound) {
  DocumentReaders readers;
  EXPECT_THAT(GetDocument(*db_, As(Role::kAdmin), readers, domain::DocumentId(4242)),
              HasErrorReason(core::ErrorCode::kNotFound, "document.not_found"));
  EXPECT_THAT(DownloadDocument(*db_, clock_, Principal::Public(), readers, domain::DocumentId(4242)),
              HasErrorReason(core::ErrorCode::kNotFound, "document.not_found"));
}

TEST_P(DocumentsTest, AWorkflowStoresInItsOwnUnitOfWork) {
  auto checked =
      CheckUpload(settings_, {"a.pdf", "", Classification::kRestricted, "test_subject/3", testing::SamplePdf()},
                  As(Role::kSecretariat).user->organization_id, std::nullopt);
  ASSERT_THAT(checked, IsOk());
  const std::int64_t before = LedgerCount();
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(StoreDocument(**uow, clock_, As(Role::kSecretariat), *checked, testing::SamplePdf()), IsOk());
    // Not committed: the step failed later, so the document and its event are gone with it.
  }
  EXPECT_EQ(LedgerCount(), before);
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_THAT(StoreDocument(**uow, clock_, As(Role::kSecretariat), *checked, testing::SamplePdf()), IsOk());
    ASSERT_THAT((*uow)->Commit(), IsOk());
  }
  EXPECT_EQ(LedgerCount(), before + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DocumentsTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ismap::app
