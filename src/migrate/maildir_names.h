#pragma once
// Maildir++ folder directory names <-> Petrel mailbox names. Maildir++ (as
// Dovecot and Courier write it) keeps INBOX in the top directory and every
// other folder in a directory named "." + the mailbox name with "." as the
// hierarchy separator, each level in modified UTF-7 (".Foo.Bar" is
// "Foo/Bar", ".Entw&APw-rfe" is "Entwürfe"). Courier's ".INBOX.x" style
// names are not written by either, but a leading "INBOX." level would just
// become a child of INBOX.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::migrate {

// ".Foo.Bar" -> "Foo/Bar" (UTF-8). nullopt when the name is not a folder
// (no leading ".", ".", "..", empty levels) or a level is not valid mUTF-7.
std::optional<std::string> folder_to_mailbox(std::string_view directory);

// "Foo/Bar" -> ".Foo.Bar"; "INBOX" -> "" (the top directory). nullopt when a
// level contains "." (it would read back as two levels).
std::optional<std::string> mailbox_to_folder(std::string_view mailbox);

}  // namespace petrel::migrate
