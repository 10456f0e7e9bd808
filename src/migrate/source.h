#pragma once
// What the importer reads from any source (Maildir folder, mbox file): one
// mailbox at a time, its messages in the order to append them.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/types.h"
#include "util/result.h"

namespace petrel::migrate {

struct SourceMessage {
  std::string bytes;  // as in the source; line ends are normalized on import
  store::SystemFlags flags = 0;
  std::vector<std::string> keywords;
  int64_t internal_date = 0;  // epoch seconds; 0: now
  store::Uid uid = 0;         // the source's UID (dovecot-uidlist); 0: none
};

struct SourceMailbox {
  std::string name;                    // Petrel mailbox name (UTF-8, "/")
  store::UidValidity uidvalidity = 0;  // 0: the source has no UIDs to keep
  store::Uid next_uid = 0;             // the source's UIDNEXT (with uidvalidity)
  size_t count = 0;                    // messages, for the progress display
  // Yields the messages: those with a UID first, ascending, then the rest.
  // nullopt at the end; an Error for a message that cannot be read (the
  // importer reports it and goes on).
  std::function<std::optional<Result<SourceMessage>>()> next;
};

}  // namespace petrel::migrate
