// FETCH planning: the column groups asked of the store, the byte window of
// a message the sections need, and chunking of large UID sets.
#include "imap/commands/fetch_plan.h"

#include <gtest/gtest.h>

#include "fetch_test_fixture.h"
#include "imap/commands/message_builder.h"
#include "imap/proto/parser.h"

namespace petrel::imap::fetch_testing {
namespace {

FetchArgs args(std::string_view line) {
  ParseOutcome out = parse_command(line);
  EXPECT_TRUE(std::holds_alternative<Command>(out)) << line;
  if (!std::holds_alternative<Command>(out)) return {};
  return std::get<FetchArgs>(std::get<Command>(out).args);
}

FetchPlan plan(std::string_view line, bool uid = false, bool condstore = false) {
  return plan_fetch(args(line), uid, condstore);
}

TEST(FetchPlan, ColumnGroupsFollowTheItems) {
  EXPECT_EQ(plan("a FETCH 1 FLAGS").fields, store::kFetchFlags);
  EXPECT_EQ(plan("a FETCH 1 FAST").fields,
            store::kFetchFlags | store::kFetchInternalDate | store::kFetchSize);
  EXPECT_EQ(plan("a FETCH 1 (ENVELOPE BODYSTRUCTURE)").fields,
            store::kFetchEnvelope | store::kFetchBodyStructure);
  EXPECT_EQ(plan("a FETCH 1 (BODY SAVEDATE EMAILID THREADID PREVIEW)").fields,
            store::kFetchBody | store::kFetchSaveDate | store::kFetchEmailId |
                store::kFetchThreadId | store::kFetchPreview);
  // BINARY.SIZE[] is RFC822.SIZE; no bytes, no tree.
  FetchPlan p = plan("a FETCH 1 BINARY.SIZE[]");
  EXPECT_EQ(p.fields, store::kFetchSize);
  EXPECT_FALSE(p.reads_bytes);
}

TEST(FetchPlan, BodySections) {
  FetchPlan p = plan("a FETCH 1 BODY.PEEK[]");
  EXPECT_TRUE(p.reads_bytes);
  EXPECT_FALSE(p.needs_tree);
  EXPECT_FALSE(p.sets_seen);
  EXPECT_EQ(p.fields, 0u);
  p = plan("a FETCH 1 BODY[1.MIME]");
  EXPECT_TRUE(p.needs_tree);
  EXPECT_TRUE(p.sets_seen);
  EXPECT_EQ(p.fields, store::kFetchFlags | store::kFetchPartTree);
  EXPECT_FALSE(plan("a FETCH 1 RFC822.HEADER").sets_seen);
  EXPECT_TRUE(plan("a FETCH 1 RFC822.TEXT").sets_seen);
  EXPECT_TRUE(plan("a FETCH 1 RFC822").sets_seen);
  EXPECT_TRUE(plan("a FETCH 1 BINARY[1]").sets_seen);
  EXPECT_FALSE(plan("a FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])").sets_seen);
}

TEST(FetchPlan, DuplicatesAndModSeq) {
  FetchPlan p = plan("a FETCH 1 (BODY[1] BODY.PEEK[1] FLAGS FLAGS BODY[1]<0.5>)");
  ASSERT_EQ(p.atts.size(), 3u);
  EXPECT_FALSE(p.atts[0].peek);
  EXPECT_TRUE(plan("a FETCH 1 (FLAGS) (CHANGEDSINCE 5)").modseq_always);
  EXPECT_TRUE(plan("a FETCH 1 (MODSEQ)").modseq_always);
  p = plan("a FETCH 1 (FLAGS)", true, true);
  EXPECT_TRUE(p.uid);
  EXPECT_FALSE(p.modseq_always);
  EXPECT_TRUE(p.modseq_with_flags);
}

class FetchWindow : public ::testing::Test {
 protected:
  FetchWindow() {
    auto t = mime::PartTree::deserialize(parse_message(kNested).part_tree);
    EXPECT_TRUE(t.ok());
    if (t) tree = std::move(*t);
  }
  std::optional<ByteWindow> window(std::string_view line) {
    return byte_window(args(line).atts, tree);
  }
  mime::PartTree tree;
};

TEST_F(FetchWindow, HeaderOnly) {
  auto w = window("a FETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->offset, 0u);
  EXPECT_EQ(w->length, kNested.find("\r\n\r\n") + 4);
  EXPECT_EQ(window("a FETCH 1 RFC822.HEADER")->length, w->length);
}

TEST_F(FetchWindow, PartsEndWhereTheyEnd) {
  auto w = window("a FETCH 1 BODY.PEEK[1]");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->length, kNested.find("Hello text part.") + 16);
  w = window("a FETCH 1 BODY.PEEK[1.MIME]");
  EXPECT_EQ(w->length, kNested.find("Hello text part."));
  EXPECT_EQ(window("a FETCH 1 BINARY.SIZE[3.1]")->length, kNested.find(" plain") + 6);
  EXPECT_FALSE(window("a FETCH 1 (BODY.PEEK[8] ENVELOPE)"));
}

TEST_F(FetchWindow, WholeMessage) {
  EXPECT_EQ(window("a FETCH 1 BODY.PEEK[]")->length, store::kWholeMessage);
  EXPECT_EQ(window("a FETCH 1 RFC822")->length, store::kWholeMessage);
  EXPECT_EQ(window("a FETCH 1 BINARY.PEEK[]")->length, store::kWholeMessage);
  EXPECT_EQ(window("a FETCH 1 (BODY.PEEK[] BODY.PEEK[]<10.20>)")->length, store::kWholeMessage);
}

TEST_F(FetchWindow, SlicesOfTheMessage) {
  auto w = window("a FETCH 1 (BODY.PEEK[]<100.50> BINARY.PEEK[]<120.100>)");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->offset, 100u);
  EXPECT_EQ(w->length, 120u);
  // With a section too, the window starts at 0 and covers both.
  w = window("a FETCH 1 (BODY.PEEK[]<800.50> BODY.PEEK[HEADER])");
  EXPECT_EQ(w->offset, 0u);
  EXPECT_EQ(w->length, 850u);
  // The largest count the grammar allows (number64 is 63 bits).
  w = window("a FETCH 1 BODY.PEEK[]<10.9223372036854775807>");
  EXPECT_EQ(w->offset, 10u);
  EXPECT_EQ(w->length, 9223372036854775807u);
}

std::vector<store::UidSet> chunks(const store::UidSet& set, std::uint32_t max) {
  std::vector<store::UidSet> out;
  UidChunker c(set, max);
  store::UidSet chunk;
  while (c.next(chunk)) out.push_back(chunk);
  return out;
}

TEST(UidChunker, SplitsRangesAcrossChunks) {
  auto c = chunks(store::UidSet{{1, 5}, {7, 7}, {9, 12}}, 4);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0], (store::UidSet{{1, 4}}));
  EXPECT_EQ(c[1], (store::UidSet{{5, 5}, {7, 7}, {9, 10}}));
  EXPECT_EQ(c[2], (store::UidSet{{11, 12}}));
  EXPECT_TRUE(chunks(store::UidSet{}, 4).empty());
}

TEST(UidChunker, TopOfTheUidSpace) {
  auto c = chunks(store::UidSet{{UINT32_MAX - 2, UINT32_MAX}}, 2);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], (store::UidSet{{UINT32_MAX - 2, UINT32_MAX - 1}}));
  EXPECT_EQ(c[1], (store::UidSet{{UINT32_MAX, UINT32_MAX}}));
}

}  // namespace
}  // namespace petrel::imap::fetch_testing
