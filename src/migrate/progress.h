#pragma once
// Import progress: on a terminal a bar redrawn in place (count, messages/s,
// time left); otherwise a plain line every few seconds, for logs.
#include <chrono>
#include <cstdio>
#include <string>

namespace petrel::migrate {

class Progress {
 public:
  // `out` is where to draw; `terminal` picks the bar; `total` may be 0
  // (unknown: no bar, no time left); `what` names the phase in plain lines.
  Progress(std::FILE* out, bool terminal, size_t total, std::string what = "progress");
  // Records `n` more messages handled and redraws when due.
  void advance(size_t n);
  // The final line (always printed).
  void finish();
  size_t done() const { return done_; }

 private:
  void draw(bool final);
  std::string describe() const;

  std::FILE* out_;
  bool terminal_;
  size_t total_;
  std::string what_;
  size_t done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace petrel::migrate
