#!/usr/bin/env bash
# The benchmark in one command: builds the gateway, starts the fake provider, the gateway and the
# peer gateway (Portkey, when installed) on 127.0.0.1, and measures every scenario three ways in
# turn: direct to the fake, through this gateway, through the peer; scenarios 1 and 2 also through
# the floor, a bare passthrough on the gateway's own stack (bench/floor). See bench/README.md.
#
#   bench/run.sh                  full run (about 15 minutes)
#   bench/run.sh --quick          3-second phases, one round: a smoke run (about 2 minutes)
#   options: --duration S  --rounds N  --warm S  --scenarios 1,2,3,4,5,6,7  --no-build  --no-peer  --no-floor
#            --jar PATH (measure that jar, no build: compare two builds)  --no-aot (plain java -jar)
#            --aot-train S (seconds of traffic that train the AOT cache, default 60)
#            --cold S (scenario 8: seconds of load after each cold start, default 120)
#            --cold-variants none,trained,startup (scenario 8: which starts to measure)
#   scenarios 8-13 (issue 29) run only when named: 8 cold start, 9 long prompts, 10 head-of-line,
#            11 tool-call streams, 12 key flood, 13 Responses API
#            --results DIR (write the CSV and table there and leave bench/README.md alone, as the
#            test suite's smoke run does: src/test/java/io/llmgateway/bench/BenchSmokeIT.java)
#   env:     BENCH_JVM_OPTS (the gateway's JVM flags), BENCH_JFR=1 (profile the gateway),
#            BENCH_KEEP_WORK=1 (keep the logs in /tmp), JAVA_HOME
set -euo pipefail

