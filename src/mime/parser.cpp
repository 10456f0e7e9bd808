#include "mime/parser.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "mime/ascii.h"
#include "mime/header.h"

namespace petrel::mime {

void MimeHeaders::add(std::string_view name, std::string_view value) {
  if (name.size() < 8 || !istarts_with(name, "content-")) return;
  const std::string_view rest = name.substr(8);
  std::optional<std::string_view>* slot = nullptr;
  if (iequals(rest, "type")) {
    slot = &content_type;
  } else if (iequals(rest, "transfer-encoding")) {
    slot = &cte;
  } else if (iequals(rest, "disposition")) {
    slot = &disposition;
  } else if (iequals(rest, "id")) {
    slot = &id;
  } else if (iequals(rest, "description")) {
    slot = &description;
  } else if (iequals(rest, "language")) {
    slot = &language;
  } else if (iequals(rest, "location")) {
    slot = &location;
  } else if (iequals(rest, "md5")) {
    slot = &md5;
  }
  if (slot != nullptr && !*slot) *slot = value;  // the first occurrence wins
}

namespace {

// parse_multipart keeps a string_view of the boundary parameter while parts_
// grows; that is safe only if a Part moves without copying its params.
static_assert(std::is_nothrow_move_constructible_v<Part>);

// Recursion depth bound whatever the configured limit says.
constexpr unsigned kHardMaxDepth = 512;

// Where an entity stopped: at a boundary line of an enclosing multipart, or
// at the end of the data (index < 0).
struct Stop {
  std::size_t line = 0;  // start of the boundary line (or raw.size())
  std::size_t next = 0;  // start of the line after it
  int index = -1;        // position of the boundary in the stack
  bool close = false;    // "--boundary--"
};

class Parser {
 public:
  Parser(std::string_view raw, const MimeLimits& limits) : raw_(raw), limits_(limits) {
    limits_.max_depth = std::min(limits_.max_depth, kHardMaxDepth);
  }

  Model run() {
    Model m;
    parts_.reserve(16);
    parse_entity(0, 0, kNoPart, true, false);
    m.parts = std::move(parts_);
    return m;
  }

 private:
  Stop eof() const { return {raw_.size(), raw_.size(), -1, false}; }

  // Matches the line starting at `line` (which starts with "--") against the
  // boundary stack: an exact match (nothing but whitespace or "--" after the
  // boundary), innermost first, else the innermost prefix match.
  std::optional<Stop> match(std::size_t line) const {
    const void* nl = std::memchr(raw_.data() + line, '\n', raw_.size() - line);
    const std::size_t eol =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - raw_.data()) : raw_.size();
    const std::size_t next = nl ? eol + 1 : raw_.size();
    const std::string_view text = raw_.substr(line + 2, eol - line - 2);
    std::optional<Stop> prefix;
    for (int i = static_cast<int>(stack_.size()) - 1; i >= 0; --i) {
      const std::string_view b = stack_[static_cast<std::size_t>(i)];
      if (text.size() < b.size() || std::memcmp(text.data(), b.data(), b.size()) != 0) continue;
      const std::string_view rest = text.substr(b.size());
      const bool close = rest.size() >= 2 && rest[0] == '-' && rest[1] == '-';
      if (close || trim(rest).empty()) return Stop{line, next, i, close};
      if (!prefix) prefix = Stop{line, next, i, false};
    }
    return prefix;
  }

  // The next boundary line at or after `pos` (a line start).
  Stop find_boundary(std::size_t pos) const {
    if (stack_.empty()) return eof();
    const std::size_t n = raw_.size();
    if (pos + 1 < n && raw_[pos] == '-' && raw_[pos + 1] == '-') {
      if (auto s = match(pos)) return *s;
    }
    while (true) {
      const std::size_t q = raw_.find("\n--", pos);
      if (q == std::string_view::npos) return eof();
      pos = q + 1;
      if (auto s = match(pos)) return *s;
    }
  }

  // End of a body that stops at `s`: the line break before a boundary line
  // belongs to the boundary (RFC 2046 section 5.1.1).
  std::size_t body_end(const Stop& s, std::size_t body_begin) const {
    std::size_t e = s.line;
    if (s.index < 0) return e;
    if (e > body_begin && raw_[e - 1] == '\n') {
      --e;
      if (e > body_begin && raw_[e - 1] == '\r') --e;
    }
    return e;
  }

  void classify(Part& p, bool digest_child) {
    const MimeHeaders& h = p.mime;
    ContentType ct;
    if (h.content_type) ct = parse_content_type(*h.content_type);
    if (h.cte) p.cte_token = cte_token(*h.cte);
    p.cte = classify_cte(p.cte_token);
    if (ct.valid()) {
      p.type = ct.type;
      p.subtype = ct.subtype;
      p.params = std::move(ct.params);
    } else if (digest_child && !h.content_type) {
      // RFC 2046 section 5.1.5: in a digest the default is message/rfc822.
      p.type = "message", p.subtype = "rfc822", p.defaulted = true;
    } else {
      // RFC 2045 section 5.2: absent or invalid means text/plain; us-ascii.
      // Parameters of an invalid field are kept (its charset still helps).
      p.type = "text", p.subtype = "plain", p.defaulted = true;
      p.params = std::move(ct.params);
    }
    if (iequals(p.type, "multipart")) {
      p.shape = Shape::Multipart;
    } else if (iequals(p.type, "message") &&
               (iequals(p.subtype, "rfc822") || iequals(p.subtype, "global"))) {
      p.shape = Shape::Message;
    }
    p.is_text = iequals(p.type, "text");
  }

