#include "search/thread.h"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>

#include "search/base_subject.h"
#include "search/sort.h"

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

// The "<...>" message ids of a header value, in order.
std::vector<std::string> message_ids(const std::string& raw) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = raw.find('<', pos)) != std::string::npos) {
    size_t end = raw.find('>', pos);
    if (end == std::string::npos) break;
    std::string id;
    for (size_t i = pos + 1; i < end; ++i) {
      if (raw[i] != ' ' && raw[i] != '\t') id += raw[i];
    }
    if (!id.empty()) out.push_back(id);
    pos = end + 1;
  }
  return out;
}

// The date a container sorts by: its message's, or a dummy's first child's.
int64_t date_of(const Container* c) {
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? sent_date(c->msg->meta) : 0;
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

const std::string& subject_of(const Container* c) {
  static const std::string kEmpty;
  while (c && !c->msg) c = c->children.empty() ? nullptr : c->children.front();
  return c ? c->msg->meta.parsed.headers.subject.decoded : kEmpty;
}

// RFC 5256 REFERENCES step (5): gather roots with the same base subject.
std::vector<Container*> group_by_subject(Tree& tree, std::vector<Container*> roots) {
  std::unordered_map<std::string, Container*> table;
  for (Container* c : roots) {
    std::string subject = base_subject(subject_of(c));
    if (subject.empty()) continue;
    auto [it, fresh] = table.emplace(subject, c);
    if (fresh) continue;
    Container* old = it->second;
    if ((!c->msg && old->msg) || (old->msg && c->msg && is_reply_or_forward(subject_of(old)) &&
                                  !is_reply_or_forward(subject_of(c)))) {
      it->second = c;
    }
  }
  std::vector<Container*> out;
  for (Container* c : roots) {
    if (c->parent) continue;  // merged under a new dummy already
    std::string subject = base_subject(subject_of(c));
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
    } else if (c->msg && is_reply_or_forward(subject_of(c)) &&
               !is_reply_or_forward(subject_of(entry))) {
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
  auto container_for = [&](const std::string& id) {
    auto [it, fresh] = ids.emplace(id, nullptr);
    if (fresh) it->second = tree.make();
    return it->second;
  };
  for (const Match& m : matches) {
    const store::HeaderFields& h = m.meta.parsed.headers;
    auto own = message_ids(h.message_id.raw);
    Container* self = nullptr;
    if (!own.empty()) {
      self = container_for(own.front());
      if (self->msg) self = nullptr;  // a duplicate id: a container of its own
    }
    if (!self) self = tree.make();
    self->msg = &m;
    auto refs = message_ids(h.references.raw);
    if (refs.empty()) {
      auto irt = message_ids(h.in_reply_to.raw);
      if (!irt.empty()) refs.push_back(irt.front());
    }
    // (1B) link the references in order, where that makes no loop and the
    // child has no parent yet.
    Container* prev = nullptr;
    for (const std::string& ref : refs) {
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
  std::vector<std::string> subjects(matches.size());
  for (size_t i = 0; i < matches.size(); ++i) {
    order.push_back(&matches[i]);
    subjects[i] = base_subject(matches[i].meta.parsed.headers.subject.decoded);
  }
  auto subject = [&](const Match* m) -> const std::string& {
    return subjects[static_cast<size_t>(m - matches.data())];
  };
  std::stable_sort(order.begin(), order.end(), [&](const Match* a, const Match* b) {
    if (int r = subject(a).compare(subject(b)); r != 0) return r < 0;
    return sent_date(a->meta) < sent_date(b->meta);
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
  out += std::to_string(uid ? c->msg->meta.state.uid : c->msg->seq);
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