CALLER=$(pwd)
from_caller() { case $1 in /*) echo "$1" ;; *) echo "$CALLER/$1" ;; esac; }   # paths given relative to where it was run
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench

DURATION=10         # seconds per measured phase
ROUNDS=2            # direct / gateway / peer alternations per scenario
WARM=               # seconds of unrecorded load per target before the first scenario (default below)
SCENARIOS=1,2,3,4,5,6,7
BUILD=1
PEER=1
FLOOR=1
AOT=1
JAR=
AOT_TRAIN=60        # seconds of benchmark traffic in the AOT cache's training run
COLD=120            # scenario 8: seconds of load after each cold start
COLD_VARIANTS=none,trained
RESULTS=$BENCH/results
README=$BENCH/README.md   # its results table is rewritten by a run into bench/results only
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=3; ROUNDS=1; AOT_TRAIN=10; COLD=20 ;;
    --duration) DURATION=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warm) WARM=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --no-build) BUILD=0 ;;
    --no-peer) PEER=0 ;;
    --no-floor) FLOOR=0 ;;
    --no-aot) AOT=0 ;;
    --aot-train) AOT_TRAIN=$2; shift ;;
    --cold) COLD=$2; shift ;;
    --cold-variants) COLD_VARIANTS=$2; shift ;;
    --jar) JAR=$(from_caller "$2"); BUILD=0; shift ;;
    --results) RESULTS=$(from_caller "$2"); README=; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
has() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

# ---- tools ----------------------------------------------------------------------------------
. "$ROOT/.mvn/select-jdk.sh"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
. "$BENCH/common.sh"   # free_port, cpu_ticks, chat_body, DEFAULT_JVM
command -v node >/dev/null || { echo "bench needs node (the fake provider and reports run on it)" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >/dev/null 2>&1 \
    || sudo -n apt-get install -y wrk >/dev/null 2>&1 || { echo "cannot install wrk" >&2; exit 1; }
fi
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
mkdir -p "$RESULTS"
CSV=$RESULTS/$STAMP.csv
WORK=$(mktemp -d /tmp/llm-gateway-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  # the gateway's request log alone grows to a few hundred MB per run: keep it only when asked
  if [ -n "${BENCH_KEEP_WORK:-}" ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
# Peak RSS: VmHWM, reset per phase through clear_refs (5 = reset the peak) when the kernel allows it.
reset_peak() { echo 5 > "/proc/$1/clear_refs" 2>/dev/null || true; }
peak_mib() { awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
rss_mib() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Polls url until it answers 2xx, at most $2 seconds. Prints the elapsed ms since $3 (epoch ms).
wait_ready() {
  local url=$1 limit=$2 start=$3 until=$(($(now_ms) + $2 * 1000))
  while [ "$(now_ms)" -lt "$until" ]; do   # by the clock: on a busy machine each poll takes longer
    if curl -sf -o /dev/null --max-time 1 "$url"; then echo $(($(now_ms) - start)); return 0; fi
    sleep 0.05
  done
  return 1
}

# ---- build and start ---------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  echo "building the gateway jar"
  ./mvnw -B -q package -DskipTests
fi
JAR=${JAR:-$(ls "$ROOT"/target/llm-gateway-*.jar | grep -v original | head -n 1)}

FAKE_PORT=$(free_port)
node "$BENCH/fake-provider.mjs" "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)
FAKE_PID=$!
wait_ready_post() { # the fake only answers POST
  local i
  for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null --max-time 1 -X POST "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" \
      -d '{"model":"fake-d0"}' && return 0
    sleep 0.05
  done
  echo "fake provider did not start" >&2; exit 1
}
wait_ready_post

JVM_OPTS=${BENCH_JVM_OPTS:-$DEFAULT_JVM}   # DEFAULT_JVM: bench/common.sh, with why
FLOOR_JVM_OPTS=$JVM_OPTS   # the floor runs with the gateway's flags, without its AOT cache or profiler
# BENCH_JFR=1 records a JFR profile of the gateway for the whole run, next to the CSV.
[ "${BENCH_JFR:-0}" = 1 ] && JFR_OPTS="-XX:StartFlightRecording=settings=profile,filename=$RESULTS/$STAMP-gateway.jfr,dumponexit=true"
# Start-up: run from the extracted jar (plain jars on the class path instead of the nested-jar
# loader) and, on JDK 25+, with an AOT cache (JEP 483/514/515) trained on the benchmark's traffic:
# deploy/aot/AotTraining.java starts the gateway with -XX:AOTCacheOutput, sends it the benchmark's
# requests (chat as chat_body writes it, streams, tool-call streams, the Responses API, long prompts)
# for --aot-train seconds and stops it; the JVM writes the classes and the method profiles that
# traffic built. The Dockerfile and docs/operator.md (a warm start) run the same training. --no-aot measures the plain jar.
BASE_JVM_OPTS=$JVM_OPTS   # scenario 8 starts its own gateways from these, with or without a cache
APP_JAR=$JAR
# The gateway's store (keys, spend ledger) in this run's folder, not the project's data/: every run
# starts empty and the ledger is on, as shipped.
STORE_ARG="--spring.datasource.url=jdbc:h2:file:$WORK/gateway;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
AOT_CACHE=
if [ "$AOT" = 1 ] || has 8; then
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" > /dev/null
  APP_JAR=$WORK/app/$(basename "$JAR")
  if [ "${JAVA_MAJOR:-21}" -ge 25 ]; then
    echo "training the AOT cache on the benchmark's traffic (${AOT_TRAIN}s)"
    # shellcheck disable=SC2086
    timeout 900 "$JAVA" "$ROOT/deploy/aot/AotTraining.java" --seconds "$AOT_TRAIN" "$WORK/app/gateway.aot" -- \
      "$JAVA" $JVM_OPTS -jar "$APP_JAR" --spring.config.additional-location="file:$BENCH/application-bench.yaml" \
      --bench.fake.port="$FAKE_PORT" "${STORE_ARG/gateway;/aot-training;}" > "$WORK/aot-training.log" 2>&1 \
      || { echo "AOT training failed:"; tail -5 "$WORK/aot-training.log"; }
    [ -f "$WORK/app/gateway.aot" ] && AOT_CACHE=$WORK/app/gateway.aot
    [ "$AOT" = 1 ] && [ -n "$AOT_CACHE" ] && JVM_OPTS="$JVM_OPTS -XX:AOTCache=$AOT_CACHE"
  fi
fi
GW_PORT=$(free_port)
GW_START=$(now_ms)
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS ${JFR_OPTS:-} -jar "$APP_JAR" --server.port="$GW_PORT" \
  --spring.config.additional-location="file:$BENCH/application-bench.yaml" --bench.fake.port="$FAKE_PORT" "$STORE_ARG" \
  > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)
GW_PID=$!
GW_READY_MS=$(wait_ready "http://127.0.0.1:$GW_PORT/actuator/health" 180 "$GW_START") \
  || { BENCH_KEEP_WORK=1; echo "gateway did not become ready; log: $WORK/gateway.log" >&2; tail -20 "$WORK/gateway.log" >&2; exit 1; }
echo "gateway ready in ${GW_READY_MS} ms (pid $GW_PID, port $GW_PORT, JVM: $JVM_OPTS)"

PEER_STATUS="not installed"
PEER_PID=
if [ "$PEER" = 1 ]; then
  if [ ! -d "$BENCH/peer/node_modules/@portkey-ai/gateway" ] && command -v npm >/dev/null; then
    echo "installing the peer gateway (npm, bench/peer)"
    (cd "$BENCH/peer" && timeout 300 npm install --no-audit --no-fund >/dev/null 2>&1) || true
  fi
  if [ -f "$BENCH/peer/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    PEER_PORT=$(free_port)
    PEER_START=$(now_ms)
    (cd "$BENCH/peer" && NODE_ENV=production exec node --import ./loopback.mjs \
      node_modules/@portkey-ai/gateway/build/start-server.js --port="$PEER_PORT" --headless) \
      > "$WORK/peer.log" 2>&1 &
    PIDS+=($!)
    PEER_PID=$!
    if PEER_READY_MS=$(wait_ready "http://127.0.0.1:$PEER_PORT/" 60 "$PEER_START"); then
      PEER_STATUS="portkey $(node -p 'require("./bench/peer/node_modules/@portkey-ai/gateway/package.json").version')"
      echo "peer ready in ${PEER_READY_MS} ms ($PEER_STATUS, pid $PEER_PID, port $PEER_PORT)"
    else
      PEER_STATUS="failed to start"; PEER_PID=
    fi
  fi
else
  PEER_STATUS="skipped (--no-peer)"
fi
[ -n "$PEER_PID" ] || echo "peer gateway: $PEER_STATUS; its rows are reported as missing"

# The floor (scenarios 1 and 2): bench/floor/FloorProxy.java, Tomcat + Apache HttpClient passing the
# body through untouched, on the libraries inside the gateway's jar. Its CPU per request is what
# the stack costs before a gateway does anything; a gateway's row can only be slower.
FLOOR_PID=
if [ "$FLOOR" = 1 ] && { has 1 || has 2; }; then
  [ -d "$WORK/app/lib" ] || "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" > /dev/null
  FLOOR_PORT=$(free_port)
  FLOOR_START=$(now_ms)
  # shellcheck disable=SC2086
  "$JAVA" $FLOOR_JVM_OPTS -cp "$WORK/app/lib/*" "$BENCH/floor/FloorProxy.java" "$FLOOR_PORT" \
    "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" > "$WORK/floor.log" 2>&1 &
  PIDS+=($!)
  FLOOR_PID=$!
  if FLOOR_READY_MS=$(wait_ready "http://127.0.0.1:$FLOOR_PORT/" 60 "$FLOOR_START"); then
    echo "floor ready in ${FLOOR_READY_MS} ms (pid $FLOOR_PID, port $FLOOR_PORT)"
  else
    echo "floor did not start (its rows are left out); log: $WORK/floor.log" >&2; FLOOR_PID=
  fi
fi

MACHINE="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "date,machine,load1,scenario,target,connections,delay_ms,round,duration_s,requests,rps,p50_ms,p90_ms,p99_ms,max_ms,errors,cpu_s,peak_rss_mib,notes" > "$CSV"
row() { # scenario target conns delay round duration requests rps p50 p90 p99 max errors cpu rss notes
  echo "$STAMP,\"$MACHINE\",$(load1),$1,$2,$3,$4,$5,$6,$7,$8,$9,${10},${11},${12},${13},${14},${15},\"${16}\"" >> "$CSV"
}

# ---- one measured phase -------------------------------------------------------------------------
target_url() {
  case $1 in
    direct) echo "http://127.0.0.1:$FAKE_PORT/v1/chat/completions" ;;
    gateway) echo "http://127.0.0.1:$GW_PORT/v1/chat/completions" ;;
    responses) echo "http://127.0.0.1:$GW_PORT/v1/responses" ;;
    peer) echo "http://127.0.0.1:$PEER_PORT/v1/chat/completions" ;;
    floor) echo "http://127.0.0.1:$FLOOR_PORT/v1/chat/completions" ;;
  esac
}
target_pid() { case $1 in gateway|responses) echo "$GW_PID" ;; peer) echo "$PEER_PID" ;; floor) echo "$FLOOR_PID" ;; *) echo "" ;; esac; }
# The model each target is asked for: gateway aliases map to the fake's fake-d<delay> models.
target_model() { # target delay [cached]
  if [ "$1" = gateway ]; then [ "${3:-}" = cached ] && echo bench-cached || echo "bench-d$2"; else echo "fake-d$2"; fi
}
target_headers() { # target [cached]
  if [ "$1" = peer ]; then
    local h="x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$FAKE_PORT/v1"
    [ "${2:-}" = cached ] && h="x-portkey-config: {\"cache\":{\"mode\":\"simple\"}}|$h"
    echo "$h"
  fi
}

# wrk phase: scenario target conns delay round duration [cached]
measure() {
  local sc=$1 t=$2 c=$3 d=$4 r=$5 dur=$6 cached=${7:-}
  if [ "$t" = peer ] && [ -z "$PEER_PID" ]; then
    row "$sc" "$t" "$c" "$d" "$r" 0 0 0 0 0 0 0 0 0 0 "peer $PEER_STATUS"; return
  fi
  local pid threads=$((c < 2 ? 1 : 2)) timeout=$((d / 1000 + 10)) out cpu0=0 cpu1=0 rss=0
  pid=$(target_pid "$t")
  if [ -n "$pid" ]; then reset_peak "$pid"; cpu0=$(cpu_ticks "$pid"); fi
  # MEASURE_BODY: a file prefix (the body is <prefix>-<target>.json: scenarios 9 and 13), else chat_body
  out=$(BENCH_BODY="$(chat_body "$(target_model "$t" "$d" "$cached")")" \
    BENCH_BODY_FILE="${MEASURE_BODY:+$MEASURE_BODY-$t.json}" \
    BENCH_HEADERS="${MEASURE_HEADERS:-$(target_headers "$t" "$cached")}" \
    timeout $((dur + timeout + 30)) wrk -t"$threads" -c"$c" -d"${dur}s" --timeout "${timeout}s" -s "$BENCH/post.lua" "$(target_url "$t")" 2>&1 | grep '^BENCH ' || true)
  if [ -n "$pid" ]; then cpu1=$(cpu_ticks "$pid"); rss=$(peak_mib "$pid"); fi
  if [ -z "$out" ]; then
    row "$sc" "$t" "$c" "$d" "$r" "$dur" 0 0 0 0 0 0 0 0 0 "wrk failed"; return
  fi
  local -A v
  for kv in ${out#BENCH }; do v[${kv%%=*}]=${kv#*=}; done
  local errs=$((v[errors_connect] + v[errors_read] + v[errors_write] + v[errors_status] + v[errors_timeout]))
  local secs rps cpu
  secs=$(awk -v us="${v[duration_us]}" 'BEGIN{printf "%.2f", us/1e6}')
  rps=$(awk -v n="${v[requests]}" -v us="${v[duration_us]}" 'BEGIN{printf "%.0f", n/(us/1e6)}')
  cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}')
  ms() { awk -v us="$1" 'BEGIN{printf "%.3f", us/1000}'; }
  row "$sc" "$t" "$c" "$d" "$r" "$secs" "${v[requests]}" "$rps" "$(ms "${v[p50_us]}")" "$(ms "${v[p90_us]}")" \
    "$(ms "${v[p99_us]}")" "$(ms "${v[max_us]}")" "$errs" "$cpu" "$rss" \
    "connect=${v[errors_connect]} read=${v[errors_read]} write=${v[errors_write]} status=${v[errors_status]} timeout=${v[errors_timeout]}"
  printf '  %-8s s%-3s c=%-5s %6s req/s  p50 %8s ms  p99 %8s ms  errors %s  cpu %ss  rss %s MiB\n' \
    "$t" "$sc" "$c" "$rps" "$(ms "${v[p50_us]}")" "$(ms "${v[p99_us]}")" "$errs" "$cpu" "$rss"
}

alternate() { # scenario conns delay duration [cached]
  local r t
  for ((r = 1; r <= ROUNDS; r++)); do
    for t in direct floor gateway peer; do
      { [ "$t" = floor ] && { [ -z "$FLOOR_PID" ] || [ "${1%%-*}" -gt 2 ]; }; } && continue
      measure "$1" "$t" "$2" "$3" "$r" "$4" "${5:-}"
    done
  done
}

# ---- scenarios ------------------------------------------------------------------------------------
# 7 first: idle figures before any load.
if has 7; then
  sleep 5
  row 7 gateway 0 0 1 0 0 0 0 0 0 0 0 "$(awk -v t="$TCK" '{printf "%.2f", ($14+$15)/t}' /proc/$GW_PID/stat)" "$(rss_mib "$GW_PID")" "ready_ms=$GW_READY_MS; rss_mib is VmRSS at idle 5 s after ready; cpu_s is start-up CPU"
  if [ -n "$PEER_PID" ]; then
    row 7 peer 0 0 1 0 0 0 0 0 0 0 0 "$(cpu_ticks "$PEER_PID" | awk -v t="$TCK" '{printf "%.2f", $1/t}')" "$(rss_mib "$PEER_PID")" "ready_ms=$PEER_READY_MS"
  fi
  echo "scenario 7: gateway ready in $GW_READY_MS ms, idle RSS $(rss_mib "$GW_PID") MiB"
fi

# 8: cold start (issue 29). Each variant is a fresh gateway, started from the extracted jar with the
# benchmark's JVM flags: without an AOT cache (none), with the cache trained on the benchmark's
# traffic (trained, the one the other scenarios run with), and, with --cold-variants ...,startup, a
# cache made from a start alone (the training this benchmark used before). As soon as it answers
# /actuator/health, 16 connections send scenario 2's request for --cold seconds: the first 10 s are
# one wrk run (requests/s and p99 of the first 10 s), the rest another; both count the answers of
# every second. The report sets those against the warmed throughput (scenario 2 at 16 connections,
# else the last 20 s of the run) and reads the time to 90% of it. BENCH_COLD_EXTRA="name|flags;..."
# adds variants (e.g. tiered-compilation settings) with the trained cache.
cold_start() { # variant jvm-flags...
  local v=$1 port pid start ready cpu0 cpu1 cpu2 out1 out2 body rest=$((COLD > 10 ? COLD - 10 : 0))
  shift
  port=$(free_port)
  start=$(now_ms)
  "$JAVA" "$@" -jar "$APP_JAR" --server.port="$port" --spring.config.additional-location="file:$BENCH/application-bench.yaml" \
    --bench.fake.port="$FAKE_PORT" "${STORE_ARG/gateway;/cold-$v;}" > "$WORK/cold-$v.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  if ! ready=$(wait_ready "http://127.0.0.1:$port/actuator/health" 180 "$start"); then
    row 8-first10 "$v" 16 0 1 0 0 0 0 0 0 0 0 0 0 "did not start"; kill "$pid" 2>/dev/null; return
  fi
  body=$(chat_body bench-d0)
  cpu0=$(cpu_ticks "$pid")
  out1=$(BENCH_BODY="$body" BENCH_BUCKETS=1 timeout 60 wrk -t2 -c16 -d10s --timeout 10s -s "$BENCH/post.lua" \
    "http://127.0.0.1:$port/v1/chat/completions" 2>&1 || true)
  cpu1=$(cpu_ticks "$pid")
  out2=
  [ "$rest" -gt 0 ] && out2=$(BENCH_BODY="$body" BENCH_BUCKETS=1 timeout $((rest + 60)) wrk -t2 -c16 -d"${rest}s" --timeout 10s \
    -s "$BENCH/post.lua" "http://127.0.0.1:$port/v1/chat/completions" 2>&1 || true)
  cpu2=$(cpu_ticks "$pid")
  local rss; rss=$(peak_mib "$pid")
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  local -A v1=()
  local kv line
  line=$(grep '^BENCH ' <<< "$out1" || true)
  [ -n "$line" ] || { row 8-first10 "$v" 16 0 1 0 0 0 0 0 0 0 0 0 0 "wrk failed"; return; }
  for kv in ${line#BENCH }; do v1[${kv%%=*}]=${kv#*=}; done
  local errs=$((v1[errors_connect] + v1[errors_read] + v1[errors_write] + v1[errors_status] + v1[errors_timeout]))
  local series
  series=$(printf '%s\n%s\n' "$out1" "$out2" | awk '/^BUCKET /{n[$2]+=$3} END{for (t in n) print t, n[t]}' | sort -n | awk '{printf "%s%d", (NR > 1 ? ";" : ""), $2}')
  local ms; ms() { awk -v us="$1" 'BEGIN{printf "%.3f", us/1000}'; }
  row 8-first10 "$v" 16 0 1 "$(awk -v us="${v1[duration_us]}" 'BEGIN{printf "%.2f", us/1e6}')" "${v1[requests]}" \
    "$(awk -v n="${v1[requests]}" -v us="${v1[duration_us]}" 'BEGIN{printf "%.0f", n/(us/1e6)}')" \
    "$(ms "${v1[p50_us]}")" "$(ms "${v1[p90_us]}")" "$(ms "${v1[p99_us]}")" "$(ms "${v1[max_us]}")" "$errs" \
    "$(awk -v a="$cpu0" -v b="$cpu1" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}')" "$rss" "ready_ms=$ready; flags=$*"
  row 8-series "$v" 16 0 1 "$COLD" 0 0 0 0 0 0 0 "$(awk -v a="$cpu0" -v b="$cpu2" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}')" "$rss" \
    "series=$series"
  printf '  %-9s ready %5s ms  first 10 s: %6s req/s p99 %s ms  per second: %s\n' "$v" "$ready" \
    "$(awk -v n="${v1[requests]}" -v us="${v1[duration_us]}" 'BEGIN{printf "%.0f", n/(us/1e6)}')" "$(ms "${v1[p99_us]}")" "$series"
}
if has 8; then
  echo "scenario 8: cold start, ${COLD}s of 16 connections from ready ($COLD_VARIANTS)"
  if [[ ",$COLD_VARIANTS," == *",startup,"* ]] && [ "${JAVA_MAJOR:-21}" -ge 25 ]; then
    # shellcheck disable=SC2086
    timeout 300 "$JAVA" $BASE_JVM_OPTS -XX:AOTCacheOutput="$WORK/app/startup.aot" -Dspring.context.exit=onRefresh \
      -jar "$APP_JAR" --server.port=0 --spring.config.additional-location="file:$BENCH/application-bench.yaml" \
      --bench.fake.port="$FAKE_PORT" "${STORE_ARG/gateway;/aot-startup;}" > "$WORK/aot-startup.log" 2>&1 || true
  fi
  for variant in ${COLD_VARIANTS//,/ }; do
    case $variant in
      # shellcheck disable=SC2086
      none) cold_start none $BASE_JVM_OPTS ;;
      # shellcheck disable=SC2086
      trained) if [ -n "$AOT_CACHE" ]; then cold_start trained $BASE_JVM_OPTS -XX:AOTCache="$AOT_CACHE"; else echo "  no trained cache (JDK 25 needed)"; fi ;;
      # shellcheck disable=SC2086
      startup) if [ -f "$WORK/app/startup.aot" ]; then cold_start startup $BASE_JVM_OPTS -XX:AOTCache="$WORK/app/startup.aot"; fi ;;
      *) echo "  unknown cold-start variant $variant" ;;
    esac
  done
  IFS=';' read -r -a extras <<< "${BENCH_COLD_EXTRA:-}"
  for extra in "${extras[@]}"; do
    [ -n "$extra" ] && [ -n "$AOT_CACHE" ] || continue
    # shellcheck disable=SC2086
    cold_start "${extra%%|*}" $BASE_JVM_OPTS -XX:AOTCache="$AOT_CACHE" ${extra#*|}
  done
fi

# JIT warm-up, not recorded: the gateway is a JVM; a user's gateway has run for hours. On 2 shared
# cores C2 needs about a minute of load to compile the request path: after 20 s the first round
# of scenario 1 still ran at 930 µs of CPU per request and a 4.3 ms p99, the second at 485 µs
# and 1.0 ms. The peer gets the same warm-up (V8's JIT warms too); the fake alone needs little.
#
# Two passes, because a gateway that has run for hours has also seen idle gaps and new connections,
# and steady load alone never shows C2 those paths. After the minute at 16 connections, the first
# request after an idle gap (the upstream connection evicted after 30 s idle, or reused after a
# shorter one) hit uncommon traps in HttpClient's pool and connect code; the hottest methods were
# deoptimised and the slow requests bunched in the next 2-3 s (JIT log, issue 11's note). New
# connections take the same connect path, hence 64 connections after the gap. Pass 2 puts those
# recompiles here. (The larger cause of a slow first round was the body: see chat_body.)
WARM=${WARM:-$((DURATION < 5 ? 5 : DURATION * 6))}
GAP=$((WARM >= 30 ? 35 : 0))   # longer than gateway.resilience.pool.idle-eviction (30 s); none in a smoke run
echo "warming up: ${WARM}s per target, then an idle gap of ${GAP}s and a second, shorter pass"
warm() { # target connections seconds [cached]
  local t=$1
  BENCH_BODY="$(chat_body "$(target_model "$t" 0 "${4:-}")")" BENCH_HEADERS="$(target_headers "$t" "${4:-}")" timeout $(($3 + 30)) \
    wrk -t$(($2 > 1 ? 2 : 1)) -c"$2" -d"$3s" -s "$BENCH/post.lua" "$(target_url "$t")" > /dev/null 2>&1 || true
}
SHORT=$((WARM < 10 ? WARM : 10))   # the fake's warm-up, and each step of pass 2
declare -A WARMED_AT
needs_warm() { local n; for n in 1 2 3 4 5 6 9 10 11 12 13; do has $n && return 0; done; return 1; }
needs_warm || echo "  (no scenario needs the warmed gateway: warm-up skipped)"
needs_warm && for t in direct floor gateway peer; do
  [ "$t" = peer ] && [ -z "$PEER_PID" ] && continue
  [ "$t" = floor ] && [ -z "$FLOOR_PID" ] && continue
  if [ "$t" = direct ]; then warm direct 16 "$SHORT"; continue; fi
  # the floor is a JVM too: the same minute for C2, then one connection as scenario 1 starts
  if [ "$t" = floor ]; then warm floor 16 "$WARM"; warm floor 1 "$SHORT"; continue; fi
  warm "$t" 16 "$WARM"
  WARMED_AT[$t]=$(date +%s)
done
needs_warm && for t in gateway peer; do
  [ "$t" = peer ] && [ -z "$PEER_PID" ] && continue
  idle=$(( $(date +%s) - ${WARMED_AT[$t]} ))
  [ "$idle" -lt "$GAP" ] && sleep $((GAP - idle))
  warm "$t" 64 "$SHORT"      # after the gap: reconnects upstream, and more connections both sides
  warm "$t" 16 "$SHORT" cached   # cache hits (scenario 6) run code of their own
  sleep 5                    # a short gap: an idle pooled connection is taken up again
  warm "$t" 1 "$SHORT"       # then one connection, as scenario 1 starts
done

if has 1; then echo "scenario 1: 1 connection, 0 ms"; alternate 1 1 0 "$DURATION"; fi
if has 2; then
  echo "scenario 2: 16 and 64 connections, 0 ms"
  alternate 2 16 0 "$DURATION"
  alternate 2 64 0 "$DURATION"
fi
if has 3; then echo "scenario 3: 64 connections, 20 ms"; alternate 3 64 20 "$DURATION"; fi
if has 4; then
  # 2,000 connections, 2 s: a phase must span several 2 s rounds; one alternation only (slow).
  D4=$((DURATION < 10 ? 10 : DURATION * 2))
  echo "scenario 4: 2000 connections, 2000 ms, ${D4}s"
  for t in direct gateway peer; do measure 4 "$t" 2000 2000 1 "$D4"; done
fi
if has 5; then
  echo "scenario 5: streams of 100 chunks, 500 then 10 at once"
  # The warm-up above sent whole answers only: warm the streaming path too (not recorded), so the
  # first measured streams do not run on cold code (one cold run gave 3.6 s TTFT, the next 1.0 s).
  for t in direct gateway peer; do
    { [ "$t" = peer ] && [ -z "$PEER_PID" ]; } && continue
    model=$([ "$t" = gateway ] && echo bench-stream || echo fake-d0-c100-i10)
    timeout 120 node "$BENCH/stream-load.mjs" "$(target_url "$t")" "$model" 100 5 "$(target_headers "$t")" > /dev/null 2>&1 || true
  done
  # 500 streams started together (the issue's scenario: time to first token is mostly the queue of
  # 500 simultaneous opens), then 10 streams, where it is the gateway's own delay per stream.
  for conc in 500 10; do
    for t in direct gateway peer; do
      if [ "$t" = peer ] && [ -z "$PEER_PID" ]; then row 5 peer "$conc" 0 1 0 0 0 0 0 0 0 0 0 0 "peer $PEER_STATUS"; continue; fi
      pid=$(target_pid "$t"); cpu0=0
      [ -n "$pid" ] && { reset_peak "$pid"; cpu0=$(cpu_ticks "$pid"); }
      model=$([ "$t" = gateway ] && echo bench-stream || echo fake-d0-c100-i10)
      out=$(timeout $((DURATION * 3 + 120)) node "$BENCH/stream-load.mjs" "$(target_url "$t")" "$model" "$conc" \
        "$((DURATION < 5 ? 5 : DURATION))" "$(target_headers "$t")" 2>&1 | tail -n 1)
      cpu=0; rss=0
      [ -n "$pid" ] && { cpu=$(awk -v a="$cpu0" -v b="$(cpu_ticks "$pid")" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}'); rss=$(peak_mib "$pid"); }
      node -e '
        const r = JSON.parse(process.argv[1]);
        const f = (x) => (x ?? 0);
        console.log([f(r.seconds), f(r.streams), f(r.chunksPerSecond), f(r.ttftP50), f(r.ttftP90), f(r.ttftP99), f(r.ttftMax), f(r.errors)].join(" "));
        console.error(r.note ?? "");' "$out" > "$WORK/s5" 2> "$WORK/s5note" \
        || { echo "0 0 0 0 0 0 0 0" > "$WORK/s5"; echo "stream load failed: $out" > "$WORK/s5note"; }
      read -r secs streams cps p50 p90 p99 mx errs < "$WORK/s5"
      note=$(tr '\n",' '  ;' < "$WORK/s5note")
      # For streams: requests = streams completed, rps = chunks per second, latencies = time to first token.
      row 5 "$t" "$conc" 0 1 "$secs" "$streams" "$cps" "$p50" "$p90" "$p99" "$mx" "$errs" "$cpu" "$rss" "$note"
      printf '  %-8s s5   c=%-5s %s streams  %s chunks/s  TTFT p50 %s ms p99 %s ms  errors %s  %s\n' "$t" "$conc" "$streams" "$cps" "$p50" "$p99" "$errs" "$note"
    done
  done
fi
if has 6; then echo "scenario 6: cache hits, 64 connections"; alternate 6 64 0 "$DURATION" cached; fi

# ---- issue 29: what agents send (scenarios 9-13, run only when named) ------------------------------
# Long prompts: bodies of about 1k, 10k and 100k tokens (common.sh large_body), one file per target.
SIZES="1k:1000 10k:10000 100k:100000"
if has 9 || has 10; then
  for sz in $SIZES; do
    large_body fake-d0 "${sz#*:}" "$WORK/body-${sz%%:*}-direct.json"
    large_body bench-d0 "${sz#*:}" "$WORK/body-${sz%%:*}-gateway.json"
    large_body fake-d0 "${sz#*:}" "$WORK/body-${sz%%:*}-peer.json"
  done
fi
bytes_of() { stat -c %s "$1"; }
# the live heap (a full GC: jcmd GC.class_histogram), in bytes
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
live_heap() { "$JCMD" "$1" GC.class_histogram 2>/dev/null | awk '/^Total/{print $3}'; }

if has 9; then
  echo "scenario 9: long prompts (1k, 10k, 100k tokens), 1 and 16 connections"
  for sz in $SIZES; do   # the long-body path warmed (not recorded): parser and writer on long strings
    BENCH_BODY_FILE="$WORK/body-${sz%%:*}-gateway.json" timeout 60 wrk -t2 -c4 -d"$SHORT"s -s "$BENCH/post.lua" \
      "$(target_url gateway)" > /dev/null 2>&1 || true
  done
  for c in 1 16; do
    for sz in $SIZES; do
      MEASURE_BODY="$WORK/body-${sz%%:*}" alternate "9-${sz%%:*}" "$c" 0 "$DURATION"
    done
  done
  # Memory per in-flight long request: 64 requests held 2 s upstream (bench-d2000), the live heap
  # (after a full GC) while they wait, against the live heap at rest; the same with scenario 2's
  # small request shows what any request holds, whatever its body.
  for kind in small 100k; do
    if [ "$kind" = small ]; then
      echo "{\"model\":\"bench-d2000\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one short sentence.\"}]}" > "$WORK/mem-small.json"
    else
      large_body bench-d2000 100000 "$WORK/mem-100k.json"
    fi
    sleep 3
    idle=$(live_heap "$GW_PID")
    BENCH_BODY_FILE="$WORK/mem-$kind.json" timeout 60 wrk -t2 -c64 -d9s --timeout 10s -s "$BENCH/post.lua" "$(target_url gateway)" > "$WORK/mem-wrk" 2>&1 &
    wpid=$!
    sleep 5
    busy=$(live_heap "$GW_PID")
    wait "$wpid" || true
    per=$(awk -v a="${idle:-0}" -v b="${busy:-0}" 'BEGIN{printf "%.0f", (b-a)/64}')
    row 9-mem "$kind" 64 2000 1 9 64 0 0 0 0 0 0 0 "$(peak_mib "$GW_PID")" \
      "body_bytes=$(bytes_of "$WORK/mem-$kind.json"); live_idle=$idle; live_busy=$busy; per_request=$per"
    echo "  memory: $kind body ($(bytes_of "$WORK/mem-$kind.json") bytes): live heap $idle at rest, $busy with 64 in flight: $per bytes per request"
  done
fi

if has 10; then
  echo "scenario 10: head-of-line, 8 small streaming turns alone, then beside 4 connections of 100k-token prompts"
  for t in direct gateway; do   # streams and long bodies warmed (not recorded)
    model=$([ "$t" = gateway ] && echo bench-stream || echo fake-d0-c100-i10)
    timeout 120 node "$BENCH/stream-load.mjs" "$(target_url "$t")" "$model" 8 3 > /dev/null 2>&1 || true
    BENCH_BODY_FILE="$WORK/body-100k-$t.json" timeout 60 wrk -t1 -c4 -d"$SHORT"s -s "$BENCH/post.lua" "$(target_url "$t")" > /dev/null 2>&1 || true
  done
  hol() { # target solo|loaded round
    local t=$1 mode=$2 r=$3 pid cpu0 out big= bigpid= model note
    pid=$(target_pid "$t"); cpu0=0
    [ -n "$pid" ] && { reset_peak "$pid"; cpu0=$(cpu_ticks "$pid"); }
    model=$([ "$t" = gateway ] && echo bench-stream || echo fake-d0-c100-i10)
    if [ "$mode" = loaded ]; then
      BENCH_BODY_FILE="$WORK/body-100k-$t.json" timeout $((DURATION + 60)) wrk -t1 -c4 -d"$((DURATION + 2))s" --timeout 10s \
        -s "$BENCH/post.lua" "$(target_url "$t")" > "$WORK/hol-big" 2>&1 &
      bigpid=$!
      sleep 1
    fi
    out=$(timeout $((DURATION + 120)) node "$BENCH/stream-load.mjs" "$(target_url "$t")" "$model" 8 "$DURATION" 2>&1 | tail -n 1)
    if [ -n "$bigpid" ]; then
      wait "$bigpid" || true
      big=$(grep '^BENCH ' "$WORK/hol-big" | awk '{for(i=2;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]} printf "long prompts beside: %.0f req/s p50 %.1f ms", v["requests"]/(v["duration_us"]/1e6), v["p50_us"]/1000}')
    fi
    local cpu=0 rss=0
    [ -n "$pid" ] && { cpu=$(awk -v a="$cpu0" -v b="$(cpu_ticks "$pid")" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}'); rss=$(peak_mib "$pid"); }
    read -r secs streams cps p50 p90 p99 mx errs < <(node -e '
      const r = JSON.parse(process.argv[1]); const f = (x) => (x ?? 0);
      console.log([f(r.seconds), f(r.streams), f(r.chunksPerSecond), f(r.ttftP50), f(r.ttftP90), f(r.ttftP99), f(r.ttftMax), f(r.errors)].join(" "));' "$out" 2>/dev/null || echo "0 0 0 0 0 0 0 1")
    note="${big:-alone}"
    row "10-$mode" "$t" 8 0 "$r" "$secs" "$streams" "$cps" "$p50" "$p90" "$p99" "$mx" "$errs" "$cpu" "$rss" "$note"
    printf '  %-8s %-6s 8 streams: TTFT p50 %s ms p99 %s ms, %s chunks/s, errors %s; %s\n' "$t" "$mode" "$p50" "$p99" "$cps" "$errs" "$note"
  }
  for ((r = 1; r <= ROUNDS; r++)); do
    for t in direct gateway; do hol "$t" solo "$r"; hol "$t" loaded "$r"; done
  done
fi

if has 11; then
  echo "scenario 11: 64 concurrent tool-call streams, every argument delta checked against what the fake sent"
  TOOL_DELTAS=20
  timeout 120 node "$BENCH/tool-stream-check.mjs" "$(target_url gateway)" bench-tools "$TOOL_DELTAS" 16 3 > /dev/null 2>&1 || true
  for ((r = 1; r <= ROUNDS; r++)); do
    for t in direct gateway; do
      pid=$(target_pid "$t"); cpu0=0
      [ -n "$pid" ] && { reset_peak "$pid"; cpu0=$(cpu_ticks "$pid"); }
      model=$([ "$t" = gateway ] && echo bench-tools || echo "fake-d0-t$TOOL_DELTAS-i5")
      out=$(timeout $((DURATION + 120)) node "$BENCH/tool-stream-check.mjs" "$(target_url "$t")" "$model" "$TOOL_DELTAS" 64 "$DURATION" 2>&1 | tail -n 1)
      cpu=0; rss=0
      [ -n "$pid" ] && { cpu=$(awk -v a="$cpu0" -v b="$(cpu_ticks "$pid")" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}'); rss=$(peak_mib "$pid"); }
      read -r secs streams dps p50 p90 p99 mx errs < <(node -e '
        const r = JSON.parse(process.argv[1]); const f = (x) => (x ?? 0);
        console.log([f(r.seconds), f(r.streams), f(r.deltasPerSecond), f(r.ttftP50), f(r.ttftP90), f(r.ttftP99), f(r.ttftMax), f(r.errors) + f(r.mismatched)].join(" "));' "$out" 2>/dev/null || echo "0 0 0 0 0 0 0 1")
      note=$(node -e 'try { console.log(JSON.parse(process.argv[1]).note) } catch { console.log("tool-stream-check failed: " + process.argv[1].slice(0, 200)) }' "$out" | tr '\n",' '  ;')
      row 11 "$t" 64 0 "$r" "$secs" "$streams" "$dps" "$p50" "$p90" "$p99" "$mx" "$errs" "$cpu" "$rss" "$note"
      printf '  %-8s s11  c=64  %s deltas/s  first delta p50 %s ms p99 %s ms  errors+mismatches %s  %s\n' "$t" "$dps" "$p50" "$p99" "$errs" "$note"
    done
  done
fi

if has 12; then
  # Key flood: a second gateway with one key (profile bench-keys in application-bench.yaml), so the
  # other scenarios keep measuring the open gateway. 4 connections of valid traffic alone, then the
  # same beside 16 connections sending a wrong key with the same body: the door filter answers 401
  # before reading the body, and no invalid request may reach the provider (the fake counts calls).
  echo "scenario 12: key flood, 4 valid connections alone and beside 16 with invalid keys"
  KEY_PORT=$(free_port)
  # shellcheck disable=SC2086
  "$JAVA" $JVM_OPTS -jar "$APP_JAR" --server.port="$KEY_PORT" --spring.profiles.active=bench-keys \
    --spring.config.additional-location="file:$BENCH/application-bench.yaml" --bench.fake.port="$FAKE_PORT" \
    "${STORE_ARG/gateway;/keys;}" > "$WORK/gateway-keys.log" 2>&1 &
  KEY_PID=$!
  PIDS+=("$KEY_PID")
  # with keys and no admin key, /actuator/health is refused (403): the readiness probe stays open
  if wait_ready "http://127.0.0.1:$KEY_PORT/actuator/health/readiness" 180 "$(now_ms)" > /dev/null; then
    KEY_URL="http://127.0.0.1:$KEY_PORT/v1/chat/completions"
    VALID="Authorization: Bearer sk-bench-valid-key"
    INVALID="Authorization: Bearer sk-bench-wrong-key"
    body=$(chat_body bench-d0)
    flood() { # conns seconds header > wrk output
      BENCH_BODY="$body" BENCH_HEADERS="$3" timeout $(($2 + 60)) wrk -t2 -c"$1" -d"$2s" --timeout 10s -s "$BENCH/post.lua" "$KEY_URL" 2>&1 | grep '^BENCH ' || true
    }
    # its own warm-up, not recorded: C2 for both paths (a shorter version of the main one)
    K_WARM=$((WARM < 30 ? WARM : 30))
    flood 4 "$K_WARM" "$VALID" > /dev/null
    flood 16 "$SHORT" "$INVALID" > /dev/null
    flood 4 "$SHORT" "$VALID" > /dev/null
    krow() { # scenario conns round wrk-line upstream-calls
      local -A v=(); local kv
      for kv in ${4#BENCH }; do v[${kv%%=*}]=${kv#*=}; done
      local ok=$((v[requests] - v[errors_status])) other=$((v[errors_connect] + v[errors_read] + v[errors_write] + v[errors_timeout]))
      row "$1" gateway "$2" 0 "$3" "$(awk -v us="${v[duration_us]}" 'BEGIN{printf "%.2f", us/1e6}')" "${v[requests]}" \
        "$(awk -v n="${v[requests]}" -v us="${v[duration_us]}" 'BEGIN{printf "%.0f", n/(us/1e6)}')" \
        "$(awk -v us="${v[p50_us]}" 'BEGIN{printf "%.3f", us/1000}')" "$(awk -v us="${v[p90_us]}" 'BEGIN{printf "%.3f", us/1000}')" \
        "$(awk -v us="${v[p99_us]}" 'BEGIN{printf "%.3f", us/1000}')" "$(awk -v us="${v[max_us]}" 'BEGIN{printf "%.3f", us/1000}')" \
        "$other" "${KCPU:-0}" "$(peak_mib "$KEY_PID")" "answers_2xx=$ok; not_2xx=${v[errors_status]}; upstream_calls=${5:-}"
      printf '  %-10s c=%-3s %7s req/s  p50 %s ms  p99 %s ms  2xx %s  non-2xx %s  socket errors %s  upstream calls %s\n' "$1" "$2" \
        "$(awk -v n="${v[requests]}" -v us="${v[duration_us]}" 'BEGIN{printf "%.0f", n/(us/1e6)}')" \
        "$(awk -v us="${v[p50_us]}" 'BEGIN{printf "%.2f", us/1000}')" "$(awk -v us="${v[p99_us]}" 'BEGIN{printf "%.2f", us/1000}')" \
        "$ok" "${v[errors_status]}" "$other" "${5:-}"
    }
    upstream() { curl -s "http://127.0.0.1:$FAKE_PORT/__stats" | node -pe 'JSON.parse(require("fs").readFileSync(0)).requests'; }
    for ((r = 1; r <= ROUNDS; r++)); do
      reset_peak "$KEY_PID"; c0=$(cpu_ticks "$KEY_PID"); u0=$(upstream)
      alone=$(flood 4 "$DURATION" "$VALID")
      KCPU=$(awk -v a="$c0" -v b="$(cpu_ticks "$KEY_PID")" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}')
      krow 12-alone 4 "$r" "$alone" $(($(upstream) - u0))
      reset_peak "$KEY_PID"; c0=$(cpu_ticks "$KEY_PID"); u0=$(upstream)
      flood 16 $((DURATION + 2)) "$INVALID" > "$WORK/flood-invalid" &
      fpid=$!
      sleep 1
      valid=$(flood 4 "$DURATION" "$VALID")
      wait "$fpid" || true
      sleep 1
      KCPU=$(awk -v a="$c0" -v b="$(cpu_ticks "$KEY_PID")" -v t="$TCK" 'BEGIN{printf "%.2f", (b-a)/t}')
      calls=$(($(upstream) - u0))
      krow 12-valid 4 "$r" "$valid" "$calls"
      krow 12-invalid 16 "$r" "$(cat "$WORK/flood-invalid")" "$calls"
    done
  else
    row 12-alone gateway 4 0 1 0 0 0 0 0 0 0 0 0 0 "the keyed gateway did not start"
    echo "  the keyed gateway did not start; log: $WORK/gateway-keys.log"
  fi
  kill "$KEY_PID" 2>/dev/null; wait "$KEY_PID" 2>/dev/null || true
fi

if has 13; then
  # The Responses API row: the chat request of scenarios 1-2 as a Responses request (input, the same
  # instructions, temperature and max_output_tokens, store false), so the upstream call is the same;
  # gateway chat and gateway responses alternate, direct gives the added latency. The Responses door
  # gets the chat door's warm-up (WARM seconds at 16 connections, then one connection): with a
  # shorter one its code was still being compiled in the first measured rounds (1 connection).
  echo "scenario 13: POST /v1/responses against the chat row, 1 and 16 connections"
  cp "$BENCH/responses-body.json" "$WORK/body-responses-responses.json"
  BENCH_BODY_FILE="$WORK/body-responses-responses.json" timeout $((WARM + 30)) wrk -t2 -c16 -d"$WARM"s -s "$BENCH/post.lua" "$(target_url responses)" > /dev/null 2>&1 || true
  BENCH_BODY_FILE="$WORK/body-responses-responses.json" timeout 60 wrk -t1 -c1 -d"$SHORT"s -s "$BENCH/post.lua" "$(target_url responses)" > /dev/null 2>&1 || true
  for c in 1 16; do
    for ((r = 1; r <= ROUNDS; r++)); do
      for t in direct gateway responses; do
        if [ "$t" = responses ]; then MEASURE_BODY="$WORK/body-responses" measure 13 "$t" "$c" 0 "$r" "$DURATION"
        else measure 13 "$t" "$c" 0 "$r" "$DURATION"; fi
      done
    done
  done
fi

echo "results: $CSV"
node "$BENCH/report.mjs" "$CSV" "$README" \
  "JVM: $JVM_OPTS ($("$JAVA" -version 2>&1 | head -n 1)); node $(node --version); peer: $PEER_STATUS; wrk $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2)"
