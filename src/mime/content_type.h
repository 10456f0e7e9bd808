#pragma once
// MIME structured header fields: Content-Type and Content-Disposition with
// their parameters (RFC 2045 section 5.1, RFC 2183, RFC 2231),
// Content-Transfer-Encoding (RFC 2045 section 6) and Content-Language
// (RFC 3282). Lenient in what real mail needs: comments anywhere, unquoted
// values containing '=' or '/' ("boundary==_Part_1"), missing values, 8-bit.
#include <string>
#include <string_view>
#include <vector>

namespace petrel::mime {

struct Param {
  std::string name;   // as written (case preserved), RFC 2231 suffixes removed when decoded
  std::string value;  // unquoted; RFC 2231 values joined and converted to UTF-8
};

struct ContentType {
  // Views into the parsed value, as written. Both empty when the field is
  // syntactically invalid (RFC 2045 section 5.2 then says text/plain).
  std::string_view type;
  std::string_view subtype;
  std::vector<Param> params;
  bool valid() const { return !type.empty() && !subtype.empty(); }
};

struct Disposition {
  std::string_view type;  // as written; empty if missing
  std::vector<Param> params;
};

enum class Cte : unsigned char { SevenBit, EightBit, Binary, Base64, QuotedPrintable, Unknown };

ContentType parse_content_type(std::string_view value);
Disposition parse_disposition(std::string_view value);

// Parameters "; a=b; c=d" starting anywhere in `value`, RFC 2231 decoded.
std::vector<Param> parse_params(std::string_view value);

// Content-Language: a comma-separated list of language tags.
std::vector<std::string_view> parse_language(std::string_view value);

// The mechanism token of a Content-Transfer-Encoding value, as written.
std::string_view cte_token(std::string_view value);
Cte classify_cte(std::string_view token);  // empty token -> SevenBit (the default)

// Returns the value of the first parameter named `name` (ASCII case-
// insensitive), or nullptr.
const std::string* find_param(const std::vector<Param>& params, std::string_view name);

}  // namespace petrel::mime
