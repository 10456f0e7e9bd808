#include "search/sort.h"

#include <algorithm>
#include <numeric>

#include "mime/address.h"
#include "mime/rfc2047.h"
#include "search/base_subject.h"
#include "store/search_text.h"

namespace petrel::search {
namespace {

using imap::SortKey;

// RFC 5256 3: FROM, TO, CC sort by the addr-mailbox (local part) of the
// first address; a missing one sorts as the empty string.
std::string first_mailbox_key(const std::string& raw) {
  auto list = mime::parse_address_list(raw);
  const mime::Address* a = mime::first_mailbox(list);
  if (a == nullptr || !a->mailbox) return "";
  return store::fold_search_string(*a->mailbox);
}

// RFC 5957: the display name of the first mailbox, or its addr-spec.
std::string display_key(const std::string& raw) {
  auto list = mime::parse_address_list(raw);
  const mime::Address* a = mime::first_mailbox(list);
  if (a == nullptr) return "";
  if (a->name && !a->name->empty()) {
    return store::fold_search_string(mime::decode_rfc2047(*a->name));
  }
  std::string spec = a->mailbox.value_or("");
  if (a->host) spec += "@" + *a->host;
  return store::fold_search_string(spec);
}

struct Keys {
  std::string cc, from, to, subject, display_from, display_to;
};

Keys keys_of(const store::MessageMeta& m, const std::vector<imap::SortCriterion>& criteria) {
  Keys k;
  const store::HeaderFields& h = m.parsed.headers;
  for (const auto& c : criteria) {
    switch (c.key) {
      case SortKey::Cc:
        k.cc = first_mailbox_key(h.cc.raw);
        break;
      case SortKey::From:
        k.from = first_mailbox_key(h.from.raw);
        break;
      case SortKey::To:
        k.to = first_mailbox_key(h.to.raw);
        break;
      case SortKey::Subject:
        k.subject = base_subject(h.subject.decoded);
        break;
      case SortKey::DisplayFrom:
        k.display_from = display_key(h.from.raw);
        break;
      case SortKey::DisplayTo:
        k.display_to = display_key(h.to.raw);
        break;
      default:
        break;
    }
  }
  return k;
}

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int compare(const imap::SortCriterion& c, const Match& a, const Keys& ka, const Match& b,
            const Keys& kb) {
  switch (c.key) {
    case SortKey::Arrival:
      return three_way(a.meta.internal_date, b.meta.internal_date);
    case SortKey::Date:
      return three_way(sent_date(a.meta), sent_date(b.meta));
    case SortKey::Size:
      return three_way(a.meta.size, b.meta.size);
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

int64_t sent_date(const store::MessageMeta& meta) {
  return meta.parsed.headers.date != 0 ? meta.parsed.headers.date : meta.internal_date;
}

void sort_matches(std::vector<Match>& matches, const std::vector<imap::SortCriterion>& criteria) {
  std::vector<Keys> keys;
  keys.reserve(matches.size());
  for (const Match& m : matches) keys.push_back(keys_of(m.meta, criteria));
  std::vector<size_t> order(matches.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    for (const auto& c : criteria) {
      int r = compare(c, matches[x], keys[x], matches[y], keys[y]);
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
