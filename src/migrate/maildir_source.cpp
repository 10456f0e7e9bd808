#include "migrate/maildir_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "migrate/courier_keywords.h"
#include "migrate/dovecot_files.h"
#include "migrate/file_prefetch.h"
#include "migrate/maildir_filename.h"
#include "migrate/maildir_names.h"
#include "util/read_file.h"

namespace petrel::migrate {
namespace fs = std::filesystem;
namespace {

struct Entry {
  fs::path path;
  MaildirFilename name;
  store::Uid uid = 0;
  int64_t mtime = 0;
};

int64_t mtime_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<int64_t>(st.st_mtime);
}

// One folder: its entries sorted (UIDs first, ascending; the rest by mtime
// and name, which is delivery order for Maildir names).
SourceMailbox scan_folder(const fs::path& dir, std::string name, const PrefetchLimits& read_ahead,
                          std::vector<std::string>& warnings) {
  SourceMailbox box;
  box.name = std::move(name);
  std::optional<UidList> uidlist;
  if (auto text = read_file(dir / "dovecot-uidlist")) {
    auto parsed = parse_uidlist(*text);
    if (parsed) {
      uidlist = std::move(parsed.value());
      box.uidvalidity = uidlist->uidvalidity;
      box.next_uid = uidlist->next_uid;
    } else {
      warnings.push_back((dir / "dovecot-uidlist").string() + ": " + parsed.error().message +
                         "; importing with new UIDs");
    }
  }
  std::map<int, std::string> keywords;
  if (auto text = read_file(dir / "dovecot-keywords")) keywords = parse_keywords(*text);
  auto courier = std::make_shared<CourierKeywords>(read_courier_keywords(dir));

  // Dovecot keys the uidlist by the whole base ("<unique>,S=..,W=.."); a
  // file whose size fields were added or changed since is still found by
  // its unique part, before the first ",".
  std::map<std::string, store::Uid, std::less<>> by_unique;
  if (uidlist) {
    for (const auto& [base, uid] : uidlist->uids)
      by_unique.emplace(base.substr(0, base.find(',')), uid);
  }
  auto entries = std::make_shared<std::vector<Entry>>();
  for (const char* sub : {"cur", "new"}) {
    std::error_code ec;
    for (fs::directory_iterator it(dir / sub, ec), end; !ec && it != end; it.increment(ec)) {
      std::string file = it->path().filename().string();
      if (file.empty() || file[0] == '.' || !it->is_regular_file(ec)) continue;
      Entry e;
      e.path = it->path();
      e.name = parse_maildir_filename(file);
      if (uidlist) {
        auto found = uidlist->uids.find(e.name.base);
        if (found != uidlist->uids.end()) {
          e.uid = found->second;
        } else if (auto unique = by_unique.find(e.name.base.substr(0, e.name.base.find(',')));
                   unique != by_unique.end()) {
          e.uid = unique->second;
        }
      }
      entries->push_back(std::move(e));
    }
  }
  for (auto& e : *entries) e.mtime = mtime_of(e.path);
  std::sort(entries->begin(), entries->end(), [](const Entry& a, const Entry& b) {
    if ((a.uid == 0) != (b.uid == 0)) return a.uid != 0;
    if (a.uid != b.uid) return a.uid < b.uid;
    if (a.mtime != b.mtime) return a.mtime < b.mtime;
    return a.name.base < b.name.base;
  });
  // Two files claiming one UID (a copy left by hand): the second is imported
  // as unlisted, with a new UID, rather than failing the folder.
  for (size_t i = 1; i < entries->size(); ++i) {
    Entry& e = (*entries)[i];
    if (e.uid != 0 && e.uid == (*entries)[i - 1].uid) e.uid = 0;
  }
  std::stable_partition(entries->begin(), entries->end(),
                        [](const Entry& e) { return e.uid != 0; });
  box.count = entries->size();
  std::vector<fs::path> paths;
  paths.reserve(entries->size());
  for (const auto& e : *entries) paths.push_back(e.path);
  auto files = std::make_shared<FilePrefetcher>(std::move(paths), read_ahead);
  auto index = std::make_shared<size_t>(0);
  box.next = [entries, index, files, keywords, courier]() -> std::optional<Result<SourceMessage>> {
    if (*index >= entries->size()) return std::nullopt;
    const Entry& e = (*entries)[(*index)++];
    auto bytes = files->take();
    if (!bytes)
      return Result<SourceMessage>(Error{"cannot read " + e.path.string(), ErrorCode::Io});
    SourceMessage m;
    m.bytes = std::move(*bytes);
    m.flags = e.name.flags;
    for (int i : e.name.keyword_indexes) {
      auto k = keywords.find(i);
      if (k != keywords.end()) m.keywords.push_back(k->second);
    }
    if (auto c = courier->find(e.name.base); c != courier->end()) {
      for (const auto& k : c->second) {
        if (std::find(m.keywords.begin(), m.keywords.end(), k) == m.keywords.end()) {
          m.keywords.push_back(k);
        }
      }
    }
    m.internal_date = e.mtime;
    m.uid = e.uid;
    return Result<SourceMessage>(std::move(m));
  };
  return box;
}

}  // namespace

Result<MaildirScan> scan_maildir(const fs::path& root, const PrefetchLimits& read_ahead) {
  std::error_code ec;
  if (!fs::is_directory(root / "cur", ec)) {
    return Error{root.string() + " is not a Maildir (no cur/ directory)", ErrorCode::NotFound};
  }
  MaildirScan scan;
  scan.mailboxes.push_back(scan_folder(root, "INBOX", read_ahead, scan.warnings));
  std::vector<std::pair<std::string, fs::path>> folders;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string dir = it->path().filename().string();
    if (dir.size() < 2 || dir[0] != '.' || !it->is_directory(ec)) continue;
    auto name = folder_to_mailbox(dir);
    if (!name) {
      scan.warnings.push_back(it->path().string() + ": not a valid folder name; skipped");
      continue;
    }
    // An intermediate level without cur/ only holds children.
    if (!fs::is_directory(it->path() / "cur", ec)) continue;
    folders.emplace_back(*name, it->path());
  }
  std::sort(folders.begin(), folders.end());
  for (auto& [name, path] : folders) {
    scan.mailboxes.push_back(scan_folder(path, name, read_ahead, scan.warnings));
  }
  return scan;
}

}  // namespace petrel::migrate
