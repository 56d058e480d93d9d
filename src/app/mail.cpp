#include "app/mail.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

#include "core/crypto.hpp"

namespace ismap::app {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out.push_back(kBase64[(n >> shift) & 0x3F]);
    }
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) {
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    out.push_back(kBase64[(n >> 18) & 0x3F]);
    out.push_back(kBase64[(n >> 12) & 0x3F]);
    out.push_back(rest == 2 ? kBase64[(n >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

// RFC 2047 encoded words of at most 39 bytes of text each (64 characters encoded, so that even the
// first line, after "Subject: ", stays under 76), never cutting a UTF-8 sequence, folded onto
// continuation lines.
std::string EncodedWords(std::string_view text) {
  constexpr std::size_t kChunk = 39;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = std::min(text.size(), i + kChunk);
    while (end < text.size() && end > i && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == i) {
      end = std::min(text.size(), i + kChunk);  // not UTF-8: cut anywhere rather than never
    }
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?" + Base64(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

// RFC 5322 date: "Thu, 26 Nov 2026 04:57:54 +0000".
std::string MailDate(core::TimePoint t) {
  using namespace std::chrono;
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss<seconds> time(floor<seconds>(t - day));
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[weekday(day).c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), time.hours().count(), time.minutes().count(),
                     time.seconds().count());
}

bool IsHeaderSafeAddress(std::string_view address) {
  return !address.empty() && address.size() <= 254 && address.find_first_of("\r\n<>,;\" ") == std::string_view::npos &&
         address.find('@') != std::string_view::npos;
}

struct Reader {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t ReadBody(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  const std::size_t n = std::min(size * count, reader->data.size() - reader->offset);
  std::copy_n(reader->data.data() + reader->offset, n, buffer);
  reader->offset += n;
  return n;
}

struct CurlEasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

core::Error Unavailable(std::string message) {
  return core::MakeError(core::ErrorCode::kUnavailable, "mail.send_failed", std::move(message));
}

}  // namespace

core::Result<std::string> FormatMessage(const domain::Mail& mail, const std::string& from, core::TimePoint date) {
  if (!IsHeaderSafeAddress(mail.message.recipient) || !IsHeaderSafeAddress(from)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "mail.bad_address",
                           "an e-mail address holds characters a header cannot");
  }
  const std::string domain = from.substr(from.find('@') + 1);
  std::string subject = mail.message.subject;
  std::replace(subject.begin(), subject.end(), '\r', ' ');
  std::replace(subject.begin(), subject.end(), '\n', ' ');
  std::string out;
  out += "Date: " + MailDate(date) + "\r\n";
  out += "From: <" + from + ">\r\n";
  out += "To: <" + mail.message.recipient + ">\r\n";
  out += "Subject: " + EncodedWords(subject) + "\r\n";
  out += fmt::format("Message-ID: <ismap.{}.{}@{}>\r\n", mail.id.value(), core::RandomHex(8), domain);
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  const std::string body = Base64(mail.message.body);
  for (std::size_t i = 0; i < body.size(); i += 76) {
    out += body.substr(i, 76) + "\r\n";
  }
  return out;
}

SmtpMailSender::SmtpMailSender(MailSettings settings, const core::Clock& clock)
    : settings_(std::move(settings)), clock_(clock) {
  // curl_global_init is not thread-safe: run it once, before any sender sends.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

core::Result<void> SmtpMailSender::Send(const domain::Mail& mail) {
  ISMAP_ASSIGN_OR_RETURN(std::string message, FormatMessage(mail, settings_.from, clock_.Now()));
  std::unique_ptr<CURL, CurlEasyDeleter> curl(curl_easy_init());
  if (!curl) {
    return Unavailable("curl_easy_init failed");
  }
  const std::string from = "<" + settings_.from + ">";
  std::unique_ptr<curl_slist, CurlListDeleter> recipients(
      curl_slist_append(nullptr, ("<" + mail.message.recipient + ">").c_str()));
  Reader reader{message, 0};
  std::array<char, CURL_ERROR_SIZE> error{};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings_.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadBody);
  curl_easy_setopt(c, CURLOPT_READDATA, &reader);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    long response = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
    const std::string detail = error[0] != '\0' ? std::string(error.data()) : std::string(curl_easy_strerror(rc));
    return Unavailable(response != 0 ? fmt::format("SMTP {}: {}", response, detail) : detail);
  }
  return core::Ok();
}

core::Result<MailReport> SendPendingMail(storage::Database& db, const core::Clock& clock, MailSender& sender,
                                         const MailSettings& settings, const std::atomic<bool>* stop) {
  // One message at a time: each is claimed (leased for longer than sending it may take) in a
  // transaction of its own, sent outside any transaction, then marked. Stopping between two
  // messages leaves nothing claimed.
  const auto lease = std::chrono::duration_cast<std::chrono::microseconds>(settings.timeout) + std::chrono::minutes(1);
  MailReport report;
  for (int i = 0; i < settings.batch && (stop == nullptr || !stop->load()); ++i) {
    std::vector<domain::Mail> claimed;
    {
      const core::TimePoint now = clock.Now();
      ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
      ISMAP_ASSIGN_OR_RETURN(claimed, uow->MailOutbox().ClaimDue(now, now + lease, settings.max_attempts, 1));
      ISMAP_RETURN_IF_ERROR(uow->Commit());
    }
    if (claimed.empty()) {
      break;
    }
    const domain::Mail& mail = claimed.front();
    auto sent = sender.Send(mail);
    const core::TimePoint now = clock.Now();
    ISMAP_ASSIGN_OR_RETURN(auto uow, db.Begin(storage::TxMode::kWrite));
    if (sent) {
      ISMAP_RETURN_IF_ERROR(uow->MailOutbox().MarkSent(mail.id, now));
      ++report.sent;
    } else {
      const std::string error = domain::TrimMailError(sent.error().message);
      ISMAP_RETURN_IF_ERROR(uow->MailOutbox().MarkFailed(
          mail.id, error, domain::NextMailAttempt(now, mail.attempts, settings.retry_after)));
      ++report.failed;
      spdlog::warn("mail {}: attempt {} of {} failed: {}", mail.id.value(), mail.attempts, settings.max_attempts,
                   error);
    }
    ISMAP_RETURN_IF_ERROR(uow->Commit());
  }
  return report;
}

MailPump::MailPump(storage::Database& db, const core::Clock& clock, MailSender& sender, MailSettings settings)
    : db_(db), clock_(clock), sender_(sender), settings_(std::move(settings)), thread_([this] { Run(); }) {}

MailPump::~MailPump() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    stop_flag_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MailPump::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    if (auto report = SendPendingMail(db_, clock_, sender_, settings_, &stop_flag_); !report) {
      spdlog::warn("mail: {}", report.error().message);
    } else if (report->sent > 0 || report->failed > 0) {
      spdlog::info("mail: {} sent, {} failed", report->sent, report->failed);
    }
    lock.lock();
    wake_.wait_for(lock, settings_.interval, [this] { return stopping_; });
  }
}

}  // namespace ismap::app
