// SEARCH (RFC 9051 6.4.4; RFC 3501 keys; RFC 4731 ESEARCH and RFC 5182
// SEARCHRES return options; RFC 7162 MODSEQ; RFC 5032 OLDER/YOUNGER;
// RFC 8514 SAVED*; RFC 8474 EMAILID/THREADID; RFC 6203 FUZZY):
//   search = "SEARCH" [search-return-opts] SP search-program
//   search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

using K = SearchKeyKind;

enum class Arg : std::uint8_t {
  None,
  AString,   // BCC BODY CC FROM SUBJECT TEXT TO
  Date,      // BEFORE ON SINCE SENT* SAVED*
  Number64,  // LARGER SMALLER
  NzNumber,  // OLDER YOUNGER
  Keyword,   // KEYWORD UNKEYWORD
  SeqSet,    // UID
  ObjectId,  // EMAILID THREADID
  Header,    // HEADER field value
  One,       // NOT FUZZY
  Two,       // OR
  ModSeq,
};

struct KeySpec {
  std::string_view name;
  K kind;
  Arg arg;
};

constexpr KeySpec kKeys[] = {
    {"ALL", K::All, Arg::None},
    {"ANSWERED", K::Answered, Arg::None},
    {"BCC", K::Bcc, Arg::AString},
    {"BEFORE", K::Before, Arg::Date},
    {"BODY", K::Body, Arg::AString},
    {"CC", K::Cc, Arg::AString},
    {"DELETED", K::Deleted, Arg::None},
    {"DRAFT", K::Draft, Arg::None},
    {"FLAGGED", K::Flagged, Arg::None},
    {"FROM", K::From, Arg::AString},
    {"HEADER", K::Header, Arg::Header},
    {"KEYWORD", K::Keyword, Arg::Keyword},
    {"LARGER", K::Larger, Arg::Number64},
    {"NEW", K::New, Arg::None},
    {"NOT", K::Not, Arg::One},
    {"OLD", K::Old, Arg::None},
    {"ON", K::On, Arg::Date},
    {"OR", K::Or, Arg::Two},
    {"RECENT", K::Recent, Arg::None},
    {"SEEN", K::Seen, Arg::None},
    {"SENTBEFORE", K::SentBefore, Arg::Date},
    {"SENTON", K::SentOn, Arg::Date},
    {"SENTSINCE", K::SentSince, Arg::Date},
    {"SINCE", K::Since, Arg::Date},
    {"SMALLER", K::Smaller, Arg::Number64},
    {"SUBJECT", K::Subject, Arg::AString},
    {"TEXT", K::Text, Arg::AString},
    {"TO", K::To, Arg::AString},
    {"UID", K::Uid, Arg::SeqSet},
    {"UNANSWERED", K::Unanswered, Arg::None},
    {"UNDELETED", K::Undeleted, Arg::None},
    {"UNDRAFT", K::Undraft, Arg::None},
    {"UNFLAGGED", K::Unflagged, Arg::None},
    {"UNKEYWORD", K::Unkeyword, Arg::Keyword},
    {"UNSEEN", K::Unseen, Arg::None},
    {"MODSEQ", K::ModSeq, Arg::ModSeq},
    {"OLDER", K::Older, Arg::NzNumber},
    {"YOUNGER", K::Younger, Arg::NzNumber},
    {"SAVEDBEFORE", K::SavedBefore, Arg::Date},
    {"SAVEDON", K::SavedOn, Arg::Date},
    {"SAVEDSINCE", K::SavedSince, Arg::Date},
    {"SAVEDATESUPPORTED", K::SavedDateSupported, Arg::None},
    {"EMAILID", K::EmailId, Arg::ObjectId},
    {"THREADID", K::ThreadId, Arg::ObjectId},
    {"FUZZY", K::Fuzzy, Arg::One},
};

bool search_key(Lexer& lx, SearchKey& k);

// objectid = 1*255(ALPHA / DIGIT / "_" / "-")   (RFC 8474 section 7)
bool object_id(Lexer& lx, std::string& out) {
  std::string_view a;
  if (!lx.atom(a)) return false;
  if (a.size() > 255) return lx.fail("invalid object id");
  for (char c : a) {
    if (!chars::is_alpha(c) && !chars::is_digit(c) && c != '_' && c != '-') {
      return lx.fail("invalid object id");
    }
  }
  out.assign(a);
  return true;
}

