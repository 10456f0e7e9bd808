#include "imap/commands/fetch_meta.h"

#include "imap/proto/writer.h"
#include "imap/session/flags_format.h"

namespace petrel::imap {

void write_flags_item(std::string& out, const store::MessageState& state, bool recent) {
  out += "FLAGS ";
  write_flags(out, state.flags, state.keywords, recent);
}

void write_modseq_item(std::string& out, store::ModSeq modseq) {
  out += "MODSEQ (";
  write_number(out, modseq);
  out += ')';
}

void write_meta_item(std::string& out, const FetchAtt& att, const store::MessageMeta& meta,
                     bool utf8) {
  switch (att.item) {
    case FetchItem::Flags:
      write_flags_item(out, meta.state);
      return;
    case FetchItem::Uid:
      out += "UID ";
      write_number(out, meta.state.uid);
      return;
    case FetchItem::ModSeq:
      write_modseq_item(out, meta.state.modseq);
      return;
    case FetchItem::InternalDate:
      out += "INTERNALDATE ";
      write_internaldate(out, meta.internal_date, meta.internal_date_tz);
      return;
    case FetchItem::Rfc822Size:
      out += "RFC822.SIZE ";
      write_number(out, meta.size);
      return;
    case FetchItem::Envelope:
      out += "ENVELOPE ";
      out += meta.parsed.envelope;
      return;
    case FetchItem::Body:
      out += "BODY ";
      out += meta.parsed.body;
      return;
    case FetchItem::BodyStructure:
      out += "BODYSTRUCTURE ";
      out += meta.parsed.bodystructure;
      return;
    case FetchItem::SaveDate:
      // RFC 8514 4.2: NIL where the store does not know when it was saved.
      out += "SAVEDATE ";
      if (meta.save_date == 0) {
        out += "NIL";
      } else {
        write_internaldate(out, meta.save_date);
      }
      return;
    case FetchItem::EmailId:
      out += "EMAILID (";
      out += meta.email_id;  // objectid: 1*255 ALPHA / DIGIT / "_" / "-"
      out += ')';
      return;
    case FetchItem::ThreadId:
      // RFC 8474 5.3: NIL when no thread is known.
      if (meta.thread_id.empty()) {
        out += "THREADID NIL";
      } else {
        out += "THREADID (";
        out += meta.thread_id;
        out += ')';
      }
      return;
    case FetchItem::Preview:
      // RFC 8970 3.2: never NIL (also with LAZY: the preview is stored, so
      // it costs no delay); "" when there is no text to preview.
      out += "PREVIEW ";
      write_string(out, meta.parsed.preview, utf8);
      return;
    default:
      return;  // body sections: fetch_section.h, fetch_binary.h
  }
}

}  // namespace petrel::imap
