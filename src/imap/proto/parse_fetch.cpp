// FETCH (RFC 9051 6.4.5) with RFC 3501's RFC822.* items, BINARY (RFC 3516),
// CONDSTORE/QRESYNC modifiers (RFC 7162 3.1.4, 3.2.6), SAVEDATE (RFC 8514),
// OBJECTID (RFC 8474) and PREVIEW (RFC 8970).
//   fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
//           fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

struct SimpleItem {
  std::string_view name;
  FetchItem item;
};

constexpr SimpleItem kSimpleItems[] = {
    {"ENVELOPE", FetchItem::Envelope},
    {"FLAGS", FetchItem::Flags},
    {"INTERNALDATE", FetchItem::InternalDate},
    {"RFC822.SIZE", FetchItem::Rfc822Size},
    {"RFC822", FetchItem::Rfc822},
    {"RFC822.HEADER", FetchItem::Rfc822Header},
    {"RFC822.TEXT", FetchItem::Rfc822Text},
    {"BODYSTRUCTURE", FetchItem::BodyStructure},
    {"UID", FetchItem::Uid},
    {"MODSEQ", FetchItem::ModSeq},
    {"SAVEDATE", FetchItem::SaveDate},
    {"EMAILID", FetchItem::EmailId},
    {"THREADID", FetchItem::ThreadId},
};

// header-list = "(" header-fld-name *(SP header-fld-name) ")"
bool header_list(Lexer& lx, std::vector<std::string>& out) {
  if (!lx.sp() || !lx.expect('(')) return false;
  do {
    out.emplace_back();
    if (!lx.astring(out.back())) return false;
  } while (lx.try_char(' '));
  return lx.expect(')');
}

// section-msgtext / section-text after the part numbers (if any).
bool section_text(Lexer& lx, Section& s) {
  std::string_view name;
  if (!lx.word(name)) return false;
  if (chars::iequals(name, "HEADER")) {
    s.text = SectionText::Header;
  } else if (chars::iequals(name, "HEADER.FIELDS")) {
    s.text = SectionText::HeaderFields;
    return header_list(lx, s.fields);
  } else if (chars::iequals(name, "HEADER.FIELDS.NOT")) {
    s.text = SectionText::HeaderFieldsNot;
    return header_list(lx, s.fields);
  } else if (chars::iequals(name, "TEXT")) {
    s.text = SectionText::Text;
  } else if (chars::iequals(name, "MIME") && !s.part.empty()) {
    s.text = SectionText::Mime;  // section-text: only after a part number
  } else {
    return lx.fail("invalid section");
  }
  return true;
}

// section = "[" [section-spec] "]"; section-binary = "[" [section-part] "]"
bool section(Lexer& lx, Section& s, bool binary) {
  if (!lx.expect('[')) return false;
  if (lx.try_char(']')) return true;
  if (chars::is_digit(static_cast<char>(lx.peek()))) {
    // section-part = nz-number *("." nz-number)
    while (true) {
      std::uint32_t n;
      if (!lx.nz_number(n)) return false;
      s.part.push_back(n);
      if (lx.peek() == '.' && chars::is_digit(static_cast<char>(lx.peek(1)))) {
        lx.advance(1);
        continue;
      }
      break;
    }
    if (!binary && lx.try_char('.') && !section_text(lx, s)) return false;
  } else if (binary || !section_text(lx, s)) {
    return lx.fail("invalid section");
  }
  return lx.expect(']');
}

// partial = "<" number64 "." nz-number64 ">"
bool partial(Lexer& lx, FetchAtt& att) {
  if (lx.peek() != '<') return true;
  lx.advance(1);
  Partial& p = att.partial.emplace();
  return lx.number64(p.offset) && lx.expect('.') && lx.nz_number64(p.length) && lx.expect('>');
}

