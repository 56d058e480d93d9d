// Documents and notifications through a real server: uploading a raw body and reading it back byte
// for byte with its headers, the refusals (413, 415, 400, 404) with their codes and messages in
// Japanese and English, who may read what, the ledger event of a restricted download, the inbox API
// and the /inbox page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/documents.hpp"
#include "app/notifications.hpp"
#include "core/crypto.hpp"
#include "tests/http/server_fixture.hpp"
#include "tests/support/sample_files.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "documents test password 1234";
constexpr char kReportName[] = "監査報告書 2026.pdf";
constexpr char kReportNameEncoded[] = "%E7%9B%A3%E6%9F%BB%E5%A0%B1%E5%91%8A%E6%9B%B8%202026.pdf";

class DocumentsApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 2 * 1024 * 1024;
    document_settings_.max_bytes = 1024 * 1024;
    ServerFixture::SetUp();
    const auto op = app::Principal::Operator();
    auto csp =
        services_->CreateOrganization(op, {domain::OrganizationKind::kCsp, "クラウド社", "Cloud Co", "1010001000006"});
    ASSERT_TRUE(csp);
    auto other = services_->CreateOrganization(
        op, {domain::OrganizationKind::kCsp, "別のクラウド社", "Other Cloud", "2010001000013"});
    ASSERT_TRUE(other);
    owner_ = User(csp->id, "owner@cloud.example.jp", domain::Role::kCspMember);
    stranger_ = User(other->id, "stranger@other.example.jp", domain::Role::kCspAdmin);
  }

  // A signed-in user's headers (session cookie and CSRF token).
  std::string User(domain::OrganizationId org, const std::string& email, domain::Role role) {
    auto created = services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword);
    EXPECT_TRUE(created) << (created ? "" : created.error().message);
    auto grant = services_->LogIn(email, kPassword, "203.0.113.9");
    EXPECT_TRUE(grant);
    users_[email] = created->user;
    return "Cookie: ismap_session=" + grant->token + "\r\nX-CSRF-Token: " + grant->csrf_token + "\r\n";
  }

  std::optional<HttpResponse> Upload(const std::string& who, const std::string& bytes, const std::string& type,
                                     const std::string& encoded_name, const std::string& query = "",
                                     const std::string& extra = "") {
    std::string headers = who + extra;
    if (!type.empty()) {
      headers += "Content-Type: " + type + "\r\n";
    }
    if (!encoded_name.empty()) {
      headers += "X-Filename: " + encoded_name + "\r\n";
    }
    return Fetch(port_, "POST", "/api/v1/documents" + query, headers, bytes);
  }

  std::int64_t UploadOk(const std::string& bytes, const std::string& query) {
    auto r = Upload(owner_, bytes, "application/pdf", kReportNameEncoded, query);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"].get<std::int64_t>();
  }

  std::size_t Downloads() {
    auto uow = db_->Begin(storage::TxMode::kRead);
    auto events = (*uow)->Ledger().Scan(0, 100000);
    std::size_t n = 0;
    for (const auto& e : *events) {
      n += e.entry.type == app::kEventDocumentDownloaded ? 1 : 0;
    }
    return n;
  }

  void ExpectError(const std::optional<HttpResponse>& r, int status, const std::string& code,
                   const std::string& message_part) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    const json body = json::parse(r->body, nullptr, false);
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_THAT(body["error"]["message"].get<std::string>(), HasSubstr(message_part)) << r->body;
  }

  std::string owner_;
  std::string stranger_;
  std::map<std::string, domain::User> users_;
};

TEST_F(DocumentsApiTest, UploadAndDownloadRoundTripWithHeaders) {
  const std::string bytes = LargePdf(600 * 1024);
  auto r = Upload(owner_, bytes, "application/pdf", kReportNameEncoded, "?subject=audit_body_application/12");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const json created = json::parse(r->body);
  const std::string id = std::to_string(created["id"].get<std::int64_t>());
  EXPECT_EQ(r->Header("location"), "/api/v1/documents/" + id);
  EXPECT_EQ(created["file_name"], kReportName);
  EXPECT_EQ(created["media_type"], "application/pdf");
  EXPECT_EQ(created["size"], bytes.size());
  EXPECT_EQ(created["sha256"], core::Sha256Hex(bytes));
  EXPECT_EQ(created["classification"], "restricted");
  EXPECT_EQ(created["subject"], "audit_body_application/12");
  EXPECT_EQ(created["content_url"], "/api/v1/documents/" + id + "/content");

  auto meta = Get("/api/v1/documents/" + id, owner_);
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->status, 200);
  EXPECT_EQ(json::parse(meta->body)["sha256"], core::Sha256Hex(bytes));

  const std::size_t before = Downloads();
  auto content = Get("/api/v1/documents/" + id + "/content", owner_);
  ASSERT_TRUE(content);
  ASSERT_EQ(content->status, 200);
  EXPECT_TRUE(content->body == bytes);
  EXPECT_EQ(content->Header("content-type"), "application/pdf");
  EXPECT_EQ(content->Header("content-disposition"),
            std::string("attachment; filename=\"_______________ 2026.pdf\"; filename*=UTF-8''") + kReportNameEncoded);
  EXPECT_EQ(content->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(content->Header("cache-control"), "private, no-store");
  EXPECT_EQ(content->Header("etag"), "\"" + core::Sha256Hex(bytes) + "\"");
  EXPECT_EQ(Downloads(), before + 1);  // a restricted read is a ledger event
}

