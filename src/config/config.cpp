#include "config/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cctype>
#include <charconv>
#include <set>

namespace petrel {

std::filesystem::path Config::cert_path() const {
  return tls_cert.empty() ? data_dir / "tls" / "cert.pem" : tls_cert;
}

std::filesystem::path Config::key_path() const {
  return tls_key.empty() ? data_dir / "tls" / "key.pem" : tls_key;
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  if (text.empty()) return ListenAddress{};  // disabled
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return Error{fmt::format("listen address '{}' is not HOST:PORT", text)};
  std::string_view host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    return Error{fmt::format("listen address '{}' has an invalid port", text)};
  return ListenAddress{std::string(host), static_cast<unsigned short>(port)};
}

namespace {

// Walks one TOML table, remembering which keys were consumed so leftovers
// can be reported as unknown.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix)
      : table_(table), prefix_(std::move(prefix)) {}

  template <class T>
  Result<void> read(const char* key, T& out) {
    seen_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node) return Ok{};
    if constexpr (std::is_same_v<T, bool>) {
      if (auto v = node->value<bool>()) {
        out = *v;
        return Ok{};
      }
    } else if constexpr (std::is_integral_v<T>) {
      if (auto v = node->value<int64_t>(); v && *v >= 0) {
        out = static_cast<T>(*v);
        return Ok{};
      }
    } else {
      if (auto v = node->value<std::string>()) {
        out = *v;
        return Ok{};
      }
    }
    return Error{fmt::format("config key '{}{}' has the wrong type", prefix_, key)};
  }

  template <class Rep, class Period>
  Result<void> read(const char* key, std::chrono::duration<Rep, Period>& out) {
    int64_t count = out.count();
    if (auto r = read(key, count); !r) return r;
    out = std::chrono::duration<Rep, Period>(count);
    return Ok{};
  }

  Result<void> read_address(const char* key, ListenAddress& out) {
    std::string text = out.enabled() ? fmt::format("{}:{}", out.host, out.port) : "";
    if (auto r = read(key, text); !r) return r;
    auto parsed = parse_listen_address(text);
    if (!parsed) return parsed.error();
    out = *parsed;
    return Ok{};
  }

  Result<void> read_list(const char* key, std::vector<std::string>& out) {
    seen_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node) return Ok{};
    const toml::array* array = node->as_array();
    std::vector<std::string> values;
    for (std::size_t i = 0; array && i < array->size(); ++i) {
      auto v = array->get(i)->value<std::string>();
      if (!v) {
        array = nullptr;
        break;
      }
      values.push_back(*v);
    }
    if (!array)
      return Error{fmt::format("config key '{}{}' must be a list of strings", prefix_, key)};
    out = std::move(values);
    return Ok{};
  }

  void mark_known(const char* key) { seen_.insert(key); }

  Result<void> check_unknown() const {
    for (auto& [key, node] : table_) {
      if (!seen_.count(std::string(key.str())))
        return Error{fmt::format("unknown config key '{}{}'", prefix_, key.str())};
    }
    return Ok{};
  }

 private:
  const toml::table& table_;
  std::string prefix_;
  std::set<std::string, std::less<>> seen_;
};

#define PETREL_TRY(expr)        \
  do {                          \
    auto r_ = (expr);           \
    if (!r_) return r_.error(); \
  } while (0)

const toml::table& section(const toml::table& root, const char* name) {
  static const toml::table kEmpty;
  const toml::table* t = root[name].as_table();
  return t ? *t : kEmpty;
}

