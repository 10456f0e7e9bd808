#include "migrate/maildir_filename.h"

#include <algorithm>

namespace petrel::migrate {

MaildirFilename parse_maildir_filename(std::string_view name) {
  MaildirFilename out;
  size_t colon = name.find(':');
  out.base = std::string(name.substr(0, colon));
  if (colon == std::string_view::npos) return out;
  std::string_view info = name.substr(colon + 1);
  if (info.substr(0, 2) != "2,") return out;
  for (char c : info.substr(2)) {
    switch (c) {
      case 'S':
        out.flags |= store::kSeen;
        break;
      case 'R':
        out.flags |= store::kAnswered;
        break;
      case 'F':
        out.flags |= store::kFlagged;
        break;
      case 'T':
        out.flags |= store::kDeleted;
        break;
      case 'D':
        out.flags |= store::kDraft;
        break;
      default:
        if (c >= 'a' && c <= 'z') out.keyword_indexes.push_back(c - 'a');
    }
  }
  std::sort(out.keyword_indexes.begin(), out.keyword_indexes.end());
  out.keyword_indexes.erase(std::unique(out.keyword_indexes.begin(), out.keyword_indexes.end()),
                            out.keyword_indexes.end());
  return out;
}

std::string maildir_info(store::SystemFlags flags, const std::vector<int>& keyword_indexes) {
  std::string letters;
  if (flags & store::kDraft) letters += 'D';
  if (flags & store::kFlagged) letters += 'F';
  if (flags & store::kAnswered) letters += 'R';
  if (flags & store::kSeen) letters += 'S';
  if (flags & store::kDeleted) letters += 'T';
  for (int i : keyword_indexes) {
    if (i >= 0 && i < 26) letters += static_cast<char>('a' + i);
  }
  std::sort(letters.begin(), letters.end());
  return ":2," + letters;
}

}  // namespace petrel::migrate
