#include "search/sort.h"

#include <algorithm>
#include <numeric>

namespace petrel::search {
namespace {

using imap::SortKey;

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int compare(const imap::SortCriterion& c, const Match& a, const Match& b) {
  const store::SortKeys& ka = sort_keys(a);
  const store::SortKeys& kb = sort_keys(b);
  switch (c.key) {
    case SortKey::Arrival:
      return three_way(a.internal_date, b.internal_date);
    case SortKey::Date:
      return three_way(sent_date(a), sent_date(b));
    case SortKey::Size:
      return three_way(a.size, b.size);
    case SortKey::Cc:
      return ka.cc.compare(kb.cc);
    case SortKey::From:
      return ka.from.compare(kb.from);
    case SortKey::To:
      return ka.to.compare(kb.to);
    case SortKey::Subject:
      return ka.subject.compare(kb.subject);
    case SortKey::DisplayFrom:
      return ka.display_from.compare(kb.display_from);
    case SortKey::DisplayTo:
      return ka.display_to.compare(kb.display_to);
  }
  return 0;
}

}  // namespace

const store::SortKeys& sort_keys(const Match& match) {
  static const store::SortKeys kNone;
  return match.sort ? *match.sort : kNone;
}

int64_t sent_date(const Match& match) {
  int64_t date = sort_keys(match).date;
  return date != 0 ? date : match.internal_date;
}

void sort_matches(std::vector<Match>& matches, const std::vector<imap::SortCriterion>& criteria) {
  std::vector<size_t> order(matches.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    for (const auto& c : criteria) {
      int r = compare(c, matches[x], matches[y]);
      if (r != 0) return c.reverse ? r > 0 : r < 0;
    }
    return false;  // equal: message-number order (the input order)
  });
  std::vector<Match> sorted;
  sorted.reserve(matches.size());
  for (size_t i : order) sorted.push_back(std::move(matches[i]));
  matches = std::move(sorted);
}

}  // namespace petrel::search
