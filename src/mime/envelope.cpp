#include "mime/envelope.h"

#include "mime/address.h"
#include "mime/ascii.h"
#include "mime/header.h"
#include "mime/imap_string.h"

namespace petrel::mime {

void EnvelopeHeaders::add(std::string_view name, std::string_view value) {
  std::optional<std::string_view>* slot = nullptr;
  switch (ascii_lower(name.empty() ? '\0' : name[0])) {
    case 'b':
      if (iequals(name, "bcc")) slot = &bcc;
      break;
    case 'c':
      if (iequals(name, "cc")) slot = &cc;
      break;
    case 'd':
      if (iequals(name, "date")) slot = &date;
      break;
    case 'f':
      if (iequals(name, "from")) slot = &from;
      break;
    case 'i':
      if (iequals(name, "in-reply-to")) slot = &in_reply_to;
      break;
    case 'm':
      if (iequals(name, "message-id")) slot = &message_id;
      break;
    case 'r':
      if (iequals(name, "reply-to")) {
        slot = &reply_to;
      } else if (iequals(name, "references")) {
        slot = &references;
      }
      break;
    case 's':
      if (iequals(name, "subject")) {
        slot = &subject;
      } else if (iequals(name, "sender")) {
        slot = &sender;
      }
      break;
    case 't':
      if (iequals(name, "to")) slot = &to;
      break;
    default:
      break;
  }
  if (slot != nullptr && !*slot) *slot = value;
}

namespace {

void text_field(std::string& out, const std::optional<std::string_view>& v) {
  if (!v) {
    append_nil(out);
  } else {
    append_imap_string(out, unfold(*v));
  }
}

std::vector<Address> addresses(const std::optional<std::string_view>& v) {
  if (!v) return {};
  return parse_address_list(*v);
}

}  // namespace

void append_envelope(std::string& out, const EnvelopeHeaders& h) {
  out.push_back('(');
  text_field(out, h.date);
  out.push_back(' ');
  text_field(out, h.subject);
  out.push_back(' ');
  const auto from = addresses(h.from);
  append_address_list(out, from);
  out.push_back(' ');
  const auto sender = addresses(h.sender);
  append_address_list(out, sender.empty() ? from : sender);
  out.push_back(' ');
  const auto reply_to = addresses(h.reply_to);
  append_address_list(out, reply_to.empty() ? from : reply_to);
  out.push_back(' ');
  append_address_list(out, addresses(h.to));
  out.push_back(' ');
  append_address_list(out, addresses(h.cc));
  out.push_back(' ');
  append_address_list(out, addresses(h.bcc));
  out.push_back(' ');
  text_field(out, h.in_reply_to);
  out.push_back(' ');
  text_field(out, h.message_id);
  out.push_back(')');
}

}  // namespace petrel::mime
