// The service worker's logic. No state in globals (the worker may be stopped at any time): settings and the
// trusted list live in storage.local, per-tab state and the verdict cache in storage.session.

import {badge, dnr, extensionUrl, local, runtime, session, tabs, t} from './ext.js';
import {SECRETS} from './fields.js';
import * as helper from './helper-client.js';
import './limits.js';
import {Msg, senderAllowed} from './messages.js';
import * as records from './records.js';
import {readScreen} from './screen-check.js';
import {saveTabState, tabState, tabStateKey} from './tab-state.js';
import {compileMatchers, detourRules, passRule, PASS_FIRST, postPassRule, trustRules, DETOUR_LAST, TRUST_FIRST, TRUST_LAST}
  from './rules.js';
import {boundedUrl, hostOf, webUrl} from './urls.js';

const CACHE_TTL_MS = 10 * 60 * 1000;
const RULES_REFRESH_MS = 10 * 60 * 1000;
const RELEASE_WAIT_MS = 600;
const LEAVE_WAIT_MS = 1000;

// Rule ids are read-then-written: one change at a time (a lock, not state: nothing in it survives a restart).
let ruleLock = Promise.resolve();
const serially = (fn) => (ruleLock = ruleLock.then(fn, fn));

// ---- settings -------------------------------------------------------------------------------------------

const helperUrl = helper.helperUrl;
const trustedHosts = () => local.get('trusted', []);
const isTrusted = async (host) => {
  const list = await trustedHosts();
  return list.some((h) => host === h || host.endsWith('.' + h));
};

// ---- navigation rules -----------------------------------------------------------------------------------

let matcher = null;   // a cache derived from storage; rebuilt after a restart, never the source of truth

async function navRules() {
  return (await local.get('navRules', null)) ?? runtime.readPackaged('rules/navigation-rules.json');
}

const installNavRules = (nav) => serially(() => installNavRulesNow(nav));

async function installNavRulesNow(nav) {
  const existing = (await dnr.dynamicRules()).filter((r) => r.id <= DETOUR_LAST).map((r) => r.id);
  await dnr.updateDynamic(existing, detourRules(nav, extensionUrl('check.html')));
  await local.set('navRules', nav);
  matcher = compileMatchers(nav);
}

async function refreshNavRulesFromHelper(force = false) {
  const last = await session.get('rulesCheckedAt', 0);
  if (!force && Date.now() - last < RULES_REFRESH_MS) return;
  await session.set('rulesCheckedAt', Date.now());
  const answer = await helper.navigationRules(await helperUrl());
  if (!answer.ok || !answer.body?.version) return;
  const current = await local.get('navRules', null);
  if (current?.version !== answer.body.version) await installNavRules(answer.body);
}

/** The detour rules are installed and lead to this session's check page. Its address carries a dynamic id
 *  (web_accessible_resources with use_dynamic_url: pages cannot probe for it) that changes with every browser
 *  session, while dynamic rules persist: rules pointing at an old id would end page-started navigations on
 *  Chromium's error page. */
async function detourRulesCurrent() {
  const detours = (await dnr.dynamicRules()).filter((r) => r.id <= DETOUR_LAST);
  const target = extensionUrl('check.html') + '?u=';
  return detours.length > 0 && detours.every((r) => r.action?.redirect?.regexSubstitution?.startsWith(target));
}

const syncTrustRules = () => serially(syncTrustRulesNow);

async function syncTrustRulesNow() {
  const existing = (await dnr.dynamicRules()).filter((r) => r.id >= TRUST_FIRST && r.id <= TRUST_LAST).map((r) => r.id);
  await dnr.updateDynamic(existing, trustRules(await trustedHosts()));
}

/** One readiness promise: rules in place (the bundled copy when the helper is away), trust rules in sync. */
export async function init() {
  const nav = await navRules();
  if (!(await detourRulesCurrent()) || !(await local.get('navRules', null))) await installNavRules(nav);
  else matcher = compileMatchers(nav);
  await syncTrustRules();
  refreshNavRulesFromHelper().catch(() => {});
}

const detoured = async (url) => (matcher ??= compileMatchers(await navRules()))(url);

// ---- verdicts -------------------------------------------------------------------------------------------

async function setHelperOnline(online) {
  const was = await session.get('helperOnline', null);
  if (was !== online) await session.set('helperOnline', online);
  if (online && was === false) {
    refreshNavRulesFromHelper(true).catch(() => {});
    recheckTabsLeftUnchecked().catch(() => {});
  }
  if (!online) watchForHelper();
}

// ---- the helper away and back (issue 12) ----------------------------------------------------------------

