#pragma once
// RFC 6154 special-use attributes by name: one table for CREATE's USE
// parameter, the LIST attributes and SELECT's rev2 LIST response.
#include <string>
#include <string_view>

#include "store/types.h"

namespace petrel::imap {

struct SpecialUseName {
  store::SpecialUse bit;
  std::string_view name;
};

// In the order of RFC 6154 2, which is the order they are written in.
inline constexpr SpecialUseName kSpecialUseNames[] = {
    {store::kAll, "\\All"},       {store::kArchive, "\\Archive"},
    {store::kDrafts, "\\Drafts"}, {store::kFlaggedUse, "\\Flagged"},
    {store::kJunk, "\\Junk"},     {store::kSent, "\\Sent"},
    {store::kTrash, "\\Trash"},
};

// \All and \Flagged name virtual collections of messages from other
// mailboxes (RFC 6154 2), which Petrel does not build: an ordinary mailbox
// carrying them would mislead clients, so CREATE refuses them.
inline constexpr store::SpecialUse kCreatableSpecialUse =
    store::kArchive | store::kDrafts | store::kJunk | store::kSent | store::kTrash;

// Appends " \Name" for each attribute of `use`.
inline void append_special_use(std::string& out, store::SpecialUse use) {
  for (const SpecialUseName& s : kSpecialUseNames) {
    if (use & s.bit) {
      out += ' ';
      out += s.name;
    }
  }
}

}  // namespace petrel::imap
