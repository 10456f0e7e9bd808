#pragma once
// The one table of IMAP commands: which states allow each, whether it may
// block, and its handler. Session::execute is the only state gate.
#include <string_view>

#include "imap/session/session.h"

namespace petrel::imap {

using Handler = Outcome (*)(Session&, const Command&);

enum StateMask : unsigned {
  kNotAuthenticated = 1u << 0,
  kAuthenticated = 1u << 1,
  kSelected = 1u << 2,
  kAnyState = kNotAuthenticated | kAuthenticated | kSelected,
  kAfterLogin = kAuthenticated | kSelected,
};

struct CommandSpec {
  std::string_view name;
  unsigned states;
  bool uid_form;  // also valid as "UID <name>"
  bool blocking;  // may block (password hashing, storage): runs on a worker thread
  Handler handler;  // nullptr: parsed and state-checked, served by a later release
};

// nullptr when the name is not an IMAP command Petrel knows.
const CommandSpec* find_command(std::string_view name);

unsigned state_bit(State state);

// Handlers, one file each.
Outcome handle_capability(Session&, const Command&);
Outcome handle_noop(Session&, const Command&);
Outcome handle_logout(Session&, const Command&);
Outcome handle_id(Session&, const Command&);
Outcome handle_starttls(Session&, const Command&);
Outcome handle_login(Session&, const Command&);
Outcome handle_authenticate(Session&, const Command&);
Outcome handle_enable(Session&, const Command&);
Outcome handle_idle(Session&, const Command&);
// Mailbox commands (create.cpp ... status.cpp).
Outcome handle_create(Session&, const Command&);
Outcome handle_delete(Session&, const Command&);
Outcome handle_rename(Session&, const Command&);
Outcome handle_subscribe(Session&, const Command&);
Outcome handle_unsubscribe(Session&, const Command&);
Outcome handle_list(Session&, const Command&);  // LIST and LSUB
Outcome handle_namespace(Session&, const Command&);
Outcome handle_status(Session&, const Command&);
// Message commands (select.cpp ... move.cpp).
Outcome handle_select(Session&, const Command&);
Outcome handle_examine(Session&, const Command&);
Outcome handle_close(Session&, const Command&);
Outcome handle_unselect(Session&, const Command&);
Outcome handle_check(Session&, const Command&);
Outcome handle_append(Session&, const Command&);
Outcome handle_store(Session&, const Command&);
Outcome handle_copy(Session&, const Command&);
Outcome handle_move(Session&, const Command&);
Outcome handle_expunge(Session&, const Command&);
Outcome handle_fetch(Session&, const Command&);  // fetch.cpp, fetch_*.cpp
// SEARCH, SORT, THREAD (search.cpp, sort.cpp, thread.cpp; src/search).
Outcome handle_search(Session&, const Command&);
Outcome handle_sort(Session&, const Command&);
Outcome handle_thread(Session&, const Command&);
// QUOTA (quota.cpp).
Outcome handle_getquota(Session&, const Command&);
Outcome handle_getquotaroot(Session&, const Command&);
Outcome handle_setquota(Session&, const Command&);

}  // namespace petrel::imap
