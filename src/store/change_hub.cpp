#include "store/change_hub.h"

#include <algorithm>

namespace petrel::store {

struct ChangeSubscription::Entry {
  MailboxId mailbox = kAnyMailbox;
  ChangeListener listener;
  // Held while the listener runs, so unregistering waits for a running call.
  // Recursive: a listener may drop its own subscription.
  std::recursive_mutex call_mutex;
  bool active = true;
};

struct ChangeSubscription::Registry {
  std::mutex mutex;
  std::vector<std::shared_ptr<Entry>> entries;
};

ChangeSubscription::ChangeSubscription(std::weak_ptr<Registry> registry,
                                       std::shared_ptr<Entry> entry)
    : registry_(std::move(registry)), entry_(std::move(entry)) {}

ChangeSubscription& ChangeSubscription::operator=(ChangeSubscription&& other) noexcept {
  if (this != &other) {
    reset();
    registry_ = std::move(other.registry_);
    entry_ = std::move(other.entry_);
  }
  return *this;
}

void ChangeSubscription::reset() {
  if (!entry_) return;
  {
    std::lock_guard call(entry_->call_mutex);
    entry_->active = false;
  }
  if (auto registry = registry_.lock()) {
    std::lock_guard lock(registry->mutex);
    std::erase(registry->entries, entry_);
  }
  entry_.reset();
  registry_.reset();
}

ChangeHub::ChangeHub() : registry_(std::make_shared<ChangeSubscription::Registry>()) {}

ChangeSubscription ChangeHub::subscribe(MailboxId mailbox, ChangeListener listener) {
  auto entry = std::make_shared<ChangeSubscription::Entry>();
  entry->mailbox = mailbox;
  entry->listener = std::move(listener);
  {
    std::lock_guard lock(registry_->mutex);
    registry_->entries.push_back(entry);
  }
  return ChangeSubscription(registry_, std::move(entry));
}

void ChangeHub::publish(const std::vector<ChangeNotice>& notices) {
  if (notices.empty()) return;
  // Copy the matching entries so listeners run without the registry lock:
  // they may subscribe or unsubscribe while being called.
  std::vector<std::shared_ptr<ChangeSubscription::Entry>> entries;
  {
    std::lock_guard lock(registry_->mutex);
    entries = registry_->entries;
  }
  for (const auto& notice : notices) {
    for (const auto& entry : entries) {
      if (entry->mailbox != kAnyMailbox && entry->mailbox != notice.mailbox) continue;
      std::lock_guard call(entry->call_mutex);
      if (entry->active) entry->listener(notice);
    }
  }
}

}  // namespace petrel::store
