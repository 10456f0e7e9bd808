#pragma once
// FETCH BINARY[section]<partial>, BINARY.PEEK and BINARY.SIZE (RFC 3516,
// RFC 9051 6.4.5): a section with its Content-Transfer-Encoding removed
// (mime/binary.h), cut from the stored bytes with the stored part tree.
#include <cstdint>
#include <string>

#include "imap/commands/fetch_section.h"
#include "imap/proto/fetch_att.h"
#include "mime/part_tree.h"

namespace petrel::imap {

// Appends the value of BINARY[part]<partial> (the decoded content, a
// literal8 when it holds NUL) or of BINARY.SIZE[part] (a number);
// write_item_name() writes the name. `message_size` is RFC822.SIZE
// (BINARY.SIZE[] of the whole message, which is sent undecoded). Returns
// false, appending nothing, when the part's transfer encoding is unknown:
// RFC 3516 4.3 then requires the command to fail with NO [UNKNOWN-CTE].
bool write_binary_value(std::string& out, const FetchAtt& att, const MessageBytes& bytes,
                        const mime::PartTree& tree, std::uint64_t message_size);

}  // namespace petrel::imap
