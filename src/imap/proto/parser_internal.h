#pragma once
// Per-command parse functions, called with the lexer just after the command
// name. Each fills cmd.args and returns false (with the lexer's error set)
// on a syntax error; the caller checks that nothing is left over.
#include <vector>

#include "imap/proto/command.h"
#include "imap/proto/lexer.h"

namespace petrel::imap::detail {

using ParseFn = bool (*)(Lexer&, Command&);

bool parse_no_args(Lexer&, Command&);
bool parse_login(Lexer&, Command&);
bool parse_authenticate(Lexer&, Command&);
bool parse_enable(Lexer&, Command&);
bool parse_id(Lexer&, Command&);
bool parse_compress(Lexer&, Command&);
bool parse_expunge(Lexer&, Command&);

bool parse_select(Lexer&, Command&);
bool parse_create(Lexer&, Command&);
bool parse_mailbox_only(Lexer&, Command&);
bool parse_rename(Lexer&, Command&);
bool parse_status(Lexer&, Command&);
bool parse_copy(Lexer&, Command&);
bool parse_getquota(Lexer&, Command&);
bool parse_setquota(Lexer&, Command&);

bool parse_list(Lexer&, Command&);
bool parse_lsub(Lexer&, Command&);
bool parse_append(Lexer&, Command&);
bool parse_fetch(Lexer&, Command&);
bool parse_store(Lexer&, Command&);
bool parse_search(Lexer&, Command&);
bool parse_sort(Lexer&, Command&);
bool parse_thread(Lexer&, Command&);
bool parse_getmetadata(Lexer&, Command&);
bool parse_setmetadata(Lexer&, Command&);

// Shared pieces.
// "(" status-att *(SP status-att) ")" (RFC 9051 6.3.11, RFC 5819).
bool parse_status_items(Lexer&, std::vector<StatusItem>& out);
// search-return-opts after the "RETURN" keyword: SP "(" [opt *(SP opt)] ")".
bool parse_search_return(Lexer&, SearchReturn& out);
// search-key *(SP search-key) up to the end of the input, into an And node.
bool parse_search_program(Lexer&, SearchKey& out);

}  // namespace petrel::imap::detail
