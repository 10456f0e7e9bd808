#include "mime/header.h"

namespace petrel::mime {

std::string unfold(std::string_view value) {
  value = trim(value);
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

std::size_t header_name_length(std::string_view line) {
  // field-name = 1*ftext, ftext = %d33-57 / %d59-126 (RFC 5322 section 3.6.8);
  // obs-optional allows whitespace between the name and the colon.
  std::size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == ':' || c <= 32 || c >= 127) break;
    ++i;
  }
  const std::size_t name_len = i;
  if (name_len == 0) return 0;
  while (i < line.size() && is_wsp(line[i])) ++i;
  if (i >= line.size() || line[i] != ':') return 0;
  return name_len;
}

}  // namespace petrel::mime
