// /api/v1/feedback and the feedback pages through a real server (issue 9): an agency sends, an
// operator answers, the agency reads the answer; another agency gets 404 with nothing of the
// thread; bad input is 400 with the field's pointer and the message in Japanese or English; the
// counts are the operators'; the pages render and post in both languages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/http/server_fixture.hpp"
#include "tests/support/corporate_number.hpp"

namespace ismap::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "feedback test password 1234";

struct Session {
  std::string headers;  // cookie, CSRF token, JSON content type
  std::string csrf;
  std::string cookie;
};

class FeedbackApiTest : public ServerFixture {
 protected:
  void SetUp() override {
    max_body_bytes_ = 64 * 1024;  // a message may be 10,000 characters: 30 KB of Japanese
    ServerFixture::SetUp();
    const auto org = [this](domain::OrganizationKind kind, const char* ja, const char* en) {
      std::optional<std::string> number;
      if (kind == domain::OrganizationKind::kCsp) {
        number = CorporateNumber(1);  // a company needs its corporate number
      }
      auto created = services_->CreateOrganization(app::Principal::Operator(), {kind, ja, en, number});
      EXPECT_TRUE(created.has_value());
      return created->id;
    };
    const auto a = org(domain::OrganizationKind::kAgency, "デジタル庁", "Digital Agency");
    const auto b = org(domain::OrganizationKind::kAgency, "総務省", "MIC");
    const auto secretariat = org(domain::OrganizationKind::kSecretariat, "事務局", "Secretariat");
    const auto csp = org(domain::OrganizationKind::kCsp, "クラウド社", "Cloud Inc.");
    agency_a_ = User(a, domain::Role::kAgencyMember, "a@fb.example");
    agency_b_ = User(b, domain::Role::kAgencyCiso, "b@fb.example");
    secretariat_ = User(secretariat, domain::Role::kSecretariat, "s@fb.example");
    csp_ = User(csp, domain::Role::kCspAdmin, "c@fb.example");
  }

  Session User(domain::OrganizationId org, domain::Role role, const std::string& email) {
    EXPECT_TRUE(services_->CreateUser(app::Principal::Operator(), {org, email, email, {role}}, kPassword));
    auto grant = services_->LogIn(email, kPassword, "203.0.113.9");
    EXPECT_TRUE(grant.has_value());
    Session s;
    s.cookie = "Cookie: ismap_session=" + grant->token + "\r\n";
    s.csrf = grant->csrf_token;
    s.headers = s.cookie + "X-CSRF-Token: " + grant->csrf_token + "\r\nContent-Type: application/json\r\n";
    return s;
  }

  HttpResponse Call(const std::string& method, const std::string& target, const Session& who,
                    const std::string& body = "", const std::string& language = "ja") {
    auto r = Fetch(port_, method, target, who.headers + "Accept-Language: " + language + "\r\n", body);
    EXPECT_TRUE(r);
    return r ? *r : HttpResponse{};
  }

  HttpResponse PostForm(const std::string& target, const Session& who, const std::string& form,
                        const std::string& language = "ja") {
    auto r =
        Fetch(port_, "POST", target,
              who.cookie + "Content-Type: application/x-www-form-urlencoded\r\nAccept-Language: " + language + "\r\n",
              "csrf_token=" + who.csrf + "&" + form);
    EXPECT_TRUE(r);
    return r ? *r : HttpResponse{};
  }

