#pragma once
// RFC 5256 section 2.1: the base subject SORT (SUBJECT) and THREAD compare,
// from a decoded (UTF-8) subject. The result is casefolded (i;unicode-casemap)
// so equal base subjects compare equal as bytes.
#include <string>
#include <string_view>

namespace petrel::store {

std::string base_subject(std::string_view decoded_subject);

// Whether the subject had a reply or forward marker ("Re:", "Fwd:", "[fwd:
// ...]", "(fwd)") that base_subject removed (RFC 5256 section 4, step 5).
bool is_reply_or_forward(std::string_view decoded_subject);

}  // namespace petrel::store
