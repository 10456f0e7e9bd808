#pragma once
// Pieces shared by SEARCH, SORT and THREAD: the charset check, running the
// search program on the selected mailbox, and CONDSTORE's MODSEQ.
#include <optional>
#include <string>
#include <vector>

#include "imap/session/session.h"
#include "search/search.h"
#include "search/sort_table.h"

namespace petrel::imap {

// True for the charsets Petrel searches in (UTF-8 and its subset US-ASCII);
// otherwise answers NO [BADCHARSET (UTF-8 US-ASCII)] (RFC 9051 6.4.4) and
// returns false.
bool accept_charset(Session& session, const std::string& tag, const std::string& charset);

// Runs `key` on the selected mailbox with the full-text index. On a store
// error answers the tagged NO and returns nullopt.
std::optional<std::vector<search::Match>> search_selected(Session& session, const std::string& tag,
                                                          const SearchKey& key);

// The same for SORT and THREAD: the matches with the sort `columns` they
// compare (search/sort_table.h).
std::optional<search::SortTable> sort_table_selected(Session& session, const std::string& tag,
                                                     const SearchKey& key,
                                                     store::SortColumns columns);

// A search with the MODSEQ key is a CONDSTORE enabling command (RFC 7162
// 3.1): the first one reports HIGHESTMODSEQ. Returns uses_modseq(key).
bool enable_condstore_for(Session& session, const SearchKey& key);

// The highest MODSEQ of `matches` (0 for none).
store::ModSeq highest_modseq(const std::vector<search::Match>& matches);

// " (MODSEQ n)" after the numbers of SEARCH and SORT (RFC 7162 3.1.5), or
// nothing when there are no matches or no MODSEQ key.
void write_modseq_suffix(std::string& out, bool modseq, const std::vector<search::Match>& matches);

}  // namespace petrel::imap
