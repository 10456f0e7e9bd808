// UserStore::read_message_pieces on every backend: the pieces join to what
// read_message gives for the same range, none is larger than asked, `total`
// is the clipped range, and the sink can stop the read.
#include <string>
#include <vector>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreMessagePiecesTest : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreMessagePiecesTest, Backends, BackendName);

struct Collected {
  std::string bytes;
  std::vector<std::size_t> sizes;
  std::vector<uint64_t> totals;
};

template <class Store>
Collected collect(Store& user, MailboxId box, Uid uid, uint64_t offset, uint64_t length,
                  std::size_t piece, uint64_t& returned, std::size_t stop_after = SIZE_MAX) {
  Collected c;
  auto r = user.read_message_pieces(box, uid, offset, length, piece,
                                    [&](uint64_t total, std::span<char> p) {
                                      c.bytes.append(p.data(), p.size());
                                      c.sizes.push_back(p.size());
                                      c.totals.push_back(total);
                                      return c.sizes.size() < stop_after;
                                    });
  returned = r.value();
  return c;
}

TYPED_TEST(StoreMessagePiecesTest, PiecesJoinToTheRange) {
  NewMessage big = message("big");
  big.bytes.clear();
  for (int i = 0; i < 300'001; ++i) big.bytes += static_cast<char>('a' + i % 26);
  big.bytes[70'000] = '\0';
  const std::string expected = big.bytes;
  auto appended = this->append("INBOX", std::move(big));
  const MailboxId box = appended.mailbox;
  const Uid uid = appended.uids[0];
  struct Case {
    uint64_t offset, length;
    std::size_t piece;
  };
  for (const Case& k :
       {Case{0, kWholeMessage, 65'536}, Case{0, kWholeMessage, 1'000'000},
        Case{12'345, 100'000, 4'096}, Case{299'990, 100, 3}, Case{0, kWholeMessage, 300'001}}) {
    uint64_t returned = 0;
    Collected c = collect(*this->user_, box, uid, k.offset, k.length, k.piece, returned);
    const std::string want = this->user_->read_message(box, uid, k.offset, k.length).value();
    EXPECT_EQ(c.bytes, want) << k.offset << "+" << k.length << " in " << k.piece;
    EXPECT_EQ(returned, want.size());
    for (std::size_t s : c.sizes) EXPECT_LE(s, k.piece);
    for (uint64_t t : c.totals) EXPECT_EQ(t, want.size());
  }
}

TYPED_TEST(StoreMessagePiecesTest, EmptyRangeMakesNoCallAndMissingIsNotFound) {
  auto appended = this->append("INBOX", message("small"));
  uint64_t returned = 7;
  Collected c =
      collect(*this->user_, appended.mailbox, appended.uids[0], 1'000'000, 10, 100, returned);
  EXPECT_TRUE(c.sizes.empty());
  EXPECT_EQ(returned, 0u);
  auto missing = this->user_->read_message_pieces(appended.mailbox, 99, 0, kWholeMessage, 100,
                                                  [](uint64_t, std::span<char>) { return true; });
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreMessagePiecesTest, SinkStopsTheRead) {
  NewMessage big = message("big");
  big.bytes.assign(50'000, 'x');
  auto appended = this->append("INBOX", std::move(big));
  uint64_t returned = 0;
  Collected c = collect(*this->user_, appended.mailbox, appended.uids[0], 0, kWholeMessage, 10'000,
                        returned, 2);
  EXPECT_EQ(c.sizes.size(), 2u);
  // The piece the sink refused is not counted as handed over.
  EXPECT_EQ(returned, 10'000u);
}

}  // namespace
}  // namespace petrel::store::testing
