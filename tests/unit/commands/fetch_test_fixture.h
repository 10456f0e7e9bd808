#pragma once
// A logged-in session on the in-memory store with test messages in INBOX,
// for the FETCH tests: commands go in as wire text, responses come out as
// wire text.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "auth/login_throttle.h"
#include "auth/user_directory.h"
#include "fetch_recording_store.h"
#include "imap/commands/message_builder.h"
#include "imap/proto/parser.h"
#include "imap/session/session.h"
#include "store/mem/mem_store.h"
#include "store/store.h"

namespace petrel::imap::fetch_testing {

// CRLF line ends for readability of the literals below.
inline std::string crlf(std::string_view lf) {
  std::string out;
  for (char c : lf) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// multipart/mixed: 1 text/plain, 2 base64 (decodes to 00 01 02 03 "Hello"),
// 3 message/rfc822 holding multipart/alternative (3.1 quoted-printable
// UTF-8 text, 3.2 text/html), 4 an unknown transfer encoding.
inline const std::string kNested = crlf(
    "From: Alice <alice@example.com>\n"
    "To: Bob <bob@example.com>, carol@example.com\n"
    "Subject: Nested test\n"
    "Date: Mon, 7 Feb 1994 21:52:25 -0800\n"
    "Message-ID: <nested@example.com>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "preamble\n"
    "--outer\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "Hello text part.\n"
    "--outer\n"
    "Content-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "AAECA0hlbGxv\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: Dave <dave@example.com>\n"
    "Subject: Inner\n"
    "Content-Type: multipart/alternative; boundary=\"inner\"\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Caf=C3=A9 inner=\n"
    " plain\n"
    "--inner\n"
    "Content-Type: text/html\n"
    "\n"
    "<p>inner html</p>\n"
    "--inner--\n"
    "--outer\n"
    "Content-Type: text/plain\n"
    "Content-Transfer-Encoding: x-uuencode\n"
    "\n"
    "begin 644 f\n"
    "--outer--\n"
    "epilogue\n");

inline const std::string kSimple = crlf(
    "From: Bob <bob@example.com>\n"
    "To: alice@example.com\n"
    "Subject: Simple\n"
    "Date: Tue, 1 Mar 2022 10:00:00 +0000\n"
    "\n"
    "Line one.\n"
    "Line two.\n");

// No body and no blank line: HEADER then has no blank line either (RFC 9051
// 6.4.5.1).
inline const std::string kNoBody = crlf("From: x@example.com\nSubject: no body");

class FetchTest : public ::testing::Test {
 protected:
  FetchTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("petrel-fetch-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        users_(dir_),
        throttle_(auth::ThrottleLimits{3, std::chrono::seconds(60), std::chrono::milliseconds(500),
                                       std::chrono::milliseconds(2000)}),
        store_(store::make_memory_store()),
        context_{config_, users_, throttle_, *store_},
        session_(context_, ConnectionInfo{"127.0.0.1", true, false, false}) {
    auto mail = store_->open_user("alice");
    EXPECT_TRUE(mail.ok());
    mail_ = *mail;
    session_.set_user("alice");
    session_.set_mail(mail_);
    session_.set_state(State::Authenticated);
  }
  ~FetchTest() override { std::filesystem::remove_all(dir_); }

  // Appends messages to INBOX (internal date 1 Jan 2020 12:00 +0100).
  void append(std::initializer_list<std::string> messages, store::SystemFlags flags = 0) {
    std::vector<store::NewMessage> batch;
    for (const std::string& m : messages) {
      store::NewMessage msg = build_message(m);
      msg.flags = flags;
      msg.internal_date = 1577876400;
      msg.internal_date_tz = 60;
      batch.push_back(std::move(msg));
    }
    auto r = mail_->append("INBOX", std::move(batch));
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  void select(bool read_only = false) {
    auto snap = mail_->select("INBOX");
    ASSERT_TRUE(snap.ok());
    session_.select(std::make_unique<SelectedMailbox>(*snap, read_only));
  }

  // Runs one command line (no CRLF) and returns everything it wrote.
  std::string run(std::string_view line) {
    ParseOutcome parsed = parse_command(line);
    if (auto* err = std::get_if<CommandError>(&parsed))
      session_.reject(*err);
    else
      session_.execute(std::get<Command>(parsed));
    std::string out;
    out.swap(session_.output());
    return out;
  }

  // From now on the session's store calls are recorded.
  RecordingStore& record() {
    recorder_ = std::make_shared<RecordingStore>(mail_);
    session_.set_mail(recorder_);
    return *recorder_;
  }

  std::filesystem::path dir_;
  Config config_;
  auth::UserDirectory users_;
  auth::LoginThrottle throttle_;
  std::unique_ptr<store::Store> store_;
  ServerContext context_;
  Session session_;
  std::shared_ptr<store::UserStore> mail_;
  std::shared_ptr<RecordingStore> recorder_;
};

}  // namespace petrel::imap::fetch_testing
