#include "mime/part_tree.h"

namespace petrel::mime {

namespace {

constexpr std::string_view kMagic("PTR\x01", 4);
constexpr unsigned kCteBits = 4;
constexpr uint64_t kMaxNodes = 1u << 24;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool varint(uint64_t& v) {
    v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (i_ >= s_.size()) return false;
      const auto b = static_cast<unsigned char>(s_[i_++]);
      if (shift == 63 && b > 1) return false;  // would overflow 64 bits
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return true;
    }
    return false;
  }
  bool at_end() const { return i_ == s_.size(); }
  std::size_t left() const { return s_.size() - i_; }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

Error corrupt(const char* what) {
  return Error{std::string("part tree: ") + what, ErrorCode::Corrupt};
}

}  // namespace

PartTree::PartTree(std::vector<PartNode> nodes, uint64_t total)
    : nodes_(std::move(nodes)), total_(total) {
  link();
}

void PartTree::link() {
  std::vector<uint32_t> last_child(nodes_.size(), UINT32_MAX);
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    PartNode& n = nodes_[i];
    n.first_child = UINT32_MAX;
    n.next_sibling = UINT32_MAX;
    if (n.parent == UINT32_MAX) continue;
    PartNode& parent = nodes_[n.parent];
    if (last_child[n.parent] == UINT32_MAX) {
      parent.first_child = i;
    } else {
      nodes_[last_child[n.parent]].next_sibling = i;
    }
    last_child[n.parent] = i;
  }
}

uint32_t PartTree::child(uint32_t i, unsigned n) const {
  if (i >= nodes_.size() || n == 0) return UINT32_MAX;
  uint32_t c = nodes_[i].first_child;
  while (c != UINT32_MAX && --n > 0) c = nodes_[c].next_sibling;
  return c;
}

std::string PartTree::serialize() const {
  std::string out(kMagic);
  out.reserve(16 + nodes_.size() * 8);
  put_varint(out, total_);
  put_varint(out, nodes_.size());
  uint64_t prev = 0;
  for (const PartNode& n : nodes_) {
    const uint64_t flags = (n.multipart ? 1u : 0u) | (n.message ? 2u : 0u) | (n.text ? 4u : 0u) |
                           (n.blank_line ? 8u : 0u) | (static_cast<uint64_t>(n.cte) << kCteBits);
    put_varint(out, flags);
    put_varint(out, n.header_begin - prev);
    put_varint(out, n.header_end - n.header_begin);
    put_varint(out, n.body_begin - n.header_end);
    put_varint(out, n.body_end - n.body_begin);
    put_varint(out, n.child_count);
    prev = n.header_begin;
  }
  return out;
}

Result<PartTree> PartTree::deserialize(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) return corrupt("bad magic or version");
  Reader r(data.substr(kMagic.size()));
  uint64_t total = 0, count = 0;
  if (!r.varint(total) || !r.varint(count)) return corrupt("truncated header");
  // Each node takes at least six bytes, which bounds `count` before we
  // allocate anything.
  if (count == 0 || count > kMaxNodes || count > r.left() / 6) return corrupt("bad node count");
  std::vector<PartNode> nodes(static_cast<std::size_t>(count));
  // Open ancestors with the number of children each still expects.
  struct Open {
    uint32_t index;
    uint64_t remaining;
  };
  std::vector<Open> open;
  uint64_t prev = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t flags, start, hlen, gap, blen, children;
    if (!r.varint(flags) || !r.varint(start) || !r.varint(hlen) || !r.varint(gap) ||
        !r.varint(blen) || !r.varint(children)) {
      return corrupt("truncated node");
    }
    PartNode& n = nodes[i];
    if (flags >> 7) return corrupt("unknown flags");
    const uint64_t cte = (flags >> kCteBits) & 7;
    if (cte > static_cast<uint64_t>(Cte::Unknown)) return corrupt("bad encoding");
    n.multipart = flags & 1;
    n.message = flags & 2;
    n.text = flags & 4;
    n.blank_line = flags & 8;
    n.cte = static_cast<Cte>(cte);
    // Ranges, with overflow checks: every offset must stay within `total`.
    if (start > total - prev) return corrupt("range");
    n.header_begin = prev + start;
    if (hlen > total - n.header_begin) return corrupt("range");
    n.header_end = n.header_begin + hlen;
    if (gap > total - n.header_end) return corrupt("range");
    n.body_begin = n.header_end + gap;
    if (blen > total - n.body_begin) return corrupt("range");
    n.body_end = n.body_begin + blen;
    prev = n.header_begin;
    if (n.multipart && n.message) return corrupt("multipart and message");
    if (n.message && children != 1) return corrupt("message needs one child");
    if (!n.multipart && !n.message && children != 0) return corrupt("leaf with children");
    if (children > count - 1 - i) return corrupt("child count");
    n.child_count = static_cast<uint32_t>(children);
    // Attach to the innermost open parent.
    while (!open.empty() && open.back().remaining == 0) open.pop_back();
    if (i == 0) {
      n.parent = UINT32_MAX;
    } else {
      if (open.empty()) return corrupt("orphan node");
      const PartNode& parent = nodes[open.back().index];
      if (n.header_begin < parent.body_begin || n.body_end > parent.body_end) {
        return corrupt("child outside its parent");
      }
      n.parent = open.back().index;
      --open.back().remaining;
    }
    if (children > 0) open.push_back({i, children});
  }
  while (!open.empty() && open.back().remaining == 0) open.pop_back();
  if (!open.empty()) return corrupt("missing children");
  if (!r.at_end()) return corrupt("trailing bytes");
  return PartTree(std::move(nodes), total);
}

}  // namespace petrel::mime
