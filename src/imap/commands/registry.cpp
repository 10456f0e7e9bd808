#include "imap/commands/registry.h"

#include <array>

namespace petrel::imap {

namespace {

// States per RFC 9051 section 6 (and the RFC of each extension).
constexpr std::array kCommands = {
    CommandSpec{"CAPABILITY", kAnyState, false, false, handle_capability},
    CommandSpec{"NOOP", kAnyState, false, false, handle_noop},
    CommandSpec{"LOGOUT", kAnyState, false, false, handle_logout},
    CommandSpec{"ID", kAnyState, false, false, handle_id},  // RFC 2971
    CommandSpec{"STARTTLS", kNotAuthenticated, false, false, handle_starttls},
    CommandSpec{"LOGIN", kNotAuthenticated, false, true, handle_login},
    CommandSpec{"AUTHENTICATE", kNotAuthenticated, false, true, handle_authenticate},
    // RFC 5161 3.1: ENABLE only in the authenticated state.
    CommandSpec{"ENABLE", kAuthenticated, false, false, handle_enable},
    CommandSpec{"IDLE", kAfterLogin, false, false, handle_idle},  // RFC 2177, RFC 9051 6.3.13
    CommandSpec{"SELECT", kAfterLogin, false, true, handle_select},
    CommandSpec{"EXAMINE", kAfterLogin, false, true, handle_examine},
    CommandSpec{"CREATE", kAfterLogin, false, true, handle_create},
    CommandSpec{"DELETE", kAfterLogin, false, true, handle_delete},
    CommandSpec{"RENAME", kAfterLogin, false, true, handle_rename},
    CommandSpec{"SUBSCRIBE", kAfterLogin, false, true, handle_subscribe},
    CommandSpec{"UNSUBSCRIBE", kAfterLogin, false, true, handle_unsubscribe},
    CommandSpec{"LIST", kAfterLogin, false, true, handle_list},
    CommandSpec{"LSUB", kAfterLogin, false, true, handle_list},  // RFC 3501 6.3.9
    CommandSpec{"NAMESPACE", kAfterLogin, false, false, handle_namespace},
    CommandSpec{"STATUS", kAfterLogin, false, true, handle_status},
    CommandSpec{"APPEND", kAfterLogin, false, true, handle_append},
    CommandSpec{"GETQUOTA", kAfterLogin, false, true, handle_getquota},  // RFC 9208
    CommandSpec{"GETQUOTAROOT", kAfterLogin, false, true, handle_getquotaroot},
    CommandSpec{"SETQUOTA", kAfterLogin, false, true, handle_setquota},
    CommandSpec{"COMPRESS", kAfterLogin, false, false, nullptr},
    CommandSpec{"UNAUTHENTICATE", kAfterLogin, false, false, nullptr},
    CommandSpec{"CLOSE", kSelected, false, true, handle_close},
    CommandSpec{"UNSELECT", kSelected, false, false, handle_unselect},
    CommandSpec{"CHECK", kSelected, false, false, handle_check},
    CommandSpec{"EXPUNGE", kSelected, true, true, handle_expunge},
    CommandSpec{"SEARCH", kSelected, true, true, handle_search},
    CommandSpec{"FETCH", kSelected, true, true, handle_fetch},
    CommandSpec{"STORE", kSelected, true, true, handle_store},
    CommandSpec{"COPY", kSelected, true, true, handle_copy},
    CommandSpec{"MOVE", kSelected, true, true, handle_move},
    CommandSpec{"SORT", kSelected, true, true, handle_sort},
    CommandSpec{"THREAD", kSelected, true, true, handle_thread},
};

}  // namespace

const CommandSpec* find_command(std::string_view name) {
  for (const CommandSpec& spec : kCommands)
    if (spec.name == name) return &spec;
  return nullptr;
}

unsigned state_bit(State state) {
  switch (state) {
    case State::NotAuthenticated:
      return kNotAuthenticated;
    case State::Authenticated:
      return kAuthenticated;
    case State::Selected:
      return kSelected;
    case State::Logout:
      return 0;
  }
  return 0;
}

}  // namespace petrel::imap
