#include "config/config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace petrel {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  std::filesystem::path write(const std::string& text) {
    auto path = std::filesystem::temp_directory_path() /
                ("petrel-config-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
    std::ofstream(path) << text;
    files_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (auto& f : files_) std::filesystem::remove(f);
  }
  std::vector<std::filesystem::path> files_;
};

TEST_F(ConfigTest, EmbeddedDefault) {
  Config c;
  EXPECT_EQ(c.data_dir, "petrel-data");
  EXPECT_EQ(c.imap.host, "127.0.0.1");
  EXPECT_EQ(c.imap.port, 1143);
  EXPECT_EQ(c.imap_tls.port, 1993);
  EXPECT_EQ(c.cert_path(), std::filesystem::path("petrel-data/tls/cert.pem"));
  EXPECT_GE(c.timeouts.authenticated.count(), 30 * 60);
}

TEST_F(ConfigTest, EmptyFileKeepsDefaults) {
  auto c = load_config(write(""));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->imap.port, 1143);
}

TEST_F(ConfigTest, EveryKeyIsRead) {
  auto c = load_config(write(R"(
data_dir = "/var/lib/petrel"
log_level = "debug"
log_file = "/tmp/p.log"
io_threads = 3
[imap]
listen = "0.0.0.0:143"
listen_tls = "[::1]:993"
allow_plaintext_auth = true
[tls]
cert = "/etc/c.pem"
key = "/etc/k.pem"
[limits]
max_line = 2048
max_literal = 1000
max_other_literal = 100
max_command = 5000
max_depth = 8
max_tag = 10
preauth_max_line = 1024
preauth_max_literal = 50
max_bad_commands = 3
max_connections = 7
max_connections_per_address = 2
[timeouts]
preauth_seconds = 5
authenticated_seconds = 6
idle_seconds = 7
shutdown_grace_seconds = 8
[auth]
max_failures = 4
failure_window_seconds = 9
failure_base_delay_ms = 10
failure_max_delay_ms = 11
login_cache_seconds = 12
admins = ["Root", "postmaster"]
[lmtp]
listen = "127.0.0.2:2424"
socket = "/run/petrel/lmtp"
max_message_size = 12345
max_recipients = 12
max_command_line = 600
max_data_line = 1200
timeout_seconds = 13
[quota]
storage = 1000000
messages = 500
full_tempfail = true
)"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->data_dir, "/var/lib/petrel");
  EXPECT_EQ(c->log_level, "debug");
  EXPECT_EQ(c->log_file, "/tmp/p.log");
  EXPECT_EQ(c->io_threads, 3u);
  EXPECT_EQ(c->imap.host, "0.0.0.0");
  EXPECT_EQ(c->imap.port, 143);
  EXPECT_EQ(c->imap_tls.host, "::1");
  EXPECT_EQ(c->imap_tls.port, 993);
  EXPECT_TRUE(c->auth.allow_plaintext_auth);
  EXPECT_EQ(c->cert_path(), "/etc/c.pem");
  EXPECT_EQ(c->key_path(), "/etc/k.pem");
  EXPECT_EQ(c->limits.max_line, 2048u);
  EXPECT_EQ(c->limits.max_literal, 1000u);
  EXPECT_EQ(c->limits.max_other_literal, 100u);
  EXPECT_EQ(c->limits.max_command, 5000u);
  EXPECT_EQ(c->limits.max_depth, 8u);
  EXPECT_EQ(c->limits.max_tag, 10u);
  EXPECT_EQ(c->limits.preauth_max_line, 1024u);
  EXPECT_EQ(c->limits.preauth_max_literal, 50u);
  EXPECT_EQ(c->limits.max_bad_commands, 3u);
  EXPECT_EQ(c->limits.max_connections, 7u);
  EXPECT_EQ(c->limits.max_connections_per_address, 2u);
  EXPECT_EQ(c->auth.login_cache, std::chrono::seconds(12));
  EXPECT_EQ(c->timeouts.preauth.count(), 5);
  EXPECT_EQ(c->timeouts.authenticated.count(), 6);
  EXPECT_EQ(c->timeouts.idle.count(), 7);
  EXPECT_EQ(c->timeouts.shutdown_grace.count(), 8);
  EXPECT_EQ(c->auth.max_failures, 4u);
  EXPECT_EQ(c->auth.failure_window.count(), 9);
  EXPECT_EQ(c->auth.failure_base_delay.count(), 10);
  EXPECT_EQ(c->auth.failure_max_delay.count(), 11);
  EXPECT_EQ(c->auth.admins, (std::vector<std::string>{"root", "postmaster"}));
  EXPECT_EQ(c->lmtp.listen.host, "127.0.0.2");
  EXPECT_EQ(c->lmtp.listen.port, 2424);
  EXPECT_EQ(c->lmtp.socket, "/run/petrel/lmtp");
  EXPECT_EQ(c->lmtp.max_message_size, 12345u);
  EXPECT_EQ(c->lmtp.max_recipients, 12u);
  EXPECT_EQ(c->lmtp.max_command_line, 600u);
  EXPECT_EQ(c->lmtp.max_data_line, 1200u);
  EXPECT_EQ(c->lmtp.timeout.count(), 13);
  EXPECT_EQ(c->quota.storage, 1000000u);
  EXPECT_EQ(c->quota.messages, 500u);
  EXPECT_TRUE(c->quota.full_tempfail);
}

TEST_F(ConfigTest, SearchIndexing) {
  Config d;
  EXPECT_EQ(d.search.index_delay.count(), 1000);
  EXPECT_EQ(d.search.index_max_wait.count(), 10000);
  EXPECT_EQ(d.search.index_batch, 50u);
  auto c = load_config(
      write("[search]\nindex_delay_ms = 0\nindex_max_wait_ms = 250\nindex_batch = 5\n"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->search.index_delay.count(), 0);
  EXPECT_EQ(c->search.index_max_wait.count(), 250);
  EXPECT_EQ(c->search.index_batch, 5u);
}

TEST_F(ConfigTest, LmtpDefaultsAndDisabling) {
  Config d;
  EXPECT_EQ(d.lmtp.listen.host, "127.0.0.1");
  EXPECT_EQ(d.lmtp.listen.port, 1024);
  EXPECT_TRUE(d.lmtp.enabled());
  auto c = load_config(write("[lmtp]\nlisten = \"\"\n"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c->lmtp.enabled());
}

TEST_F(ConfigTest, DisabledListener) {
  auto c = load_config(write("[imap]\nlisten = \"\"\n"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_FALSE(c->imap.enabled());
  EXPECT_TRUE(c->imap_tls.enabled());
}

TEST_F(ConfigTest, ErrorsAreOneLineAndNameTheProblem) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"data_dr = \"x\"\n", "unknown config key 'data_dr'"},
      {"[limits]\nmax_lines = 5\n", "unknown config key 'limits.max_lines'"},
      {"[imap]\nlisten = 5\n", "'imap.listen' has the wrong type"},
      {"[imap]\nlisten = \"localhost\"\n", "is not HOST:PORT"},
      {"[imap]\nlisten = \"127.0.0.1:99999\"\n", "invalid port"},
      {"[imap]\nlisten = \"nonsense:1\"\n", ""},  // accepted here, refused when binding
      {"log_level = \"loud\"\n", "log_level 'loud'"},
      {"[limits]\nmax_line = -1\n", "wrong type"},
      {"[limits]\nmax_line = 10\n", "at least 1024"},
      {"[imap]\nlisten = \"\"\nlisten_tls = \"\"\n", "both"},
      {"imap = 3\n", "must be a table"},
      {"[lmtp]\nmax_recipients = 0\n", "lmtp.max_recipients"},
      {"[lmtp]\nmax_command_line = 100\n", "at least 512"},
      {"[lmtp]\nmax_data_line = 999\n", "at least 1000"},
      {"[lmtp]\nport = 1\n", "unknown config key 'lmtp.port'"},
      {"[quota]\nstorage = \"1G\"\n", "'quota.storage' has the wrong type"},
      {"[auth]\nadmins = \"root\"\n", "list of strings"},
      {"[search]\nindex_batch = 0\n", "search.index_batch must be at least 1"},
      {"[search]\nindex_max_wait_ms = 0\n", "search.index_max_wait_ms"},
      {"[search]\nindex_delay_ms = -5\n", "search.index_delay_ms"},
      {"[search]\nbatch = 5\n", "unknown config key 'search.batch'"},
      {"[auth]\nadmins = [1]\n", "list of strings"},
      {"= broken", ""},
  };
  for (const auto& c : cases) {
    auto r = load_config(write(c.text));
    if (std::string(c.text).find("nonsense") != std::string::npos) {
      EXPECT_TRUE(r.ok());
      continue;
    }
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos)
        << c.text << " -> " << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
  }
}

TEST_F(ConfigTest, MissingFile) {
  auto r = load_config("/nonexistent/petrel.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("/nonexistent/petrel.toml"), std::string::npos);
}

TEST(ListenAddress, Parse) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:143")->port, 143);
  EXPECT_EQ(parse_listen_address("[::]:993")->host, "::");
  EXPECT_FALSE(parse_listen_address(":143").ok());
  EXPECT_FALSE(parse_listen_address("1.2.3.4:").ok());
  EXPECT_FALSE(parse_listen_address("1.2.3.4:12x").ok());
  EXPECT_FALSE(parse_listen_address("1.2.3.4").ok());
  EXPECT_FALSE(parse_listen_address("").value().enabled());
}

}  // namespace
}  // namespace petrel
