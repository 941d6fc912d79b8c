#!/usr/bin/env bash
# Side by side: several gateways (jars, JVM flags) on one fake provider, measured in alternating
# windows, so the machine's drift hits them all alike. For judging one change: give each variant
# two instances, since two JVMs of one jar can differ by several per cent (bench/README.md).
#
#   bench/side-by-side.sh [--conns N] [--secs S] [--rounds R] [--warm S] [--body FILE] SPEC [SPEC ...]
#   --body FILE: send that request body instead of scenario 2's (e.g. a long prompt from common.sh large_body)
#   SPEC: path/to.jar[|jvm-flag|jvm-flag...], e.g. "target/a.jar" "target/a.jar|-Dgateway.usage.log-requests=false"
#
# Prints one line per window (requests/s, CPU µs per request, p50/p99 µs) and the mean per gateway.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
CONNS=4; SECS=20; ROUNDS=4; WARM=60
while [ $# -gt 0 ]; do
  case "$1" in
    --conns) CONNS=$2; shift ;;
    --secs) SECS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warm) WARM=$2; shift ;;
    --body) BODY_FILE=$(cd "$OLDPWD" 2>/dev/null; readlink -f "$2"); shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 1 ] || { sed -n 2,8p "$0"; exit 2; }

. "$(pwd)/.mvn/select-jdk.sh"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
. "$BENCH/common.sh"   # free_port, cpu_ticks, chat_body, DEFAULT_JVM
JVM_OPTS=${BENCH_JVM_OPTS:-$DEFAULT_JVM}   # as bench/run.sh (without its AOT cache); a SPEC's flags come after
WORK=$(mktemp -d /tmp/llm-gateway-side.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

FAKE_PORT=$(free_port)
node "$BENCH/fake-provider.mjs" "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
PIDS+=($!)

GW_PIDS=(); GW_PORTS=()
# each its own store (H2 locks its file: a second gateway on the same one does not start)
for spec in "$@"; do
  IFS='|' read -r -a parts <<< "$spec"
  port=$(free_port)
  # shellcheck disable=SC2086
  "$JAVA" $JVM_OPTS "${parts[@]:1}" -jar "${parts[0]}" --server.port="$port" \
    --spring.config.additional-location="file:$BENCH/application-bench.yaml" --bench.fake.port="$FAKE_PORT" \
    --spring.datasource.url="jdbc:h2:file:$WORK/store-$port;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
    > "$WORK/gateway-$port.log" 2>&1 &
  PIDS+=($!); GW_PIDS+=($!); GW_PORTS+=("$port")
done
for port in "${GW_PORTS[@]}"; do
  for ((i = 0; i < 1200; i++)); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness" || { echo "gateway on $port did not start" >&2; tail -20 "$WORK/gateway-$port.log" >&2; exit 1; }
done

BENCH_BODY=$(chat_body bench-d0)
BENCH_BODY_FILE=${BODY_FILE:-}
export BENCH_BODY BENCH_BODY_FILE
load() { wrk -t2 -c"$CONNS" -d"$2s" -s "$BENCH/post.lua" "http://127.0.0.1:$1/v1/chat/completions"; }
echo "warming up: ${WARM}s each (C2 needs about a minute of load on 2 cores)"
for port in "${GW_PORTS[@]}"; do load "$port" "$WARM" > /dev/null; done

for ((r = 1; r <= ROUNDS; r++)); do
  for k in "${!GW_PORTS[@]}"; do
    c0=$(cpu_ticks "${GW_PIDS[$k]}")
    out=$(load "${GW_PORTS[$k]}" "$SECS" | grep '^BENCH ')
    c1=$(cpu_ticks "${GW_PIDS[$k]}")
    declare -A v=()
    for kv in ${out#BENCH }; do v[${kv%%=*}]=${kv#*=}; done
    awk -v g="$((k + 1))" -v r="$r" -v n="${v[requests]}" -v s="$SECS" -v c=$((c1 - c0)) -v t="$TCK" -v p50="${v[p50_us]}" -v p99="${v[p99_us]}" \
      'BEGIN{printf "gateway %d round %d rps=%.0f cpu_us=%.0f p50_us=%d p99_us=%d\n", g, r, n/s, 1e6*c/t/n, p50, p99}'
  done
done | tee "$WORK/windows.txt"
echo "means:"
awk '{split($5,a,"="); split($6,b,"="); s[$2]+=a[2]; c[$2]+=b[2]; n[$2]++}
  END {for (g in s) printf "gateway %s mean rps=%.0f cpu_us=%.0f\n", g, s[g]/n[g], c[g]/n[g]}' "$WORK/windows.txt" | sort -k2n
i=0; for spec in "$@"; do i=$((i + 1)); echo "gateway $i: $spec"; done
