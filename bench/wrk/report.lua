-- wrk script for bench/wrk_pages.py: prints one JSON line with the run's numbers.
-- Usage: wrk -s bench/wrk/report.lua ... ; the line starts with "WRK_JSON ".
-- response() counts 5xx and page-cache hits per thread; done() adds the threads up.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  cache_hits = 0
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
  if headers["X-Page-Cache"] == "hit" then
    cache_hits = cache_hits + 1
  end
end

function done(summary, latency, requests)
  local errors_5xx, hits = 0, 0
  for _, thread in ipairs(threads) do
    errors_5xx = errors_5xx + thread:get("server_errors")
    hits = hits + thread:get("cache_hits")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_s": %.3f, "rps": %.2f, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, '
    .. '"non_2xx": %d, "status_5xx": %d, "cache_hits": %d, '
    .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, errors_5xx, hits, e.connect, e.read, e.write, e.timeout))
end
