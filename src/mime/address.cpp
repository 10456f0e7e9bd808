#include "mime/address.h"

#include "mime/ascii.h"
#include "mime/imap_string.h"

namespace petrel::mime {

namespace {

constexpr std::string_view kMissingDomain = "MISSING_DOMAIN";
constexpr std::string_view kMissingMailbox = "MISSING_MAILBOX";

// atext plus '.' (obs-phrase and dot-atom) and any 8-bit byte.
bool is_atom_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u == 127) return false;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '[':
    case ']':
    case ':':
    case ';':
    case '@':
    case '\\':
    case ',':
    case '"':
      return false;
    default:
      return true;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::vector<Address> list() {
    std::vector<Address> out;
    while (true) {
      skip_cfws();
      if (done()) break;
      if (peek() == ',' || peek() == ';') {
        ++i_;
        continue;
      }
      mailbox_or_group(out, false);
    }
    return out;
  }

 private:
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }

  // Skips whitespace and comments; remembers the text of the last comment.
  void skip_cfws() {
    while (!done()) {
      const char c = peek();
      if (is_space(c)) {
        ++i_;
      } else if (c == '(') {
        std::string text;
        int depth = 0;
        while (!done()) {
          const char d = s_[i_++];
          if (d == '\\' && !done()) {
            text.push_back(s_[i_++]);
            continue;
          }
          if (d == '(') {
            if (depth++ == 0) continue;
          } else if (d == ')') {
            if (--depth == 0) break;
          }
          if (d != '\r' && d != '\n') text.push_back(d);
        }
        comment_ = std::string(trim(text));
      } else {
        break;
      }
    }
  }

  std::string quoted() {
    std::string out;
    ++i_;
    while (!done()) {
      const char c = s_[i_++];
      if (c == '"') break;
      if (c == '\\' && !done()) {
        out.push_back(s_[i_++]);
      } else if (c != '\r' && c != '\n') {
        out.push_back(c);
      }
    }
    return out;
  }

  std::string_view atom() {
    const std::size_t b = i_;
    while (!done() && is_atom_char(peek())) ++i_;
    return s_.substr(b, i_ - b);
  }

  // Words of a phrase or local part, up to the next special character.
  void words(std::vector<std::string>& phrase, std::string& joined) {
    while (true) {
      skip_cfws();
      if (done()) return;
      const char c = peek();
      if (c == '"') {
        phrase.push_back(quoted());
      } else if (is_atom_char(c)) {
        phrase.emplace_back(atom());
      } else {
        return;
      }
      joined += phrase.back();
    }
  }

  // domain = dot-atom / domain-literal / obs-domain; comments are dropped.
  std::string domain() {
    std::string out;
    while (true) {
      skip_cfws();
      if (done()) break;
      const char c = peek();
      if (c == '[') {
        const std::size_t b = i_;
        while (!done() && peek() != ']') ++i_;
        if (!done()) ++i_;
        for (char d : s_.substr(b, i_ - b)) {
          if (!is_space(d)) out.push_back(d);
        }
      } else if (is_atom_char(c)) {
        out.append(atom());
      } else {
        break;
      }
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
      if (!out.empty() && !w.empty()) out.push_back(' ');
      out += w;
    }
    return out;
  }

  static Address mailbox(std::optional<std::string> name, std::optional<std::string> adl,
                         std::string local, std::string host) {
    Address a;
    if (name && !name->empty()) a.name = std::move(name);
    a.adl = std::move(adl);
    a.mailbox = local.empty() ? std::string(kMissingMailbox) : std::move(local);
    a.host = host.empty() ? std::string(kMissingDomain) : std::move(host);
    return a;
  }

  // Skips what is left of a malformed element, up to the next separator
  // (',' or ';': the end of a group, or a stray one between addresses).
  void skip_to_separator() {
    while (!done()) {
      const char c = peek();
      if (c == ',' || c == ';') return;
      if (c == '"') {
        quoted();
      } else if (c == '(') {
        skip_cfws();
      } else {
        ++i_;
      }
    }
  }

  void angle_addr(std::vector<Address>& out, std::vector<std::string>& phrase, bool in_group) {
    ++i_;  // '<'
    std::optional<std::string> adl;
    skip_cfws();
    if (!done() && peek() == '@') {
      // obs-route: "@a,@b:" before the addr-spec.
      std::string route;
      while (!done() && peek() != ':' && peek() != '>') {
        if (peek() == '(') {
          skip_cfws();
          continue;
        }
        if (!is_space(peek())) route.push_back(peek());
        ++i_;
      }
      if (!done() && peek() == ':') {
        ++i_;
        adl = std::move(route);
      }
    }
    std::vector<std::string> local_words;
    std::string local;
    words(local_words, local);
    std::string host;
    if (!done() && peek() == '@') {
      ++i_;
      host = domain();
    }
    skip_cfws();
    while (!done() && peek() != '>' && peek() != ',' && !(in_group && peek() == ';')) ++i_;
    if (!done() && peek() == '>') ++i_;
    out.push_back(mailbox(join(phrase), std::move(adl), std::move(local), std::move(host)));
    skip_cfws();
    skip_to_separator();
  }

  void mailbox_or_group(std::vector<Address>& out, bool in_group) {
    std::vector<std::string> phrase;
    std::string local;
    words(phrase, local);
    if (done()) {
      if (!phrase.empty()) out.push_back(mailbox(std::nullopt, std::nullopt, join(phrase), ""));
      return;
    }
    const char c = peek();
    if (c == '<') {
      angle_addr(out, phrase, in_group);
    } else if (c == ':' && !in_group) {
      ++i_;
      Address start;
      start.mailbox = join(phrase);
      out.push_back(std::move(start));
      while (true) {
        skip_cfws();
        if (done()) break;
        if (peek() == ';') {
          ++i_;
          break;
        }
        if (peek() == ',') {
          ++i_;
          continue;
        }
        mailbox_or_group(out, true);
      }
      out.push_back(Address{});  // end of group
    } else if (c == '@') {
      ++i_;
      comment_.clear();
      std::string host = domain();
      skip_cfws();  // a trailing comment names a bare addr-spec
      std::optional<std::string> name;
      if (!comment_.empty()) name = comment_;
      out.push_back(mailbox(std::move(name), std::nullopt, std::move(local), std::move(host)));
      skip_to_separator();
    } else {
      // ',' ';' or a stray special: a word without '@' or nothing at all.
      if (!phrase.empty()) out.push_back(mailbox(std::nullopt, std::nullopt, join(phrase), ""));
      if (c != ',' && c != ';') ++i_;
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string comment_;
};

}  // namespace

std::vector<Address> parse_address_list(std::string_view value) { return Parser(value).list(); }

void append_address_list(std::string& out, const std::vector<Address>& list) {
  if (list.empty()) {
    append_nil(out);
    return;
  }
  auto field = [&](const std::optional<std::string>& v) {
    if (v) {
      append_imap_string(out, *v);
    } else {
      append_nil(out);
    }
  };
  out.push_back('(');
  for (const Address& a : list) {
    out.push_back('(');
    field(a.name);
    out.push_back(' ');
    field(a.adl);
    out.push_back(' ');
    field(a.mailbox);
    out.push_back(' ');
    field(a.host);
    out.push_back(')');
  }
  out.push_back(')');
}

const Address* first_mailbox(const std::vector<Address>& list) {
  for (const Address& a : list) {
    if (a.host) return &a;
  }
  return nullptr;
}

}  // namespace petrel::mime
