#!/usr/bin/env bash
# Scenario 10 (head-of-line) side by side: several gateways (jars, JVM flags) on one fake, each
# measured in alternating windows: 8 small streaming turns alone, then beside 4 connections of
# 100k-token prompts. Prints the turns' time to first token per window and the mean per gateway,
# and the same for the fake alone (direct), which shows what the machine's load does by itself,
# and with --floor through bench/floor/FloorProxy.java (the stack's cheapest proxy, bodies unread).
#
#   bench/hol-side-by-side.sh [--secs S] [--rounds R] [--warm S] [--floor] SPEC [SPEC ...]
#   SPEC: path/to.jar[|jvm-flag|jvm-flag...], as bench/side-by-side.sh
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
SECS=8; ROUNDS=3; WARM=30; FLOOR=0
while [ $# -gt 0 ]; do
  case "$1" in
    --secs) SECS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warm) WARM=$2; shift ;;
    --floor) FLOOR=1 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 1 ] || { sed -n 2,8p "$0"; exit 2; }

. "$(pwd)/.mvn/select-jdk.sh"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
. "$BENCH/common.sh"   # free_port, large_body, DEFAULT_JVM
JVM_OPTS=${BENCH_JVM_OPTS:-$DEFAULT_JVM}
side_by_side_setup hol   # bench/common.sh: WORK, PIDS, the fake on FAKE_PORT
large_body bench-d0 100000 "$WORK/big-gateway.json"
large_body fake-d0 100000 "$WORK/big-direct.json"

URLS=("http://127.0.0.1:$FAKE_PORT/v1/chat/completions"); NAMES=(direct)
if [ "$FLOOR" = 1 ]; then
  "$JAVA" -Djarmode=tools -jar "${1%%|*}" extract --destination "$WORK/app" > /dev/null
  port=$(free_port)
  # shellcheck disable=SC2086
  "$JAVA" $JVM_OPTS -cp "$WORK/app/lib/*" "$BENCH/floor/FloorProxy.java" "$port" "${URLS[0]}" > "$WORK/floor.log" 2>&1 &
  PIDS+=($!)
  for ((w = 0; w < 600; w++)); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
  URLS+=("http://127.0.0.1:$port/v1/chat/completions"); NAMES+=(floor)
fi
i=0
for spec in "$@"; do
  i=$((i + 1))
  start_spec "$spec"
  await_spec "$SPEC_PORT"
  URLS+=("http://127.0.0.1:$SPEC_PORT/v1/chat/completions"); NAMES+=("gateway$i")
done

# the floor passes bodies on unread, so it gets the fake's own model names, as direct does
model() { case $1 in direct|floor) echo fake-d0-c100-i10 ;; *) echo bench-stream ;; esac; }
body() { case $1 in direct|floor) echo "$WORK/big-direct.json" ;; *) echo "$WORK/big-gateway.json" ;; esac; }
big() { BENCH_BODY_FILE=$(body "$1") wrk -t1 -c4 -d"$3s" --timeout 10s -s "$BENCH/post.lua" "$2"; }
turns() { node "$BENCH/stream-load.mjs" "$2" "$(model "$1")" 8 "$3" 2>&1 | tail -n 1 | node -pe 'const r = JSON.parse(require("fs").readFileSync(0)); `ttft_p50=${r.ttftP50} ttft_p99=${r.ttftP99} streams=${r.streams} errors=${r.errors}`'; }

echo "warming up: ${WARM}s each (streams and long prompts together)"
for k in "${!URLS[@]}"; do
  big "${NAMES[$k]}" "${URLS[$k]}" "$WARM" > /dev/null & bp=$!
  turns "${NAMES[$k]}" "${URLS[$k]}" "$WARM" > /dev/null
  wait "$bp" || true
done
for ((r = 1; r <= ROUNDS; r++)); do
  for k in "${!URLS[@]}"; do
    echo "${NAMES[$k]} round $r solo $(turns "${NAMES[$k]}" "${URLS[$k]}" "$SECS")"
    big "${NAMES[$k]}" "${URLS[$k]}" $((SECS + 2)) > "$WORK/big.out" 2>&1 & bp=$!
    sleep 1
    line="${NAMES[$k]} round $r loaded $(turns "${NAMES[$k]}" "${URLS[$k]}" "$SECS")"
    wait "$bp" || true
    echo "$line $(grep '^BENCH ' "$WORK/big.out" | awk '{for(i=2;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]} printf "big_rps=%.0f", v["requests"]/(v["duration_us"]/1e6)}')"
  done
done | tee "$WORK/windows.txt"
echo "means (TTFT p50 ms, p99 ms):"
awk '{for(i=4;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]} k=$1" "$4; p50[k]+=v["ttft_p50"]; p99[k]+=v["ttft_p99"]; n[k]++}
  END {for (k in n) printf "%s p50=%.2f p99=%.2f\n", k, p50[k]/n[k], p99[k]/n[k]}' "$WORK/windows.txt" | sort
i=0; for spec in "$@"; do i=$((i + 1)); echo "gateway$i: $spec"; done
