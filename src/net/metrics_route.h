#pragma once
// What the HTTP endpoint serves: /metrics (the registry of metrics/metrics.h
// plus the store size, measured at each scrape) and /health.
#include "config/config.h"
#include "net/http_server.h"

namespace petrel::net {

HttpServer::Route make_metrics_route(const Config& config);

}  // namespace petrel::net
