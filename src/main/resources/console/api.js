// The console's only way to the gateway: same-origin fetches riding on the session cookie.
// State-changing calls carry the session's CSRF token header (the server refuses them otherwise).
import { useEffect, useState, useCallback } from 'preact/hooks';

let session = { csrf_header: 'X-CSRF-Token', csrf_token: null, open: false };

export async function loadSession() {
  const response = await fetch('/admin/ui/session', { credentials: 'same-origin' });
  if (response.status === 401) {
    location.assign('/admin/ui/'); // signed out or expired: back to the login form
    return session;
  }
  session = await response.json();
  return session;
}

export function isOpen() {
  return session.open;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf_token) headers[session.csrf_header] = session.csrf_token;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) location.assign('/admin/ui/');
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return { status: response.status, ok: response.ok, data };
}

/** The error message of a gateway answer (OpenAI's error shape), for showing. */
export function problem(answer) {
  return answer?.data?.error?.message || `HTTP ${answer?.status}`;
}

/** GETs path now and every `every` ms while the page shows; live figures without a reload. */
export function usePoll(path, every = 3000) {
  const [state, setState] = useState({ loading: true });
  const load = useCallback(async () => {
    if (!path) return;
    try {
      const answer = await api('GET', path);
      setState({ loading: false, status: answer.status, ok: answer.ok, data: answer.data, at: Date.now() });
    } catch (e) {
      setState(s => ({ ...s, loading: false, failed: String(e) }));
    }
  }, [path]);
  useEffect(() => {
    load();
    if (!every) return undefined;
    const timer = setInterval(load, every);
    return () => clearInterval(timer);
  }, [load, every]);
  return [state, load];
}
