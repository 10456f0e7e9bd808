#include "imap/session/flags_format.h"

#include <strings.h>

namespace petrel::imap {

namespace {

struct SystemFlagName {
  const char* name;
  store::SystemFlags bit;
};
// The order of RFC 9051's examples and of Dovecot's answers.
constexpr SystemFlagName kNames[] = {
    {"\\Answered", store::kAnswered}, {"\\Flagged", store::kFlagged},
    {"\\Deleted", store::kDeleted},   {"\\Seen", store::kSeen},
    {"\\Draft", store::kDraft},
};

}  // namespace

Result<ParsedFlags> parse_flags(const std::vector<std::string>& flags) {
  ParsedFlags out;
  for (const std::string& flag : flags) {
    if (flag.empty()) return Error{"Empty flag", ErrorCode::InvalidArgument};
    if (flag[0] != '\\') {
      out.keywords.push_back(flag);
      continue;
    }
    bool known = false;
    for (const auto& n : kNames) {
      if (strcasecmp(flag.c_str(), n.name) == 0) {
        out.system |= n.bit;
        known = true;
        break;
      }
    }
    if (!known && strcasecmp(flag.c_str(), "\\Recent") == 0) {
      out.recent = true;
      known = true;
    }
    if (!known) return Error{"Unknown system flag " + flag, ErrorCode::InvalidArgument};
  }
  return out;
}

void write_flags(std::string& out, store::SystemFlags system,
                 const std::vector<std::string>& keywords, bool recent) {
  out += '(';
  bool first = true;
  auto add = [&](std::string_view s) {
    if (!first) out += ' ';
    out += s;
    first = false;
  };
  for (const auto& n : kNames)
    if (system & n.bit) add(n.name);
  if (recent) add("\\Recent");
  for (const auto& k : keywords) add(k);
  out += ')';
}

}  // namespace petrel::imap
