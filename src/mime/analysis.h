#pragma once
// analyze(): everything Petrel stores about a message at delivery, so that
// FETCH, SEARCH and SORT never parse it again (docs: DESIGN.md "Storage
// invariants"). One pass over the raw bytes builds the MIME model; the
// strings below are then written from it.
//
// Line endings: sizes and offsets are those of `raw` as given. Messages with
// bare LF are handled, but IMAP is CRLF on the wire (RFC 9051 section 2.2);
// the delivery path should store CRLF (as Dovecot presents messages) so that
// RFC822.SIZE, BODYSTRUCTURE sizes and BODY[] bytes agree with what is sent.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mime/limits.h"

namespace petrel::mime {

// A header field for SEARCH/SORT: the first occurrence, unfolded and trimmed.
struct HeaderText {
  bool present = false;
  std::string raw;      // as written (encoded words kept)
  std::string decoded;  // RFC 2047 decoded, UTF-8 (see rfc2047.h)
};

// The first mailbox of an address list, for SORT FROM/TO (RFC 5256 section
// 2.2: the addr-mailbox) and DISPLAYFROM/DISPLAYTO (RFC 5957: the display
// name, else the addr-spec).
struct AddressKey {
  std::string display_name;  // RFC 2047 decoded UTF-8; empty if none
  std::string mailbox;       // local part, quoting removed
  std::string host;
  std::string addr_spec;  // mailbox@host
  // What RFC 5957 section 3 sorts on.
  const std::string& display() const { return display_name.empty() ? addr_spec : display_name; }
};

struct Analysis {
  std::string envelope;       // ENVELOPE value, wire-exact (RFC 9051 7.5.2)
  std::string body;           // BODY value (no extension data)
  std::string bodystructure;  // BODYSTRUCTURE value (with extension data)
  std::string part_tree;      // PartTree::serialize(), for sections

  std::optional<int64_t> date;  // Date: as UTC seconds; nullopt if absent/invalid
  int date_zone_minutes = 0;    // its zone offset, east positive

  HeaderText subject, from, to, cc, bcc, message_id, in_reply_to, references;
  std::optional<AddressKey> first_from;
  std::optional<AddressKey> first_to;

  std::string preview;  // RFC 8970 PREVIEW, UTF-8, <= 200 characters
};

Analysis analyze(std::string_view raw, const MimeLimits& limits = {});

// The decoded text of all text/* parts of `raw`, in order, separated by
// newlines, <= 1 MiB (text_extract.h): what full-text SEARCH looks in. Not
// part of analyze(): the store keeps only the message bytes and derives this
// when it indexes or scans a message, so it must be a function of the bytes
// alone (and of `limits`, which must be the ones used at delivery).
std::string body_text(std::string_view raw, const MimeLimits& limits = {});

}  // namespace petrel::mime
