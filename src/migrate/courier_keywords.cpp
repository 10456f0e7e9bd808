#include "migrate/courier_keywords.h"

#include <charconv>
#include <optional>

#include "util/read_file.h"

namespace petrel::migrate {
namespace fs = std::filesystem;
namespace {

// The lines of `text` (LF or CRLF), up to the first empty one when
// `stop_at_empty`; `rest` gets what follows that empty line.
std::vector<std::string_view> lines_of(std::string_view text, bool stop_at_empty,
                                       std::string_view* rest = nullptr) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty() && stop_at_empty) {
      if (rest) *rest = pos < text.size() ? text.substr(pos) : std::string_view{};
      return lines;
    }
    lines.push_back(line);
  }
  if (rest) *rest = {};
  return lines;
}

// An update file's name: the message base and its rank (a plain "<base>"
// outranks every ".<N>.<base>"); nullopt for anything else.
struct UpdateName {
  std::string base;
  unsigned long long rank = 0;
};

std::optional<UpdateName> update_name(std::string_view name) {
  if (name.empty() || name[0] == ':') return std::nullopt;
  name = name.substr(0, name.find(':'));  // a ":2,<info>" part is not the base
  if (name[0] != '.') return UpdateName{std::string(name), ~0ULL};
  size_t dot = name.find('.', 1);
  if (dot == std::string_view::npos || dot == 1 || dot + 1 >= name.size()) return std::nullopt;
  unsigned long long n = 0;
  auto [end, ec] = std::from_chars(name.data() + 1, name.data() + dot, n);
  if (ec != std::errc() || end != name.data() + dot) return std::nullopt;  // ".tmp.*" too
  return UpdateName{std::string(name.substr(dot + 1)), n};
}

}  // namespace

CourierKeywords parse_courier_list(std::string_view text) {
  std::string_view rest;
  std::vector<std::string_view> names = lines_of(text, true, &rest);
  CourierKeywords out;
  for (std::string_view line : lines_of(rest, false)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::vector<std::string> keywords;
    std::string_view positions = line.substr(colon + 1);
    while (!positions.empty()) {
      size_t space = positions.find(' ');
      std::string_view token = positions.substr(0, space);
      positions =
          space == std::string_view::npos ? std::string_view{} : positions.substr(space + 1);
      size_t index = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || end != token.data() + token.size() || index >= names.size()) {
        continue;
      }
      keywords.emplace_back(names[index]);
    }
    if (!keywords.empty()) out[std::string(line.substr(0, colon))] = std::move(keywords);
  }
  return out;
}

std::vector<std::string> parse_courier_update(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view line : lines_of(text, true)) out.emplace_back(line);
  return out;
}

CourierKeywords read_courier_keywords(const fs::path& folder) {
  fs::path dir = folder / "courierimapkeywords";
  CourierKeywords out;
  if (auto list = read_file(dir / ":list")) out = parse_courier_list(*list);
  // The newest update file of each message.
  std::map<std::string, std::pair<unsigned long long, fs::path>> newest;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto name = update_name(it->path().filename().string());
    if (!name) continue;
    auto [slot, added] = newest.try_emplace(name->base, name->rank, it->path());
    if (!added && name->rank > slot->second.first) slot->second = {name->rank, it->path()};
  }
  for (auto& [base, update] : newest) {
    auto text = read_file(update.second);
    if (!text) continue;  // gone meanwhile: :list stands
    auto keywords = parse_courier_update(*text);
    if (keywords.empty()) {
      out.erase(base);
    } else {
      out[base] = std::move(keywords);
    }
  }
  return out;
}

}  // namespace petrel::migrate