const HELPER_PROBE_MS = 1000;
let watching = false;   // a loop in this worker's life only; a restarted worker starts it on its next failure

/** While the helper is away, ask it every second; its return is noticed within about a second (each round also
 *  touches storage, which keeps the worker alive for the loop). */
async function watchForHelper() {
  if (watching) return;
  watching = true;
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, HELPER_PROBE_MS));
      if ((await session.get('helperOnline', null)) !== false) return;
      if ((await helper.health(await helperUrl())).ok) return await setHelperOnline(true);
    }
  } finally {
    watching = false;
  }
}

/** Tabs that loaded while the helper was away were never judged: judge their address now, and have every frame
 *  look at its page again (a suspicious shape asks for a verdict as usual). */
async function recheckTabsLeftUnchecked() {
  for (const tab of await tabs.all()) {
    const state = await tabState(tab.id);
    if (state?.status !== 'offline' || !webUrl(tab.url) || state.url !== tab.url) continue;
    const result = await judge(tab.url);
    if (result.status === 'block' && !(await proceededOnce(tab.id, hostOf(tab.url)))) {
      await showBlocked(tab.id, tab.url, result, 'navigation');
      continue;
    }
    await setTabState(tab.id, tab.url, result);
    await tabs.sendAllFrames(tab.id, {what: Msg.RECHECK});
  }
}

/** {status: 'allow'|'warn'|'block'|'offline', verdict?} for a URL (and page, which bypasses the cache). */
export async function judge(fullUrl, page = null) {
  const url = boundedUrl(fullUrl);
  const key = 'v:' + url;
  if (!page) {
    const hit = await session.get(key, null);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return {status: hit.verdict.verdict, verdict: hit.verdict};
  }
  const answer = await helper.askVerdict(await helperUrl(), url, page);
  if (!answer.ok) {
    // A 4xx with a JSON error means the helper is there but refused this input (e.g. a port it rejects).
    const offline = answer.problem !== 'error';
    await setHelperOnline(!offline);
    return {status: offline ? 'offline' : 'unchecked', problem: answer.problem};
  }
  await setHelperOnline(true);
  const verdict = answer.body;
  if (!page) {
    await session.set(key, {at: Date.now(), verdict});
    if (Math.random() < 0.05) pruneCache().catch(() => {});
  }
  return {status: verdict.verdict, verdict};
}

async function pruneCache() {
  const now = Date.now();
  const all = await session.getAll();
  const stale = Object.keys(all).filter((k) => k.startsWith('v:') && now - (all[k]?.at ?? 0) >= CACHE_TTL_MS);
  if (stale.length) await session.remove(stale);
}

// ---- per-tab state and badge ----------------------------------------------------------------------------

const BADGES = {
  block: ['!', '#b71c1c', 'badgeBlock'], warn: ['?', '#e65100', 'badgeWarn'], offline: ['OFF', '#616161', 'badgeOffline'],
  unchecked: ['', null, 'badgeUnchecked'], allow: ['', null, 'badgeAllow'], trusted: ['', null, 'badgeTrusted'],
};

async function paintBadge(tabId, state) {
  const [text, color, title] = BADGES[state?.status] ?? BADGES.unchecked;
  await badge.set(tabId, text, color, t(title));
}

let stateLock = Promise.resolve();
const stateSerially = (fn) => (stateLock = stateLock.then(fn, fn));

/** The tab's state (verdict, badge), one write at a time. With `unlessNewerThan` (a time) nothing is written if the
 *  tab already has a state for this address from then or later: read and write, nothing in between. */
function setTabState(tabId, url, result, extra = {}, unlessNewerThan = null) {
  return stateSerially(async () => {
    if (unlessNewerThan !== null) {
      const previous = await tabState(tabId);
      if (previous?.url === url && previous.at >= unlessNewerThan) return previous;
    }
    const state = {url, host: hostOf(url), status: result.status, verdict: result.verdict ?? null,
                   problem: result.problem ?? null, at: Date.now(), ...extra};
    await saveTabState(tabId, state);
    await paintBadge(tabId, state);
    return state;
  });
}

// ---- pass-throughs (a judged navigation continues without a second detour) ------------------------------

const addPass = (tabId, host, offline) => serially(() => addPassNow(tabId, host, offline));

async function addPassNow(tabId, host, offline) {
  const passes = await session.get('pass:' + tabId, []);
  const rules = await dnr.sessionRules();
  const stale = passes.filter((p) => p.host === host).map((p) => p.id);
  const id = Math.max(PASS_FIRST - 1, ...rules.map((r) => r.id)) + 1;
  await dnr.updateSession(stale, [passRule(id, tabId, host)]);
  await session.set('pass:' + tabId, [...passes.filter((p) => p.host !== host), {id, host, offline}]);
}

