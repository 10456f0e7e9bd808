#pragma once
// The CLI subcommands; main.cpp only wires them to CLI11.
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace petrel::app {

// Options every subcommand shares: where the configuration and data live.
struct CommonOptions {
  std::string config_file;
  std::string data_dir;  // overrides the configuration's data_dir
};

// Loads --config (or the embedded default) and applies --data-dir.
Result<Config> resolve_config(const CommonOptions& options);

void setup_logging(const Config& config);

int serve(const CommonOptions& options);

struct UserOptions {
  std::string name;
  std::string password_file;
};
int user_add(const CommonOptions& options, const UserOptions& user);
int user_del(const CommonOptions& options, const UserOptions& user);
int user_passwd(const CommonOptions& options, const UserOptions& user);
int user_list(const CommonOptions& options);

// `petrel check [--repair] [USER...]` (check_command.cpp).
struct CheckOptions {
  bool repair = false;
  bool reindex = false;            // also rebuild the full-text index
  std::vector<std::string> users;  // empty: every user with a store
};
int check(const CommonOptions& options, const CheckOptions& check);
struct QuotaOptions {
  std::string name;
  std::optional<std::string> storage;  // bytes (K/M/G/T), "unlimited" or "default"
  std::optional<std::string> messages;
};
int user_quota(const CommonOptions& options, const QuotaOptions& quota);

struct DeliverOptions {
  std::string user;
  std::string mailbox;              // empty: INBOX (or the user's +detail folder)
  std::optional<std::string> from;  // envelope sender for Return-Path
};
// Exit codes from sysexits.h: 0 delivered, 67 unknown user, 73 cannot
// create the mailbox, 75 temporary failure, 77 over quota (75 with
// quota.full_tempfail), 65 a message the store refuses, 78 bad configuration.
int deliver(const CommonOptions& options, const DeliverOptions& deliver);
// petrel import maildir|mbox PATH USER, petrel export maildir USER PATH.
struct ImportOptions {
  std::string path;
  std::string user;
  std::string mailbox;           // mbox: the target mailbox (default INBOX)
  size_t threads = 0;            // parse threads; 0: one per core
  size_t read_threads = 8;       // maildir: files read ahead at once; 0: none
  size_t batch_messages = 1000;  // messages per transaction
  bool index_now = false;        // write the search index before exiting
};
int import_maildir(const CommonOptions& options, const ImportOptions& import);
int import_mbox(const CommonOptions& options, const ImportOptions& import);
int export_maildir(const CommonOptions& options, const ImportOptions& exp);
int user_import_passwd(const CommonOptions& options, const std::string& file);

// petrel backup DIR: an online copy of the stores, users file and TLS files.
int backup(const CommonOptions& options, const std::string& target);

// Prints "petrel: error: <message>" on one line; returns the exit code.
int fail(const std::string& message, int code = 1);

}  // namespace petrel::app
