#include "mime/rfc2047.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

TEST(Rfc2047Test, DecodesTable) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"plain subject", "plain subject"},
      // RFC 2047 section 8 examples.
      {"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld J\xC3\xB8rn Simonsen"},
      {"=?ISO-8859-1?Q?Andr=E9?= Pirard", "Andr\xC3\xA9 Pirard"},
      {"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n "
       "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
       "If you can read this you understand the example."},
      {"(=?ISO-8859-1?Q?a?=)", "(a)"},
      {"(=?ISO-8859-1?Q?a?= b)", "(a b)"},
      {"(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)"},
      {"(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)"},
      {"(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)"},
      {"(=?ISO-8859-1?Q?a_b?=)", "(a b)"},
      {"(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)"},
      // A UTF-8 character split across two words survives the join.
      {"=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", "\xC3\xA9\xC3\xA9"},
      {"=?utf-8?B?ww==?= =?utf-8?B?qQ==?=", "\xC3\xA9"},
      {"=?utf-8?B?ww==?=", "\xEF\xBF\xBD"},
      {"=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9?=", "\xC3\xA9"},
      // Case-insensitive encoding letter and charset; RFC 2231 language.
      {"=?utf-8?q?caf=C3=A9?=", "caf\xC3\xA9"},
      {"=?UTF-8*fr?Q?caf=C3=A9?=", "caf\xC3\xA9"},
      // Lenient: glued to text, inside quotes.
      {"Re:=?utf-8?q?x?=", "Re:x"},
      {"\"=?utf-8?q?quoted?=\" <q@x>", "\"quoted\" <q@x>"},
      // Unknown charset: left as written.
      {"=?x-unknown?Q?abc?= tail", "=?x-unknown?Q?abc?= tail"},
      // Not encoded words.
      {"=?utf-8?X?abc?=", "=?utf-8?X?abc?="},
      {"=?utf-8?Q?no end", "=?utf-8?Q?no end"},
      {"=??Q?abc?=", "=??Q?abc?="},
      {"a =? b ?= c", "a =? b ?= c"},
      // Unfolding and raw 8-bit text outside words.
      {"folded\r\n line", "folded line"},
      {"Gr\xC3\xBC\xC3\x9F"
       "e",
       "Gr\xC3\xBC\xC3\x9F"
       "e"},
      {"Gr\xFC\xDF"
       "e",
       "Gr\xC3\xBC\xC3\x9F"
       "e"},
      // CR, LF, NUL never come out.
      {"=?utf-8?Q?a=0D=0Ab=00c?=", "a bc"},
  };
  for (const auto& c : cases) EXPECT_EQ(decode_rfc2047(c.in), c.out) << c.in;
}

}  // namespace
}  // namespace petrel::mime