// PREVIEW [SP "(" preview-mod *(SP preview-mod) ")"]; preview-mod = "LAZY".
// The list is only taken when it starts with LAZY, so that a following
// fetch-modifiers list is not mistaken for it.
bool preview(Lexer& lx, FetchAtt& att) {
  std::string_view r = lx.rest();
  if (r.size() < 6 || r[0] != ' ' || r[1] != '(' || !chars::istarts_with(r.substr(2), "LAZY") ||
      (r.size() > 6 && r[6] != ' ' && r[6] != ')')) {
    return true;
  }
  lx.advance(2);
  do {
    if (!lx.try_keyword("LAZY")) return lx.fail("unknown PREVIEW modifier");
    att.lazy = true;
  } while (lx.try_char(' '));
  return lx.expect(')');
}

bool fetch_att(Lexer& lx, std::vector<FetchAtt>& out) {
  std::string_view name;
  if (!lx.word(name)) return false;
  FetchAtt att;
  for (const SimpleItem& s : kSimpleItems) {
    if (chars::iequals(s.name, name)) {
      att.item = s.item;
      out.push_back(std::move(att));
      return true;
    }
  }
  if (chars::iequals(name, "BODY")) {
    if (lx.peek() != '[') {
      att.item = FetchItem::Body;
    } else {
      att.item = FetchItem::BodySection;
      if (!section(lx, att.section, false) || !partial(lx, att)) return false;
    }
  } else if (chars::iequals(name, "BODY.PEEK")) {
    att.item = FetchItem::BodySection;
    att.peek = true;
    if (!section(lx, att.section, false) || !partial(lx, att)) return false;
  } else if (chars::iequals(name, "BINARY") || chars::iequals(name, "BINARY.PEEK")) {
    att.item = FetchItem::Binary;
    att.peek = name.size() > 6;
    if (!section(lx, att.section, true) || !partial(lx, att)) return false;
  } else if (chars::iequals(name, "BINARY.SIZE")) {
    att.item = FetchItem::BinarySize;
    if (!section(lx, att.section, true)) return false;
  } else if (chars::iequals(name, "PREVIEW")) {
    att.item = FetchItem::Preview;
    if (!preview(lx, att)) return false;
  } else {
    return lx.fail("unknown fetch attribute");
  }
  out.push_back(std::move(att));
  return true;
}

void expand_macro(std::vector<FetchAtt>& out, bool envelope, bool body) {
  for (FetchItem item : {FetchItem::Flags, FetchItem::InternalDate, FetchItem::Rfc822Size}) {
    out.push_back(FetchAtt{item});
  }
  if (envelope) out.push_back(FetchAtt{FetchItem::Envelope});
  if (body) out.push_back(FetchAtt{FetchItem::Body});
}

// fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"
bool modifiers(Lexer& lx, Command& cmd, FetchArgs& a) {
  if (!lx.expect('(')) return false;
  do {
    std::string_view name;
    if (!lx.atom(name)) return false;
    if (chars::iequals(name, "CHANGEDSINCE") && !a.changed_since) {
      // chgsince-fetch-mod = "CHANGEDSINCE" SP mod-sequence-value (>= 1)
      if (!lx.sp() || !lx.nz_number64(a.changed_since.emplace())) return false;
    } else if (chars::iequals(name, "VANISHED") && !a.vanished) {
      a.vanished = true;
    } else {
      return lx.fail("unknown or repeated FETCH modifier");
    }
  } while (lx.try_char(' '));
  if (!lx.expect(')')) return false;
  // RFC 7162 3.2.6: VANISHED only in UID FETCH, and only with CHANGEDSINCE.
  if (a.vanished && (!cmd.uid || !a.changed_since)) {
    return lx.fail("VANISHED needs UID FETCH and CHANGEDSINCE");
  }
  return true;
}

}  // namespace

bool parse_fetch(Lexer& lx, Command& cmd) {
  FetchArgs a;
  if (!lx.sp() || !lx.seq_set(a.set) || !lx.sp()) return false;
  if (lx.try_char('(')) {
    do {
      if (!fetch_att(lx, a.atts)) return false;
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  } else if (lx.try_keyword("ALL")) {
    expand_macro(a.atts, true, false);
  } else if (lx.try_keyword("FAST")) {
    expand_macro(a.atts, false, false);
  } else if (lx.try_keyword("FULL")) {
    expand_macro(a.atts, true, true);
  } else if (!fetch_att(lx, a.atts)) {
    return false;
  }
  if (lx.try_char(' ') && !modifiers(lx, cmd, a)) return false;
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
