#pragma once
// RFC 2231 parameter value continuations and character sets.
//
// Choice (documented for BODYSTRUCTURE, RFC 9051 section 7.5.2 "body
// parameter parenthesized list"): segments name*0, name*1 ... are joined;
// extended values (name*=charset'lang'%XX, name*0*=...) are percent-decoded and
// converted to UTF-8 and returned under the plain name ("filename", not
// "filename*"), so a client needs no RFC 2231 decoder. Dovecot 2.3 instead
// returns ("filename*" "utf-8''%C3%A9t%C3%A9") undecoded. An unknown charset
// gets the library-wide fallback (bytes kept if valid UTF-8, else Latin-1),
// the language tag is dropped, and an RFC 2231 value replaces a plain
// parameter of the same name (RFC 2231 section 4.1 clients prefer it). Segments
// after a gap in the numbering are kept as they were written.
#include <string>
#include <string_view>
#include <vector>

#include "mime/content_type.h"

namespace petrel::mime {

struct RawParam {
  std::string_view name;  // as written, with any RFC 2231 '*' suffixes
  std::string value;      // unquoted
  bool quoted = false;
};

std::vector<Param> decode_rfc2231(std::vector<RawParam>& raw);

// Percent-decodes an RFC 2231 extended value; malformed escapes are kept.
std::string percent_decode(std::string_view s);

}  // namespace petrel::mime
