// petrel backup DIR: a consistent copy of the data directory while the
// server runs (docs/operations.md, "Backup and restore").
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "store/sqlite/backup.h"

namespace petrel::app {
namespace fs = std::filesystem;

namespace {

// The users file and TLS material are replaced atomically by their writers,
// so a plain copy is one consistent version of each.
Result<void> copy_if_present(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return Ok{};
  fs::create_directories(to.parent_path(), ec);
  fs::copy_file(from, to, fs::copy_options::none, ec);
  if (ec) return Error{"cannot copy " + from.string() + ": " + ec.message()};
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, ec);
  return Ok{};
}

void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

int backup(const CommonOptions& options, const std::string& target) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  fs::path dir = target;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return fail(dir.string() + " exists and is not empty");
  }
  fs::create_directories(dir / "mail", ec);
  if (ec) return fail("cannot create " + dir.string() + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  fs::path mail = config->data_dir / "mail";
  size_t users = 0;
  for (fs::directory_iterator it(mail, ec), end; !ec && it != end; it.increment(ec)) {
    fs::path db = it->path() / "store.db";
    if (!fs::exists(db)) continue;
    fs::path out = dir / "mail" / it->path().filename();
    fs::create_directories(out);
    fs::permissions(out, fs::perms::owner_all);
    if (auto r = store::sqlite::backup_database(db, out / "store.db"); !r) {
      return fail(r.error().message);
    }
    sync_dir(out);
    ++users;
  }
  if (ec) return fail("cannot read " + mail.string() + ": " + ec.message());
  if (auto r = copy_if_present(config->data_dir / "users", dir / "users"); !r) {
    return fail(r.error().message);
  }
  for (const auto& [from, name] :
       {std::pair{config->cert_path(), "cert.pem"}, std::pair{config->key_path(), "key.pem"}}) {
    if (auto r = copy_if_present(from, dir / "tls" / name); !r) return fail(r.error().message);
  }
  sync_dir(dir / "mail");
  sync_dir(dir);
  std::cout << "backed up " << users << " mail stores, the users file and TLS material to "
            << dir.string() << '\n';
  return 0;
}

}  // namespace petrel::app
