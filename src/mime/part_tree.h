#pragma once
// Where each part of a stored message lies in its raw bytes, so that FETCH
// BODY[section] and BINARY[section] can cut sections out without parsing the
// message again. Built by analyze(), stored with the message as an opaque
// string (serialize()), read back by deserialize(), which rejects anything it
// did not write.
//
// Serialized format, version 1 (all integers are unsigned LEB128 varints):
//   magic "PTR" 0x01
//   total       size of the raw message in bytes
//   count       number of nodes (>= 1), then for each node in preorder:
//     flags     bit 0 multipart, bit 1 message (one child: the embedded
//               message), bit 2 text/*, bit 3 header ends with a blank line,
//               bits 4-6 content-transfer-encoding (Cte)
//     start     header_begin minus the previous node's header_begin
//               (preorder never goes backwards; the first node's is absolute)
//     hlen      header_end - header_begin
//     gap       body_begin - header_end (0 today; room for a later parser)
//     blen      body_end - body_begin
//     children  number of child nodes
// Nothing may follow the last node. deserialize() checks every range against
// `total` and against the parent's body, that counts add up, and that only
// multipart nodes have several children and message nodes exactly one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mime/content_type.h"
#include "util/result.h"

namespace petrel::mime {

struct PartNode {
  uint64_t header_begin = 0;
  uint64_t header_end = 0;  // the blank line, if any, is inside the header
  uint64_t body_begin = 0;
  uint64_t body_end = 0;
  Cte cte = Cte::SevenBit;
  bool multipart = false;
  bool message = false;     // message/rfc822 (or global) with a parsed child
  bool text = false;        // text/*: BINARY sends its line breaks as CRLF
  bool blank_line = false;  // the header ended with an empty line
  uint32_t parent = UINT32_MAX;
  uint32_t child_count = 0;
  uint32_t first_child = UINT32_MAX;
  uint32_t next_sibling = UINT32_MAX;
};

class PartTree {
 public:
  PartTree() = default;
  explicit PartTree(std::vector<PartNode> nodes, uint64_t total);

  std::string serialize() const;
  static Result<PartTree> deserialize(std::string_view data);

  // nodes()[0] is the message itself.
  const std::vector<PartNode>& nodes() const { return nodes_; }
  uint64_t total_size() const { return total_; }
  bool empty() const { return nodes_.empty(); }

  // The n-th (1-based) child of node `i`, or UINT32_MAX.
  uint32_t child(uint32_t i, unsigned n) const;

 private:
  void link();  // fills first_child / next_sibling from parent links

  std::vector<PartNode> nodes_;
  uint64_t total_ = 0;
};

}  // namespace petrel::mime
