#include "migrate/exporter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "migrate/dovecot_files.h"
#include "migrate/maildir_filename.h"
#include "migrate/maildir_names.h"

namespace petrel::migrate {
namespace fs = std::filesystem;
namespace {

Result<void> write_file(const fs::path& path, std::string_view bytes, int64_t mtime = 0) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Error{"cannot create " + path.string() + ": " + std::strerror(errno), ErrorCode::Io};
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Error{"cannot write " + path.string() + ": " + std::strerror(errno), ErrorCode::Io};
    }
    done += static_cast<size_t>(n);
  }
  if (mtime > 0) {
    timespec times[2] = {{mtime, 0}, {mtime, 0}};
    ::futimens(fd, times);
  }
  if (::close(fd) != 0) return Error{"cannot write " + path.string(), ErrorCode::Io};
  return Ok{};
}

Result<void> make_dirs(const fs::path& folder) {
  std::error_code ec;
  for (const char* sub : {"cur", "new", "tmp"}) {
    fs::create_directories(folder / sub, ec);
    if (ec)
      return Error{"cannot create " + (folder / sub).string() + ": " + ec.message(), ErrorCode::Io};
  }
  return Ok{};
}

Result<size_t> export_mailbox(store::UserStore& user, const std::string& name,
                              const fs::path& folder, Progress& progress,
                              std::vector<std::string>& warnings) {
  auto snap = user.select(name);
  if (!snap) return snap.error();
  if (auto r = make_dirs(folder); !r) return r.error();
  if (name != "INBOX") {
    if (auto r = write_file(folder / "maildirfolder", ""); !r) return r.error();
  }
  std::map<std::string, int> letters;
  std::vector<std::string> keywords = snap->keywords;
  if (keywords.size() > 26) {
    warnings.push_back(name + ": only 26 keywords fit in Maildir; " +
                       std::to_string(keywords.size() - 26) + " left out");
    keywords.resize(26);
  }
  for (size_t i = 0; i < keywords.size(); ++i) letters[keywords[i]] = static_cast<int>(i);

  UidList list;
  list.uidvalidity = snap->status.uidvalidity;
  list.next_uid = snap->status.uidnext;
  auto metas = user.fetch(snap->status.id, store::UidSet::all(),
                          store::kFetchFlags | store::kFetchInternalDate | store::kFetchSize);
  if (!metas) return metas.error();
  std::string pid = std::to_string(::getpid());
  for (const auto& meta : *metas) {
    auto bytes = user.read_message(snap->status.id, meta.state.uid);
    if (!bytes) return bytes.error();
    std::string base = std::to_string(meta.internal_date) + ".M" + std::to_string(meta.state.uid) +
                       "P" + pid + ".petrel,S=" + std::to_string(bytes->size()) +
                       ",W=" + std::to_string(bytes->size());
    std::vector<int> indexes;
    for (const auto& k : meta.state.keywords) {
      auto it = letters.find(k);
      if (it != letters.end()) indexes.push_back(it->second);
    }
    std::sort(indexes.begin(), indexes.end());
    auto file = folder / "cur" / (base + maildir_info(meta.state.flags, indexes));
    if (auto r = write_file(file, *bytes, meta.internal_date); !r) return r.error();
    list.uids.emplace(base, meta.state.uid);
    progress.advance(1);
  }
  if (auto r = write_file(folder / "dovecot-uidlist", format_uidlist(list)); !r) return r.error();
  if (!keywords.empty()) {
    if (auto r = write_file(folder / "dovecot-keywords", format_keywords(keywords)); !r) {
      return r.error();
    }
  }
  return metas->size();
}

}  // namespace

size_t count_messages(store::UserStore& user) {
  size_t total = 0;
  auto list = user.list_mailboxes();
  if (!list) return 0;
  for (const auto& m : *list) {
    if (m.noselect) continue;
    if (auto status = user.status(m.name)) total += status->messages;
  }
  return total;
}

Result<ExportReport> export_maildir(store::UserStore& user, const fs::path& root,
                                    Progress& progress) {
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_empty(root, ec)) {
    return Error{root.string() + " exists and is not empty", ErrorCode::AlreadyExists};
  }
  auto list = user.list_mailboxes();
  if (!list) return list.error();
  ExportReport report;
  std::string subscriptions;
  for (const auto& m : *list) {
    if (m.noselect) continue;
    auto folder = mailbox_to_folder(m.name);
    if (!folder) {
      report.warnings.push_back(m.name +
                                ": a name with '.' cannot be a Maildir++ folder; left out");
      continue;
    }
    auto n = export_mailbox(user, m.name, root / *folder, progress, report.warnings);
    if (!n) return n.error();
    report.exported += *n;
    // Maildir++ subscriptions: one folder name a line, without the leading
    // "." (Courier's format, which Dovecot also reads).
    if (m.subscribed && m.name != "INBOX") subscriptions += folder->substr(1) + "\n";
  }
  if (auto r = write_file(root / "subscriptions", subscriptions); !r) return r.error();
  return report;
}

}  // namespace petrel::migrate
