// Keys (keys as data: /admin/keys, /admin/spend): list, create (the secret shown once), edit,
// rotate, revoke, spend against budget, spend per day. A gateway without the store answers 404.
import { useEffect, useState } from 'preact/hooks';
import { api, problem, usePoll } from './api.js';
import { Badge, Bar, Failed, Spark, Unavailable, html, money, when } from './ui.js';

export function KeysPage() {
  const [state, reload] = usePoll('/admin/keys', 5000);
  const [secret, setSecret] = useState(null);
  const [message, setMessage] = useState(null);
  if (state.loading) return html`<p class="muted">Loading…</p>`;
  if (state.status === 404) return html`<h2>Keys</h2><${Unavailable} what="Managing keys" />`;
  if (!state.ok) return html`<${Failed} answer=${state} />`;
  const done = (answer, what) => {
    setMessage(answer.ok ? null : problem(answer));
    if (answer.ok && answer.data.key) setSecret({ id: answer.data.id, key: answer.data.key, what });
    reload();
  };
  return html`<h2>Keys</h2>
    ${secret && html`<${Secret} secret=${secret} onClose=${() => setSecret(null)} />`}
    <${CreateForm} onCreate=${async body => done(await api('POST', '/admin/keys', body), 'created')} />
    ${message && html`<p class="error">${message}</p>`}
    <table data-testid="keys">
      <thead><tr><th>key</th><th>status</th><th>models</th><th>limits</th><th>spend / budget</th><th></th></tr></thead>
      <tbody>${state.data.data.map(k => html`<${KeyRow} key=${k.id} k=${k} done=${done} />`)}</tbody>
    </table>
    <${SpendChart} />`;
}

function Secret({ secret, onClose }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret.key);
    } catch (e) { // no clipboard API outside a secure context: select it for the user instead
      getSelection().selectAllChildren(document.querySelector('[data-testid=secret-value]'));
      document.execCommand('copy');
    }
    setCopied(true);
  };
  return html`<div class="secret" data-testid="secret">
    <strong>Key ${secret.id} ${secret.what}.</strong> Its secret is shown this once; the gateway keeps only its hash.
    <p><code data-testid="secret-value">${secret.key}</code></p>
    <button onClick=${copy} data-testid="copy">${copied ? 'Copied' : 'Copy'}</button> <button onClick=${onClose}>Done</button>
  </div>`;
}

function numberOrNull(value) {
  return value === '' ? null : Number(value);
}

function CreateForm({ onCreate }) {
  const submit = event => {
    event.preventDefault();
    const f = event.target.elements;
    const body = { budget_period: f.period.value };
    if (f.id.value) body.id = f.id.value;
    if (f.name.value) body.name = f.name.value;
    if (f.models.value) body.models = f.models.value.split(',').map(s => s.trim()).filter(Boolean);
    if (f.budget.value) body.budget_usd = Number(f.budget.value);
    if (f.rpm.value) body.requests_per_minute = Number(f.rpm.value);
    if (f.tpm.value) body.tokens_per_minute = Number(f.tpm.value);
    onCreate(body);
    event.target.reset();
  };
  return html`<form class="inline" onSubmit=${submit} data-testid="create-key">
    <label>id<input name="id" placeholder="(generated)" /></label>
    <label>name<input name="name" /></label>
    <label>models (comma-separated)<input name="models" placeholder="(all)" /></label>
    <label>budget USD<input name="budget" type="number" step="any" min="0" size="6" /></label>
    <label>per<select name="period"><option>month</option><option>day</option></select></label>
    <label>requests/min<input name="rpm" type="number" min="1" size="5" /></label>
    <label>tokens/min<input name="tpm" type="number" min="1" size="6" /></label>
    <button class="primary" type="submit">Create key</button>
  </form>`;
}

