// FETCH metadata items, macros, UID FETCH, errors, \Seen and CONDSTORE,
// end to end through the session on the in-memory store.
#include <gtest/gtest.h>

#include <regex>

#include "fetch_test_fixture.h"
#include "imap/commands/message_builder.h"

namespace petrel::imap::fetch_testing {
namespace {

class FetchItems : public FetchTest {
 protected:
  void SetUp() override {
    append({kNested, kSimple, kNoBody});
    select();
  }
};

TEST_F(FetchItems, StoredStructuresAreSentAsStored) {
  const store::ParsedMessage p = parse_message(kNested);
  ASSERT_FALSE(p.bodystructure.empty());
  EXPECT_EQ(run("a FETCH 1 (ENVELOPE BODY BODYSTRUCTURE)"),
            "* 1 FETCH (ENVELOPE " + p.envelope + " BODY " + p.body + " BODYSTRUCTURE " +
                p.bodystructure + ")\r\na OK FETCH completed\r\n");
}

TEST_F(FetchItems, SimpleItems) {
  EXPECT_EQ(run("a FETCH 2 (FLAGS INTERNALDATE RFC822.SIZE UID)"),
            "* 2 FETCH (FLAGS () INTERNALDATE \"01-Jan-2020 12:00:00 +0100\" RFC822.SIZE 131 "
            "UID 2)\r\na OK FETCH completed\r\n");
  // Repeats are answered once.
  EXPECT_EQ(run("b FETCH 2 (UID UID FLAGS)"),
            "* 2 FETCH (UID 2 FLAGS ())\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchItems, Macros) {
  const store::ParsedMessage p = parse_message(kSimple);
  const std::string fast = "FLAGS () INTERNALDATE \"01-Jan-2020 12:00:00 +0100\" RFC822.SIZE 131";
  EXPECT_EQ(run("a FETCH 2 FAST"), "* 2 FETCH (" + fast + ")\r\na OK FETCH completed\r\n");
  EXPECT_EQ(run("b FETCH 2 ALL"),
            "* 2 FETCH (" + fast + " ENVELOPE " + p.envelope + ")\r\nb OK FETCH completed\r\n");
  EXPECT_EQ(run("c FETCH 2 FULL"), "* 2 FETCH (" + fast + " ENVELOPE " + p.envelope + " BODY " +
                                       p.body + ")\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchItems, ObjectIdsSaveDateAndPreview) {
  const std::string out = run("a FETCH 1:3 (EMAILID THREADID SAVEDATE PREVIEW)");
  const std::regex line(
      R"(\* (\d) FETCH \(EMAILID \(([A-Za-z0-9_-]{1,255})\) THREADID \(([A-Za-z0-9_-]{1,255})\) )"
      R"(SAVEDATE "\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \+0000" PREVIEW ("[^"]*")\)\r\n)");
  std::smatch m;
  std::string rest = out;
  std::vector<std::string> emails, threads, previews;
  while (std::regex_search(rest, m, line, std::regex_constants::match_continuous)) {
    emails.push_back(m[2]);
    threads.push_back(m[3]);
    previews.push_back(m[4]);
    rest = m.suffix();
  }
  ASSERT_EQ(emails.size(), 3u) << out;
  EXPECT_EQ(rest, "a OK FETCH completed\r\n");
  EXPECT_NE(emails[0], emails[1]);
  EXPECT_NE(emails[0], threads[0]);  // RFC 8474 5.2: never the same value
  EXPECT_EQ(previews[1], "\"" + parse_message(kSimple).preview + "\"");
  EXPECT_EQ(previews[2], "\"\"");  // RFC 8970 3.2: "" when there is no text
  // PREVIEW (LAZY): the preview is stored, so it is never late (no NIL).
  EXPECT_EQ(run("b FETCH 3 (PREVIEW (LAZY))"),
            "* 3 FETCH (PREVIEW \"\")\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchItems, EightBitPreviewNeedsALiteralForRev1) {
  append({crlf("Subject: x\nContent-Type: text/plain; charset=utf-8\n\nCaf\xc3\xa9 ole\n")});
  select();
  EXPECT_EQ(run("a FETCH 4 (PREVIEW)"),
            "* 4 FETCH (PREVIEW {9}\r\nCaf\xc3\xa9 ole)\r\na OK FETCH completed\r\n");
  session_.enable("UTF8=ACCEPT");
  EXPECT_EQ(run("b FETCH 4 (PREVIEW)"),
            "* 4 FETCH (PREVIEW \"Caf\xc3\xa9 ole\")\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchItems, UidFetchAlwaysNamesTheUid) {
  EXPECT_EQ(run("a UID FETCH 2:9 (FLAGS)"),
            "* 2 FETCH (UID 2 FLAGS ())\r\n* 3 FETCH (UID 3 FLAGS ())\r\na OK FETCH completed\r\n");
  EXPECT_EQ(run("b UID FETCH 2 (FLAGS UID)"),
            "* 2 FETCH (FLAGS () UID 2)\r\nb OK FETCH completed\r\n");
  // UIDs that do not exist are skipped (RFC 9051 6.4.8).
  EXPECT_EQ(run("c UID FETCH 7:9 (FLAGS)"), "c OK FETCH completed\r\n");
  EXPECT_EQ(run("d UID FETCH * (FLAGS)"), "* 3 FETCH (UID 3 FLAGS ())\r\nd OK FETCH completed\r\n");
}

TEST_F(FetchItems, Errors) {
  EXPECT_EQ(run("a FETCH 4 (FLAGS)"), "a BAD Invalid message sequence number\r\n");
  EXPECT_EQ(run("b FETCH 2:5 (FLAGS)"), "b BAD Invalid message sequence number\r\n");
  EXPECT_EQ(run("c FETCH 1 (BODY[HEADER.FIELDS])").substr(0, 6), "c BAD ");
  EXPECT_EQ(run("d FETCH 1 (FLAGS) (VANISHED)").substr(0, 6), "d BAD ");
  // VANISHED needs ENABLE QRESYNC (RFC 7162 3.2.6).
  EXPECT_EQ(run("e UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)"),
            "e BAD VANISHED needs ENABLE QRESYNC\r\n");
  session_.deselect();
  EXPECT_EQ(run("f FETCH 1 (FLAGS)"), "f BAD FETCH is not allowed without a selected mailbox\r\n");
}

TEST_F(FetchItems, BodySetsSeenOnceWithOneStoreCall) {
  RecordingStore& rec = record();
  EXPECT_EQ(run("a FETCH 1:3 (BODY[]<0.4>)"),
            "* 1 FETCH (FLAGS (\\Seen) BODY[]<0> {4}\r\nFrom)\r\n"
            "* 2 FETCH (FLAGS (\\Seen) BODY[]<0> {4}\r\nFrom)\r\n"
            "* 3 FETCH (FLAGS (\\Seen) BODY[]<0> {4}\r\nFrom)\r\n"
            "a OK FETCH completed\r\n");
  EXPECT_EQ(rec.flag_writes, 1);
  // Already seen: the flags did not change, so they are not repeated.
  EXPECT_EQ(run("b FETCH 2 (BODY[]<0.4>)"),
            "* 2 FETCH (BODY[]<0> {4}\r\nFrom)\r\nb OK FETCH completed\r\n");
  // Asked-for FLAGS stay where they were asked for.
  run("c STORE 2 -FLAGS (\\Seen)");
  EXPECT_EQ(run("d FETCH 2 (BODY[TEXT]<0.4> FLAGS)"),
            "* 2 FETCH (BODY[TEXT]<0> {4}\r\nLine FLAGS (\\Seen))\r\nd OK FETCH completed\r\n");
}

TEST_F(FetchItems, PeekAndHeaderDoNotSetSeen) {
  RecordingStore& rec = record();
  run("a FETCH 1 (BODY.PEEK[] BINARY.PEEK[1] RFC822.HEADER BINARY.SIZE[1])");
  EXPECT_EQ(rec.flag_writes, 0);
  EXPECT_EQ(run("b FETCH 1 (FLAGS)"), "* 1 FETCH (FLAGS ())\r\nb OK FETCH completed\r\n");
  EXPECT_EQ(
      run("c FETCH 1 (BINARY[1])"),
      "* 1 FETCH (FLAGS (\\Seen) BINARY[1] {16}\r\nHello text part.)\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchItems, ReadOnlyMailboxIsNotChanged) {
  select(/*read_only=*/true);
  RecordingStore& rec = record();
  EXPECT_EQ(
      run("a FETCH 2 (BODY[TEXT])"),
      "* 2 FETCH (BODY[TEXT] {22}\r\nLine one.\r\nLine two.\r\n)\r\na OK FETCH completed\r\n");
  EXPECT_EQ(rec.flag_writes, 0);
}

TEST_F(FetchItems, ModSeqEnablesCondstore) {
  const std::string out = run("a FETCH 1 (MODSEQ)");
  EXPECT_TRUE(std::regex_match(
      out, std::regex(R"(\* OK \[HIGHESTMODSEQ \d+\] Highest\r\n)"
                      R"(\* 1 FETCH \(MODSEQ \(\d+\)\)\r\na OK FETCH completed\r\n)")))
      << out;
  EXPECT_TRUE(session_.is_enabled("CONDSTORE"));
  // From now on FLAGS travel with MODSEQ (RFC 7162 3.1); others do not.
  EXPECT_TRUE(
      std::regex_match(run("b FETCH 2 (FLAGS)"),
                       std::regex(R"(\* 2 FETCH \(MODSEQ \(\d+\) FLAGS \(\)\)\r\nb OK .*\r\n)")));
  EXPECT_EQ(run("c FETCH 2 (UID)"), "* 2 FETCH (UID 2)\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchItems, ChangedSince) {
  auto status = mail_->status("INBOX");
  ASSERT_TRUE(status.ok());
  const store::ModSeq before = status->highest_modseq;
  run("a STORE 2 +FLAGS (\\Flagged)");
  const std::string out = run("b FETCH 1:3 (FLAGS) (CHANGEDSINCE " + std::to_string(before) + ")");
  EXPECT_TRUE(
      std::regex_match(out, std::regex(R"(\* OK \[HIGHESTMODSEQ \d+\] Highest\r\n)"
                                       R"(\* 2 FETCH \(MODSEQ \(\d+\) FLAGS \(\\Flagged\)\)\r\n)"
                                       R"(b OK FETCH completed\r\n)")))
      << out;
  // With a body item: only the changed messages are fetched and marked seen.
  RecordingStore& rec = record();
  const std::string seen =
      run("c FETCH 1:3 (BODY[]<0.4>) (CHANGEDSINCE " + std::to_string(before) + ")");
  EXPECT_TRUE(std::regex_match(
      seen,
      std::regex(
          R"(\* 2 FETCH \(FLAGS \(\\Flagged \\Seen\) MODSEQ \(\d+\) BODY\[\]<0> \{4\}\r\nFrom\)\r\n)"
          R"(c OK FETCH completed\r\n)")))
      << seen;
  // Message 1 was not fetched, so it is still unseen.
  EXPECT_TRUE(
      std::regex_match(run("d FETCH 1 (FLAGS)"),
                       std::regex(R"(\* 1 FETCH \(MODSEQ \(\d+\) FLAGS \(\)\)\r\nd OK .*\r\n)")));
  EXPECT_EQ(rec.flag_writes, 1);
}

TEST_F(FetchItems, VanishedWithQresync) {
  auto status = mail_->status("INBOX");
  ASSERT_TRUE(status.ok());
  const store::ModSeq before = status->highest_modseq;
  run("a STORE 1 +FLAGS (\\Deleted)");
  run("b EXPUNGE");
  session_.enable("QRESYNC");
  const std::string out =
      run("c UID FETCH 1:5 (FLAGS) (CHANGEDSINCE " + std::to_string(before) + " VANISHED)");
  EXPECT_EQ(out, "* VANISHED (EARLIER) 1\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchItems, MessageExpungedElsewhereIsSkipped) {
  // Another session expunged message 2; this view still numbers it until
  // the expunge is announced. FETCH answers the others and a NO (RFC 2180
  // 4.1.2, as Dovecot); UID FETCH skips it like any missing UID, and may
  // announce the expunge (RFC 9051 7.5.1), after which numbers shift.
  ASSERT_TRUE(mail_
                  ->store_flags(session_.selected()->id(), store::UidSet{{2, 2}},
                                {store::FlagChange::Op::Add, store::kDeleted, {}, std::nullopt})
                  .ok());
  ASSERT_TRUE(mail_->expunge(session_.selected()->id()).ok());
  EXPECT_EQ(run("a FETCH 1:3 (UID BODY.PEEK[]<0.4>)"),
            "* 1 FETCH (UID 1 BODY[]<0> {4}\r\nFrom)\r\n* 3 FETCH (UID 3 BODY[]<0> {4}\r\nFrom)\r\n"
            "a NO [EXPUNGEISSUED] Some of the requested messages no longer exist\r\n");
  EXPECT_EQ(run("b UID FETCH 2:3 (FLAGS)"),
            "* 3 FETCH (UID 3 FLAGS ())\r\n* 2 EXPUNGE\r\nb OK FETCH completed\r\n");
  EXPECT_EQ(run("c FETCH 2 (FLAGS)"), "* 2 FETCH (FLAGS ())\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchItems, LargeMailboxInChunks) {
  std::vector<store::NewMessage> batch;
  for (int i = 0; i < 2497; ++i) batch.push_back(build_message("Subject: n\r\n\r\nx\r\n"));
  ASSERT_TRUE(mail_->append("INBOX", std::move(batch)).ok());
  select();
  RecordingStore& rec = record();
  const std::string out = run("a FETCH 1:* (UID)");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2501);
  EXPECT_NE(out.find("* 2500 FETCH (UID 2500)\r\na OK"), std::string::npos);
  ASSERT_EQ(rec.fetches.size(), 3u);
  EXPECT_EQ(rec.fetches[0].uids, 1000u);
  EXPECT_EQ(rec.fetches[2].uids, 500u);
  // UID needs no more than the message state.
  EXPECT_EQ(rec.fetches[0].fields, store::kFetchFlags);
}

}  // namespace
}  // namespace petrel::imap::fetch_testing
