#pragma once
// FETCH BODY[section] (RFC 9051 section 6.4.5.1) cut from the raw message
// with the stored part tree: no parsing beyond the header lines that
// HEADER.FIELDS has to filter.
//
// Part numbering (RFC 9051 6.4.5.1), as Dovecot 2.3 answers it: a
// multipart's children are 1..n; a message that is not multipart has only
// part 1, its body (so BODY[1.1] of a plain message does not exist); numbers
// after a message/rfc822 part address its embedded message ("2.1" is that
// message's first part, or its body); a non-multipart part inside a
// multipart also answers to one extra ".1" meaning itself (BODY[2.1] of a
// text part, as in Dovecot and UW imapd), and to nothing deeper.
// A section that does not exist yields an empty string; Dovecot answers
// BODY[n] with "" too ({0}), and RFC 9051 does not require an error.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mime/part_tree.h"

namespace petrel::mime {

struct SectionRef {
  std::vector<unsigned> path;  // part numbers, 1-based; empty for the message
  enum class Kind { Full, Header, HeaderFields, HeaderFieldsNot, Text, Mime } kind = Kind::Full;
  std::vector<std::string> fields;  // for HeaderFields / HeaderFieldsNot
};

// The node a part path designates (node 0, the message, for the empty path);
// nullopt when the part does not exist.
struct SectionTarget {
  uint32_t node = 0;
};
std::optional<SectionTarget> resolve_section(const PartTree& tree,
                                             const std::vector<unsigned>& path);

// The bytes BODY[section] sends:
//   Full    the whole message (empty path) or the part's body;
//   Header  the message header, blank line included (a CRLF is supplied when
//           the header had no blank line but a body follows, RFC 9051 7.5.2);
//   HeaderFields/Not  the matching (non-matching) fields, name compared
//           ASCII-case-insensitively, each with its folded lines, then the
//           blank line; Text  the message body. Header, fields and Text need
//           the empty path or a message/rfc822 part (else "");
//   Mime    the part's own MIME header (needs a non-empty path).
std::string extract_section(std::string_view raw, const PartTree& tree, const SectionRef& ref);

}  // namespace petrel::mime
