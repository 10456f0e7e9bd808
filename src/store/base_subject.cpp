#include "store/base_subject.h"

#include "store/search_text.h"

namespace petrel::store {
namespace {

bool iprefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// subj-blob = "[" *BLOBCHAR "]" *WSP; returns its length or 0.
size_t blob_length(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] != '[' && s[i] != ']') ++i;
  if (i >= s.size() || s[i] != ']') return 0;
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"; returns its
// length (with following WSP, subj-leader) or 0.
size_t refwd_length(std::string_view s) {
  size_t i = 0;
  if (iprefix(s, "re")) {
    i = 2;
  } else if (iprefix(s, "fwd")) {
    i = 3;
  } else if (iprefix(s, "fw")) {
    i = 2;
  } else {
    return 0;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  i += blob_length(s.substr(i));
  if (i >= s.size() || s[i] != ':') return 0;
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

struct Extracted {
  std::string text;
  bool marker = false;
};

Extracted extract(std::string_view decoded) {
  // (1) Whitespace runs (tabs, folding) become one space.
  std::string s;
  for (char c : decoded) {
    bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += c;
    }
  }
  bool marker = false;
  std::string_view v = s;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (true) {
    // (2) Trailing subj-trailer: "(fwd)" and whitespace.
    while (true) {
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (v.size() >= 5 && iprefix(v.substr(v.size() - 5), "(fwd)")) {
        v.remove_suffix(5);
        marker = true;
        continue;
      }
      break;
    }
    // (3)-(4) Leading subj-leader and subj-blob, until neither is left.
    while (true) {
      size_t n = refwd_length(v);
      if (n > 0) {
        v.remove_prefix(n);
        marker = true;
        continue;
      }
      size_t b = blob_length(v);
      if (b > 0 && b < v.size()) {  // a blob that is not the whole subject
        v.remove_prefix(b);
        continue;
      }
      break;
    }
    // (5) subj-fwd-hdr "[fwd:" ... subj-fwd-trl "]": unwrap and start over.
    if (v.size() >= 6 && iprefix(v, "[fwd:") && v.back() == ']') {
      v = v.substr(5, v.size() - 6);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      marker = true;
      continue;
    }
    break;
  }
  return {store::fold_search_string(v), marker};
}

}  // namespace

std::string base_subject(std::string_view decoded_subject) { return extract(decoded_subject).text; }

bool is_reply_or_forward(std::string_view decoded_subject) {
  return extract(decoded_subject).marker;
}

}  // namespace petrel::store
