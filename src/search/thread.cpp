#include "search/thread.h"

#include <algorithm>
#include <deque>
#include <string_view>

#include "imap/proto/writer.h"
#include "search/id_table.h"
#include "search/sort.h"

namespace petrel::search {
namespace {

// What threading needs of one message, gathered from the sort table once;
// the strings view the table's text buffers, so no message costs an
// allocation of its own.
struct ThreadMessage {
  uint32_t seq = 0;
  store::Uid uid = 0;
  int64_t date = 0;  // the sent date (RFC 5256 2.2)
  std::string_view subject;
  bool subject_is_reply = false;
  std::string_view message_id;
  std::string_view parents;
};

std::vector<ThreadMessage> thread_messages(const SortTable& table) {
  std::vector<ThreadMessage> out;
  out.reserve(table.matches.size());
  const store::SortRows& rows = table.rows;
  for (size_t i = 0; i < table.matches.size(); ++i) {
    const uint32_t r = table.row[i];
    out.push_back(ThreadMessage{table.matches[i].seq, table.matches[i].uid, sent_date(rows, r),
                                rows.subjects[r], rows.subject_is_reply[r] != 0,
                                rows.message_ids[r], rows.parents[r]});
  }
  return out;
}

// A node of the thread tree; `msg` is null for a dummy (a message that is
// referred to but not in the set).
struct Container {
  const ThreadMessage* msg = nullptr;
  Container* parent = nullptr;
  std::vector<Container*> children;
  // The message it sorts by: its own, or a dummy's first child's, as
  // sort_children() last left them (RFC 5256 4, step 4).
  const ThreadMessage* first = nullptr;
  size_t root_index = 0;  // where group_by_subject() put it among the roots
};

struct Tree {
  std::deque<Container> pool;
  Container* make() { return &pool.emplace_back(); }
};

// By sent date; equal dates in mailbox order (RFC 5256 4). A dummy with
// nothing under it sorts as date 0, number 0.
bool earlier(const Container* a, const Container* b) {
  int64_t da = a->first ? a->first->date : 0, db = b->first ? b->first->date : 0;
  if (da != db) return da < db;
  return (a->first ? a->first->seq : 0) < (b->first ? b->first->seq : 0);
}

// Every container under `roots`, each before its descendants. Reversed, it
// is an order with each container after its descendants: the tree walks
// below use it instead of recursion, since a reply chain can be as deep as
// the mailbox is large and would exhaust the stack.
std::vector<Container*> preorder(const std::vector<Container*>& roots) {
  std::vector<Container*> out;
  std::vector<Container*> pending(roots.rbegin(), roots.rend());
  while (!pending.empty()) {
    Container* c = pending.back();
    pending.pop_back();
    out.push_back(c);
    pending.insert(pending.end(), c->children.rbegin(), c->children.rend());
  }
  return out;
}

// Sorts one level whose containers have their `first` set, then sets the
// parent's `first` (a dummy sorts by its first child).
void sort_level(Container* c) {
  auto& children = c->children;
  if (children.size() > 16) {
    std::stable_sort(children.begin(), children.end(), earlier);
  } else {
    // Most containers have a child or two: a stable insertion sort, without
    // the buffer stable_sort allocates.
    for (size_t i = 1; i < children.size(); ++i) {
      Container* moving = children[i];
      size_t j = i;
      for (; j > 0 && earlier(moving, children[j - 1]); --j) children[j] = children[j - 1];
      children[j] = moving;
    }
  }
  c->first = c->msg ? c->msg : (children.empty() ? nullptr : children.front()->first);
}

// Sorts every level under `roots` (children before parents, since a dummy
// sorts by its first child) and sets their `first`; the roots themselves are
// left in their order.
void sort_children(const std::vector<Container*>& roots) {
  std::vector<Container*> order = preorder(roots);
  for (auto it = order.rbegin(); it != order.rend(); ++it) sort_level(*it);
}

bool is_ancestor(const Container* ancestor, const Container* c) {
  // A new message has no children yet: no walk up a (possibly very long)
  // chain to learn that it is nobody's ancestor.
  if (ancestor->children.empty()) return ancestor == c;
  for (; c; c = c->parent) {
    if (c == ancestor) return true;
  }
  return false;
}

void unlink(Container* c) {
  if (!c->parent) return;
  auto& siblings = c->parent->children;
  siblings.erase(std::find(siblings.begin(), siblings.end(), c));
  c->parent = nullptr;
}

void link(Container* parent, Container* child) {
  child->parent = parent;
  parent->children.push_back(child);
}

// RFC 5256 REFERENCES step (3) for one level whose containers are pruned
// already: drop empty dummies, and promote a dummy's children to its level
// unless it is a root with several children.
std::vector<Container*> prune_level(const std::vector<Container*>& level, Container* parent,
                                    bool root) {
  std::vector<Container*> out;
  for (Container* c : level) {
    if (c->msg || (root && c->children.size() > 1)) {
      out.push_back(c);
      continue;
    }
    for (Container* child : c->children) {
      child->parent = parent;
      out.push_back(child);
    }
    c->children.clear();
  }
  return out;
}

// Step (3) for the whole forest, deepest levels first.
std::vector<Container*> prune(const std::vector<Container*>& roots) {
  std::vector<Container*> order = preorder(roots);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    (*it)->children = prune_level((*it)->children, *it, false);
  }
  return prune_level(roots, nullptr, true);
}

// The message of a container, or of a dummy's first child's.
const ThreadMessage* message_of(const Container* c) {
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? c->msg : nullptr;
}
std::string_view subject_of(const Container* c) {
  const ThreadMessage* m = message_of(c);
  return m ? m->subject : std::string_view();
}
bool is_reply(const Container* c) {
  const ThreadMessage* m = message_of(c);
  return m && m->subject_is_reply;
}

// RFC 5256 REFERENCES step (5): gather roots with the same base subject.
std::vector<Container*> group_by_subject(Tree& tree, std::vector<Container*> roots) {
  IdTable<Container*> table(roots.size());
  for (Container* c : roots) {
    std::string_view subject = subject_of(c);
    if (subject.empty()) continue;
    bool fresh = false;
    Container*& entry = table.find_or_insert(subject, fresh);
    if (fresh) {
      entry = c;
      continue;
    }
    Container* old = entry;
    if ((!c->msg && old->msg) || (old->msg && c->msg && is_reply(old) && !is_reply(c))) {
      entry = c;
    }
  }
  std::vector<Container*> out;
  out.reserve(roots.size());
  auto add_root = [&out](Container* c) {
    c->root_index = out.size();
    out.push_back(c);
  };
  for (Container* c : roots) {
    if (c->parent) continue;  // merged under a new dummy already
    std::string_view subject = subject_of(c);
    Container** slot = subject.empty() ? nullptr : table.find(subject);
    if (!slot || *slot == c) {
      add_root(c);
      continue;
    }
    Container* entry = *slot;
    if (!entry->msg && !c->msg) {
      for (Container* child : c->children) link(entry, child);
      c->children.clear();
    } else if (!entry->msg) {
      link(entry, c);
    } else if (c->msg && is_reply(c) && !is_reply(entry)) {
      link(entry, c);
    } else {
      // Neither is the other's parent: both become children of a new dummy
      // that takes the entry's place among the roots.
      // (The entry is among `out` when its index there names it.)
      Container* dummy = tree.make();
      const bool placed = entry->root_index < out.size() && out[entry->root_index] == entry;
      link(dummy, entry);
      link(dummy, c);
      if (placed) {
        dummy->root_index = entry->root_index;
        out[entry->root_index] = dummy;
      } else {
        add_root(dummy);  // the entry comes later among the roots
      }
      *slot = dummy;
    }
  }
  return out;
}

std::vector<Container*> references(Tree& tree, const std::vector<ThreadMessage>& messages) {
  // The ids view the sort table's buffers, which outlive the tree.
  // Most ids are the messages' own; the table grows for the others.
  IdTable<Container*> ids(messages.size());
  auto container_for = [&](std::string_view id) {
    bool fresh = false;
    Container*& c = ids.find_or_insert(id, fresh);
    if (fresh) c = tree.make();
    return c;
  };
  for (const ThreadMessage& m : messages) {
    Container* self = nullptr;
    if (!m.message_id.empty()) {
      self = container_for(m.message_id);
      if (self->msg) self = nullptr;  // a duplicate id: a container of its own
    }
    if (!self) self = tree.make();
    self->msg = &m;
    // (1B) link the references in order, where that makes no loop and the
    // child has no parent yet.
    Container* prev = nullptr;
    std::string_view refs = m.parents;
    while (!refs.empty()) {
      size_t space = refs.find(' ');
      std::string_view ref = refs.substr(0, space);
      refs = space == std::string_view::npos ? std::string_view() : refs.substr(space + 1);
      if (ref.empty()) continue;
      Container* c = container_for(ref);
      if (prev && !c->parent && c != prev && !is_ancestor(c, prev)) link(prev, c);
      prev = c;
    }
    // (1C) the last reference is the message's parent.
    if (prev && prev != self && !is_ancestor(self, prev)) {
      unlink(self);
      link(prev, self);
    }
  }
  std::vector<Container*> roots;
  for (Container& c : tree.pool) {
    if (!c.parent) roots.push_back(&c);
  }
  roots = prune(roots);
  sort_children(roots);
  std::stable_sort(roots.begin(), roots.end(), earlier);
  roots = group_by_subject(tree, std::move(roots));
  sort_children(roots);
  return roots;
}

std::vector<Container*> ordered_subject(Tree& tree, const std::vector<ThreadMessage>& messages) {
  std::vector<const ThreadMessage*> order;
  order.reserve(messages.size());
  for (const ThreadMessage& m : messages) order.push_back(&m);
  std::stable_sort(order.begin(), order.end(), [](const ThreadMessage* a, const ThreadMessage* b) {
    if (int r = a->subject.compare(b->subject); r != 0) return r < 0;
    return a->date < b->date;
  });
  std::vector<Container*> roots;
  for (size_t i = 0; i < order.size(); ++i) {
    Container* c = tree.make();
    c->msg = order[i];
    c->first = c->msg;
    if (i > 0 && order[i]->subject == order[i - 1]->subject) {
      link(roots.back(), c);
    } else {
      roots.push_back(c);
    }
  }
  std::stable_sort(roots.begin(), roots.end(), earlier);
  return roots;
}

void write_number(std::string& out, const Container* c, bool uid) {
  imap::write_number(out, uid ? c->msg->uid : c->msg->seq);
}

// thread-list (RFC 5256 section 5) for the tree under `root`: a
// parenthesized list of thread-members, then the children's lists when
// there are several. An explicit stack, not recursion (see preorder()).
void write_list(std::string& out, const Container* root, bool uid) {
  std::vector<const Container*> pending{root};  // nullptr: a list's ')'
  while (!pending.empty()) {
    const Container* c = pending.back();
    pending.pop_back();
    if (!c) {
      out += ')';
      continue;
    }
    out += '(';
    pending.push_back(nullptr);
    // thread-members: an only child continues this list.
    bool wrote = false;
    while (true) {
      if (c->msg) {
        if (wrote) out += ' ';
        write_number(out, c, uid);
        wrote = true;
      }
      if (c->children.size() != 1) break;
      c = c->children.front();
    }
    if (c->children.empty()) continue;
    if (wrote) out += ' ';
    pending.insert(pending.end(), c->children.rbegin(), c->children.rend());
  }
}

}  // namespace

std::string thread_matches(const SortTable& table, ThreadAlgorithm algorithm, bool uid) {
  const std::vector<ThreadMessage> messages = thread_messages(table);
  Tree tree;
  std::vector<Container*> roots = algorithm == ThreadAlgorithm::References
                                      ? references(tree, messages)
                                      : ordered_subject(tree, messages);
  std::string out;
  out.reserve(messages.size() * 8);  // a number and a bracket or space each
  for (const Container* c : roots) write_list(out, c, uid);
  return out;
}

}  // namespace petrel::search
