#include "imap/commands/fetch_section.h"

#include <algorithm>
#include <cctype>

#include "imap/proto/writer.h"
#include "mime/section.h"

namespace petrel::imap {

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

mime::SectionRef section_ref(const FetchAtt& att) {
  using Kind = mime::SectionRef::Kind;
  mime::SectionRef ref;
  switch (att.item) {
    case FetchItem::Rfc822Header:  // RFC 3501 6.4.5: BODY.PEEK[HEADER]
      ref.kind = Kind::Header;
      return ref;
    case FetchItem::Rfc822Text:  // BODY[TEXT]
      ref.kind = Kind::Text;
      return ref;
    case FetchItem::Rfc822:  // BODY[]
      return ref;
    default:
      break;
  }
  ref.path.assign(att.section.part.begin(), att.section.part.end());
  switch (att.section.text) {
    case SectionText::None:
      break;
    case SectionText::Header:
      ref.kind = Kind::Header;
      break;
    case SectionText::HeaderFields:
      ref.kind = Kind::HeaderFields;
      ref.fields = att.section.fields;
      break;
    case SectionText::HeaderFieldsNot:
      ref.kind = Kind::HeaderFieldsNot;
      ref.fields = att.section.fields;
      break;
    case SectionText::Text:
      ref.kind = Kind::Text;
      break;
    case SectionText::Mime:
      ref.kind = Kind::Mime;
      break;
  }
  return ref;
}

const char* text_name(SectionText text) {
  switch (text) {
    case SectionText::Header:
      return "HEADER";
    case SectionText::HeaderFields:
      return "HEADER.FIELDS";
    case SectionText::HeaderFieldsNot:
      return "HEADER.FIELDS.NOT";
    case SectionText::Text:
      return "TEXT";
    case SectionText::Mime:
      return "MIME";
    case SectionText::None:
      break;
  }
  return "";
}

}  // namespace

void write_section_spec(std::string& out, const Section& section) {
  for (std::size_t i = 0; i < section.part.size(); ++i) {
    if (i > 0) out += '.';
    write_number(out, section.part[i]);
  }
  if (section.text == SectionText::None) return;
  if (!section.part.empty()) out += '.';
  out += text_name(section.text);
  if (section.text != SectionText::HeaderFields && section.text != SectionText::HeaderFieldsNot)
    return;
  out += " (";
  for (std::size_t i = 0; i < section.fields.size(); ++i) {
    if (i > 0) out += ' ';
    write_astring(out, upper(section.fields[i]));
  }
  out += ')';
}

std::string_view apply_partial(std::string_view content, const Partial& partial) {
  if (partial.offset >= content.size()) return {};
  const std::size_t from = static_cast<std::size_t>(partial.offset);
  return content.substr(from, static_cast<std::size_t>(
                                  std::min<std::uint64_t>(partial.length, content.size() - from)));
}

void write_item_name(std::string& out, const FetchAtt& att) {
  switch (att.item) {
    case FetchItem::Rfc822:
      out += "RFC822 ";
      return;
    case FetchItem::Rfc822Header:
      out += "RFC822.HEADER ";
      return;
    case FetchItem::Rfc822Text:
      out += "RFC822.TEXT ";
      return;
    case FetchItem::BodySection:
      out += "BODY[";
      break;
    case FetchItem::Binary:
      out += "BINARY[";
      break;
    case FetchItem::BinarySize:
      out += "BINARY.SIZE[";
      break;
    default:
      return;
  }
  write_section_spec(out, att.section);
  out += ']';
  if (att.partial) {
    // "BODY[]<0> of a 1500-octet message" names the origin even when the
    // whole text fits (RFC 9051 6.4.5).
    out += '<';
    write_number(out, att.partial->offset);
    out += '>';
  }
  out += ' ';
}

bool is_whole_message(const FetchAtt& att) {
  return att.item == FetchItem::Rfc822 ||
         (att.item == FetchItem::BodySection && att.section.part.empty() &&
          att.section.text == SectionText::None);
}

std::string_view whole_message_value(const FetchAtt& att, const MessageBytes& bytes) {
  // The window holds the message, or from bytes.offset on the slice a
  // partial asked for.
  if (!att.partial) return bytes.data;
  const Partial& p = *att.partial;
  const Partial in_window{p.offset - std::min(p.offset, bytes.offset), p.length};
  return apply_partial(bytes.data, in_window);
}

void write_body_value(std::string& out, const FetchAtt& att, const MessageBytes& bytes,
                      const mime::PartTree& tree) {
  if (is_whole_message(att)) {
    write_literal(out, whole_message_value(att, bytes));
    return;
  }
  const std::string content = mime::extract_section(bytes.data, tree, section_ref(att));
  write_literal(out, att.partial ? apply_partial(content, *att.partial) : content);
}

}  // namespace petrel::imap
