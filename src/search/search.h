#pragma once
// SEARCH evaluation (RFC 9051 6.4.4 and the extension keys listed in
// imap/proto/search_key.h) over a session's view of a mailbox.
//
// How a search runs: first the keys that can name candidates cheaply do so
// (sequence and UID sets, and substring keys through the store's full-text
// index, store::UserStore::text_candidates); AND intersects candidate sets,
// OR unites them, NOT gives up. Then every candidate's metadata is read in
// batches, only the column groups the keys need, and the whole program is
// evaluated exactly on each. So the result never depends on the index being
// precise, only on it not missing anything; with `use_index` off every
// message is read and its searchable text computed from its bytes, which
// is the brute-force path the property test compares against.
#include <cstdint>
#include <span>
#include <vector>

#include "imap/proto/search_key.h"
#include "store/store.h"

namespace petrel::search {

// The session's view: message number n is uids[n - 1] (ascending).
struct View {
  std::span<const store::Uid> uids;
  const store::UidSet* saved = nullptr;   // "$" (RFC 5182); null: empty
  const store::UidSet* recent = nullptr;  // this session's \Recent (rev1); null: none
};

struct Options {
  bool use_index = true;
  int64_t now = 0;      // epoch seconds, for OLDER / YOUNGER
  size_t batch = 1000;  // messages read per store call
};

// One matching message: what SEARCH, SORT and THREAD answer with. Kept
// small, since a large mailbox gives 100,000 of them: the metadata the
// program was evaluated on is dropped, only what the answers need is kept
// (SORT and THREAD read their keys separately, search/sort_table.h).
struct Match {
  uint32_t seq = 0;
  store::Uid uid = 0;
  store::ModSeq modseq = 0;
};

// Messages of the view matching `key`, ascending.
Result<std::vector<Match>> run_search(store::UserStore& store, store::MailboxId mailbox,
                                      const View& view, const imap::SearchKey& key,
                                      const Options& options);

// True when `key` uses the MODSEQ key anywhere (RFC 7162 3.1.5: the
// response then carries the highest MODSEQ of the matches).
bool uses_modseq(const imap::SearchKey& key);

}  // namespace petrel::search
