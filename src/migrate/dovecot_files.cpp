#include "migrate/dovecot_files.h"

#include <charconv>

namespace petrel::migrate {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    text = text.substr(nl + 1);
  }
  return out;
}

std::optional<uint32_t> number(std::string_view s) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

Error bad_line(size_t index, const char* what) {
  return Error{"dovecot-uidlist line " + std::to_string(index + 1) + ": " + what,
               ErrorCode::InvalidArgument};
}

}  // namespace

Result<UidList> parse_uidlist(std::string_view text) {
  auto lines = lines_of(text);
  if (lines.empty()) return bad_line(0, "empty file");
  UidList list;
  int version = 0;
  {
    std::string_view header = lines[0];
    std::vector<std::string_view> fields;
    while (!header.empty()) {
      size_t sp = header.find(' ');
      if (sp != 0) fields.push_back(header.substr(0, sp));
      if (sp == std::string_view::npos) break;
      header = header.substr(sp + 1);
    }
    if (fields.empty()) return bad_line(0, "empty header");
    if (fields[0] == "3") {
      version = 3;
      for (size_t i = 1; i < fields.size(); ++i) {
        if (fields[i][0] == 'V') list.uidvalidity = number(fields[i].substr(1)).value_or(0);
        if (fields[i][0] == 'N') list.next_uid = number(fields[i].substr(1)).value_or(0);
      }
    } else if ((fields[0] == "1" || fields[0] == "2") && fields.size() >= 3) {
      version = 1;
      list.uidvalidity = number(fields[1]).value_or(0);
      list.next_uid = number(fields[2]).value_or(0);
    } else {
      return bad_line(0, "unknown uidlist version");
    }
    if (list.uidvalidity == 0) return bad_line(0, "no UIDVALIDITY");
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return bad_line(i, "no file name");
    auto uid = number(line.substr(0, sp));
    if (!uid || *uid == 0) return bad_line(i, "bad UID");
    std::string_view name;
    if (version == 3) {
      size_t colon = line.find(" :", sp);
      if (line.substr(sp + 1, 1) == ":") colon = sp;
      if (colon == std::string_view::npos) return bad_line(i, "no ':<file name>'");
      name = line.substr(colon + 2);
    } else {
      name = line.substr(sp + 1);
    }
    name = name.substr(0, name.find(':'));  // v1 lists may carry the info part
    if (name.empty()) return bad_line(i, "empty file name");
    if (!list.uids.emplace(std::string(name), *uid).second) {
      return bad_line(i, "file listed twice");
    }
    if (*uid >= list.next_uid) list.next_uid = *uid + 1;
  }
  return list;
}

std::string format_uidlist(const UidList& list) {
  std::map<store::Uid, std::string_view> by_uid;
  for (const auto& [name, uid] : list.uids) by_uid.emplace(uid, name);
  std::string out =
      "3 V" + std::to_string(list.uidvalidity) + " N" + std::to_string(list.next_uid) + "\n";
  for (const auto& [uid, name] : by_uid) {
    out += std::to_string(uid);
    out += " :";
    out += name;
    out += '\n';
  }
  return out;
}

std::map<int, std::string> parse_keywords(std::string_view text) {
  std::map<int, std::string> out;
  for (std::string_view line : lines_of(text)) {
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) continue;
    auto index = number(line.substr(0, sp));
    std::string_view keyword = line.substr(sp + 1);
    if (!index || *index > 25 || keyword.empty()) continue;
    out[static_cast<int>(*index)] = std::string(keyword);
  }
  return out;
}

std::string format_keywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (size_t i = 0; i < keywords.size() && i < 26; ++i) {
    out += std::to_string(i) + " " + keywords[i] + "\n";
  }
  return out;
}

}  // namespace petrel::migrate
