#pragma once
// RFC 2047 encoded words ("=?charset?B|Q?text?=") in header values, decoded
// to UTF-8 for SEARCH, SORT, PREVIEW and display names.
//
// Lenient in the ways real mail needs: encoded words are recognised even when
// glued to other text or inside quoted strings; whitespace between two
// adjacent encoded words is dropped (RFC 2047 section 6.2) and consecutive
// words in the same charset are joined before conversion, so a UTF-8
// character split across two words survives; an RFC 2231 language suffix
// ("utf-8*en") is ignored. A word whose charset ICU does not know is left as
// written. Other 8-bit text goes through the unknown-charset fallback (kept
// if UTF-8, else Latin-1). Folding, CR, LF and NUL become spaces or vanish.
#include <string>
#include <string_view>

namespace petrel::mime {

std::string decode_rfc2047(std::string_view value);

}  // namespace petrel::mime
