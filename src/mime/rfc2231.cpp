#include "mime/rfc2231.h"

#include <algorithm>

#include "mime/ascii.h"
#include "mime/charset.h"

namespace petrel::mime {

namespace {

struct Segment {
  std::size_t raw_index;  // position in the raw list (output order)
  std::string_view base;  // name without '*' suffixes
  long index;             // -1 for a plain parameter
  bool extended;          // value is charset'lang'%XX / %XX encoded
};

Segment classify(const RawParam& p, std::size_t i) {
  const std::string_view name = p.name;
  const std::size_t star = name.find('*');
  if (star == std::string_view::npos || star == 0) return {i, name, -1, false};
  const std::string_view base = name.substr(0, star);
  std::string_view rest = name.substr(star + 1);
  if (rest.empty()) return {i, base, 0, true};  // name*=
  bool extended = false;
  if (rest.back() == '*') {
    extended = true;
    rest.remove_suffix(1);
  }
  if (rest.empty() || rest.size() > 6 || (rest.size() > 1 && rest[0] == '0')) {
    return {i, name, -1, false};
  }
  long index = 0;
  for (char c : rest) {
    if (!is_digit(c)) return {i, name, -1, false};
    index = index * 10 + (c - '0');
  }
  return {i, base, index, extended};
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

std::vector<Param> decode_rfc2231(std::vector<RawParam>& raw) {
  std::vector<Param> out;
  out.reserve(raw.size());
  std::vector<Segment> segs;
  bool any = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    segs.push_back(classify(raw[i], i));
    any = any || segs.back().index >= 0;
  }
  if (!any) {  // The common case: no RFC 2231 syntax at all.
    for (auto& p : raw) out.push_back({std::string(p.name), std::move(p.value)});
    return out;
  }
  std::vector<bool> used(raw.size(), false);
  // Output slots in raw order; a joined parameter takes the slot of its first
  // segment. `decoded_from_2231` remembers which output came from RFC 2231.
  std::vector<bool> from_2231;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (used[i]) continue;
    const Segment& s = segs[i];
    if (s.index < 0) {
      used[i] = true;
      out.push_back({std::string(raw[i].name), std::move(raw[i].value)});
      from_2231.push_back(false);
      continue;
    }
    // Gather this base name's segments, ordered by index (stable for dups).
    std::vector<std::size_t> group;
    for (std::size_t j = i; j < segs.size(); ++j) {
      if (!used[j] && segs[j].index >= 0 && iequals(segs[j].base, s.base)) group.push_back(j);
    }
    std::stable_sort(group.begin(), group.end(),
                     [&](std::size_t a, std::size_t b) { return segs[a].index < segs[b].index; });
    std::string bytes;
    std::string charset;
    bool extended = false;
    long expect = 0;
    std::vector<std::size_t> leftovers;
    for (std::size_t j : group) {
      const Segment& g = segs[j];
      if (g.index != expect) {
        leftovers.push_back(j);  // a gap or a duplicate index
        continue;
      }
      ++expect;
      used[j] = true;
      std::string_view v = raw[j].value;
      if (g.extended) {
        if (g.index == 0) {
          // charset'language'value (RFC 2231 section 4); both parts optional.
          const std::size_t q1 = v.find('\'');
          const std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
          if (q2 != std::string_view::npos) {
            charset = std::string(v.substr(0, q1));
            v = v.substr(q2 + 1);
          }
        }
        extended = true;
        bytes += percent_decode(v);
      } else {
        bytes.append(v);
      }
    }
    if (expect > 0) {  // segment 0 exists: a joined value
      std::string value;
      if (extended) {
        to_utf8_lenient(charset, bytes, value);
      } else {
        value = std::move(bytes);
      }
      out.push_back({std::string(s.base), std::move(value)});
      from_2231.push_back(true);
    }
    for (std::size_t j : leftovers) {
      used[j] = true;
      out.push_back({std::string(raw[j].name), std::move(raw[j].value)});
      from_2231.push_back(false);
    }
  }
  // An RFC 2231 value replaces a plain parameter of the same name.
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (!from_2231[k]) continue;
    for (std::size_t m = 0; m < out.size(); ++m) {
      if (m == k || from_2231[m] || !iequals(out[m].name, out[k].name)) continue;
      out[m].value = std::move(out[k].value);
      out.erase(out.begin() + static_cast<long>(k));
      from_2231.erase(from_2231.begin() + static_cast<long>(k));
      --k;
      break;
    }
  }
  return out;
}

}  // namespace petrel::mime
