// Canonical forms of search keys and fetch items (see command_format.h).
#include "imap/proto/command_format.h"
#include "imap/proto/writer.h"

namespace petrel::imap {
namespace {

using K = SearchKeyKind;

std::string_view key_name(K kind) {
  switch (kind) {
    case K::And:
      return "";
    case K::Or:
      return "OR";
    case K::Not:
      return "NOT";
    case K::Fuzzy:
      return "FUZZY";
    case K::All:
      return "ALL";
    case K::Answered:
      return "ANSWERED";
    case K::Deleted:
      return "DELETED";
    case K::Draft:
      return "DRAFT";
    case K::Flagged:
      return "FLAGGED";
    case K::Seen:
      return "SEEN";
    case K::Recent:
      return "RECENT";
    case K::New:
      return "NEW";
    case K::Old:
      return "OLD";
    case K::Unanswered:
      return "UNANSWERED";
    case K::Undeleted:
      return "UNDELETED";
    case K::Undraft:
      return "UNDRAFT";
    case K::Unflagged:
      return "UNFLAGGED";
    case K::Unseen:
      return "UNSEEN";
    case K::Keyword:
      return "KEYWORD";
    case K::Unkeyword:
      return "UNKEYWORD";
    case K::Bcc:
      return "BCC";
    case K::Body:
      return "BODY";
    case K::Cc:
      return "CC";
    case K::From:
      return "FROM";
    case K::Subject:
      return "SUBJECT";
    case K::Text:
      return "TEXT";
    case K::To:
      return "TO";
    case K::Header:
      return "HEADER";
    case K::Before:
      return "BEFORE";
    case K::On:
      return "ON";
    case K::Since:
      return "SINCE";
    case K::SentBefore:
      return "SENTBEFORE";
    case K::SentOn:
      return "SENTON";
    case K::SentSince:
      return "SENTSINCE";
    case K::SavedBefore:
      return "SAVEDBEFORE";
    case K::SavedOn:
      return "SAVEDON";
    case K::SavedSince:
      return "SAVEDSINCE";
    case K::SavedDateSupported:
      return "SAVEDATESUPPORTED";
    case K::Larger:
      return "LARGER";
    case K::Smaller:
      return "SMALLER";
    case K::Older:
      return "OLDER";
    case K::Younger:
      return "YOUNGER";
    case K::ModSeq:
      return "MODSEQ";
    case K::Uid:
      return "UID";
    case K::SequenceSet:
      return "";
    case K::EmailId:
      return "EMAILID";
    case K::ThreadId:
      return "THREADID";
  }
  return "";
}

std::string_view item_name(const FetchAtt& att) {
  switch (att.item) {
    case FetchItem::Envelope:
      return "ENVELOPE";
    case FetchItem::Flags:
      return "FLAGS";
    case FetchItem::InternalDate:
      return "INTERNALDATE";
    case FetchItem::Rfc822Size:
      return "RFC822.SIZE";
    case FetchItem::Rfc822:
      return "RFC822";
    case FetchItem::Rfc822Header:
      return "RFC822.HEADER";
    case FetchItem::Rfc822Text:
      return "RFC822.TEXT";
    case FetchItem::Body:
      return "BODY";
    case FetchItem::BodyStructure:
      return "BODYSTRUCTURE";
    case FetchItem::Uid:
      return "UID";
    case FetchItem::BodySection:
      return att.peek ? "BODY.PEEK" : "BODY";
    case FetchItem::Binary:
      return att.peek ? "BINARY.PEEK" : "BINARY";
    case FetchItem::BinarySize:
      return "BINARY.SIZE";
    case FetchItem::ModSeq:
      return "MODSEQ";
    case FetchItem::SaveDate:
      return "SAVEDATE";
    case FetchItem::EmailId:
      return "EMAILID";
    case FetchItem::ThreadId:
      return "THREADID";
    case FetchItem::Preview:
      return "PREVIEW";
  }
  return "";
}

}  // namespace

void format_search_program(std::string& out, const SearchKey& node) {
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out.push_back(' ');
    format_search_key(out, node.children[i]);
  }
}

