#pragma once
// The STATUS data items by their wire names: one table for the parser, the
// command formatter and the STATUS response.
#include <string_view>

#include "imap/proto/command.h"

namespace petrel::imap {

struct StatusItemName {
  std::string_view name;
  StatusItem item;
};

inline constexpr StatusItemName kStatusItemNames[] = {
    {"MESSAGES", StatusItem::Messages},
    {"RECENT", StatusItem::Recent},
    {"UIDNEXT", StatusItem::UidNext},
    {"UIDVALIDITY", StatusItem::UidValidity},
    {"UNSEEN", StatusItem::Unseen},
    {"DELETED", StatusItem::Deleted},
    {"SIZE", StatusItem::Size},
    {"HIGHESTMODSEQ", StatusItem::HighestModSeq},
    {"APPENDLIMIT", StatusItem::AppendLimit},
    {"MAILBOXID", StatusItem::MailboxId},
    {"DELETED-STORAGE", StatusItem::DeletedStorage},
};

constexpr std::string_view status_item_name(StatusItem item) {
  for (const StatusItemName& s : kStatusItemNames) {
    if (s.item == item) return s.name;
  }
  return "";
}

}  // namespace petrel::imap