TEST_F(DocumentsApiTest, EveryAcceptedTypeThroughTheServer) {
  const std::vector<std::tuple<std::string, std::string, std::string>> files = {
      {"a.png", "image/png", SamplePng()},         {"a.jpg", "image/jpeg", SampleJpeg()},
      {"a.xlsx", domain::kXlsx, SampleXlsx()},     {"a.docx", domain::kDocx, SampleDocx()},
      {"a.csv", "text/csv", SampleCsv()},          {"a.txt", "text/plain; charset=utf-8", SampleText()},
      {"a.json", "application/json", SampleJson()}};
  for (const auto& [name, type, bytes] : files) {
    auto r = Upload(owner_, bytes, type, name, "?classification=public");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 201) << name << " " << r->body;
    const std::string id = std::to_string(json::parse(r->body)["id"].get<std::int64_t>());
    auto content = Get("/api/v1/documents/" + id + "/content");  // public: anyone
    ASSERT_TRUE(content);
    EXPECT_EQ(content->status, 200) << name;
    EXPECT_TRUE(content->body == bytes) << name;
    EXPECT_EQ(content->Header("content-type"), domain::EssenceOf(type)) << name;
    EXPECT_EQ(content->Header("cache-control"), "public, no-cache") << name;
  }
}

TEST_F(DocumentsApiTest, RefusalsHaveTheirStatusAndCodeInBothLanguages) {
  const std::string en = "Accept-Language: en\r\n";
  // Larger than documents.max_bytes (1 MiB) but within the body limit: the upload's own 413.
  ExpectError(Upload(owner_, LargePdf(1024 * 1024 + 1), "application/pdf", "big.pdf", "", en), 413,
              "document.too_large", "larger than this system accepts");
  ExpectError(Upload(owner_, LargePdf(1024 * 1024 + 1), "application/pdf", "big.pdf"), 413, "document.too_large",
              "上限");
  // Larger than http.max_body_bytes: the server's 413 before any handler.
  // (Announced by Content-Length, so the server answers before the body is sent.)
  RawConnection connection(port_);
  ASSERT_TRUE(connection.Send("POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\n" + owner_ + en +
                              "Content-Type: application/pdf\r\nX-Filename: huge.pdf\r\nContent-Length: " +
                              std::to_string(3 * 1024 * 1024) + "\r\n\r\n"));
  // (The server refuses it before the request's language is known: in the default language.)
  ExpectError(connection.ReadResponse(), 413, "body_too_large", "大きすぎます");
  // Types.
  ExpectError(Upload(owner_, SampleExe(), "application/pdf", "setup.pdf", "", en), 415, "document.type_not_allowed",
              "not accepted");
  ExpectError(Upload(owner_, SampleExe(), "application/pdf", "setup.pdf"), 415, "document.type_not_allowed",
              "受け付けていません");
  ExpectError(Upload(owner_, SampleHtml(), "text/html", "page.html", "", en), 415, "document.type_not_allowed",
              "not accepted");
  ExpectError(Upload(owner_, SamplePng(), "application/pdf", "photo.pdf", "", en), 415, "document.type_mismatch",
              "does not match");
  ExpectError(Upload(owner_, SamplePng(), "image/png", "photo.pdf"), 415, "document.type_mismatch", "一致しません");
  ExpectError(Upload(owner_, SamplePlainZip(), domain::kXlsx, "a.xlsx", "", en), 415, "document.type_mismatch",
              "does not match");
  ExpectError(Upload(owner_, SamplePlainZip(), "application/zip", "a.zip", "", en), 415, "document.type_not_allowed",
              "not accepted");
  // Empty, unnamed, badly named, bad parameters.
  ExpectError(Upload(owner_, "", "application/pdf", "empty.pdf", "", en), 400, "document.empty", "empty");
  ExpectError(Upload(owner_, "", "application/pdf", "empty.pdf"), 400, "document.empty", "空");
  ExpectError(Upload(owner_, SamplePdf(), "application/pdf", "", "", en), 400, "document.bad_file_name", "X-Filename");
  ExpectError(Upload(owner_, SamplePdf(), "application/pdf", "..%2Fx.pdf", "", en), 400, "document.bad_file_name",
              "file name");
  ExpectError(Upload(owner_, SamplePdf(), "application/pdf", "bad%zz.pdf", "", en), 400, "document.bad_file_name",
              "file name");
  ExpectError(Upload(owner_, SamplePdf(), "application/pdf", "a.pdf", "?classification=secret", en), 400,
              "invalid_parameter", "query parameter");
  ExpectError(Upload(owner_, SamplePdf(), "application/pdf", "a.pdf", "?subject=nope", en), 400, "document.bad_subject",
              "<kind>/<id>");
  // Unknown ids.
  ExpectError(Get("/api/v1/documents/999", owner_ + en), 404, "document.not_found", "not found");
  ExpectError(Get("/api/v1/documents/999/content", owner_), 404, "document.not_found", "見つかりません");
  ExpectError(Get("/api/v1/documents/abc/content", en), 404, "document.not_found", "not found");
  ExpectError(Get("/api/v1/documents/-1", en), 404, "document.not_found", "not found");
}

