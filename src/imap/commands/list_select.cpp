#include "imap/commands/list_select.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "imap/session/mailbox_name.h"

namespace petrel::imap {

namespace {

constexpr std::string_view kInbox = "INBOX";

bool in_inbox_tree(std::string_view name) {
  return name.substr(0, kInbox.size()) == kInbox &&
         (name.size() == kInbox.size() || name[kInbox.size()] == kHierarchyDelimiter);
}

// The pattern with its leading letters upper-cased as far as they spell the
// start of "INBOX" in any case: "inb*" becomes "INB*". Used for names in
// INBOX's tree only, so "inbound" still needs a pattern that matches it.
std::string inbox_pattern(std::string_view pattern) {
  std::string out(pattern);
  for (std::size_t i = 0; i < out.size() && i < kInbox.size(); ++i) {
    char up = (out[i] >= 'a' && out[i] <= 'z') ? static_cast<char>(out[i] - 'a' + 'A') : out[i];
    if (up != kInbox[i]) break;
    out[i] = up;
  }
  return out;
}

template <typename F>
void for_each_superior(std::string_view name, F&& f) {
  for (auto pos = name.find(kHierarchyDelimiter); pos != std::string_view::npos;
       pos = name.find(kHierarchyDelimiter, pos + 1)) {
    f(name.substr(0, pos));
  }
}

// The patterns of one command, prepared once.
class Matcher {
 public:
  explicit Matcher(const std::vector<std::string>& patterns) {
    for (const std::string& p : patterns) {
      // An empty pattern matches only the empty name, which no mailbox has.
      if (!p.empty()) patterns_.push_back({p, inbox_pattern(p), p.back() == '%'});
    }
  }
  bool matches(std::string_view name) const { return any(name, false); }
  // RFC 9051 6.3.9: when "%" ends a pattern, matching levels of hierarchy
  // are returned too, even without a mailbox of their own.
  bool matches_level(std::string_view name) const { return any(name, true); }

 private:
  bool any(std::string_view name, bool level) const {
    bool inbox = in_inbox_tree(name);
    for (const Pattern& p : patterns_) {
      if (level && !p.ends_in_percent) continue;
      if (list_pattern_matches(inbox ? p.inbox : p.plain, name)) return true;
    }
    return false;
  }
  struct Pattern {
    std::string plain;
    std::string inbox;
    bool ends_in_percent;
  };
  std::vector<Pattern> patterns_;
};

// Lookups over the store's lists. Keys view into those lists, which outlive
// the selection.
struct Index {
  std::unordered_map<std::string_view, const store::MailboxInfo*> mailbox;
  std::unordered_set<std::string_view> parents;  // names with some mailbox below them
  std::unordered_set<std::string_view> subscribed;

  Index(const std::vector<store::MailboxInfo>& mailboxes, const std::vector<std::string>& subs) {
    mailbox.reserve(mailboxes.size());
    for (const store::MailboxInfo& m : mailboxes) {
      mailbox.emplace(m.name, &m);
      for_each_superior(m.name, [&](std::string_view p) { parents.insert(p); });
    }
    subscribed.reserve(subs.size());
    for (const std::string& s : subs) subscribed.insert(s);
  }
};

// The entries found so far, one per name.
class Collector {
 public:
  explicit Collector(const Index& index) : index_(index) {}

  // The entry of `name` (which must view into the store's lists), created
  // as not meeting the criteria when new.
  ListEntry& add(std::string_view name) {
    auto [it, fresh] = positions_.try_emplace(name, entries_.size());
    if (fresh) {
      ListEntry& e = entries_.emplace_back();
      e.name.assign(name);
      auto m = index_.mailbox.find(name);
      e.mailbox = m == index_.mailbox.end() ? nullptr : m->second;
      // Plain LIST reads no subscription list: the mailbox knows.
      e.subscribed = index_.subscribed.count(name) > 0 || (e.mailbox && e.mailbox->subscribed);
      e.has_children = index_.parents.count(name) > 0;
      e.meets_criteria = false;
    }
    return entries_[it->second];
  }
  ListEntry* find(std::string_view name) {
    auto it = positions_.find(name);
    return it == positions_.end() ? nullptr : &entries_[it->second];
  }
  std::vector<ListEntry> finish() {
    std::sort(entries_.begin(), entries_.end(), [](const ListEntry& a, const ListEntry& b) {
      return list_order_less(a.name, b.name);
    });
    return std::move(entries_);
  }

