#!/usr/bin/env bash
# Side by side: several gateways (jars, JVM flags) on one fake provider, measured in alternating
# windows, so the machine's drift hits them all alike. For judging one change: give each variant
# two instances, since two JVMs of one jar can differ by several per cent (bench/README.md).
#
#   bench/side-by-side.sh [--conns N] [--secs S] [--rounds R] [--warm S] [--body FILE] [--path P] [--direct] SPEC [SPEC ...]
#   --body FILE: send that request body instead of scenario 2's (e.g. a long prompt from common.sh large_body)
#   --path P: POST to P instead of /v1/chat/completions (e.g. /v1/responses, with a Responses --body)
#   --direct: also measure the fake itself (scenario 2's request straight to it) as "gateway 0" in
#             every round, so added latency (gateway minus direct) comes from the same windows
#   SPEC: path/to.jar[|jvm-flag|jvm-flag...], e.g. "target/a.jar" "target/a.jar|-Dgateway.usage.log-requests=false";
#         a part path=P or body=FILE sets that gateway's own, so one jar can be measured on two doors:
#         "a.jar" "a.jar|path=/v1/responses|body=bench/responses-body.json"
#
# Prints one line per window (requests/s, CPU µs per request, p50/p99 µs) and the mean per gateway.
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
CONNS=4; SECS=20; ROUNDS=4; WARM=60; URL_PATH=/v1/chat/completions; BODY_FILE=; DIRECT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --conns) CONNS=$2; shift ;;
    --secs) SECS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warm) WARM=$2; shift ;;
    --body) BODY_FILE=$(cd "$OLDPWD" 2>/dev/null; readlink -f "$2"); shift ;;
    --path) URL_PATH=$2; shift ;;
    --direct) DIRECT=1 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 1 ] || { sed -n 2,11p "$0"; exit 2; }

. "$(pwd)/.mvn/select-jdk.sh"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
. "$BENCH/common.sh"   # free_port, cpu_ticks, chat_body, DEFAULT_JVM
JVM_OPTS=${BENCH_JVM_OPTS:-$DEFAULT_JVM}   # as bench/run.sh (without its AOT cache); a SPEC's flags come after
side_by_side_setup side   # bench/common.sh: WORK, PIDS, the fake on FAKE_PORT

GW_PIDS=(); GW_PORTS=(); GW_PATHS=(); GW_BODIES=()
if [ "$DIRECT" = 1 ]; then   # index 0: the fake, with the upstream model the bench aliases name
  chat_body fake-d0 > "$WORK/direct-body.json"
  GW_PIDS+=("${PIDS[0]}"); GW_PORTS+=("$FAKE_PORT"); GW_PATHS+=(/v1/chat/completions); GW_BODIES+=("$WORK/direct-body.json")
fi
for spec in "$@"; do
  IFS='|' read -r -a parts <<< "$spec"
  jvm_spec=${parts[0]}; gw_path=$URL_PATH; gw_body=$BODY_FILE
  for part in "${parts[@]:1}"; do   # path= and body= are the load's, the rest the JVM's
    case "$part" in
      path=*) gw_path=${part#path=} ;;
      body=*) gw_body=$(cd "$OLDPWD" 2>/dev/null; readlink -f "${part#body=}") ;;
      *) jvm_spec+="|$part" ;;
    esac
  done
  start_spec "$jvm_spec"
  GW_PIDS+=("$SPEC_PID"); GW_PORTS+=("$SPEC_PORT"); GW_PATHS+=("$gw_path"); GW_BODIES+=("$gw_body")
done
for port in "${GW_PORTS[@]:DIRECT}"; do await_spec "$port"; done

BENCH_BODY=$(chat_body bench-d0)
export BENCH_BODY
load() { # gateway-index seconds
  BENCH_BODY_FILE=${GW_BODIES[$1]} wrk -t$((CONNS > 1 ? 2 : 1)) -c"$CONNS" -d"$2s" -s "$BENCH/post.lua" "http://127.0.0.1:${GW_PORTS[$1]}${GW_PATHS[$1]}"
}
echo "warming up: ${WARM}s each (C2 needs about a minute of load on 2 cores)"
for k in "${!GW_PORTS[@]}"; do load "$k" "$WARM" > /dev/null; done

for ((r = 1; r <= ROUNDS; r++)); do
  for k in "${!GW_PORTS[@]}"; do
    c0=$(cpu_ticks "${GW_PIDS[$k]}")
    out=$(load "$k" "$SECS" | grep '^BENCH ')
    c1=$(cpu_ticks "${GW_PIDS[$k]}")
    declare -A v=()
    for kv in ${out#BENCH }; do v[${kv%%=*}]=${kv#*=}; done
    awk -v g="$((k + 1 - DIRECT))" -v r="$r" -v n="${v[requests]}" -v s="$SECS" -v c=$((c1 - c0)) -v t="$TCK" -v p50="${v[p50_us]}" -v p99="${v[p99_us]}" \
      'BEGIN{printf "gateway %d round %d rps=%.0f cpu_us=%.0f p50_us=%d p99_us=%d\n", g, r, n/s, 1e6*c/t/n, p50, p99}'
  done
done | tee "$WORK/windows.txt"
echo "means:"
awk '{split($5,a,"="); split($6,b,"="); split($7,q,"="); s[$2]+=a[2]; c[$2]+=b[2]; p[$2]+=q[2]; n[$2]++}
  END {for (g in s) printf "gateway %s mean rps=%.0f cpu_us=%.0f p50_us=%.0f\n", g, s[g]/n[g], c[g]/n[g], p[g]/n[g]}' "$WORK/windows.txt" | sort -k2n
[ "$DIRECT" = 1 ] && echo "gateway 0: direct to the fake (POST /v1/chat/completions, model fake-d0; cpu_us is the fake's)"
i=0; for spec in "$@"; do echo "gateway $((i + 1)): $spec (POST ${GW_PATHS[$((i + DIRECT))]})"; i=$((i + 1)); done
