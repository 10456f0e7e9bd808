#pragma once
// One client connection: a coroutine on its own strand that moves bytes
// between the transport, the incremental command reader and the session.
#include <array>
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <memory>

#include "imap/proto/command_reader.h"
#include "imap/session/session.h"
#include "net/transport.h"

namespace petrel::net {

class Server;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Server& server, asio::ip::tcp::socket socket, imap::ConnectionInfo info,
             bool implicit_tls);
  ~Connection();

  // Runs the connection to its end; call once, on the connection's strand.
  asio::awaitable<void> run();
  // Asks the connection to end after the command in progress (SIGTERM).
  // Thread-safe: hops to the connection's strand.
  void request_shutdown();
  asio::any_io_executor executor() { return transport_.socket().get_executor(); }

 private:
  asio::awaitable<void> serve();
  asio::awaitable<bool> handle_command(imap::Command command);
  asio::awaitable<bool> handle_line(std::string line);
  asio::awaitable<bool> finish(imap::Outcome outcome);
  asio::awaitable<imap::Outcome> on_worker(bool use_worker, std::function<imap::Outcome()> step);
  // Writes the pending output, then `extra` (bytes a handler owns).
  asio::awaitable<void> flush(std::string_view extra = {});
  // From a worker running a handler: writes the pending output and `extra`,
  // waits (Session::set_output_drain).
  imap::Session::Drain drain_from_worker(std::string_view extra);
  asio::awaitable<void> watchdog();
  void arm_deadline(std::chrono::steady_clock::duration timeout);
  // On the strand, after a store notice: interrupts a read in IDLE so the
  // session can push the change (serve() then calls push_changes()).
  void wake_for_changes();

  Server& server_;
  Transport transport_;
  bool implicit_tls_;
  imap::Session session_;
  imap::CommandReader reader_;
  imap::Next next_ = imap::Next::Read;
  asio::steady_timer deadline_;
  bool timed_out_ = false;
  bool shutting_down_ = false;
  bool done_ = false;
  bool reading_ = false;  // waiting in read_some()
  // For the session's closing log line.
  uint64_t bytes_in_ = 0;
  uint64_t bytes_out_ = 0;
  uint64_t commands_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace petrel::net
