#include "imap/proto/command_format.h"

#include "imap/proto/status_item_names.h"
#include "imap/proto/writer.h"

namespace petrel::imap {
namespace {

std::string_view sort_name(SortKey key) {
  switch (key) {
    case SortKey::Arrival:
      return "ARRIVAL";
    case SortKey::Cc:
      return "CC";
    case SortKey::Date:
      return "DATE";
    case SortKey::From:
      return "FROM";
    case SortKey::Size:
      return "SIZE";
    case SortKey::Subject:
      return "SUBJECT";
    case SortKey::To:
      return "TO";
    case SortKey::DisplayFrom:
      return "DISPLAYFROM";
    case SortKey::DisplayTo:
      return "DISPLAYTO";
  }
  return "";
}

void status_items(std::string& out, const std::vector<StatusItem>& items) {
  out.push_back('(');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out.append(status_item_name(items[i]));
  }
  out.push_back(')');
}

void search_return(std::string& out, const SearchReturn& r) {
  out.append(" RETURN (");
  std::size_t mark = out.size();
  auto opt = [&](bool on, std::string_view name) {
    if (!on) return;
    if (out.size() > mark) out.push_back(' ');
    out.append(name);
  };
  opt(r.min, "MIN");
  opt(r.max, "MAX");
  opt(r.all, "ALL");
  opt(r.count, "COUNT");
  opt(r.save, "SAVE");
  out.push_back(')');
}

void words(std::string& out, const std::vector<std::string>& v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out.append(v[i]);
  }
}

// Appends the arguments of each command (everything after its name).
struct ArgWriter {
  std::string& out;
  bool redact;

  void mailbox(std::string_view m) {
    out.push_back(' ');
    write_astring(out, m);
  }

