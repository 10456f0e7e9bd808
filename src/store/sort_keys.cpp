#include "store/sort_keys.h"

#include "mime/address.h"
#include "mime/rfc2047.h"
#include "store/base_subject.h"
#include "store/search_text.h"

namespace petrel::store {
namespace {

// RFC 5256 3: FROM, TO, CC sort by the addr-mailbox (local part) of the
// first address; a missing one sorts as the empty string.
std::string first_mailbox_key(const std::string& raw) {
  auto list = mime::parse_address_list(raw);
  const mime::Address* a = mime::first_mailbox(list);
  if (a == nullptr || !a->mailbox) return "";
  return fold_search_string(*a->mailbox);
}

// RFC 5957: the display name of the first mailbox, or its addr-spec.
std::string display_key(const std::string& raw) {
  auto list = mime::parse_address_list(raw);
  const mime::Address* a = mime::first_mailbox(list);
  if (a == nullptr) return "";
  if (a->name && !a->name->empty()) return fold_search_string(mime::decode_rfc2047(*a->name));
  std::string spec = a->mailbox.value_or("");
  if (a->host) spec += "@" + *a->host;
  return fold_search_string(spec);
}

std::string join(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ' ';
    out += id;
  }
  return out;
}

}  // namespace

std::vector<std::string> message_ids(const std::string& raw) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = raw.find('<', pos)) != std::string::npos) {
    size_t end = raw.find('>', pos);
    if (end == std::string::npos) break;
    std::string id;
    for (size_t i = pos + 1; i < end; ++i) {
      // Whitespace (folding included) is not part of a msg-id.
      if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\r' && raw[i] != '\n') id += raw[i];
    }
    if (!id.empty()) out.push_back(id);
    pos = end + 1;
  }
  return out;
}

SortKeys make_sort_keys(const HeaderFields& h) {
  SortKeys k;
  k.date = h.date;
  k.subject = base_subject(h.subject.decoded);
  k.subject_is_reply = is_reply_or_forward(h.subject.decoded);
  k.from = first_mailbox_key(h.from.raw);
  k.to = first_mailbox_key(h.to.raw);
  k.cc = first_mailbox_key(h.cc.raw);
  k.display_from = display_key(h.from.raw);
  k.display_to = display_key(h.to.raw);
  auto own = message_ids(h.message_id.raw);
  if (!own.empty()) k.message_id = own.front();
  auto refs = message_ids(h.references.raw);
  if (refs.empty()) {
    auto irt = message_ids(h.in_reply_to.raw);
    if (!irt.empty()) refs.push_back(irt.front());
  }
  k.parents = join(refs);
  return k;
}

}  // namespace petrel::store
