// petrel import maildir|mbox, petrel export maildir, petrel user import-passwd.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "auth/dovecot_scheme.h"
#include "auth/user_directory.h"
#include "migrate/exporter.h"
#include "migrate/importer.h"
#include "migrate/maildir_source.h"
#include "migrate/mbox_reader.h"
#include "migrate/passwd_file.h"
#include "migrate/search_index.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::app {
namespace {

// The user's store; the user must be in the directory.
struct OpenedUser {
  std::unique_ptr<store::Store> store;
  std::shared_ptr<store::UserStore> user;
};

// `bulk_load` for an import: written once through a rollback journal while
// no server has the store open (store/sqlite/bulk_journal.h).
Result<OpenedUser> open_user(const Config& config, const std::string& name, bool bulk_load) {
  auth::UserDirectory users(config.data_dir);
  if (!users.exists(name)) return Error{"no such user '" + name + "'", ErrorCode::NotFound};
  store::SqliteStoreOptions options;
  options.bulk_load = bulk_load;
  auto store = store::open_sqlite_store(config.data_dir, options);
  if (!store) return store.error();
  OpenedUser opened{std::move(store.value()), nullptr};
  // The directory stores lowercase names (user_directory.h); so does the store.
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto user = opened.store->open_user(lower);
  if (!user) return user.error();
  opened.user = user.value();
  return opened;
}

int summarize(const migrate::ImportReport& report, const std::string& error) {
  for (const auto& w : report.warnings) std::cerr << "petrel: warning: " << w << '\n';
  std::cout << "imported " << report.imported << ", skipped " << report.skipped
            << " already present, failed " << report.failed << '\n';
  if (!error.empty()) return fail(error + " (run the import again to resume)");
  return report.failed ? 1 : 0;
}

// An mbox file read as one SourceMailbox; messages counted first for the
// progress display (a quick scan of From_ lines).
Result<migrate::SourceMailbox> mbox_source(const std::string& path, const std::string& mailbox) {
  auto counter = migrate::MboxReader::open(path);
  if (!counter) return counter.error();
  size_t count = 0;
  {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) count += line.rfind("From ", 0) == 0;
  }
  auto reader = std::make_shared<migrate::MboxReader>(std::move(counter.value()));
  migrate::SourceMailbox box;
  box.name = mailbox;
  box.count = count;
  box.next = [reader]() -> std::optional<Result<migrate::SourceMessage>> {
    auto m = reader->next();
    if (!m) return std::nullopt;
    migrate::SourceMessage out;
    out.bytes = std::move(m->bytes);
    out.flags = m->flags;
    out.keywords = std::move(m->keywords);
    out.internal_date = m->internal_date;
    return Result<migrate::SourceMessage>(std::move(out));
  };
  return box;
}

migrate::ImportOptions import_options(const ImportOptions& import) {
  migrate::ImportOptions options;
  options.parse_threads = import.threads;
  options.batch_messages = import.batch_messages;
  return options;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The second pass (migrate/search_index.h), timed apart from the first: the
// bulk insert leaves the full-text entries out. Searches are exact without
// them, and the server writes them in the background (fulltext_backlog.h),
// so by default the import ends here. Skipped after a failed import (the
// next run finishes both).
void index_for_search(store::UserStore& user, const ImportOptions& import, double import_seconds,
                      std::string& error) {
  if (!error.empty()) return;
  if (!import.index_now) {
    std::cout << fmt::format(
        "import {:.1f} s; the server writes the search index in the background "
        "(or: petrel import --index)\n",
        import_seconds);
    return;
  }
  auto start = std::chrono::steady_clock::now();
  migrate::Progress progress(stdout, isatty(STDOUT_FILENO), 0, "search index");
  auto r = migrate::build_search_index(user, progress);
  progress.finish();
  if (!r) {
    error = "search index: " + r.error().message;
    return;
  }
  std::cout << fmt::format("import {:.1f} s, search index {:.1f} s\n", import_seconds,
                           seconds_since(start));
}

}  // namespace

