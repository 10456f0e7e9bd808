// `petrel check [USER] [--repair] [--reindex]`: verifies (and repairs) user
// stores, and rebuilds the full-text index of SEARCH.
#include <algorithm>
#include <iostream>

#include "app/commands.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::app {
namespace {

// Checks one user's store; returns whether problems are left.
Result<bool> check_user(store::Store& mail, const std::string& user, const CheckOptions& options) {
  auto opened = mail.open_user(user);
  if (!opened) return opened.error();
  store::UserStore& store = **opened;
  auto report = store.check(options.repair);
  if (!report) return report.error();
  for (const auto& p : report->problems) std::cout << user << ": problem: " << p << '\n';
  for (const auto& r : report->repairs) std::cout << user << ": repaired: " << r << '\n';
  if (options.reindex) {
    if (auto r = store.reindex(); !r) return r.error();
    std::cout << user << ": full-text index rebuilt\n";
  }
  if (report->clean()) std::cout << user << ": clean\n";
  return !report->clean() && !options.repair;
}

}  // namespace

int check(const CommonOptions& common, const CheckOptions& options) {
  auto config = resolve_config(common);
  if (!config) return fail(config.error().message);
  std::error_code ec;
  if (!std::filesystem::is_directory(config->data_dir / "mail", ec)) {
    return fail("no mail store in " + config->data_dir.string());
  }
  auto mail = store::open_sqlite_store(config->data_dir);
  if (!mail) return fail("cannot open the mail store: " + mail.error().message);
  auto users = (*mail)->list_users();
  if (!users) return fail(users.error().message);
  std::vector<std::string> targets = *users;
  if (!options.user.empty()) {
    // Never create a store by checking it: the user must have one.
    if (std::find(users->begin(), users->end(), options.user) == users->end()) {
      return fail("no mail store for user " + options.user);
    }
    targets = {options.user};
  }
  bool problems_left = false;
  for (const auto& user : targets) {
    auto r = check_user(**mail, user, options);
    if (!r) {
      (*mail)->close();
      return fail(user + ": " + r.error().message);
    }
    problems_left = problems_left || *r;
  }
  (*mail)->close();
  return problems_left ? 1 : 0;
}

}  // namespace petrel::app
