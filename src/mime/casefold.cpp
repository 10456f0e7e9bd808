#include "mime/casefold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "mime/ascii.h"
#include "mime/utf8.h"

namespace petrel::mime {

std::string casefold(std::string_view utf8) {
  if (is_ascii(utf8)) {
    // ASCII fast path: titlecase of a-z is A-Z; no ASCII character decomposes.
    std::string out(utf8);
    for (char& c : out) c = ascii_upper(c);
    return out;
  }
  if (!is_valid_utf8(utf8)) return std::string(utf8);
  icu::UnicodeString titled;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const int32_t cp = next_code_point(utf8, i);
    titled.append(static_cast<UChar32>(u_totitle(cp)));
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(err);
  if (U_FAILURE(err) || nfkd == nullptr) {
    std::string out;
    titled.toUTF8String(out);
    return out;
  }
  icu::UnicodeString decomposed = nfkd->normalize(titled, err);
  std::string out;
  if (U_FAILURE(err)) {
    titled.toUTF8String(out);
  } else {
    decomposed.toUTF8String(out);
  }
  return out;
}

}  // namespace petrel::mime
