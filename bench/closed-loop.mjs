// closed-loop.mjs URL CONNS SECONDS: a second load generator to cross-check wrk's latencies (not used by
// run.sh). POSTs BENCH_BODY in a closed loop on CONNS keep-alive connections, timed with the monotonic
// clock; prints the percentiles, the mean, and the most the mean can be (CONNS x duration / requests).
import http from 'node:http';
const [url, conns, secs] = [process.argv[2], +process.argv[3], +process.argv[4]];
const body = process.env.BENCH_BODY; const u = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
const lat = []; const t0 = process.hrtime.bigint(); const end = t0 + BigInt(secs * 1e9); let busy = 0n, errors = 0, live = conns;
function loop() {
  const s = process.hrtime.bigint();
  if (s >= end) { if (--live === 0) report(); return; }
  const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'authorization': 'Bearer sk-bench', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume(); res.on('end', () => { const e = process.hrtime.bigint(); lat.push(Number(e - s) / 1e6); busy += e - s; loop(); });
  });
  req.on('error', () => { errors++; loop(); });
  req.end(body);
}
function report() {
  const d = Number(process.hrtime.bigint() - t0) / 1e9; lat.sort((a, b) => a - b);
  const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(2);
  console.log(`node n=${lat.length} rps=${(lat.length / d).toFixed(0)} p50=${p(.5)} p90=${p(.9)} p99=${p(.99)} max=${lat[lat.length - 1].toFixed(1)} ms errors=${errors} mean=${(Number(busy) / 1e6 / lat.length).toFixed(2)} ms bound=${(conns * d * 1000 / lat.length).toFixed(2)} ms`);
  process.exit(0);
}
for (let i = 0; i < conns; i++) loop();
