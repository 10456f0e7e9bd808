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
    CommandSpec{"SELECT", kAfterLogin, false, true, nullptr},
    CommandSpec{"EXAMINE", kAfterLogin, false, true, nullptr},
    CommandSpec{"CREATE", kAfterLogin, false, true, nullptr},
    CommandSpec{"DELETE", kAfterLogin, false, true, nullptr},
    CommandSpec{"RENAME", kAfterLogin, false, true, nullptr},
    CommandSpec{"SUBSCRIBE", kAfterLogin, false, true, nullptr},
    CommandSpec{"UNSUBSCRIBE", kAfterLogin, false, true, nullptr},
    CommandSpec{"LIST", kAfterLogin, false, true, nullptr},
    CommandSpec{"LSUB", kAfterLogin, false, true, nullptr},
    CommandSpec{"NAMESPACE", kAfterLogin, false, true, nullptr},
    CommandSpec{"STATUS", kAfterLogin, false, true, nullptr},
    CommandSpec{"APPEND", kAfterLogin, false, true, nullptr},
    CommandSpec{"GETQUOTA", kAfterLogin, false, true, nullptr},
    CommandSpec{"GETQUOTAROOT", kAfterLogin, false, true, nullptr},
    CommandSpec{"SETQUOTA", kAfterLogin, false, true, nullptr},
    CommandSpec{"COMPRESS", kAfterLogin, false, false, nullptr},
    CommandSpec{"UNAUTHENTICATE", kAfterLogin, false, false, nullptr},
    CommandSpec{"CLOSE", kSelected, false, true, nullptr},
    CommandSpec{"UNSELECT", kSelected, false, true, nullptr},
    CommandSpec{"CHECK", kSelected, false, true, nullptr},
    CommandSpec{"EXPUNGE", kSelected, true, true, nullptr},
    CommandSpec{"SEARCH", kSelected, true, true, nullptr},
    CommandSpec{"FETCH", kSelected, true, true, nullptr},
    CommandSpec{"STORE", kSelected, true, true, nullptr},
    CommandSpec{"COPY", kSelected, true, true, nullptr},
    CommandSpec{"MOVE", kSelected, true, true, nullptr},
    CommandSpec{"SORT", kSelected, true, true, nullptr},
    CommandSpec{"THREAD", kSelected, true, true, nullptr},
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