Result<void> apply(const toml::table& root, Config& c) {
  TableReader top(root, "");
  std::string data_dir = c.data_dir.string();
  PETREL_TRY(top.read("data_dir", data_dir));
  c.data_dir = data_dir;
  PETREL_TRY(top.read("log_level", c.log_level));
  PETREL_TRY(top.read("log_file", c.log_file));
  PETREL_TRY(top.read("io_threads", c.io_threads));
  for (const char* s : {"imap", "tls", "limits", "timeouts", "auth", "lmtp", "quota", "search",
                        "metrics", "store"}) {
    top.mark_known(s);
    if (root.get(s) && !root.get(s)->is_table())
      return Error{fmt::format("config key '{}' must be a table", s)};
  }
  PETREL_TRY(top.check_unknown());

  TableReader imap(section(root, "imap"), "imap.");
  PETREL_TRY(imap.read_address("listen", c.imap));
  PETREL_TRY(imap.read_address("listen_tls", c.imap_tls));
  PETREL_TRY(imap.read("allow_plaintext_auth", c.auth.allow_plaintext_auth));
  PETREL_TRY(imap.check_unknown());

  TableReader tls(section(root, "tls"), "tls.");
  std::string cert = c.tls_cert.string(), key = c.tls_key.string();
  PETREL_TRY(tls.read("cert", cert));
  PETREL_TRY(tls.read("key", key));
  c.tls_cert = cert;
  c.tls_key = key;
  PETREL_TRY(tls.check_unknown());

  TableReader lim(section(root, "limits"), "limits.");
  Limits& l = c.limits;
  PETREL_TRY(lim.read("max_line", l.max_line));
  PETREL_TRY(lim.read("max_literal", l.max_literal));
  PETREL_TRY(lim.read("max_other_literal", l.max_other_literal));
  PETREL_TRY(lim.read("max_command", l.max_command));
  PETREL_TRY(lim.read("max_depth", l.max_depth));
  PETREL_TRY(lim.read("max_tag", l.max_tag));
  PETREL_TRY(lim.read("preauth_max_line", l.preauth_max_line));
  PETREL_TRY(lim.read("preauth_max_literal", l.preauth_max_literal));
  PETREL_TRY(lim.read("max_bad_commands", l.max_bad_commands));
  PETREL_TRY(lim.read("max_connections", l.max_connections));
  PETREL_TRY(lim.read("max_connections_per_address", l.max_connections_per_address));
  PETREL_TRY(lim.check_unknown());

  TableReader to(section(root, "timeouts"), "timeouts.");
  PETREL_TRY(to.read("preauth_seconds", c.timeouts.preauth));
  PETREL_TRY(to.read("authenticated_seconds", c.timeouts.authenticated));
  PETREL_TRY(to.read("idle_seconds", c.timeouts.idle));
  PETREL_TRY(to.read("shutdown_grace_seconds", c.timeouts.shutdown_grace));
  PETREL_TRY(to.check_unknown());

  TableReader au(section(root, "auth"), "auth.");
  PETREL_TRY(au.read("max_failures", c.auth.max_failures));
  PETREL_TRY(au.read("failure_window_seconds", c.auth.failure_window));
  PETREL_TRY(au.read("failure_base_delay_ms", c.auth.failure_base_delay));
  PETREL_TRY(au.read("failure_max_delay_ms", c.auth.failure_max_delay));
  PETREL_TRY(au.read("login_cache_seconds", c.auth.login_cache));
  PETREL_TRY(au.read_list("admins", c.auth.admins));
  // User names are case-insensitive and kept lowercase (auth/user_name.h).
  for (auto& admin : c.auth.admins)
    for (char& ch : admin) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  PETREL_TRY(au.check_unknown());

  TableReader lm(section(root, "lmtp"), "lmtp.");
  PETREL_TRY(lm.read_address("listen", c.lmtp.listen));
  std::string socket = c.lmtp.socket.string();
  PETREL_TRY(lm.read("socket", socket));
  c.lmtp.socket = socket;
  PETREL_TRY(lm.read("max_message_size", c.lmtp.max_message_size));
  PETREL_TRY(lm.read("max_recipients", c.lmtp.max_recipients));
  PETREL_TRY(lm.read("max_command_line", c.lmtp.max_command_line));
  PETREL_TRY(lm.read("max_data_line", c.lmtp.max_data_line));
  PETREL_TRY(lm.read("timeout_seconds", c.lmtp.timeout));
  PETREL_TRY(lm.check_unknown());

  TableReader qu(section(root, "quota"), "quota.");
  PETREL_TRY(qu.read("storage", c.quota.storage));
  PETREL_TRY(qu.read("messages", c.quota.messages));
  PETREL_TRY(qu.read("full_tempfail", c.quota.full_tempfail));
  PETREL_TRY(qu.check_unknown());

  TableReader se(section(root, "search"), "search.");
  PETREL_TRY(se.read("index_delay_ms", c.search.index_delay));
  PETREL_TRY(se.read("index_max_wait_ms", c.search.index_max_wait));
  PETREL_TRY(se.read("index_batch", c.search.index_batch));
  PETREL_TRY(se.check_unknown());

  TableReader me(section(root, "metrics"), "metrics.");
  PETREL_TRY(me.read_address("listen", c.metrics.listen));
  PETREL_TRY(me.read("max_request", c.metrics.max_request));
  PETREL_TRY(me.read("timeout_seconds", c.metrics.timeout));
  PETREL_TRY(me.check_unknown());

  TableReader st(section(root, "store"), "store.");
  PETREL_TRY(st.read("idle_stores", c.store.idle_stores));
  PETREL_TRY(st.read("idle_store_seconds", c.store.idle_store_time));
  PETREL_TRY(st.read("wal_size_limit", c.store.wal_size_limit));
  PETREL_TRY(st.read("page_size", c.store.page_size));
  PETREL_TRY(st.read("mmap_size", c.store.mmap_size));
  PETREL_TRY(st.read("read_ahead_threads", c.store.read_ahead_threads));
  PETREL_TRY(st.read("summary_rewrite_percent", c.store.summary_rewrite_percent));
  PETREL_TRY(st.read("summary_rewrite_min_rows", c.store.summary_rewrite_min_rows));
  PETREL_TRY(st.read("checkpoint_pages", c.store.checkpoint_pages));
  PETREL_TRY(st.read("checkpoint_fallback_pages", c.store.checkpoint_fallback_pages));
  PETREL_TRY(st.check_unknown());
  return Ok{};
}

