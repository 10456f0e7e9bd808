#pragma once
// The UIDs of a search's matches, for comparing answers in tests; a failed
// search fails the test and gives no UIDs.
#include <gtest/gtest.h>

#include <vector>

#include "search/search.h"
#include "store/store.h"

namespace petrel::search::testing {

inline std::vector<store::Uid> uids_of(Result<std::vector<Match>> r) {
  EXPECT_TRUE(r.ok()) << r.error().message;
  std::vector<store::Uid> out;
  if (r.ok()) {
    for (const auto& m : *r) out.push_back(m.uid);
  }
  return out;
}

// The answers to `programs` over every message of INBOX, each found three
// ways: through the SQLite store's index, by brute force on the same store,
// and in the in-memory store. Each program's three answers must be equal;
// the indexed ones are returned. `batch` is kept small so that one search
// spans several store calls.
inline std::vector<std::vector<store::Uid>> answers_three_ways(
    store::UserStore& sqlite, store::UserStore& mem, const std::vector<imap::SearchKey>& programs,
    size_t batch) {
  auto snap = sqlite.select("INBOX").value();
  auto mem_snap = mem.select("INBOX").value();
  std::vector<store::Uid> uids;
  for (const auto& m : snap.messages) uids.push_back(m.uid);
  store::UidSet saved;
  View view{uids, &saved};
  Options indexed, brute;
  brute.use_index = false;
  indexed.batch = batch;
  std::vector<std::vector<store::Uid>> out;
  for (size_t i = 0; i < programs.size(); ++i) {
    auto fast = uids_of(run_search(sqlite, snap.status.id, view, programs[i], indexed));
    auto slow = uids_of(run_search(sqlite, snap.status.id, view, programs[i], brute));
    auto in_memory = uids_of(run_search(mem, mem_snap.status.id, view, programs[i], indexed));
    EXPECT_EQ(fast, slow) << "program " << i;
    EXPECT_EQ(fast, in_memory) << "program " << i;
    out.push_back(std::move(fast));
  }
  return out;
}

}  // namespace petrel::search::testing