 private:
  const Index& index_;
  std::unordered_map<std::string_view, std::size_t> positions_;
  std::vector<ListEntry> entries_;
};

// LIST without SUBSCRIBED: the existing mailboxes.
void select_mailboxes(const std::vector<store::MailboxInfo>& mailboxes, const Index& index,
                      const Matcher& matcher, bool special_use, Collector& out) {
  for (const store::MailboxInfo& m : mailboxes) {
    if (special_use && m.special_use == 0) continue;
    if (matcher.matches(m.name)) out.add(m.name).meets_criteria = true;
  }
  // Levels without a mailbox are never SPECIAL-USE, and the store keeps
  // every superior as at least a placeholder, so this is a safety net.
  if (special_use) return;
  for (std::string_view p : index.parents) {
    if (index.mailbox.count(p) == 0 && matcher.matches_level(p)) out.add(p);
  }
}

// LIST (SUBSCRIBED ...): the subscribed names, existing or not (RFC 9051
// 6.3.9.1), and with RECURSIVEMATCH the parents of those (6.3.9.6).
void select_subscribed(const std::vector<std::string>& subscriptions, const Index& index,
                       const Matcher& matcher, const ListSelection& sel, Collector& out) {
  auto meets = [&](std::string_view name) {
    if (!sel.special_use) return true;
    auto m = index.mailbox.find(name);
    return m != index.mailbox.end() && m->second->special_use != 0;
  };
  for (const std::string& s : subscriptions) {
    if (meets(s) && matcher.matches(s)) out.add(s).meets_criteria = true;
  }
  if (!sel.recursive_match) return;
  // Parent -> whether one of its qualifying descendants is not returned.
  std::unordered_map<std::string_view, bool> parents;
  for (const std::string& s : subscriptions) {
    if (!meets(s)) continue;
    bool returned = matcher.matches(s);
    for_each_superior(s, [&](std::string_view p) { parents[p] = parents[p] || !returned; });
  }
  for (const auto& [parent, unreturned] : parents) {
    if (!matcher.matches(parent)) continue;
    if (ListEntry* e = out.find(parent)) {
      e->childinfo = true;
    } else if (unreturned) {
      // "Servers SHOULD suppress redundant CHILDINFO responses" (6.3.9.6):
      // a parent that does not qualify itself is returned only for a
      // descendant the client would not see otherwise.
      out.add(parent).childinfo = true;
    }
  }
}

// LSUB (RFC 3501 6.3.9): the subscribed names; with "%", an unsubscribed
// parent of a subscribed name is returned as \Noselect.
void select_lsub(const std::vector<std::string>& subscriptions, const Index& index,
                 const Matcher& matcher, Collector& out) {
  for (const std::string& s : subscriptions) {
    if (matcher.matches(s)) out.add(s).meets_criteria = true;
  }
  for (const std::string& s : subscriptions) {
    for_each_superior(s, [&](std::string_view p) {
      if (index.subscribed.count(p) == 0 && matcher.matches_level(p)) out.add(p);
    });
  }
}

}  // namespace

std::string join_list_pattern(std::string_view reference, std::string_view pattern) {
  std::string out(reference);
  if (!out.empty() && out.back() == kHierarchyDelimiter && !pattern.empty() &&
      pattern.front() == kHierarchyDelimiter) {
    pattern.remove_prefix(1);
  }
  out.append(pattern);
  return out;
}

bool list_patterns_match(const std::vector<std::string>& patterns, std::string_view name) {
  return Matcher(patterns).matches(name);
}

bool list_order_less(std::string_view a, std::string_view b) {
  bool inbox_a = in_inbox_tree(a);
  bool inbox_b = in_inbox_tree(b);
  if (inbox_a != inbox_b) return inbox_a;
  // The delimiter sorts below every other byte (names hold no control
  // characters), which puts each parent right before its children.
  auto key = [](char c) { return c == kHierarchyDelimiter ? 0u : static_cast<unsigned char>(c); };
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return key(a[i]) < key(b[i]);
  }
  return a.size() < b.size();
}

std::vector<ListEntry> select_list_entries(const std::vector<store::MailboxInfo>& mailboxes,
                                           const std::vector<std::string>& subscriptions,
                                           const ListSelection& selection) {
  Index index(mailboxes, subscriptions);
  Matcher matcher(selection.patterns);
  Collector out(index);
  if (selection.lsub) {
    select_lsub(subscriptions, index, matcher, out);
  } else if (selection.subscribed) {
    select_subscribed(subscriptions, index, matcher, selection, out);
  } else {
    select_mailboxes(mailboxes, index, matcher, selection.special_use, out);
  }
  return out.finish();
}

}  // namespace petrel::imap