  static void make_plain_text(Part& p) {
    p.shape = Shape::Leaf;
    p.type = "text", p.subtype = "plain", p.defaulted = true, p.is_text = true;
    p.params.clear();
  }

  Stop parse_entity(std::size_t begin, unsigned depth, uint32_t parent, bool message_entity,
                    bool digest_child) {
    const auto idx = static_cast<uint32_t>(parts_.size());
    parts_.emplace_back();
    {
      Part& p = parts_[idx];
      p.header_begin = begin;
      p.parent = parent;
      p.message_entity = message_entity;
    }
    if (parent != kNoPart) ++parts_[parent].child_count;
    HeaderScanOptions opt;
    opt.max_bytes = limits_.max_header_bytes;
    opt.allow_mbox_from = idx == 0;
    Part* self = &parts_[idx];
    const HeaderEnd he = scan_header(
        raw_, begin, opt,
        [&](const HeaderField& f) {
          self->mime.add(f.name, f.value);
          if (message_entity) self->envelope.add(f.name, f.value);
        },
        [&](std::size_t line) { return match(line).has_value(); });
    self->blank_line = he.stop == HeaderStop::Blank;
    classify(*self, digest_child);

    Stop stop;
    std::size_t body_begin = he.end;
    std::size_t children_end = 0;  // largest body end among the children
    if (he.stop == HeaderStop::Boundary) {
      // A header cut short by a boundary: the line break before the boundary
      // belongs to it, so the header ends before that break; no body.
      stop = *match(he.end);
      body_begin = body_end(stop, begin);
      if (self->shape == Shape::Multipart) make_plain_text(*self);
    } else if (self->shape == Shape::Multipart) {
      const std::string* boundary = find_param(self->params, "boundary");
      if (boundary == nullptr || boundary->empty()) {
        make_plain_text(*self);
        stop = find_boundary(body_begin);
      } else if (depth >= limits_.max_depth) {
        stop = find_boundary(body_begin);  // opaque: described without children
      } else {
        stop = parse_multipart(idx, body_begin, depth, *boundary, iequals(self->subtype, "digest"),
                               children_end);
      }
    } else if (self->shape == Shape::Message && depth < limits_.max_depth &&
               parts_.size() < limits_.max_parts &&
               (self->cte == Cte::SevenBit || self->cte == Cte::EightBit ||
                self->cte == Cte::Binary)) {
      self->embedded = true;
      stop = parse_entity(body_begin, depth + 1, idx, true, false);
      children_end = parts_[idx + 1].body_end;
    } else {
      stop = find_boundary(body_begin);
    }
    Part& p = parts_[idx];  // parts_ may have grown: refresh the reference
    p.body_begin = body_begin;
    p.body_end = body_end(stop, body_begin);
    // A last child whose header's blank line sits right before the boundary
    // keeps that line break (its body is empty); the container extends over
    // it so that every part stays inside its parent.
    p.body_end = std::max(p.body_end, children_end);
    if (p.is_text || p.shape == Shape::Message) {
      p.lines =
          static_cast<uint64_t>(std::count(raw_.begin() + static_cast<long>(p.body_begin),
                                           raw_.begin() + static_cast<long>(p.body_end), '\n'));
    }
    return stop;
  }

  // Parses the parts of a multipart body starting at `pos`; returns the stop
  // that ends the multipart (an enclosing boundary or the end of data).
  Stop parse_multipart(uint32_t idx, std::size_t pos, unsigned depth, const std::string& boundary,
                       bool digest, std::size_t& children_end) {
    stack_.push_back(boundary);
    const int own = static_cast<int>(stack_.size()) - 1;
    Stop s = find_boundary(pos);
    const bool seen = s.index == own;
    while (s.index == own && !s.close) {
      if (parts_.size() >= limits_.max_parts) {
        s = find_boundary(s.next);  // over the limit: skip the part
        continue;
      }
      const std::size_t child = parts_.size();
      s = parse_entity(s.next, depth + 1, idx, false, digest);
      children_end = std::max(children_end, parts_[child].body_end);
    }
    stack_.pop_back();
    if (!seen) {
      make_plain_text(parts_[idx]);  // the boundary never occurs
    } else if (s.index == own) {
      s = find_boundary(s.next);  // epilogue, up to an enclosing boundary
    }
    return s;
  }

  std::string_view raw_;
  MimeLimits limits_;
  std::vector<Part> parts_;
  std::vector<std::string_view> stack_;
};

}  // namespace

Model parse_mime(std::string_view raw, const MimeLimits& limits) {
  return Parser(raw, limits).run();
}

}  // namespace petrel::mime
