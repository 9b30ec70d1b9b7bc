// Renders a verdict into DOM nodes, for the interstitial and the popup. Page-derived strings only ever go
// through textContent.
import {webUrl} from './urls.js';

const OFFICIAL_HOSTS = new Set(['www.amazon.co.jp', 'www.amazon.com']);
const ROUTES = {
  ja: {help_url: 'https://www.amazon.co.jp/gp/help/customer/contact-us',
       scam_help_url: 'https://www.amazon.co.jp/gp/help/customer/display.html?nodeId=G4YFYCCNUSENA23B'},
  en: {help_url: 'https://www.amazon.com/gp/help/customer/contact-us',
       scam_help_url: 'https://www.amazon.com/gp/help/customer/display.html?nodeId=G4YFYCCNUSENA23B'},
};

const official = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && OFFICIAL_HOSTS.has(url.hostname) ? url.href : null;
  } catch { return null; }
};

/** The brand's route from the verdict (Japan or US by the imitated site), else by the page language. */
export function helpRoute(verdict, lang) {
  const fallback = ROUTES[lang] ?? ROUTES.ja;
  return {help_url: official(verdict?.brand?.help_url) ?? fallback.help_url,
          scam_help_url: official(verdict?.brand?.scam_help_url) ?? fallback.scam_help_url};
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function evidenceLines(evidence, tr) {
  const lines = [];
  if (!evidence || typeof evidence !== 'object') return lines;
  const s = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  if (s(evidence.shown) && s(evidence.imitates_label)) lines.push(`${s(evidence.shown)} → ${s(evidence.imitates_label)}`);
  else if (s(evidence.shown)) lines.push(tr('evidenceShown', s(evidence.shown)));
  if (s(evidence.detail)) lines.push(s(evidence.detail));
  if (s(evidence.imitates)) lines.push(tr('evidenceImitates', s(evidence.imitates)));
  if (s(evidence.embedded)) lines.push(tr('evidenceEmbedded', s(evidence.embedded)));
  if (s(evidence.real_owner)) lines.push(tr('evidenceOwner', s(evidence.real_owner)));
  if (s(evidence.punycode)) lines.push(tr('evidencePunycode', s(evidence.punycode)));
  if (s(evidence.phrase)) lines.push(tr('evidencePhrase', s(evidence.phrase).slice(0, 120)));
  if (s(evidence.number)) lines.push(tr('evidenceNumber', s(evidence.number)));
  if (s(evidence.vendor)) lines.push(tr('evidenceVendor', s(evidence.vendor)));
  if (s(evidence.brand_shown)) lines.push(tr('evidenceBrandShown', s(evidence.brand_shown)));
  if (Array.isArray(evidence.asks_for) && evidence.asks_for.length) {
    lines.push(tr('evidenceAsksFor', evidence.asks_for.map((k) => tr(`field_${s(k)}`) || s(k)).join(tr('listSeparator'))));
  }
  if (Array.isArray(evidence.copied) && evidence.copied.length) {
    lines.push(tr('evidenceCopied', evidence.copied.map((k) => tr(`markup_${s(k)}`) || s(k)).join(tr('listSeparator'))));
  }
  // The technique is English text from the helper: shown as is in English, left out in Japanese.
  if (tr.lang === 'en' && s(evidence.technique)) lines.unshift(s(evidence.technique));
  return lines;
}

export function reasonList(verdict, tr) {
  const reasons = Array.isArray(verdict?.reasons) ? verdict.reasons : [];
  const list = el('ul', {class: 'reasons'});
  const sorted = [...reasons].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
  for (const reason of sorted) {
    const code = String(reason.code ?? '');
    const title = tr(`reason_${code}`) || String(reason.description ?? code);
    const item = el('li', {'data-code': code}, el('span', {class: 'reason-text', text: title}));
    const lines = evidenceLines(reason.evidence, tr);
    if (lines.length) item.append(el('span', {class: 'evidence', text: lines.join(' · ')}));
    list.append(item);
  }
  if (!sorted.length) list.append(el('li', {text: tr('reasonsNone')}));
  return list;
}

/** Letters outside ASCII (Cyrillic а, full-width ａ …) are marked, so a lookalike is visibly different. */
function markForeign(node, text) {
  for (const part of String(text).split(/([^\x00-\x7f]+)/u)) {
    if (!part) continue;
    if (/[^\x00-\x7f]/u.test(part)) {
      const mark = el('mark', {class: 'foreign', text: part});
      mark.title = [...part].map((c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
      node.append(mark);
    } else {
      node.append(document.createTextNode(part));
    }
  }
  return node;
}

/** "login.amazon.co.jp.secure-login.xyz" → the part before, and the registrable part in bold. */
export function decomposedHost(unicodeHost, registrable) {
  const host = String(unicodeHost ?? '');
  const reg = String(registrable ?? '');
  const wrap = el('span', {class: 'host', dir: 'ltr'});
  if (reg && host.endsWith(reg)) {
    wrap.append(markForeign(el('span', {class: 'host-rest'}), host.slice(0, host.length - reg.length)),
                markForeign(el('strong', {class: 'host-registrable'}), reg));
  } else {
    wrap.append(markForeign(el('strong', {class: 'host-registrable'}), host));
  }
  return wrap;
}

/** The address the user sees, and, when the page judged was a frame inside it (`framedUrl`), that address too.
 *  The verdict's host is the judged page's: it decomposes the top address only when the hosts are the same. */
export function addressComparison(verdict, fallbackHost, tr, framedUrl = null) {
  const framed = webUrl(framedUrl);
  const judged = verdict?.host ?? {};
  const host = !framed || judged.ascii === fallbackHost ? judged : {};
  const unicode = host.unicode || fallbackHost || '';
  const ascii = host.ascii || fallbackHost || '';
  const table = el('dl', {class: 'addresses'});
  table.append(el('dt', {text: tr('addressThis')}),
               el('dd', {class: 'fake', 'data-role': 'fake-unicode'},
                  el('span', {class: 'label', text: tr('addressUnicode') + ': '}),
                  decomposedHost(unicode, host.registrable_unicode)));
  if (ascii && ascii !== unicode) {
    table.append(el('dd', {class: 'fake', 'data-role': 'fake-punycode'},
                    el('span', {class: 'label', text: tr('addressPunycode') + ': '}),
                    decomposedHost(ascii, host.registrable)));
  }
  table.append(el('dd', {class: 'note', text: tr('addressOwner')}));
  if (framed) {
    const inner = judged.ascii === framed.hostname ? judged : {};
    table.append(el('dt', {text: tr('addressFramed')}),
                 el('dd', {class: 'fake', 'data-role': 'framed-host'},
                    decomposedHost(inner.unicode || framed.hostname, inner.registrable_unicode)),
                 el('dd', {class: 'note', 'data-role': 'framed-url', dir: 'ltr', text: framed.href}),
                 el('dd', {class: 'note', text: tr('addressFramedNote')}));
  }
  if (verdict?.brand?.genuine_domain) {
    table.append(el('dt', {text: tr('addressGenuine')}),
                 el('dd', {class: 'genuine', 'data-role': 'genuine'},
                    el('strong', {dir: 'ltr', text: String(verdict.brand.genuine_domain)})));
  }
  return table;
}
