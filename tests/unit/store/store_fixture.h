#pragma once
// The store behaviour tests run against every backend: a typed GoogleTest
// fixture that opens a user store on SQLite (in a temporary directory) or in
// memory, and can "restart" it (close and reopen; for the fake, drop and
// reopen the user).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "../auth/temp_dir.h"
#include "store/mem/mem_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace petrel::store::testing {

using petrel::auth::testing::TempDir;

struct SqliteBackend {
  static constexpr bool kPersistent = true;
  TempDir dir;
  std::unique_ptr<Store> open() {
    auto store = open_sqlite_store(dir.path());
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store.value());
  }
  void restart(std::unique_ptr<Store>& store) {
    store->close();
    store.reset();
    store = open();
  }
};

struct MemBackend {
  static constexpr bool kPersistent = false;
  std::unique_ptr<Store> open() { return make_memory_store(); }
  void restart(std::unique_ptr<Store>&) {}
};

struct BackendName {
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteBackend> ? "Sqlite" : "Mem";
  }
};

using Backends = ::testing::Types<SqliteBackend, MemBackend>;

// A small message with recognisable parse results.
inline NewMessage message(std::string text, SystemFlags flags = 0,
                          std::vector<std::string> keywords = {}) {
  NewMessage m;
  m.bytes = "Subject: " + text + "\r\n\r\n" + text + "\r\n";
  m.flags = flags;
  m.keywords = std::move(keywords);
  m.internal_date = 1'700'000'000;
  m.internal_date_tz = 120;
  m.parsed.envelope = "(NIL \"" + text + "\")";
  m.parsed.body = "(\"TEXT\" \"PLAIN\")";
  m.parsed.bodystructure = "(\"TEXT\" \"PLAIN\" NIL)";
  m.parsed.part_tree = std::string("tree\0", 5) + text;  // binary-safe
  m.parsed.preview = text;
  m.parsed.headers.subject = {text, text};
  return m;
}

template <class Backend>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = backend_.open();
    user_ = open_user("alice");
  }
  void TearDown() override {
    user_.reset();
    if (store_) store_->close();
  }

  std::shared_ptr<UserStore> open_user(std::string_view name) {
    auto user = store_->open_user(name);
    EXPECT_TRUE(user.ok()) << user.error().message;
    return user.ok() ? user.value() : nullptr;
  }

  // Closes everything and opens the same data again, as after a restart.
  void restart() {
    user_.reset();
    backend_.restart(store_);
    user_ = open_user("alice");
  }

  AppendResult append(std::string_view mailbox, std::vector<NewMessage> messages) {
    auto r = user_->append(mailbox, std::move(messages));
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : AppendResult{};
  }
  AppendResult append(std::string_view mailbox, NewMessage m) {
    std::vector<NewMessage> v;
    v.push_back(std::move(m));
    return append(mailbox, std::move(v));
  }

  MailboxSnapshot select(std::string_view mailbox) {
    auto r = user_->select(mailbox);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : MailboxSnapshot{};
  }

  std::vector<Uid> uids(std::string_view mailbox) {
    std::vector<Uid> out;
    for (const auto& m : select(mailbox).messages) out.push_back(m.uid);
    return out;
  }

  std::vector<std::string> names() {
    std::vector<std::string> out;
    auto list = user_->list_mailboxes();
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      for (const auto& m : *list) out.push_back(m.noselect ? m.name + " (noselect)" : m.name);
    }
    return out;
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<UserStore> user_;
};

}  // namespace petrel::store::testing
