-- wrk script: GET /api/search with the benchmark's queries in turn (urlencoded by perf.py into queries.lua)
local queries = dofile(os.getenv("KB_WRK_QUERIES"))
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?k=10&q=" .. queries[(n % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"errors\": %d, \"seconds\": %f, \"p50\": %f, \"p95\": %f, \"p99\": %f}\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
