// Talks to the local helper on 127.0.0.1 only. Never waits longer than TIMEOUT_MS: navigation is not held
// hostage by a helper that is slow or gone.

export const DEFAULT_HELPER_URL = 'http://127.0.0.1:8731';
export const TIMEOUT_MS = 1500;
export const MAX_TEXT = 1_000_000;

/** Only loopback addresses are accepted, so page data can never be sent off the machine by a setting. */
export function normaliseHelperUrl(value) {
  let url;
  try { url = new URL(String(value).trim()); } catch { return null; }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return null;
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

async function request(base, path, init = {}, timeout = TIMEOUT_MS) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetch(base + path, {...init, signal: controller.signal, cache: 'no-store',
                                               credentials: 'omit', redirect: 'error'});
    const body = await response.json().catch(() => null);
    if (!response.ok) return {ok: false, problem: 'error', status: response.status, detail: body?.error?.code ?? ''};
    return {ok: true, body};
  } catch (error) {
    return {ok: false, problem: controller.signal.aborted ? 'timeout' : 'offline', detail: String(error?.message ?? error)};
  } finally {
    clearTimeout(timer);
  }
}

export const health = (base) => request(base, '/v1/health');
export const navigationRules = (base) => request(base, '/v1/navigation-rules', {}, 3000);

export function askVerdict(base, url, page = null) {
  const body = {url};
  if (page) body.page = {...page, text: String(page.text ?? '').slice(0, MAX_TEXT)};
  return request(base, '/v1/verdict', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                        body: JSON.stringify(body)});
}
