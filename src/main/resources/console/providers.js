// Providers: state, circuit, throttle fill, recent latency and error rate, and the runtime controls.
import { useRef, useState } from 'preact/hooks';
import { api, problem, usePoll } from './api.js';
import { Badge, Bar, Failed, Spark, html } from './ui.js';

const HISTORY = 40; // samples kept per provider for the charts (about two minutes at one every 3 s)

export function ProvidersPage() {
  const [state, reload] = usePoll('/admin/providers');
  const history = useRef({});
  if (state.loading) return html`<p class="muted">Loading…</p>`;
  if (!state.ok) return html`<${Failed} answer=${state} />`;
  const providers = state.data.data;
  for (const p of providers) record(history.current, p, state.at);
  return html`<h2>Providers</h2>
    <div class="cards">${providers.map(p => html`<${Provider} key=${p.id} p=${p} history=${history.current[p.id]} reload=${reload} />`)}</div>`;
}

function record(history, p, at) {
  const samples = history[p.id] || (history[p.id] = []);
  if (samples.length && samples[samples.length - 1].at === at) return;
  const m = p.metrics || {};
  samples.push({ at, p50: m.p50_ms ?? 0, p95: m.p95_ms ?? 0, errors: m.total ? 100 * (1 - (m.success_rate ?? 1)) : 0 });
  if (samples.length > HISTORY) samples.shift();
}

function Provider({ p, history, reload }) {
  const [message, setMessage] = useState(null);
  const act = async (path, body) => {
    const answer = await api('POST', `/admin/providers/${encodeURIComponent(p.id)}/${path}`, body ?? {});
    setMessage(answer.ok ? null : problem(answer));
    reload();
  };
  const l = p.limiter || {};
  const c = p.circuit || {};
  const m = p.metrics || {};
  const points = key => (history || []).map(s => [s.at / 1000, s[key]]);
  return html`<div class="card" data-testid=${'provider-' + p.id}>
    <h3>${p.id} <span class="muted">${p.kind}</span> <${Badge} value=${p.status} testid="status" /></h3>
    ${p.reason && html`<div class="muted" data-testid="reason">${p.reason}</div>`}
    <div class="kv">
      <span>enabled</span><span data-testid="enabled">${p.enabled ? 'yes' : 'no'}</span>
      <span>circuit</span><span><${Badge} value=${c.state} testid="circuit" />
        ${c.failure_rate != null && html` <span class="muted">${c.failure_rate.toFixed(0)}% failed of ${c.buffered_calls}</span>`}</span>
      <span>throttle</span><span>${throttle(l)}</span>
      <span>calls</span><span>${m.total ?? 0} (${m.successes ?? 0} ok)${m.last_error && html` <span class="error">last: ${m.last_error}</span>`}</span>
    </div>
    <div class="charts">
      <${Spark} title="latency p50 / ms" points=${points('p50')} />
      <${Spark} title="error rate / %" points=${points('errors')} color="#c62828" />
    </div>
    <div class="charts">
      ${p.enabled
        ? html`<button class="danger" data-testid="disable" onClick=${() => act('disable')}>Disable</button>`
        : html`<button data-testid="enable" onClick=${() => act('enable')}>Enable</button>`}
    </div>
    <${LimitsForm} l=${l} onSave=${body => act('limits', body)} />
    ${message && html`<p class="error">${message}</p>`}
  </div>`;
}

function throttle(l) {
  const parts = [];
  if (l.max_concurrent > 0) {
    parts.push(html`<span>${l.in_use}/${l.max_concurrent} in flight</span><${Bar} value=${l.in_use} max=${l.max_concurrent} />`);
  }
  if (l.requests_per_window > 0) {
    const used = l.requests_per_window - (l.permits_left_in_window ?? l.requests_per_window);
    parts.push(html`<span>${used}/${l.requests_per_window} per ${iso(l.window)}</span><${Bar} value=${used} max=${l.requests_per_window} />`);
  }
  if (l.waiting > 0) parts.push(html`<span class="error">${l.waiting} waiting</span>`);
  return parts.length ? parts : html`<span class="muted">unlimited</span>`;
}

function LimitsForm({ l, onSave }) {
  const [open, setOpen] = useState(false);
  if (!open) return html`<button data-testid="limits" onClick=${() => setOpen(true)}>Limits…</button>`;
  const submit = event => {
    event.preventDefault();
    const f = event.target.elements;
    onSave({ requests_per_window: Number(f.rpw.value), window: f.window.value,
      max_concurrent: Number(f.conc.value), max_wait: f.wait.value });
    setOpen(false);
  };
  return html`<form class="inline" onSubmit=${submit}>
    <label>requests/window<input name="rpw" type="number" min="0" value=${l.requests_per_window} size="5" /></label>
    <label>window<input name="window" value=${iso(l.window)} size="5" /></label>
    <label>max concurrent<input name="conc" type="number" min="0" value=${l.max_concurrent} size="4" /></label>
    <label>max wait<input name="wait" value=${iso(l.max_wait)} size="6" /></label>
    <button class="primary" type="submit">Save</button>
    <button type="button" onClick=${() => setOpen(false)}>Cancel</button>
  </form>`;
}

/** The API shows Java durations (PT1S); the form takes Spring's style (1s, 500ms). */
function iso(duration) {
  const m = /^PT(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration || '');
  if (!m) return duration || '';
  const ms = (Number(m[1] || 0) * 60 + Number(m[2] || 0)) * 1000;
  return ms % 1000 === 0 ? ms / 1000 + 's' : ms + 'ms';
}
