#pragma once
// sequence-set (RFC 9051 section 9): message sequence numbers or UIDs, as
// the client sent them. "*" stays symbolic until the session resolves it
// against the mailbox, and "$" (RFC 5182 SEARCHRES) is a flag.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace petrel::imap {

struct SeqRange {
  std::uint32_t first = 0;  // SequenceSet::kStar (0) stands for "*"
  std::uint32_t last = 0;   // equal to first for a single number
  bool operator==(const SeqRange&) const = default;
};

class SequenceSet {
 public:
  // nz-number excludes 0, so 0 is free to mean "*" (the largest number in use).
  static constexpr std::uint32_t kStar = 0;

  std::vector<SeqRange> ranges;  // in the order sent; "a:b" may have a > b
  bool last_result = false;      // "$": the saved search result (RFC 5182)

  bool operator==(const SequenceSet&) const = default;

  // True when n is in the set, with "*" meaning `largest`. A "$" set
  // contains nothing: the session substitutes its saved result first.
  bool contains(std::uint32_t n, std::uint32_t largest) const;
  bool has_star() const;
  bool empty() const { return ranges.empty() && !last_result; }
  // Largest explicit number (ignoring "*"), for "number too big" checks.
  std::uint32_t max_number() const;
  // Ascending, merged, inclusive [lo, hi] ranges with "*" resolved to
  // `largest`; values are clamped to >= 1 and ranges resolving to 0 dropped.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> normalized(std::uint32_t largest) const;
  // Wire form, e.g. "1:4,7,9:*" or "$".
  std::string to_string() const;
};

// Parses exactly `text` as a sequence-set. Numbers must be nz-number
// (1..4294967295, no leading zero); more than `max_ranges` parts is an error.
Result<SequenceSet> parse_sequence_set(std::string_view text, std::size_t max_ranges = 10000);

}  // namespace petrel::imap
