#pragma once
// The ESEARCH response (RFC 4731) that SEARCH RETURN, IMAP4rev2 SEARCH and
// SORT RETURN (ESORT, RFC 5267) answer with, and RFC 5182's SAVE.
#include <vector>

#include "imap/session/session.h"
#include "search/search.h"

namespace petrel::imap {

// "* ESEARCH (TAG "t") [UID] [MIN n] [MAX n] [COUNT n] [ALL set] [MODSEQ m]"
// (RFC 4731 3.1; empty MIN/MAX/ALL are left out, COUNT 0 is sent). MIN and
// MAX are the first and last of `matches` as given: the lowest and highest
// for SEARCH (ascending), the first and last sorted for ESORT (RFC 5267
// 3.1). ALL keeps the order given, joining only ascending runs into ranges
// (RFC 5267 3.2).
void write_esearch(Session& session, const Command& command, const SearchReturn& ret,
                   const std::vector<search::Match>& matches, bool modseq);

// A command with RETURN (...): saves the result for "$" when SAVE is asked
// for (RFC 5182 2.4: only MIN/MAX when only they are asked for), then writes
// the ESEARCH response unless SAVE was the only option. `ret` with no option
// at all means ALL (RFC 4731 3.1).
void answer_with_esearch(Session& session, const Command& command, SearchReturn ret,
                         const std::vector<search::Match>& matches, bool modseq);

}  // namespace petrel::imap
