// FETCH BODY[] of a large message on a session whose connection takes
// output mid-command (a drain is set): the message is read in pieces
// (read_message_pieces), each handed over with the pending output, and the
// bytes the client gets are exactly those of the buffered path.
#include <algorithm>

#include "fetch_test_fixture.h"

namespace petrel::imap::fetch_testing {
namespace {

class FetchStream : public FetchTest {
 protected:
  void SetUp() override {
    std::string big = "From: a@example.org\r\nSubject: big\r\n\r\n";
    const std::string line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopq\r\n";
    while (big.size() < 3 * 1024 * 1024) big += line;
    big[2'000'000] = '\0';  // a literal cannot carry NUL: sent as 0x80
    append({big, kSimple});
    select();
    stored_ = mail_->read_message(session_.selected()->id(), 1).value();
    safe_ = stored_;
    std::replace(safe_.begin(), safe_.end(), '\0', static_cast<char>(0x80));
  }

  // The connection's side: everything handed over, in order, as `answer`.
  void drain_with(Session::Drain result) {
    session_.set_output_drain([this, result](std::string_view extra) {
      ++drains_;
      if (result != Session::Drain::Sent) return result;
      wire_ += session_.output();
      session_.output().clear();
      wire_.append(extra);
      return result;
    });
  }

  std::string fetch(std::string_view line) {
    std::string rest = run(line);
    std::string all = wire_ + rest;
    wire_.clear();
    return all;
  }

  std::string stored_;
  std::string safe_;
  std::string wire_;
  int drains_ = 0;
};

TEST_F(FetchStream, LargeBodyIsReadInPiecesAndExact) {
  RecordingStore& rec = record();
  drain_with(Session::Drain::Sent);
  EXPECT_EQ(fetch("a FETCH 1 (BODY.PEEK[])"), "* 1 FETCH (BODY[] {" + std::to_string(safe_.size()) +
                                                  "}\r\n" + safe_ +
                                                  ")\r\na OK FETCH completed\r\n");
  EXPECT_TRUE(rec.reads.empty());
  ASSERT_EQ(rec.piece_reads.size(), 1u);
  EXPECT_GE(drains_, 3);  // a piece at a time, never the whole message
}

TEST_F(FetchStream, PartialAcrossPiecesIsExact) {
  drain_with(Session::Drain::Sent);
  const std::size_t offset = 1'000'003;
  const std::size_t length = 1'500'001;
  EXPECT_EQ(fetch("a UID FETCH 1 (UID BODY.PEEK[]<1000003.1500001>)"),
            "* 1 FETCH (UID 1 BODY[]<1000003> {1500001}\r\n" + safe_.substr(offset, length) +
                ")\r\na OK FETCH completed\r\n");
  // Beyond the end: an empty literal.
  EXPECT_EQ(fetch("b FETCH 1 (BODY.PEEK[]<9000000.10>)"),
            "* 1 FETCH (BODY[]<9000000> {0}\r\n)\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchStream, SmallMessagesAndMixedItemsAreReadWhole) {
  RecordingStore& rec = record();
  drain_with(Session::Drain::Sent);
  EXPECT_EQ(fetch("a FETCH 2 (BODY.PEEK[])"), "* 2 FETCH (BODY[] {" +
                                                  std::to_string(kSimple.size()) + "}\r\n" +
                                                  kSimple + ")\r\na OK FETCH completed\r\n");
  fetch("b FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[])");
  EXPECT_EQ(rec.reads.size(), 2u);
  EXPECT_TRUE(rec.piece_reads.empty());
}

TEST_F(FetchStream, BusyConnectionGetsTheSameBytesBuffered) {
  drain_with(Session::Drain::Busy);
  EXPECT_EQ(fetch("a FETCH 1 (BODY.PEEK[])"), "* 1 FETCH (BODY[] {" + std::to_string(safe_.size()) +
                                                  "}\r\n" + safe_ +
                                                  ")\r\na OK FETCH completed\r\n");
}

TEST_F(FetchStream, ClientGoneStopsTheFetch) {
  drain_with(Session::Drain::Failed);
  const std::string out = fetch("a FETCH 1 (BODY.PEEK[])");
  EXPECT_EQ(out.find("a OK"), std::string::npos);
  EXPECT_EQ(drains_, 1);
}

}  // namespace
}  // namespace petrel::imap::fetch_testing
