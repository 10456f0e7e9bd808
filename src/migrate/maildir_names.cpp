#include "migrate/maildir_names.h"

#include "imap/proto/mutf7.h"

namespace petrel::migrate {

std::optional<std::string> folder_to_mailbox(std::string_view directory) {
  if (directory.size() < 2 || directory[0] != '.' || directory == "..") return std::nullopt;
  std::string out;
  std::string_view rest = directory.substr(1);
  while (true) {
    size_t dot = rest.find('.');
    std::string_view level = rest.substr(0, dot);
    if (level.empty()) return std::nullopt;
    auto decoded = imap::mutf7_decode(level);
    if (!decoded || decoded->find('/') != std::string::npos) return std::nullopt;
    if (!out.empty()) out += '/';
    out += *decoded;
    if (dot == std::string_view::npos) break;
    rest = rest.substr(dot + 1);
  }
  return out;
}

std::optional<std::string> mailbox_to_folder(std::string_view mailbox) {
  if (mailbox == "INBOX") return std::string();
  std::string out;
  while (true) {
    size_t slash = mailbox.find('/');
    std::string_view level = mailbox.substr(0, slash);
    if (level.empty() || level.find('.') != std::string_view::npos) return std::nullopt;
    out += '.';
    out += imap::mutf7_encode(level);
    if (slash == std::string_view::npos) break;
    mailbox = mailbox.substr(slash + 1);
  }
  return out;
}

}  // namespace petrel::migrate
