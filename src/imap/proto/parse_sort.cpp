// SORT and THREAD (RFC 5256 section 5; RFC 5957 DISPLAYFROM/DISPLAYTO;
// RFC 5267 ESORT return options):
//   sort   = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP
//            search-criteria
//   thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria
//   search-criteria = charset 1*(SP search-key)
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

struct SortName {
  std::string_view name;
  SortKey key;
};

constexpr SortName kSortKeys[] = {
    {"ARRIVAL", SortKey::Arrival},
    {"CC", SortKey::Cc},
    {"DATE", SortKey::Date},
    {"FROM", SortKey::From},
    {"SIZE", SortKey::Size},
    {"SUBJECT", SortKey::Subject},
    {"TO", SortKey::To},
    {"DISPLAYFROM", SortKey::DisplayFrom},
    {"DISPLAYTO", SortKey::DisplayTo},
};

// sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"
// sort-criterion = ["REVERSE" SP] sort-key
bool sort_criteria(Lexer& lx, std::vector<SortCriterion>& out) {
  if (!lx.expect('(')) return false;
  do {
    SortCriterion c;
    std::string_view name;
    if (!lx.atom(name)) return false;
    if (chars::iequals(name, "REVERSE")) {
      c.reverse = true;
      if (!lx.sp() || !lx.atom(name)) return false;
    }
    const SortName* found = nullptr;
    for (const SortName& s : kSortKeys) {
      if (chars::iequals(s.name, name)) found = &s;
    }
    if (found == nullptr) return lx.fail("unknown sort key");
    c.key = found->key;
    out.push_back(c);
  } while (lx.try_char(' '));
  return lx.expect(')');
}

}  // namespace

bool parse_sort(Lexer& lx, Command& cmd) {
  SortArgs a;
  if (!lx.sp()) return false;
  if (lx.try_keyword("RETURN")) {
    if (!parse_search_return(lx, a.ret.emplace()) || !lx.sp()) return false;
  }
  if (!sort_criteria(lx, a.criteria) || !lx.sp() || !lx.charset(a.charset) || !lx.sp() ||
      !parse_search_program(lx, a.key)) {
    return false;
  }
  cmd.args = std::move(a);
  return true;
}

bool parse_thread(Lexer& lx, Command& cmd) {
  ThreadArgs a;
  std::string_view alg;
  if (!lx.sp() || !lx.atom(alg)) return false;
  a.algorithm.assign(alg);
  for (char& c : a.algorithm) c = chars::to_upper(c);
  if (!lx.sp() || !lx.charset(a.charset) || !lx.sp() || !parse_search_program(lx, a.key)) {
    return false;
  }
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