TEST_F(DocumentsApiTest, WhoMayUploadAndRead) {
  ExpectError(Upload("", SamplePdf(), "application/pdf", "a.pdf", "", "Accept-Language: en\r\n"), 401,
              "error.unauthenticated", "Authentication");
  ExpectError(
      Upload("Authorization: Bearer " + std::string(kOperatorToken) + "\r\n", SamplePdf(), "application/pdf", "a.pdf"),
      403, "error.permission_denied", "");

  const std::string restricted = std::to_string(UploadOk(SamplePdf(), ""));
  const std::string confidential = std::to_string(UploadOk(SamplePdf(), "?classification=confidential"));
  const std::string pub = std::to_string(UploadOk(SamplePdf(), "?classification=public"));
  const std::size_t before = Downloads();
  for (const std::string& id : {restricted, confidential}) {
    for (const std::string& path : {"/api/v1/documents/" + id, "/api/v1/documents/" + id + "/content"}) {
      EXPECT_EQ(Get(path)->status, 401) << path;
      EXPECT_EQ(Get(path, stranger_)->status, 403) << path;
      EXPECT_EQ(Get(path, "Authorization: Bearer " + std::string(kOperatorToken) + "\r\n")->status, 403) << path;
      EXPECT_EQ(Get(path, owner_)->status, 200) << path;
    }
  }
  EXPECT_EQ(Downloads(), before + 2);  // the owner's two reads of the bytes; refusals and metadata are not
  for (const std::string& who : {std::string(), stranger_, owner_}) {
    EXPECT_EQ(Get("/api/v1/documents/" + pub + "/content", who)->status, 200);
  }
  EXPECT_EQ(Downloads(), before + 2);  // public reads are not recorded
}

TEST_F(DocumentsApiTest, InboxApiIsOnesOwn) {
  domain::NotificationRequest request;
  request.kind = "test.waiting";
  request.subject = "audit_body_application/5";
  request.link = "/account";
  request.text = {"評価をお待ちしています", "Waiting for your evaluation", "本文", "Body"};
  const auto& owner = users_.at("owner@cloud.example.jp");
  const auto& stranger = users_.at("stranger@other.example.jp");
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(app::Notify(**uow, clock_, {owner.id}, request));
    ASSERT_TRUE(app::Notify(**uow, clock_, {stranger.id}, request));
    ASSERT_TRUE((*uow)->Commit());
  }
  auto list = Get("/api/v1/me/notifications", owner_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  json body = json::parse(list->body);
  ASSERT_EQ(body["items"].size(), 1U);
  EXPECT_EQ(body["unread"], 1);
  EXPECT_EQ(body["items"][0]["title_ja"], "評価をお待ちしています");
  EXPECT_EQ(body["items"][0]["title_en"], "Waiting for your evaluation");
  EXPECT_EQ(body["items"][0]["link"], "/account");
  EXPECT_EQ(body["items"][0]["read_at"], nullptr);
  const std::string mine = std::to_string(body["items"][0]["id"].get<std::int64_t>());
  const std::string theirs = std::to_string(
      json::parse(Get("/api/v1/me/notifications", stranger_)->body)["items"][0]["id"].get<std::int64_t>());

  ExpectError(Fetch(port_, "POST", "/api/v1/me/notifications/" + theirs + "/read", owner_ + "Accept-Language: en\r\n"),
              404, "notification.not_found", "not found");
  ExpectError(Fetch(port_, "POST", "/api/v1/me/notifications/" + theirs + "/read", owner_), 404,
              "notification.not_found", "見つかりません");
  auto read = Fetch(port_, "POST", "/api/v1/me/notifications/" + mine + "/read", owner_);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 204);
  body = json::parse(Get("/api/v1/me/notifications", owner_)->body);
  EXPECT_EQ(body["unread"], 0);
  EXPECT_NE(body["items"][0]["read_at"], nullptr);
  EXPECT_EQ(json::parse(Get("/api/v1/me/notifications", stranger_)->body)["unread"], 1);

  EXPECT_EQ(Get("/api/v1/me/notifications")->status, 401);
  EXPECT_EQ(Get("/api/v1/me/notifications?limit=0", owner_)->status, 400);
  // Without the CSRF token a cookie cannot mark anything.
  const std::string cookie_only = owner_.substr(0, owner_.find("X-CSRF-Token"));
  EXPECT_EQ(Fetch(port_, "POST", "/api/v1/me/notifications/" + mine + "/read", cookie_only)->status, 403);
}