const dropPasses = (tabId, which) => serially(() => dropPassesNow(tabId, which));

async function dropPassesNow(tabId, which = () => true) {
  const passes = await session.get('pass:' + tabId, []);
  const drop = passes.filter(which);
  if (!drop.length) return;
  await dnr.updateSession(drop.map((p) => p.id), []);
  await session.set('pass:' + tabId, passes.filter((p) => !drop.includes(p)));
}

// A form posted into another window: its tab is not known before it opens, so the pass goes by where the post
// comes from (the page's host, POST only). Kept until a tab commits that host or the posting tab moves on.
const POSTED = 'posted';      // [{id, host, from: the posting tab}]

const addPostPass = (tabId, host, initiator) => serially(async () => {
  const posted = await session.get(POSTED, []);
  const rules = await dnr.sessionRules();
  const stale = posted.filter((p) => p.host === host && p.from === tabId).map((p) => p.id);
  const id = Math.max(PASS_FIRST - 1, ...rules.map((r) => r.id)) + 1;
  await dnr.updateSession(stale, [postPassRule(id, host, initiator)]);
  await session.set(POSTED, [...posted.filter((p) => !stale.includes(p.id)), {id, host, from: tabId}]);
});

const dropPostPasses = (which) => serially(async () => {
  const posted = await session.get(POSTED, []);
  const drop = posted.filter(which);
  if (!drop.length) return;
  await dnr.updateSession(drop.map((p) => p.id), []);
  await session.set(POSTED, posted.filter((p) => !drop.includes(p)));
});

const proceededOnce = async (tabId, host) => (await session.get('once:' + tabId, [])).includes(host);

// ---- blocking -------------------------------------------------------------------------------------------

export const blockedPageUrl = (url) => extensionUrl('blocked.html') + '?u=' + encodeURIComponent(url);

// Tabs the worker is stopping right now (tab id → address), while the page is released and recorded.
const stoppingNow = new Map();

/** `url` is the tab's address (what the user sees); `frame` ({id, url}) the frame whose page was judged, if any. */
async function showBlocked(tabId, url, result, via, page = null, frame = null) {
  stoppingNow.set(tabId, url);
  try { await showBlockedNow(tabId, url, result, via, page, frame); } finally { stoppingNow.delete(tabId); }
}

async function showBlockedNow(tabId, url, result, via, page, frame) {
  const extra = {...(frame ? {via, frame: frame.url} : {via}), ...(result.asks ? {asks: result.asks} : {}),
                 ...(result.hid ? {hid: true} : {})};
  await setTabState(tabId, url, result, extra);
  const blocked = blockedPageUrl(url);
  // Give control back before leaving: full screen, audio, speech and "leave this page?" loops, in the top page
  // and in the frame that misbehaved (each frame has its own hook).
  const frameIds = frame ? [0, frame.id] : [0];
  const released = await Promise.race([Promise.all(frameIds.map((f) => tabs.send(tabId, {what: Msg.RELEASE}, f))),
                                       new Promise((r) => setTimeout(r, RELEASE_WAIT_MS))]);
  // No answer from a page that asked for the check: its thread is held (an alert or print() loop, a busy loop).
  // It would hold the navigation too (it never gets to answer beforeunload), and a cancelled dialog only lets
  // the loop open the next one: drop the page from memory first. Such a page is not pictured.
  const held = via === 'page' && !released?.every((answer) => answer?.ok);
  if (held) tabId = await dropPage(tabId, url, result, extra);
  // The evidence record; a page the user actually saw is pictured first (held until they ask to keep it).
  await records.recordBlock(await helperUrl(), tabId, url, result.verdict,
                            {page, capture: via === 'page' && !held, frameUrl: frame?.url});
  await tabs.navigate(tabId, blocked);
  // A "leave this page?" prompt the page hook could not take away (set from a frame, or with functions the hook
  // never saw) holds the navigation until the user answers it: drop the page and go again.
  if (via === 'page' && !held && !(await tabs.committed(tabId, blocked, LEAVE_WAIT_MS))) {
    tabId = await dropPage(tabId, url, result, extra);
    await tabs.navigate(tabId, blocked);
  }
}

/** Drops the page from memory without running any more of it; the tab and its history stay. Chromium may give
 *  the tab a new id: the state moves with it. */
async function dropPage(tabId, url, result, extra) {
  const kept = await tabs.discard(tabId);
  if (kept === tabId) return kept;
  await records.moveTab(tabId, kept);
  await onTabRemoved(tabId);                 // the old id is gone: its passes and per-tab state with it
  await setTabState(kept, url, result, extra);
  return kept;
}