int import_maildir(const CommonOptions& options, const ImportOptions& import) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  migrate::PrefetchLimits read_ahead;
  read_ahead.threads = import.read_threads;
  auto scan = migrate::scan_maildir(import.path, read_ahead);
  if (!scan) return fail(scan.error().message);
  auto opened = open_user(*config, import.user, true);
  if (!opened) return fail(opened.error().message);
  size_t total = 0;
  for (const auto& box : scan->mailboxes) total += box.count;
  auto start = std::chrono::steady_clock::now();
  migrate::Progress progress(stdout, isatty(STDOUT_FILENO), total);
  migrate::Importer importer(*opened->user, progress, import_options(import));
  importer.report().warnings = scan->warnings;
  std::string error;
  for (auto& box : scan->mailboxes) {
    if (auto r = importer.import(box); !r) {
      error = box.name + ": " + r.error().message;
      break;
    }
    (void)opened->user->subscribe(box.name);
  }
  progress.finish();
  index_for_search(*opened->user, import, seconds_since(start), error);
  opened->store->close();
  return summarize(importer.report(), error);
}

int import_mbox(const CommonOptions& options, const ImportOptions& import) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  auto source = mbox_source(import.path, import.mailbox.empty() ? "INBOX" : import.mailbox);
  if (!source) return fail(source.error().message);
  auto opened = open_user(*config, import.user, true);
  if (!opened) return fail(opened.error().message);
  auto start = std::chrono::steady_clock::now();
  migrate::Progress progress(stdout, isatty(STDOUT_FILENO), source->count);
  migrate::Importer importer(*opened->user, progress, import_options(import));
  std::string error;
  if (auto r = importer.import(*source); !r)
    error = r.error().message;
  else
    (void)opened->user->subscribe(source->name);
  progress.finish();
  index_for_search(*opened->user, import, seconds_since(start), error);
  opened->store->close();
  return summarize(importer.report(), error);
}

int export_maildir(const CommonOptions& options, const ImportOptions& exp) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  auto opened = open_user(*config, exp.user, false);
  if (!opened) return fail(opened.error().message);
  migrate::Progress progress(stdout, isatty(STDOUT_FILENO), migrate::count_messages(*opened->user));
  auto report = migrate::export_maildir(*opened->user, exp.path, progress);
  progress.finish();
  opened->store->close();
  if (!report) return fail(report.error().message);
  for (const auto& w : report->warnings) std::cerr << "petrel: warning: " << w << '\n';
  std::cout << "exported " << report->exported << " messages to " << exp.path << '\n';
  return report->warnings.empty() ? 0 : 1;
}

int user_import_passwd(const CommonOptions& options, const std::string& file) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  auth::UserDirectory users(config->data_dir);
  size_t added = 0, kept = 0, failed = 0;
  for (const auto& entry : migrate::parse_passwd_file(text.str())) {
    auto report = [&](const std::string& why) {
      std::cerr << "petrel: error: " << file << ":" << entry.line << ": " << why << '\n';
      ++failed;
    };
    if (!entry.problem.empty()) {
      report(entry.problem);
      continue;
    }
    auto hash = auth::import_dovecot_scheme(entry.password);
    if (!hash) {
      report("user " + entry.user + ": unsupported or malformed password scheme");
      continue;
    }
    if (users.exists(entry.user)) {
      // Re-running an import leaves users (and passwords changed since) alone.
      ++kept;
      continue;
    }
    if (auto r = users.add_hashed(entry.user, *hash); !r) {
      report("user " + entry.user + ": " + r.error().message);
      continue;
    }
    ++added;
  }
  std::cout << "added " << added << " users, kept " << kept << " existing, failed " << failed
            << '\n';
  return failed ? 1 : 0;
}

}  // namespace petrel::app
