// The session state machine without sockets: commands in, wire text out.
#include "imap/session/session.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "auth/login_throttle.h"
#include "auth/user_directory.h"
#include "store/mem/mem_store.h"

namespace petrel::imap {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  SessionTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("petrel-session-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())),
        users_(dir_),
        throttle_(auth::ThrottleLimits{3, std::chrono::seconds(60), std::chrono::milliseconds(500),
                                       std::chrono::milliseconds(2000)}),
        store_(store::make_memory_store()),
        context_{config_, users_, throttle_, *store_} {
    config_.limits.max_bad_commands = 5;
    EXPECT_TRUE(users_.add("alice", "secret").ok());
  }
  ~SessionTest() override { std::filesystem::remove_all(dir_); }

  Session make(bool loopback = true, bool tls = false, bool starttls = true) {
    return Session(context_, ConnectionInfo{"192.0.2.1", loopback, tls, starttls});
  }

  static Command cmd(std::string tag, std::string name, CommandArgs args = NoArgs{},
                     bool uid = false) {
    return Command{std::move(tag), std::move(name), uid, std::move(args)};
  }

  // Post-login capabilities grow with each extension; what matters here is
  // the form of the reply and that pre-login ones are gone.
  static void expect_logged_in(const std::string& out, const std::string& tag) {
    EXPECT_EQ(out.rfind(tag + " OK [CAPABILITY IMAP4rev2 IMAP4rev1 LITERAL+ ENABLE ID IDLE ", 0), 0u)
        << out;
    EXPECT_NE(out.find("] Logged in\r\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("AUTH="), std::string::npos) << out;
    EXPECT_EQ(out.find("STARTTLS"), std::string::npos) << out;
  }

  static std::string take(Session& s) {
    std::string out;
    out.swap(s.output());
    return out;
  }

  std::filesystem::path dir_;
  Config config_;
  auth::UserDirectory users_;
  auth::LoginThrottle throttle_;
  std::unique_ptr<store::Store> store_;
  ServerContext context_;
};

TEST_F(SessionTest, GreetingCarriesCapabilities) {
  Session s = make();
  s.greet();
  EXPECT_EQ(take(s),
            "* OK [CAPABILITY IMAP4rev2 IMAP4rev1 LITERAL+ ENABLE ID IDLE SASL-IR STARTTLS "
            "AUTH=PLAIN AUTH=LOGIN] Petrel ready\r\n");
}

TEST_F(SessionTest, PlaintextAuthRefusedOffLoopbackWithoutTls) {
  Session s = make(/*loopback=*/false);
  EXPECT_NE(s.capabilities().find("LOGINDISABLED"), std::string::npos);
  EXPECT_EQ(s.capabilities().find("AUTH=PLAIN"), std::string::npos);
  s.execute(cmd("a", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(take(s),
            "a NO [PRIVACYREQUIRED] Plaintext authentication is disabled; use STARTTLS or the "
            "TLS port\r\n");
  EXPECT_EQ(s.state(), State::NotAuthenticated);
  s.tls_started();
  EXPECT_EQ(s.capabilities().find("STARTTLS"), std::string::npos);
  EXPECT_NE(s.capabilities().find("AUTH=PLAIN"), std::string::npos);
  s.execute(cmd("b", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(s.state(), State::Authenticated);
}

TEST_F(SessionTest, AllowPlaintextConfig) {
  config_.auth.allow_plaintext_auth = true;
  Session s = make(/*loopback=*/false);
  EXPECT_TRUE(s.plaintext_auth_allowed());
}

TEST_F(SessionTest, LoginSuccessAndCapabilitiesAfter) {
  Session s = make();
  auto outcome = s.execute(cmd("a", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(outcome.next, Next::Read);
  EXPECT_EQ(outcome.delay.count(), 0);
  expect_logged_in(take(s), "a");
  EXPECT_EQ(s.state(), State::Authenticated);
  EXPECT_EQ(s.user(), "alice");
  s.execute(cmd("b", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(take(s), "b BAD LOGIN is not allowed after login\r\n");
}

TEST_F(SessionTest, FailedLoginsAreDelayedThenBlocked) {
  Session s = make();
  auto first = s.execute(cmd("a", "LOGIN", LoginArgs{"alice", "wrong"}));
  EXPECT_EQ(take(s), "a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  EXPECT_EQ(first.delay, std::chrono::milliseconds(500));
  auto second = s.execute(cmd("b", "LOGIN", LoginArgs{"nobody", "x"}));
  EXPECT_EQ(second.delay, std::chrono::milliseconds(1000));
  take(s);
  s.execute(cmd("c", "LOGIN", LoginArgs{"alice", "wrong"}));
  take(s);
  // max_failures (3) reached: even the right password is refused for now.
  auto blocked = s.execute(cmd("d", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(take(s), "d NO [UNAVAILABLE] Too many failed logins; try again later\r\n");
  EXPECT_GT(blocked.delay.count(), 0);
  EXPECT_EQ(s.state(), State::NotAuthenticated);
}

TEST_F(SessionTest, StateGate) {
  Session s = make();
  s.execute(cmd("a", "SELECT", SelectArgs{"INBOX"}));
  EXPECT_EQ(take(s), "a BAD SELECT is not allowed before login\r\n");
  s.execute(cmd("b", "FROB"));
  EXPECT_EQ(take(s), "b BAD Unknown command\r\n");
  s.execute(cmd("c", "CAPABILITY", NoArgs{}, /*uid=*/true));
  EXPECT_EQ(take(s), "c BAD UID CAPABILITY is not a command\r\n");
  s.execute(cmd("d", "LOGIN", LoginArgs{"alice", "secret"}));
  take(s);
  s.execute(cmd("e", "FETCH", FetchArgs{}));
  EXPECT_EQ(take(s), "e BAD FETCH is not allowed without a selected mailbox\r\n");
  s.execute(cmd("f", "STARTTLS"));
  EXPECT_EQ(take(s), "f BAD STARTTLS is not allowed after login\r\n");
}

TEST_F(SessionTest, TooManyBadCommandsEndTheSession) {
  Session s = make();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.execute(cmd("x", "FROB")).next, Next::Read);
  EXPECT_EQ(s.execute(cmd("x", "FROB")).next, Next::Close);
  EXPECT_NE(take(s).find("* BYE Too many invalid commands\r\n"), std::string::npos);
}

TEST_F(SessionTest, GoodCommandResetsBadCount) {
  Session s = make();
  for (int i = 0; i < 4; ++i) s.execute(cmd("x", "FROB"));
  s.execute(cmd("n", "NOOP"));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.execute(cmd("x", "FROB")).next, Next::Read);
}

TEST_F(SessionTest, RejectedCommandsAnswerAndFatalCloses) {
  Session s = make();
  s.reject(CommandError{"t", ErrorKind::No, "TOOBIG", "Literal too big", false});
  EXPECT_EQ(take(s), "t NO [TOOBIG] Literal too big\r\n");
  s.reject(CommandError{"", ErrorKind::Bad, "", "Missing tag", false});
  EXPECT_EQ(take(s), "* BAD Missing tag\r\n");
  auto outcome = s.reject(CommandError{"u", ErrorKind::Bad, "TOOBIG", "Too big", true});
  EXPECT_EQ(outcome.next, Next::Close);
  EXPECT_EQ(take(s), "u BAD [TOOBIG] Too big\r\n* BYE Cannot continue after that error\r\n");
}

TEST_F(SessionTest, LogoutStarttlsNoopIdEnable) {
  Session s = make();
  EXPECT_EQ(s.execute(cmd("a", "STARTTLS")).next, Next::StartTls);
  EXPECT_EQ(take(s), "a OK Begin TLS negotiation now\r\n");
  s.tls_started();
  EXPECT_EQ(s.execute(cmd("b", "STARTTLS")).next, Next::Read);
  EXPECT_EQ(take(s), "b BAD TLS is already active\r\n");
  s.execute(cmd("c", "NOOP"));
  EXPECT_EQ(take(s), "c OK NOOP completed\r\n");
  s.execute(cmd("d", "ID", IdArgs{}));
  EXPECT_EQ(take(s), "* ID (\"name\" \"Petrel\" \"version\" \"" PETREL_VERSION
                     "\")\r\nd OK ID completed\r\n");
  s.execute(cmd("e", "ENABLE", EnableArgs{{"IMAP4REV2"}}));
  EXPECT_EQ(take(s), "e BAD ENABLE is not allowed before login\r\n");
  s.execute(cmd("f", "LOGIN", LoginArgs{"alice", "secret"}));
  take(s);
  s.execute(cmd("g", "ENABLE", EnableArgs{{"IMAP4REV2", "X-UNKNOWN"}}));
  EXPECT_EQ(take(s), "* ENABLED IMAP4rev2\r\ng OK ENABLE completed\r\n");
  EXPECT_TRUE(s.is_enabled("IMAP4rev2"));
  s.execute(cmd("h", "ENABLE", EnableArgs{{"IMAP4rev2"}}));
  EXPECT_EQ(take(s), "* ENABLED\r\nh OK ENABLE completed\r\n");
  EXPECT_FALSE(s.utf8_names() && !s.rev2());
  s.execute(cmd("i", "ENABLE", EnableArgs{{"UTF8=ACCEPT"}}));
  EXPECT_EQ(take(s), "* ENABLED UTF8=ACCEPT\r\ni OK ENABLE completed\r\n");
  EXPECT_TRUE(s.utf8_names());
  EXPECT_EQ(s.execute(cmd("z", "LOGOUT")).next, Next::Close);
  EXPECT_EQ(take(s), "* BYE Logging out\r\nz OK LOGOUT completed\r\n");
  EXPECT_EQ(s.state(), State::Logout);
}

TEST_F(SessionTest, IdleWaitsForDone) {
  Session s = make();
  s.execute(cmd("a", "LOGIN", LoginArgs{"alice", "secret"}));
  take(s);
  EXPECT_EQ(s.execute(cmd("b", "IDLE")).next, Next::ReadLine);
  EXPECT_EQ(take(s), "+ idling\r\n");
  EXPECT_EQ(s.inactivity_timeout(), config_.timeouts.idle);
  EXPECT_EQ(s.continue_line("done").next, Next::Read);
  EXPECT_EQ(take(s), "b OK IDLE terminated\r\n");
  s.execute(cmd("c", "IDLE"));
  take(s);
  s.continue_line("NOPE");
  EXPECT_EQ(take(s), "c BAD Expected DONE to end IDLE\r\n");
}

TEST_F(SessionTest, AuthenticatePlainWithContinuation) {
  Session s = make();
  EXPECT_EQ(s.execute(cmd("a", "AUTHENTICATE", AuthenticateArgs{"PLAIN", std::nullopt})).next,
            Next::ReadLine);
  EXPECT_EQ(take(s), "+ \r\n");
  EXPECT_TRUE(s.line_runs_on_worker());
  EXPECT_EQ(s.continue_line("AGFsaWNlAHNlY3JldA==").next, Next::Read);  // \0alice\0secret
  expect_logged_in(take(s), "a");
  EXPECT_EQ(s.state(), State::Authenticated);
}

TEST_F(SessionTest, AuthenticateCancelAndBadBase64) {
  Session s = make();
  s.execute(cmd("a", "AUTHENTICATE", AuthenticateArgs{"PLAIN", std::nullopt}));
  take(s);
  s.continue_line("*");
  EXPECT_EQ(take(s), "a BAD Authentication cancelled\r\n");
  s.execute(cmd("b", "AUTHENTICATE", AuthenticateArgs{"PLAIN", "%%%"}));
  EXPECT_EQ(take(s), "b BAD Invalid base64 in initial response\r\n");
  s.execute(cmd("c", "AUTHENTICATE", AuthenticateArgs{"CRAM-MD5", std::nullopt}));
  EXPECT_EQ(take(s), "c NO Unsupported authentication mechanism\r\n");
  s.execute(cmd("d", "AUTHENTICATE", AuthenticateArgs{"LOGIN", "YWxpY2U="}));
  EXPECT_EQ(take(s), "+ UGFzc3dvcmQ6\r\n");  // "Password:"
  s.continue_line("c2VjcmV0");
  EXPECT_EQ(s.state(), State::Authenticated);
}

TEST_F(SessionTest, TighterLimitsBeforeLogin) {
  Session s = make();
  EXPECT_EQ(s.reader_limits().max_line, config_.limits.preauth_max_line);
  EXPECT_EQ(s.reader_limits().max_literal, config_.limits.preauth_max_literal);
  EXPECT_EQ(s.inactivity_timeout(), config_.timeouts.preauth);
  s.execute(cmd("a", "LOGIN", LoginArgs{"alice", "secret"}));
  EXPECT_EQ(s.reader_limits().max_line, config_.limits.max_line);
  EXPECT_EQ(s.reader_limits().max_literal, config_.limits.max_literal);
  EXPECT_EQ(s.inactivity_timeout(), config_.timeouts.authenticated);
}

}  // namespace
}  // namespace petrel::imap