// ---- the general path: webNavigation for URLs the detour rules do not cover -----------------------------

export async function onBeforeNavigate({tabId, frameId, url, timeStamp}) {
  if (frameId !== 0 || tabId < 0 || !webUrl(url)) return;
  const host = hostOf(url);
  if (await isTrusted(host)) return setTabState(tabId, url, {status: 'trusted'});
  const passes = await session.get('pass:' + tabId, []);
  if (passes.some((p) => p.host === host)) return;           // check.html judged it just now
  // check.html will judge it, unless a form posted it here past the detour (then it is judged here, cached)
  if (await detoured(url) && !(await session.get(POSTED, [])).some((p) => p.host === host)) return;
  const result = await judge(url);
  const current = await tabs.get(tabId);
  if (!current) return;
  // The page may have loaded and been checked (and stopped) since the navigation began, even before this handler
  // ran (a busy or waking worker): what its own check said is newer and knows more than the address alone; it
  // stays (else the interstitial would explain an "allow"). The event's own time, not this handler's.
  const since = timeStamp ?? Date.now();
  const previous = await tabState(tabId);
  if (previous?.url === url && previous.at >= since) return;
  if (result.status === 'block' && !(await proceededOnce(tabId, host))) return showBlocked(tabId, url, result, 'navigation');
  await setTabState(tabId, url, result, {}, since);
}

export async function onCommitted({tabId, frameId, url}) {
  if (frameId !== 0) return;
  await records.onTabNavigated(tabId, url, extensionUrl('blocked.html'));
  await session.remove('framed:' + tabId);
  // A pass granted while the helper was offline is good for one navigation: the next one is checked again.
  await dropPasses(tabId, (p) => p.offline);
  await dropPostPasses((p) => p.from === tabId || p.host === hostOf(url));
  const state = await tabState(tabId);
  if (state) await paintBadge(tabId, state);
}

export async function onTabRemoved(tabId) {
  await dropPasses(tabId);
  await dropPostPasses((p) => p.from === tabId);
  await session.remove([tabStateKey(tabId), 'pass:' + tabId, 'once:' + tabId, 'checks:' + tabId, 'framed:' + tabId]);
  await records.forgetTab(tabId);
}

// ---- messages -------------------------------------------------------------------------------------------

/** `unchecked`: the user chose to open a lookalike-shaped address the helper could not judge (once). */
async function checkNavigation(tabId, url, unchecked = false) {
  const target = webUrl(url);
  if (!target) return {action: 'refuse'};
  const host = target.hostname;
  if (await isTrusted(host)) {
    await setTabState(tabId, url, {status: 'trusted'});
    return {action: 'continue'};
  }
  const result = await judge(target.href);
  if (result.status === 'block' && !(await proceededOnce(tabId, host))) {
    await setTabState(tabId, target.href, result, {via: 'detour'});
    await records.recordBlock(await helperUrl(), tabId, target.href, result.verdict);
    return {action: 'block', blocked: blockedPageUrl(target.href)};
  }
  await setTabState(tabId, target.href, result);
  // Fail safe: with the helper away a lookalike-shaped address waits on the check page (which keeps asking)
  // unless the user opens it anyway.
  if (result.status === 'offline' && !unchecked) return {action: 'offline'};
  await addPass(tabId, host, result.status === 'offline' || result.status === 'unchecked');
  return {action: 'continue'};
}

/** A form the user posts from the tab's page to `url`, held by content/form-post.js until this answers. The detour
 *  would judge it as well, but its check page can only go on with a GET (the redirect drops the body): judged
 *  here, an allowed or warned address gets the pass the check page would have given, and the submission goes on
 *  as the page sent it. Anything else goes on into the detour, which deals with it as before. */
async function formPost(tabId, url, elsewhere) {
  const target = webUrl(url);
  if (!target || !(await detoured(target.href)) || await isTrusted(target.hostname)) return {action: 'continue'};
  const result = await judge(target.href);
  if (result.status !== 'allow' && result.status !== 'warn') return {action: 'detour'};
  if (elsewhere) {       // into another window, from the page on host `elsewhere`
    await addPostPass(tabId, target.hostname, elsewhere);
    return {action: 'continue'};
  }
  await setTabState(tabId, target.href, result);
  await addPass(tabId, target.hostname, false);
  return {action: 'continue'};
}

/** `url` is the checked page's own address; `frame` ({id, top}) says it is a frame of a tab showing `top`. The
 *  page is judged by its own address; the tab, trust and "proceed once" go by the address the user sees: a
 *  trusted or proceeded site is trusted with what it frames, and a framed block stops the whole tab. */
