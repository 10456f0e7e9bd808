#include "imap/commands/fetch_binary.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "imap/proto/writer.h"
#include "mime/binary.h"

namespace petrel::imap {

namespace {

void write_part(std::string& out, const std::vector<std::uint32_t>& part) {
  out += '[';
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (i > 0) out += '.';
    write_number(out, part[i]);
  }
  out += ']';
}

// RFC 3516 4.3: data without NUL SHOULD be a string, so the client learns
// from ~{n} alone that NUL is present; a literal never carries NUL.
void write_content(std::string& out, std::string_view content) {
  if (std::memchr(content.data(), 0, content.size()) != nullptr) {
    write_literal8(out, content);
  } else {
    write_literal(out, content);
  }
}

}  // namespace

bool write_binary_item(std::string& out, const FetchAtt& att, const MessageBytes& bytes,
                       const mime::PartTree& tree, std::uint64_t message_size) {
  const std::vector<unsigned> path(att.section.part.begin(), att.section.part.end());
  if (att.item == FetchItem::BinarySize) {
    std::uint64_t size = message_size;
    if (!path.empty()) {
      const auto decoded = mime::decoded_size(bytes.data, tree, path);
      if (!decoded) return false;
      size = *decoded;
    }
    out += "BINARY.SIZE";
    write_part(out, att.section.part);
    out += ' ';
    write_number(out, size);
    return true;
  }
  // The empty section is the message unchanged: the window holds what the
  // item needs, from bytes.offset on (a partial may have read only a slice).
  mime::Decoded decoded;
  std::string_view content(bytes.data);
  if (!path.empty()) {
    decoded = mime::decode_section(bytes.data, tree, path);
    if (decoded.unknown_cte) return false;
    content = decoded.bytes;
  }
  out += "BINARY";
  write_part(out, att.section.part);
  if (att.partial) {
    Partial p = *att.partial;
    if (path.empty()) p.offset -= std::min(p.offset, bytes.offset);
    out += '<';
    write_number(out, att.partial->offset);
    out += '>';
    content = apply_partial(content, p);
  }
  out += ' ';
  write_content(out, content);
  return true;
}

}  // namespace petrel::imap
