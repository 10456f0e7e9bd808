// CREATE (RFC 9051 6.3.4) with the USE parameter of CREATE-SPECIAL-USE
// (RFC 6154 3).
#include <fmt/format.h>

#include <optional>

#include "imap/commands/registry.h"
#include "imap/proto/chars.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/special_use.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// The bits of `attrs`, or the first attribute that cannot be given.
std::optional<std::string_view> special_use_bits(const std::vector<std::string>& attrs,
                                                 store::SpecialUse& bits) {
  bits = 0;
  for (const std::string& attr : attrs) {
    const SpecialUseName* found = nullptr;
    for (const SpecialUseName& use : kSpecialUseNames) {
      if ((use.bit & kCreatableSpecialUse) && chars::iequals(attr, use.name)) found = &use;
    }
    if (!found) return attr;
    bits |= found->bit;
  }
  return std::nullopt;
}

}  // namespace

Outcome handle_create(Session& session, const Command& command) {
  const auto& args = std::get<CreateArgs>(command.args);
  // RFC 9051 6.3.4: a trailing delimiter only declares that children will
  // follow; the mailbox is created without it.
  std::string_view wire = args.mailbox;
  if (wire.size() > 1 && wire.back() == kHierarchyDelimiter) wire.remove_suffix(1);
  auto name = decode_mailbox_name(wire, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  store::SpecialUse use = 0;
  if (auto refused = special_use_bits(args.special_use, use)) {
    session.tagged(command.tag, Status::No, "USEATTR",
                   fmt::format("Special use {} is not supported", *refused));
    return {};
  }
  // Superior levels are created as needed; INBOX and existing names are
  // AlreadyExists (NO [ALREADYEXISTS]).
  auto created = session.mail().create_mailbox(*name, use);
  if (!created) {
    reply_store_error(session, command.tag, created.error());
    return {};
  }
  // RFC 8474 4.1: the new mailbox's MAILBOXID.
  session.tagged(command.tag, Status::Ok, fmt::format("MAILBOXID ({})", created->object_id),
                 "CREATE completed");
  return {};
}

}  // namespace petrel::imap
