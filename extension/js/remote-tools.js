// The remote-control tools' download and join pages (issue 16), from the helper's document
// (GET /v1/remote-tools; bundled copy rules/remote-tools.json). Pure functions: no chrome.* here.
// Dynamic rule ids 20000..20999 (one redirect per page entry); session rule ids 9000..9999 ("continue" once).

export const NOTICE_FIRST = 20000, NOTICE_LAST = 20999, ONCE_FIRST = 9000, ONCE_LAST = 9999;
export const NOTICE_PRIORITY = 1, ONCE_PRIORITY = 2;

const tools = (doc) => (Array.isArray(doc?.tools) ? doc.tools : []);
const pages = (tool) => (Array.isArray(tool?.pages) ? tool.pages : []);
const hostOk = (h) => typeof h === 'string' && /^[a-z0-9.-]+$/.test(h);

/** The tools the notice is on for: all of them unless switched off, minus "don't ask again" ones. */
export function activeTools(doc, {off = false, skip = []} = {}) {
  if (off) return [];
  return tools(doc).filter((t) => typeof t.id === 'string' && !skip.includes(t.id));
}

/** One main-frame redirect to the notice page per page entry: the download or join page never loads unasked. */
export function noticeRules(doc, noticePageUrl, settings) {
  const rules = [];
  for (const tool of activeTools(doc, settings)) {
    for (const page of pages(tool)) {
      if (typeof page.url_regex !== 'string' || !hostOk(page.host)) continue;
      if (rules.length > NOTICE_LAST - NOTICE_FIRST) return rules;
      const condition = {regexFilter: page.url_regex, resourceTypes: ['main_frame']};
      const except = (page.except ?? []).filter(hostOk);
      if (except.length) condition.excludedRequestDomains = except;
      rules.push({id: NOTICE_FIRST + rules.length, priority: NOTICE_PRIORITY, condition,
                  action: {type: 'redirect', redirect: {regexSubstitution: `${noticePageUrl}?u=\\0`}}});
    }
  }
  return rules;
}

/** "I chose this myself": this tab may open this tool's pages until it leaves them. */
export function onceRule(id, tabId, tool) {
  const hosts = [...new Set(pages(tool).map((p) => p.host).filter(hostOk))];
  return {id, priority: ONCE_PRIORITY, action: {type: 'allow'},
          condition: {requestDomains: hosts, tabIds: [tabId], resourceTypes: ['main_frame']}};
}

function coversHost(page, host) {
  if ((page.except ?? []).includes(host)) return false;
  return page.subdomains ? host.endsWith('.' + page.host) : host === page.host;
}

/** {tool, page} whose download or join page `url` is (the same regexes the redirect rules use), or null. */
export function matchTool(doc, url) {
  let parsed;
  try { parsed = new URL(url); } catch { return null; }
  if (!['http:', 'https:'].includes(parsed.protocol)) return null;
  const host = parsed.hostname;
  for (const tool of tools(doc)) {
    for (const page of pages(tool)) {
      if (!coversHost(page, host)) continue;
      try { if (new RegExp(page.url_regex, 'i').test(parsed.href)) return {tool, page}; } catch { /* skip */ }
    }
  }
  return null;
}

/** Whether `host` is one of the tool's hosts (its pages continue the "once" visit). */
export function toolHost(tool, host) {
  return pages(tool).some((p) => p.host === host || host.endsWith('.' + p.host));
}

/** Which recent block makes the notice the stronger one: one in this tab or the tab that opened it (any kind),
 *  else the latest scareware / fake sign-in block within doc.strong_minutes. Null when none. */
export function strongBlock(doc, blocks, {now, tabId, openerTabId}) {
  const codes = new Set(doc?.strong_after_codes ?? []);
  const within = (doc?.strong_minutes ?? 60) * 60_000;
  const list = (Array.isArray(blocks) ? blocks : []).filter((b) => b && now - b.at >= 0).sort((a, b) => b.at - a.at);
  const fromTab = list.find((b) => now - b.at < within * 24 && (b.tabId === tabId || b.tabId === openerTabId));
  if (fromTab) return {...fromTab, via: fromTab.tabId === tabId ? 'this_tab' : 'opener'};
  const recent = list.find((b) => now - b.at < within && (b.codes ?? []).some((c) => codes.has(c)));
  return recent ? {...recent, via: 'recent'} : null;
}
