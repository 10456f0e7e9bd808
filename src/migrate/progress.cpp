#include "migrate/progress.h"

#include <fmt/format.h>

namespace petrel::migrate {

Progress::Progress(std::FILE* out, bool terminal, size_t total, std::string what)
    : out_(out), terminal_(terminal), total_(total), what_(std::move(what)) {}

void Progress::advance(size_t n) {
  done_ += n;
  auto now = std::chrono::steady_clock::now();
  // A terminal is redrawn 5 times a second; a log gets a line every 5 s.
  auto every = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  if (now - last_draw_ >= every) {
    last_draw_ = now;
    draw(false);
  }
}

void Progress::finish() { draw(true); }

std::string Progress::describe() const {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  std::string text =
      total_ ? fmt::format("{}/{} messages", done_, total_) : fmt::format("{} messages", done_);
  text += fmt::format(", {:.0f} msg/s", rate);
  if (total_ && rate > 0 && done_ < total_) {
    auto left = static_cast<long>(static_cast<double>(total_ - done_) / rate);
    text += fmt::format(", {}:{:02}:{:02} left", left / 3600, left / 60 % 60, left % 60);
  } else {
    text += fmt::format(", {:.1f} s", seconds);
  }
  return text;
}

void Progress::draw(bool final) {
  if (terminal_) {
    std::string bar;
    if (total_) {
      constexpr size_t kWidth = 30;
      size_t filled = std::min(kWidth, done_ * kWidth / total_);
      // fmt, not string operator+: GCC 12 -O3 warns falsely (-Wrestrict) on the latter.
      bar = fmt::format("[{:#<{}}{: <{}}] ", "", filled, "", kWidth - filled);
    }
    // \r and clear-to-end-of-line: the bar is redrawn in place.
    fmt::print(out_, "\r{}{}\x1b[K{}", bar, describe(), final ? "\n" : "");
  } else {
    fmt::print(out_, "{}: {}{}\n", what_, describe(), final ? " (done)" : "");
  }
  std::fflush(out_);
}

}  // namespace petrel::migrate
