// The remote-control notice (issue 16), from the service worker. The tools' download and join pages are
// redirected (declarativeNetRequest, before any request leaves) to remote-notice.html, which asks here what to
// say. State: storage.local (the tool list, the user's settings, recent blocks: they must outlive a browser
// restart within the hour), storage.session (a tab's "continue once" pass, steps already recorded).
import {dnr, extensionUrl, local, runtime, session, tabs} from './ext.js';
import * as helper from './helper-client.js';
import {Msg, senderAllowed} from './messages.js';
import {matchTool, noticeRules, NOTICE_FIRST, NOTICE_LAST, ONCE_FIRST, ONCE_LAST, onceRule, strongBlock,
  toolHost} from './remote-tools.js';
import {webUrl} from './urls.js';

const DOC = 'remoteTools', SETTINGS = 'remoteNotice', BLOCKS = 'remoteBlocks', INSTALLED = 'remoteInstalled';
const REFRESH_MS = 10 * 60 * 1000;
const KEEP_BLOCKS_MS = 24 * 60 * 60 * 1000;
const MAX_BLOCKS = 20;
const onceKey = (tabId) => 'remoteOnce:' + tabId;

export const MESSAGES = new Set([Msg.REMOTE_NOTICE, Msg.REMOTE_CONTINUE, Msg.REMOTE_SETTINGS, Msg.SET_REMOTE_SETTINGS]);

let lock = Promise.resolve();   // rule ids are read-then-written: one change at a time
const serially = (fn) => (lock = lock.then(fn, fn));

const packagedDoc = () => runtime.readPackaged('rules/remote-tools.json');
export const toolDoc = async () => (await local.get(DOC, null)) ?? packagedDoc();

export async function noticeSettings() {
  const s = await local.get(SETTINGS, {});
  return {off: s?.off === true, skip: Array.isArray(s?.skip) ? s.skip.filter((x) => typeof x === 'string') : []};
}

const install = () => serially(async () => {
  const doc = await toolDoc();
  const settings = await noticeSettings();
  const want = JSON.stringify([doc.version, settings]);
  const existing = (await dnr.dynamicRules()).filter((r) => r.id >= NOTICE_FIRST && r.id <= NOTICE_LAST);
  // A worker restart changes nothing: only a new tool list or new settings rewrite the rules.
  if ((await local.get(INSTALLED, '')) === want && existing.length) return;
  await dnr.updateDynamic(existing.map((r) => r.id), noticeRules(doc, extensionUrl('remote-notice.html'), settings));
  await local.set(INSTALLED, want);
});

async function refresh(force = false) {
  const last = await session.get('remoteCheckedAt', 0);
  if (!force && Date.now() - last < REFRESH_MS) return;
  await session.set('remoteCheckedAt', Date.now());
  const answer = await helper.remoteTools(await helper.helperUrl());
  if (!answer.ok || !answer.body?.version || !Array.isArray(answer.body.tools)) return;
  if ((await toolDoc()).version !== answer.body.version) {
    await local.set(DOC, answer.body);
    await install();
  }
}

export async function init() {
  await install();
  refresh().catch(() => {});
}

/** An update may ship a newer bundled list: take it, then ask the helper for its current one. */
export async function onInstalled({reason}) {
  if (reason === 'update') await local.set(DOC, await packagedDoc());
  await install();
  await refresh(true).catch(() => {});
}

// ---- what happened before: blocks (records.js tells us each one) ------------------------------------------

export async function rememberBlock(tabId, url, verdict, recordId, at = Date.now()) {
  const now = Date.now();
  const kept = (await local.get(BLOCKS, [])).filter((b) => now - b.at < KEEP_BLOCKS_MS);
  const codes = (verdict?.reasons ?? []).map((r) => String(r?.code ?? '')).filter(Boolean).slice(0, 50);
  kept.push({at, tabId, host: webUrl(url)?.hostname ?? '', recordId: recordId ?? null, codes});
  await local.set(BLOCKS, kept.slice(-MAX_BLOCKS));
}

async function addStep(block, tool, url) {
  if (!block?.recordId) return {recorded: false, why: 'no_record'};
  const key = `remoteStep:${block.recordId}:${url}`;   // a reload of the notice adds nothing twice
  if (await session.get(key, false)) return {recorded: true, recordId: block.recordId};
  const answer = await helper.addStep(await helper.helperUrl(), block.recordId, {tool: tool.id, url});
  if (!answer.ok) return {recorded: false, why: answer.detail || answer.problem};
  await session.set(key, true);
  return {recorded: true, recordId: block.recordId};
}

