// A message for many recipients is parsed once; each recipient's copy (with
// its Delivered-To line) must carry exactly what parsing that copy gives.
#include "lmtp/prepared_message.h"

#include <gtest/gtest.h>

#include "imap/commands/message_builder.h"

namespace petrel::lmtp {
namespace {

const char* const kMessages[] = {
    "From: a@example.org\r\nSubject: plain\r\n\r\nHello\r\n",
    // Bare LFs become CRLF.
    "From: a@example.org\nSubject: lf\n\nline\n",
    "Subject: multi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
    "pre\r\n--XX\r\nContent-Type: text/plain\r\n\r\none\r\n--XX\r\n"
    "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n--XX--\r\n",
    // No blank line after the header, no header at all, an mbox From line:
    // parsed per recipient.
    "Subject: no body",
    "just some text\r\nwithout a header\r\n",
    "From sender@example.org Mon Jan  1 00:00:00 2024\r\nSubject: mbox\r\n\r\nx\r\n",
};

TEST(PreparedMessage, EveryCopyMatchesItsOwnParse) {
  for (const char* text : kMessages) {
    for (auto sender :
         {std::optional<std::string_view>("s@example.org"), std::optional<std::string_view>()}) {
      PreparedMessage prepared(sender, text, 1'700'000'000, 60);
      for (const char* rcpt : {"alice@example.com", "b+folder@example.com", ""}) {
        store::NewMessage copy = prepared.for_recipient(rcpt);
        std::string expected_start =
            (sender ? "Return-Path: <" + std::string(*sender) + ">\r\n" : std::string()) +
            delivered_to_line(rcpt);
        ASSERT_EQ(copy.bytes.rfind(expected_start, 0), 0u) << copy.bytes;
        EXPECT_EQ(copy.bytes, expected_start + imap::to_crlf(text));
        EXPECT_EQ(copy.parsed, imap::parse_message(copy.bytes)) << text << " for " << rcpt;
        EXPECT_EQ(copy.internal_date, 1'700'000'000);
        EXPECT_EQ(copy.internal_date_tz, 60);
      }
    }
  }
}

TEST(PreparedMessage, ParsedOnceForManyRecipients) {
  PreparedMessage prepared("s@example.org", kMessages[2], 0, 0);
  for (int i = 0; i < 10; ++i) (void)prepared.for_recipient("user" + std::to_string(i));
  EXPECT_EQ(prepared.parse_count(), 1);
}

TEST(PreparedMessage, DeliveredToCannotInjectHeaders) {
  EXPECT_EQ(delivered_to_line("a\r\nBcc: x@y\0z"), "Delivered-To: aBcc: x@y\r\n");
  PreparedMessage prepared("evil\r\nX-Injected: 1", "Subject: s\r\n\r\nb\r\n", 0, 0);
  EXPECT_EQ(prepared.for_recipient("a").bytes.find("\r\nX-Injected"), std::string::npos);
}

}  // namespace
}  // namespace petrel::lmtp
