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

// ---- evidence in plain words: what the person should notice, built from the evidence's fields (the helper's
// `technique` is English shorthand and is not shown) -------------------------------------------------------

const SCRIPTS = [['Cyrillic', /\p{Script=Cyrillic}/u], ['Greek', /\p{Script=Greek}/u], ['Armenian', /\p{Script=Armenian}/u],
                 ['Fullwidth', /[\uFF01-\uFF5E]/u]];
const scriptOf = (c) => SCRIPTS.find(([, re]) => re.test(c))?.[0] ?? (/[^\x00-\x7f]/u.test(c) ? 'Other' : null);

/** What differs between the name shown and the real one, letter by letter where it can be said so. */
export function lookalikeLines(shown, real, tr) {
  const a = [...String(shown)], b = [...String(real)];
  const lines = [tr('evidenceMadeToLookLike', a.join(''), b.join(''))];
  if (a.join('') === b.join('')) return lines;
  if (a.length === b.length) {
    const diff = a.map((c, i) => i).filter((i) => a[i] !== b[i]);
    if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) {
      return [...lines, tr('evidenceLettersSwapped', tr.ordinal(diff[0] + 1), tr.ordinal(diff[1] + 1),
                           a[diff[0]] + a[diff[1]], b[diff[0]] + b[diff[1]])];
    }
    for (const i of diff.slice(0, 3)) {
      const script = scriptOf(a[i]);
      lines.push(script ? tr('evidenceLetterForeign', tr.ordinal(i + 1), a[i], tr(`script_${script}`), b[i])
                        : tr('evidenceLetterReplaced', tr.ordinal(i + 1), a[i], b[i]));
    }
    return lines;
  }
  let head = 0;
  while (head < Math.min(a.length, b.length) && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < Math.min(a.length, b.length) - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const extra = a.slice(head, a.length - tail).join(''), missing = b.slice(head, b.length - tail).join('');
  const before = a.slice(0, head).join('');
  if (extra && !missing) lines.push(tr(before ? 'evidenceLetterExtra' : 'evidenceLetterExtraFirst', extra, before));
  else if (missing && !extra) lines.push(tr(before ? 'evidenceLetterMissing' : 'evidenceLetterMissingFirst', missing, before));
  else if (extra && missing) lines.push(tr('evidenceLettersInstead', extra, missing));
  return lines;
}

/** The letters of other alphabets in a name, each said plainly (a Russian letter, a full-width letter …). */
function foreignLetterLines(shown, tr) {
  const seen = new Map();
  for (const c of String(shown)) if (scriptOf(c) && !seen.has(c)) seen.set(c, scriptOf(c));
  return [...seen].slice(0, 3).map(([c, script]) => tr('evidenceForeignLetter', c, tr(`script_${script}`)));
}

function besideLines(e, s, tr) {
  const brand = s(e.brand_word);
  if (!brand) return [];
  switch (s(e.beside) || 'lure_word') {
    case 'abused_ending': return [tr('evidenceBrandEnding', brand, s(e.lure_word))];
    case 'nothing_else': return [tr('evidenceBrandMisspelt', brand)];
    case 'other_word': return [tr('evidenceBrandOtherWord', brand, s(e.lure_word))];
    default: return s(e.lure_word) ? [tr('evidenceBrandWithWord', brand, s(e.lure_word))] : [tr('evidenceBrandWord', brand)];
  }
}

/** Counts of what a page did (full screen 12 times …), one line. */
function behaviourLine(e, tr) {
  const parts = ['fullscreen_changes', 'fullscreen_requests', 'keyboard_lock', 'pointer_lock', 'dialogs', 'print_calls',
                 'history_changes', 'notification_requests', 'audio_autoplay', 'speech']
    .filter((k) => Number.isFinite(e[k]) && e[k] > 0).map((k) => tr(`signal_${k}`, tr.times(e[k])));
  return parts.length ? [tr('evidenceDid', parts.join(tr('listSeparator')))] : [];
}

