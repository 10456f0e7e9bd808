#pragma once
// The text SEARCH matches against (RFC 9051 6.4.4): decoded and folded under
// i;unicode-casemap (RFC 5051), so a substring test is a plain byte search.
// The full-text index holds exactly these strings, and the brute-force
// matcher and the search of messages not indexed yet compute them with the
// same function, so an index hit and a scan agree by construction.
#include <string>
#include <string_view>

#include "store/message.h"

namespace petrel::store {

// `headers` are the fields stored at delivery; the body text is derived
// from `message`, the stored bytes, by the MIME parser (mime::body_text(),
// default limits: those of delivery), so it is what delivery computed when
// the store still kept it. Costs a MIME parse: call it off the I/O threads.
SearchText make_search_text(const HeaderFields& headers, std::string_view message);

// The folded form of a search string (the client's, decoded from its charset).
std::string fold_search_string(std::string_view text);

// The decoded, folded values of the fields named `name` (compared
// case-insensitively) in a SearchText::header.
void for_each_header_value(std::string_view header, std::string_view folded_name,
                           const auto& on_value) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t eol = header.find('\n', pos);
    if (eol == std::string_view::npos) eol = header.size();
    std::string_view line = header.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.size() >= folded_name.size() + 2 &&
        line.substr(0, folded_name.size()) == folded_name &&
        line.substr(folded_name.size(), 2) == ": ") {
      on_value(line.substr(folded_name.size() + 2));
    }
  }
}

// Whether `field` of `text` contains `folded` (Header: anywhere in the
// header section; Text: in the header section or the body). An empty string
// is in every text.
bool text_contains(const SearchText& text, TextField field, std::string_view folded);

// The text of `field` in `text` (Header and Text have no single string:
// nullptr).
const std::string* text_of(const SearchText& text, TextField field);

}  // namespace petrel::store
