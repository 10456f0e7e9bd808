#include "imap/proto/writer.h"

#include <gtest/gtest.h>

#include <random>

#include "imap/proto/lexer.h"
#include "imap/proto/mutf7.h"

namespace petrel::imap {
namespace {

std::string w(void (*fn)(std::string&, std::string_view, bool), std::string_view s,
              bool utf8 = true) {
  std::string out;
  fn(out, s, utf8);
  return out;
}

TEST(WriterTest, AtomOrString) {
  EXPECT_EQ(w(write_atom_or_string, "INBOX"), "INBOX");
  EXPECT_EQ(w(write_atom_or_string, ""), "\"\"");
  EXPECT_EQ(w(write_atom_or_string, "NIL"), "\"NIL\"");
  EXPECT_EQ(w(write_atom_or_string, "nil"), "\"nil\"");
  EXPECT_EQ(w(write_atom_or_string, "two words"), "\"two words\"");
  EXPECT_EQ(w(write_atom_or_string, "a]b"), "\"a]b\"");
  EXPECT_EQ(w(write_atom_or_string, "a%"), "\"a%\"");
  EXPECT_EQ(w(write_atom_or_string, "say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
  EXPECT_EQ(w(write_atom_or_string, "caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(w(write_atom_or_string, "caf\xC3\xA9", false), "{5}\r\ncaf\xC3\xA9");
  EXPECT_EQ(w(write_atom_or_string, "bad\xFF"), "{4}\r\nbad\xFF");
  EXPECT_EQ(w(write_atom_or_string, "line\r\nbreak"), "{11}\r\nline\r\nbreak");
  EXPECT_EQ(w(write_atom_or_string, std::string(1025, 'x') + " "),
            "{1026}\r\n" + std::string(1025, 'x') + " ");
  EXPECT_EQ(w(write_atom_or_string, std::string(1024, ' ')), "\"" + std::string(1024, ' ') + "\"");
}

TEST(WriterTest, Astring) {
  EXPECT_EQ(w(write_astring, "a]b"), "a]b");
  EXPECT_EQ(w(write_astring, "NIL"), "\"NIL\"");
  EXPECT_EQ(w(write_astring, "a{b"), "\"a{b\"");
}

TEST(WriterTest, StringNeverAtom) {
  EXPECT_EQ(w(write_string, "abc"), "\"abc\"");
  std::string out;
  write_nstring(out, std::nullopt);
  out.push_back(' ');
  write_nstring(out, std::string_view("x"));
  out.push_back(' ');
  write_nstring(out, std::string_view("NIL"));
  EXPECT_EQ(out, "NIL \"x\" \"NIL\"");
}

TEST(WriterTest, Literals) {
  std::string out;
  write_literal(out, std::string("a\0b", 3));
  EXPECT_EQ(out,
            "{3}\r\na\x80"
            "b");
  out.clear();
  write_literal8(out, std::string("a\0b", 3));
  EXPECT_EQ(out, std::string("~{3}\r\na\0b", 9));
  out.clear();
  write_string(out, std::string("\0", 1));
  EXPECT_EQ(out, "{1}\r\n\x80");
  out.clear();
  write_literal(out, "");
  EXPECT_EQ(out, "{0}\r\n");
  // A default string_view has a null data(): still fine everywhere.
  out.clear();
  write_literal(out, std::string_view{});
  write_literal8(out, std::string_view{});
  write_string(out, std::string_view{});
  write_astring(out, std::string_view{});
  EXPECT_EQ(out, "{0}\r\n~{0}\r\n\"\"\"\"");
  Lexer empty(std::string_view{});
  std::string got;
  EXPECT_FALSE(empty.astring(got));
  EXPECT_FALSE(empty.literal(got));
}

TEST(WriterTest, FlagList) {
  std::string out;
  write_flag_list(out, {"\\Seen", "$Forwarded", "bad flag", "\\*", "", "(x)", "\\"});
  EXPECT_EQ(out, "(\\Seen $Forwarded \\*)");
  out.clear();
  write_flag_list(out, {});
  EXPECT_EQ(out, "()");
}

TEST(WriterTest, MailboxName) {
  std::string out;
  write_mailbox_name(out, "Entw\xC3\xBCrfe", true);
  EXPECT_EQ(out, "\"Entw\xC3\xBCrfe\"");
  out.clear();
  write_mailbox_name(out, "Entw\xC3\xBCrfe", false);
  EXPECT_EQ(out, "Entw&APw-rfe");
  out.clear();
  write_mailbox_name(out, "Sent Items", false);
  EXPECT_EQ(out, "\"Sent Items\"");
  out.clear();
  write_mailbox_name(out, "a&b", false);
  EXPECT_EQ(out, "a&-b");
}

TEST(WriterTest, NumbersSetsDates) {
  std::string out;
  write_number(out, 0);
  out.push_back(' ');
  write_number(out, 18446744073709551615ull);
  out.push_back(' ');
  SequenceSet s;
  s.ranges = {{1, 4}, {7, 7}, {9, SequenceSet::kStar}};
  write_seq_set(out, s);
  out.push_back(' ');
  write_internaldate(out, 837596665, -420);
  EXPECT_EQ(out, "0 18446744073709551615 1:4,7,9:* \"17-Jul-1996 02:44:25 -0700\"");
}

// Property: whatever the content, what the writer emits is read back by the
// lexer as the same string, consuming exactly the emitted bytes.
TEST(WriterTest, RoundTripsThroughLexer) {
  std::mt19937 rng(7);
  const std::string alphabet =
      std::string("aZ09 \"\\]%*(){}~+\r\nNIL\x01\x7f\xC3\xA9\xFF") + std::string(1, '\0');
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 5000; ++round) {
    std::size_t len = round % 7 == 0 ? 1030 : static_cast<std::size_t>(round % 9);
    std::string s;
    for (std::size_t i = 0; i < len; ++i) s.push_back(alphabet[pick(rng)]);
    bool has_nul = s.find('\0') != std::string::npos;
    for (bool utf8 : {true, false}) {
      for (int kind = 0; kind < 4; ++kind) {
        std::string out;
        std::string got;
        Lexer lx(std::string_view{});
        switch (kind) {
          case 0:
            write_atom_or_string(out, s, utf8);
            lx = Lexer(out);
            ASSERT_TRUE(lx.astring(got)) << lx.error();
            break;
          case 1:
            write_astring(out, s, utf8);
            lx = Lexer(out);
            ASSERT_TRUE(lx.astring(got)) << lx.error();
            break;
          case 2:
            write_string(out, s, utf8);
            lx = Lexer(out);
            ASSERT_TRUE(lx.string(got)) << lx.error();
            break;
          case 3: {
            write_nstring(out, std::string_view(s), utf8);
            lx = Lexer(out);
            std::optional<std::string> n;
            ASSERT_TRUE(lx.nstring(n)) << lx.error();
            ASSERT_TRUE(n.has_value());
            got = *n;
            break;
          }
        }
        EXPECT_TRUE(lx.at_end());
        if (!has_nul) {
          EXPECT_EQ(got, s);
        } else {
          EXPECT_EQ(got.size(), s.size());  // NUL became 0x80
        }
        if (!utf8) {
          // Without UTF-8 mode no 8-bit byte may appear outside a literal.
          if (out[0] == '"') {
            for (char c : out) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
          }
        }
      }
    }
    std::string lit;
    write_literal8(lit, s);
    Lexer lx8(lit);
    std::string got8;
    bool was8 = false;
    ASSERT_TRUE(lx8.literal(got8, true, &was8));
    EXPECT_TRUE(was8);
    EXPECT_EQ(got8, s);
  }
}

}  // namespace
}  // namespace petrel::imap
