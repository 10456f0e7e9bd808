#pragma once
// The identity of a message without a source UID: SHA-256 of its bytes as
// stored (line ends normalized). Re-running an import compares these with
// the messages already in the mailbox, so nothing is added twice, and a
// message that really is in the source twice is kept twice.
#include <string>
#include <string_view>

namespace petrel::migrate {

std::string content_hash(std::string_view bytes);  // 32 raw bytes

}  // namespace petrel::migrate
