#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/commands.h"
#include "net/server.h"

namespace petrel::app {

int serve(const CommonOptions& options) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  try {
    setup_logging(*config);
  } catch (const std::exception& e) {
    return fail(std::string("cannot open the log: ") + e.what());
  }
  net::Server server(*config);
  if (auto started = server.start(); !started) return fail(started.error().message);
  auto data = std::filesystem::absolute(config->data_dir).string();
  spdlog::info("petrel {} serving; data in {}", PETREL_VERSION, data);
  return server.run();
}

}  // namespace petrel::app
