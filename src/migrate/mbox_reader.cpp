#include "migrate/mbox_reader.h"

#include <time.h>

#include <cctype>
#include <cstring>

namespace petrel::migrate {
namespace {

bool starts_with_from(std::string_view line) { return line.substr(0, 5) == "From "; }

// /^>+From / -> one ">" less.
bool is_quoted_from(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i, 5) == "From ";
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<MboxReader> MboxReader::open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path + ": " + std::strerror(errno), ErrorCode::NotFound};
  MboxReader reader(std::move(in));
  if (!reader.read_line() || !starts_with_from(reader.line_)) {
    if (!reader.have_line_) return reader;  // an empty file is an empty mbox
    return Error{path + " is not an mbox file (no \"From \" line at the start)",
                 ErrorCode::InvalidArgument};
  }
  return reader;
}

bool MboxReader::read_line() {
  have_line_ = static_cast<bool>(std::getline(in_, line_));
  return have_line_;
}

std::optional<MboxMessage> MboxReader::next() {
  while (have_line_) {
    // line_ is a From_ line.
    MboxMessage message;
    message.internal_date = parse_from_line_date(line_);
    std::string& bytes = message.bytes;
    // A blank line is held back: before a From_ line it is the separator.
    bool pending_blank = false;
    bool pending_cr = false;  // the held-back blank line was "\r" (a CRLF file)
    while (read_line()) {
      if (starts_with_from(line_)) break;
      if (pending_blank) bytes += pending_cr ? "\r\n" : "\n";
      pending_blank = false;
      if (line_.empty() || line_ == "\r") {
        pending_blank = true;
        pending_cr = !line_.empty();
        continue;
      }
      std::string_view view = line_;
      if (is_quoted_from(view)) view.remove_prefix(1);
      bytes.append(view);
      bytes += '\n';
    }
    if (take_mbox_status(message)) return message;
  }
  return std::nullopt;
}

int64_t parse_from_line_date(std::string_view from_line) {
  if (!starts_with_from(from_line)) return 0;
  std::string_view rest = trim(from_line.substr(5));
  size_t sp = rest.find(' ');
  if (sp == std::string_view::npos) return 0;
  std::string date(trim(rest.substr(sp + 1)));
  tm parts{};
  const char* end = strptime(date.c_str(), "%a %b %d %H:%M:%S %Y", &parts);
  if (!end) return 0;
  return static_cast<int64_t>(timegm(&parts));
}

bool take_mbox_status(MboxMessage& message) {
  std::string& bytes = message.bytes;
  std::string kept;
  kept.reserve(bytes.size());
  size_t pos = 0;
  bool dropping = false;
  bool pseudo = false;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string::npos ? bytes.size() : nl + 1;
    std::string_view line(bytes.data() + pos, end - pos);
    std::string_view content = trim(line.substr(0, line.find('\n')));
    if (content.empty()) {  // end of the header: keep the rest as it is
      kept.append(bytes, pos, std::string::npos);
      pos = bytes.size();
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (!dropping) kept.append(line);
      pos = end;
      continue;
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? "" : trim(line.substr(0, colon));
    std::string_view value = colon == std::string_view::npos ? "" : trim(content.substr(colon + 1));
    dropping = true;
    if (iequals(name, "Status")) {
      if (value.find('R') != std::string_view::npos) message.flags |= store::kSeen;
    } else if (iequals(name, "X-Status")) {
      for (char c : value) {
        if (c == 'A') message.flags |= store::kAnswered;
        if (c == 'F') message.flags |= store::kFlagged;
        if (c == 'T') message.flags |= store::kDraft;
        if (c == 'D') message.flags |= store::kDeleted;
      }
    } else if (iequals(name, "X-Keywords")) {
      std::string word;
      for (char c : std::string(value) + " ") {
        if (c == ' ' || c == ',' || c == '\t') {
          if (!word.empty()) message.keywords.push_back(word);
          word.clear();
        } else {
          word += c;
        }
      }
    } else if (iequals(name, "X-IMAP") || iequals(name, "X-IMAPbase")) {
      pseudo = iequals(name, "X-IMAP");
    } else if (!iequals(name, "X-UID")) {
      dropping = false;
      kept.append(line);
    }
    pos = end;
  }
  bytes = std::move(kept);
  return !pseudo;
}

}  // namespace petrel::migrate
