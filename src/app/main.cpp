// petrel: one binary, a few subcommands (see docs/architecture.md).
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace petrel::app;
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"Petrel: an IMAP4rev2 mail server", "petrel"};
  app.require_subcommand(1);
  app.set_version_flag("--version", PETREL_VERSION);
  CommonOptions common;
  auto add_common = [&common](CLI::App* cmd) {
    cmd->add_option("-c,--config", common.config_file, "TOML configuration file");
    cmd->add_option("-d,--data-dir", common.data_dir,
                    "data directory (overrides the configuration)");
  };

  int code = 0;
  auto* serve_cmd = app.add_subcommand("serve", "run the IMAP server");
  add_common(serve_cmd);
  serve_cmd->callback([&] { code = serve(common); });

  auto* user_cmd = app.add_subcommand("user", "manage the user directory");
  user_cmd->require_subcommand(1);
  UserOptions user;
  auto* add =
      user_cmd->add_subcommand("add", "add a user (password from a prompt, stdin or a file)");
  auto* del = user_cmd->add_subcommand("del", "delete a user");
  auto* passwd = user_cmd->add_subcommand("passwd", "change a user's password");
  auto* list = user_cmd->add_subcommand("list", "list users");
  for (auto* cmd : {add, del, passwd}) {
    cmd->add_option("name", user.name, "user name")->required();
    add_common(cmd);
  }
  for (auto* cmd : {add, passwd})
    cmd->add_option("--password-file", user.password_file, "read the password from this file");
  add_common(list);
  add->callback([&] { code = user_add(common, user); });
  del->callback([&] { code = user_del(common, user); });
  passwd->callback([&] { code = user_passwd(common, user); });
  list->callback([&] { code = user_list(common); });

  auto* check_cmd = app.add_subcommand("check", "verify (and with --repair, fix) the mail store");
  CheckOptions check_options;
  check_cmd->add_flag("--repair", check_options.repair, "fix what can be fixed; UIDs never change");
  check_cmd->add_flag("--reindex", check_options.reindex, "rebuild the full-text search index");
  check_cmd->add_option("users", check_options.users, "users to check (default: all)");
  add_common(check_cmd);
  check_cmd->callback([&] { code = check(common, check_options); });
  QuotaOptions quota;
  auto* quota_cmd = user_cmd->add_subcommand("quota", "show or set a user's quota");
  quota_cmd->add_option("name", quota.name, "user name")->required();
  quota_cmd->add_option("--storage", quota.storage, "bytes (K/M/G/T), unlimited or default");
  quota_cmd->add_option("--messages", quota.messages, "messages, unlimited or default");
  add_common(quota_cmd);
  quota_cmd->callback([&] { code = user_quota(common, quota); });

  DeliverOptions delivery;
  auto* deliver_cmd = app.add_subcommand("deliver", "deliver the message on stdin (for an MTA)");
  deliver_cmd->add_option("user", delivery.user, "recipient user (user+folder allowed)")
      ->required();
  deliver_cmd->add_option("-m,--mailbox", delivery.mailbox, "mailbox, created when missing");
  deliver_cmd->add_option("-f,--from", delivery.from, "envelope sender (Return-Path)");
  add_common(deliver_cmd);
  deliver_cmd->callback([&] { code = deliver(common, delivery); });
  std::string passwd_file;
  auto* import_passwd =
      user_cmd->add_subcommand("import-passwd", "add users from a Dovecot passwd-file");
  import_passwd->add_option("file", passwd_file, "passwd-file")->required();
  add_common(import_passwd);
  import_passwd->callback([&] { code = user_import_passwd(common, passwd_file); });

  ImportOptions migration;
  auto* import_cmd = app.add_subcommand("import", "import mail from Maildir or mbox");
  import_cmd->require_subcommand(1);
  auto* import_maildir_cmd = import_cmd->add_subcommand("maildir", "import a Maildir++ tree");
  auto* import_mbox_cmd = import_cmd->add_subcommand("mbox", "import an mbox file");
  for (auto* cmd : {import_maildir_cmd, import_mbox_cmd}) {
    cmd->add_option("path", migration.path, "Maildir directory or mbox file")->required();
    cmd->add_option("user", migration.user, "user to import into")->required();
    add_common(cmd);
  }
  import_mbox_cmd->add_option("--mailbox", migration.mailbox, "target mailbox (default INBOX)");
  import_maildir_cmd
      ->add_option("--read-threads", migration.read_threads,
                   "message files read at once, ahead of the import (default 8; 0: one at a time)")
      ->check(CLI::Range(0, 64));
  for (auto* cmd : {import_maildir_cmd, import_mbox_cmd}) {
    cmd->add_option("--threads", migration.threads, "parse threads (default: one per core)")
        ->check(CLI::Range(0, 256));
    cmd->add_option("--batch", migration.batch_messages, "messages per transaction (default 1000)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_flag("--index", migration.index_now,
                  "write the search index before exiting (default: the server does it in the "
                  "background)");
  }
  import_maildir_cmd->callback([&] { code = import_maildir(common, migration); });
  import_mbox_cmd->callback([&] { code = import_mbox(common, migration); });
  auto* export_cmd = app.add_subcommand("export", "export mail");
  export_cmd->require_subcommand(1);
  auto* export_maildir_cmd = export_cmd->add_subcommand("maildir", "export a user as Maildir++");
  export_maildir_cmd->add_option("user", migration.user, "user to export")->required();
  export_maildir_cmd->add_option("path", migration.path, "new Maildir directory")->required();
  add_common(export_maildir_cmd);
  export_maildir_cmd->callback([&] { code = export_maildir(common, migration); });

  std::string backup_dir;
  auto* backup_cmd = app.add_subcommand("backup", "copy the data directory while the server runs");
  backup_cmd->add_option("dir", backup_dir, "new backup directory")->required();
  add_common(backup_cmd);
  backup_cmd->callback([&] { code = backup(common, backup_dir); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, so scripts and MTAs can log it; `--help` has the details.
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n') c = ' ';
    return fail(message + " (see petrel --help)", 2);
  }
  return code;
}
