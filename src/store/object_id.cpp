#include "store/object_id.h"

#include <algorithm>
#include <cstdio>

namespace petrel::store {

std::string object_id(char kind, uint32_t salt, int64_t number) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%c%08x%llx", kind, salt, static_cast<unsigned long long>(number));
  return buf;
}

std::vector<std::string> message_ids(std::string_view field) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t open = field.find('<', pos);
    if (open == std::string_view::npos) break;
    size_t close = field.find('>', open + 1);
    if (close == std::string_view::npos) break;
    // Whitespace inside the brackets is dropped, so an id folded across
    // lines in one message matches the same id written on one line.
    std::string id;
    for (size_t i = open; i <= close; ++i) {
      char c = field[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') id += c;
    }
    if (id.size() > 2 && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    pos = close + 1;
  }
  return out;
}

std::vector<std::string> thread_links(const HeaderFields& headers) {
  std::vector<std::string> out = message_ids(headers.message_id.raw);
  if (out.size() > 1) out.resize(1);
  for (const auto* field : {&headers.in_reply_to.raw, &headers.references.raw}) {
    for (auto& id : message_ids(*field)) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
    }
  }
  return out;
}

}  // namespace petrel::store
