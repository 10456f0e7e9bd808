#include "lmtp/prepared_message.h"

#include "imap/commands/message_builder.h"
#include "mime/limits.h"
#include "mime/part_tree.h"

namespace petrel::lmtp {
namespace {

std::string clean(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  return out;
}

// The part tree of the message with `n` bytes inserted inside the top-level
// header: everything after the first byte moves by `n`.
std::string shift_part_tree(std::string_view serialized, uint64_t n) {
  auto tree = mime::PartTree::deserialize(serialized);
  if (!tree || tree->empty()) return std::string(serialized);
  std::vector<mime::PartNode> nodes = tree->nodes();
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i != 0) nodes[i].header_begin += n;
    nodes[i].header_end += n;
    nodes[i].body_begin += n;
    nodes[i].body_end += n;
  }
  return mime::PartTree(std::move(nodes), tree->total_size() + n).serialize();
}

}  // namespace

std::string delivered_to_line(std::string_view recipient) {
  return "Delivered-To: " + clean(recipient) + "\r\n";
}

PreparedMessage::PreparedMessage(std::optional<std::string_view> reverse_path, std::string bytes,
                                 int64_t now, int32_t tz_minutes) {
  std::string return_path = reverse_path ? "Return-Path: <" + clean(*reverse_path) + ">\r\n" : "";
  insert_at_ = return_path.size();
  if (imap::has_bare_lf(bytes)) bytes = imap::to_crlf(bytes);
  // A leading mbox "From " line is only tolerated first in a message; after
  // the inserted lines it would end the header, so such a message is
  // parsed per recipient.
  bool mbox_from = bytes.rfind("From ", 0) == 0;
  base_.bytes = return_path + bytes;
  base_.parsed = imap::parse_message(base_.bytes);
  ++parses_;
  base_.internal_date = now;
  base_.internal_date_tz = tz_minutes;
  auto tree = mime::PartTree::deserialize(base_.parsed.part_tree);
  // The parser stops reporting fields past max_header_bytes; a header near
  // that bound could lose a field to the inserted line.
  shiftable_ = !mbox_from && tree && !tree->empty() && tree->nodes()[0].blank_line &&
               tree->nodes()[0].header_end + 4096 < mime::MimeLimits{}.max_header_bytes;
}

store::NewMessage PreparedMessage::for_recipient(std::string_view recipient) const {
  std::string line = delivered_to_line(recipient);
  store::NewMessage m;
  m.bytes.reserve(base_.bytes.size() + line.size());
  m.bytes.append(base_.bytes, 0, insert_at_);
  m.bytes += line;
  m.bytes.append(base_.bytes, insert_at_);
  m.internal_date = base_.internal_date;
  m.internal_date_tz = base_.internal_date_tz;
  if (shiftable_) {
    m.parsed = base_.parsed;
    m.parsed.part_tree = shift_part_tree(base_.parsed.part_tree, line.size());
  } else {
    m.parsed = imap::parse_message(m.bytes);
    ++parses_;
  }
  return m;
}

}  // namespace petrel::lmtp
