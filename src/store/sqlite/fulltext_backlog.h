#pragma once
// Full-text entries written after the fact.
//
// Indexing a message's text (trigrams of every decoded body) costs more
// than everything else storing it does, and far more in one transaction
// per message than in batches. So append() and append_with_uids() store
// messages without their index entries, and index_backlog() writes them
// later: the writer's deferred work after the writes stop (writer.h), or
// the importer's pass (migrate/search_index.h). Searches stay exact meanwhile:
// meta key 'fulltext_backlog' holds the lowest content id that may lack an
// entry, every message at or above it is a candidate of text_candidates(),
// and fetch() of SearchText computes the text of a message without an entry
// from its stored bytes, as the indexer would. Content ids only grow and the
// key only moves up past rows that have entries, in the writer's
// transactions, so no message is ever neither indexed nor a candidate.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "store/message.h"
#include "store/sqlite/connection.h"
#include "store/uid_set.h"

namespace petrel::store::sqlite {

// Records that content row `content_id` was stored without its index entry.
Result<void> note_unindexed(Connection& db, int64_t content_id);

// The lowest content id that may lack an index entry; nullopt when every
// row has one.
Result<std::optional<int64_t>> backlog_start(Connection& db);

// The UIDs of `mailbox` whose message may lack an index entry.
Result<UidSet> backlog_uids(Connection& db, MailboxId mailbox);

// Fills the SearchText of the messages in `metas` (of `mailbox`, read with
// kFetchSearchText) that have no index entry yet.
Result<void> fill_unindexed_search_text(Connection& db, MailboxId mailbox,
                                        std::vector<MessageMeta>& metas);

// Forgets the backlog (after the whole index was rebuilt).
Result<void> clear_backlog(Connection& db);

// Writes the entries of up to `limit` rows of the backlog, in content id
// order; returns how many rows may still lack one (0: the index is complete
// and the key is gone). When `stop_early` is given and says so after a
// row, stops there (the writer's deferred work: a write is waiting, or a
// read began).
Result<size_t> index_backlog(Connection& db, size_t limit,
                             const std::function<bool()>* stop_early = nullptr);

}  // namespace petrel::store::sqlite
