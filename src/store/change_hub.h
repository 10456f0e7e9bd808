#pragma once
// Change notification: after a commit the store tells whoever listens which
// mailbox changed and its new HIGHESTMODSEQ; listeners then catch up with
// UserStore::changes_since(). A notice carries no change itself, so any
// source can feed it: the embedded writer after its commit, or a PostgreSQL
// LISTEN/NOTIFY payload "<mailbox> <modseq>" arriving from another node.
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/types.h"

namespace petrel::store {

struct ChangeNotice {
  enum class Kind {
    Messages,  // messages were added, changed or expunged
    Renamed,   // the mailbox (or an ancestor) has a new name
    Removed,   // deleted, or turned into a \Noselect placeholder
  };
  MailboxId mailbox = 0;
  ModSeq highest_modseq = 0;  // after the commit (Messages); 0 otherwise
  Kind kind = Kind::Messages;
  bool operator==(const ChangeNotice&) const = default;
};

// Called on the store's thread right after the commit and before the write
// that caused it returns: it must be quick and must not call back into the
// store synchronously (post to an executor instead).
using ChangeListener = std::function<void(const ChangeNotice&)>;

inline constexpr MailboxId kAnyMailbox = 0;

class ChangeHub;

// Keeps a listener registered while it lives. Destroying it (or reset())
// unregisters, and waits for a call in progress on another thread to return,
// so the listener's captures may be destroyed right after. It may be
// destroyed from inside its own listener.
class ChangeSubscription {
 public:
  struct Entry;
  struct Registry;
  ChangeSubscription() = default;
  ChangeSubscription(std::weak_ptr<Registry> registry, std::shared_ptr<Entry> entry);
  ChangeSubscription(ChangeSubscription&&) noexcept = default;
  ChangeSubscription& operator=(ChangeSubscription&& other) noexcept;
  ChangeSubscription(const ChangeSubscription&) = delete;
  ChangeSubscription& operator=(const ChangeSubscription&) = delete;
  ~ChangeSubscription() { reset(); }
  void reset();
  bool active() const { return entry_ != nullptr; }

 private:
  std::weak_ptr<Registry> registry_;
  std::shared_ptr<Entry> entry_;
};

// The registry of listeners of one user store. Thread-safe.
class ChangeHub {
 public:
  ChangeHub();
  // Listens to one mailbox, or to all of the user's mailboxes with kAnyMailbox.
  ChangeSubscription subscribe(MailboxId mailbox, ChangeListener listener);
  // Calls every matching listener, in order, on this thread.
  void publish(const std::vector<ChangeNotice>& notices);

 private:
  std::shared_ptr<ChangeSubscription::Registry> registry_;
};

}  // namespace petrel::store
