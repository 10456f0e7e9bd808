#pragma once
// The MIME structure parser (RFC 2045, RFC 2046 section 5): one pass over the
// raw message that finds every entity's header and body, reads the MIME
// fields, and keeps string_views into the raw bytes. Internal to the library;
// analyze() turns the model into BODYSTRUCTURE, the part tree and the search
// fields.
//
// Boundaries (RFC 2046 section 5.1.1): a line "--" boundary [WSP] delimits,
// "--" boundary "--" closes; the CRLF (or LF) before it belongs to the
// boundary, not to the part. Like Dovecot, a line that merely starts with
// "--" boundary also matches (the RFC forbids such lines inside parts), the
// innermost exact match winning. A boundary of any enclosing multipart ends
// all parts nested inside it (missing close delimiters); text after a close
// delimiter is epilogue until an enclosing boundary.
//
// Degraded cases, each answering something a client can display:
//   - multipart/* without a boundary parameter, or whose boundary never
//     occurs: reported as text/plain (Dovecot reports an empty multipart);
//   - multipart/* whose boundary occurs but holds no part: one empty
//     text/plain child (Dovecot's answer, as BODYSTRUCTURE needs 1*body);
//   - containers deeper than MimeLimits::max_depth, parts past max_parts, and
//     message/rfc822 bodies with a base64/quoted-printable encoding (RFC 2046
//     5.2.1 forbids it) are opaque: no children.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "mime/content_type.h"
#include "mime/envelope.h"
#include "mime/limits.h"

namespace petrel::mime {

enum class Shape : unsigned char { Leaf, Multipart, Message };

struct MimeHeaders {
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> cte;
  std::optional<std::string_view> disposition;
  std::optional<std::string_view> id;
  std::optional<std::string_view> description;
  std::optional<std::string_view> language;
  std::optional<std::string_view> location;
  std::optional<std::string_view> md5;
  void add(std::string_view name, std::string_view value);
};

inline constexpr uint32_t kNoPart = UINT32_MAX;

struct Part {
  std::size_t header_begin = 0;
  std::size_t body_begin = 0;  // == end of the header (blank line included)
  std::size_t body_end = 0;
  bool blank_line = false;  // the header ended with an empty line
  uint32_t parent = kNoPart;
  uint32_t child_count = 0;
  Shape shape = Shape::Leaf;
  bool embedded = false;        // Message shape with a parsed child entity
  bool is_text = false;         // text/* (after defaulting)
  bool defaulted = false;       // type/subtype/params are the RFC 2045 default
  bool message_entity = false;  // the top-level message or an embedded one
  std::string_view type;        // as written, or the default
  std::string_view subtype;
  std::vector<Param> params;
  Cte cte = Cte::SevenBit;
  std::string_view cte_token;  // as written; empty when absent
  uint64_t lines = 0;          // LF count of the body (text/* and message/*)
  MimeHeaders mime;
  EnvelopeHeaders envelope;  // filled for message entities only
};

// Parts in preorder: parts[0] is the message, a part's children follow it.
struct Model {
  std::vector<Part> parts;
};

Model parse_mime(std::string_view raw, const MimeLimits& limits);

}  // namespace petrel::mime
