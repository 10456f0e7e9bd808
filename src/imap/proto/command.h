#pragma once
// Typed IMAP commands as produced by the parser. One struct per command
// family; Command::args holds exactly one of them.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "imap/proto/date.h"
#include "imap/proto/fetch_att.h"
#include "imap/proto/search_key.h"
#include "imap/proto/seq_set.h"

namespace petrel::imap {

// CAPABILITY, NOOP, LOGOUT, STARTTLS, IDLE, CLOSE, UNSELECT, CHECK,
// NAMESPACE, EXPUNGE (without UID) take no arguments.
struct NoArgs {};

struct LoginArgs {
  std::string user;
  std::string password;
};

struct AuthenticateArgs {
  std::string mechanism;                        // upper-cased
  std::optional<std::string> initial_response;  // SASL-IR, still base64; "=" means empty
};

struct EnableArgs {
  std::vector<std::string> capabilities;  // upper-cased
};

// ID (RFC 2971): NIL or a list of field/value pairs; a value may be NIL.
struct IdArgs {
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> fields;
};

// ---- The parser adds the remaining argument structs below (see parser.h). ----

// Comparisons for the pinned structs above (tests and the fuzzer compare
// whole commands).
inline bool operator==(const NoArgs&, const NoArgs&) { return true; }
inline bool operator==(const LoginArgs& a, const LoginArgs& b) {
  return a.user == b.user && a.password == b.password;
}
inline bool operator==(const AuthenticateArgs& a, const AuthenticateArgs& b) {
  return a.mechanism == b.mechanism && a.initial_response == b.initial_response;
}
inline bool operator==(const EnableArgs& a, const EnableArgs& b) {
  return a.capabilities == b.capabilities;
}
inline bool operator==(const IdArgs& a, const IdArgs& b) { return a.fields == b.fields; }

// Mailbox names are the astring as sent, except that any case variant of
// INBOX becomes "INBOX" (RFC 9051 section 5.1). Whether the name is UTF-8
// or modified UTF-7 depends on the session's mode, so decoding is the
// session's job (see mutf7.h).

// DELETE, SUBSCRIBE, UNSUBSCRIBE, GETQUOTAROOT (RFC 9208 4.3).
struct MailboxArgs {
  std::string mailbox;
  bool operator==(const MailboxArgs&) const = default;
};

// CREATE mailbox [(USE (\Drafts ...))] (RFC 4466 create-params, RFC 6154 3).
struct CreateArgs {
  std::string mailbox;
  std::vector<std::string> special_use;  // canonical case for \All \Archive \Drafts ...
  bool operator==(const CreateArgs&) const = default;
};

struct RenameArgs {
  std::string from;
  std::string to;
  bool operator==(const RenameArgs&) const = default;
};

// QRESYNC select parameter (RFC 7162 section 3.2.5).
struct QresyncParams {
  std::uint32_t uidvalidity = 0;
  std::uint64_t modseq = 0;
  std::optional<SequenceSet> known_uids;
  std::optional<SequenceSet> known_seqs;      // seq-match-data: message numbers
  std::optional<SequenceSet> known_seq_uids;  // seq-match-data: their UIDs
  bool operator==(const QresyncParams&) const = default;
};

// SELECT / EXAMINE mailbox [(CONDSTORE | QRESYNC (...))].
struct SelectArgs {
  std::string mailbox;
  bool condstore = false;  // RFC 7162 section 3.1.8
  std::optional<QresyncParams> qresync;
  bool operator==(const SelectArgs&) const = default;
};

enum class StatusItem : std::uint8_t {
  Messages,
  Recent,  // RFC 3501 only
  UidNext,
  UidValidity,
  Unseen,
  Deleted,         // RFC 9051 / RFC 9208
  Size,            // RFC 9051 / RFC 8438
  HighestModSeq,   // RFC 7162
  AppendLimit,     // RFC 7889
  MailboxId,       // RFC 8474
  DeletedStorage,  // RFC 9208
};

// LIST (basic and RFC 5258 LIST-EXTENDED) and LSUB (RFC 3501 6.3.9).
struct ListArgs {
  std::string reference;
  std::vector<std::string> patterns;  // list-mailbox, as sent; one unless extended
  bool extended = false;              // selection options, a pattern list or RETURN was used
  // Selection options (RFC 5258 3.1, RFC 6154 3).
  bool select_subscribed = false;
  bool select_remote = false;
  bool select_recursive_match = false;
  bool select_special_use = false;
  // Return options (RFC 5258 3.2, RFC 6154, RFC 5819, RFC 8440).
  bool return_subscribed = false;
  bool return_children = false;
  bool return_special_use = false;
  bool return_myrights = false;
  std::optional<std::vector<StatusItem>> return_status;
  bool operator==(const ListArgs&) const = default;
};

struct StatusArgs {
  std::string mailbox;
  std::vector<StatusItem> items;
  bool operator==(const StatusArgs&) const = default;
};

// One message of APPEND (RFC 9051 6.3.12; several with MULTIAPPEND, RFC 3502).
struct AppendMessage {
  std::vector<std::string> flags;  // empty when no flag list was given
  std::optional<DateTime> internal_date;
  std::string data;
  bool literal8 = false;  // sent as ~{n} (RFC 3516 section 4.4): may hold NUL
  bool utf8 = false;      // sent as UTF8 (~{n}) (RFC 6855 section 4)
  bool operator==(const AppendMessage&) const = default;
};

struct AppendArgs {
  std::string mailbox;
  std::vector<AppendMessage> messages;  // at least one; a zero-length one is the session's NO
  bool operator==(const AppendArgs&) const = default;
};

// UID EXPUNGE uid-set (RFC 4315 2.1, RFC 9051 6.4.9). Plain EXPUNGE is NoArgs.
struct UidExpungeArgs {
  SequenceSet uids;
  bool operator==(const UidExpungeArgs&) const = default;
};

// COPY and MOVE (RFC 6851), with or without UID.
struct CopyArgs {
  SequenceSet set;
  std::string mailbox;
  bool operator==(const CopyArgs&) const = default;
};

enum class StoreMode : std::uint8_t { Replace, Add, Remove };  // FLAGS, +FLAGS, -FLAGS

struct StoreArgs {
  SequenceSet set;
  std::optional<std::uint64_t> unchanged_since;  // RFC 7162 3.1.3
  StoreMode mode = StoreMode::Replace;
  bool silent = false;
  std::vector<std::string> flags;  // system flags in canonical case
  bool operator==(const StoreArgs&) const = default;
};

// SEARCH RETURN (...) options (RFC 4731, RFC 5182). An empty RETURN ()
// means ALL (RFC 4731 section 3.1); the parser leaves all flags false then.
struct SearchReturn {
  bool min = false;
  bool max = false;
  bool all = false;
  bool count = false;
  bool save = false;
  bool operator==(const SearchReturn&) const = default;
};

struct SearchArgs {
  std::optional<SearchReturn> ret;  // present: answer with ESEARCH
  std::optional<std::string> charset;
  SearchKey key;  // kind And: the top-level keys are its children
  bool operator==(const SearchArgs&) const = default;
};

struct FetchArgs {
  SequenceSet set;
  std::vector<FetchAtt> atts;                  // macros expanded
  std::optional<std::uint64_t> changed_since;  // RFC 7162 3.1.4
  bool vanished = false;                       // RFC 7162 3.2.6 (UID FETCH only)
  bool operator==(const FetchArgs&) const = default;
};

// SORT (RFC 5256, RFC 5957 DISPLAYFROM/DISPLAYTO, RFC 5267 ESORT).
enum class SortKey : std::uint8_t {
  Arrival,
  Cc,
  Date,
  From,
  Size,
  Subject,
  To,
  DisplayFrom,
  DisplayTo,
};

struct SortCriterion {
  SortKey key = SortKey::Arrival;
  bool reverse = false;
  bool operator==(const SortCriterion&) const = default;
};

struct SortArgs {
  std::optional<SearchReturn> ret;  // ESORT
  std::vector<SortCriterion> criteria;
  std::string charset;
  SearchKey key;  // kind And
  bool operator==(const SortArgs&) const = default;
};

struct ThreadArgs {
  std::string algorithm;  // upper-cased, e.g. "REFERENCES", "ORDEREDSUBJECT"
  std::string charset;
  SearchKey key;  // kind And
  bool operator==(const ThreadArgs&) const = default;
};

// GETQUOTA quota-root (RFC 9208 4.2).
struct QuotaRootArgs {
  std::string root;
  bool operator==(const QuotaRootArgs&) const = default;
};

struct QuotaLimit {
  std::string resource;  // upper-cased: STORAGE, MESSAGE, MAILBOX, ...
  std::uint64_t limit = 0;
  bool operator==(const QuotaLimit&) const = default;
};

struct SetQuotaArgs {
  std::string root;
  std::vector<QuotaLimit> limits;
  bool operator==(const SetQuotaArgs&) const = default;
};

struct CompressArgs {
  std::string mechanism;  // upper-cased, e.g. "DEFLATE" (RFC 4978)
  bool operator==(const CompressArgs&) const = default;
};

// GETMETADATA / SETMETADATA (RFC 5464). An empty mailbox means the server.
enum class MetadataDepth : std::uint8_t { Zero, One, Infinity };

struct GetMetadataArgs {
  std::string mailbox;
  std::optional<std::uint32_t> max_size;
  MetadataDepth depth = MetadataDepth::Zero;
  std::vector<std::string> entries;
  bool operator==(const GetMetadataArgs&) const = default;
};

struct MetadataEntry {
  std::string entry;
  std::optional<std::string> value;  // nullopt (NIL) removes the entry
  bool operator==(const MetadataEntry&) const = default;
};

struct SetMetadataArgs {
  std::string mailbox;
  std::vector<MetadataEntry> entries;
  bool operator==(const SetMetadataArgs&) const = default;
};

// Which struct each command carries:
//   NoArgs:          CAPABILITY NOOP LOGOUT STARTTLS IDLE CLOSE UNSELECT CHECK
//                    NAMESPACE UNAUTHENTICATE EXPUNGE
//   LoginArgs LOGIN; AuthenticateArgs AUTHENTICATE; EnableArgs ENABLE; IdArgs ID
//   MailboxArgs:     DELETE SUBSCRIBE UNSUBSCRIBE GETQUOTAROOT
//   CreateArgs CREATE; RenameArgs RENAME; SelectArgs SELECT EXAMINE
//   ListArgs LIST LSUB; StatusArgs STATUS; AppendArgs APPEND
//   UidExpungeArgs UID EXPUNGE; CopyArgs [UID] COPY / MOVE; StoreArgs [UID] STORE
//   SearchArgs [UID] SEARCH; FetchArgs [UID] FETCH; SortArgs [UID] SORT
//   ThreadArgs [UID] THREAD; QuotaRootArgs GETQUOTA; SetQuotaArgs SETQUOTA
//   CompressArgs COMPRESS; GetMetadataArgs GETMETADATA; SetMetadataArgs SETMETADATA
using CommandArgs =
    std::variant<NoArgs, LoginArgs, AuthenticateArgs, EnableArgs, IdArgs, MailboxArgs, CreateArgs,
                 RenameArgs, SelectArgs, ListArgs, StatusArgs, AppendArgs, UidExpungeArgs, CopyArgs,
                 StoreArgs, SearchArgs, FetchArgs, SortArgs, ThreadArgs, QuotaRootArgs,
                 SetQuotaArgs, CompressArgs, GetMetadataArgs, SetMetadataArgs>;

struct Command {
  std::string tag;
  std::string name;  // canonical upper-case name without "UID", e.g. "FETCH"
  bool uid = false;  // UID FETCH / STORE / COPY / MOVE / SEARCH / EXPUNGE / SORT / THREAD
  CommandArgs args;
  bool operator==(const Command&) const = default;
};

enum class ErrorKind { Bad, No };

// A command the reader or parser refused; the session answers it.
struct CommandError {
  std::string tag;  // empty when no usable tag: the session answers "* BAD ..."
  ErrorKind kind = ErrorKind::Bad;
  std::string code;    // response code without brackets, e.g. "TOOBIG", "LIMIT", or empty
  std::string text;    // human-readable, one line, safe to send (no CR/LF)
  bool fatal = false;  // the stream cannot be resynchronised: "* BYE" and close
  bool operator==(const CommandError&) const = default;
};

}  // namespace petrel::imap
