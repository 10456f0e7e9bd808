#include "net/metrics_route.h"

#include <filesystem>

#include "metrics/metrics.h"

namespace petrel::net {
namespace {

// Bytes on disk under <data_dir>/mail (databases and their WAL files).
// A scrape every few seconds walks a handful of files per user: cheap.
int64_t store_bytes(const std::filesystem::path& mail) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int64_t total = 0;
  for (fs::recursive_directory_iterator it(mail, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      auto size = it->file_size(size_ec);
      if (!size_ec) total += static_cast<int64_t>(size);
    }
  }
  return total;
}

}  // namespace

HttpServer::Route make_metrics_route(const Config& config) {
  auto mail = config.data_dir / "mail";
  return [mail](std::string_view path) -> HttpResponse {
    if (path == "/metrics") {
      static auto& size =
          metrics::gauge("petrel_store_bytes", "Bytes the mail store takes on disk");
      size.set(store_bytes(mail));
      HttpResponse r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = metrics::render();
      return r;
    }
    if (path == "/health") {
      std::error_code ec;
      if (!std::filesystem::is_directory(mail, ec)) return {503, "text/plain", "store missing\n"};
      return {200, "text/plain", "ok\n"};
    }
    return {404, "text/plain", "not found\n"};
  };
}

}  // namespace petrel::net
