// Cache and batches: the response cache's figures, and the batch files with their progress.
import { useState } from 'preact/hooks';
import { api, problem, usePoll } from './api.js';
import { Badge, Bar, Failed, html, when } from './ui.js';

export function CachePage() {
  const [state, reload] = usePoll('/admin/cache');
  const [message, setMessage] = useState(null);
  const [confirming, setConfirming] = useState(false);
  if (state.loading) return html`<p class="muted">Loading…</p>`;
  if (!state.ok) return html`<${Failed} answer=${state} />`;
  const c = state.data;
  const flush = async () => {
    const answer = await api('DELETE', '/admin/cache');
    setMessage(answer.ok ? `${answer.data.removed} answers dropped` : problem(answer));
    setConfirming(false);
    reload();
  };
  return html`<h2>Response cache</h2>
    <div class="card" data-testid="cache">
      <div class="kv">
        <span>hit rate</span><span data-testid="hit-rate">${(100 * c.hit_rate).toFixed(1)}% <${Bar} value=${c.hit_rate} max=${1} /></span>
        <span>entries</span><span data-testid="entries">${c.entries} of ${c.max_entries} <${Bar} value=${c.entries} max=${c.max_entries} /></span>
        <span>size</span><span>${(c.bytes / 1024).toFixed(1)} KiB</span>
        <span>hits / misses</span><span>${c.hits} / ${c.misses}</span>
        <span>stored / too large</span><span>${c.stores} / ${c.too_large}</span>
        <span>bypasses</span><span>${c.bypasses}</span>
        <span>evictions</span><span>${c.evictions}</span>
      </div>
      <p>${confirming
        ? html`<button class="danger" onClick=${flush}>Really drop every cached answer</button> <button onClick=${() => setConfirming(false)}>Cancel</button>`
        : html`<button class="danger" onClick=${() => setConfirming(true)}>Flush…</button>`}</p>
      ${message && html`<p class="muted">${message}</p>`}
    </div>`;
}

/** Completed (blue) then failed (red) lines, out of the file's total. */
function Progress({ counts }) {
  const share = n => (counts.total > 0 ? (100 * n) / counts.total : 0).toFixed(1) + '%';
  return html`<div class="bar stacked" title=${`${counts.completed} completed, ${counts.failed} failed of ${counts.total}`}>
    <span style=${{ width: share(counts.completed) }}></span><span class="failed" style=${{ width: share(counts.failed) }}></span></div>`;
}

export function BatchesPage() {
  const [state] = usePoll('/admin/batches');
  if (state.loading) return html`<p class="muted">Loading…</p>`;
  if (!state.ok) return html`<${Failed} answer=${state} />`;
  const batches = state.data.data;
  return html`<h2>Batches</h2>
    ${batches.length === 0 ? html`<p class="muted" data-testid="no-batches">No batch files on this instance yet (drop a JSONL file into the inbox).</p>` : html`
    <table data-testid="batches">
      <thead><tr><th>batch</th><th>file</th><th>status</th><th>progress</th><th>completed</th><th>failed</th><th>total</th><th>created</th></tr></thead>
      <tbody>${batches.map(b => {
        const n = b.request_counts || { total: 0, completed: 0, failed: 0 };
        return html`<tr key=${b.id} data-testid=${'batch-' + b.id}>
          <td>${b.id}</td><td>${b.input_file_id}</td><td><${Badge} value=${b.status} /></td>
          <td><${Progress} counts=${n} /></td>
          <td>${n.completed}</td><td>${n.failed}</td><td>${n.total}</td><td>${when(b.created_at)}</td></tr>`;
      })}</tbody>
    </table>`}`;
}
