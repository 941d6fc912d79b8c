// The console's shell: the page list, hash navigation and sign-out. Each page polls the JSON admin API.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, isOpen, loadSession } from './api.js';
import { html } from './ui.js';
import { ProvidersPage } from './providers.js';
import { RoutesPage } from './routes.js';
import { BatchesPage, CachePage } from './cache.js';
import { KeysPage } from './keys.js';
import { RequestsPage } from './requests.js';

const PAGES = {
  providers: ['Providers', ProvidersPage],
  keys: ['Keys', KeysPage],
  requests: ['Requests', RequestsPage],
  routes: ['Routes', RoutesPage],
  cache: ['Cache', CachePage],
  batches: ['Batches', BatchesPage],
};

function currentPage() {
  const name = location.hash.replace(/^#\/?/, '');
  return PAGES[name] ? name : 'providers';
}

function Console() {
  const [page, setPage] = useState(currentPage());
  useEffect(() => {
    const follow = () => setPage(currentPage());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const signOut = async () => {
    await api('POST', '/admin/ui/logout');
    location.assign('/admin/ui/');
  };
  const [, Page] = PAGES[page];
  return html`<header>
      <h1>LLM gateway</h1>
      <nav>${Object.entries(PAGES).map(([name, [title]]) =>
        html`<a href=${'#/' + name} class=${name === page ? 'active' : ''} data-testid=${'nav-' + name}>${title}</a>`)}</nav>
      <span class="spacer"></span>
      ${isOpen() ? html`<span class="muted">open gateway (no keys)</span>` : html`<button onClick=${signOut} data-testid="sign-out">Sign out</button>`}
    </header>
    <main data-testid=${'page-' + page}><${Page} /></main>`;
}

loadSession().then(() => {
  const root = document.getElementById('console');
  root.textContent = ''; // the "Loading" line is not Preact's to replace
  render(html`<${Console} />`, root);
});
