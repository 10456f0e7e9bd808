#pragma once
// FETCH BINARY[section] and BINARY.SIZE[section] (RFC 3516, RFC 9051
// section 6.4.5): the section's content with its Content-Transfer-Encoding
// removed.
//
// base64 and quoted-printable are decoded leniently (see base64.h and
// quoted_printable.h; Dovecot answers NO [PARSE] for damaged base64 instead);
// 7bit, 8bit, binary and an absent header are the identity; any other
// encoding sets unknown_cte, for which IMAP answers NO [UNKNOWN-CTE]. Line
// breaks of text/* parts are sent as CRLF (RFC 9051 7.5.2 BINARY: "servers
// MUST ensure that textual line-oriented sections are always transmitted
// using the IMAP CRLF line termination"). The empty path is the whole message
// unchanged; multipart and message/rfc822 parts are returned undecoded
// (Dovecot does the same; RFC 9051 allows BINARY only on leaf parts). A part
// that does not exist gives empty bytes (see section_exists()).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mime/part_tree.h"

namespace petrel::mime {

struct Decoded {
  std::string bytes;
  bool unknown_cte = false;
};

Decoded decode_section(std::string_view raw, const PartTree& tree,
                       const std::vector<unsigned>& path);

// Size of decode_section(...).bytes; nullopt for an unknown encoding.
std::optional<std::size_t> decoded_size(std::string_view raw, const PartTree& tree,
                                        const std::vector<unsigned>& path);

// True when `path` names a part of the message.
bool section_exists(const PartTree& tree, const std::vector<unsigned>& path);

// Replaces every LF not preceded by CR with CRLF.
std::string to_crlf(std::string_view s);

}  // namespace petrel::mime
