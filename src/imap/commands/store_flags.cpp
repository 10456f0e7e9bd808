// STORE and UID STORE (RFC 9051 6.4.6, 6.4.9) with CONDSTORE's
// UNCHANGEDSINCE modifier (RFC 7162 3.1.3).
#include <strings.h>

#include <algorithm>

#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/proto/writer.h"
#include "imap/session/flags_format.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

store::FlagChange::Op op_of(StoreMode mode) {
  switch (mode) {
    case StoreMode::Replace:
      return store::FlagChange::Op::Replace;
    case StoreMode::Add:
      return store::FlagChange::Op::Add;
    case StoreMode::Remove:
      break;
  }
  return store::FlagChange::Op::Remove;
}

// Keywords this STORE brought into the mailbox, in the store's spelling
// (found on the messages that now carry them). Dovecot announces them with a
// new FLAGS and PERMANENTFLAGS before the FETCH responses, and so do we:
// clients learn the mailbox's flag list only from FLAGS (RFC 9051 7.3.5).
void announce_new_keywords(Session& session, const store::FlagChange& change,
                           const store::StoreResult& result) {
  if (change.op == store::FlagChange::Op::Remove || change.keywords.empty()) return;
  SelectedMailbox& view = *session.selected();
  std::vector<std::string> found;
  for (const std::string& wanted : change.keywords) {
    for (const store::FlagUpdate& u : result.messages) {
      auto it = std::find_if(
          u.state.keywords.begin(), u.state.keywords.end(),
          [&](const std::string& k) { return strcasecmp(k.c_str(), wanted.c_str()) == 0; });
      if (it != u.state.keywords.end()) {
        found.push_back(*it);
        break;
      }
    }
  }
  if (view.learn_keywords(found)) write_flag_responses(session, view);
}

// "* n FETCH (UID u MODSEQ (m) FLAGS (...))" for the messages the STORE
// changed (Dovecot reports only those). UID for UID STORE (RFC 9051 6.4.9),
// MODSEQ once CONDSTORE is on (RFC 7162 3.1), and with UNCHANGEDSINCE even
// .SILENT gets a FETCH with MODSEQ for every message that passed (3.1.3).
void write_fetches(Session& session, const Command& command, const StoreArgs& args,
                   const store::StoreResult& result) {
  const SelectedMailbox& view = *session.selected();
  const bool modseq = session.is_enabled("CONDSTORE");
  const bool conditional = args.unchanged_since.has_value();
  std::string& out = session.output();
  for (const store::FlagUpdate& u : result.messages) {
    if (!(u.changed && !args.silent) && !conditional) continue;
    std::uint32_t seq = view.seq_of(u.state.uid);
    if (seq == 0) continue;  // not announced to this session yet
    out += "* ";
    write_number(out, seq);
    out += " FETCH (";
    const std::size_t open = out.size();
    if (command.uid) {
      out += "UID ";
      write_number(out, u.state.uid);
    }
    if (modseq) {
      out += out.size() == open ? "MODSEQ (" : " MODSEQ (";
      write_number(out, u.state.modseq);
      out += ')';
    }
    if (!args.silent) {
      if (out.size() != open) out += ' ';
      out += "FLAGS ";
      write_flags(out, u.state.flags, u.state.keywords, view.is_recent(u.state.uid));
    }
    out += ")\r\n";
  }
}

// The tagged OK: [MODIFIED set] lists the messages that failed the
// UNCHANGEDSINCE test, as message numbers for STORE and UIDs for UID STORE
// (RFC 7162 3.1.3).
void finish(Session& session, const Command& command, const store::StoreResult& result) {
  if (result.modified.empty()) {
    session.tagged(command.tag, Status::Ok, "", "STORE completed");
    return;
  }
  std::string code = "MODIFIED ";
  if (command.uid) {
    for (const store::UidRange& r : result.modified.ranges()) {
      if (code.back() != ' ') code += ',';
      write_number(code, r.first);
      if (r.last != r.first) {
        code += ':';
        write_number(code, r.last);
      }
    }
  } else {
    std::vector<std::uint32_t> seqs = session.selected()->seqs_of(result.modified);
    if (seqs.empty()) {  // only messages this session has not seen yet
      session.tagged(command.tag, Status::Ok, "", "STORE completed");
      return;
    }
    write_number_set(code, seqs);
  }
  session.tagged(command.tag, Status::Ok, code, "Conditional STORE failed");
}

}  // namespace

Outcome handle_store(Session& session, const Command& command) {
  const auto& args = std::get<StoreArgs>(command.args);
  SelectedMailbox* view = writable_mailbox(session, command.tag);
  if (!view) return {};
  auto flags = parse_flags(args.flags);
  // Unknown system flags and \Recent, which no client may set or clear
  // (RFC 9051 2.3.2), are errors in the command, as in Dovecot.
  if (!flags || flags->recent) {
    session.tagged(command.tag, Status::Bad, "",
                   flags ? "\\Recent cannot be stored" : flags.error().message);
    return {};
  }
  auto uids = resolve_or_bad(session, command.tag, args.set, command.uid);
  if (!uids) return {};
  store::FlagChange change{op_of(args.mode), flags->system, std::move(flags->keywords),
                           args.unchanged_since};
  if (change.unchanged_since && !session.is_enabled("CONDSTORE")) {
    // RFC 7162 3.1: the first CONDSTORE enabling command with a mailbox
    // selected reports its HIGHESTMODSEQ.
    session.enable("CONDSTORE");
    session.untagged("OK [HIGHESTMODSEQ " + std::to_string(view->highest_modseq()) + "] Highest");
  }
  if (uids->empty()) {
    session.tagged(command.tag, Status::Ok, "", "STORE completed");
    return {};
  }
  auto result = session.mail().store_flags(view->id(), *uids, change);
  if (!result) {
    reply_store_error(session, command.tag, result.error());
    return {};
  }
  // The client learns these states from this STORE (or knows them, with
  // .SILENT): a later catch-up need not repeat them.
  for (const store::FlagUpdate& u : result->messages)
    if (u.changed) view->note_modseq(u.state.uid, u.state.modseq);
  announce_new_keywords(session, change, *result);
  write_fetches(session, command, args, *result);
  finish(session, command, *result);
  return {};
}

}  // namespace petrel::imap
