#pragma once
// What SORT and THREAD work on: the messages matching the search program,
// each with the keys the criteria compare, read in one compact store call
// (store::UserStore::sort_rows) rather than as full message metadata.
#include <cstdint>
#include <vector>

#include "search/search.h"
#include "store/sort_rows.h"

namespace petrel::search {

struct SortTable {
  std::vector<Match> matches;  // message-number order
  std::vector<uint32_t> row;   // matches[i]'s keys are row row[i] of `rows`
  store::SortRows rows;
};

// Runs `key` on the view and reads `columns` of its matches. A program that
// is ALL only (the common "SORT (DATE) UTF-8 ALL") evaluates nothing: the
// rows of the view's messages are the answer. Messages expunged from the
// store but still in the view have no row and are left out, as run_search
// leaves them out.
Result<SortTable> read_sort_table(store::UserStore& store, store::MailboxId mailbox,
                                  const View& view, const imap::SearchKey& key,
                                  store::SortColumns columns, const Options& options);

// True when `key` matches every message: ALL, or an AND of nothing but ALL.
bool is_all(const imap::SearchKey& key);

}  // namespace petrel::search
