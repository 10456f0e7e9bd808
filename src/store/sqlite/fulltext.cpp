#include "store/sqlite/fulltext.h"

#include <algorithm>
#include <string>
#include <vector>

#include "store/search_text.h"
#include "store/sqlite/content.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/trigram_set.h"

namespace petrel::store::sqlite {
namespace {

// detail=column: which columns hold a trigram, no positions (the tokenizer
// gives each trigram once, so positions would mean nothing). columnsize=0:
// nothing ranks by length. The texts are stored for kFetchSearchText.
constexpr const char* kCreate = R"sql(
DROP TRIGGER IF EXISTS content_fts_delete;
DROP TABLE IF EXISTS content_fts;
CREATE VIRTUAL TABLE content_fts USING fts5(
  subject, addr_from, addr_to, addr_cc, addr_bcc, body, header,
  tokenize = 'petrel_trigrams', detail = column, columnsize = 0
);
CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN
  DELETE FROM content_fts WHERE rowid = old.id;
END;
)sql";

// At most this many trigrams of a search string go into the index query:
// any of them narrows well, and the exact check follows anyway.
constexpr size_t kMaxQueryTrigrams = 16;

const char* column_filter(TextField field) {
  switch (field) {
    case TextField::Subject:
      return "{subject}";
    case TextField::From:
      return "{addr_from}";
    case TextField::To:
      return "{addr_to}";
    case TextField::Cc:
      return "{addr_cc}";
    case TextField::Bcc:
      return "{addr_bcc}";
    case TextField::Body:
      return "{body}";
    case TextField::Header:
      return "{header}";
    case TextField::Text:
      break;
  }
  return "{header body}";
}

size_t code_points(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// An FTS5 string: in double quotes, inner quotes doubled.
void append_quoted(std::string& out, std::string_view term) {
  out += '"';
  for (char c : term) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
}

// "Every trigram of the string" (some of them, for a long one, spread over
// it): a superset of the rows holding the string itself.
std::string trigram_query(std::string_view folded) {
  std::vector<std::string_view> trigrams = distinct_trigrams(folded);
  size_t n = std::min(trigrams.size(), kMaxQueryTrigrams);
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += " AND ";
    size_t pick = n == trigrams.size() ? i : i * (trigrams.size() - 1) / (n - 1);
    append_quoted(out, trigrams[pick]);
  }
  out += ")";
  return out;
}

}  // namespace

Result<void> index_content(Connection& db, int64_t content_id, const SearchText& text) {
  auto insert = db.prepare(
      "INSERT INTO content_fts (rowid, subject, addr_from, addr_to, addr_cc, addr_bcc, body, "
      "header) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  return insert
      ->bind_all(content_id, text.subject, text.from, text.to, text.cc, text.bcc, text.body,
                 text.header)
      .run();
}

Result<void> rebuild_fulltext_index(Connection& db) {
  // A new table rather than emptying the old one: that also mends an index
  // whose pages are damaged, and brings an older form up to date.
  if (auto r = db.exec(kCreate); !r) return r;
  std::string sql = "SELECT id, body_text, data";
  for (const auto& h : header_columns()) sql += std::string(", ") + h.text;
  sql += " FROM content ORDER BY id";
  auto rows = db.prepare(sql);
  if (!rows) return rows.error();
  while (true) {
    auto more = rows->step();
    if (!more) return more.error();
    if (!*more) break;
    ParsedMessage parsed;
    parsed.text = rows->string(1);
    int c = 3;
    for (const auto& h : header_columns()) (parsed.headers.*h.member).decoded = rows->string(c++);
    SearchText text = make_search_text(parsed, rows->text(2));
    if (auto r = index_content(db, rows->int64(0), text); !r) return r;
  }
  return Ok{};
}

Result<void> create_fulltext_index(Connection& db) { return rebuild_fulltext_index(db); }

Result<void> upgrade_fulltext_index(Connection& db) {
  auto stmt = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'content_fts'");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  bool current = *row && stmt->string(0).find(kTrigramTokenizer) != std::string::npos;
  stmt->reset();
  if (current) return Ok{};
  return rebuild_fulltext_index(db);
}

Result<std::optional<TextCandidates>> fulltext_candidates(Connection& db, MailboxId mailbox,
                                                          TextField field,
                                                          std::string_view folded) {
  // Trigrams need three characters; shorter strings are every message's.
  if (code_points(folded) < 3) return std::optional<TextCandidates>();
  // CROSS JOIN keeps the index lookup outermost: the matching rows, then
  // their messages through message_content, never a probe per message.
  auto stmt = db.prepare(
      "SELECT m.uid FROM content_fts CROSS JOIN message m ON m.content_id = content_fts.rowid "
      "WHERE content_fts MATCH ? AND m.mailbox_id = ?");
  if (!stmt) return stmt.error();
  std::string query = std::string(column_filter(field)) + " : " + trigram_query(folded);
  stmt->bind(1, query).bind(2, mailbox);
  auto uids = read_uid_set(*stmt);
  if (!uids) return uids.error();
  // Never exact: the index knows which trigrams a text has, not where, so
  // a text holding every trigram of the string apart is a candidate too;
  // the caller checks each one.
  return std::optional<TextCandidates>(TextCandidates{std::move(*uids), false});
}

}  // namespace petrel::store::sqlite
