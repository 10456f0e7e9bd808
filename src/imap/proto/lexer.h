#pragma once
// Token reader over one framed command (literals embedded as the client sent
// them: "{n}\r\n<n bytes>"). Productions follow RFC 9051 section 9; the
// first failure is kept as the error and every later call fails, so parse
// functions can simply return false up the stack.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "imap/proto/date.h"
#include "imap/proto/seq_set.h"

namespace petrel::imap {

class Lexer {
 public:
  explicit Lexer(std::string_view in, std::size_t max_depth = 64,
                 std::size_t max_sequence_ranges = 10000)
      : in_(in), max_depth_(max_depth), max_ranges_(max_sequence_ranges) {}

  std::size_t pos() const { return pos_; }
  bool at_end() const { return pos_ >= in_.size(); }
  // Next byte, or -1 at the end.
  int peek(std::size_t ahead = 0) const {
    return pos_ + ahead < in_.size() ? static_cast<unsigned char>(in_[pos_ + ahead]) : -1;
  }
  std::string_view rest() const { return in_.substr(pos_ < in_.size() ? pos_ : in_.size()); }
  // Skips `n` bytes the caller has already examined via rest().
  void advance(std::size_t n) { pos_ = n < in_.size() - pos_ ? pos_ + n : in_.size(); }

  // ---- Error state ----
  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  const std::string& error_code() const { return code_; }
  // Records the first error (text must be fixed, never client bytes) and
  // returns false.
  bool fail(std::string_view text, std::string_view code = {});

  // ---- Punctuation ----
  bool try_char(char c);
  bool expect(char c);  // fails with "expected <c>"
  bool sp() { return expect(' '); }

  // ---- Nesting (parentheses, NOT, OR): bounded so recursion is too ----
  bool enter();
  void leave() { --depth_; }

  // ---- Tokens ----
  // 1*ATOM-CHAR; fails when empty.
  bool atom(std::string_view& out);
  // A keyword-like run of letters, digits, ".", "-", "+" (fetch names such as
  // "BODY.PEEK" stop before "["). Fails when empty.
  bool word(std::string_view& out);
  bool quoted(std::string& out);
  // literal (or literal8 when `allow8`); `was8` reports which was read.
  bool literal(std::string& out, bool allow8 = false, bool* was8 = nullptr);
  bool string(std::string& out);  // quoted / literal
  bool astring(std::string& out);
  bool nstring(std::optional<std::string>& out);
  // list-mailbox = 1*list-char / string
  bool list_mailbox(std::string& out);
  // mailbox = "INBOX" / astring; any case of INBOX becomes "INBOX".
  bool mailbox(std::string& out);

  bool number(std::uint32_t& out);     // 0..4294967295
  bool nz_number(std::uint32_t& out);  // 1..4294967295, no leading 0
  bool number64(std::uint64_t& out);   // 0..2^63-1
  bool nz_number64(std::uint64_t& out);

  bool seq_set(SequenceSet& out);
  // flag (RFC 9051): "\" atom or atom; system flags get canonical case.
  bool flag(std::string& out);
  // flag-list = "(" [flag *(SP flag)] ")"
  bool flag_list(std::vector<std::string>& out);
  // date = date-text / DQUOTE date-text DQUOTE
  bool date(Date& out);
  // date-time = DQUOTE ... DQUOTE
  bool date_time(DateTime& out);
  // charset = atom / quoted
  bool charset(std::string& out);

  // True (and consumes it) when the next token is `kw` (case-insensitive)
  // followed by a byte that cannot continue an atom.
  bool try_keyword(std::string_view kw);

 private:
  bool literal_header(std::uint64_t& size, bool& was8, bool allow8);

  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t max_depth_;
  std::size_t max_ranges_;
  bool failed_ = false;
  std::string error_;
  std::string code_;
};

// Canonical case for the system flags of RFC 9051 2.3.2 and the special-use
// attributes of RFC 6154; other "\" names are returned unchanged.
std::string_view canonical_system_flag(std::string_view flag);

}  // namespace petrel::imap
