#pragma once
// Header section scanning (RFC 5322 section 2.2, 3.6; RFC 2045 for MIME
// parts), in one pass over the raw bytes and without copying them.
//
// Where a header ends:
//   - at an empty line (CRLF or bare LF); the empty line belongs to the header;
//   - at a line that cannot be a header field (no "name:" with a printable
//     ASCII name), which then starts the body: real mail sometimes omits the
//     blank line, and treating the text as body (as Python's email package and
//     GMime do) lets the client see it. Dovecot 2.3 instead keeps such lines
//     in the header and reports an empty body (see section_test.cpp);
//   - at a multipart boundary line of an enclosing part (the caller decides);
//   - at the end of the data.
// A first line "From " (an mbox separator left in by a delivery agent) is
// skipped as part of the header instead of ending it, when allowed.
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

#include "mime/ascii.h"

namespace petrel::mime {

struct HeaderField {
  std::string_view name;   // as written, trailing whitespace before ':' removed
  std::string_view value;  // raw text after ':', folded lines included, final EOL excluded
  std::size_t begin = 0;   // offset of the field's first byte in the scanned data
  std::size_t end = 0;     // offset just past the field's last line terminator
};

enum class HeaderStop { Blank, BodyLine, Boundary, End };

struct HeaderEnd {
  std::size_t end = 0;  // first byte after the header (the body starts here)
  HeaderStop stop = HeaderStop::End;
};

struct HeaderScanOptions {
  std::size_t max_bytes = std::size_t(-1);  // fields starting beyond this are not reported
  bool allow_mbox_from = false;             // tolerate a leading "From " line
};

// Unfolds a raw header value (RFC 5322 section 2.2.3: CRLF followed by WSP is
// removed; stray CR and LF bytes are dropped too) and trims surrounding
// whitespace.
std::string unfold(std::string_view value);

// True when data[pos, end) starts with "name:" (printable ASCII name).
std::size_t header_name_length(std::string_view line);

// Offset of the end of the content of the line that ends just before `pos`
// (the line terminator excluded). Used internally by scan_header.
inline std::size_t prev_content_end(std::string_view data, std::size_t pos) {
  if (pos > 0 && data[pos - 1] == '\n') {
    --pos;
    if (pos > 0 && data[pos - 1] == '\r') --pos;
  }
  return pos;
}

// Scans the header starting at `begin`. Calls on_field(const HeaderField&) for
// each field and is_boundary(line_begin) for lines starting with "--"; a true
// answer ends the header there (HeaderStop::Boundary).
template <class OnField, class IsBoundary>
HeaderEnd scan_header(std::string_view data, std::size_t begin, const HeaderScanOptions& opt,
                      OnField&& on_field, IsBoundary&& is_boundary) {
  const std::size_t n = data.size();
  const char* base = data.data();
  HeaderField cur;
  bool have = false;
  auto flush = [&](std::size_t value_end, std::size_t field_end) {
    if (!have) return;
    have = false;
    const char* vb = cur.name.data() + cur.name.size();
    // Skip whitespace and the colon after the name.
    while (*vb != ':') ++vb;
    ++vb;
    cur.value = std::string_view(vb, static_cast<std::size_t>(base + value_end - vb));
    cur.end = field_end;
    if (cur.begin - begin < opt.max_bytes) on_field(static_cast<const HeaderField&>(cur));
  };
  std::size_t pos = begin;
  bool first = true;
  while (pos < n) {
    const void* nl = std::memchr(base + pos, '\n', n - pos);
    const std::size_t eol = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
    const std::size_t next = nl ? eol + 1 : n;
    std::size_t content_end = eol;
    if (content_end > pos && base[content_end - 1] == '\r') --content_end;
    const std::string_view line(base + pos, content_end - pos);
    if (line.empty()) {
      flush(prev_content_end(data, pos), pos);
      return {next, HeaderStop::Blank};
    }
    if (is_wsp(line[0])) {
      // Continuation line (or leading junk, which stays in the header).
      pos = next;
      first = false;
      continue;
    }
    if (line.size() >= 2 && line[0] == '-' && line[1] == '-' && is_boundary(pos)) {
      flush(prev_content_end(data, pos), pos);
      return {pos, HeaderStop::Boundary};
    }
    const std::size_t name_len = header_name_length(line);
    if (name_len == 0) {
      if (first && opt.allow_mbox_from && line.substr(0, 5) == "From ") {
        pos = next;
        first = false;
        continue;
      }
      flush(prev_content_end(data, pos), pos);
      return {pos, HeaderStop::BodyLine};
    }
    flush(prev_content_end(data, pos), pos);
    cur.name = line.substr(0, name_len);
    cur.begin = pos;
    have = true;
    first = false;
    pos = next;
  }
  flush(prev_content_end(data, n), n);
  return {n, HeaderStop::End};
}

}  // namespace petrel::mime