void format_search_key(std::string& out, const SearchKey& k) {
  if (k.kind == K::And) {
    out.push_back('(');
    format_search_program(out, k);
    out.push_back(')');
    return;
  }
  if (k.kind == K::SequenceSet) {
    write_seq_set(out, k.set);
    return;
  }
  out.append(key_name(k.kind));
  switch (k.kind) {
    case K::Or:
    case K::Not:
    case K::Fuzzy:
      for (const SearchKey& c : k.children) {
        out.push_back(' ');
        format_search_key(out, c);
      }
      break;
    case K::Keyword:
    case K::Unkeyword:
    case K::EmailId:
    case K::ThreadId:
      out.push_back(' ');
      out.append(k.value);  // atoms by construction
      break;
    case K::Bcc:
    case K::Body:
    case K::Cc:
    case K::From:
    case K::Subject:
    case K::Text:
    case K::To:
      out.push_back(' ');
      write_astring(out, k.value);
      break;
    case K::Header:
      out.push_back(' ');
      write_astring(out, k.field);
      out.push_back(' ');
      write_astring(out, k.value);
      break;
    case K::Before:
    case K::On:
    case K::Since:
    case K::SentBefore:
    case K::SentOn:
    case K::SentSince:
    case K::SavedBefore:
    case K::SavedOn:
    case K::SavedSince:
      out.push_back(' ');
      out.append(format_date(k.date));
      break;
    case K::Larger:
    case K::Smaller:
    case K::Older:
    case K::Younger:
      out.push_back(' ');
      write_number(out, k.number);
      break;
    case K::ModSeq:
      if (!k.field.empty()) {
        out.push_back(' ');
        write_quoted(out, k.field);
        out.append(k.entry_type == EntryType::Private  ? " priv"
                   : k.entry_type == EntryType::Shared ? " shared"
                                                       : " all");
      }
      out.push_back(' ');
      write_number(out, k.number);
      break;
    case K::Uid:
      out.push_back(' ');
      write_seq_set(out, k.set);
      break;
    default:
      break;
  }
}

void format_section(std::string& out, const Section& s) {
  out.push_back('[');
  for (std::size_t i = 0; i < s.part.size(); ++i) {
    if (i > 0) out.push_back('.');
    write_number(out, s.part[i]);
  }
  if (s.text != SectionText::None && !s.part.empty()) out.push_back('.');
  switch (s.text) {
    case SectionText::None:
      break;
    case SectionText::Header:
      out.append("HEADER");
      break;
    case SectionText::HeaderFields:
    case SectionText::HeaderFieldsNot:
      out.append(s.text == SectionText::HeaderFields ? "HEADER.FIELDS (" : "HEADER.FIELDS.NOT (");
      for (std::size_t i = 0; i < s.fields.size(); ++i) {
        if (i > 0) out.push_back(' ');
        write_astring(out, s.fields[i]);
      }
      out.push_back(')');
      break;
    case SectionText::Text:
      out.append("TEXT");
      break;
    case SectionText::Mime:
      out.append("MIME");
      break;
  }
  out.push_back(']');
}

void format_fetch_att(std::string& out, const FetchAtt& att) {
  out.append(item_name(att));
  switch (att.item) {
    case FetchItem::BodySection:
    case FetchItem::Binary:
    case FetchItem::BinarySize:
      format_section(out, att.section);
      if (att.partial) {
        out.push_back('<');
        write_number(out, att.partial->offset);
        out.push_back('.');
        write_number(out, att.partial->length);
        out.push_back('>');
      }
      break;
    case FetchItem::Preview:
      if (att.lazy) out.append(" (LAZY)");
      break;
    default:
      break;
  }
}

}  // namespace petrel::imap
