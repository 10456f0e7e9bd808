#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "auth/user_directory.h"

namespace petrel::app {

namespace {

std::string strip_line_end(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::optional<std::string> prompt_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << '\n';
  if (!got) return std::nullopt;
  return strip_line_end(line);
}

// From --password-file, else a hidden prompt on a terminal (asked twice), else
// the first line of stdin (for scripts).
Result<std::string> read_password(const UserOptions& user) {
  std::string password;
  if (!user.password_file.empty()) {
    std::ifstream file(user.password_file);
    if (!file) return Error{"cannot read password file " + user.password_file};
    std::getline(file, password);
    password = strip_line_end(password);
  } else if (isatty(STDIN_FILENO)) {
    auto first = prompt_hidden("Password: ");
    auto again = first ? prompt_hidden("Again: ") : std::nullopt;
    if (!first || !again) return Error{"no password given"};
    if (*first != *again) return Error{"the passwords do not match"};
    password = *first;
  } else {
    if (!std::getline(std::cin, password)) return Error{"no password on stdin"};
    password = strip_line_end(password);
  }
  if (password.empty()) return Error{"the password is empty"};
  return password;
}

Result<Config> config_for(const CommonOptions& options) { return resolve_config(options); }

}  // namespace

int user_add(const CommonOptions& options, const UserOptions& user) {
  auto config = config_for(options);
  if (!config) return fail(config.error().message);
  auth::UserDirectory users(config->data_dir);
  if (users.exists(user.name)) return fail("user '" + user.name + "' already exists");
  auto password = read_password(user);
  if (!password) return fail(password.error().message);
  if (auto r = users.add(user.name, *password); !r) return fail(r.error().message);
  std::cout << "added user " << user.name << '\n';
  return 0;
}

int user_del(const CommonOptions& options, const UserOptions& user) {
  auto config = config_for(options);
  if (!config) return fail(config.error().message);
  auth::UserDirectory users(config->data_dir);
  if (auto r = users.remove(user.name); !r) return fail(r.error().message);
  std::cout << "deleted user " << user.name << '\n';
  return 0;
}

int user_passwd(const CommonOptions& options, const UserOptions& user) {
  auto config = config_for(options);
  if (!config) return fail(config.error().message);
  auth::UserDirectory users(config->data_dir);
  if (!users.exists(user.name)) return fail("no such user '" + user.name + "'");
  auto password = read_password(user);
  if (!password) return fail(password.error().message);
  if (auto r = users.set_password(user.name, *password); !r) return fail(r.error().message);
  std::cout << "changed the password of " << user.name << '\n';
  return 0;
}

int user_list(const CommonOptions& options) {
  auto config = config_for(options);
  if (!config) return fail(config.error().message);
  auth::UserDirectory users(config->data_dir);
  auto names = users.list();
  if (!names) return fail(names.error().message);
  for (const auto& name : *names) std::cout << name << '\n';
  return 0;
}

}  // namespace petrel::app
