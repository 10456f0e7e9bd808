#pragma once
// Bounds on the work analyze() does for one message, so that hostile input
// (deep nesting, millions of parts, a giant header) costs bounded time and
// memory. Parts beyond these limits are kept as opaque leaves: their bytes stay
// in the enclosing part, they just are not described further.
#include <cstddef>

namespace petrel::mime {

struct MimeLimits {
  // Nesting depth of multipart/* and message/rfc822 containers below the
  // top-level message. A container at this depth is reported without children.
  unsigned max_depth = 32;
  // Parts described per message (the message itself counts as one).
  unsigned max_parts = 10000;
  // Header bytes of one entity whose fields are read; the rest of a larger
  // header is still skipped correctly but its fields are ignored.
  std::size_t max_header_bytes = 1 << 20;
};

}  // namespace petrel::mime
