#include "store/flags.h"

#include <algorithm>

namespace petrel::store {

Result<void> validate_keyword(std::string_view keyword) {
  auto bad = [&](const char* why) {
    return Error{std::string("invalid keyword: ") + why, ErrorCode::InvalidArgument};
  };
  if (keyword.empty()) return bad("empty");
  if (keyword.size() > kMaxKeywordBytes) return bad("too long");
  if (keyword[0] == '\\') return bad("system flags are not keywords");
  for (char ch : keyword) {
    auto c = static_cast<unsigned char>(ch);
    // atom-specials: ( ) { SP CTL % * " \ ]
    if (c <= 0x20 || c >= 0x7F) return bad("not an atom");
    if (std::string_view("(){%*\"\\]").find(ch) != std::string_view::npos) {
      return bad("not an atom");
    }
  }
  return Ok{};
}

std::string fold_keyword(std::string_view keyword) {
  std::string out(keyword);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void normalize_keywords(std::vector<std::string>& keywords) {
  std::sort(keywords.begin(), keywords.end());
  keywords.erase(std::unique(keywords.begin(), keywords.end()), keywords.end());
}

bool apply_flag_change(const FlagChange& change, const std::vector<std::string>& keywords,
                       MessageState& state) {
  SystemFlags flags = state.flags;
  std::vector<std::string> result;
  switch (change.op) {
    case FlagChange::Op::Replace:
      flags = change.flags;
      result = keywords;
      break;
    case FlagChange::Op::Add:
      flags |= change.flags;
      result = state.keywords;
      result.insert(result.end(), keywords.begin(), keywords.end());
      break;
    case FlagChange::Op::Remove:
      flags &= static_cast<SystemFlags>(~change.flags);
      for (const auto& k : state.keywords) {
        if (std::find(keywords.begin(), keywords.end(), k) == keywords.end()) result.push_back(k);
      }
      break;
  }
  flags &= kAllSystemFlags;
  normalize_keywords(result);
  if (flags == state.flags && result == state.keywords) return false;
  state.flags = flags;
  state.keywords = std::move(result);
  return true;
}

std::string join_keywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (const auto& k : keywords) {
    if (!out.empty()) out += ' ';
    out += k;
  }
  return out;
}

std::vector<std::string> split_keywords(std::string_view joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(' ', start);
    if (end == std::string_view::npos) end = joined.size();
    if (end > start) out.emplace_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace petrel::store
