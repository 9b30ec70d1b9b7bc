// Small URL helpers shared by the service worker and the extension pages.

export function webUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch { return null; }
}

export const hostOf = (value) => webUrl(value)?.hostname ?? null;

// What of an address is judged: the scheme, the user info and the host whole (they make the lookalike), and a
// bounded part of the rest. The helper refuses addresses over 8 KB, so a link padded with ?x=<10 KB> or a long
// fragment would otherwise not be checked at all.
export const JUDGED_REST = 2048;
const JUDGED_USERINFO = 256;

export function boundedUrl(value, rest = JUDGED_REST) {
  const url = webUrl(value);
  if (!url) return String(value);
  url.username = url.username.slice(0, JUDGED_USERINFO);
  url.password = url.password.slice(0, JUDGED_USERINFO);
  const href = url.href;
  const tail = url.pathname + url.search + url.hash;
  if (tail.length <= rest) return href;
  // Never end inside a %XX escape: the helper would refuse the address as malformed.
  return href.slice(0, href.length - tail.length) + tail.slice(0, rest).replace(/%[0-9a-f]?$/i, '');
}
