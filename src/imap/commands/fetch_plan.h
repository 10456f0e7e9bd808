#pragma once
// FETCH planning: from the requested data items to what the store must be
// asked for. Metadata comes from UserStore::fetch() limited to the column
// groups the items name; message bytes are read only for body sections, and
// only the window of bytes they need (UserStore::read_message offset and
// length), so BODY.PEEK[HEADER] of a 20 MB message reads its header only.
#include <cstdint>
#include <optional>
#include <vector>

#include "imap/proto/command.h"
#include "mime/part_tree.h"
#include "store/message.h"

namespace petrel::imap {

struct FetchPlan {
  // The requested items, duplicates dropped (BODY[1] and BODY.PEEK[1] have
  // the same response name), in request order.
  std::vector<FetchAtt> atts;
  store::FetchFields fields = 0;
  bool uid = false;                // UID FETCH: every response names the UID (RFC 9051 6.4.9)
  bool sets_seen = false;          // a non-PEEK body item (RFC 9051 6.4.5)
  bool modseq_always = false;      // MODSEQ asked for, or CHANGEDSINCE (RFC 7162 3.1.4.1)
  bool modseq_with_flags = false;  // CONDSTORE on: FLAGS travel with MODSEQ (RFC 7162 3.1)
  bool reads_bytes = false;        // some item needs the message bytes
  bool needs_tree = false;         // some item needs the stored part tree
};

// `condstore`: the session has CONDSTORE enabled (after this command's
// enabling, if it is one).
FetchPlan plan_fetch(const FetchArgs& args, bool uid_command, bool condstore);

// True for an item that carries message content: BODY[...], BINARY[...],
// BINARY.SIZE[...] and the RFC822 forms.
bool is_content_item(const FetchAtt& att);

// The window [offset, offset + length) of a message's bytes that the content
// items of `atts` need; length may be store::kWholeMessage. Offset is 0
// unless every such item is a partial of the whole message (BODY[]<o.n>),
// the case of clients that download big messages in chunks. nullopt when
// nothing needs to be read (e.g. only sections that do not exist).
struct ByteWindow {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};
std::optional<ByteWindow> byte_window(const std::vector<FetchAtt>& atts,
                                      const mime::PartTree& tree);

// Uids of `set` in ascending chunks of at most `max` UIDs each: metadata is
// fetched chunk by chunk so that 1:* on a large mailbox stays bounded.
class UidChunker {
 public:
  UidChunker(const store::UidSet& set, std::uint32_t max) : set_(set), max_(max) {}
  // The next chunk; false when the set is exhausted.
  bool next(store::UidSet& chunk);

 private:
  const store::UidSet& set_;
  std::uint32_t max_;
  std::size_t range_ = 0;
  store::Uid from_ = 0;  // first UID of range_ not yet handed out (0: its start)
};

}  // namespace petrel::imap
