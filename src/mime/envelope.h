#pragma once
// The ENVELOPE structure (RFC 9051 section 7.5.2): date, subject, from,
// sender, reply-to, to, cc, bcc, in-reply-to, message-id. Values are sent raw
// (not RFC 2047 decoded), unfolded and trimmed; an absent field is NIL, a
// present but empty date/subject/in-reply-to/message-id is "", an empty
// address list is NIL, and sender/reply-to default to from when absent or
// empty (the server does this so that clients need not).
#include <optional>
#include <string>
#include <string_view>

namespace petrel::mime {

// Raw values (as found after the colon, folding included) of the first
// occurrence of each field; nullopt when the field is absent.
struct EnvelopeHeaders {
  std::optional<std::string_view> date;
  std::optional<std::string_view> subject;
  std::optional<std::string_view> from;
  std::optional<std::string_view> sender;
  std::optional<std::string_view> reply_to;
  std::optional<std::string_view> to;
  std::optional<std::string_view> cc;
  std::optional<std::string_view> bcc;
  std::optional<std::string_view> in_reply_to;
  std::optional<std::string_view> message_id;
  std::optional<std::string_view> references;  // not in ENVELOPE; kept for SEARCH/THREAD

  // Records `value` if `name` is one of the fields above and not seen yet.
  void add(std::string_view name, std::string_view value);
};

void append_envelope(std::string& out, const EnvelopeHeaders& h);

// ENVELOPE of a part that has no parsed header (an opaque message/rfc822).
inline constexpr std::string_view kEmptyEnvelope = "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";

}  // namespace petrel::mime
