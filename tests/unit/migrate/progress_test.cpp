// The import progress display: a bar redrawn in place on a terminal, plain
// lines otherwise (what `petrel import` picks with isatty()).
#include "migrate/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace petrel::migrate {
namespace {

// Everything written to `out` so far.
std::string contents(std::FILE* out) {
  std::fflush(out);
  std::rewind(out);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) text.append(buf, n);
  return text;
}

TEST(Progress, TerminalGetsABarRedrawnInPlace) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  Progress progress(out, true, 100);
  progress.advance(50);  // the first call always draws
  progress.advance(50);  // within 200 ms of the last draw: not drawn
  progress.finish();
  std::string text = contents(out);
  std::fclose(out);
  // Two draws, each starting with a carriage return and clearing the rest
  // of the line; only the final one ends the line.
  EXPECT_EQ(text.rfind("\r[###############               ] 50/100 messages, ", 0), 0u) << text;
  EXPECT_NE(text.find("\r[##############################] 100/100 messages, "), std::string::npos)
      << text;
  EXPECT_NE(text.find("\x1b[K"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find("progress:"), std::string::npos);
}

TEST(Progress, TerminalShowsTimeLeftWhileRunning) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  Progress progress(out, true, 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  progress.advance(10);
  std::string text = contents(out);
  std::fclose(out);
  EXPECT_NE(text.find(" msg/s, "), std::string::npos) << text;
  EXPECT_NE(text.find(" left"), std::string::npos) << text;
}

TEST(Progress, NotATerminalGetsPlainLinesWithoutEscapes) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  Progress progress(out, false, 10);
  progress.advance(4);
  progress.advance(3);  // within 5 s of the last line: not drawn
  progress.advance(3);
  progress.finish();
  std::string text = contents(out);
  std::fclose(out);
  EXPECT_EQ(text.rfind("progress: 4/10 messages, ", 0), 0u) << text;
  EXPECT_NE(text.find("\nprogress: 10/10 messages, "), std::string::npos) << text;
  EXPECT_NE(text.find(" (done)\n"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('['), std::string::npos);
}

TEST(Progress, UnknownTotalAndPhaseName) {
  std::FILE* out = std::tmpfile();
  ASSERT_NE(out, nullptr);
  Progress progress(out, false, 0, "search index");
  progress.advance(2000);
  progress.finish();
  std::string text = contents(out);
  std::fclose(out);
  EXPECT_EQ(text.rfind("search index: 2000 messages, ", 0), 0u) << text;
  EXPECT_EQ(text.find("2000/"), std::string::npos) << text;  // no total
}

}  // namespace
}  // namespace petrel::migrate