async function pageCheck(tabId, url, page, frame = null) {
  const top = frame ? frame.top : url;
  const hosts = new Set([hostOf(url), hostOf(top)]);
  if (hosts.has(null)) return {status: 'trusted'};
  for (const host of hosts) if (await isTrusted(host)) return {status: 'trusted'};
  // How many page checks this tab asked for (a number, no content): lets tests prove "not per keystroke".
  await session.set('checks:' + tabId, (await session.get('checks:' + tabId, 0)) + 1);
  // A tab being stopped on this address, or stopped while this check was asked, stays so: the check of another
  // frame of the same page (a parent counting its same-origin frames' behaviour, content/channel.js) neither
  // undoes it nor stops it twice.
  const started = Date.now();
  if (stoppingNow.get(tabId) === top) return {status: 'block'};
  const framedForm = frame || !page ? null : await framedFormUnder(tabId, url);
  if (framedForm) {
    page = {...page, forms: [...page.forms, ...framedForm.forms].slice(0, 50)};
    frame = {id: framedForm.frameId, top: url, url: framedForm.url};
  }
  const judged = await judge(url, page);
  const state = await showPageVerdict(tabId, url, top, page, frame, framedForm, judged, started);
  // Issue 15: the tab shows the page's own verdict first; the screen, read after it has settled (seconds), may
  // raise that verdict, never lower it.
  if (frame || state.status === 'block') return state;
  const read = await readScreen(await helperUrl(), tabId, url, page, judged);
  if (!read?.verdict || RANK[read.status] < RANK[judged.status]) return state;
  return showPageVerdict(tabId, url, top, page, frame, framedForm, read, started);
}

const RANK = {allow: 0, warn: 1, block: 2};

/** The tab (its badge, its notice, or the interstitial) shows a page check's `result`, unless the tab was
 *  stopped since the check `started`. */
async function showPageVerdict(tabId, url, top, page, frame, framedForm, result, started) {
  result = await stopWarnedPageAskingForSecrets(result, page, hostOf(top));
  const previous = await tabState(tabId);
  if (stoppingNow.get(tabId) === top || (previous?.url === top && previous.status === 'block' && !previous.proceeded
                                          && previous.at >= started)) return {status: 'block'};
  if (result.status === 'offline' && previous?.url === top && previous.verdict) return previous;
  if (result.status === 'block' && !(await proceededOnce(tabId, hostOf(top)))) {
    await showBlocked(tabId, top, result, 'page', page, frame && {id: frame.id, url: frame.url ?? url});
    return {status: 'block'};
  }
  // A frame's allow or warn leaves the tab's verdict and badge (the top page's) as they are.
  if (frame && !framedForm) return (await framedFormWithTopPage(tabId, top, url, page, frame)) ?? {status: result.status};
  const state = await setTabState(tabId, url, result, {pageChecked: true});
  if (result.status === 'warn') await offerNotice(tabId, url);
  return state;
}

/** A bare sign-in form in a frame (of another host, often small) under a top page that shows the brand: judged
 *  together, as the user sees them, by the top page's address (an Amazon page framing its own sign-in stays
 *  Amazon's), with the frame's fields added to the top page's (issue 12). */
async function framedFormWithTopPage(tabId, top, url, page, frame) {
  if (!(page?.forms ?? []).some((f) => f.fields.some((k) => SIGN_IN.has(k)))) return null;
  // Kept for the top page's own later checks (its brand may come after the frame's form), and the top page is
  // told, so that it counts as worth a check and looks again when what it shows changes.
  await session.set('framed:' + tabId, {top, url, frameId: frame.id, forms: page.forms});
  await tabs.send(tabId, {what: Msg.FRAMED_FORM}, 0);
  const shown = sanitisePage((await tabs.send(tabId, {what: Msg.COLLECT}, 0))?.page);
  if (!shown) return null;
  const together = {...shown, forms: [...shown.forms, ...page.forms].slice(0, 50)};
  await session.set('checks:' + tabId, (await session.get('checks:' + tabId, 0)) + 1);
  const result = await stopWarnedPageAskingForSecrets(await judge(top, together), together, hostOf(top));
  if (result.status !== 'block' || await proceededOnce(tabId, hostOf(top))) return null;
  await showBlocked(tabId, top, result, 'page', together, {id: frame.id, url});
  return {status: 'block'};
}

/** The sign-in form a frame of this tab showed under the page at `url`, if any. */
async function framedFormUnder(tabId, url) {
  const framed = await session.get('framed:' + tabId, null);
  return framed?.top === url ? framed : null;
}

