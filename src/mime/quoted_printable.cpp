#include "mime/quoted_printable.h"

#include <cstring>

#include "mime/ascii.h"

namespace petrel::mime {

namespace {

void decode_line(std::string_view line, std::string& out) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '=' && i + 2 < line.size()) {
      const int hi = hex_value(line[i + 1]);
      const int lo = hex_value(line[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(c);
  }
}

}  // namespace

void qp_decode(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size());
  std::size_t pos = 0;
  while (pos < in.size()) {
    const void* nl = std::memchr(in.data() + pos, '\n', in.size() - pos);
    const std::size_t eol =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - in.data()) : in.size();
    std::size_t content_end = eol;
    const bool crlf = content_end > pos && in[content_end - 1] == '\r';
    if (crlf) --content_end;
    std::string_view line = in.substr(pos, content_end - pos);
    while (!line.empty() && is_wsp(line.back())) line.remove_suffix(1);
    if (!line.empty() && line.back() == '=') {
      decode_line(line.substr(0, line.size() - 1), out);  // soft line break
    } else {
      decode_line(line, out);
      if (nl) out.append(crlf ? "\r\n" : "\n");
    }
    pos = nl ? eol + 1 : in.size();
  }
}

std::string qp_decode(std::string_view in) {
  std::string out;
  qp_decode(in, out);
  return out;
}

}  // namespace petrel::mime
