#include <fmt/format.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/commands.h"

namespace petrel::app {

int fail(const std::string& message, int code) {
  std::cerr << "petrel: error: " << message << '\n';
  return code;
}

Result<Config> resolve_config(const CommonOptions& options) {
  Config config;
  if (!options.config_file.empty()) {
    auto loaded = load_config(options.config_file);
    if (!loaded) return loaded.error();
    config = std::move(loaded.value());
  }
  if (!options.data_dir.empty()) config.data_dir = options.data_dir;
  return config;
}

void setup_logging(const Config& config) {
  std::shared_ptr<spdlog::logger> logger;
  if (config.log_file.empty())
    logger = spdlog::stderr_logger_mt("petrel");
  else
    logger = spdlog::basic_logger_mt("petrel", config.log_file);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace petrel::app