/** The address a page check judges: the frame's own; for a frame with none (about:srcdoc, data:, blob:) the
 *  origin that made it, else the tab's. A frame also says which tab address the user sees; in a tab that has no
 *  web address of its own (an about:blank pop-up its opener wrote a full-window frame into) the frame's stands
 *  for it, as the pop-up's own would (the page that made it). */
function checkedPage(sender) {
  const url = webUrl(sender.url)?.href ?? webUrl(sender.origin)?.href ?? webUrl(sender.tab?.url)?.href ?? null;
  const tabUrl = String(sender.tab?.url ?? '');
  const top = webUrl(tabUrl)?.href ?? (/^(about:|blob:|data:)/i.test(tabUrl) ? url : null);
  const frame = sender.frameId ? {id: sender.frameId, top} : null;
  return {url, frame};
}

async function checkNow(tabId) {
  const tab = await tabs.get(tabId);
  if (!tab || !webUrl(tab.url)) return {status: 'unsupported'};
  const collected = await tabs.send(tabId, {what: Msg.COLLECT});
  return pageCheck(tabId, tab.url, collected?.page ?? null);
}

async function proceed(tabId, url, mode) {
  const target = webUrl(url);
  const state = await tabState(tabId);
  // Only the address this tab was blocked on, and only a web address: never javascript:, data: or file:.
  if (!target || !state || state.url !== target.href) return {ok: false};
  const host = target.hostname;
  if (mode === 'always') {
    const list = await trustedHosts();
    if (!list.includes(host)) await local.set('trusted', [...list, host].sort());
    await syncTrustRules();
  } else {
    await session.set('once:' + tabId, [...new Set([...(await session.get('once:' + tabId, [])), host])]);
    await addPass(tabId, host, false);
  }
  await setTabState(tabId, target.href, {status: mode === 'always' ? 'trusted' : 'block', verdict: state.verdict},
                    {proceeded: mode});
  await tabs.navigate(tabId, target.href);
  return {ok: true};
}

async function backToSafety(tabId, canGoBack) {
  const state = await tabState(tabId);
  // After a detour the blocked page replaced the check page, so "back" is the page the user came from;
  // otherwise the entry behind us is the scam page itself.
  if (canGoBack && state?.via === 'detour') {
    try { await tabs.goBack(tabId); return {ok: true}; } catch { /* fall through */ }
  }
  await tabs.navigate(tabId, extensionUrl('safe.html'));
  return {ok: true};
}

/** What the interstitial shows. After a browser restart the session state is gone but the tab comes back on
 *  the interstitial: judge the address again so the page can explain itself and "proceed" still works. */
async function blockInfo(tabId, url) {
  let state = await tabState(tabId);
  const target = webUrl(url);
  if (target && state?.url !== target.href) {
    const result = await judge(target.href);
    state = await setTabState(tabId, target.href, result, {via: 'restored'});
  }
  return {state, ...(await settings())};
}

async function settings() {
  return {helperUrl: await helperUrl(), lang: await local.get('lang', 'auto'), trusted: await trustedHosts(),
          warningsOff: await warningsOffHosts(), helperOnline: await session.get('helperOnline', null)};
}

async function setSettings({helperUrl: url, lang}) {
  if (url !== undefined) {
    const normalised = helper.normaliseHelperUrl(url);
    if (!normalised) return {ok: false, error: 'helperUrl'};
    await local.set('helperUrl', normalised);
    await session.set('rulesCheckedAt', 0);
    refreshNavRulesFromHelper(true).catch(() => {});
  }
  if (lang !== undefined) {
    if (!['auto', 'ja', 'en'].includes(lang)) return {ok: false, error: 'lang'};
    await local.set('lang', lang);
  }
  return {ok: true, ...(await settings())};
}

async function untrust(host) {
  await local.set('trusted', (await trustedHosts()).filter((h) => h !== host));
  await syncTrustRules();
  return {ok: true, ...(await settings())};
}

async function popupState(tabId) {
  const tab = await tabs.get(tabId);
  const state = await tabState(tabId);
  // On the interstitial the popup explains the page that was stopped, not the interstitial itself.
  const blockedPrefix = extensionUrl('blocked.html') + '?u=';
  const shown = tab?.url?.startsWith(blockedPrefix)
    ? new URLSearchParams(tab.url.slice(extensionUrl('blocked.html').length)).get('u') : tab?.url;
  const fresh = state && shown && state.url === shown ? state : null;
  return {tabUrl: shown ?? null, state: fresh, ...(await settings())};
}

