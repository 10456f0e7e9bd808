#include "mime/bodystructure.h"

#include <vector>

#include "mime/ascii.h"
#include "mime/header.h"
#include "mime/imap_string.h"

namespace petrel::mime {

namespace {

constexpr std::string_view kEmptyText =
    R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)";

class Writer {
 public:
  Writer(std::string& out, const Model& m, bool extended) : out_(out), m_(m), ext_(extended) {
    // Subtree sizes, to step from one child to the next in preorder.
    size_.assign(m.parts.size(), 1);
    for (std::size_t i = m.parts.size(); i-- > 1;) {
      const uint32_t parent = m.parts[i].parent;
      if (parent != kNoPart) size_[parent] += size_[i];
    }
  }

  void part(uint32_t i) {
    const Part& p = m_.parts[i];
    if (p.shape == Shape::Multipart) {
      multipart(i, p);
    } else {
      single(i, p);
    }
  }

 private:
  void nstring(const std::optional<std::string_view>& v) {
    if (v) {
      append_imap_string(out_, unfold(*v));
    } else {
      append_nil(out_);
    }
  }

  void params(const std::vector<Param>& ps, bool text) {
    const bool add_charset = text && find_param(ps, "charset") == nullptr;
    if (ps.empty() && !add_charset) {
      append_nil(out_);
      return;
    }
    out_.push_back('(');
    bool first = true;
    for (const Param& p : ps) {
      if (!first) out_.push_back(' ');
      first = false;
      append_imap_string(out_, p.name);
      out_.push_back(' ');
      append_imap_string(out_, p.value);
    }
    if (add_charset) {
      if (!first) out_.push_back(' ');
      out_.append(R"("charset" "us-ascii")");
    }
    out_.push_back(')');
  }

  void placeholder() {
    out_.append(kEmptyText);
    if (ext_) out_.append(" NIL NIL NIL NIL");
    out_.push_back(')');
  }

  // body-fld-dsp SP body-fld-lang SP body-fld-loc
  void dsp_lang_loc(const Part& p) {
    out_.push_back(' ');
    const Disposition d =
        p.mime.disposition ? parse_disposition(*p.mime.disposition) : Disposition{};
    if (d.type.empty()) {
      append_nil(out_);
    } else {
      out_.push_back('(');
      append_imap_string(out_, d.type);
      out_.push_back(' ');
      params(d.params, false);
      out_.push_back(')');
    }
    out_.push_back(' ');
    const auto langs =
        p.mime.language ? parse_language(*p.mime.language) : std::vector<std::string_view>{};
    if (langs.empty()) {
      append_nil(out_);
    } else {
      out_.push_back('(');
      for (std::size_t k = 0; k < langs.size(); ++k) {
        if (k > 0) out_.push_back(' ');
        append_imap_string(out_, langs[k]);
      }
      out_.push_back(')');
    }
    out_.push_back(' ');
    nstring(p.mime.location);
  }

  void multipart(uint32_t i, const Part& p) {
    out_.push_back('(');
    if (p.child_count == 0) {
      placeholder();
    } else {
      for (uint32_t c = i + 1; c < i + size_[i]; c += size_[c]) part(c);
    }
    out_.push_back(' ');
    append_imap_string(out_, p.subtype);
    if (ext_) {
      out_.push_back(' ');
      params(p.params, false);
      dsp_lang_loc(p);
    }
    out_.push_back(')');
  }

  void single(uint32_t i, const Part& p) {
    out_.push_back('(');
    if (p.shape == Shape::Message) {
      out_.append(R"("message" )");
      append_imap_string(out_, to_lower(p.subtype));
    } else {
      append_imap_string(out_, p.type);
      out_.push_back(' ');
      append_imap_string(out_, p.subtype);
    }
    out_.push_back(' ');
    params(p.params, p.is_text);
    out_.push_back(' ');
    nstring(p.mime.id);
    out_.push_back(' ');
    nstring(p.mime.description);
    out_.push_back(' ');
    if (p.cte_token.empty()) {
      out_.append(R"("7bit")");
    } else {
      append_imap_string(out_, p.cte_token);
    }
    out_.push_back(' ');
    out_.append(std::to_string(p.body_end - p.body_begin));
    if (p.shape == Shape::Message) {
      out_.push_back(' ');
      if (p.embedded && p.child_count == 1) {
        append_envelope(out_, m_.parts[i + 1].envelope);
        out_.push_back(' ');
        part(i + 1);
      } else {
        out_.append(kEmptyEnvelope);
        out_.push_back(' ');
        placeholder();
      }
      out_.push_back(' ');
      out_.append(std::to_string(p.lines));
    } else if (p.is_text) {
      out_.push_back(' ');
      out_.append(std::to_string(p.lines));
    }
    if (ext_) {
      out_.push_back(' ');
      nstring(p.mime.md5);
      dsp_lang_loc(p);
    }
    out_.push_back(')');
  }

  std::string& out_;
  const Model& m_;
  bool ext_;
  std::vector<uint32_t> size_;
};

}  // namespace

void append_body_structure(std::string& out, const Model& model, bool extended) {
  if (model.parts.empty()) return;
  Writer(out, model, extended).part(0);
}

}  // namespace petrel::mime
