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
