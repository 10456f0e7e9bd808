#include "mime/analysis.h"

#include "mime/address.h"
#include "mime/bodystructure.h"
#include "mime/date.h"
#include "mime/envelope.h"
#include "mime/header.h"
#include "mime/parser.h"
#include "mime/part_tree.h"
#include "mime/rfc2047.h"
#include "mime/text_extract.h"

namespace petrel::mime {

namespace {

HeaderText header_text(const std::optional<std::string_view>& v) {
  HeaderText h;
  if (!v) return h;
  h.present = true;
  h.raw = unfold(*v);
  h.decoded = decode_rfc2047(h.raw);
  return h;
}

std::optional<AddressKey> first_address(const std::optional<std::string_view>& v) {
  if (!v) return std::nullopt;
  const auto list = parse_address_list(*v);
  const Address* a = first_mailbox(list);
  if (a == nullptr) return std::nullopt;
  AddressKey k;
  if (a->name) k.display_name = decode_rfc2047(*a->name);
  k.mailbox = a->mailbox.value_or("");
  k.host = a->host.value_or("");
  k.addr_spec = k.mailbox + "@" + k.host;
  return k;
}

std::string tree_of(const Model& m, std::size_t total) {
  std::vector<PartNode> nodes;
  nodes.reserve(m.parts.size());
  for (const Part& p : m.parts) {
    PartNode n;
    n.header_begin = p.header_begin;
    n.header_end = p.body_begin;
    n.body_begin = p.body_begin;
    n.body_end = p.body_end;
    n.cte = p.cte;
    n.multipart = p.shape == Shape::Multipart;
    n.message = p.shape == Shape::Message && p.embedded && p.child_count == 1;
    n.text = p.is_text;
    n.blank_line = p.blank_line;
    n.parent = p.parent;
    n.child_count = p.child_count;
    nodes.push_back(n);
  }
  return PartTree(std::move(nodes), total).serialize();
}

}  // namespace

Analysis analyze(std::string_view raw, const MimeLimits& limits) {
  Analysis a;
  const Model model = parse_mime(raw, limits);
  const Part& root = model.parts.front();
  const EnvelopeHeaders& env = root.envelope;

  append_envelope(a.envelope, env);
  append_body_structure(a.body, model, false);
  append_body_structure(a.bodystructure, model, true);
  a.part_tree = tree_of(model, raw.size());

  if (env.date) {
    if (auto d = parse_mail_date(unfold(*env.date))) {
      a.date = d->utc;
      a.date_zone_minutes = d->zone_minutes;
    }
  }
  a.subject = header_text(env.subject);
  a.from = header_text(env.from);
  a.to = header_text(env.to);
  a.cc = header_text(env.cc);
  a.bcc = header_text(env.bcc);
  a.message_id = header_text(env.message_id);
  a.in_reply_to = header_text(env.in_reply_to);
  a.references = header_text(env.references);
  a.first_from = first_address(env.from);
  a.first_to = first_address(env.to);

  a.preview = extract_text(raw, model, {}, kPreviewOutput).preview;
  return a;
}

std::string body_text(std::string_view raw, const MimeLimits& limits) {
  const Model model = parse_mime(raw, limits);
  return extract_text(raw, model, {}, kTextOutput).text;
}

}  // namespace petrel::mime
