// The SORT/THREAD keys every backend keeps (kFetchSortKeys): derived from
// the header fields at delivery, equal in both backends, kept by COPY and
// after a restart, rebuilt by reindex(), and filled in for a store made by
// the previous schema version (3).
#include <sqlite3.h>

#include <ostream>

#include "schema_v6.h"
#include "store/search_text.h"
#include "store/sort_keys.h"
#include "store_fixture.h"

namespace petrel::store {
// Readable failures.
void PrintTo(const SortKeys& k, std::ostream* os) {
  *os << "{" << k.date << " subject=" << k.subject << " reply=" << k.subject_is_reply
      << " from=" << k.from << " to=" << k.to << " cc=" << k.cc << " dfrom=" << k.display_from
      << " dto=" << k.display_to << " id=" << k.message_id << " parents=" << k.parents << "}";
}
}  // namespace petrel::store

namespace petrel::store::testing {
namespace {

NewMessage keyed_message() {
  NewMessage m = message("keys");
  HeaderFields& h = m.parsed.headers;
  h.date = 1'700'000'123;
  h.subject = {"Re: [list] Fwd: Quarterly   Report (fwd)",
               "Re: [list] Fwd: Quarterly   Report (fwd)"};
  h.from = {"\"Zoë Müller\" <Zoe@Example.com>, bob@example.com", ""};
  h.to = {"undisclosed-recipients:;, Carol <carol@example.org>", ""};
  h.cc = {"=?UTF-8?Q?D=C3=A9sir=C3=A9e?= <desiree@example.net>", ""};
  h.message_id = {"<id-1 @example.com>", ""};
  h.in_reply_to = {"<ignored@x>", ""};
  h.references = {"<a@x> junk <b@x>", ""};
  return m;
}

SortKeys expected_keys() {
  SortKeys k;
  k.date = 1'700'000'123;
  // Casefolded as SEARCH strings are (the fold may not be plain upper case).
  k.subject = fold_search_string("quarterly report");
  k.subject_is_reply = true;
  k.from = fold_search_string("Zoe");
  k.to = fold_search_string("carol");
  k.cc = fold_search_string("desiree");
  k.display_from = fold_search_string("Zoë Müller");
  k.display_to = fold_search_string("Carol");
  k.message_id = "id-1@example.com";
  k.parents = "a@x b@x";
  return k;
}

TEST(SortKeys, DerivedFromTheHeaderFields) {
  EXPECT_EQ(make_sort_keys(keyed_message().parsed.headers), expected_keys());
  // No References: the first In-Reply-To id is the parent (RFC 5256 4, 1A).
  HeaderFields h;
  h.in_reply_to = {"<p1@x> <p2@x>", ""};
  EXPECT_EQ(make_sort_keys(h).parents, "p1@x");
  EXPECT_EQ(make_sort_keys(h).subject, "");
  EXPECT_FALSE(make_sort_keys(h).subject_is_reply);
}

template <class Backend>
class SortKeysTest : public StoreTest<Backend> {
 protected:
  SortKeys keys_of(std::string_view mailbox, Uid uid) {
    auto id = this->select(mailbox).status.id;
    auto r = this->user_->fetch(id, UidSet{{uid, uid}}, kFetchSortKeys);
    EXPECT_TRUE(r.ok());
    if (!r.ok() || r->size() != 1) return {};
    return r->front().sort;
  }
};
TYPED_TEST_SUITE(SortKeysTest, Backends, BackendName);

TYPED_TEST(SortKeysTest, KeptAtDeliveryAndByCopyRestartAndReindex) {
  auto appended = this->append("INBOX", keyed_message());
  this->append("INBOX", message("plain"));
  EXPECT_EQ(this->keys_of("INBOX", 1), expected_keys());
  EXPECT_EQ(this->keys_of("INBOX", 2).subject, fold_search_string("plain"));
  ASSERT_TRUE(this->user_->copy(appended.mailbox, UidSet{{1, 1}}, "Archive").ok());
  EXPECT_EQ(this->keys_of("Archive", 1), expected_keys());
  this->restart();
  EXPECT_EQ(this->keys_of("INBOX", 1), expected_keys());
  ASSERT_TRUE(this->user_->reindex().ok());
  EXPECT_EQ(this->keys_of("INBOX", 1), expected_keys());
  EXPECT_EQ(this->keys_of("Archive", 1), expected_keys());
}

// A store of schema version 3 (no sort_key table) gets the table on open,
// filled from the header fields already stored.
class SqliteSortKeysUpgrade : public StoreTest<SqliteBackend> {
 protected:
  void raw(const std::string& sql) {
    auto path = backend_.dir.path() / "mail" / "alice" / "store.db";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
};

TEST_F(SqliteSortKeysUpgrade, VersionThreeStoreGetsItsKeysOnOpen) {
  auto appended = append("INBOX", keyed_message());
  user_.reset();
  store_->close();
  store_.reset();
  raw(std::string(kDowngradeToV6) +
      "DROP TRIGGER sort_key_delete; DROP TABLE sort_key; PRAGMA user_version = 3;");
  store_ = backend_.open();
  user_ = open_user("alice");
  auto r = user_->fetch(appended.mailbox, UidSet{{1, 1}}, kFetchSortKeys);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().sort, expected_keys());
}

}  // namespace
}  // namespace petrel::store::testing
