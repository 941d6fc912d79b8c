-- wrk script: POSTs one chat request (BENCH_BODY, or the file BENCH_BODY_FILE) with extra headers (BENCH_HEADERS, "k: v|k: v"),
-- and prints one machine-readable line at the end for bench/run.sh.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
-- a body too large for an environment variable (scenario 9's long prompts) comes from a file
local file = os.getenv("BENCH_BODY_FILE")
if file and file ~= "" then
  local f = assert(io.open(file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
for pair in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local k, v = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if k then wrk.headers[k] = v end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end

-- BENCH_BUCKETS=1 (scenario 8, cold start): also count the answers of each wall-clock second, per
-- thread, and print them at the end as "BUCKET <epoch second> <answers>".
if os.getenv("BENCH_BUCKETS") == "1" then
  local threads = {}
  function setup(thread) table.insert(threads, thread) end
  buckets = {}
  function response(status, headers, body)
    local t = os.time()
    buckets[t] = (buckets[t] or 0) + 1
  end
  local summary = done
  function done(s, latency, requests)
    summary(s, latency, requests)
    local all = {}
    for _, thread in ipairs(threads) do
      for t, n in pairs(thread:get("buckets")) do all[t] = (all[t] or 0) + n end
    end
    for t, n in pairs(all) do io.write(string.format("BUCKET %d %d\n", t, n)) end
  end
end
