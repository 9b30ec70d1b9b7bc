// Talks to the local helper on 127.0.0.1 only. Never waits longer than TIMEOUT_MS: navigation is not held
// hostage by a helper that is slow or gone.
import {local} from './ext.js';

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

/** The helper's address as the options page set it (the default when unset or not a loopback address). */
export const helperUrl = async () => normaliseHelperUrl(await local.get('helperUrl', '')) ?? DEFAULT_HELPER_URL;

async function request(base, path, init = {}, timeout = TIMEOUT_MS, read = 'json') {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    const response = await fetch(base + path, {...init, signal: controller.signal, cache: 'no-store',
                                               credentials: 'omit', redirect: 'error'});
    if (!response.ok) {
      const failure = await response.json().catch(() => null);
      return {ok: false, problem: 'error', status: response.status, detail: failure?.error?.code ?? ''};
    }
    const body = read === 'text' ? await response.text() : await response.json().catch(() => null);
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

const send = (method, body) => ({method, headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
const recordPath = (id) => '/v1/evidence' + (id === undefined ? '' : '/' + encodeURIComponent(Number(id)));

// Issue 7: a pasted message or a typed number (the user waits for these, and links are judged one by one).
export const CHECK_TIMEOUT_MS = 8000;
export const checkMessage = (base, text) => request(base, '/v1/message', send('POST', {text}), CHECK_TIMEOUT_MS);
export const checkPhone = (base, number) => request(base, '/v1/phone', send('POST', {number}), CHECK_TIMEOUT_MS);

// Evidence records: the helper keeps one only for a block and only while records are on.
export const keepRecord = (base, record) => request(base, '/v1/evidence', send('POST', record));
export const addScreenshot = (base, id, screenshot) =>
  request(base, recordPath(id) + '/screenshot', send('PUT', {screenshot}), CHECK_TIMEOUT_MS);
// Reads are POSTs: only a POST carries the extension's Origin, which the helper checks (a GET carries none).
export const listRecords = (base) => request(base, '/v1/evidence/list', {method: 'POST'}, CHECK_TIMEOUT_MS);
/** One record (id) or all of them (no id). */
export const deleteRecords = (base, id) => request(base, recordPath(id), {method: 'DELETE'}, CHECK_TIMEOUT_MS);
export const exportRecords = (base, id) =>
  request(base, recordPath(id) + '/export', {method: 'POST'}, CHECK_TIMEOUT_MS, 'text');
export const setKeepRecords = (base, keep) =>
  request(base, '/v1/evidence/settings', send('PUT', {keep_records: Boolean(keep)}));

// Issue 16: the remote-control tools' pages, and a step (a tool's page opened) added to a block's record.
export const remoteTools = (base) => request(base, '/v1/remote-tools', {}, 3000);
export const addStep = (base, id, step) => request(base, recordPath(id) + '/steps', send('POST', step));
