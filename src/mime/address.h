#pragma once
// RFC 5322 address lists (section 3.4, with the obsolete syntax of 4.4) as
// IMAP's ENVELOPE wants them (RFC 9051 section 7.5.2 and the "address" ABNF):
// display name and local part with quoting removed, source route, domain;
// groups as a start marker (mailbox = group name, host NIL) and an end marker
// (all NIL). Values stay raw: encoded words are not decoded here.
//
// Robustness follows Dovecot where it answers something usable: an address
// without '@' gets host "MISSING_DOMAIN", an empty local part "MISSING_MAILBOX",
// a trailing comment becomes the display name of a bare addr-spec
// ("a@b (Real Name)"). Unlike Dovecot, empty list elements (", ,") are skipped
// (obs-addr-list allows them) and a ';' outside a group separates addresses.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace petrel::mime {

struct Address {
  std::optional<std::string> name;
  std::optional<std::string> adl;
  std::optional<std::string> mailbox;
  std::optional<std::string> host;
  bool is_group_start() const { return !host && mailbox; }
  bool is_group_end() const { return !host && !mailbox; }
};

std::vector<Address> parse_address_list(std::string_view value);

// Appends "(" address... ")" or NIL for an empty list.
void append_address_list(std::string& out, const std::vector<Address>& list);

// The first real mailbox of a list (group markers skipped), if any.
const Address* first_mailbox(const std::vector<Address>& list);

}  // namespace petrel::mime
