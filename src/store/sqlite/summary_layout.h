#pragma once
// Keeps the content_summary table (summary_table.h) laid out in file order.
//
// A full sync reads every message's summary row. Rows of mail delivered one
// message at a time land in a new page every three or four messages, each
// after that message's bytes, so on a cold cache the rows of 100,000
// messages are 31,000 random reads spread over the whole file: 1.1-1.9 s on
// this host against 0.64-0.70 s once the same rows were rewritten into
// consecutive pages (bench/RESULTS.md). So the writer rewrites the table,
// in its background work (DeferredWork, writer.h), once the rows written
// since its last rewrite are a quarter of the table: a message's summary is
// rewritten about four times over the life of a growing store, a few kB.
//
// The rewrite copies the rows in content id order into a new table, a
// chunk per transaction (so writes are not held up), while triggers mirror
// the inserts and deletes made meanwhile; the last step swaps the tables.
// Progress is in `meta`, so a rewrite stopped by a restart goes on.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

struct SummaryLayoutPolicy {
  // A rewrite is due once the rows written since the last one number at
  // least `min_rows` and at least `share` of the messages.
  int64_t min_rows = 2000;
  double share = 0.25;
  size_t rows_per_step = 5000;  // copied per transaction
};

// Whether a rewrite is due or under way; reads a few rows only.
Result<bool> summary_rewrite_due(Connection& db, const SummaryLayoutPolicy& policy);

// One transaction's worth of the rewrite (starting, copying, or swapping
// the tables at the end), in the caller's transaction; returns whether
// more is left. Nothing when no rewrite is due. `give_way`, when given and
// it says so, ends the step early after some progress.
Result<bool> rewrite_summary_step(Connection& db, const SummaryLayoutPolicy& policy,
                                  const std::function<bool()>* give_way = nullptr);

}  // namespace petrel::store::sqlite
