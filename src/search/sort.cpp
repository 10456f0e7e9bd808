#include "search/sort.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace petrel::search {
namespace {

using imap::SortKey;

// A text key with its first 8 bytes as a big-endian number (zero-padded):
// comparing those orders as comparing the bytes would, so most comparisons
// never touch the text buffer.
struct TextKey {
  uint64_t prefix = 0;
  std::string_view text;
};

TextKey text_key(std::string_view text) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0);
  }
  return TextKey{prefix, text};
}

// One criterion's key of every match, laid out by match index before the
// sort, so a comparison reads one array slot instead of walking columns:
// either a number (dates, size) or a text key.
struct CriterionKeys {
  bool reverse = false;
  bool text = false;
  std::vector<int64_t> numbers;
  std::vector<TextKey> texts;
};

const store::TextColumn* text_column(const store::SortRows& rows, SortKey key) {
  switch (key) {
    case SortKey::Cc:
      return &rows.cc;
    case SortKey::From:
      return &rows.from;
    case SortKey::To:
      return &rows.to;
    case SortKey::Subject:
      return &rows.subjects;
    case SortKey::DisplayFrom:
      return &rows.display_from;
    case SortKey::DisplayTo:
      return &rows.display_to;
    case SortKey::Arrival:
    case SortKey::Date:
    case SortKey::Size:
      break;
  }
  return nullptr;
}

int64_t number_of(const store::SortRows& rows, SortKey key, size_t row) {
  switch (key) {
    case SortKey::Arrival:
      return rows.internal_dates[row];
    case SortKey::Date:
      return sent_date(rows, row);
    default:  // Size
      return static_cast<int64_t>(rows.sizes[row]);
  }
}

CriterionKeys keys_of(const SortTable& table, const imap::SortCriterion& c) {
  CriterionKeys keys;
  keys.reverse = c.reverse;
  const size_t n = table.matches.size();
  if (const store::TextColumn* column = text_column(table.rows, c.key)) {
    keys.text = true;
    keys.texts.reserve(n);
    for (uint32_t row : table.row) keys.texts.push_back(text_key((*column)[row]));
  } else {
    keys.numbers.reserve(n);
    for (uint32_t row : table.row) keys.numbers.push_back(number_of(table.rows, c.key, row));
  }
  return keys;
}

int compare(const CriterionKeys& k, uint32_t a, uint32_t b) {
  if (k.text) {
    const TextKey& x = k.texts[a];
    const TextKey& y = k.texts[b];
    if (x.prefix != y.prefix) return x.prefix < y.prefix ? -1 : 1;
    int r = x.text.compare(y.text);
    return r < 0 ? -1 : (r > 0 ? 1 : 0);
  }
  return k.numbers[a] < k.numbers[b] ? -1 : (k.numbers[b] < k.numbers[a] ? 1 : 0);
}

}  // namespace

store::SortColumns sort_columns(const std::vector<imap::SortCriterion>& criteria) {
  store::SortColumns columns = 0;
  for (const auto& c : criteria) {
    switch (c.key) {
      case SortKey::Arrival:
        columns |= store::kSortInternalDate;
        break;
      case SortKey::Date:
        columns |= store::kSortDate | store::kSortInternalDate;
        break;
      case SortKey::Size:
        columns |= store::kSortSize;
        break;
      case SortKey::Cc:
        columns |= store::kSortCc;
        break;
      case SortKey::From:
        columns |= store::kSortFrom;
        break;
      case SortKey::To:
        columns |= store::kSortTo;
        break;
      case SortKey::Subject:
        columns |= store::kSortSubject;
        break;
      case SortKey::DisplayFrom:
        columns |= store::kSortDisplayFrom;
        break;
      case SortKey::DisplayTo:
        columns |= store::kSortDisplayTo;
        break;
    }
  }
  return columns;
}

int64_t sent_date(const store::SortRows& rows, size_t row) {
  int64_t date = rows.dates[row];
  return date != 0 ? date : rows.internal_dates[row];
}

std::vector<Match> sort_matches(const SortTable& table,
                                const std::vector<imap::SortCriterion>& criteria) {
  std::vector<CriterionKeys> keys;
  keys.reserve(criteria.size());
  for (const auto& c : criteria) keys.push_back(keys_of(table, c));
  std::vector<uint32_t> order(table.matches.size());
  std::iota(order.begin(), order.end(), 0);
  // Matches are in message-number order, so breaking ties by index is the
  // stable order RFC 5256 asks for, without stable_sort's buffer.
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (const CriterionKeys& k : keys) {
      int r = compare(k, a, b);
      if (r != 0) return k.reverse ? r > 0 : r < 0;
    }
    return a < b;
  });
  std::vector<Match> sorted;
  sorted.reserve(order.size());
  for (uint32_t i : order) sorted.push_back(table.matches[i]);
  return sorted;
}

}  // namespace petrel::search
