// Issue 15: read what the page draws. A page that locks or loops the browser, or asks for secrets, or is mostly
// one picture, while its own text names no brand and makes no claim, may have drawn its warning and phone number
// into a <canvas> or an image. For such a page only, once per page shape, the service worker takes a picture
// of the visible tab and the helper reads it (on this machine: POST /v1/screen on 127.0.0.1). The picture is
// held in memory for that request and dropped; a block keeps a picture only as evidence records.js does today.
import {session, tabs} from './ext.js';
import {SECRETS} from './fields.js';
import * as helper from './helper-client.js';
import {tabState} from './tab-state.js';
import {boundedUrl} from './urls.js';
import {fitPng} from './records.js';

export const MAX_SCREEN_BYTES = 4 * 1024 * 1024;     // the helper takes up to 5 MiB
// What locks or loops the browser (page.signals counts). Going full screen once is a video; a locker asks again.
const LOCKING = {keyboard_lock: 1, pointer_lock: 1, fullscreen_requests: 2, dialogs: 2, print_calls: 2,
                 history_changes: 20, audio_autoplay: 1, speech: 1};
// "Says little": a page that writes its warning as text has more than this to read.
const LITTLE_TEXT = 300;
const SHAPES_KEPT = 20;
const SETTLE_MS = 1500;
const shapesKey = (tabId) => 'screen:' + tabId;     // the page shapes already read in this tab
const countKey = (tabId) => 'screens:' + tabId;     // how many pictures were read (a number; tests count it)

/** Why this page's screen is worth reading ('locks' | 'secrets' | 'pixels'), or '' for an ordinary page. */
export function trigger(page, verdict) {
  if (!page || !verdict) return '';
  const codes = new Set((verdict.reasons ?? []).map((r) => r.code));
  if (codes.has('PAGE_TSS_INFECTION_CLAIM') || codes.has('PAGE_WARNS_ABOUT_SCAMS')) return '';   // its text said it
  const signals = page.signals ?? {};
  const text = String(page.text ?? '').replace(/\s+/g, ' ').trim();
  const fields = new Set((page.forms ?? []).flatMap((f) => f.fields ?? []));
  if (Object.entries(LOCKING).some(([k, n]) => (signals[k] ?? 0) >= n)) return 'locks';
  const secrets = [...fields].some((k) => SECRETS.has(k)) || (fields.size === 1 && fields.has('account'));
  // A sign-in page drawn as pictures (a quarter of the window or more); an ordinary one with a logo is not read.
  const pictured = (signals.media_part ?? 0) > 0 || (signals.media_screen ?? 0) > 0;
  if (secrets && pictured && !verdict.brand && text.length < LITTLE_TEXT) return 'secrets';
  if ((signals.media_screen ?? 0) > 0 && text.length < LITTLE_TEXT) return 'pixels';
  return '';
}

/** The page check's result with the text read from the screen, null when the page is not read, or
 *  {status: 'superseded'} when the page was stopped or left while it was being read. */
export async function readScreen(base, tabId, url, page, result) {
  if (result.status === 'block' || !result.verdict) return null;
  const why = trigger(page, result.verdict);
  if (!why) return null;
  const shape = `${boundedUrl(url)}|${why}`;
  const seen = await session.get(shapesKey(tabId), []);
  if (seen.includes(shape)) return null;
  await session.set(shapesKey(tabId), [...seen.slice(-SHAPES_KEPT + 1), shape]);
  // A page that just locked is often still showing its warning: let it paint, and let the check of its next
  // shape (the warning's text, when it has one) stop it first without a picture.
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  if (await stale(tabId, url, started)) return {status: 'superseded'};
  const tab = await tabs.get(tabId);
  if (!tab?.active) return null;                     // captureVisibleTab shows the window: only this tab in it
  const picture = await fitPng(await tabs.captureVisible(tab.windowId), MAX_SCREEN_BYTES);
  if (!picture) return null;
  await session.set(countKey(tabId), (await session.get(countKey(tabId), 0)) + 1);
  const answer = await helper.readScreen(base, boundedUrl(url), page, picture);
  // Reading takes seconds: a later check of the same page may have stopped it meanwhile, or the tab moved on.
  // Then this answer is stale, and so is the check that asked for it.
  if (await stale(tabId, url, started)) return {status: 'superseded'};
  return answer.ok ? {status: answer.body.verdict, verdict: answer.body} : null;
}

async function stale(tabId, url, since) {
  const tab = await tabs.get(tabId);
  const state = await tabState(tabId);
  return tab?.url !== url || (state?.status === 'block' && state.at >= since);
}

export const onTabRemoved = (tabId) => session.remove([shapesKey(tabId), countKey(tabId)]);