  std::int64_t Open(const Session& who, const std::string& subject) {
    auto r = Call("POST", "/api/v1/feedback", who,
                  json{{"topic", "cloud_service_list"}, {"subject", subject}, {"body", "地域で絞り込みたい。"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["id"].get<std::int64_t>();
  }

  Session agency_a_, agency_b_, secretariat_, csp_;
};

TEST_F(FeedbackApiTest, AgencySendsOperatorAnswersAgencySeesTheAnswer) {
  auto created = Call(
      "POST", "/api/v1/feedback", agency_a_,
      json{{"topic", "criteria"}, {"subject", "管理基準の解釈"}, {"body", "8.1.2 の解釈を教えてください。"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const json thread = json::parse(created.body);
  const std::string id = std::to_string(thread["id"].get<std::int64_t>());
  EXPECT_EQ(created.headers["location"], "/api/v1/feedback/" + id);
  EXPECT_EQ(thread["state"], "open");
  EXPECT_EQ(thread["agency"]["name_en"], "Digital Agency");
  ASSERT_EQ(thread["messages"].size(), 1U);

  auto answered = Call("POST", "/api/v1/feedback/" + id + "/messages", secretariat_,
                       json{{"body", "次回の改訂で明確にします。"}}.dump());
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(json::parse(answered.body)["state"], "answered");

  auto seen = Call("GET", "/api/v1/feedback/" + id, agency_a_);
  ASSERT_EQ(seen.status, 200);
  const json read = json::parse(seen.body);
  ASSERT_EQ(read["messages"].size(), 2U);
  EXPECT_EQ(read["messages"][1]["side"], "operator");
  EXPECT_EQ(read["messages"][1]["body"], "次回の改訂で明確にします。");
  EXPECT_EQ(read["messages"][1]["organization"]["name_ja"], "事務局");
  EXPECT_EQ(seen.headers["cache-control"], "private, no-store");

  auto list = Call("GET", "/api/v1/feedback?state=answered", agency_a_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(json::parse(list.body)["items"].size(), 1U);
  EXPECT_EQ(json::parse(Call("GET", "/api/v1/feedback?topic=system", agency_a_).body)["items"].size(), 0U);

  EXPECT_EQ(json::parse(Call("POST", "/api/v1/feedback/" + id + "/close", agency_a_).body)["state"], "closed");
  auto reopen_by_operator = Call("POST", "/api/v1/feedback/" + id + "/reopen", secretariat_);
  EXPECT_EQ(reopen_by_operator.status, 403);
  EXPECT_EQ(json::parse(reopen_by_operator.body)["error"]["code"], "feedback.reopen_agency_only");
  auto closed_post = Call("POST", "/api/v1/feedback/" + id + "/messages", agency_a_, json{{"body", "追記"}}.dump());
  EXPECT_EQ(closed_post.status, 409);
  EXPECT_EQ(json::parse(closed_post.body)["error"]["code"], "feedback.closed");
  EXPECT_EQ(json::parse(Call("POST", "/api/v1/feedback/" + id + "/reopen", agency_a_).body)["state"], "open");

  auto statistics = Call("GET", "/api/v1/feedback/statistics", secretariat_);
  ASSERT_EQ(statistics.status, 200) << statistics.body;
  const json counts = json::parse(statistics.body);
  EXPECT_EQ(counts["all"]["total"], 1);
  EXPECT_EQ(counts["all"]["open"], 1);
  EXPECT_EQ(counts["all"]["with_answer"], 1);
  EXPECT_EQ(counts["topics"][0]["topic"], "criteria");
  EXPECT_EQ(counts["topics"][0]["total"], 1);
  EXPECT_EQ(counts["months"].size(), 1U);
}

TEST_F(FeedbackApiTest, AnotherAgencyGets404WithNothingOfTheThread) {
  const std::string id = std::to_string(Open(agency_a_, "秘密の件名"));
  for (const auto& [method, target, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/v1/feedback/" + id, ""},
           {"POST", "/api/v1/feedback/" + id + "/messages", json{{"body", "横から"}}.dump()},
           {"POST", "/api/v1/feedback/" + id + "/close", ""},
           {"POST", "/api/v1/feedback/" + id + "/reopen", ""},
       }) {
    auto r = Call(method, target, agency_b_, body);
    EXPECT_EQ(r.status, 404) << method << " " << target;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "feedback.not_found");
    EXPECT_THAT(r.body, Not(HasSubstr("秘密")));
  }
  // The same answer as for a thread that does not exist.
  EXPECT_EQ(Call("GET", "/api/v1/feedback/99999", agency_b_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/feedback/abc", agency_b_).status, 404);
  auto list = Call("GET", "/api/v1/feedback", agency_b_);
  EXPECT_EQ(json::parse(list.body)["items"].size(), 0U);
  EXPECT_THAT(list.body, Not(HasSubstr("秘密")));
  auto page = Fetch(port_, "GET", "/feedback/" + id, agency_b_.cookie);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_THAT(page->body, Not(HasSubstr("秘密")));

  // Nobody but agencies and operators; the counts are the operators'.
  EXPECT_EQ(Call("GET", "/api/v1/feedback", csp_).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/feedback/statistics", agency_a_).status, 403);
  EXPECT_EQ(
      Call("POST", "/api/v1/feedback", secretariat_, json{{"topic", "other"}, {"subject", "x"}, {"body", "y"}}.dump())
          .status,
      403);
  EXPECT_EQ(Fetch(port_, "GET", "/api/v1/feedback")->status, 401);
}

TEST_F(FeedbackApiTest, BadInputIs400WithThePointerInEitherLanguage) {
  struct Case {
    json body;
    const char* code;
    const char* pointer;
  };
  const std::string long_subject(201, 'x');
  const std::vector<Case> cases = {
      {json{{"subject", "件名"}, {"body", "本文"}}, "field_missing", "/topic"},
      {json{{"topic", "weather"}, {"subject", "件名"}, {"body", "本文"}}, "field_invalid", "/topic"},
      {json{{"topic", 3}, {"subject", "件名"}, {"body", "本文"}}, "field_type", "/topic"},
      {json{{"topic", "other"}, {"body", "本文"}}, "field_missing", "/subject"},
      {json{{"topic", "other"}, {"subject", "  "}, {"body", "本文"}}, "feedback.subject_required", "/subject"},
      {json{{"topic", "other"}, {"subject", long_subject}, {"body", "本文"}}, "feedback.subject_too_long", "/subject"},
      {json{{"topic", "other"}, {"subject", "一行目\n二行目"}, {"body", "本文"}}, "feedback.invalid_text", "/subject"},
      {json{{"topic", "other"}, {"subject", "件名"}, {"body", ""}}, "feedback.body_required", "/body"},
      {json{{"topic", "other"}, {"subject", "件名"}, {"body", "本文"}, {"extra", 1}}, "field_unknown", "/extra"},
  };
  for (const auto& c : cases) {
    for (const char* language : {"ja", "en"}) {
      auto r = Call("POST", "/api/v1/feedback", agency_a_, c.body.dump(), language);
      ASSERT_EQ(r.status, 400) << c.code << " " << r.body;
      const json error = json::parse(r.body)["error"];
      EXPECT_EQ(error["code"], c.code);
      EXPECT_EQ(error["pointer"], c.pointer) << c.code;
      EXPECT_FALSE(error["message"].get<std::string>().empty());
    }
  }
  auto ja = json::parse(Call("POST", "/api/v1/feedback", agency_a_, cases[4].body.dump(), "ja").body);
  auto en = json::parse(Call("POST", "/api/v1/feedback", agency_a_, cases[4].body.dump(), "en").body);
  EXPECT_EQ(ja["error"]["message"], "件名を入力してください。");
  EXPECT_EQ(en["error"]["message"], "Enter a subject.");

  const std::string id = std::to_string(Open(agency_a_, "件名"));
  auto empty = Call("POST", "/api/v1/feedback/" + id + "/messages", agency_a_, json{{"body", "\n"}}.dump(), "en");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(json::parse(empty.body)["error"]["pointer"], "/body");
  auto too_long =
      Call("POST", "/api/v1/feedback/" + id + "/messages", agency_a_, json{{"body", std::string(10001, 'a')}}.dump());
  EXPECT_EQ(json::parse(too_long.body)["error"]["code"], "feedback.body_too_long");
  EXPECT_EQ(Call("POST", "/api/v1/feedback", agency_a_, "{not json").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/feedback", agency_a_, "[1]").status, 400);
  auto bad_filter = Call("GET", "/api/v1/feedback?state=pending", agency_a_);
  EXPECT_EQ(bad_filter.status, 400);
  EXPECT_EQ(json::parse(bad_filter.body)["error"]["pointer"], "/state");
  EXPECT_EQ(Call("GET", "/api/v1/feedback?topic=x", agency_a_).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/feedback?limit=0", agency_a_).status, 400);
}

TEST_F(FeedbackApiTest, PagesSendAnswerAndCountInBothLanguages) {
  auto form = Fetch(port_, "GET", "/feedback/new", agency_a_.cookie);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 200);
  EXPECT_THAT(form->body, HasSubstr("フィードバックを送る"));

  auto refused = PostForm("/feedback/new", agency_a_, "topic=system&subject=&body=x", "en");
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, HasSubstr("Enter a subject."));
  EXPECT_THAT(refused.body, HasSubstr("aria-invalid=\"true\""));

  auto sent = PostForm("/feedback/new", agency_a_,
                       "topic=system&subject=%E7%94%BB%E9%9D%A2%E3%81%AE%E8%A6%81%E6%9C%9B&body=CSV%E3%81%8C%E6%AC%B2%"
                       "E3%81%97%E3%81%84");
  ASSERT_EQ(sent.status, 303) << sent.body;
  const std::string location = sent.headers["location"];
  ASSERT_THAT(location, HasSubstr("/feedback/"));

  auto answer = PostForm(location + "/messages", secretariat_, "body=%E5%AF%BE%E5%BF%9C%E3%81%97%E3%81%BE%E3%81%99");
  EXPECT_EQ(answer.status, 303);
  auto thread = Fetch(port_, "GET", location, agency_a_.cookie);
  ASSERT_TRUE(thread);
  EXPECT_EQ(thread->status, 200);
  EXPECT_THAT(thread->body, HasSubstr("画面の要望"));
  EXPECT_THAT(thread->body, HasSubstr("対応します"));
  EXPECT_THAT(thread->body, HasSubstr("回答済み"));
  auto english = Fetch(port_, "GET", location + "?lang=en", agency_a_.cookie);
  EXPECT_THAT(english->body, HasSubstr("Answered"));

  auto empty_reply = PostForm(location + "/messages", agency_a_, "body=", "en");
  EXPECT_EQ(empty_reply.status, 400);
  EXPECT_THAT(empty_reply.body, HasSubstr("Enter a message."));

  auto list = Fetch(port_, "GET", "/feedback?topic=system", secretariat_.cookie);
  EXPECT_EQ(list->status, 200);
  EXPECT_THAT(list->body, HasSubstr("デジタル庁"));
  auto statistics = Fetch(port_, "GET", "/feedback/statistics?lang=en", secretariat_.cookie);
  EXPECT_EQ(statistics->status, 200);
  EXPECT_THAT(statistics->body, HasSubstr("<svg"));
  EXPECT_THAT(statistics->body, HasSubstr("System"));
  EXPECT_EQ(Fetch(port_, "GET", "/feedback/statistics", agency_a_.cookie)->status, 403);
  EXPECT_EQ(Fetch(port_, "GET", "/feedback", csp_.cookie)->status, 403);
  EXPECT_EQ(Fetch(port_, "GET", "/feedback")->status, 303);
}

}  // namespace
}  // namespace ismap::testing
