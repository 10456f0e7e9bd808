#pragma once
// FETCH data items (RFC 9051 section 6.4.5, RFC 3501 section 6.4.5 for the
// RFC822.* forms, RFC 3516 BINARY, RFC 7162 MODSEQ, RFC 8514 SAVEDATE,
// RFC 8474 EMAILID/THREADID, RFC 8970 PREVIEW). Macros ALL/FAST/FULL are
// expanded by the parser.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace petrel::imap {

enum class FetchItem : std::uint8_t {
  Envelope,
  Flags,
  InternalDate,
  Rfc822Size,
  Rfc822,        // RFC 3501: like BODY[], answered as "RFC822"
  Rfc822Header,  // RFC 3501: like BODY.PEEK[HEADER], answered as "RFC822.HEADER"
  Rfc822Text,    // RFC 3501: like BODY[TEXT], answered as "RFC822.TEXT"
  Body,          // non-extensible BODYSTRUCTURE
  BodyStructure,
  Uid,
  BodySection,  // BODY[section]<partial> / BODY.PEEK[...]
  Binary,       // BINARY[part]<partial> / BINARY.PEEK[...]
  BinarySize,   // BINARY.SIZE[part]
  ModSeq,
  SaveDate,
  EmailId,
  ThreadId,
  Preview,
};

enum class SectionText : std::uint8_t {
  None,             // the whole part (or message for BODY[])
  Header,           // HEADER
  HeaderFields,     // HEADER.FIELDS (list)
  HeaderFieldsNot,  // HEADER.FIELDS.NOT (list)
  Text,             // TEXT
  Mime,             // MIME (only after a part number)
};

struct Section {
  std::vector<std::uint32_t> part;  // "1.2.3" -> {1, 2, 3}; empty for the top level
  SectionText text = SectionText::None;
  std::vector<std::string> fields;  // header names for HEADER.FIELDS[.NOT], as sent
  bool operator==(const Section&) const = default;
};

struct Partial {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;  // nz-number64
  bool operator==(const Partial&) const = default;
};

struct FetchAtt {
  FetchItem item = FetchItem::Flags;
  bool peek = false;               // BODY.PEEK / BINARY.PEEK: do not set \Seen
  Section section;                 // BodySection, Binary, BinarySize
  std::optional<Partial> partial;  // BodySection, Binary
  bool lazy = false;               // PREVIEW (LAZY)
  bool operator==(const FetchAtt&) const = default;
};

}  // namespace petrel::imap