// ---- the notice page's questions and the user's choices ---------------------------------------------------

async function noticeInfo(tabId, url) {
  const doc = await toolDoc();
  const found = matchTool(doc, url);
  if (!found) return {tool: null};
  refresh().catch(() => {});
  const tab = await tabs.get(tabId);
  const now = Date.now();
  const block = strongBlock(doc, await local.get(BLOCKS, []), {now, tabId, openerTabId: tab?.openerTabId});
  const strong = block ? {minutes: Math.max(0, Math.floor((now - block.at) / 60_000)), via: block.via,
                          host: block.host} : null;
  const step = block ? await addStep(block, found.tool, url) : null;
  return {tool: {id: found.tool.id, name: found.tool.name, kind: found.page.kind}, strong, step,
          settings: await noticeSettings()};
}

async function proceed(tabId, url, mode) {
  const target = webUrl(url);
  const found = target && matchTool(await toolDoc(), target.href);
  // Only a page of a listed tool, only http(s): never javascript:, data: or an address the notice was not for.
  if (!found || tabId === undefined) return {ok: false};
  if (mode === 'never') {
    const settings = await noticeSettings();
    await local.set(SETTINGS, {...settings, skip: [...new Set([...settings.skip, found.tool.id])].sort()});
    await install();
  } else {
    await serially(async () => {
      const rules = await dnr.sessionRules();
      const stale = (await session.get(onceKey(tabId), null))?.ruleId;
      const used = new Set(rules.map((r) => r.id));
      let id = ONCE_FIRST;
      while (used.has(id) && id < ONCE_LAST) id += 1;
      await dnr.updateSession(stale ? [stale] : [], [onceRule(id, tabId, found.tool)]);
      await session.set(onceKey(tabId), {ruleId: id, tool: found.tool.id});
    });
  }
  await tabs.navigate(tabId, target.href);
  return {ok: true};
}

async function dropOnce(tabId) {
  const once = await session.get(onceKey(tabId), null);
  if (!once) return;
  await serially(() => dnr.updateSession([once.ruleId], []));
  await session.remove(onceKey(tabId));
}

/** "Once" lasts while the tab stays on the tool's pages: the next visit from elsewhere asks again. */
export async function onCommitted({tabId, frameId, url}) {
  if (frameId !== 0) return;
  const once = await session.get(onceKey(tabId), null);
  if (!once) return;
  const host = webUrl(url)?.hostname;
  if (!host) return;                                         // the notice page itself, or another of ours
  const tool = (await toolDoc()).tools.find((t) => t.id === once.tool);
  if (!tool || !toolHost(tool, host)) await dropOnce(tabId);
}

export const onTabRemoved = (tabId) => dropOnce(tabId);

async function setNoticeSettings({off, skip}) {
  const settings = await noticeSettings();
  if (off !== undefined) settings.off = Boolean(off);
  if (skip !== undefined) {
    if (!Array.isArray(skip)) return {ok: false, error: 'skip'};
    const ids = new Set((await toolDoc()).tools.map((t) => t.id));
    settings.skip = [...new Set(skip.filter((x) => ids.has(x)))].sort();
  }
  await local.set(SETTINGS, settings);
  await install();
  return {ok: true, ...(await listing())};
}

async function listing() {
  const doc = await toolDoc();
  return {tools: doc.tools.map((t) => ({id: t.id, name: t.name, hosts: [...new Set(t.pages.map((p) => p.host))]})),
          ...(await noticeSettings())};
}

export async function handleMessage(message, sender) {
  if (!senderAllowed(message, sender, extensionUrl(''))) return {error: 'refused'};
  const tabId = sender.tab?.id;
  switch (message.what) {
    case Msg.REMOTE_NOTICE: return noticeInfo(tabId, String(message.url));
    case Msg.REMOTE_CONTINUE: return proceed(tabId, String(message.url), message.mode === 'never' ? 'never' : 'once');
    case Msg.REMOTE_SETTINGS: return listing();
    case Msg.SET_REMOTE_SETTINGS: return setNoticeSettings(message);
    default: return {error: 'unknown'};
  }
}
