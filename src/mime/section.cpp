#include "mime/section.h"

#include <algorithm>

#include "mime/ascii.h"
#include "mime/header.h"

namespace petrel::mime {

namespace {

std::string_view slice(std::string_view raw, uint64_t b, uint64_t e) {
  // The tree was validated against its own total; clamp to this raw anyway.
  b = std::min<uint64_t>(b, raw.size());
  e = std::min<uint64_t>(std::max(e, b), raw.size());
  return raw.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b));
}

bool listed(const std::vector<std::string>& fields, std::string_view name) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const std::string& f) { return iequals(f, name); });
}

// The header of `node` as HEADER returns it.
std::string header(std::string_view raw, const PartNode& node) {
  std::string out(slice(raw, node.header_begin, node.header_end));
  if (!node.blank_line && node.body_end > node.body_begin) out.append("\r\n");
  return out;
}

std::string header_fields(std::string_view raw, const PartNode& node, uint32_t index,
                          const std::vector<std::string>& fields, bool negate) {
  std::string out;
  const std::size_t end = std::min<uint64_t>(node.header_end, raw.size());
  const std::size_t begin = std::min<uint64_t>(node.header_begin, end);
  HeaderScanOptions opt;
  opt.allow_mbox_from = index == 0;  // the same rule the parser used
  scan_header(
      raw.substr(0, end), begin, opt,
      [&](const HeaderField& f) {
        if (listed(fields, f.name) == negate) return;
        out.append(raw.substr(f.begin, f.end - f.begin));
        if (out.back() != '\n') out.append("\r\n");  // last line without EOL
      },
      [](std::size_t) { return false; });
  if (node.blank_line) {
    // Repeat the blank line as written (CRLF, or LF in a bare-LF message).
    const bool crlf = end >= 2 && raw[end - 2] == '\r';
    out.append(crlf ? "\r\n" : "\n");
  } else if (node.body_end > node.body_begin) {
    out.append("\r\n");
  }
  return out;
}

}  // namespace

std::optional<SectionTarget> resolve_section(const PartTree& tree,
                                             const std::vector<unsigned>& path) {
  if (tree.empty()) return std::nullopt;
  const auto& nodes = tree.nodes();
  // Where the walk is: at a message (the top-level one or one embedded in a
  // message/rfc822 part), at a part reached through a multipart, or past the
  // last part number a non-multipart part accepts.
  enum class At { Message, Part, End } at = At::Message;
  SectionTarget t;
  for (std::size_t k = 0; k < path.size(); ++k) {
    const unsigned n = path[k];
    const PartNode& node = nodes[t.node];
    if (at == At::End) return std::nullopt;
    if (node.multipart) {
      const uint32_t c = tree.child(t.node, n);
      if (c == UINT32_MAX) return std::nullopt;
      t.node = c;
      at = At::Part;
    } else if (n == 1) {
      at = At::End;  // part 1 of a message is its body; n.1 of a part is itself
    } else {
      return std::nullopt;
    }
    // More numbers after a message/rfc822 part address its embedded message.
    if (k + 1 < path.size() && nodes[t.node].message) {
      t.node = nodes[t.node].first_child;
      at = At::Message;
    }
  }
  return t;
}

std::string extract_section(std::string_view raw, const PartTree& tree, const SectionRef& ref) {
  using Kind = SectionRef::Kind;
  const auto target = resolve_section(tree, ref.path);
  if (!target) return {};
  const auto& nodes = tree.nodes();
  const PartNode& node = nodes[target->node];
  switch (ref.kind) {
    case Kind::Full:
      if (ref.path.empty()) return std::string(raw);
      return std::string(slice(raw, node.body_begin, node.body_end));
    case Kind::Mime:
      if (ref.path.empty()) return {};
      return std::string(slice(raw, node.header_begin, node.header_end));
    case Kind::Header:
    case Kind::HeaderFields:
    case Kind::HeaderFieldsNot:
    case Kind::Text:
      break;
  }
  // The message these specifiers apply to: the top-level one, or the message
  // embedded in a message/rfc822 part.
  uint32_t msg = target->node;
  if (!ref.path.empty()) {
    if (!node.message) return {};
    msg = node.first_child;
  }
  const PartNode& m = nodes[msg];
  switch (ref.kind) {
    case Kind::Header:
      return header(raw, m);
    case Kind::HeaderFields:
      return header_fields(raw, m, msg, ref.fields, false);
    case Kind::HeaderFieldsNot:
      return header_fields(raw, m, msg, ref.fields, true);
    case Kind::Text:
      return std::string(slice(raw, m.body_begin, m.body_end));
    default:
      return {};
  }
}

}  // namespace petrel::mime
