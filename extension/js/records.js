// Evidence records of blocked pages (issue 7), from the service worker. The helper keeps the record and
// enforces both rules: only for a block, and nothing while the user has records switched off. A picture of a
// page that was stopped while on screen is taken just before the interstitial replaces it and held in
// storage.session (memory, one picture at a time) until the user keeps it from the interstitial; leaving the
// warning or closing the tab throws it away.
import {session, tabs} from './ext.js';
import * as helper from './helper-client.js';
import {boundedUrl} from './urls.js';
import {rememberBlock} from './remote-guard.js';

export const MAX_SHOT_BYTES = 2 * 1024 * 1024;     // the helper's limit for a decoded PNG
const MAX_PAGE_TEXT = 100_000;                      // what the helper searches for phone numbers (not stored)
const PNG_PREFIX = 'data:image/png;base64,';
const SHOT = 'shot';                                // {tabId, url, png}
const recordKey = (tabId) => 'record:' + tabId;     // {url, id, why, screenshot?}

/** On every block, before the interstitial replaces the page. `capture`: the page was shown to the user;
 *  `frameUrl`: the framed page that was judged, when the scam was inside a frame of `url`. */
export async function recordBlock(base, tabId, url, verdict, {page = null, capture = false, frameUrl = ''} = {}) {
  await session.remove(recordKey(tabId));
  const png = capture ? await captureTab(tabId) : null;
  if (png) await session.set(SHOT, {tabId, url, png});
  // Not awaited: the interstitial must not wait for the record; it asks for the record's state itself.
  const at = Date.now();
  keep(base, tabId, url, verdict, page, frameUrl)
    .then((id) => rememberBlock(tabId, url, verdict, id, at), () => rememberBlock(tabId, url, verdict, null, at))
    .catch(() => {});
}

async function keep(base, tabId, url, verdict, page, frameUrl) {
  const answer = await helper.keepRecord(base, {url: boundedUrl(url), frame_url: frameUrl ? boundedUrl(frameUrl) : '', verdict,
                                                title: String(page?.title ?? ''),
                                                page_text: String(page?.text ?? '').slice(0, MAX_PAGE_TEXT)});
  const state = answer.ok ? {url, id: answer.body?.id ?? null, why: answer.body?.why ?? ''}
                          : {url, id: null, why: answer.problem};
  if (!state.id) await dropScreenshot(tabId);     // first: the interstitial never sees a picture with no record
  await session.set(recordKey(tabId), state);
  return state.id;
}

async function heldShot(tabId, url) {
  const shot = await session.get(SHOT, null);
  return shot && shot.tabId === tabId && shot.url === url ? shot : null;
}

/** For the interstitial: {pending} until the helper answered, then {id, why, screenshot: held|kept|none}. */
export async function recordState(tabId, url) {
  const state = await session.get(recordKey(tabId), null);
  if (!state || state.url !== url) return {pending: true};
  const screenshot = state.screenshot ?? ((await heldShot(tabId, url)) ? 'held' : 'none');
  return {id: state.id, why: state.why, screenshot};
}

/** The user asked to keep the held picture: add it to this tab's record, then forget it here. */
export async function keepScreenshot(base, tabId, url) {
  const state = await session.get(recordKey(tabId), null);
  const shot = await heldShot(tabId, url);
  if (!state?.id || state.url !== url || !shot) return {ok: false, problem: 'nothing_held'};
  const answer = await helper.addScreenshot(base, state.id, shot.png);
  if (!answer.ok) return {ok: false, problem: answer.detail || answer.problem};
  await session.remove(SHOT);
  await session.set(recordKey(tabId), {...state, screenshot: 'kept'});
  return {ok: true};
}

export async function dropScreenshot(tabId) {
  const shot = await session.get(SHOT, null);
  if (shot && shot.tabId === tabId) await session.remove(SHOT);
}

/** A tab committed a navigation: anything but the interstitial means the user left the warning. */
export async function onTabNavigated(tabId, url, interstitialPrefix) {
  if (!String(url ?? '').startsWith(interstitialPrefix)) await dropScreenshot(tabId);
}

/** Chromium gave the tab a new id (a dropped page): its record and held picture go with it. */
export async function moveTab(from, to) {
  const state = await session.get(recordKey(from), null);
  if (state) await session.set(recordKey(to), state);
  await session.remove(recordKey(from));
  const shot = await session.get(SHOT, null);
  if (shot && shot.tabId === from) await session.set(SHOT, {...shot, tabId: to});
}

export async function forgetTab(tabId) {
  await dropScreenshot(tabId);
  await session.remove(recordKey(tabId));
}

async function captureTab(tabId) {
  const tab = await tabs.get(tabId);
  // captureVisibleTab takes whatever the window shows: only when that is the tab being stopped.
  if (!tab?.active) return null;
  return fitPng(await tabs.captureVisible(tab.windowId));
}

/** A PNG data URL within the helper's size limit: scaled down (PNG again) when a large screen made it too big. */
export async function fitPng(dataUrl, maxBytes = MAX_SHOT_BYTES) {
  if (typeof dataUrl !== 'string' || !dataUrl.startsWith(PNG_PREFIX)) return null;
  const encoded = dataUrl.slice(PNG_PREFIX.length);
  if (encoded.length * 3 / 4 <= maxBytes) return dataUrl;
  const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  for (let scale = 0.7; scale > 0.05; scale *= 0.7) {
    const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)),
                                       Math.max(1, Math.round(bitmap.height * scale)));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await canvas.convertToBlob({type: 'image/png'});
    if (blob.size <= maxBytes) return PNG_PREFIX + base64(new Uint8Array(await blob.arrayBuffer()));
  }
  return null;
}

function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
