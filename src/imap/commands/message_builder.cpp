#include "imap/commands/message_builder.h"

#include <cstring>

#include "mime/analysis.h"

namespace petrel::imap {

namespace {

store::HeaderText header_text(mime::HeaderText& h) {
  return store::HeaderText{std::move(h.raw), std::move(h.decoded)};
}

}  // namespace

bool has_bare_lf(std::string_view bytes) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (lf == nullptr) return false;
    const char* at = static_cast<const char*>(lf);
    if (at == bytes.data() || at[-1] != '\r') return true;
    p = at + 1;
  }
  return false;
}

std::string to_crlf(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 32 + 2);
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t lf = bytes.find('\n', pos);
    if (lf == std::string_view::npos) {
      out.append(bytes.substr(pos));
      break;
    }
    out.append(bytes.substr(pos, lf - pos));
    if (lf == 0 || bytes[lf - 1] != '\r') out += '\r';
    out += '\n';
    pos = lf + 1;
  }
  return out;
}

store::ParsedMessage parse_message(std::string_view bytes, const mime::MimeLimits& limits) {
  mime::Analysis a = mime::analyze(bytes, limits);
  store::ParsedMessage p;
  p.envelope = std::move(a.envelope);
  p.body = std::move(a.body);
  p.bodystructure = std::move(a.bodystructure);
  p.part_tree = std::move(a.part_tree);
  p.preview = std::move(a.preview);
  // The store keeps 0 for "no usable Date:" (SEARCH SENT* and SORT DATE
  // then fall back to the internal date, RFC 5256 2.2).
  p.headers.date = a.date.value_or(0);
  p.headers.subject = header_text(a.subject);
  p.headers.from = header_text(a.from);
  p.headers.to = header_text(a.to);
  p.headers.cc = header_text(a.cc);
  p.headers.bcc = header_text(a.bcc);
  p.headers.message_id = header_text(a.message_id);
  p.headers.in_reply_to = header_text(a.in_reply_to);
  p.headers.references = header_text(a.references);
  return p;
}

store::NewMessage build_message(std::string bytes, const BuildOptions& options) {
  store::NewMessage m;
  if (options.normalize_line_endings && has_bare_lf(bytes)) {
    m.bytes = to_crlf(bytes);
  } else {
    m.bytes = std::move(bytes);
  }
  m.parsed = parse_message(m.bytes, options.limits);
  return m;
}

}  // namespace petrel::imap
