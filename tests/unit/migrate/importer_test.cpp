// The importer on the in-memory store: UIDs kept from dovecot-uidlist,
// re-runs add nothing, interrupted runs resume, export -> import round trip.
#include "migrate/importer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>

#include "../auth/temp_dir.h"
#include "migrate/exporter.h"
#include "migrate/maildir_source.h"
#include "store/mem/mem_store.h"

namespace petrel::migrate {
namespace {
namespace fs = std::filesystem;
using petrel::auth::testing::TempDir;

void write(const fs::path& path, const std::string& text, int64_t mtime = 0) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  if (mtime) {
    timespec times[2] = {{mtime, 0}, {mtime, 0}};
    ::utimensat(AT_FDCWD, path.c_str(), times, 0);
  }
}

std::string msg(const std::string& subject) {
  return "From: a@example.com\nSubject: " + subject + "\n\nbody of " + subject + "\n";
}

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::make_memory_store();
    user_ = store_->open_user("alice").value();
    root_ = dir_.path() / "Maildir";
    for (const char* d : {"cur", "new", "tmp"}) fs::create_directories(root_ / d);
  }

  ImportReport run(ImportOptions options = {}) {
    auto scan = scan_maildir(root_);
    EXPECT_TRUE(scan.ok()) << scan.error().message;
    std::FILE* sink = std::fopen("/dev/null", "w");
    Progress progress(sink, false, 0);
    Importer importer(*user_, progress, options);
    for (auto& box : scan->mailboxes) {
      auto r = importer.import(box);
      EXPECT_TRUE(r.ok()) << r.error().message;
    }
    std::fclose(sink);
    return importer.report();
  }

  store::MailboxSnapshot select(const std::string& name) { return user_->select(name).value(); }
  std::string bytes(const store::MailboxSnapshot& snap, store::Uid uid) {
    return user_->read_message(snap.status.id, uid).value();
  }

  TempDir dir_;
  fs::path root_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<store::UserStore> user_;
};

TEST_F(ImporterTest, DovecotMaildirKeepsUidsFlagsKeywordsAndDates) {
  write(root_ / "dovecot-uidlist", "3 V1500000000 N20 Gabc\n4 :m1,S=10\n9 W5 :m2,S=99,W=100\n");
  write(root_ / "dovecot-keywords", "0 $Work\n1 Later\n");
  write(root_ / "cur" / "m1,S=10:2,RSb", msg("one"), 1600000000);
  write(root_ / "cur" / "m2:2,FTa", msg("two"), 1600000100);
  write(root_ / "new" / "m3", msg("three"), 1600000200);  // not in the uidlist
  write(root_ / ".Foo.Bar" / "cur" / "x:2,D", msg("deep"));
  write(root_ / ".Entw&APw-rfe" / "cur" / "y:2,", msg("umlaut"));
  write(root_ / ".Foo" / "maildirfolder", "");  // a level without cur/: only a parent

  auto report = run();
  EXPECT_EQ(report.imported, 5u);
  EXPECT_EQ(report.failed, 0u);

  auto inbox = select("INBOX");
  EXPECT_EQ(inbox.status.uidvalidity, 1500000000u);
  ASSERT_EQ(inbox.messages.size(), 3u);
  EXPECT_EQ(inbox.messages[0].uid, 4u);
  EXPECT_EQ(inbox.messages[0].flags, store::kAnswered | store::kSeen);
  EXPECT_EQ(inbox.messages[0].keywords, std::vector<std::string>{"Later"});
  EXPECT_EQ(inbox.messages[1].uid, 9u);
  EXPECT_EQ(inbox.messages[1].flags, store::kFlagged | store::kDeleted);
  EXPECT_EQ(inbox.messages[1].keywords, std::vector<std::string>{"$Work"});
  EXPECT_EQ(inbox.messages[2].uid, 20u);  // unlisted: after the source's UIDNEXT
  EXPECT_EQ(bytes(inbox, 4), "From: a@example.com\r\nSubject: one\r\n\r\nbody of one\r\n");
  auto meta = user_->fetch(inbox.status.id, store::UidSet{{4, 4}}, store::kFetchInternalDate);
  EXPECT_EQ(meta->at(0).internal_date, 1600000000);

  auto deep = select("Foo/Bar");
  ASSERT_EQ(deep.messages.size(), 1u);
  EXPECT_EQ(deep.messages[0].flags, store::kDraft);
  EXPECT_EQ(select("Entwürfe").messages.size(), 1u);

  // A second run adds nothing.
  auto again = run();
  EXPECT_EQ(again.imported, 0u);
  EXPECT_EQ(again.skipped, 5u);
  EXPECT_EQ(select("INBOX").messages.size(), 3u);
}

