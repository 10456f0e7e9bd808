#include "search/matcher.h"

#include <strings.h>

#include <algorithm>

#include "store/search_text.h"

namespace petrel::search {
namespace {

using K = imap::SearchKeyKind;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

constexpr int64_t kDay = 86400;

// The day of an instant as seen in its own zone: date keys disregard time and
// timezone (RFC 9051 6.4.4), so a message received at 23:30 -0500 on the 1st
// is ON the 1st.
int64_t local_day(int64_t unix_time, int32_t zone_minutes) {
  return floor_div(unix_time + int64_t{zone_minutes} * 60, kDay);
}

bool compare_day(K kind, int64_t day, const imap::Date& date) {
  int64_t wanted = date.days_since_epoch();
  switch (kind) {
    case K::Before:
    case K::SentBefore:
    case K::SavedBefore:
      return day < wanted;
    case K::On:
    case K::SentOn:
    case K::SavedOn:
      return day == wanted;
    default:  // *SINCE
      return day >= wanted;
  }
}

// The zone offset (minutes) of the Date: field in a SearchText header
// ("DATE: MON, 2 JAN 2023 03:06:01 -0500"); 0 when absent or not numeric.
int32_t date_zone(const store::SearchText* text) {
  if (text == nullptr) return 0;
  int32_t zone = 0;
  store::for_each_header_value(text->header, "DATE", [&](std::string_view value) {
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    size_t space = value.rfind(' ');
    std::string_view z = space == std::string_view::npos ? value : value.substr(space + 1);
    if (z.size() != 5 || (z[0] != '+' && z[0] != '-')) return;
    for (size_t i = 1; i < 5; ++i) {
      if (z[i] < '0' || z[i] > '9') return;
    }
    int32_t minutes = ((z[1] - '0') * 10 + (z[2] - '0')) * 60 + (z[3] - '0') * 10 + (z[4] - '0');
    zone = z[0] == '-' ? -minutes : minutes;
  });
  return zone;
}

bool has_keyword(const store::MessageState& state, const std::string& keyword) {
  return std::any_of(state.keywords.begin(), state.keywords.end(), [&](const std::string& k) {
    return strcasecmp(k.c_str(), keyword.c_str()) == 0;
  });
}

bool is_text_key(K kind) {
  switch (kind) {
    case K::Bcc:
    case K::Body:
    case K::Cc:
    case K::From:
    case K::Subject:
    case K::Text:
    case K::To:
    case K::Header:
      return true;
    default:
      return false;
  }
}

}  // namespace

// The full-text field a text key reads (HEADER reads the whole header).
store::TextField text_field(K kind) {
  switch (kind) {
    case K::Bcc:
      return store::TextField::Bcc;
    case K::Body:
      return store::TextField::Body;
    case K::Cc:
      return store::TextField::Cc;
    case K::From:
      return store::TextField::From;
    case K::Subject:
      return store::TextField::Subject;
    case K::To:
      return store::TextField::To;
    case K::Header:
      return store::TextField::Header;
    default:
      return store::TextField::Text;
  }
}

Matcher::Matcher(const imap::SearchKey& key, const View& view, int64_t now,
                 const ExactTextSets* exact)
    : root_(key),
      view_(view),
      now_(now),
      largest_uid_(view.uids.empty() ? 0 : view.uids.back()),
      exact_(exact) {
  fold_strings(key);
}

void Matcher::fold_strings(const imap::SearchKey& k) {
  if (is_text_key(k.kind)) folded_[&k] = store::fold_search_string(k.value);
  if (k.kind == K::Header) folded_field_[&k] = store::fold_search_string(k.field);
  for (const auto& child : k.children) fold_strings(child);
}

bool Matcher::match_text(const imap::SearchKey& k, const Subject& s) const {
  if (exact_) {
    auto it = exact_->find(&k);
    if (it != exact_->end()) return it->second.contains(s.meta->state.uid);
  }
  if (s.text == nullptr) return false;
  const std::string& needle = folded_.at(&k);
  if (k.kind != K::Header) return store::text_contains(*s.text, text_field(k.kind), needle);
  // HEADER name string: a field of that name whose value contains the
  // string; the empty string asks only for the field (RFC 9051 6.4.4).
  bool found = false;
  store::for_each_header_value(s.text->header, folded_field_.at(&k), [&](std::string_view value) {
    if (!found && value.find(needle) != std::string_view::npos) found = true;
  });
  return found;
}

bool Matcher::match(const imap::SearchKey& k, const Subject& s) const {
  const store::MessageMeta& m = *s.meta;
  const store::SystemFlags flags = m.state.flags;
  switch (k.kind) {
    case K::And:
      return std::all_of(k.children.begin(), k.children.end(),
                         [&](const imap::SearchKey& c) { return match(c, s); });
    case K::Or:
      return match(k.children[0], s) || match(k.children[1], s);
    case K::Not:
      return !match(k.children[0], s);
    case K::Fuzzy:  // RFC 6203 allows exact matching
      return match(k.children[0], s);
    case K::All:
    case K::SavedDateSupported:  // every mailbox keeps SAVEDATE (RFC 8514)
      return true;
    case K::Recent:
      return view_.recent && view_.recent->contains(m.state.uid);
    case K::Old:
      return !(view_.recent && view_.recent->contains(m.state.uid));
    case K::New:  // RFC 3501 6.4.4: RECENT UNSEEN
      return view_.recent && view_.recent->contains(m.state.uid) && !(flags & store::kSeen);
    case K::Answered:
      return flags & store::kAnswered;
    case K::Deleted:
      return flags & store::kDeleted;
    case K::Draft:
      return flags & store::kDraft;
    case K::Flagged:
      return flags & store::kFlagged;
    case K::Seen:
      return flags & store::kSeen;
    case K::Unanswered:
      return !(flags & store::kAnswered);
    case K::Undeleted:
      return !(flags & store::kDeleted);
    case K::Undraft:
      return !(flags & store::kDraft);
    case K::Unflagged:
      return !(flags & store::kFlagged);
    case K::Unseen:
      return !(flags & store::kSeen);
    case K::Keyword:
      return has_keyword(m.state, k.value);
    case K::Unkeyword:
      return !has_keyword(m.state, k.value);
    case K::Bcc:
    case K::Body:
    case K::Cc:
    case K::From:
    case K::Subject:
    case K::Text:
    case K::To:
    case K::Header:
      return match_text(k, s);
    case K::Before:
    case K::On:
    case K::Since:
      return compare_day(k.kind, local_day(m.internal_date, m.internal_date_tz), k.date);
    case K::SentBefore:
    case K::SentOn:
    case K::SentSince: {
      // The day as written in Date: (time and zone disregarded, as Dovecot
      // does); without a usable Date: the INTERNALDATE stands in, as for
      // SORT (RFC 5256 2.2).
      int64_t day = m.parsed.headers.date != 0 ? local_day(m.parsed.headers.date, date_zone(s.text))
                                               : local_day(m.internal_date, m.internal_date_tz);
      return compare_day(k.kind, day, k.date);
    }
    case K::SavedBefore:
    case K::SavedOn:
    case K::SavedSince:
      return compare_day(k.kind, floor_div(m.save_date, kDay), k.date);
    case K::Larger:
      return m.size > k.number;
    case K::Smaller:
      return m.size < k.number;
    case K::Older:  // RFC 5032: INTERNALDATE at least `number` seconds ago
      return now_ - m.internal_date >= static_cast<int64_t>(k.number);
    case K::Younger:
      return now_ - m.internal_date <= static_cast<int64_t>(k.number);
    case K::ModSeq:  // RFC 7162 3.1.5; per-flag entries share the message MODSEQ
      return m.state.modseq >= k.number;
    case K::Uid:
      if (k.set.last_result) return view_.saved && view_.saved->contains(m.state.uid);
      return k.set.contains(m.state.uid, largest_uid_);
    case K::SequenceSet:
      if (k.set.last_result) return view_.saved && view_.saved->contains(m.state.uid);
      return k.set.contains(s.seq, static_cast<uint32_t>(view_.uids.size()));
    case K::EmailId:
      return m.email_id == k.value;
    case K::ThreadId:
      return m.thread_id == k.value;
  }
  return false;
}

store::FetchFields fields_for(const imap::SearchKey& key, bool& text, const ExactTextSets& exact) {
  store::FetchFields f = 0;
  switch (key.kind) {
    case K::Before:
    case K::On:
    case K::Since:
    case K::Older:
    case K::Younger:
      f |= store::kFetchInternalDate;
      break;
    case K::SentBefore:
    case K::SentOn:
    case K::SentSince:
      // The searchable header text holds the zone of Date:.
      f |= store::kFetchHeaders | store::kFetchInternalDate;
      text = true;
      break;
    case K::SavedBefore:
    case K::SavedOn:
    case K::SavedSince:
      f |= store::kFetchSaveDate;
      break;
    case K::Larger:
    case K::Smaller:
      f |= store::kFetchSize;
      break;
    case K::EmailId:
      f |= store::kFetchEmailId;
      break;
    case K::ThreadId:
      f |= store::kFetchThreadId;
      break;
    default:
      if (is_text_key(key.kind) && !exact.contains(&key)) text = true;
      break;
  }
  for (const auto& child : key.children) f |= fields_for(child, text, exact);
  return f;
}

}  // namespace petrel::search
