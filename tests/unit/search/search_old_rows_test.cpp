// Schema version 8 stops storing each message's decoded body text
// (content.body_text): the index and the search of messages not indexed yet
// derive it from the message bytes. A store written by version 7 keeps its
// rows' text; nothing reads it any more. This test makes such a store (today's
// code, then every row given the text version 7 stored, and the version
// number put back), opens it, adds new rows, and checks that SEARCH through
// the index, the brute-force scan and the in-memory store agree on random
// programs before indexing, after it, and after a reindex (petrel check
// --reindex), with the same answers each time.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "../auth/temp_dir.h"
#include "../store/raw_query.h"
#include "imap/commands/message_builder.h"
#include "match_uids.h"
#include "mime/analysis.h"
#include "search/search.h"
#include "store/mem/mem_store.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::search {
namespace {

using imap::SearchKey;
using K = imap::SearchKeyKind;

const std::vector<std::string> kWords = {"budget", "Meeting", "café",   "Straße", "köln",
                                         "report", "naïve",   "résumé", "alpha",  "Beta",
                                         "gamma",  "delta",   "x-ray",  "zoë"};

std::string pick(std::mt19937& rng) {
  return kWords[std::uniform_int_distribution<size_t>(0, kWords.size() - 1)(rng)];
}

std::string phrase(std::mt19937& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + pick(rng);
  return out;
}

// Latin-1 bytes of a UTF-8 string of Latin-1 characters (the words above).
std::string latin1(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3 && i + 1 < utf8.size()) {
      out += static_cast<char>(0xC0 | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Messages of several shapes, so the derived text goes through the decoders
// delivery used: plain, alternative with HTML, Latin-1 quoted-printable, an
// attachment, a message/rfc822 part.
std::string random_message(std::mt19937& rng, int i) {
  std::string m = "From: a" + std::to_string(i % 5) + "@example.com\r\nSubject: " + phrase(rng, 2) +
                  "\r\nMessage-ID: <o" + std::to_string(i) +
                  "@example.com>\r\nMIME-Version: 1.0\r\n";
  const std::string a = phrase(rng, 6), b = phrase(rng, 6);
  switch (i % 5) {
    case 0:
      return m + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + a + "\r\n";
    case 1:
      return m +
             "Content-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
             a + "\r\n--x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>" + b +
             " &amp; more</p>\r\n--x--\r\n";
    case 2: {
      std::string qp;
      for (unsigned char c : latin1(a)) {
        static const char* kHex = "0123456789ABCDEF";
        if (c >= 0x80) {
          qp += '=';
          qp += kHex[c >> 4];
          qp += kHex[c & 15];
        } else {
          qp += static_cast<char>(c);
        }
      }
      return m +
             "Content-Type: text/plain; charset=iso-8859-1\r\n"
             "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
             qp + "\r\n";
    }
    case 3:
      return m +
             "Content-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
             a +
             "\r\n--y\r\nContent-Type: text/plain; name=n.txt\r\n"
             "Content-Disposition: attachment\r\n\r\n" +
             b + "\r\n--y--\r\n";
    default:
      return m +
             "Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
             a + "\r\n--z\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\n" + b +
             "\r\n--z--\r\n";
  }
}

// A piece of a word, or two words, in a random case: BODY, TEXT or SUBJECT,
// alone or with a NOT / OR around it.
SearchKey random_program(std::mt19937& rng) {
  static const K kKinds[] = {K::Body, K::Text, K::Subject, K::Body};
  SearchKey k;
  k.kind = kKinds[std::uniform_int_distribution<int>(0, 3)(rng)];
  std::string w = pick(rng);
  int form = std::uniform_int_distribution<int>(0, 3)(rng);
  if (form == 0) w = w.substr(0, std::min<size_t>(w.size(), 4));
  if (form == 1) w += " " + pick(rng);
  if (form == 2) {
    for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  k.value = w;
  int wrap = std::uniform_int_distribution<int>(0, 5)(rng);
  if (wrap == 0) {
    SearchKey n;
    n.kind = K::Not;
    n.children.push_back(std::move(k));
    return n;
  }
  if (wrap == 1) {
    SearchKey o;
    o.kind = K::Or;
    o.children.push_back(std::move(k));
    o.children.push_back(random_program(rng));
    return o;
  }
  return k;
}

using testing::answers_three_ways;

class SearchOldRows : public ::testing::Test {
 protected:
  std::filesystem::path db_path() { return dir_.path() / "mail" / "alice" / "store.db"; }

  void open() {
    auto opened = store::open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    sqlite_ = std::move(*opened);
    sqlite_user_ = sqlite_->open_user("alice").value();
  }
  void close() {
    sqlite_user_.reset();
    sqlite_->close();
    sqlite_.reset();
  }
  void TearDown() override {
    if (sqlite_) close();
    if (mem_) mem_->close();
  }

  void append(std::mt19937& rng, int first, int count) {
    std::vector<store::NewMessage> batch;
    for (int i = first; i < first + count; ++i) {
      batch.push_back(imap::build_message(random_message(rng, i)));
    }
    ASSERT_TRUE(sqlite_user_->append("INBOX", batch).ok());
    ASSERT_TRUE(mem_user_->append("INBOX", batch).ok());
  }
  void index_all() {
    for (int i = 0; i < 100; ++i) {
      auto left = sqlite_user_->index_backlog(1000);
      ASSERT_TRUE(left.ok()) << left.error().message;
      if (*left == 0) return;
    }
    FAIL() << "the backlog does not shrink";
  }

  // What the previous version left: every content row with the body text
  // delivery computed and stored then (mime::body_text() of its bytes is
  // that text: tests/unit/mime/text_extract_test.cpp), except row `decoy`,
  // whose text is a word its message does not hold; schema version 7.
  void make_version_7(int64_t decoy) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    std::map<int64_t, std::string> texts;
    sqlite3_stmt* read = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT id, data FROM content", -1, &read, nullptr),
              SQLITE_OK);
    while (sqlite3_step(read) == SQLITE_ROW) {
      std::string_view data(static_cast<const char*>(sqlite3_column_blob(read, 1)),
                            static_cast<size_t>(sqlite3_column_bytes(read, 1)));
      texts[sqlite3_column_int64(read, 0)] = mime::body_text(data);
    }
    sqlite3_finalize(read);
    texts[decoy] = "zebraquux";
    sqlite3_stmt* write = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE content SET body_text = ? WHERE id = ?", -1, &write,
                                 nullptr),
              SQLITE_OK);
    for (const auto& [id, text] : texts) {
      sqlite3_bind_text(write, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(write, 2, id);
      EXPECT_EQ(sqlite3_step(write), SQLITE_DONE);
      sqlite3_reset(write);
    }
    sqlite3_finalize(write);
    EXPECT_EQ(sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  int64_t raw_int(const std::string& sql) { return store::testing::raw_int(db_path(), sql); }

  std::vector<std::vector<store::Uid>> answers(const std::vector<SearchKey>& programs) {
    return answers_three_ways(*sqlite_user_, *mem_user_, programs, 17);
  }

  auth::testing::TempDir dir_;
  std::unique_ptr<store::Store> sqlite_, mem_;
  std::shared_ptr<store::UserStore> sqlite_user_, mem_user_;
};

TEST_F(SearchOldRows, OldAndNewRowsSearchTheSameBeforeAndAfterIndexingAndReindex) {
  mem_ = store::make_memory_store();
  mem_user_ = mem_->open_user("alice").value();
  open();
  std::mt19937 rng(99);
  // 40 old rows indexed, 20 old rows not indexed yet (left in the backlog
  // by a server stopped before its deferred work ran).
  append(rng, 0, 40);
  index_all();
  append(rng, 40, 20);
  close();
  make_version_7(/*decoy=*/3);
  const int64_t old_text_bytes = raw_int("SELECT sum(length(body_text)) FROM content");
  ASSERT_GT(old_text_bytes, 0);

  open();
  EXPECT_EQ(raw_int("PRAGMA user_version"), store::sqlite::kSchemaVersion);
  // 40 new rows, stored without their text.
  append(rng, 60, 40);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content WHERE id > 60 AND body_text != ''"), 0);
  // The upgrade rewrote no old row.
  EXPECT_EQ(raw_int("SELECT sum(length(body_text)) FROM content"), old_text_bytes);

  std::vector<SearchKey> programs;
  for (int i = 0; i < 120; ++i) programs.push_back(random_program(rng));
  // The old row's stored text is not what is searched: its message is.
  SearchKey decoy;
  decoy.kind = K::Body;
  decoy.value = "zebraquux";
  programs.push_back(decoy);

  // Before indexing the 60 rows of the backlog (unless the writer's
  // background work got to some of them first).
  const auto before = answers(programs);
  EXPECT_TRUE(before.back().empty());
  int non_trivial = 0;
  for (const auto& a : before) non_trivial += !a.empty() && a.size() < 100;
  EXPECT_GT(non_trivial, 40);  // the programs discriminate, or this proves nothing

  index_all();
  EXPECT_EQ(answers(programs), before);
  ASSERT_TRUE(sqlite_user_->reindex().ok());
  EXPECT_EQ(answers(programs), before);
}

}  // namespace
}  // namespace petrel::search