function evidenceLines(evidence, tr, code = '') {
  const lines = [];
  if (!evidence || typeof evidence !== 'object') return lines;
  const e = evidence;
  const s = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  // The brand's name under an ending scams use: the helper gives the registrable name (amazon-deals.xyz).
  if (code === 'DOMAIN_BRAND_ABUSED_TLD' && s(e.brand_word) && s(e.shown).includes('.')) {
    return [tr('evidenceBrandEnding', s(e.brand_word), s(e.shown).slice(s(e.shown).indexOf('.')))];
  }
  if (s(e.shown) && s(e.imitates_label) && !s(e.shown).includes('.')) lines.push(...lookalikeLines(s(e.shown), s(e.imitates_label), tr));
  else if (s(e.shown) && s(e.imitates_label)) lines.push(tr('evidenceEnding', s(e.shown), s(e.imitates_label)));
  else if (s(e.reads_as)) lines.push(tr('evidenceReadsAs', s(e.shown), s(e.reads_as)), ...foreignLetterLines(s(e.shown), tr));
  else if (s(e.brand_word)) lines.push(...besideLines(e, s, tr));
  else if (s(e.shown_before_at)) lines.push(tr('evidenceBeforeAt', s(e.shown_before_at), s(e.real_host)));
  else if (s(e.shown)) lines.push(tr('evidenceShown', s(e.shown)));
  if (s(e.punycode) && !s(e.reads_as) && !s(e.imitates_label)) lines.push(...foreignLetterLines(s(e.shown), tr));
  if (s(e.detail)) lines.push(s(e.detail));
  if (s(e.imitates)) lines.push(tr('evidenceImitates', s(e.imitates)));
  if (s(e.embedded)) lines.push(tr('evidenceEmbedded', s(e.embedded)));
  if (s(e.real_owner)) lines.push(tr('evidenceOwner', s(e.real_owner)));
  if (s(e.punycode)) lines.push(tr('evidencePunycode', s(e.punycode)));
  if (s(e.phrase)) lines.push(tr('evidencePhrase', s(e.phrase).slice(0, 120)));
  if (code === 'PAGE_BRAND_LOOKALIKE_LETTERS') lines.push(...foreignLetterLines(s(e.phrase), tr));
  else if (Array.isArray(e.phrases) && s(e.phrases[0])) lines.push(tr('evidencePhrase', s(e.phrases[0]).slice(0, 120)));
  if (s(e.number)) lines.push(tr('evidenceNumber', s(e.number)));
  if (s(e.vendor)) lines.push(tr('evidenceVendor', s(e.vendor)));
  if (s(e.brand_shown)) lines.push(tr('evidenceBrandShown', s(e.brand_shown)));
  if (Array.isArray(e.asks_for) && e.asks_for.length) {
    lines.push(tr('evidenceAsksFor', e.asks_for.map((k) => tr(`field_${s(k)}`) || s(k)).join(tr('listSeparator'))));
  }
  if (s(e.sends_to)) lines.push(tr('evidenceSendsTo', s(e.sends_to)));
  lines.push(...behaviourLine(e, tr));
  if (Number.isFinite(e.read_chars) && Number.isFinite(e.received_chars)) {
    lines.push(tr('evidenceTruncated', e.read_chars.toLocaleString(tr.lang), e.received_chars.toLocaleString(tr.lang)));
  }
  if (Array.isArray(e.links) && s(e.links[0])) lines.push(tr('evidenceLink', s(e.links[0])));
  if (s(e.address)) lines.push(tr('evidenceSender', s(e.address)));
  if (Array.isArray(e.copied) && e.copied.length) {
    lines.push(tr('evidenceCopied', e.copied.map((k) => tr(`markup_${s(k)}`) || s(k)).join(tr('listSeparator'))));
  }
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
    const lines = evidenceLines(reason.evidence, tr, code);
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
