#include "lmtp/session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <ctime>

#include "lmtp/smtp_syntax.h"

namespace petrel::lmtp {
namespace {

int local_zone_minutes(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return static_cast<int>(tm.tm_gmtoff / 60);
}

std::optional<uint64_t> parse_number(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// "VERB args" -> (VERB upper-cased, args).
std::pair<std::string, std::string_view> split_command(std::string_view line) {
  auto space = line.find(' ');
  std::string verb(line.substr(0, space));
  for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view args = space == std::string_view::npos ? "" : line.substr(space + 1);
  return {verb, args};
}

}  // namespace

Session::Session(SessionOptions options, Deliverer& deliverer)
    : options_(std::move(options)), deliverer_(deliverer) {}

void Session::reply(std::string_view text) {
  out_ += text;
  out_ += "\r\n";
}

void Session::greet() { reply(fmt::format("220 {} Petrel LMTP ready", options_.hostname)); }

void Session::abort(std::string_view text) { reply(text); }

void Session::feed(std::string_view bytes) {
  // Drop what was consumed before growing the buffer.
  if (in_pos_ > 0) {
    in_.erase(0, in_pos_);
    in_pos_ = 0;
  }
  in_.append(bytes);
}

// One line without its line end (CRLF, or a bare LF as lenient servers
// take it). A line longer than `limit` is reported once with `too_long`
// and its bytes are skipped up to its end, never buffered whole.
bool Session::next_line(std::string& line, std::size_t limit, bool& too_long) {
  too_long = false;
  while (true) {
    auto lf = in_.find('\n', in_pos_);
    if (discarding_) {
      if (lf == std::string::npos) {
        in_pos_ = in_.size();
        return false;
      }
      in_pos_ = lf + 1;
      discarding_ = false;
      continue;
    }
    if (lf == std::string::npos) {
      if (in_.size() - in_pos_ > limit) {
        in_pos_ = in_.size();
        discarding_ = true;
        too_long = true;
        return true;
      }
      return false;
    }
    std::size_t end = lf;
    if (end > in_pos_ && in_[end - 1] == '\r') --end;
    if (end - in_pos_ > limit) {
      in_pos_ = lf + 1;
      too_long = true;
      return true;
    }
    line.assign(in_, in_pos_, end - in_pos_);
    in_pos_ = lf + 1;
    return true;
  }
}

Next Session::step() {
  std::string line;
  bool too_long = false;
  while (true) {
    if (state_ == State::Data) {
      if (!next_line(line, options_.limits.max_data_line, too_long)) return Next::Read;
      if (too_long) {
        line_too_long_ = true;
        continue;
      }
      if (line == ".") {
        work_ = {Work::Kind::Deliver, ""};
        return Next::Work;
      }
      data_line(line);
      continue;
    }
    if (!next_line(line, options_.limits.max_command_line, too_long)) return Next::Read;
    if (too_long) {
      reply("500 5.5.2 Line too long");
      continue;
    }
    Next next = command(line);
    if (next != Next::Read) return next;
  }
}

void Session::data_line(std::string_view line) {
  // RFC 5321 4.5.2: a leading dot was doubled by the client.
  if (!line.empty() && line.front() == '.') line.remove_prefix(1);
  if (oversize_) return;
  if (message_.size() + line.size() + 2 > options_.limits.max_message_size) {
    // Read to the end, keep nothing: one reply per recipient says why.
    oversize_ = true;
    message_.clear();
    message_.shrink_to_fit();
    return;
  }
  message_ += line;
  message_ += "\r\n";
}

Next Session::command(std::string_view line) {
  auto [verb, args] = split_command(line);
  if (verb == "LHLO") {
    lhlo(args);
  } else if (verb == "HELO" || verb == "EHLO") {
    // RFC 2033 4.1: LMTP has its own greeting, so an SMTP client that
    // reached this port by mistake learns it at once.
    reply("500 5.5.1 This is an LMTP server: use LHLO");
  } else if (verb == "MAIL") {
    mail(args);
  } else if (verb == "RCPT") {
    return rcpt(args);
  } else if (verb == "DATA") {
    data(args);
  } else if (verb == "RSET") {
    if (state_ != State::Start) state_ = State::Ready;
    reset_transaction();
    reply("250 2.0.0 Ok");
  } else if (verb == "NOOP") {
    reply("250 2.0.0 Ok");
  } else if (verb == "QUIT") {
    reply("221 2.0.0 Bye");
    return Next::Close;
  } else if (verb == "VRFY" || verb == "EXPN") {
    // RFC 5321 3.5.3: not verifying is allowed; 252 says "send it anyway".
    reply("252 2.5.2 Cannot verify the user, but will accept the message");
  } else if (verb == "HELP") {
    reply("214 2.0.0 Commands: LHLO MAIL RCPT DATA RSET NOOP QUIT VRFY");
  } else {
    reply("500 5.5.2 Command not recognized");
  }
  return Next::Read;
}

void Session::lhlo(std::string_view args) {
  if (args.empty()) {
    reply("501 5.5.4 LHLO needs a host name");
    return;
  }
  // RFC 5321 4.1.4: a greeting resets any transaction.
  reset_transaction();
  state_ = State::Ready;
  reply(fmt::format("250-{}", options_.hostname));
  reply("250-PIPELINING");
  reply("250-ENHANCEDSTATUSCODES");
  reply("250-8BITMIME");
  reply(fmt::format("250 SIZE {}", options_.limits.max_message_size));
}

void Session::mail(std::string_view args) {
  if (state_ == State::Start) return reply("503 5.5.1 Send LHLO first");
  if (state_ != State::Ready) return reply("503 5.5.1 Nested MAIL command");
  auto parsed = parse_path_argument(args, "FROM");
  if (!parsed) return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
  uint64_t size = 0;
  for (const auto& [name, value] : parsed->params) {
    if (name == "SIZE") {
      auto n = parse_number(value);
      if (!n) return reply("501 5.5.4 Bad SIZE parameter");
      // RFC 1870 6.2: refuse at MAIL FROM what will not fit.
      if (*n > options_.limits.max_message_size) {
        return reply("552 5.3.4 Message size exceeds fixed maximum message size");
      }
      size = *n;
    } else if (name == "BODY") {
      // RFC 6152: both kinds are stored as they come.
      if (!iequals(value, "7BIT") && !iequals(value, "8BITMIME")) {
        return reply("501 5.5.4 BODY must be 7BIT or 8BITMIME");
      }
    } else {
      return reply(fmt::format("555 5.5.4 Unsupported parameter {}", name));
    }
  }
  reverse_path_ = std::move(parsed->path);
  declared_size_ = size;
  state_ = State::Mail;
  reply("250 2.1.0 Ok");
}

Next Session::rcpt(std::string_view args) {
  if (state_ != State::Mail) {
    reply("503 5.5.1 Need MAIL before RCPT");
    return Next::Read;
  }
  auto parsed = parse_path_argument(args, "TO");
  if (!parsed) {
    reply("501 5.5.4 Syntax: RCPT TO:<address>");
    return Next::Read;
  }
  if (!parsed->params.empty()) {
    reply(fmt::format("555 5.5.4 Unsupported parameter {}", parsed->params.front().first));
    return Next::Read;
  }
  if (parsed->path.empty()) {
    reply("501 5.1.3 Empty recipient address");
    return Next::Read;
  }
  if (recipients_.size() >= options_.limits.max_recipients) {
    // RFC 5321 4.5.3.1.10: 452, the client sends the rest later.
    reply("452 4.5.3 Too many recipients");
    return Next::Read;
  }
  work_ = {Work::Kind::Recipient, std::move(parsed->path)};
  return Next::Work;
}

void Session::data(std::string_view args) {
  if (!args.empty()) return reply("501 5.5.4 DATA takes no arguments");
  if (state_ != State::Mail) return reply("503 5.5.1 Need MAIL before DATA");
  // RFC 2033 4.2: without a valid recipient DATA fails.
  if (recipients_.empty()) return reply("503 5.5.1 No valid recipients");
  state_ = State::Data;
  reply("354 Start mail input; end with <CRLF>.<CRLF>");
}

void Session::run_work() {
  Work work = std::move(work_);
  work_ = {};
  if (work.kind == Work::Kind::Recipient) recipient_work(work.address);
  if (work.kind == Work::Kind::Deliver) deliver_work();
}

void Session::recipient_work(const std::string& address) {
  auto recipient = deliverer_.resolve(address);
  if (!recipient) return reply("550 5.1.1 No such user here");
  DeliveryStatus status = deliverer_.precheck(*recipient, declared_size_);
  switch (status.result) {
    case DeliveryResult::Delivered:
      recipients_.push_back(std::move(*recipient));
      return reply("250 2.1.5 Ok");
    case DeliveryResult::OverQuota:
      return reply(options_.quota_tempfail ? "452 4.2.2 Mailbox is full"
                                           : "552 5.2.2 Mailbox is full");
    default:
      return reply("451 4.3.0 Temporary failure; try again later");
  }
}

void Session::deliver_work() {
  std::string problem;
  if (oversize_) problem = "552 5.3.4 Message size exceeds fixed maximum message size";
  if (line_too_long_) problem = "554 5.6.0 Message has a line too long";
  if (problem.empty()) {
    std::time_t now = std::time(nullptr);
    deliver_all(PreparedMessage(reverse_path_, std::move(message_), static_cast<int64_t>(now),
                                local_zone_minutes(now)));
  } else {
    // RFC 2033 4.2: one reply per accepted recipient, also for a refusal.
    for (std::size_t i = 0; i < recipients_.size(); ++i) reply(problem);
  }
  state_ = State::Ready;
  reset_transaction();
}

// RFC 2033 4.2: one reply per accepted recipient, in RCPT order.
void Session::deliver_all(const PreparedMessage& message) {
  for (const Recipient& r : recipients_) {
    DeliveryStatus status = deliverer_.deliver(r, message);
    switch (status.result) {
      case DeliveryResult::Delivered:
        spdlog::info("delivered user={} mailbox={} size={} from=<{}> peer={}", r.user,
                     status.mailbox, message.size(), reverse_path_, options_.peer);
        reply(fmt::format("250 2.0.0 <{}> Saved", r.address));
        break;
      case DeliveryResult::OverQuota:
        reply(options_.quota_tempfail ? "452 4.2.2 Mailbox is full" : "552 5.2.2 Mailbox is full");
        break;
      case DeliveryResult::UnknownUser:
        reply("550 5.1.1 No such user here");
        break;
      case DeliveryResult::PermanentFailure:
      case DeliveryResult::CannotCreate:
        reply("554 5.3.0 Message refused by the mail store");
        break;
      case DeliveryResult::TemporaryFailure:
        reply("451 4.3.0 Temporary failure; try again later");
        break;
    }
  }
}

void Session::peer_closed() {
  if (state_ == State::Data) {
    spdlog::info("lmtp-aborted peer={} reason=closed-during-data bytes={}", options_.peer,
                 message_.size());
  }
  reset_transaction();
}

void Session::reset_transaction() {
  reverse_path_.clear();
  declared_size_ = 0;
  recipients_.clear();
  message_.clear();
  oversize_ = false;
  line_too_long_ = false;
  if (state_ == State::Mail || state_ == State::Data) state_ = State::Ready;
}

}  // namespace petrel::lmtp