function KeyRow({ k, done }) {
  const [usage] = usePoll(k.status === 'revoked' ? null : `/admin/keys/${encodeURIComponent(k.id)}/usage`, 5000);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(null);
  const path = `/admin/keys/${encodeURIComponent(k.id)}`;
  const spent = usage.ok ? Number(usage.data.spent_usd ?? 0) : null;
  const act = async (what, method, suffix, body) => {
    setConfirm(null);
    done(await api(method, path + suffix, body), what);
  };
  return html`<tr data-testid=${'key-' + k.id}>
    <td><strong>${k.id}</strong>${k.name !== k.id ? html`<div class="muted">${k.name}</div>` : ''}
      <div class="muted">${k.source} · since ${when(k.created_at)}</div></td>
    <td><${Badge} value=${k.status} />${k.previous_key_valid_until && html`<div class="muted">old secret until ${when(k.previous_key_valid_until)}</div>`}</td>
    <td>${k.models?.length ? k.models.join(', ') : html`<span class="muted">all</span>`}</td>
    <td>${editing ? html`<${EditForm} k=${k} onSave=${body => { setEditing(false); act('changed', 'PATCH', '', body); }} onCancel=${() => setEditing(false)} />`
      : html`<div class="muted">${k.requests_per_minute ?? '∞'} req/min · ${k.tokens_per_minute ?? '∞'} tok/min</div>`}</td>
    <td>${spent == null ? '–' : html`${money(spent)} / ${k.budget_usd == null ? 'no budget' : money(k.budget_usd) + ' per ' + k.budget_period}
      ${k.budget_usd != null && html`<${Bar} value=${spent} max=${Number(k.budget_usd)} />`}`}</td>
    <td>${k.status !== 'revoked' && (confirm
      ? html`<button class="danger" onClick=${() => act(confirm === 'rotate' ? 'rotated' : 'revoked', 'POST', '/' + confirm, {})}>Really ${confirm}</button>
             <button onClick=${() => setConfirm(null)}>Cancel</button>`
      : html`<button onClick=${() => setEditing(true)}>Edit</button> <button onClick=${() => setConfirm('rotate')}>Rotate</button>
             <button class="danger" onClick=${() => setConfirm('revoke')}>Revoke</button>`)}</td>
  </tr>`;
}

function EditForm({ k, onSave, onCancel }) {
  const submit = event => {
    event.preventDefault();
    const f = event.target.elements;
    onSave({ requests_per_minute: numberOrNull(f.rpm.value), tokens_per_minute: numberOrNull(f.tpm.value),
      budget_usd: numberOrNull(f.budget.value), budget_period: f.period.value });
  };
  return html`<form class="inline" onSubmit=${submit}>
    <label>req/min<input name="rpm" type="number" min="1" size="4" value=${k.requests_per_minute ?? ''} /></label>
    <label>tok/min<input name="tpm" type="number" min="1" size="5" value=${k.tokens_per_minute ?? ''} /></label>
    <label>budget USD<input name="budget" type="number" step="any" min="0" size="5" value=${k.budget_usd ?? ''} /></label>
    <label>per<select name="period" value=${k.budget_period}><option>month</option><option>day</option></select></label>
    <button class="primary" type="submit">Save</button><button type="button" onClick=${onCancel}>Cancel</button>
  </form>`;
}

function SpendChart() {
  const from = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
  const [state] = usePoll(`/admin/spend?group_by=day&from=${from}`, 10000);
  const [points, setPoints] = useState([]);
  useEffect(() => {
    if (state.ok) setPoints(state.data.data.map(r => [Date.parse(r.day + 'T00:00:00Z') / 1000, Number(r.cost_usd)]));
  }, [state.at]);
  if (!state.ok) return '';
  return html`<h3>Spend per day (last 30 days): ${money(state.data.total_cost_usd)}</h3>
    <div class="card" data-testid="spend-chart"><${Spark} title="USD per day" points=${points} width=${600} height=${160} bars=${true} /></div>`;
}
