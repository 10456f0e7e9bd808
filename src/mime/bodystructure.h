#pragma once
// BODY and BODYSTRUCTURE (RFC 9051 section 7.5.2 and the body ABNF of
// section 9) written from the parsed model, exactly once per message.
//
// Wire choices, matching Dovecot 2.3 unless noted: type, subtype, parameter
// names and encodings keep the case they were written in; defaults are
// lowercase ("text" "plain" ("charset" "us-ascii"), "7bit"); a text part
// without a charset parameter gets ("charset" "us-ascii") appended (RFC 2045
// section 5.2); message/rfc822 is written "message" "rfc822"; message/global
// gets the message form too (RFC 9051 media-message; Dovecot 2.3 treats it
// as a basic type); body-fld-md5 is the Content-MD5 value; language is always
// a list; a multipart without parts gets one empty text/plain child.
#include <string>

#include "mime/parser.h"

namespace petrel::mime {

// Appends the BODY form (extended = false) or the BODYSTRUCTURE form of the
// whole message described by `model`.
void append_body_structure(std::string& out, const Model& model, bool extended);

}  // namespace petrel::mime
