// Routes: every route file (loaded, or rejected with the parser's reason and line), its routes,
// and the chat pipeline drawn from Camel's route model (GET /admin/routes/chat-pipeline/flow).
import { usePoll } from './api.js';
import { Badge, Failed, html, when } from './ui.js';

export function RoutesPage() {
  const [state] = usePoll('/admin/routes', 3000);
  const [flow] = usePoll('/admin/routes/chat-pipeline/flow', 10000);
  if (state.loading) return html`<p class="muted">Loading…</p>`;
  if (!state.ok) return html`<${Failed} answer=${state} />`;
  const report = state.data;
  const byId = Object.fromEntries(report.routes.map(r => [r.id, r]));
  return html`<h2>Routes</h2>
    <p class="muted">Folder ${report.routesDir ?? '(inside the jar)'}; hot reload ${report.reloadEnabled ? 'on' : 'off'};
      last reload ${when(report.lastReload)}</p>
    <table data-testid="route-files">
      <thead><tr><th>file</th><th>status</th><th>routes</th></tr></thead>
      <tbody>${(report.files || []).map(f => html`<tr key=${f.file} data-testid=${'file-' + f.file}>
        <td>${f.file}</td>
        <td><${Badge} value=${f.status} testid="file-status" />
          ${f.error && html`<div class="error" data-testid="file-error">${f.line ? `line ${f.line}: ` : ''}${f.error}</div>`}
          ${f.error && f.routes.length > 0 && html`<div class="muted">the previous routes keep serving</div>`}</td>
        <td>${f.routes.map(id => html`<div title=${byId[id]?.description}>${id}
          <span class="muted"> ${decodeURIComponent(byId[id]?.from ?? '')}</span> ${byId[id] && byId[id].status !== 'Started' ? html`<${Badge} value=${byId[id].status} />` : ''}</div>`)}</td>
      </tr>`)}</tbody>
    </table>
    <h3>Chat pipeline</h3>
    <p class="muted">Drawn from the route definitions Camel runs now; dashed boxes are routes called over direct:.</p>
    ${flow.ok ? html`<${Flow} answer=${flow.data} />` : flow.loading ? '' : html`<${Failed} answer=${flow} />`}`;
}

function Flow({ answer }) {
  const root = answer.routes[answer.root];
  return html`<div class="flow" data-testid="pipeline-flow">
    <div class="node from"><span class="type">from</span>${root.from}</div>
    <${Steps} steps=${root.steps} routes=${answer.routes} seen=${[answer.root]} />
  </div>`;
}

// a called route is a dashed box, closed until opened: the pipeline's own steps stay on one screen
function Steps({ steps, routes, seen }) {
  return steps.map(step => html`
    <div class="arrow"></div>
    <div class="node" title=${step.description || ''} data-testid="flow-step">
      <span class="type">${step.type}</span>${step.label}
    </div>
    ${step.steps && html`<div class="block"><${Steps} steps=${step.steps} routes=${routes} seen=${seen} /></div>`}
    ${step.route && routes[step.route] && !seen.includes(step.route) && html`
      <details class="sub">
        <summary>route ${step.route}${routes[step.route].description ? ' – ' + routes[step.route].description : ''}</summary>
        <div class="flow"><${Steps} steps=${routes[step.route].steps} routes=${routes} seen=${[...seen, step.route]} /></div>
      </details>`}`);
}
