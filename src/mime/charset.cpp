#include "mime/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <array>
#include <vector>

#include "mime/ascii.h"
#include "mime/utf8.h"

namespace petrel::mime {

namespace {

// Charset names are short tokens; anything longer is junk and not looked up.
constexpr std::size_t kMaxCharsetName = 64;

bool is_us_ascii(std::string_view cs) {
  return iequals(cs, "us-ascii") || iequals(cs, "ascii") || iequals(cs, "us") ||
         iequals(cs, "ansi_x3.4-1968") || iequals(cs, "iso646-us");
}

bool is_utf8(std::string_view cs) { return iequals(cs, "utf-8") || iequals(cs, "utf8"); }

bool is_latin1(std::string_view cs) {
  return iequals(cs, "iso-8859-1") || iequals(cs, "iso8859-1") || iequals(cs, "iso_8859-1") ||
         iequals(cs, "latin1") || iequals(cs, "l1") || iequals(cs, "cp819") ||
         iequals(cs, "iso-ir-100");
}

// Opening a converter costs an alias lookup and an allocation, so each thread
// keeps the few it used last. Converters are not thread-safe; thread_local
// makes sharing impossible.
class ConverterCache {
 public:
  ~ConverterCache() {
    for (auto& e : entries_) {
      if (e.conv) ucnv_close(e.conv);
    }
  }

  // Returns a reset converter for `name`, or nullptr if ICU does not know it.
  UConverter* get(std::string_view name) {
    for (auto& e : entries_) {
      if (e.conv && iequals(e.name, name)) {
        e.stamp = ++clock_;
        ucnv_reset(e.conv);
        return e.conv;
      }
    }
    std::string key(name);
    UErrorCode err = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(key.c_str(), &err);
    if (U_FAILURE(err) || conv == nullptr) {
      if (conv) ucnv_close(conv);
      return nullptr;
    }
    Entry* victim = &entries_[0];
    for (auto& e : entries_) {
      if (!e.conv) {
        victim = &e;
        break;
      }
      if (e.stamp < victim->stamp) victim = &e;
    }
    if (victim->conv) ucnv_close(victim->conv);
    victim->conv = conv;
    victim->name = std::move(key);
    victim->stamp = ++clock_;
    return conv;
  }

 private:
  struct Entry {
    std::string name;
    UConverter* conv = nullptr;
    unsigned long stamp = 0;
  };
  std::array<Entry, 8> entries_;
  unsigned long clock_ = 0;
};

UConverter* converter(std::string_view name) {
  thread_local ConverterCache cache;
  return cache.get(name);
}

// UTF-8 with ill-formed sequences replaced by U+FFFD.
void sanitize_utf8(std::string_view bytes, std::string& out) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t start = i;
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      out.push_back(bytes[i++]);
      continue;
    }
    if (next_code_point(bytes, i) < 0) {
      append_utf8(out, 0xFFFD);
    } else {
      out.append(bytes.substr(start, i - start));
    }
  }
}

bool icu_to_utf8(UConverter* conv, std::string_view bytes, std::string& out) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX / 4)) return false;
  const auto len = static_cast<int32_t>(bytes.size());
  std::vector<UChar> u(static_cast<std::size_t>(len) * 2 + 16);
  UErrorCode err = U_ZERO_ERROR;
  int32_t ulen =
      ucnv_toUChars(conv, u.data(), static_cast<int32_t>(u.size()), bytes.data(), len, &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    u.resize(static_cast<std::size_t>(ulen) + 1);
    err = U_ZERO_ERROR;
    ucnv_reset(conv);
    ulen = ucnv_toUChars(conv, u.data(), static_cast<int32_t>(u.size()), bytes.data(), len, &err);
  }
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) return false;
  // Legacy converters substitute U+001A (SUB) for unmappable bytes; make it the
  // Unicode replacement character like the others.
  for (int32_t k = 0; k < ulen; ++k) {
    if (u[static_cast<std::size_t>(k)] == 0x1A) u[static_cast<std::size_t>(k)] = 0xFFFD;
  }
  const std::size_t old = out.size();
  out.resize(old + static_cast<std::size_t>(ulen) * 3 + 4);
  int32_t blen = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data() + old, static_cast<int32_t>(out.size() - old), &blen, u.data(),
                     ulen, 0xFFFD, nullptr, &err);
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
    out.resize(old);
    return false;
  }
  out.resize(old + static_cast<std::size_t>(blen));
  return true;
}

}  // namespace

bool charset_known(std::string_view charset) {
  charset = trim(charset);
  if (charset.empty() || charset.size() > kMaxCharsetName) return false;
  if (is_us_ascii(charset) || is_utf8(charset) || is_latin1(charset)) return true;
  return converter(charset) != nullptr;
}

bool charset_to_utf8(std::string_view charset, std::string_view bytes, std::string& out) {
  charset = trim(charset);
  if (charset.empty() || charset.size() > kMaxCharsetName) return false;
  if (is_us_ascii(charset)) {
    // Mislabelled 8-bit text is common; the fallback recovers UTF-8 or Latin-1.
    append_utf8_or_latin1(out, bytes);
    return true;
  }
  if (is_utf8(charset)) {
    sanitize_utf8(bytes, out);
    return true;
  }
  if (is_latin1(charset)) {
    if (is_ascii(bytes)) {
      out.append(bytes);
      return true;
    }
    charset = "windows-1252";
  }
  UConverter* conv = converter(charset);
  if (conv == nullptr) return false;
  return icu_to_utf8(conv, bytes, out);
}

void to_utf8_lenient(std::string_view charset, std::string_view bytes, std::string& out) {
  if (!charset_to_utf8(charset, bytes, out)) append_utf8_or_latin1(out, bytes);
}

}  // namespace petrel::mime
