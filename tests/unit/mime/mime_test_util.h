#pragma once
// Helpers shared by the MIME unit tests.
#include <string>
#include <string_view>

#include "mime/analysis.h"
#include "mime/part_tree.h"

namespace petrel::mime::test {

// Test messages are written with "\n"; mail uses CRLF.
inline std::string crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  for (char c : s) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// The part tree of `raw`, through the stored (serialized) form.
inline PartTree tree_of(std::string_view raw) {
  auto t = PartTree::deserialize(analyze(raw).part_tree);
  return t.ok() ? std::move(t).value() : PartTree{};
}

}  // namespace petrel::mime::test
