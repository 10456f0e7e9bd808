// The property the full-text index must keep: a SEARCH through the index
// (store::UserStore::text_candidates, then exact verification) gives exactly
// what a brute-force scan of every message gives. Many random programs on a
// random corpus in the SQLite backend, also after COPY, EXPUNGE and a
// reindex; and the mem backend's answers agree with SQLite's.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "../auth/temp_dir.h"
#include "imap/commands/message_builder.h"
#include "match_uids.h"
#include "search/search.h"
#include "store/mem/mem_store.h"
#include "store/search_text.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::search {
namespace {

using imap::SearchKey;
using K = imap::SearchKeyKind;

const std::vector<std::string> kWords = {
    "budget", "Meeting", "café",    "Straße", "STRASSE", "köln",  "report",  "quarterly",
    "ÉCOLE",  "naïve",   "résumé",  "zoë",    "project", "alpha", "Beta",    "gamma",
    "delta",  "x-ray",   "o'brien", "\"q\"",  "ab",      "ﬁne",   "İstanbul"};

const std::vector<std::string> kNames = {"Alice", "Bob", "Zoë Müller", "Eve", "Ünal"};

std::string pick(std::mt19937& rng, const std::vector<std::string>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

std::string phrase(std::mt19937& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + pick(rng, kWords);
  return out;
}

// Q-encoded word for a UTF-8 string (RFC 2047).
std::string encoded_word(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "=?UTF-8?Q?";
  for (unsigned char c : s) {
    if (c == ' ') {
      out += '_';
    } else if (c < 128 && std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "?=";
}

std::string base64(const std::string& s) {
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kB64[(v >> k) & 63];
  }
  if (i < s.size()) {
    uint32_t v = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) v |= uint8_t(s[i + 1]) << 8;
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < s.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string address(std::mt19937& rng) {
  std::string name = pick(rng, kNames);
  std::string local = name.substr(0, 3);
  for (char& c : local) c = (c & 0x80) ? 'u' : static_cast<char>(std::tolower(c));
  bool encode = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
  return (encode ? encoded_word(name) : "\"" + name + "\"") + " <" + local + "@example.com>";
}

std::string random_message(std::mt19937& rng, int i) {
  std::string m = "From: " + address(rng) + "\r\nTo: " + address(rng) + "\r\n";
  if (i % 3 == 0) m += "Cc: " + address(rng) + "\r\n";
  if (i % 5 == 0) m += "Bcc: " + address(rng) + "\r\n";
  std::string subject = phrase(rng, 3);
  m += "Subject: " + (i % 2 ? encoded_word(subject) : subject) + "\r\n";
  if (i % 4 != 0) m += "Date: Mon, " + std::to_string(1 + i % 28) + " Jan 2024 10:00:00 +0000\r\n";
  m += "Message-ID: <m" + std::to_string(i) + "@example.com>\r\n";
  if (i % 7 == 0) m += "X-Tag: " + phrase(rng, 2) + "\r\n";
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n";
  std::string body = phrase(rng, 12) + "\r\n" + phrase(rng, 8) + "\r\n";
  if (i % 2) {
    m += "Content-Transfer-Encoding: base64\r\n\r\n" + base64(body) + "\r\n";
  } else {
    m += "\r\n" + body;
  }
  return m;
}

// A random substring (by characters) of a random word, in random case.
std::string needle(std::mt19937& rng) {
  std::string w = pick(rng, kWords);
  std::vector<size_t> starts;
  for (size_t i = 0; i < w.size(); ++i) {
    if ((w[i] & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(w.size());
  size_t a = std::uniform_int_distribution<size_t>(0, starts.size() - 2)(rng);
  size_t b = std::uniform_int_distribution<size_t>(a + 1, starts.size() - 1)(rng);
  std::string s = w.substr(starts[a], starts[b] - starts[a]);
  if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

SearchKey random_key(std::mt19937& rng, int depth) {
  static const K kLeaves[] = {K::Seen,   K::Unseen, K::Flagged,     K::Deleted, K::Keyword,
                              K::Body,   K::Text,   K::Subject,     K::From,    K::To,
                              K::Cc,     K::Bcc,    K::Header,      K::Since,   K::SentBefore,
                              K::Larger, K::Uid,    K::SequenceSet, K::Body,    K::Text};
  int choice = std::uniform_int_distribution<int>(0, depth > 0 ? 23 : 19)(rng);
  SearchKey k;
  if (choice >= 20) {
    k.kind = choice == 20 ? K::Not : (choice == 21 ? K::Or : K::And);
    int n = k.kind == K::Not ? 1 : (k.kind == K::Or ? 2 : 3);
    for (int i = 0; i < n; ++i) k.children.push_back(random_key(rng, depth - 1));
    return k;
  }
  k.kind = kLeaves[choice];
  switch (k.kind) {
    case K::Keyword:
      k.value = "$Important";
      break;
    case K::Header:
      k.field = std::uniform_int_distribution<int>(0, 1)(rng) ? "X-Tag" : "subject";
      k.value = std::uniform_int_distribution<int>(0, 3)(rng) ? needle(rng) : "";
      break;
    case K::Since:
    case K::SentBefore:
      k.date = {2024, 1, std::uniform_int_distribution<int>(1, 28)(rng)};
      break;
    case K::Larger:
      k.number = std::uniform_int_distribution<int>(300, 700)(rng);
      break;
    case K::Uid:
    case K::SequenceSet: {
      uint32_t a = std::uniform_int_distribution<uint32_t>(1, 150)(rng);
      k.set.ranges.push_back({a, std::uniform_int_distribution<uint32_t>(0, 1)(rng) ? 0 : a + 40});
      break;
    }
    case K::Body:
    case K::Text:
    case K::Subject:
    case K::From:
    case K::To:
    case K::Cc:
    case K::Bcc:
      k.value = needle(rng);
      break;
    default:
      break;
  }
  return k;
}

using testing::answers_three_ways;
using testing::uids_of;

class SearchProperty : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    sqlite_ = std::move(*opened);
    mem_ = store::make_memory_store();
    sqlite_user_ = sqlite_->open_user("alice").value();
    mem_user_ = mem_->open_user("alice").value();
    std::mt19937 rng(1234);
    std::vector<store::NewMessage> batch;
    for (int i = 0; i < 160; ++i) {
      store::NewMessage m = imap::build_message(random_message(rng, i));
      m.flags = static_cast<store::SystemFlags>(i % 16);
      if (i % 6 == 0) m.keywords = {"$Important"};
      m.internal_date = 1'704'067'200 + int64_t{i} * 40'000;
      batch.push_back(std::move(m));
    }
    // The first 120 get their full-text entries now, as the server's
    // deferred work would; the rest stay in the backlog (or are indexed
    // whenever the writer gets to them), so both kinds meet in one search.
    std::vector<store::NewMessage> later(batch.begin() + 120, batch.end());
    batch.resize(120);
    for (auto* part : {&batch, &later}) {
      ASSERT_TRUE(sqlite_user_->append("INBOX", *part).ok());
      ASSERT_TRUE(mem_user_->append("INBOX", *part).ok());
      if (part == &batch) index_all();
    }
  }
  void index_all() {
    for (int i = 0; i < 100; ++i) {
      auto left = sqlite_user_->index_backlog(1000);
      ASSERT_TRUE(left.ok()) << left.error().message;
      if (*left == 0) return;
    }
    FAIL() << "the backlog does not shrink";
  }
  void TearDown() override {
    sqlite_->close();
    mem_->close();
  }

  // Compares the indexed and brute-force paths on `rounds` random programs.
  void compare_paths(std::mt19937& rng, int rounds) {
    std::vector<SearchKey> programs;
    for (int i = 0; i < rounds; ++i) {
      SearchKey program;
      program.kind = K::And;
      program.children.push_back(random_key(rng, 2));
      if (i % 2) program.children.push_back(random_key(rng, 1));
      programs.push_back(std::move(program));
    }
    size_t messages = sqlite_user_->select("INBOX").value().messages.size();
    int non_trivial = 0;
    for (const auto& answer : answers_three_ways(*sqlite_user_, *mem_user_, programs, 37)) {
      if (!answer.empty() && answer.size() < messages) ++non_trivial;
    }
    // The generator must produce discriminating programs, or the test
    // proves nothing.
    EXPECT_GT(non_trivial, rounds / 4);
  }

  auth::testing::TempDir dir_;
  std::unique_ptr<store::Store> sqlite_, mem_;
  std::shared_ptr<store::UserStore> sqlite_user_, mem_user_;
};

// The index answers "the string is in the text", not "every trigram of it
// is": a text holding each trigram of the needle apart is no candidate, and
// the answer is exact once every message is indexed. Before that, the
// messages not indexed yet are candidates and the answer is not exact.
TEST_F(SearchProperty, TrigramsApartAreNotAMatch) {
  ASSERT_TRUE(sqlite_user_->create_mailbox("Apart", 0).ok());
  std::vector<store::NewMessage> batch;
  for (const char* body : {"abcd bcde", "xx abcde yy", "unrelated"}) {
    batch.push_back(imap::build_message(std::string("Subject: t\r\n\r\n") + body + "\r\n"));
  }
  ASSERT_TRUE(sqlite_user_->append("Apart", batch).ok());
  auto snap = sqlite_user_->select("Apart").value();
  auto lookup = [&] {
    return sqlite_user_
        ->text_candidates(snap.status.id, store::TextField::Body,
                          store::fold_search_string("abcde"))
        .value();
  };
  // (Unless the writer's background work got there first.)
  auto before = lookup();
  if (before->uids.contains(1)) {
    EXPECT_FALSE(before->exact);
  }
  index_all();
  std::vector<store::Uid> uids;
  for (const auto& m : snap.messages) uids.push_back(m.uid);
  store::UidSet saved;
  View view{uids, &saved};
  auto candidates = lookup();
  ASSERT_TRUE(candidates.has_value());
  EXPECT_EQ(candidates->uids, (store::UidSet{{2, 2}}));
  EXPECT_TRUE(candidates->exact);
  SearchKey key;
  key.kind = K::Body;
  key.value = "ABCDE";
  Options indexed, brute;
  brute.use_index = false;
  auto fast = uids_of(run_search(*sqlite_user_, snap.status.id, view, key, indexed));
  EXPECT_EQ(fast, std::vector<store::Uid>{2});
  EXPECT_EQ(fast, uids_of(run_search(*sqlite_user_, snap.status.id, view, key, brute)));
}

TEST_F(SearchProperty, IndexedEqualsBruteForce) {
  std::mt19937 rng(42);
  compare_paths(rng, 250);
}

TEST_F(SearchProperty, IndexStaysInStepWithCopyExpungeAndReindex) {
  std::mt19937 rng(7);
  for (auto* user : {sqlite_user_.get(), mem_user_.get()}) {
    auto id = user->select("INBOX").value().status.id;
    ASSERT_TRUE(user->copy(id, store::UidSet{{1, 30}}, "Archive").ok());
    ASSERT_TRUE(user->move(id, store::UidSet{{31, 45}}, "Archive").ok());
    store::FlagChange del{store::FlagChange::Op::Add, store::kDeleted, {}, {}};
    ASSERT_TRUE(user->store_flags(id, store::UidSet{{1, 20}}, del).ok());
    ASSERT_TRUE(user->expunge(id).ok());
  }
  compare_paths(rng, 100);
  ASSERT_TRUE(sqlite_user_->reindex().ok());
  compare_paths(rng, 100);
}

// With every message indexed, a program of exact text keys and sets is
// answered from the index alone (no message is read); a session whose view
// still holds messages another session expunged gets the same answer both
// ways: the expunged ones are no match.
TEST_F(SearchProperty, IndexOnlyAnswersLeaveOutMessagesExpungedMeanwhile) {
  index_all();
  auto snap = sqlite_user_->select("INBOX").value();
  std::vector<store::Uid> stale;
  for (const auto& m : snap.messages) stale.push_back(m.uid);
  store::FlagChange del{store::FlagChange::Op::Add, store::kDeleted, {}, {}};
  ASSERT_TRUE(sqlite_user_->store_flags(snap.status.id, store::UidSet{{1, 60}}, del).ok());
  ASSERT_TRUE(sqlite_user_->expunge(snap.status.id).ok());
  store::UidSet saved;
  View view{stale, &saved};
  Options indexed, brute;
  brute.use_index = false;
  std::mt19937 rng(99);
  int non_trivial = 0;
  for (int i = 0; i < 120; ++i) {
    SearchKey text;
    text.kind = std::array{K::Text, K::Body, K::Subject, K::From}[static_cast<size_t>(i % 4)];
    text.value = needle(rng);
    SearchKey program = text;
    if (i % 3 == 1) {
      program = SearchKey{};
      program.kind = K::And;
      program.children.push_back(random_key(rng, 0));
      program.children.push_back(text);
    }
    auto fast = uids_of(run_search(*sqlite_user_, snap.status.id, view, program, indexed));
    auto slow = uids_of(run_search(*sqlite_user_, snap.status.id, view, program, brute));
    ASSERT_EQ(fast, slow) << "program " << i;
    for (store::Uid uid : fast) EXPECT_GT(uid, 60u);
    if (!fast.empty()) ++non_trivial;
  }
  EXPECT_GT(non_trivial, 30);
}

}  // namespace
}  // namespace petrel::search
