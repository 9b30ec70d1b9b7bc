// declarativeNetRequest rules built from plain data (pure functions: no chrome.* here).
// Ids: detours 1..999 (dynamic), trusted sites 1000..9999 (dynamic), pass-throughs 10000+ (session, per tab).

export const DETOUR_FIRST = 1, DETOUR_LAST = 999, TRUST_FIRST = 1000, TRUST_LAST = 9999, PASS_FIRST = 10000;
export const PRIORITY = Object.freeze({detour: 1, pass: 2, trust: 3});

export function detourRegexes(nav) {
  const list = Array.isArray(nav?.url_regexes) && nav.url_regexes.length ? nav.url_regexes : [nav?.url_regex];
  // Each helper pattern stops at the brand token; `.*` makes \0 the whole URL for the redirect.
  return list.filter((r) => typeof r === 'string' && r).slice(0, DETOUR_LAST).map((r) => `(?:${r}).*`);
}

export function excludedDomains(nav) {
  return [...new Set([...(nav?.excluded_domains ?? []), ...(nav?.excluded_tlds ?? [])])]
    .filter((d) => typeof d === 'string' && /^[a-z0-9.-]+$/.test(d));
}

/** Every main-frame navigation to a lookalike-shaped URL goes to check.html before any request leaves. */
export function detourRules(nav, checkPageUrl) {
  const excluded = excludedDomains(nav);
  return detourRegexes(nav).map((regexFilter, i) => ({
    id: DETOUR_FIRST + i,
    priority: PRIORITY.detour,
    action: {type: 'redirect', redirect: {regexSubstitution: `${checkPageUrl}?u=\\0`}},
    condition: {regexFilter, resourceTypes: ['main_frame'], excludedRequestDomains: excluded},
  }));
}

export function trustRules(hosts) {
  return hosts.slice(0, TRUST_LAST - TRUST_FIRST + 1).map((host, i) => ({
    id: TRUST_FIRST + i,
    priority: PRIORITY.trust,
    action: {type: 'allow'},
    condition: {requestDomains: [host], resourceTypes: ['main_frame']},
  }));
}

/** A judged navigation continues once, without a second detour, in this tab only. */
export function passRule(id, tabId, host) {
  return {id, priority: PRIORITY.pass, action: {type: 'allow'},
          condition: {requestDomains: [host], tabIds: [tabId], resourceTypes: ['main_frame']}};
}

/** A form posted from a page on `initiator` into another window (whose tab is not known yet): its post to `host`
 *  continues without a second detour. */
export function postPassRule(id, host, initiator) {
  return {id, priority: PRIORITY.pass, action: {type: 'allow'},
          condition: {requestDomains: [host], initiatorDomains: [initiator], requestMethods: ['post'],
                      resourceTypes: ['main_frame']}};
}

/** The same patterns in JavaScript, so the general (webNavigation) path can leave detoured URLs to check.html. */
export function compileMatchers(nav) {
  const excluded = excludedDomains(nav);
  const regexes = detourRegexes(nav).flatMap((r) => { try { return [new RegExp(r, 'i')]; } catch { return []; } });
  return (url) => {
    let host;
    try { host = new URL(url).hostname; } catch { return false; }
    if (excluded.some((d) => host === d || host.endsWith('.' + d))) return false;
    return regexes.some((re) => re.test(url));
  };
}
