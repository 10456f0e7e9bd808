// `petrel check [--repair] [--reindex] [USER...]`: runs the store's own
// check (UserStore::check) on every user, or on the users named; --reindex
// also rebuilds the full-text index of SEARCH. Prints one line
// per problem ("petrel: check: <user>: <problem>") and per repair; exits 0
// when the store is clean or every problem was repaired, 1 when damage
// remains, 2 on a usage or storage error.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "app/commands.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::app {

int check(const CommonOptions& options, const CheckOptions& check) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message, 2);
  auto store = store::open_sqlite_store(config->data_dir);
  if (!store) return fail("cannot open the store: " + store.error().message, 2);
  auto all = (*store)->list_users();
  if (!all) return fail("cannot list users: " + all.error().message, 2);
  std::vector<std::string> users = check.users.empty() ? *all : check.users;
  for (const std::string& user : users) {
    // open_user() would create a missing store: a typo must not do that.
    if (std::find(all->begin(), all->end(), user) == all->end())
      return fail("no mail store for user " + user, 2);
  }
  bool damaged = false;
  bool failed = false;
  for (const std::string& user : users) {
    auto mail = (*store)->open_user(user);
    if (!mail) {
      std::cerr << fmt::format("petrel: error: {}: {}\n", user, mail.error().message);
      failed = true;
      continue;
    }
    auto report = (*mail)->check(check.repair);
    if (!report) {
      std::cerr << fmt::format("petrel: error: {}: check failed: {}\n", user,
                               report.error().message);
      failed = true;
      continue;
    }
    for (const std::string& problem : report->problems)
      std::cout << fmt::format("{}: problem: {}\n", user, problem);
    for (const std::string& repair : report->repairs)
      std::cout << fmt::format("{}: repaired: {}\n", user, repair);
    if (check.reindex) {
      if (auto r = (*mail)->reindex(); !r) {
        std::cerr << fmt::format("petrel: error: {}: reindex failed: {}\n", user, r.error().message);
        failed = true;
        continue;
      }
      std::cout << fmt::format("{}: full-text index rebuilt\n", user);
    }
    if (report->clean()) {
      std::cout << fmt::format("{}: clean\n", user);
      continue;
    }
    if (!check.repair) {
      damaged = true;
      continue;
    }
    // Whether the repairs made the store sound is the next check's word.
    auto after = (*mail)->check(false);
    if (!after || !after->clean()) {
      damaged = true;
      if (after)
        for (const std::string& problem : after->problems)
          std::cout << fmt::format("{}: not repaired: {}\n", user, problem);
    }
  }
  (*store)->close();
  if (failed) return 2;
  if (damaged) return 1;
  std::cout << fmt::format("{} user(s) checked: {}\n", users.size(),
                           check.repair ? "sound (after repair)" : "no damage found");
  return 0;
}

}  // namespace petrel::app
