#pragma once
// A message received for delivery, parsed once for all its recipients.
//
// Final delivery adds a Return-Path (RFC 5321 4.4), the same for everyone,
// and a Delivered-To naming each recipient (the loop-detection header of
// Postfix, Dovecot and qmail). The MIME analysis is done once on the message
// with its Return-Path; for each recipient the Delivered-To line is inserted
// right after it and the stored part offsets are shifted by its length,
// which is exactly what parsing the recipient's copy would give. Where that
// cannot be guaranteed (the header does not end with a blank line, or a
// leading mbox "From " line), each copy is parsed on its own instead.
#include <optional>
#include <string>
#include <string_view>

#include "store/message.h"

namespace petrel::lmtp {

class PreparedMessage {
 public:
  // `reverse_path` without angle brackets ("" for the null sender; nullopt
  // when unknown: no Return-Path is added); `bytes` as received (bare LFs
  // become CRLF); `now` is the INTERNALDATE.
  PreparedMessage(std::optional<std::string_view> reverse_path, std::string bytes, int64_t now,
                  int32_t tz_minutes);

  // The message to store for `recipient`, with its Delivered-To line.
  store::NewMessage for_recipient(std::string_view recipient) const;

  std::size_t size() const { return base_.bytes.size(); }
  // How many times the MIME parser ran (1 for any number of recipients in
  // the common case); for tests.
  int parse_count() const { return parses_; }

 private:
  store::NewMessage base_;     // Return-Path + message, analysed
  std::size_t insert_at_ = 0;  // after the Return-Path line
  bool shiftable_ = false;
  mutable int parses_ = 0;
};

// "Delivered-To: <address>" CRLF, with CR, LF and NUL removed from the address.
std::string delivered_to_line(std::string_view recipient);

}  // namespace petrel::lmtp
