#pragma once
// Messages going into the store (append) and coming out of it (fetch), and
// the results of the operations that change them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/types.h"
#include "store/uid_set.h"

namespace petrel::store {

// A header field as SEARCH and SORT need it: the raw field body (unfolded,
// as in the message) and its decoded UTF-8 form (RFC 2047 words decoded).
struct HeaderText {
  std::string raw;
  std::string decoded;
  bool operator==(const HeaderText&) const = default;
};

// The header fields that SEARCH, SORT and THREAD read, extracted once at
// delivery by the MIME parser. Empty when absent.
struct HeaderFields {
  int64_t date = 0;  // Date: as epoch seconds (UTC); 0 when absent or unparseable
  HeaderText subject, from, to, cc, bcc, message_id, in_reply_to, references;
  bool operator==(const HeaderFields&) const = default;
};

// What the MIME parser makes of a message at delivery. The store keeps these
// as given. The decoded body text full-text SEARCH needs is not among them:
// it is as large as a fifth of the message, so the store derives it from the
// bytes when it indexes or scans a message (make_search_text()).
struct ParsedMessage {
  std::string envelope;       // pre-rendered IMAP ENVELOPE, "(...)"
  std::string body;           // pre-rendered BODY (no extension data)
  std::string bodystructure;  // pre-rendered BODYSTRUCTURE
  std::string part_tree;      // opaque serialized part tree (offsets for BODY[section])
  std::string preview;        // RFC 8970 PREVIEW text, UTF-8
  HeaderFields headers;
  bool operator==(const ParsedMessage&) const = default;
};

// Which text a substring SEARCH key looks in.
enum class TextField : uint8_t {
  Subject,
  From,
  To,
  Cc,
  Bcc,
  Body,    // BODY: the decoded text of the body parts
  Header,  // HEADER name value: the whole header section
  Text,    // TEXT: header section and body
};

// What the full-text index answers for a substring search.
struct TextCandidates {
  UidSet uids;         // ascending
  bool exact = false;  // the true matches, not only a superset of them
};

// One message's searchable text, each casefolded (store/search_text.h
// makes it; the full-text index holds it).
struct SearchText {
  std::string subject, from, to, cc, bcc;  // decoded header fields
  std::string body;                        // mime::body_text() of the message
  // Every header field as "NAME: value\n": the name casefolded, the value
  // unfolded, RFC 2047-decoded and casefolded (each field on its own, so one
  // field in a broken charset does not spoil the others).
  std::string header;
  bool operator==(const SearchText&) const = default;
};

// What SORT and THREAD compare (RFC 5256, RFC 5957), derived once from the
// header fields at delivery (store/sort_keys.h) and kept compact, so sorting
// a large mailbox reads these instead of the header fields.
struct SortKeys {
  int64_t date = 0;               // HeaderFields::date (0: none; SORT then uses INTERNALDATE)
  std::string subject;            // base subject (RFC 5256 2.1), casefolded
  bool subject_is_reply = false;  // the subject had a Re:/Fwd: marker (RFC 5256 4, step 5)
  std::string from, to, cc;       // first mailbox's local part, casefolded (RFC 5256 3)
  std::string display_from, display_to;  // RFC 5957 display names, casefolded
  std::string message_id;                // the Message-ID's msg-id without <> ("" if none)
  // THREAD REFERENCES' parent chain (RFC 5256 4, step 1A): the msg-ids of
  // References, else the first of In-Reply-To; separated by spaces (msg-ids
  // never hold one, the whitespace inside <> is removed).
  std::string parents;
  bool operator==(const SortKeys&) const = default;
};

// One message to append. `bytes` is the message exactly as it is to be
// returned by FETCH; RFC822.SIZE is its length.
struct NewMessage {
  std::string bytes;
  SystemFlags flags = 0;
  std::vector<std::string> keywords;
  int64_t internal_date = 0;     // epoch seconds
  int32_t internal_date_tz = 0;  // offset from UTC in minutes, e.g. +120, -300
  ParsedMessage parsed;
};

struct AppendResult {
  MailboxId mailbox = 0;
  UidValidity uidvalidity = 0;
  std::vector<Uid> uids;  // one per appended message, in order (APPENDUID)
  ModSeq modseq = 0;      // the mailbox's new HIGHESTMODSEQ
};

// Which parts of a message fetch() reads. FETCH FLAGS must not read
// envelopes, so each group is a separate column set.
enum FetchField : uint32_t {
  kFetchFlags = 1 << 0,  // flags, keywords, modseq
  kFetchInternalDate = 1 << 1,
  kFetchSize = 1 << 2,
  kFetchSaveDate = 1 << 3,
  kFetchEmailId = 1 << 4,
  kFetchThreadId = 1 << 5,
  kFetchEnvelope = 1 << 6,
  kFetchBody = 1 << 7,
  kFetchBodyStructure = 1 << 8,
  kFetchPartTree = 1 << 9,
  kFetchPreview = 1 << 10,
  kFetchHeaders = 1 << 11,     // HeaderFields
  kFetchSearchText = 1 << 13,  // SearchText (the full-text index's copy)
  kFetchSortKeys = 1 << 14,    // SortKeys
};
using FetchFields = uint32_t;

// One message as fetch() returns it. Fields not asked for are left empty.
struct MessageMeta {
  MessageState state;  // uid always; the rest with kFetchFlags
  int64_t internal_date = 0;
  int32_t internal_date_tz = 0;
  uint64_t size = 0;
  int64_t save_date = 0;  // RFC 8514: when the message was saved into this mailbox
  std::string email_id;   // RFC 8474 objectid: same for copies of the same bytes
  std::string thread_id;
  ParsedMessage parsed;  // only the fields asked for
  SearchText search;     // with kFetchSearchText
  SortKeys sort;         // with kFetchSortKeys
};

// STORE / UID STORE (RFC 9051 6.4.6) with CONDSTORE's UNCHANGEDSINCE.
struct FlagChange {
  enum class Op { Replace, Add, Remove };
  Op op = Op::Add;
  SystemFlags flags = 0;
  std::vector<std::string> keywords;
  std::optional<ModSeq> unchanged_since;  // RFC 7162 3.1.3
};

struct FlagUpdate {
  MessageState state;    // after the operation
  bool changed = false;  // whether this operation changed it (and its MODSEQ)
};

struct StoreResult {
  std::vector<FlagUpdate> messages;  // every existing message of the set that passed, UID order
  UidSet modified;                   // failed UNCHANGEDSINCE: the [MODIFIED] set
  ModSeq highest_modseq = 0;
};

// COPY / MOVE (RFC 4315 COPYUID, RFC 6851).
struct CopyResult {
  MailboxId destination = 0;
  UidValidity uidvalidity = 0;   // of the destination
  std::vector<Uid> source_uids;  // ascending; only those that existed
  std::vector<Uid> dest_uids;    // dest_uids[i] is the copy of source_uids[i]
  ModSeq source_modseq = 0;      // MOVE: the source's HIGHESTMODSEQ after the expunge
};

struct ExpungeResult {
  std::vector<Uid> uids;  // ascending
  ModSeq highest_modseq = 0;
};

// What changed in a mailbox after a MODSEQ (CONDSTORE/QRESYNC and live
// sessions catching up), with the mailbox's current counters and name (it
// may have been renamed). New messages appear in `changed` too: a session
// tells them apart by UID.
struct Changes {
  std::string name;
  UidValidity uidvalidity = 0;
  Uid uidnext = 1;
  ModSeq highest_modseq = 1;
  std::vector<MessageState> changed;  // modseq > since, UID order
  std::vector<Uid> vanished;          // expunged with modseq > since, ascending
};

// What check() found and, with repair, what it did.
struct CheckReport {
  std::vector<std::string> problems;  // one line each, human-readable
  std::vector<std::string> repairs;
  bool clean() const { return problems.empty(); }
};

}  // namespace petrel::store
