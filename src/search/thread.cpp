#include "search/thread.h"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>

#include "search/sort.h"
#include "store/sort_keys.h"

namespace petrel::search {
namespace {

// A node of the thread tree; `msg` is null for a dummy (a message that is
// referred to but not in the set).
struct Container {
  const Match* msg = nullptr;
  Container* parent = nullptr;
  std::vector<Container*> children;
};

struct Tree {
  std::deque<Container> pool;
  Container* make() { return &pool.emplace_back(); }
};

// The date a container sorts by: its message's, or a dummy's first child's.
int64_t date_of(const Container* c) {
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? sent_date(*c->msg) : 0;
}
uint32_t seq_of(const Container* c) {
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? c->msg->seq : 0;
}
bool earlier(const Container* a, const Container* b) {
  int64_t da = date_of(a), db = date_of(b);
  if (da != db) return da < db;
  return seq_of(a) < seq_of(b);  // equal dates: mailbox order (RFC 5256 4)
}

void sort_children(Container* c) {
  for (Container* child : c->children) sort_children(child);
  std::stable_sort(c->children.begin(), c->children.end(), earlier);
}

bool is_ancestor(const Container* ancestor, const Container* c) {
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

// RFC 5256 REFERENCES step (3): drop empty dummies, and promote a dummy's
// children to its level unless it is a root with several children.
std::vector<Container*> prune(const std::vector<Container*>& level, Container* parent, bool root) {
  std::vector<Container*> out;
  for (Container* c : level) {
    c->children = prune(c->children, c, false);
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

// The sort keys of a container's message, or of a dummy's first child's.
const store::SortKeys& keys_of(const Container* c) {
  static const store::SortKeys kNone;
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? sort_keys(*c->msg) : kNone;
}
const std::string& subject_of(const Container* c) { return keys_of(c).subject; }
bool is_reply(const Container* c) { return keys_of(c).subject_is_reply; }

// RFC 5256 REFERENCES step (5): gather roots with the same base subject.
std::vector<Container*> group_by_subject(Tree& tree, std::vector<Container*> roots) {
  std::unordered_map<std::string, Container*> table;
  for (Container* c : roots) {
    const std::string& subject = subject_of(c);
    if (subject.empty()) continue;
    auto [it, fresh] = table.emplace(subject, c);
    if (fresh) continue;
    Container* old = it->second;
    if ((!c->msg && old->msg) || (old->msg && c->msg && is_reply(old) && !is_reply(c))) {
      it->second = c;
    }
  }
  std::vector<Container*> out;
  for (Container* c : roots) {
    if (c->parent) continue;  // merged under a new dummy already
    const std::string& subject = subject_of(c);
    auto it = subject.empty() ? table.end() : table.find(subject);
    if (it == table.end() || it->second == c) {
      out.push_back(c);
      continue;
    }
    Container* entry = it->second;
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
      Container* dummy = tree.make();
      auto pos = std::find(out.begin(), out.end(), entry);
      link(dummy, entry);
      link(dummy, c);
      if (pos != out.end()) {
        *pos = dummy;
      } else {
        out.push_back(dummy);  // the entry comes later among the roots
      }
      it->second = dummy;
    }
  }
  return out;
}

std::vector<Container*> references(Tree& tree, const std::vector<Match>& matches) {
  std::unordered_map<std::string, Container*> ids;
  auto container_for = [&](std::string_view id) {
    auto [it, fresh] = ids.try_emplace(std::string(id), nullptr);
    if (fresh) it->second = tree.make();
    return it->second;
  };
  for (const Match& m : matches) {
    const store::SortKeys& k = sort_keys(m);
    Container* self = nullptr;
    if (!k.message_id.empty()) {
      self = container_for(k.message_id);
      if (self->msg) self = nullptr;  // a duplicate id: a container of its own
    }
    if (!self) self = tree.make();
    self->msg = &m;
    // (1B) link the references in order, where that makes no loop and the
    // child has no parent yet.
    Container* prev = nullptr;
    std::string_view refs = k.parents;
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
  roots = prune(roots, nullptr, true);
  for (Container* c : roots) sort_children(c);
  std::stable_sort(roots.begin(), roots.end(), earlier);
  roots = group_by_subject(tree, std::move(roots));
  for (Container* c : roots) sort_children(c);
  return roots;
}

std::vector<Container*> ordered_subject(Tree& tree, const std::vector<Match>& matches) {
  std::vector<const Match*> order;
  order.reserve(matches.size());
  for (const Match& m : matches) order.push_back(&m);
  auto subject = [](const Match* m) -> const std::string& { return sort_keys(*m).subject; };
  std::stable_sort(order.begin(), order.end(), [&](const Match* a, const Match* b) {
    if (int r = subject(a).compare(subject(b)); r != 0) return r < 0;
    return sent_date(*a) < sent_date(*b);
  });
  std::vector<Container*> roots;
  for (size_t i = 0; i < order.size(); ++i) {
    Container* c = tree.make();
    c->msg = order[i];
    if (i > 0 && subject(order[i]) == subject(order[i - 1])) {
      link(roots.back(), c);
    } else {
      roots.push_back(c);
    }
  }
  std::stable_sort(roots.begin(), roots.end(), earlier);
  return roots;
}

void write_number(std::string& out, const Container* c, bool uid) {
  out += std::to_string(uid ? c->msg->uid : c->msg->seq);
}

void write_list(std::string& out, const Container* c, bool uid);

// thread-members [SP thread-nested] (RFC 5256 section 5).
void write_chain(std::string& out, const Container* c, bool uid) {
  bool wrote = false;
  if (c->msg) {
    write_number(out, c, uid);
    wrote = true;
  }
  if (c->children.size() == 1) {
    if (wrote) out += ' ';
    write_chain(out, c->children.front(), uid);
  } else if (!c->children.empty()) {
    if (wrote) out += ' ';
    for (const Container* child : c->children) write_list(out, child, uid);
  }
}

void write_list(std::string& out, const Container* c, bool uid) {
  out += '(';
  write_chain(out, c, uid);
  out += ')';
}

}  // namespace

std::string thread_matches(const std::vector<Match>& matches, ThreadAlgorithm algorithm, bool uid) {
  Tree tree;
  std::vector<Container*> roots = algorithm == ThreadAlgorithm::References
                                      ? references(tree, matches)
                                      : ordered_subject(tree, matches);
  std::string out;
  for (const Container* c : roots) write_list(out, c, uid);
  return out;
}

}  // namespace petrel::search