TEST_F(ImporterTest, InterruptedImportResumes) {
  std::string uidlist = "3 V77 N200\n";
  for (int i = 1; i <= 50; ++i) {
    write(root_ / "cur" / ("m" + std::to_string(i) + ":2,S"), msg("n" + std::to_string(i)));
    uidlist += std::to_string(i * 2) + " :m" + std::to_string(i) + "\n";
  }
  for (int i = 1; i <= 30; ++i) {
    write(root_ / "new" / ("u" + std::to_string(i)), msg("u" + std::to_string(i)));
  }
  write(root_ / "dovecot-uidlist", uidlist);
  // Simulate a run killed after some batches: import a prefix by hand.
  {
    auto scan = scan_maildir(root_);
    auto& box = scan->mailboxes[0];
    auto all = box.next;
    size_t taken = 0;
    box.next = [&]() -> std::optional<Result<SourceMessage>> {
      if (taken++ == 65) return std::nullopt;  // the 50 listed and 15 unlisted
      return all();
    };
    std::FILE* sink = std::fopen("/dev/null", "w");
    Progress progress(sink, false, 0);
    Importer importer(*user_, progress, ImportOptions{7, 1 << 20});
    auto r = importer.import(box);
    ASSERT_TRUE(r.ok()) << r.error().message << " code " << static_cast<int>(r.error().code);
    std::fclose(sink);
  }
  EXPECT_EQ(select("INBOX").messages.size(), 65u);
  auto report = run(ImportOptions{7, 1 << 20});
  EXPECT_EQ(report.skipped, 65u);
  EXPECT_EQ(report.imported, 15u);
  auto inbox = select("INBOX");
  ASSERT_EQ(inbox.messages.size(), 80u);
  EXPECT_EQ(inbox.messages[49].uid, 100u);
  EXPECT_GE(inbox.messages[50].uid, 200u);
  std::set<std::string> subjects;
  for (const auto& m : inbox.messages) subjects.insert(bytes(inbox, m.uid));
  EXPECT_EQ(subjects.size(), 80u);  // no duplicates
}

TEST_F(ImporterTest, WithoutUidlistIdentityIsTheContentCounted) {
  write(root_ / "cur" / "a:2,S", msg("same"));
  write(root_ / "cur" / "b:2,S", msg("same"));  // really there twice
  write(root_ / "cur" / "c:2,", msg("other"));
  EXPECT_EQ(run().imported, 3u);
  auto again = run();
  EXPECT_EQ(again.imported, 0u);
  EXPECT_EQ(again.skipped, 3u);
  write(root_ / "cur" / "d:2,", msg("same"));  // a third copy arrives
  EXPECT_EQ(run().imported, 1u);
  EXPECT_EQ(select("INBOX").messages.size(), 4u);
}

TEST_F(ImporterTest, UsedMailboxIsNotRenumberedButStillImported) {
  store::NewMessage existing;
  existing.bytes = "Subject: already here\r\n\r\nx\r\n";
  ASSERT_TRUE(user_->append("INBOX", {existing}).ok());
  auto before = select("INBOX").status.uidvalidity;
  write(root_ / "dovecot-uidlist", "3 V5 N3\n1 :a\n");
  write(root_ / "cur" / "a:2,S", msg("a"));
  auto report = run();
  EXPECT_EQ(report.imported, 1u);
  ASSERT_FALSE(report.warnings.empty());
  auto inbox = select("INBOX");
  EXPECT_EQ(inbox.status.uidvalidity, before);
  EXPECT_EQ(inbox.messages.size(), 2u);
  EXPECT_EQ(run().imported, 0u);  // and the re-run finds it by content
}

TEST_F(ImporterTest, ExportThenImportRoundTrips) {
  write(root_ / "dovecot-uidlist", "3 V4242 N30\n3 :a\n8 :b\n");
  write(root_ / "dovecot-keywords", "0 $Work\n");
  write(root_ / "cur" / "a:2,Sa", msg("a"), 1600000000);
  write(root_ / "cur" / "b:2,F", msg("b"), 1600000500);
  write(root_ / ".Sent" / "cur" / "s:2,S", msg("sent"));
  run();
  TempDir out;
  std::FILE* sink = std::fopen("/dev/null", "w");
  Progress progress(sink, false, 0);
  auto exported = export_maildir(*user_, out.path() / "export", progress);
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_EQ(exported->exported, 3u);
  // Exporting over a non-empty directory is refused.
  EXPECT_FALSE(export_maildir(*user_, out.path() / "export", progress).ok());
  std::fclose(sink);

  auto other = store_->open_user("bob").value();
  std::swap(user_, other);
  root_ = out.path() / "export";
  EXPECT_EQ(run().imported, 3u);
  auto inbox = select("INBOX");
  EXPECT_EQ(inbox.status.uidvalidity, 4242u);
  EXPECT_EQ(inbox.status.uidnext, 30u);
  ASSERT_EQ(inbox.messages.size(), 2u);
  EXPECT_EQ(inbox.messages[0].uid, 3u);
  EXPECT_EQ(inbox.messages[0].keywords, std::vector<std::string>{"$Work"});
  EXPECT_EQ(inbox.messages[1].uid, 8u);
  EXPECT_EQ(inbox.messages[1].flags, store::kFlagged);
  auto dates = user_->fetch(inbox.status.id, store::UidSet{{8, 8}}, store::kFetchInternalDate);
  EXPECT_EQ(dates->at(0).internal_date, 1600000500);
  EXPECT_EQ(bytes(inbox, 3), "From: a@example.com\r\nSubject: a\r\n\r\nbody of a\r\n");
  EXPECT_EQ(select("Sent").messages.size(), 1u);
}

}  // namespace
}  // namespace petrel::migrate
