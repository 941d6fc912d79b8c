// Scenario 11: tool-call streams. <concurrency> streams at once for <seconds>, each asking for two
// parallel tool calls whose arguments arrive as <deltas> fragments (fake model fake-d0-t<deltas>-i<ms>,
// bench/tool-args.mjs), each stream with its own seed so its bytes differ from every other's.
// Every tool_calls delta that arrives is checked against the sequence the fake sent: the same
// number of deltas, in the same order, each fragment byte for byte (none merged, split or lost),
// the ids and names on the first delta of each call, and finish_reason "tool_calls".
// Prints one JSON line. Usage:
//   node bench/tool-stream-check.mjs <url> <model> <deltas> <concurrency> <seconds> ["k: v|k: v"]
import http from 'node:http';
import { toolDeltas } from './tool-args.mjs';

const [url, model, deltasArg, concurrencyArg, secondsArg, headerArg = ''] = process.argv.slice(2);
const deltas = Number(deltasArg), concurrency = Number(concurrencyArg), seconds = Number(secondsArg);
const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' };
for (const pair of headerArg.split('|')) {
  const i = pair.indexOf(':');
  if (i > 0) headers[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
}
const tools = [
  { type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
  { type: 'function', function: { name: 'apply_patch', description: 'Applies a patch', parameters: { type: 'object', properties: { path: { type: 'string' }, patch: { type: 'string' } } } } },
];
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
const ttfts = [];
let streams = 0, errors = 0, mismatched = 0, deltasSeen = 0, bytes = 0, firstMismatch = null, refused = null, nextSeed = 1;
const start = performance.now();
const deadline = start + seconds * 1000;

function check(seed, got, finish) {
  const want = toolDeltas(seed, deltas);
  const same = (a, b) => a.index === b.index && a.arguments === b.arguments
    && (b.id === undefined || (a.id === b.id && a.name === b.name));
  let bad = got.length !== want.length ? `${got.length} deltas, sent ${want.length}` : null;
  for (let i = 0; !bad && i < want.length; i++) {
    if (!same(got[i], want[i])) bad = `delta ${i}: got ${JSON.stringify(got[i])}, sent ${JSON.stringify(want[i])}`;
  }
  if (!bad && finish !== 'tool_calls') bad = `finish_reason ${finish}`;
  if (bad) { mismatched++; firstMismatch ??= `seed ${seed}: ${bad}`; }
}

function oneStream() {
  const seed = nextSeed++;
  const body = JSON.stringify({ model, stream: true, tools,
    messages: [{ role: 'user', content: `Fix the bug in the file, then patch it. seed:${seed}` }] });
  return new Promise((resolve) => {
    const t0 = performance.now();
    let first = 0, tail = '', finish = null;
    const got = [];
    const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers, agent, timeout: 60_000 }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => { errors++; refused ??= `HTTP ${res.statusCode}: ${text.slice(0, 200)}`; resolve(false); });
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (d) => {
        bytes += Buffer.byteLength(d);
        const lines = (tail + d).split('\n');
        tail = lines.pop();
        for (const line of lines) {
          if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
          const c = JSON.parse(line.slice(6));
          for (const choice of c.choices ?? []) {
            if (choice.finish_reason) finish = choice.finish_reason;
            for (const t of choice.delta?.tool_calls ?? []) {
              if (!first) first = performance.now();
              const d = { index: t.index, arguments: t.function?.arguments ?? '' };
              if (t.id !== undefined) { d.id = t.id; d.name = t.function?.name; }
              got.push(d);
            }
          }
        }
      });
      res.on('end', () => {
        if (!first) { errors++; firstMismatch ??= `seed ${seed}: no tool call arrived`; resolve(true); return; }
        ttfts.push(first - t0);
        deltasSeen += got.length;
        streams++;
        check(seed, got, finish);
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
    if (!ok && streams === 0) return;
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - start) / 1000;
ttfts.sort((a, b) => a - b);
const pct = (p) => (ttfts.length ? +ttfts[Math.min(ttfts.length - 1, Math.floor(ttfts.length * p / 100))].toFixed(3) : 0);
const note = streams === 0 && refused ? `not available: ${refused}`
  : `${streams} streams; ${deltasSeen} deltas checked; ${mismatched} streams differ from what the fake sent`
    + (firstMismatch ? `; first: ${firstMismatch.slice(0, 300)}` : '');
console.log(JSON.stringify({ seconds: +elapsed.toFixed(2), streams, deltas: deltasSeen, deltasPerSecond: Math.round(deltasSeen / elapsed),
  ttftP50: pct(50), ttftP90: pct(90), ttftP99: pct(99), ttftMax: pct(100), errors, mismatched, note }));
agent.destroy();