// search-modsequence = "MODSEQ" [SP entry-name SP entry-type-req] SP
//                      mod-sequence-valzer   (RFC 7162 section 7)
bool modseq(Lexer& lx, SearchKey& k) {
  if (lx.peek() == '"') {
    if (!lx.quoted(k.field)) return false;
    if (!chars::istarts_with(k.field, "/flags/") || k.field.size() == 7) {
      return lx.fail("invalid MODSEQ entry name");
    }
    std::string_view type;
    if (!lx.sp() || !lx.atom(type)) return false;
    if (chars::iequals(type, "priv")) {
      k.entry_type = EntryType::Private;
    } else if (chars::iequals(type, "shared")) {
      k.entry_type = EntryType::Shared;
    } else if (chars::iequals(type, "all")) {
      k.entry_type = EntryType::All;
    } else {
      return lx.fail("invalid MODSEQ entry type");
    }
    if (!lx.sp()) return false;
  }
  return lx.number64(k.number);
}

bool key_argument(Lexer& lx, Arg arg, SearchKey& k) {
  if (arg == Arg::None) return true;
  if (!lx.sp()) return false;
  switch (arg) {
    case Arg::None:
      return true;
    case Arg::AString:
      return lx.astring(k.value);
    case Arg::Date:
      return lx.date(k.date);
    case Arg::Number64:
      return lx.number64(k.number);
    case Arg::NzNumber: {
      std::uint32_t n;
      if (!lx.nz_number(n)) return false;
      k.number = n;
      return true;
    }
    case Arg::Keyword: {
      // flag-keyword = atom; system flags are not keywords.
      std::string_view a;
      if (!lx.atom(a)) return lx.fail("expected a keyword");
      k.value.assign(a);
      return true;
    }
    case Arg::SeqSet:
      return lx.seq_set(k.set);
    case Arg::ObjectId:
      return object_id(lx, k.value);
    case Arg::Header:
      return lx.astring(k.field) && lx.sp() && lx.astring(k.value);
    case Arg::One:
      if (!lx.enter()) return false;
      k.children.resize(1);
      if (!search_key(lx, k.children[0])) return false;
      lx.leave();
      return true;
    case Arg::Two:
      if (!lx.enter()) return false;
      k.children.resize(2);
      if (!search_key(lx, k.children[0]) || !lx.sp() || !search_key(lx, k.children[1])) {
        return false;
      }
      lx.leave();
      return true;
    case Arg::ModSeq:
      return modseq(lx, k);
  }
  return false;
}

bool search_key(Lexer& lx, SearchKey& k) {
  int c = lx.peek();
  if (c == '(') {
    // "(" search-key *(SP search-key) ")"
    lx.advance(1);
    if (!lx.enter()) return false;
    k.kind = K::And;
    do {
      k.children.emplace_back();
      if (!search_key(lx, k.children.back())) return false;
    } while (lx.try_char(' '));
    lx.leave();
    return lx.expect(')');
  }
  if (chars::is_digit(static_cast<char>(c)) || c == '*' || c == '$') {
    k.kind = K::SequenceSet;
    return lx.seq_set(k.set);
  }
  std::string_view name;
  if (!lx.atom(name)) return lx.failed() ? false : lx.fail("expected a search key");
  for (const KeySpec& spec : kKeys) {
    if (chars::iequals(spec.name, name)) {
      k.kind = spec.kind;
      return key_argument(lx, spec.arg, k);
    }
  }
  return lx.fail("unknown search key");
}

}  // namespace

bool parse_search_program(Lexer& lx, SearchKey& out) {
  out.kind = K::And;
  do {
    out.children.emplace_back();
    if (!search_key(lx, out.children.back())) return false;
  } while (lx.try_char(' '));
  return true;
}

// search-return-opts = SP "RETURN" SP "(" [search-return-opt
//                      *(SP search-return-opt)] ")"   (RFC 4731, RFC 5182)
bool parse_search_return(Lexer& lx, SearchReturn& r) {
  if (!lx.sp() || !lx.expect('(')) return false;
  if (lx.try_char(')')) return true;
  do {
    std::string_view opt;
    if (!lx.atom(opt)) return false;
    if (chars::iequals(opt, "MIN")) {
      r.min = true;
    } else if (chars::iequals(opt, "MAX")) {
      r.max = true;
    } else if (chars::iequals(opt, "ALL")) {
      r.all = true;
    } else if (chars::iequals(opt, "COUNT")) {
      r.count = true;
    } else if (chars::iequals(opt, "SAVE")) {
      r.save = true;
    } else {
      return lx.fail("unknown search return option");
    }
  } while (lx.try_char(' '));
  return lx.expect(')');
}

bool parse_search(Lexer& lx, Command& cmd) {
  SearchArgs a;
  if (!lx.sp()) return false;
  if (lx.try_keyword("RETURN")) {
    if (!parse_search_return(lx, a.ret.emplace()) || !lx.sp()) return false;
  }
  if (lx.try_keyword("CHARSET")) {
    if (!lx.sp() || !lx.charset(a.charset.emplace()) || !lx.sp()) return false;
  }
  if (!parse_search_program(lx, a.key)) return false;
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
