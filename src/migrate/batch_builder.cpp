#include "migrate/batch_builder.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "imap/commands/message_builder.h"

namespace petrel::migrate {
namespace {

// Below this, a thread costs more than it saves.
constexpr size_t kMinPerThread = 16;

// Takes messages one at a time from `next` (sizes vary from 1 KB to
// megabytes, so fixed slices would leave threads idle).
void build_some(std::vector<SourceMessage>& in, std::vector<store::NewMessage>& out,
                std::atomic<size_t>& next, int64_t now) {
  for (size_t i = next++; i < in.size(); i = next++) {
    SourceMessage& m = in[i];
    store::NewMessage message = imap::build_message(std::move(m.bytes));
    message.flags = m.flags;
    message.keywords = std::move(m.keywords);
    message.internal_date = m.internal_date ? m.internal_date : now;
    out[i] = std::move(message);
  }
}

}  // namespace

size_t parse_threads(size_t threads) {
  if (threads) return threads;
  return std::max<size_t>(1, std::thread::hardware_concurrency());
}

std::vector<store::NewMessage> build_batch(std::vector<SourceMessage>& messages, size_t threads,
                                           int64_t now) {
  std::vector<store::NewMessage> out(messages.size());
  size_t n = std::clamp<size_t>(messages.size() / kMinPerThread, 1, parse_threads(threads));
  std::atomic<size_t> next{0};
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < n; ++t) {
    helpers.emplace_back(build_some, std::ref(messages), std::ref(out), std::ref(next), now);
  }
  build_some(messages, out, next, now);
  for (auto& h : helpers) h.join();
  return out;
}

}  // namespace petrel::migrate
