#include "mime/binary.h"

#include <algorithm>
#include <cstring>

#include "mime/base64.h"
#include "mime/quoted_printable.h"
#include "mime/section.h"

namespace petrel::mime {

std::string to_crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 32);
  std::size_t pos = 0;
  while (pos < s.size()) {
    const void* nl = std::memchr(s.data() + pos, '\n', s.size() - pos);
    if (nl == nullptr) {
      out.append(s.substr(pos));
      break;
    }
    const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - s.data());
    out.append(s.substr(pos, at - pos));
    out.append(at > 0 && s[at - 1] == '\r' ? "\n" : "\r\n");
    pos = at + 1;
  }
  return out;
}

Decoded decode_section(std::string_view raw, const PartTree& tree,
                       const std::vector<unsigned>& path) {
  Decoded d;
  if (path.empty()) {
    d.bytes = std::string(raw);
    return d;
  }
  const auto target = resolve_section(tree, path);
  if (!target) return d;
  const PartNode& n = tree.nodes()[target->node];
  const uint64_t b = std::min<uint64_t>(n.body_begin, raw.size());
  const uint64_t e = std::min<uint64_t>(std::max(n.body_end, b), raw.size());
  const std::string_view body =
      raw.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b));
  if (n.multipart || n.message) {
    d.bytes = std::string(body);
    return d;
  }
  std::string decoded;
  switch (n.cte) {
    case Cte::SevenBit:
    case Cte::EightBit:
    case Cte::Binary:
      if (n.text) {
        d.bytes = to_crlf(body);
      } else {
        d.bytes = std::string(body);
      }
      return d;
    case Cte::Base64:
      base64_decode(body, decoded);
      break;
    case Cte::QuotedPrintable:
      qp_decode(body, decoded);
      break;
    case Cte::Unknown:
      d.unknown_cte = true;
      return d;
  }
  d.bytes = n.text ? to_crlf(decoded) : std::move(decoded);
  return d;
}

std::optional<std::size_t> decoded_size(std::string_view raw, const PartTree& tree,
                                        const std::vector<unsigned>& path) {
  const Decoded d = decode_section(raw, tree, path);
  if (d.unknown_cte) return std::nullopt;
  return d.bytes.size();
}

bool section_exists(const PartTree& tree, const std::vector<unsigned>& path) {
  return resolve_section(tree, path).has_value();
}

}  // namespace petrel::mime
