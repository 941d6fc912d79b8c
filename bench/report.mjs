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

// scenarios 8-13 (issue 29) have a section of their own below
const isNew = (sc) => Number(String(sc).split('-')[0]) >= 8;
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
const anyOld = [...groups.values()].some((g) => !isNew(g.scenario) && g.scenario !== '7');
if (anyOld) {
  out.push('| scenario | target | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | errors | CPU s | CPU µs/req | peak RSS MiB | vs direct | vs peer |');
  out.push('| --- | --- |' + ' ---: |'.repeat(12));
}
let uncached64 = 0;
for (const g of groups.values()) {
  if (g.scenario === '7' || isNew(g.scenario)) continue;
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
if (checks.length) out.push('', 'Targets (issue 11):', '', ...checks);
issue29();

// ---- issue 29: cold start, long prompts, head-of-line, tool-call streams, key flood, Responses ----
function issue29() {
  const newGroups = [...groups.values()].filter((g) => isNew(g.scenario));
  if (!newGroups.length) return;
  const pass = (ok) => (ok ? 'met' : 'MISSED');
  const c29 = [];
  const notes = (r) => Object.fromEntries(String(r.notes ?? '').split(';').map((kv) => kv.trim().split('=')).filter((a) => a.length >= 2)
    .map(([k, ...v]) => [k, v.join('=')]));
  const g2 = groups.get('2|16|0');
  const warmed = g2 ? agg(g2.targets.gateway) : null;
  const cold = newGroups.filter((g) => g.scenario === '8-first10');
  if (cold.length) {
    out.push('', '| 8. cold start (16 conn from ready) | ready ms | first 10 s req/s | first 10 s p99 ms | CPU s in the first 10 s | vs warmed | time to 90% of warmed | warmed req/s (reference) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const series = new Map(newGroups.filter((g) => g.scenario === '8-series').flatMap((g) => Object.entries(g.targets)));
    const perSecond = [];
    for (const [variant, list] of Object.entries(cold[0].targets)) {
      const r = list[0];
      const s8 = (series.get(variant)?.[0]?.notes ?? '').replace(/^series=/, '').split(';').map(Number).filter((x) => !Number.isNaN(x));
      // the first and last buckets are partial seconds: left out of the tail
      const tail = s8.slice(Math.max(1, s8.length - 21), s8.length - 1);
      const ref = warmed && !warmed.missing ? { rps: warmed.rps, what: 'scenario 2, 16 conn' }
        : { rps: tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : 0, what: 'last 20 s of this run' };
      // time to 90%: the end of the first 5-second window whose mean reaches 90% of warmed
      let t90 = null;
      for (let i = 4; i < s8.length && t90 === null; i++) {
        if (s8.slice(i - 4, i + 1).reduce((a, b) => a + b, 0) / 5 >= 0.9 * ref.rps) t90 = i + 1;
      }
      const share = ref.rps ? num(r.rps) / ref.rps : 0;
      const ready = notes(r).ready_ms ?? '';
      out.push(`| ${variant} | ${ready} | ${num(r.rps).toFixed(0)} | ${f1(num(r.p99_ms))} | ${r.cpu_s} | ${(100 * share).toFixed(0)}% | ${t90 === null ? `not within ${s8.length} s` : `${t90} s`} | ${ref.rps.toFixed(0)} (${ref.what}) |`);
      c29.push(`- cold start, ${variant}: first 10 s at ${(100 * share).toFixed(0)}% of warmed (target >= 50%: ${pass(share >= 0.5)}), `
        + `90% of warmed after ${t90 === null ? `more than ${s8.length} s` : `${t90} s`} (target < 20 s: ${pass(t90 !== null && t90 < 20)}); ready in ${ready} ms`);
      perSecond.push(`- ${variant}, answers in each second from ready: ${s8.join(' ')}`);
    }
    out.push('', ...perSecond);
  }

  const label = {
    '9-1k': '9. prompt ~1k tokens', '9-10k': '9. prompt ~10k tokens', '9-100k': '9. prompt ~100k tokens',
    '10-solo': '10. 8 streaming turns alone (TTFT; CPU per stream)', '10-loaded': '10. 8 streaming turns beside 4 conn of 100k-token prompts (TTFT)',
    11: '11. tool-call streams, 20+20 argument deltas (first delta; CPU per stream)', '12-alone': '12. valid key alone', '12-valid': '12. valid key beside the flood',
    '12-invalid': '12. invalid keys (the flood)', 13: '13. chat and Responses',
  };
  const unit = (sc) => (String(sc).startsWith('10') ? ' chunks/s' : sc === '11' ? ' deltas/s' : '');
  const rows29 = newGroups.filter((g) => label[g.scenario]);
  if (rows29.length) {
    out.push('', '| scenario | target | req/s | p50 ms | p90 ms | p99 ms | added p50 ms | added p99 ms | errors | CPU µs/req | peak RSS MiB | vs direct | notes |',
      '| --- | --- |' + ' ---: |'.repeat(10) + ' --- |');
  }
  const a29 = {};
  for (const g of rows29) {
    const d = agg(g.targets.direct);
    for (const t of ['direct', 'gateway', 'responses', 'peer']) {
      const a = agg(g.targets[t]);
      if (!a) continue;
      a29[`${g.scenario}|${g.conns}|${t}`] = a;
      if (a.missing !== undefined) { out.push(`| ${label[g.scenario]} (${g.conns} conn) | ${t} | ${a.missing} |||||||||||`); continue; }
      const dd = t !== 'direct' && d && !d.missing;
      // during the flood (and beside the long prompts) the gateway's CPU serves other requests too
      const flood = g.scenario === '12-valid' || g.scenario === '12-invalid' || g.scenario === '10-loaded';
      const name = g.scenario === '13' && t !== 'direct' ? `gateway ${t === 'gateway' ? 'chat' : '/v1/responses'}` : t;
      const note = g.scenario === '11' || g.scenario === '10-loaded' || g.scenario.startsWith('12') ? String(a.notes).slice(0, 140) : '';
      out.push(`| ${label[g.scenario]} (${g.conns} conn) | ${name} | ${a.rps.toFixed(0)}${unit(g.scenario)} | ${f1(a.p50)} | ${f1(a.p90)} | ${f1(a.p99)} | ${dd ? f1(a.p50 - d.p50) : ''} | ${dd ? f1(a.p99 - d.p99) : ''} | ${a.errors} | ${t === 'direct' || !a.requests || flood ? '' : (1e6 * a.cpuTotal / a.requests).toFixed(0)} | ${t === 'direct' ? '' : a.rss} | ${dd && d.rps ? `${(100 * a.rps / d.rps).toFixed(0)}%` : ''} | ${note} |`);
    }
  }
  const get = (k) => (a29[k] && a29[k].missing === undefined ? a29[k] : null);
  // 9: long prompts
  const added = (sc, c) => { const d = get(`${sc}|${c}|direct`), gw = get(`${sc}|${c}|gateway`); return d && gw ? gw.p50 - d.p50 : null; };
  if (get('9-100k|1|gateway')) {
    const a1 = added('9-1k', 1), a10 = added('9-10k', 1), a100 = added('9-100k', 1);
    c29.push(`- long prompts, 1 conn: added p50 ${[a1, a10, a100].map((x) => (x === null ? '?' : f1(x))).join(' / ')} ms at 1k / 10k / 100k tokens; `
      + `100k adds ${f1(a100)} ms (target <= 5: ${pass(a100 <= 5)})`
      + (a1 !== null ? `; from 1k to 100k the body grows 100x, the added p50 ${a1 > 0 ? `${(a100 / a1).toFixed(1)}x` : 'from nothing measurable'}` : ''));
    const b1 = added('9-1k', 16), b100 = added('9-100k', 16);
    if (b100 !== null) c29.push(`- long prompts, 16 conn: added p50 ${f1(b1 ?? 0)} ms at 1k, ${f1(b100)} ms at 100k tokens (no target)`);
  }
  const mem = newGroups.find((g) => g.scenario === '9-mem');
  if (mem) {
    const m = Object.fromEntries(Object.entries(mem.targets).map(([k, list]) => [k, notes(list[0])]));
    out.push('', '| 9. memory held per in-flight request (64 waiting 2 s upstream) | body bytes | live heap at rest MB | live heap, 64 in flight MB | per request KB | per request / body |',
      '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [k, n] of Object.entries(m)) {
      out.push(`| ${k} | ${n.body_bytes} | ${(n.live_idle / 1e6).toFixed(1)} | ${(n.live_busy / 1e6).toFixed(1)} | ${(n.per_request / 1024).toFixed(0)} | ${k === 'small' ? '' : `${(n.per_request / n.body_bytes).toFixed(2)}x`} |`);
    }
    if (m['100k'] && m.small) {
      const extra = (m['100k'].per_request - m.small.per_request) / m['100k'].body_bytes;
      c29.push(`- memory per in-flight 100k-token request: ${(m['100k'].per_request / 1024).toFixed(0)} KB for a ${(m['100k'].body_bytes / 1024).toFixed(0)} KB body, `
        + `${(m.small.per_request / 1024).toFixed(0)} KB of it what any request holds (the small request's figure); the body's share is ${extra.toFixed(2)}x the body (target <= 3x: ${pass(extra <= 3)})`);
    }
  }
  // 10: head-of-line
  const hs = get('10-solo|8|gateway'), hl = get('10-loaded|8|gateway'), ds = get('10-solo|8|direct'), dl = get('10-loaded|8|direct');
  if (hs && hl) {
    c29.push(`- head-of-line: small turns' TTFT p50 ${f1(hs.p50)} ms alone, ${f1(hl.p50)} ms beside the 100k-token prompts: +${(100 * (hl.p50 / hs.p50 - 1)).toFixed(0)}% (target <= +20%: ${pass(hl.p50 <= 1.2 * hs.p50)}); p99 ${f1(hs.p99)} -> ${f1(hl.p99)} ms`
      + (ds && dl ? `; direct to the fake ${f1(ds.p50)} -> ${f1(dl.p50)} ms (p99 ${f1(ds.p99)} -> ${f1(dl.p99)})` : ''));
  }
  // 11: tool-call streams
  const tg = get('11|64|gateway'), td = get('11|64|direct');
  if (tg) {
    c29.push(`- tool-call streams at 64 at once: ${tg.requests} streams through the gateway, ${tg.errors} with an error or a delta that differs from what the fake sent `
      + `(target 0: ${pass(tg.errors === 0 && tg.requests > 0)})` + (td ? `; direct ${td.requests} streams, ${td.errors}` : '') + `; ${tg.notes}`);
  }
  // 12: key flood
  const ka = get('12-alone|4|gateway'), kv = get('12-valid|4|gateway'), ki = get('12-invalid|16|gateway');
  if (ka && kv && ki) {
    const rows12 = rows.filter((r) => r.scenario === '12-valid').map(notes);
    const leaked = rows12.map((n) => Number(n.upstream_calls) - Number(n.answers_2xx));
    c29.push(`- key flood: upstream calls minus valid answers ${leaked.join(', ')} per round (at most the 4 valid requests in flight when wrk stops; target: no upstream call for an invalid key: ${pass(leaked.every((x) => x <= 4))}); `
      + `valid p99 ${f1(ka.p99)} ms alone, ${f1(kv.p99)} ms beside the flood (target <= +20%: ${pass(kv.p99 <= 1.2 * ka.p99)}); `
      + `rejections ${ki.rps.toFixed(0)}/s against ${kv.rps.toFixed(0)} valid/s: ${(ki.rps / kv.rps).toFixed(1)}x (target >= 5x: ${pass(ki.rps >= 5 * kv.rps)}); `
      + `gateway CPU ${(1e6 * ka.cpuTotal / ka.requests).toFixed(0)} µs per valid request alone, ${(1e6 * kv.cpuTotal / (kv.requests + ki.requests)).toFixed(0)} µs per request (valid or refused) in the flood`);
  }
  // 13: Responses row
  const r1 = get('13|1|responses'), c1 = get('13|1|gateway'), d1 = get('13|1|direct'), r16 = get('13|16|responses'), ch16 = get('13|16|gateway');
  if (r1 && c1 && d1) {
    const ar = r1.p50 - d1.p50, ac = c1.p50 - d1.p50;
    c29.push(`- Responses API at 1 conn: added p50 ${f1(ar)} ms against chat's ${f1(ac)} ms (target within 10%: ${pass(ar <= 1.1 * ac)}); `
      + `CPU ${(1e6 * r1.cpuTotal / r1.requests).toFixed(0)} against ${(1e6 * c1.cpuTotal / c1.requests).toFixed(0)} µs per request`);
  }
  if (r16 && ch16) {
    c29.push(`- Responses API at 16 conn: ${r16.rps.toFixed(0)} req/s against chat's ${ch16.rps.toFixed(0)}: ${(100 * r16.rps / ch16.rps).toFixed(0)}% (target >= 90%: ${pass(r16.rps >= 0.9 * ch16.rps)}); `
      + `CPU ${(1e6 * r16.cpuTotal / r16.requests).toFixed(0)} against ${(1e6 * ch16.cpuTotal / ch16.requests).toFixed(0)} µs per request`);
  }
  out.push('', 'Targets (issue 29):', '', ...c29);
}

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
