// Requests: the ledger (/admin/requests) filtered by key, model, provider, status and time; a row
// opens its detail (timings, tokens, cost, stream outcome; the ledger keeps no content).
import { useState } from 'preact/hooks';
import { usePoll } from './api.js';
import { Badge, Failed, Unavailable, html, money, when } from './ui.js';

const FILTERS = ['key', 'model', 'provider', 'status'];

export function RequestsPage() {
  const [filter, setFilter] = useState({});
  const [cursor, setCursor] = useState(null);
  const [chosen, setChosen] = useState(null);
  const query = new URLSearchParams(Object.entries({ ...filter, cursor }).filter(([, v]) => v)).toString();
  // the newest page follows live; an older page stays put
  const [state] = usePoll('/admin/requests' + (query ? '?' + query : ''), cursor ? 0 : 3000);
  if (state.status === 404) return html`<h2>Requests</h2><${Unavailable} what="The request ledger" />`;
  const apply = event => {
    event.preventDefault();
    const f = event.target.elements;
    const next = {};
    for (const name of FILTERS) if (f[name].value) next[name] = f[name].value.trim();
    if (f.from.value) next.from = new Date(f.from.value).toISOString();
    if (f.to.value) next.to = new Date(f.to.value).toISOString();
    setFilter(next);
    setCursor(null);
  };
  return html`<h2>Requests</h2>
    <form class="inline" onSubmit=${apply} data-testid="request-filters">
      ${FILTERS.map(name => html`<label>${name}<input name=${name} size="10" /></label>`)}
      <label>from<input name="from" type="datetime-local" /></label>
      <label>to<input name="to" type="datetime-local" /></label>
      <button class="primary" type="submit">Filter</button>
    </form>
    ${state.loading ? html`<p class="muted">Loading…</p>` : !state.ok ? html`<${Failed} answer=${state} />` : html`
    <table data-testid="requests">
      <thead><tr><th>finished</th><th>key</th><th>model</th><th>provider</th><th>status</th><th>tokens in/out</th><th>cost</th><th>latency</th><th>door</th></tr></thead>
      <tbody>${state.data.data.map(r => html`<tr class="clickable" key=${r.entry_id} onClick=${() => setChosen(r)} data-testid="request-row">
        <td>${when(r.finished_at)}</td><td>${r.key ?? '–'}</td><td>${r.model}</td><td>${r.provider ?? '–'}</td>
        <td><${Badge} value=${String(r.status)} /></td><td>${r.input_tokens} / ${r.output_tokens}${r.estimated ? ' ~' : ''}</td>
        <td data-testid="cost">${money(r.cost_usd)}</td><td>${r.latency_ms ?? '–'} ms</td><td>${r.door}</td></tr>`)}</tbody>
    </table>
    <p>${cursor && html`<button onClick=${() => setCursor(null)}>Newest</button> `}
      ${state.data.next_cursor && html`<button onClick=${() => setCursor(state.data.next_cursor)}>Older</button>`}</p>`}
    ${chosen && html`<div class="detail" data-testid="request-detail">
      <h3>Request ${chosen.request_id} <button onClick=${() => setChosen(null)}>Close</button></h3>
      <div class="kv">${Object.entries(chosen).map(([k, v]) => html`<span>${k}</span><span>${v == null ? '–' : String(v)}</span>`)}</div>
    </div>`}`;
}
