#pragma once
// FETCH body sections: BODY[section]<partial>, BODY.PEEK and the RFC 3501
// forms RFC822, RFC822.HEADER and RFC822.TEXT, cut from the stored message
// bytes with the stored part tree (mime/section.h); nothing is re-parsed.
#include <cstdint>
#include <string>
#include <string_view>

#include "imap/proto/fetch_att.h"
#include "mime/part_tree.h"

namespace petrel::imap {

// The part of one message's bytes that was read: `data` is the message from
// byte `offset` on (see byte_window() in fetch_plan.h).
struct MessageBytes {
  std::string data;
  std::uint64_t offset = 0;
};

// "1.2.HEADER.FIELDS (FROM TO)": the section-spec as the response names it
// (RFC 9051 7.5.2). Field names are upper-cased, as Dovecot and UW imapd
// echo them; they compare case-insensitively anyway (RFC 9051 6.4.5.1).
void write_section_spec(std::string& out, const Section& section);

// `content` cut by a partial <origin.count> (RFC 9051 6.4.5: starting beyond
// the end gives an empty string, a count beyond it is truncated).
std::string_view apply_partial(std::string_view content, const Partial& partial);

// Appends the name of a content item and the space after it:
// "BODY[1.MIME]<0> ", "RFC822.TEXT ", "BINARY[2] ", "BINARY.SIZE[2] " (RFC 9051
// 7.5.2). The same for every message, so FETCH writes it once per command.
void write_item_name(std::string& out, const FetchAtt& att);

// BODY[], BODY[]<partial> and RFC822: the whole message or a slice of it.
bool is_whole_message(const FetchAtt& att);
// Such an item's value: a view into `bytes` (the window byte_window() read).
std::string_view whole_message_value(const FetchAtt& att, const MessageBytes& bytes);

// Appends the value of a BODY[...] / RFC822* item: the section's bytes, cut
// by the partial. Empty when the part does not exist (as Dovecot answers
// BODY[9]). Always a literal, as Dovecot and UW imapd send it: message text
// then needs no escaping scan. Precondition: `bytes` holds the window
// byte_window() computed for the command's items.
void write_body_value(std::string& out, const FetchAtt& att, const MessageBytes& bytes,
                      const mime::PartTree& tree);

}  // namespace petrel::imap