  void operator()(const NoArgs&) {}
  void operator()(const LoginArgs& a) {
    mailbox(a.user);
    out.push_back(' ');
    write_astring(out, redact ? std::string_view("***") : std::string_view(a.password));
  }
  void operator()(const AuthenticateArgs& a) {
    out.push_back(' ');
    out.append(a.mechanism);
    if (a.initial_response) {
      out.push_back(' ');
      out.append(redact ? "***" : *a.initial_response);
    }
  }
  void operator()(const EnableArgs& a) {
    for (const std::string& c : a.capabilities) {
      out.push_back(' ');
      out.append(c);
    }
  }
  void operator()(const IdArgs& a) {
    if (!a.fields) {
      out.append(" NIL");
      return;
    }
    out.append(" (");
    for (std::size_t i = 0; i < a.fields->size(); ++i) {
      if (i > 0) out.push_back(' ');
      write_string(out, (*a.fields)[i].first);
      out.push_back(' ');
      const auto& v = (*a.fields)[i].second;
      write_nstring(out, v ? std::optional<std::string_view>(*v) : std::nullopt);
    }
    out.push_back(')');
  }
  void operator()(const MailboxArgs& a) { mailbox(a.mailbox); }
  void operator()(const CreateArgs& a) {
    mailbox(a.mailbox);
    if (a.special_use.empty()) return;
    out.append(" (USE (");
    words(out, a.special_use);
    out.append("))");
  }
  void operator()(const RenameArgs& a) {
    mailbox(a.from);
    mailbox(a.to);
  }
  void operator()(const SelectArgs& a) {
    mailbox(a.mailbox);
    if (!a.condstore && !a.qresync) return;
    out.append(" (");
    if (a.condstore) out.append("CONDSTORE");
    if (a.qresync) {
      const QresyncParams& q = *a.qresync;
      if (a.condstore) out.push_back(' ');
      out.append("QRESYNC (");
      write_number(out, q.uidvalidity);
      out.push_back(' ');
      write_number(out, q.modseq);
      if (q.known_uids) {
        out.push_back(' ');
        write_seq_set(out, *q.known_uids);
      }
      if (q.known_seqs && q.known_seq_uids) {
        out.append(" (");
        write_seq_set(out, *q.known_seqs);
        out.push_back(' ');
        write_seq_set(out, *q.known_seq_uids);
        out.push_back(')');
      }
      out.push_back(')');
    }
    out.push_back(')');
  }
  void operator()(const ListArgs& a) {
    std::vector<std::string> sel;
    if (a.select_subscribed) sel.emplace_back("SUBSCRIBED");
    if (a.select_remote) sel.emplace_back("REMOTE");
    if (a.select_recursive_match) sel.emplace_back("RECURSIVEMATCH");
    if (a.select_special_use) sel.emplace_back("SPECIAL-USE");
    if (a.extended) {
      out.append(" (");
      words(out, sel);
      out.push_back(')');
    }
    mailbox(a.reference);
    out.push_back(' ');
    if (a.extended) out.push_back('(');
    for (std::size_t i = 0; i < a.patterns.size(); ++i) {
      if (i > 0) out.push_back(' ');
      write_string(out, a.patterns[i]);
    }
    if (!a.extended) return;
    out.append(") RETURN (");
    std::vector<std::string> ret;
    if (a.return_subscribed) ret.emplace_back("SUBSCRIBED");
    if (a.return_children) ret.emplace_back("CHILDREN");
    if (a.return_special_use) ret.emplace_back("SPECIAL-USE");
    if (a.return_myrights) ret.emplace_back("MYRIGHTS");
    words(out, ret);
    if (a.return_status) {
      if (!ret.empty()) out.push_back(' ');
      out.append("STATUS ");
      status_items(out, *a.return_status);
    }
    out.push_back(')');
  }
  void operator()(const StatusArgs& a) {
    mailbox(a.mailbox);
    out.push_back(' ');
    status_items(out, a.items);
  }
  void operator()(const AppendArgs& a) {
    mailbox(a.mailbox);
    for (const AppendMessage& m : a.messages) {
      if (!m.flags.empty()) {
        out.push_back(' ');
        write_flag_list(out, m.flags);
      }
      if (m.internal_date) {
        out.push_back(' ');
        out.push_back('"');
        out.append(format_date_time(*m.internal_date));
        out.push_back('"');
      }
      out.append(m.utf8 ? " UTF8 (" : " ");
      if (m.literal8) {
        write_literal8(out, m.data);
      } else {
        write_literal(out, m.data);
      }
      if (m.utf8) out.push_back(')');
    }
  }
  void operator()(const UidExpungeArgs& a) {
    out.push_back(' ');
    write_seq_set(out, a.uids);
  }
  void operator()(const CopyArgs& a) {
    out.push_back(' ');
    write_seq_set(out, a.set);
    mailbox(a.mailbox);
  }
  void operator()(const StoreArgs& a) {
    out.push_back(' ');
    write_seq_set(out, a.set);
    if (a.unchanged_since) {
      out.append(" (UNCHANGEDSINCE ");
      write_number(out, *a.unchanged_since);
      out.push_back(')');
    }
    out.append(a.mode == StoreMode::Add      ? " +FLAGS"
               : a.mode == StoreMode::Remove ? " -FLAGS"
                                             : " FLAGS");
    if (a.silent) out.append(".SILENT");
    out.push_back(' ');
    write_flag_list(out, a.flags);
  }
  void operator()(const SearchArgs& a) {
    if (a.ret) search_return(out, *a.ret);
    if (a.charset) {
      out.append(" CHARSET ");
      write_atom_or_string(out, *a.charset);
    }
    out.push_back(' ');
    format_search_program(out, a.key);
  }
  void operator()(const FetchArgs& a) {
    out.push_back(' ');
    write_seq_set(out, a.set);
    out.append(" (");
    for (std::size_t i = 0; i < a.atts.size(); ++i) {
      if (i > 0) out.push_back(' ');
      format_fetch_att(out, a.atts[i]);
    }
    out.push_back(')');
    if (!a.changed_since && !a.vanished) return;
    out.append(" (");
    if (a.changed_since) {
      out.append("CHANGEDSINCE ");
      write_number(out, *a.changed_since);
    }
    if (a.vanished) out.append(a.changed_since ? " VANISHED" : "VANISHED");
    out.push_back(')');
  }
  void operator()(const SortArgs& a) {
    if (a.ret) search_return(out, *a.ret);
    out.append(" (");
    for (std::size_t i = 0; i < a.criteria.size(); ++i) {
      if (i > 0) out.push_back(' ');
      if (a.criteria[i].reverse) out.append("REVERSE ");
      out.append(sort_name(a.criteria[i].key));
    }
    out.append(") ");
    write_atom_or_string(out, a.charset);
    out.push_back(' ');
    format_search_program(out, a.key);
  }
  void operator()(const ThreadArgs& a) {
    out.push_back(' ');
    out.append(a.algorithm);
    out.push_back(' ');
    write_atom_or_string(out, a.charset);
    out.push_back(' ');
    format_search_program(out, a.key);
  }
  void operator()(const QuotaRootArgs& a) { mailbox(a.root); }
  void operator()(const SetQuotaArgs& a) {
    mailbox(a.root);
    out.append(" (");
    for (std::size_t i = 0; i < a.limits.size(); ++i) {
      if (i > 0) out.push_back(' ');
      out.append(a.limits[i].resource);
      out.push_back(' ');
      write_number(out, a.limits[i].limit);
    }
    out.push_back(')');
  }
  void operator()(const CompressArgs& a) {
    out.push_back(' ');
    out.append(a.mechanism);
  }
  void operator()(const GetMetadataArgs& a) {
    mailbox(a.mailbox);
    if (a.max_size || a.depth != MetadataDepth::Zero) {
      out.append(" (");
      if (a.max_size) {
        out.append("MAXSIZE ");
        write_number(out, *a.max_size);
      }
      if (a.depth != MetadataDepth::Zero) {
        if (a.max_size) out.push_back(' ');
        out.append(a.depth == MetadataDepth::One ? "DEPTH 1" : "DEPTH infinity");
      }
      out.push_back(')');
    }
    out.append(" (");
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
      if (i > 0) out.push_back(' ');
      write_astring(out, a.entries[i]);
    }
    out.push_back(')');
  }
  void operator()(const SetMetadataArgs& a) {
    mailbox(a.mailbox);
    out.append(" (");
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
      if (i > 0) out.push_back(' ');
      write_astring(out, a.entries[i].entry);
      out.push_back(' ');
      const auto& v = a.entries[i].value;
      if (v && v->find('\0') != std::string::npos) {
        write_literal8(out, *v);
      } else {
        write_nstring(out, v ? std::optional<std::string_view>(*v) : std::nullopt);
      }
    }
    out.push_back(')');
  }
};

}  // namespace

std::string format_command(const Command& c, bool redact) {
  std::string out;
  out.reserve(64);
  out.append(c.tag);
  out.append(c.uid ? " UID " : " ");
  out.append(c.name);
  std::visit(ArgWriter{out, redact}, c.args);
  out.append("\r\n");
  return out;
}

}  // namespace petrel::imap
