#include "imap/commands/fetch_binary.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "imap/proto/writer.h"
#include "mime/binary.h"

namespace petrel::imap {

namespace {

// RFC 3516 4.3: data without NUL SHOULD be a string, so the client learns
// from ~{n} alone that NUL is present; a literal never carries NUL.
void write_content(std::string& out, std::string_view content) {
  if (!content.empty() && std::memchr(content.data(), 0, content.size()) != nullptr) {
    write_literal8(out, content);
  } else {
    write_literal(out, content);
  }
}

}  // namespace

bool write_binary_value(std::string& out, const FetchAtt& att, const MessageBytes& bytes,
                        const mime::PartTree& tree, std::uint64_t message_size) {
  const std::vector<unsigned> path(att.section.part.begin(), att.section.part.end());
  if (att.item == FetchItem::BinarySize) {
    std::uint64_t size = message_size;
    if (!path.empty()) {
      const auto decoded = mime::decoded_size(bytes.data, tree, path);
      if (!decoded) return false;
      size = *decoded;
    }
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
  if (att.partial) {
    Partial p = *att.partial;
    if (path.empty()) p.offset -= std::min(p.offset, bytes.offset);
    content = apply_partial(content, p);
  }
  write_content(out, content);
  return true;
}

}  // namespace petrel::imap
