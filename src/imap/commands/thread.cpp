// THREAD and UID THREAD (RFC 5256 sections 4 and 5).
#include "search/thread.h"

#include "imap/commands/registry.h"
#include "imap/commands/search_common.h"

namespace petrel::imap {

Outcome handle_thread(Session& session, const Command& command) {
  const auto& args = std::get<ThreadArgs>(command.args);
  search::ThreadAlgorithm algorithm;
  if (args.algorithm == "REFERENCES") {
    algorithm = search::ThreadAlgorithm::References;
  } else if (args.algorithm == "ORDEREDSUBJECT") {
    algorithm = search::ThreadAlgorithm::OrderedSubject;
  } else {
    session.tagged(command.tag, Status::Bad, "", "Unknown thread algorithm");
    return {};
  }
  if (!accept_charset(session, command.tag, args.charset)) return {};
  enable_condstore_for(session, args.key);
  auto table = sort_table_selected(session, command.tag, args.key, search::kThreadColumns);
  if (!table) return {};
  std::string threads = search::thread_matches(*table, algorithm, command.uid);
  std::string out;
  out.reserve(threads.size() + 8);
  out += "THREAD";
  if (!threads.empty()) {
    out += ' ';
    out += threads;
  }
  session.untagged(out);
  session.tagged(command.tag, Status::Ok, "", "THREAD completed");
  return {};
}

}  // namespace petrel::imap