export async function handleMessage(message, sender) {
  if (!senderAllowed(message, sender, extensionUrl(''))) return {error: 'refused'};
  const tabId = sender.tab?.id;
  switch (message.what) {
    case Msg.PAGE_CHECK: {
      const {url, frame} = checkedPage(sender);
      return pageCheck(tabId, url, sanitisePage(message.page), frame);
    }
    case Msg.FORM_POST: return sender.frameId ? {action: 'continue'}
      : formPost(tabId, message.url, message.elsewhere === true && hostOf(sender.url));
    case Msg.CHECK_NAVIGATION: return checkNavigation(tabId, message.url, message.unchecked === true);
    case Msg.BLOCK_INFO: return blockInfo(tabId, message.url);
    case Msg.PROCEED: return proceed(tabId, message.url, message.mode === 'always' ? 'always' : 'once');
    case Msg.BACK_TO_SAFETY: return backToSafety(tabId, Boolean(message.canGoBack));
    case Msg.TAB_STATE: return popupState(Number(message.tabId));
    case Msg.CHECK_NOW: return checkNow(Number(message.tabId)).then(() => popupState(Number(message.tabId)));
    case Msg.GET_SETTINGS: return settings();
    case Msg.SET_SETTINGS: return setSettings(message);
    case Msg.UNTRUST: return untrust(String(message.host));
    case Msg.RECORD_STATE: return records.recordState(tabId, String(message.url));
    case Msg.KEEP_SCREENSHOT: return records.keepScreenshot(await helperUrl(), tabId, String(message.url));
    case Msg.NOTICE_QUERY: return sender.frameId ? {mode: null} : noticeFor(tabId, sender.tab?.url);
    case Msg.NOTICE_FOUGHT: return sender.frameId ? {ok: false} : stopPageFightingItsNotice(tabId, sender.tab?.url);
    case Msg.FRAME_SHOWN: return tellFrameItIsShown(tabId, sender.frameId ?? 0, String(message.url ?? ''));
    case Msg.FRAME_SOUND: return sender.frameId && SOUNDS.has(message.name)
      ? tabs.send(tabId, {what: Msg.TOP_SOUND, name: message.name}, 0).then(() => ({ok: true})) : {ok: false};
    case Msg.NOTICE_INFO: return noticeInfo(tabId, sender.frameId);
    case Msg.NOTICE_DISMISS: return turnWarningsOff(tabId);
    case Msg.NOTICE_CLOSE: return closeNotice(tabId);
    case Msg.NOTICE_UNDISMISS: return turnWarningsOn(String(message.host));
    default: return {error: 'unknown'};
  }
}

/** A frame drawn small and scaled up by its parent's CSS sees only its own small view: its parent (the frame
 *  that draws it) tells it, through here, that it is shown big enough to judge. Only the parent's direct
 *  children at that address are told; it can only make a frame ask for a check. */
async function tellFrameItIsShown(tabId, parentFrameId, url) {
  const frames = await chrome.webNavigation.getAllFrames({tabId}).catch(() => null) ?? [];
  const shown = frames.filter((f) => f.parentFrameId === parentFrameId && f.frameId > 0 && f.url === url);
  await Promise.all(shown.map((f) => tabs.send(tabId, {what: Msg.SHOWN_BIG}, f.frameId)));
  return {ok: shown.length > 0};
}

// ---- the in-tab notice: a warned page keeps working, with a bar at its top (notice.html, content/notice-host.js) --

const warningsOffHosts = () => local.get('warningsOff', []);
const warningsOff = async (host) => (await warningsOffHosts()).some((h) => host === h || host.endsWith('.' + h));

/** The notice the top page of this tab shows ({mode: 'warn'|null}): one for a warned page, unless the user
 *  trusts the site or turned its warnings off. */
async function noticeFor(tabId, url) {
  const target = webUrl(url);
  if (!target || await isTrusted(target.hostname) || await warningsOff(target.hostname)) return {mode: null};
  const state = await tabState(tabId);
  const status = state?.url === target.href && state.status ? state.status : (await judge(target.href)).status;
  return {mode: status === 'warn' ? 'warn' : null};
}

async function offerNotice(tabId, url) {
  const {mode} = await noticeFor(tabId, url);
  if (mode) await tabs.send(tabId, {what: Msg.SHOW_NOTICE, mode});
}

/** What the notice page framed in this tab shows: only a notice that applies to the tab's page now. */
async function noticeInfo(tabId, frameId) {
  const tab = await tabs.get(tabId);
  if (!tab || !frameId) return {mode: null};
  const {mode} = await noticeFor(tabId, tab.url);
  const state = await tabState(tabId);
  return {mode, verdict: state?.url === webUrl(tab.url)?.href ? state.verdict : null, lang: await local.get('lang', 'auto')};
}

