// Turns one bench/results/<date>.csv into a Markdown table (bench/results/<date>.md) and puts it
// in bench/README.md between the results markers. Rounds of one scenario are combined: req/s is
// their mean, latencies their median. Added latency = gateway (or peer, or floor) minus direct, same round set.
// The floor (scenarios 1 and 2) is a bare passthrough on the gateway's stack: no gateway can beat it.
// Usage: node bench/report.mjs <csv> <readme> "<software line>"
import fs from 'node:fs';

const [csvPath, readmePath, software = ''] = process.argv.slice(2);

function parseCsv(text) {
  const rows = [];
  for (const line of text.trim().split('\n')) {
    const cells = [];
    let cur = '', quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

const rows = parseCsv(fs.readFileSync(csvPath, 'utf8'));
// the middle value, or the mean of the two middle ones (with the default 2 rounds, not the better round)
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const num = (x) => Number(x) || 0;
const f1 = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

const groups = new Map();
for (const r of rows) {
  const key = `${r.scenario}|${r.connections}|${r.delay_ms}`;
  if (!groups.has(key)) groups.set(key, { scenario: r.scenario, conns: r.connections, delay: r.delay_ms, targets: {} });
  (groups.get(key).targets[r.target] ??= []).push(r);
}
function agg(list) {
  if (!list || !list.length) return null;
  const ok = list.filter((r) => num(r.requests) > 0 || r.scenario === '7');
  if (!ok.length) return { missing: list[0].notes };
  return {
    rps: mean(ok.map((r) => num(r.rps))), p50: median(ok.map((r) => num(r.p50_ms))), p90: median(ok.map((r) => num(r.p90_ms))),
    p99: median(ok.map((r) => num(r.p99_ms))), errors: ok.reduce((a, r) => a + num(r.errors), 0),
    cpu: mean(ok.map((r) => num(r.cpu_s))), cpuTotal: ok.reduce((a, r) => a + num(r.cpu_s), 0), rss: Math.max(...ok.map((r) => num(r.peak_rss_mib))),
    requests: ok.reduce((a, r) => a + num(r.requests), 0), notes: ok[0].notes,
  };
}

const names = { 1: '1 conn, 0 ms: overhead', 2: 'max throughput, 0 ms', 3: '20 ms provider delay', 4: '2,000 concurrent, 2 s delay',
  5: 'streams x 100 chunks', 6: 'cache hits (gateway: aggressive alias)', 7: 'idle' };
const out = [];
const checks = [];
const first = rows[0] ?? {};
out.push(`Run ${first.date}: ${first.machine}, load average at start ${first.load1} (other jobs were running: absolute`
  + ` numbers are noisy, ratios within the run are what counts). ${software}`, '');
out.push('| scenario | target | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | errors | CPU s | CPU µs/req | peak RSS MiB | vs direct | vs peer |');
  out.push('| --- | --- |' + ' ---: |'.repeat(12));
let uncached64 = 0;
for (const g of groups.values()) {
  if (g.scenario === '7') continue;
  const d = agg(g.targets.direct), gw = agg(g.targets.gateway), p = agg(g.targets.peer), fl = agg(g.targets.floor);
  const label = `${g.scenario}. ${names[g.scenario] ?? ''} (${g.conns} conn${g.delay !== '0' ? `, ${g.delay} ms` : ''})`;
  for (const [t, a] of [['direct', d], ['floor', fl], ['gateway', gw], ['peer', p]]) {
    if (!a) continue;
    if (a.missing !== undefined) { out.push(`| ${label} | ${t} | ${a.missing} | | | | | | | | | | | |`); continue; }
    const added50 = t !== 'direct' && d && !d.missing ? f1(a.p50 - d.p50) : '';
    const added99 = t !== 'direct' && d && !d.missing ? f1(a.p99 - d.p99) : '';
    const vsDirect = t !== 'direct' && d && !d.missing && d.rps ? `${(100 * a.rps / d.rps).toFixed(0)}%` : '';
    const vsPeer = (t === 'gateway' || t === 'floor') && p && !p.missing && p.rps ? `${(a.rps / p.rps).toFixed(1)}x` : '';
    const unit = g.scenario === '5' ? ' chunks/s' : '';
    out.push(`| ${label} | ${t} | ${a.rps.toFixed(0)}${unit} | ${f1(a.p50)} | ${f1(a.p90)} | ${f1(a.p99)} | ${added50} | ${added99} | ${a.errors} | ${t === 'direct' ? '' : a.cpu.toFixed(1)} | ${t === 'direct' || !a.requests ? '' : (1e6 * a.cpuTotal / a.requests).toFixed(0)} | ${t === 'direct' ? '' : a.rss} | ${vsDirect} | ${vsPeer} |`);
  }
  // The issue's targets.
  const pass = (ok) => (ok ? 'met' : 'MISSED');
  // A negative "added" latency means the direct run itself was slower (noise on a busy machine).
  const within = (added, limit) => (added < 0 ? 'not measurable: direct was slower in this run' : pass(added <= limit));
  if (!gw || gw.missing !== undefined || !d || d.missing !== undefined) {
    if (g.scenario === '5') checks.push(`- streaming: ${gw?.missing ?? gw?.notes ?? 'not measured'}`);
    continue;
  }
  if (g.scenario === '2') {
    const vsPeer = p && !p.missing ? gw.rps / p.rps : null;
    checks.push(`- throughput at ${g.conns} conn: ${(100 * gw.rps / d.rps).toFixed(1)}% of direct (target >= 25%: ${pass(gw.rps >= 0.25 * d.rps)})`
      + (vsPeer ? `, ${vsPeer.toFixed(1)}x the peer (target >= 10x: ${pass(vsPeer >= 10)})` : ', peer not measured'));
    if (g.conns === '64') uncached64 = gw.rps;
    if (fl && !fl.missing) {
      checks.push(`  - the floor (a bare passthrough on the same stack, no gateway work) at ${g.conns} conn: ${(100 * fl.rps / d.rps).toFixed(0)}% of direct`
        + (vsPeer ? `, ${(fl.rps / p.rps).toFixed(1)}x the peer` : '') + `, ${(1e6 * fl.cpuTotal / fl.requests).toFixed(0)} µs of CPU per request`
        + ` against the gateway's ${(1e6 * gw.cpuTotal / gw.requests).toFixed(0)}`);
    }
  }
  if (g.scenario === '1') {
    checks.push(`- added latency at 1 conn: p50 ${f1(gw.p50 - d.p50)} ms (target <= 0.5: ${within(gw.p50 - d.p50, 0.5)}), `
      + `p99 ${f1(gw.p99 - d.p99)} ms (target <= 2: ${within(gw.p99 - d.p99, 2)})`
      + (p && !p.missing ? `; peer adds p50 ${f1(p.p50 - d.p50)} ms, p99 ${f1(p.p99 - d.p99)} ms` : '')
      + (fl && !fl.missing ? `; the floor adds p50 ${f1(fl.p50 - d.p50)} ms, p99 ${f1(fl.p99 - d.p99)} ms` : ''));
  }
  if (g.scenario === '3') {
    checks.push(`- 64 conn, 20 ms: added p99 ${f1(gw.p99 - d.p99)} ms (target <= 5: ${within(gw.p99 - d.p99, 5)})`
      + (p && !p.missing ? `; peer adds ${f1(p.p99 - d.p99)} ms` : ''));
  }
  if (g.scenario === '4') {
    checks.push(`- 2,000 concurrent: ${gw.errors} errors (target 0: ${pass(gw.errors === 0)}), p99 ${f1(gw.p99)} ms `
      + `(target <= 2200: ${pass(gw.p99 <= 2200)}), peak RSS ${gw.rss} MiB (target <= 1024: ${pass(gw.rss <= 1024)})`);
  }
  if (g.scenario === '5' && g.conns === '500') {
    checks.push(`- streaming: added TTFT p50 ${f1(gw.p50 - d.p50)} ms (target <= 2: ${pass(gw.p50 - d.p50 <= 2)}); ${gw.notes}`);
  }
  if (g.scenario === '5' && g.conns !== '500') {
    checks.push(`- streaming, ${g.conns} streams at once (no target; the gateway's own delay without the 500-open queue): `
      + `added TTFT p50 ${f1(gw.p50 - d.p50)} ms, p99 ${f1(gw.p99 - d.p99)} ms; ${gw.notes}`);
  }
  if (g.scenario === '6' && uncached64) {
    checks.push(`- cache hits: ${(gw.rps / uncached64).toFixed(2)}x the uncached throughput at 64 conn (target >= 2x: ${pass(gw.rps >= 2 * uncached64)})`);
  }
}
const idle = groups.get('7|0|0');
if (idle) {
  out.push('', '| 7. idle | ready ms | RSS MiB at idle | start-up CPU s |', '| --- | ---: | ---: | ---: |');
  for (const [t, list] of Object.entries(idle.targets)) {
    const r = list[0];
    const ready = /ready_ms=(\d+)/.exec(r.notes)?.[1] ?? '';
    out.push(`| ${t} | ${ready} | ${r.peak_rss_mib} | ${r.cpu_s} |`);
    if (t === 'gateway') {
      checks.push(`- ready in ${ready} ms (target <= 6000: ${Number(ready) <= 6000 ? 'met' : 'MISSED'}), idle RSS ${r.peak_rss_mib} MiB (target <= 400: ${num(r.peak_rss_mib) <= 400 ? 'met' : 'MISSED'})`);
    }
  }
}
out.push('', 'Targets (issue 11):', '', ...checks);
const md = out.join('\n') + '\n';
fs.writeFileSync(csvPath.replace(/\.csv$/, '.md'), md);
console.log(md);
if (readmePath && fs.existsSync(readmePath)) {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = '<!-- results:start -->', end = '<!-- results:end -->';
  const i = readme.indexOf(start), j = readme.indexOf(end);
  if (i >= 0 && j > i) {
    fs.writeFileSync(readmePath, readme.slice(0, i + start.length) + '\n' + md + readme.slice(j));
  }
}
