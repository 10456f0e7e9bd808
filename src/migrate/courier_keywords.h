#pragma once
// Keywords as Courier-IMAP keeps them in a Maildir folder (described in
// Courier's README.imapkeywords), read-only:
// - courierimapkeywords/:list: the keyword names one per line, an empty
//   line, then "<base>:<i> <j> ..." lines, i and j 0-based positions in that
//   name list, <base> a message file name without its ":2," part;
// - update files written since, which win over :list: "<base>" (the newest)
//   or ".<N>.<base>" (the highest N wins), each holding the message's
//   keywords one per line (an empty file: no keywords).
// Scratch files (".tmp.*") and names that fit neither form are ignored.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::migrate {

// <base> -> keywords, in the order written.
using CourierKeywords = std::map<std::string, std::vector<std::string>, std::less<>>;

// The :list file. Lines without ":" and positions past the name list are
// skipped.
CourierKeywords parse_courier_list(std::string_view text);

// An update file's keywords (one per line, up to the first empty line).
std::vector<std::string> parse_courier_update(std::string_view text);

// The keywords of `folder` (a Maildir folder: INBOX or ".Name"); empty when
// it has no courierimapkeywords directory.
CourierKeywords read_courier_keywords(const std::filesystem::path& folder);

}  // namespace petrel::migrate
