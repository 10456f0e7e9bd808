// libFuzzer target for the MIME library: analyze() any bytes, load the part
// tree it stored, then cut every section and decode every part, checking that
// nothing reads outside the input and that the stored strings are well formed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "mime/analysis.h"
#include "mime/binary.h"
#include "mime/casefold.h"
#include "mime/part_tree.h"
#include "mime/section.h"
#include "mime/utf8.h"

namespace {

using petrel::mime::PartTree;
using petrel::mime::SectionRef;
using Kind = petrel::mime::SectionRef::Kind;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::fprintf(stderr, "%s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                          \
    }                                                                        \
  } while (0)

// The part paths of every node (the numbers a client would send), found by
// walking the tree the way resolve_section() reads it.
void collect(const PartTree& t, uint32_t node, std::vector<unsigned>& path,
             std::vector<std::vector<unsigned>>& out) {
  const auto& nodes = t.nodes();
  if (out.size() > 200) return;
  const auto& n = nodes[node];
  if (n.multipart) {
    unsigned i = 1;
    for (uint32_t c = n.first_child; c != UINT32_MAX; c = nodes[c].next_sibling, ++i) {
      path.push_back(i);
      out.push_back(path);
      if (nodes[c].message) collect(t, nodes[c].first_child, path, out);
      if (nodes[c].multipart) collect(t, c, path, out);
      path.pop_back();
    }
  } else {
    path.push_back(1);
    out.push_back(path);
    if (n.message) collect(t, n.first_child, path, out);
    path.pop_back();
  }
}

void check_sections(std::string_view raw, const PartTree& tree, bool matching) {
  std::vector<unsigned> path;
  std::vector<std::vector<unsigned>> paths{{}};
  collect(tree, 0, path, paths);
  paths.push_back({0});
  paths.push_back({1, 1, 1, 1});
  paths.push_back({99});
  for (const auto& p : paths) {
    for (Kind k : {Kind::Full, Kind::Header, Kind::HeaderFields, Kind::HeaderFieldsNot, Kind::Text,
                   Kind::Mime}) {
      const std::string s =
          petrel::mime::extract_section(raw, tree, SectionRef{p, k, {"subject", "from"}});
      CHECK(s.size() <= raw.size() + 2);
      if (k == Kind::Full && p.empty()) CHECK(s == raw);
      const auto target = petrel::mime::resolve_section(tree, p);
      if (matching && target && (k == Kind::Full || k == Kind::Mime) && !p.empty()) {
        // A body or MIME header is a slice of the input at the node's offsets.
        const auto& n = tree.nodes()[target->node];
        const uint64_t b = k == Kind::Full ? n.body_begin : n.header_begin;
        const uint64_t e = k == Kind::Full ? n.body_end : n.header_end;
        CHECK(e <= raw.size());
        CHECK(s == raw.substr(b, e - b));
      }
    }
    const auto d = petrel::mime::decode_section(raw, tree, p);
    const auto size = petrel::mime::decoded_size(raw, tree, p);
    CHECK(d.unknown_cte == !size.has_value());
    if (size) CHECK(*size == d.bytes.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  petrel::mime::MimeLimits limits;
  limits.max_parts = 300;  // keeps each run fast; the limit path is exercised too
  const petrel::mime::Analysis a = petrel::mime::analyze(raw, limits);
  CHECK(!a.envelope.empty() && a.envelope.front() == '(');
  CHECK(!a.body.empty() && a.body.front() == '(' && a.body.back() == ')');
  CHECK(a.bodystructure.front() == '(' && a.bodystructure.back() == ')');
  CHECK(a.preview.size() <= 200 * 4);
  CHECK(petrel::mime::is_valid_utf8(a.preview));
  CHECK(petrel::mime::is_valid_utf8(petrel::mime::body_text(raw, limits)));
  CHECK(petrel::mime::is_valid_utf8(a.subject.decoded));
  (void)petrel::mime::casefold(a.subject.decoded);
  (void)petrel::mime::casefold(raw.substr(0, 256));

  auto tree = PartTree::deserialize(a.part_tree);
  CHECK(tree.ok());
  CHECK(tree->total_size() == raw.size());
  for (const auto& n : tree->nodes()) {
    CHECK(n.header_begin <= n.header_end && n.header_end <= n.body_begin);
    CHECK(n.body_begin <= n.body_end && n.body_end <= raw.size());
  }
  CHECK(tree->serialize() == a.part_tree);
  check_sections(raw, *tree, true);

  // The input read as a stored part tree: garbage must be rejected, and
  // anything accepted must be safe to use even with unrelated bytes.
  auto foreign = PartTree::deserialize(raw);
  if (foreign.ok()) check_sections(raw, *foreign, false);
  return 0;
}
