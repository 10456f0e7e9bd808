#pragma once
// A map from message-ids (views into text that outlives the table) to
// values, for THREAD REFERENCES: one flat array probed linearly, so a look-up
// costs about one cache miss instead of a node-based map's several (and
// 100,000 messages' ids cost no allocation each).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace petrel::search {

template <class Value>
class IdTable {
 public:
  // Room for about `expected` ids before the table grows.
  explicit IdTable(size_t expected) { slots_.resize(capacity_for(expected)); }

  // The value of `id`, inserted as `Value{}` when missing; `fresh` says so.
  // The reference stays valid until the next insertion.
  Value& find_or_insert(std::string_view id, bool& fresh) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const uint64_t hash = hash_of(id);
    Slot& slot = probe(slots_, id, hash);
    fresh = !slot.used;
    if (fresh) {
      slot = Slot{hash, id, Value{}, true};
      ++size_;
    }
    return slot.value;
  }
  // The value of `id`, or null when it is missing.
  Value* find(std::string_view id) {
    Slot& slot = probe(slots_, id, hash_of(id));
    return slot.used ? &slot.value : nullptr;
  }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    std::string_view key;
    Value value{};
    bool used = false;
  };

  static size_t capacity_for(size_t expected) {
    size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    return capacity;
  }
  static uint64_t hash_of(std::string_view id) { return std::hash<std::string_view>{}(id); }

  // The slot holding `id`, or the empty one where it belongs.
  static Slot& probe(std::vector<Slot>& slots, std::string_view id, uint64_t hash) {
    const size_t mask = slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots[i];
      if (!slot.used || (slot.hash == hash && slot.key == id)) return slot;
    }
  }

  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (Slot& slot : slots_) {
      if (slot.used) probe(bigger, slot.key, slot.hash) = std::move(slot);
    }
    slots_ = std::move(bigger);
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace petrel::search
