#pragma once
// The exact SEARCH predicate for one message.
#include <string>
#include <unordered_map>

#include "imap/proto/search_key.h"
#include "search/search.h"

namespace petrel::search {

// The full-text field a text key (FROM, BODY, TEXT, HEADER ...) reads; the
// index lookup and the exact check must agree on it.
store::TextField text_field(imap::SearchKeyKind kind);

// Text keys whose matches the full-text index gave exactly
// (store::TextCandidates::exact), by key.
using ExactTextSets = std::unordered_map<const imap::SearchKey*, store::UidSet>;

// What the predicate sees of one message.
struct Subject {
  uint32_t seq = 0;
  const store::MessageMeta* meta = nullptr;
  const store::SearchText* text = nullptr;  // only when a key needs it
};

class Matcher {
 public:
  // Folds every search string of `key` once. Text keys in `exact` are
  // decided by membership (Subject::text may then be null).
  Matcher(const imap::SearchKey& key, const View& view, int64_t now,
          const ExactTextSets* exact = nullptr);
  bool matches(const Subject& s) const { return match(root_, s); }

 private:
  bool match(const imap::SearchKey& k, const Subject& s) const;
  bool match_text(const imap::SearchKey& k, const Subject& s) const;
  void fold_strings(const imap::SearchKey& k);

  const imap::SearchKey& root_;
  const View& view_;
  int64_t now_;
  store::Uid largest_uid_;
  const ExactTextSets* exact_;
  // Folded string and (HEADER) folded field name per key.
  std::unordered_map<const imap::SearchKey*, std::string> folded_;
  std::unordered_map<const imap::SearchKey*, std::string> folded_field_;
};

// The column groups evaluating `key` reads; `text` is set when it needs the
// searchable text (not for the text keys in `exact`).
store::FetchFields fields_for(const imap::SearchKey& key, bool& text,
                              const ExactTextSets& exact = {});

}  // namespace petrel::search
