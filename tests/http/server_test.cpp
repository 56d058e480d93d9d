// The server as a client sees it: routing, errors, limits, timeouts, keep-alive, shutdown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/http/server_fixture.hpp"

namespace ismap::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

void ExpectSecurityHeaders(const HttpResponse& r) {
  EXPECT_THAT(r.Header("content-security-policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("referrer-policy"), "strict-origin-when-cross-origin");
  EXPECT_FALSE(r.Header("x-request-id").empty());
}

// {"error":{"code":..,"message":..,"request_id":..}}
void ExpectJsonError(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/json");
  const auto body = nlohmann::json::parse(r.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body["error"]["code"], code) << r.body;
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  EXPECT_EQ(body["error"]["request_id"], r.Header("x-request-id"));
  ExpectSecurityHeaders(r);
}

class ServerTest : public ServerFixture {};

TEST_F(ServerTest, HealthzAnswersWithoutTheDatabase) {
  auto r = Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"status":"ok"})");
  ExpectSecurityHeaders(*r);
}

TEST_F(ServerTest, ReadyzChecksTheSchema) {
  auto r = Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  auto r = Get("/no/such/page");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 404, "not_found");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  auto r = Fetch(port_, "DELETE", "/healthz");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 405, "method_not_allowed");
  EXPECT_THAT(r->Header("allow"), HasSubstr("GET"));
}

TEST_F(ServerTest, ErrorMessagesFollowTheLanguage) {
  auto ja = Get("/nope");
  auto en = Get("/nope", "Accept-Language: en-US,en;q=0.9\r\n");
  ASSERT_TRUE(ja && en);
  EXPECT_THAT(ja->body, HasSubstr("見つかりません"));
  EXPECT_THAT(en->body, HasSubstr("not found"));
}

TEST_F(ServerTest, MalformedRequestLineIs400AndServerKeepsServing) {
  for (const std::string bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
                                "GET / HTTP/1.1\r\nNo colon here\r\n\r\n"}) {
    RawConnection c(port_);
    ASSERT_TRUE(c.Send(bad));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r) << bad;
    ExpectJsonError(*r, 400, "bad_request");
  }
  auto ok = Get("/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  auto r = Get("http://example.com/");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 400, "bad_request");
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  auto r = Get("/healthz", "X-Big: " + std::string(8000, 'a') + "\r\n");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 431, "header_too_large");
}

TEST_F(ServerTest, OversizedRequestLineIs431) {
  auto r = Get("/" + std::string(8000, 'a'));
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 431, "header_too_large");
}

TEST_F(ServerTest, OversizedBodyIs413) {
  auto r = Fetch(port_, "POST", "/api/v1/organizations", "Content-Type: application/json\r\n", std::string(4096, ' '));
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 413, "body_too_large");
  auto ok = Get("/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, InvalidUtf8InPathIs400) {
  auto r = Get("/%FF%FE");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 400, "invalid_utf8");
}

TEST_F(ServerTest, InvalidUtf8InQueryIs400) {
  auto r = Get("/?q=%C0%AF");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 400, "invalid_utf8");
}

TEST_F(ServerTest, MalformedPercentEscapeIs400) {
  auto r = Get("/%zz");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 400, "bad_request");
}

TEST_F(ServerTest, SlowClientIsCutOffAndOthersAreServed) {
  // One byte every 200 ms: the read timeout (1 s) ends the connection long before the request does.
  RawConnection slow(port_);
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + std::string(40, 'x') + "\r\n\r\n";
  bool cut_off = false;
  for (std::size_t i = 0; i < request.size(); ++i) {
    if (!slow.Send(request.substr(i, 1))) {
      cut_off = true;
      break;
    }
    if (slow.WaitForClose(std::chrono::milliseconds(200))) {
      cut_off = true;
      break;
    }
    auto other = Get("/healthz");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 200);
  }
  EXPECT_TRUE(cut_off) << "the slow client was allowed to finish its request";
}

TEST_F(ServerTest, SilentClientIsDisconnectedAfterIdleTimeout) {
  RawConnection silent(port_);
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.WaitForClose(std::chrono::seconds(6)));
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawConnection c(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.ReadResponse();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
  }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto first = c.ReadResponse();
  auto second = c.ReadResponse();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 404);
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  RawConnection c(port_);
  ASSERT_TRUE(c.Send("HEAD /static/hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto head = c.ReadResponse(std::chrono::seconds(10), /*to_head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "5");
  // The next response must start right after the head's headers: HEAD sent no body.
  auto next = c.ReadResponse();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, R"({"status":"ok"})");
}

TEST_F(ServerTest, StaticFilesHaveETagsAnd304) {
  auto r = Get("/static/hello.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  const std::string etag = r->Header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = Get("/static/hello.txt", "If-None-Match: " + etag + "\r\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  auto missing = Get("/static/nope.css");
  ASSERT_TRUE(missing);
  ExpectJsonError(*missing, 404, "not_found");
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  auto r = Get("/test/boom");
  ASSERT_TRUE(r);
  ExpectJsonError(*r, 500, "internal");
  EXPECT_THAT(r->body, ::testing::Not(HasSubstr("boom")));
  auto ok = Get("/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, RequestIdFromProxyIsKeptWhenPlain) {
  auto kept = Get("/healthz", "X-Request-Id: abc-123\r\n");
  auto replaced = Get("/healthz", "X-Request-Id: <script>\r\n");
  ASSERT_TRUE(kept && replaced);
  EXPECT_EQ(kept->Header("x-request-id"), "abc-123");
  EXPECT_NE(replaced->Header("x-request-id"), "<script>");
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  ASSERT_TRUE(Get("/healthz"));
  ASSERT_TRUE(Get("/nope"));
  auto r = Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->Header("content-type"), StartsWith("text/plain; version=0.0.4"));
  EXPECT_THAT(r->body, HasSubstr("ismap_http_requests_total{route=\"/healthz\",status=\"200\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("ismap_http_requests_total{route=\"unmatched\",status=\"404\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("ismap_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"));
  EXPECT_THAT(r->body, HasSubstr("ismap_worker_queue_depth"));
}

TEST_F(ServerTest, GracefulStopFinishesTheRequestInFlight) {
  std::optional<HttpResponse> slow;
  std::thread client([&] { slow = Get("/test/slow"); });
  while (!slow_started_) {
    std::this_thread::yield();
  }
  server_->Stop();
  server_->Wait();
  client.join();
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 200);
  EXPECT_EQ(slow->body, "done");
  RawConnection refused(port_);
  EXPECT_FALSE(refused.connected());
}

TEST_F(ServerTest, GracefulStopClosesIdleKeepAliveConnections) {
  RawConnection idle(port_);
  ASSERT_TRUE(idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.ReadResponse());
  server_->Stop();
  server_->Wait();  // returns without waiting out the grace period for the idle connection
  EXPECT_TRUE(idle.WaitForClose(std::chrono::seconds(1)));
}

}  // namespace
}  // namespace ismap::testing
