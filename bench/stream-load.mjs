// Streaming load for scenario 5: <concurrency> streams at once, each a chat request with
// "stream": true read chunk by chunk, for <seconds> (no new stream starts after that).
// Measures time to first token (first content chunk) and chunks per second, and flags streams
// that arrived buffered whole (first token later than 80% of the stream's total time).
// Prints one JSON line. Usage:
//   node bench/stream-load.mjs <url> <model> <concurrency> <seconds> ["k: v|k: v"]
import http from 'node:http';

const [url, model, concurrencyArg, secondsArg, headerArg = ''] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
for (const pair of headerArg.split('|')) {
  const i = pair.indexOf(':');
  if (i > 0) headers[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
}
const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Count to one hundred.' }] });
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

const ttfts = [];
let chunks = 0, streams = 0, errors = 0, buffered = 0, refused = null;
const start = performance.now();
const deadline = start + seconds * 1000;

function oneStream() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let first = 0, seen = 0, tail = '';
    const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers, agent, timeout: 60_000 }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => { errors++; refused ??= `HTTP ${res.statusCode}: ${text.slice(0, 160)}`; resolve(false); });
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (d) => {
        const lines = (tail + d).split('\n');
        tail = lines.pop();
        for (const line of lines) {
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          seen++;
          if (!first && line.includes('"content":"tok')) first = performance.now();
        }
      });
      res.on('end', () => {
        const total = performance.now() - t0;
        if (!first) { errors++; resolve(true); return; }
        ttfts.push(first - t0);
        if (first - t0 > 0.8 * total && total > 100) buffered++;
        chunks += seen;
        streams++;
        resolve(true);
      });
      res.on('error', () => { errors++; resolve(true); });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => { errors++; resolve(true); });
    req.end(body);
  });
}

async function worker() {
  while (performance.now() < deadline) {
    const ok = await oneStream();
    if (!ok && streams === 0) return; // refused before any stream worked: stop, it will not change
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - start) / 1000;
ttfts.sort((a, b) => a - b);
const pct = (p) => (ttfts.length ? +ttfts[Math.min(ttfts.length - 1, Math.floor(ttfts.length * p / 100))].toFixed(3) : 0);
const note = streams === 0 && refused ? `not available: ${refused}`
  : buffered ? `${buffered} streams arrived buffered whole` : 'no stream buffered whole';
console.log(JSON.stringify({ seconds: +elapsed.toFixed(2), streams, chunks, chunksPerSecond: Math.round(chunks / elapsed),
  ttftP50: pct(50), ttftP90: pct(90), ttftP99: pct(99), ttftMax: pct(100), errors, buffered, note }));
agent.destroy();