async function turnWarningsOff(tabId) {
  const host = hostOf((await tabs.get(tabId))?.url);
  if (!host) return {ok: false};
  const list = await warningsOffHosts();
  if (!list.includes(host)) await local.set('warningsOff', [...list, host].sort());
  return closeNotice(tabId);
}

async function turnWarningsOn(host) {
  await local.set('warningsOff', (await warningsOffHosts()).filter((h) => h !== host));
  return {ok: true, ...(await settings())};
}

async function closeNotice(tabId) {
  await tabs.send(tabId, {what: Msg.HIDE_NOTICE});
  return {ok: true};
}

/** A warned page that keeps removing, hiding or covering its notice bar (content/notice-host.js) is stopped like
 *  a block, only while the bar still applies to it: it can only make its own page look worse. */
async function stopPageFightingItsNotice(tabId, url) {
  const {mode} = await noticeFor(tabId, url);
  const state = await tabState(tabId);
  const target = webUrl(url);
  if (mode !== 'warn' || !target || hostOf(state?.url) !== target.hostname || await proceededOnce(tabId, target.hostname)) {
    return {ok: false};
  }
  await showBlocked(tabId, target.href, {status: 'block', verdict: state.verdict, hid: true}, 'notice');
  return {ok: true};
}

const SIGN_IN = new Set([...SECRETS, 'account', 'phone']);

/** A warned page that asks for a password, card details or a one-time code is stopped like a block (unless the
 *  user turned this site's warnings off): the result says what it asked for. */
async function stopWarnedPageAskingForSecrets(result, page, host) {
  if (result.status !== 'warn' || !host || await warningsOff(host)) return result;
  const asks = [...new Set((page?.forms ?? []).flatMap((f) => f.fields).filter((k) => SECRETS.has(k)))];
  return asks.length ? {...result, status: 'block', asks} : result;
}

// What the user hears from a frame of any size or origin as from the page itself: counted on the top page too.
const SOUNDS = new Set(['audio_autoplay', 'speech']);

const FIELD_KINDS = new Set(['password', 'account', 'card_number', 'card_expiry', 'card_cvc', 'otp', 'phone', 'name', 'address']);
const SIGNALS = new Set(['fullscreen_requests', 'fullscreen_changes', 'pointer_lock', 'keyboard_lock', 'dialogs',
  'beforeunload', 'print_calls', 'history_changes', 'notification_requests', 'audio_autoplay', 'speech',
  'cursor_hidden', 'windows_opened',
  'media_screen', 'media_part']);   // the last two: how much of the window is pictures (content/screen-shape.js)

/** The content script runs next to the page, so its data is shaped again here before it reaches the helper. */
export function sanitisePage(page) {
  if (!page || typeof page !== 'object') return null;
  const str = (v, n) => String(v ?? '').slice(0, n);
  const signals = {};
  for (const [k, v] of Object.entries(page.signals ?? {})) {
    if (SIGNALS.has(k) && Number.isFinite(v) && v > 0) signals[k] = Math.min(Math.floor(v), 1e6);
  }
  return {
    title: str(page.title, 1000), text: str(page.text, helper.MAX_TEXT), lang: str(page.lang, 35),
    image_alts: (Array.isArray(page.image_alts) ? page.image_alts : []).slice(0, 200).map((a) => str(a, 300)),
    forms: (Array.isArray(page.forms) ? page.forms : []).slice(0, 50).map((f) => ({
      action: str(f?.action, 2048),
      fields: [...new Set((Array.isArray(f?.fields) ? f.fields : []).filter((k) => FIELD_KINDS.has(k)))],
    })),
    signals,
    markup: sanitiseMarkup(page.markup),
  };
}

// page.markup (README): the page's class names, ids, form names, stylesheet/script/icon addresses.
const {markup: MARKUP_LIMITS, markupItemChars: MARKUP_ITEM_CHARS} = globalThis.scamguardLimits;   // js/limits.js

function sanitiseMarkup(markup) {
  const out = {};
  for (const [key, limit] of Object.entries(MARKUP_LIMITS)) {
    const list = markup && Array.isArray(markup[key]) ? markup[key] : [];
    out[key] = list.slice(0, limit).map((v) => String(v ?? '').slice(0, MARKUP_ITEM_CHARS));
  }
  return out;
}

/** An update may ship newer bundled rules: take them, then ask the helper for its current ones. */
export async function onInstalled({reason}) {
  if (reason === 'update') await installNavRules(await runtime.readPackaged('rules/navigation-rules.json'));
  await refreshNavRulesFromHelper(true);
}
