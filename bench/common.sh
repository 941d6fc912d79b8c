# Shared by bench/run.sh and bench/side-by-side.sh; sourced after JAVA is set.

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# CPU seconds (user+system) of a process, from /proc/<pid>/stat fields 14 and 15.
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TCK=$(getconf CLK_TCK)

# The request every phase sends, warm-up included: C2 compiles the JSON parser, the validator and
# the serialisers for the fields it has seen, and a field first met after that (temperature,
# max_tokens) deoptimised them mid-round (about 300 recompiles in scenario 1's first 5 s).
chat_body() { # model
  echo "{\"model\":\"$1\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Say hello in one short sentence.\"}],\"temperature\":0.7,\"max_tokens\":64}"
}

JAVA_MAJOR=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
# Chosen on purpose: a bounded heap (RSS is a target), the throughput collector (2 cores: no
# concurrent GC threads competing with requests), compact object headers on JDK 25+ (smaller
# objects, less GC). Override with BENCH_JVM_OPTS. The heap is sized for scenario 4: about 70 MB at
# rest plus ~130 KB per request in flight (Tomcat's processor and socket buffers, the upstream
# connection's buffers, the parked virtual thread's stack), ~350 MB live at 2,000 in flight. At
# -Xmx512m the old generation (341 MB) could not hold that: back-to-back full GCs took 60% of the
# gateway's CPU in that scenario. 768m keeps the peak RSS there under the 1 GiB target.
DEFAULT_JVM="-Xms128m -Xmx768m -XX:+UseParallelGC"
[ "${JAVA_MAJOR:-21}" -ge 25 ] && DEFAULT_JVM="$DEFAULT_JVM -XX:+UseCompactObjectHeaders"

# A chat request with a long prompt, as coding agents send (a pasted file): about <tokens> tokens of
# source code (2.7 characters a token: jtokkit counts 1,021 / 9,769 / 99,544 o200k tokens in the
# 1k / 10k / 100k bodies, which are 3.2 / 30 / 297 KB of JSON) with the quotes,
# backslashes and newlines that JSON must escape. model and stream come first (the fake reads only
# the head of a large body). Written to <file>: wrk takes it from there (BENCH_BODY_FILE).
large_body() { # model tokens file [stream]
  node -e '
    const [model, tokens, file, stream] = process.argv.slice(1);
    const line = (i) => `    if (items.get(${i}).name().equals("item-${i}")) { log.info("found \\"%s\\" at %d\\tok", name, ${i}); }\n`;
    let code = "";
    for (let i = 0; code.length < Number(tokens) * 2.7; i++) code += line(i);
    const body = { model, ...(stream === "stream" ? { stream: true } : {}),
      messages: [{ role: "system", content: "You are a careful coding assistant." },
        { role: "user", content: "Review this file and name the one bug:\n\n```java\n" + code + "```" }],
      temperature: 0.2, max_tokens: 64 };
    require("fs").writeFileSync(file, JSON.stringify(body));' "$1" "$2" "$3" "${4:-}"
}

# bench/side-by-side.sh and bench/hol-side-by-side.sh: a work folder, removed at exit with every
# process started (PIDS), and the fake provider on FAKE_PORT.
side_by_side_setup() { # name
  WORK=$(mktemp -d "/tmp/llm-gateway-$1.XXXXXX")
  PIDS=()
  trap side_by_side_cleanup EXIT
  FAKE_PORT=$(free_port)
  node "$BENCH/fake-provider.mjs" "$FAKE_PORT" > "$WORK/fake.log" 2>&1 &
  PIDS+=($!)
}
side_by_side_cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
# Starts the gateway a SPEC names (path/to.jar|jvm-flag|...) on a free port, with a store of its own
# (H2 locks its file: a second gateway on the same one does not start); sets SPEC_PORT and SPEC_PID.
start_spec() { # spec
  local parts
  IFS='|' read -r -a parts <<< "$1"
  SPEC_PORT=$(free_port)
  # shellcheck disable=SC2086
  "$JAVA" $JVM_OPTS "${parts[@]:1}" -jar "${parts[0]}" --server.port="$SPEC_PORT" \
    --spring.config.additional-location="file:$BENCH/application-bench.yaml" --bench.fake.port="$FAKE_PORT" \
    --spring.datasource.url="jdbc:h2:file:$WORK/store-$SPEC_PORT;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" \
    > "$WORK/gateway-$SPEC_PORT.log" 2>&1 &
  SPEC_PID=$!
  PIDS+=("$SPEC_PID")
}
# Waits for a gateway's readiness probe (open also when keys are configured), else ends the script.
await_spec() { # port
  local i
  for ((i = 0; i < 1200; i++)); do curl -sf -o /dev/null "http://127.0.0.1:$1/actuator/health/readiness" && return 0; sleep 0.1; done
  echo "gateway on $1 did not start" >&2; tail -20 "$WORK/gateway-$1.log" >&2; exit 1
}
