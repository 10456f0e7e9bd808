#include "imap/proto/seq_set.h"

#include <algorithm>

#include "imap/proto/chars.h"

namespace petrel::imap {
namespace {

std::uint32_t resolve(std::uint32_t v, std::uint32_t largest) {
  return v == SequenceSet::kStar ? largest : v;
}

// seq-number = nz-number / "*"
bool parse_seq_number(std::string_view s, std::uint32_t& out) {
  if (s == "*") {
    out = SequenceSet::kStar;
    return true;
  }
  if (s.empty() || s.size() > 10 || s[0] == '0') return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!chars::is_digit(c)) return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFull) return false;
  out = static_cast<std::uint32_t>(v);
  return true;
}

void append_number(std::string& out, std::uint32_t v) {
  if (v == SequenceSet::kStar) {
    out.push_back('*');
  } else {
    out.append(std::to_string(v));
  }
}

}  // namespace

bool SequenceSet::contains(std::uint32_t n, std::uint32_t largest) const {
  for (const SeqRange& r : ranges) {
    std::uint32_t a = resolve(r.first, largest);
    std::uint32_t b = resolve(r.last, largest);
    if (a > b) std::swap(a, b);
    if (n >= a && n <= b) return true;
  }
  return false;
}

bool SequenceSet::has_star() const {
  return std::any_of(ranges.begin(), ranges.end(),
                     [](const SeqRange& r) { return r.first == kStar || r.last == kStar; });
}

std::uint32_t SequenceSet::max_number() const {
  std::uint32_t m = 0;
  for (const SeqRange& r : ranges) m = std::max({m, r.first, r.last});
  return m;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> SequenceSet::normalized(
    std::uint32_t largest) const {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> v;
  v.reserve(ranges.size());
  for (const SeqRange& r : ranges) {
    std::uint32_t a = resolve(r.first, largest);
    std::uint32_t b = resolve(r.last, largest);
    if (a > b) std::swap(a, b);
    if (b == 0) continue;
    v.emplace_back(std::max<std::uint32_t>(a, 1), b);
  }
  std::sort(v.begin(), v.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    // Merge overlapping and adjacent ranges; b + 1 cannot overflow here
    // because a range ending at UINT32_MAX swallows everything after it.
    if (out > 0 && (v[out - 1].second == 0xFFFFFFFFu || v[i].first <= v[out - 1].second + 1)) {
      v[out - 1].second = std::max(v[out - 1].second, v[i].second);
    } else {
      v[out++] = v[i];
    }
  }
  v.resize(out);
  return v;
}

std::string SequenceSet::to_string() const {
  if (last_result) return "$";
  std::string out;
  out.reserve(ranges.size() * 8);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_number(out, ranges[i].first);
    if (ranges[i].last != ranges[i].first) {
      out.push_back(':');
      append_number(out, ranges[i].last);
    }
  }
  return out;
}

Result<SequenceSet> parse_sequence_set(std::string_view text, std::size_t max_ranges) {
  SequenceSet set;
  if (text == "$") {
    set.last_result = true;
    return set;
  }
  if (text.empty()) return Error{"empty sequence set"};
  std::size_t parts = static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1;
  if (parts > max_ranges) return Error{"too many ranges in sequence set"};
  set.ranges.reserve(parts);
  std::size_t pos = 0;
  while (true) {
    std::size_t comma = text.find(',', pos);
    std::string_view part =
        text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    SeqRange r;
    std::size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      if (!parse_seq_number(part, r.first)) return Error{"invalid sequence number"};
      r.last = r.first;
    } else if (!parse_seq_number(part.substr(0, colon), r.first) ||
               !parse_seq_number(part.substr(colon + 1), r.last)) {
      return Error{"invalid sequence range"};
    }
    set.ranges.push_back(r);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return set;
}

}  // namespace petrel::imap