Result<void> validate(const Config& c) {
  static const std::set<std::string, std::less<>> kLevels{"trace", "debug", "info",
                                                          "warn",  "error", "off"};
  if (!kLevels.count(c.log_level))
    return Error{fmt::format("log_level '{}' is not one of trace, debug, info, warn, error, off",
                             c.log_level)};
  if (c.data_dir.empty()) return Error{"data_dir must not be empty"};
  if (!c.imap.enabled() && !c.imap_tls.enabled())
    return Error{"both imap.listen and imap.listen_tls are disabled"};
  if (c.limits.max_line < 1024) return Error{"limits.max_line must be at least 1024"};
  if (c.limits.preauth_max_line < 1024)
    return Error{"limits.preauth_max_line must be at least 1024"};
  if (c.limits.max_depth < 4) return Error{"limits.max_depth must be at least 4"};
  if (c.limits.max_tag < 1) return Error{"limits.max_tag must be at least 1"};
  if (c.search.index_batch < 1) return Error{"search.index_batch must be at least 1"};
  if (c.search.index_delay.count() < 0) return Error{"search.index_delay_ms must not be negative"};
  if (c.search.index_max_wait.count() < 1)
    return Error{"search.index_max_wait_ms must be at least 1"};
  if (c.metrics.max_request < 256) return Error{"metrics.max_request must be at least 256"};
  if (c.metrics.timeout.count() < 1) return Error{"metrics.timeout_seconds must be at least 1"};
  if (c.timeouts.preauth.count() < 1) return Error{"timeouts.preauth_seconds must be at least 1"};
  if (c.lmtp.max_recipients < 1) return Error{"lmtp.max_recipients must be at least 1"};
  if (c.lmtp.max_command_line < 512) return Error{"lmtp.max_command_line must be at least 512"};
  if (c.lmtp.max_data_line < 1000) return Error{"lmtp.max_data_line must be at least 1000"};
  if (c.lmtp.max_message_size < 1) return Error{"lmtp.max_message_size must be at least 1"};
  if (c.lmtp.timeout.count() < 1) return Error{"lmtp.timeout_seconds must be at least 1"};
  if (c.timeouts.authenticated.count() < 1)
    return Error{"timeouts.authenticated_seconds must be at least 1"};
  // Beyond these an idle store would outlive any use of it, or the stores
  // would hold more descriptors than a process may have.
  if (c.store.idle_stores > 100000) return Error{"store.idle_stores must be at most 100000"};
  if (c.store.idle_store_time > std::chrono::hours(24))
    return Error{"store.idle_store_seconds must be at most 86400"};
  if (c.store.wal_size_limit > (std::uint64_t{1} << 40))
    return Error{"store.wal_size_limit must be at most 1099511627776"};
  // SQLite's own bounds; it ignores any other value silently.
  if (c.store.page_size < 512 || c.store.page_size > 65536 ||
      (c.store.page_size & (c.store.page_size - 1)) != 0)
    return Error{"store.page_size must be a power of two from 512 to 65536"};
  // SQLite counts WAL frames in an int.
  constexpr std::uint64_t kMaxPages = std::uint64_t{1} << 30;
  if (c.store.checkpoint_pages < 1 || c.store.checkpoint_pages > kMaxPages)
    return Error{"store.checkpoint_pages must be between 1 and 1073741824"};
  if (c.store.checkpoint_fallback_pages < c.store.checkpoint_pages ||
      c.store.checkpoint_fallback_pages > kMaxPages)
    return Error{
        "store.checkpoint_fallback_pages must be between store.checkpoint_pages and 1073741824"};
  if (c.store.read_ahead_threads > 64)
    return Error{"store.read_ahead_threads must be between 0 and 64"};
  if (c.store.summary_rewrite_percent > 100)
    return Error{"store.summary_rewrite_percent must be between 0 and 100"};
  if (c.store.summary_rewrite_min_rows < 1 || c.store.summary_rewrite_min_rows > kMaxPages)
    return Error{"store.summary_rewrite_min_rows must be between 1 and 1073741824"};
  return Ok{};
}

}  // namespace

Result<Config> load_config(const std::filesystem::path& file) {
  Config config;
  toml::table table;
  // Debian's toml++ is built with exceptions; they stop here and become values.
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& err) {
    return Error{fmt::format("{}:{}:{}: {}", file.string(), err.source().begin.line,
                             err.source().begin.column, err.description())};
  }
  if (auto r = apply(table, config); !r)
    return Error{fmt::format("{}: {}", file.string(), r.error().message)};
  if (auto r = validate(config); !r)
    return Error{fmt::format("{}: {}", file.string(), r.error().message)};
  return config;
}

}  // namespace petrel