TEST_F(DocumentsApiTest, InboxPageMarksUnreadInBothLanguages) {
  const auto& owner = users_.at("owner@cloud.example.jp");
  domain::NotificationRequest request;
  request.kind = "test.waiting";
  request.subject = "audit_body_application/5";
  request.link = "/account";
  request.text = {"評価をお待ちしています", "Waiting for your evaluation", "", ""};
  {
    auto uow = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(app::Notify(**uow, clock_, {owner.id}, request));
    ASSERT_TRUE((*uow)->Commit());
  }
  auto page = Get("/inbox", owner_);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_THAT(page->body, HasSubstr("<html lang=\"ja\""));
  EXPECT_THAT(page->body, HasSubstr("<a href=\"/account\">評価をお待ちしています</a>"));
  EXPECT_THAT(page->body, HasSubstr("badge-unread"));
  EXPECT_THAT(page->body, HasSubstr("未読: 1 件"));
  EXPECT_EQ(page->Header("cache-control"), "no-store");
  // Every page's header links to the inbox with the count of unread notifications.
  auto home = Get("/", owner_);
  EXPECT_THAT(home->body, HasSubstr("<a class=\"inbox-link\" href=\"/inbox\">お知らせ <span class=\"badge "
                                    "badge-unread\">1<span class=\"visually-hidden\"> 件未読</span></span></a>"));
  EXPECT_THAT(page->body, HasSubstr("href=\"/inbox\" aria-current=\"page\""));
  EXPECT_THAT(Get("/", stranger_)->body, HasSubstr("<a class=\"inbox-link\" href=\"/inbox\">お知らせ</a>"));
  EXPECT_THAT(Get("/")->body, Not(HasSubstr("inbox-link")));
  auto english = Get("/inbox?lang=en", owner_);
  EXPECT_THAT(english->body, HasSubstr("Waiting for your evaluation"));
  EXPECT_THAT(english->body, HasSubstr("Unread: 1"));

  // The public is sent to log in; someone else sees an empty inbox.
  auto anonymous = Get("/inbox");
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_EQ(anonymous->Header("location"), "/login?next=%2Finbox");
  EXPECT_THAT(Get("/inbox", stranger_)->body, HasSubstr("お知らせはありません"));

  // Marking read from the page (a form with the CSRF token).
  const auto inbox = services_->ListInbox(app::Principal::ForUser(owner, domain::OrganizationKind::kCsp), 50, 0);
  ASSERT_TRUE(inbox);
  const std::string id = std::to_string(inbox->items[0].id.value());
  const auto csrf_at = owner_.find("X-CSRF-Token: ") + 14;
  const std::string csrf = owner_.substr(csrf_at, owner_.find("\r\n", csrf_at) - csrf_at);
  const std::string cookie_only = owner_.substr(0, owner_.find("X-CSRF-Token"));
  auto refused = Fetch(port_, "POST", "/inbox/" + id + "/read",
                       cookie_only + "Content-Type: application/x-www-form-urlencoded\r\n", "csrf_token=wrong");
  EXPECT_EQ(refused->status, 403);
  auto other = Fetch(port_, "POST", "/inbox/" + id + "/read",
                     stranger_ + "Content-Type: application/x-www-form-urlencoded\r\n", "x=1");
  EXPECT_EQ(other->status, 404);
  auto marked = Fetch(port_, "POST", "/inbox/" + id + "/read",
                      cookie_only + "Content-Type: application/x-www-form-urlencoded\r\n", "csrf_token=" + csrf);
  ASSERT_TRUE(marked);
  EXPECT_EQ(marked->status, 303);
  EXPECT_EQ(marked->Header("location"), "/inbox");
  page = Get("/inbox", owner_);
  EXPECT_THAT(page->body, Not(HasSubstr("badge-unread")));
  EXPECT_THAT(page->body, HasSubstr("未読: 0 件"));
}

}  // namespace
}  // namespace ismap::testing
