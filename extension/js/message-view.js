// Renders the helper's answer to "check a message" and "check a phone number" into DOM nodes. Everything that
// came from the message (links, numbers, senders) is shown as text, never as a link: the answer must not
// offer to open or call anything the message gave. Strings only ever go through textContent.
import {decomposedHost, el, reasonList} from './verdict-view.js';

const s = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const VERDICTS = new Set(['block', 'warn', 'allow']);
const SENDER_KINDS = new Set(['brand_domain', 'free_mail', 'isp_personal', 'other']);

/** "2026-11-30T05:24:28+00:00" in the reader's language and time zone ("2026/11/30 14:24", "30 Nov 2026, 14:24"). */
export function localTime(iso, lang) {
  const date = new Date(s(iso));
  return Number.isNaN(date.getTime()) ? s(iso)
    : date.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', {dateStyle: 'medium', timeStyle: 'short'});
}

/** The headline for a number seen on blocked pages, with the latest time in local time (the helper's own
 *  summary carries the time as the helper's clock writes it). */
function seenSummary(sightings, tr) {
  const latest = sightings[0];
  return tr('phoneSeenSummary', String(sightings.length), localTime(latest?.time, tr.lang), s(latest?.address));
}

function section(heading, ...children) {
  return el('section', {class: 'answer-part'}, el('h3', {text: heading}), ...children);
}

/** "Seen on a blocked page on <time>: <address>", one line per sighting. */
export function sightingList(sightings, tr) {
  const list = el('ul', {class: 'sightings'});
  for (const seen of Array.isArray(sightings) ? sightings : []) {
    list.append(el('li', {'data-role': 'sighting'},
                    el('span', {text: tr('phoneSeen', localTime(seen?.time, tr.lang)) + ' '}),
                    el('span', {class: 'plain-address', dir: 'ltr', text: s(seen?.address)})));
  }
  return list;
}

function linkItem(link, tr) {
  const verdict = link?.verdict;
  const status = VERDICTS.has(verdict?.verdict) ? verdict.verdict : 'unknown';
  const host = verdict?.host?.unicode
    ? decomposedHost(verdict.host.unicode, verdict.host.registrable_unicode)
    : el('strong', {class: 'host', dir: 'ltr', text: s(link?.url)});
  const item = el('li', {'data-verdict': status, 'data-role': 'link'}, host,
                  el('span', {class: 'link-verdict', text: ' — ' + tr(`linkVerdict_${status}`)}));
  if (link?.disguised) item.append(el('span', {class: 'link-verdict', text: ' · ' + tr('linkDisguised')}));
  item.append(el('span', {class: 'plain-address', dir: 'ltr', text: s(link?.url)}));
  return item;
}

function senderLine(sender, tr) {
  const kind = SENDER_KINDS.has(sender?.kind) ? sender.kind : 'other';
  const name = s(sender?.display_name);
  return el('li', {'data-role': 'sender', 'data-kind': kind},
            el('span', {class: 'plain-address', dir: 'ltr', text: s(sender?.address) + (name ? (tr.lang === 'ja' ? `（${name}）` : ` (${name})`) : '')}),
            el('span', {text: ' — ' + tr(`senderKind_${kind}`)}));
}

/** The one thing to do instead: the official route, as text (the genuine address is typed, not clicked). */
export function officialRoute(route, consult, tr) {
  const part = section(tr('routeHeading'));
  part.dataset.role = 'route';
  const steps = s(route?.steps?.[tr.lang]) || s(route?.steps?.en);
  if (steps) part.append(el('p', {text: steps}));
  if (s(route?.genuine_domain)) {
    part.append(el('p', {}, el('span', {text: tr('routeGenuine') + ' '}),
                    el('strong', {class: 'genuine', dir: 'ltr', 'data-role': 'genuine', text: s(route.genuine_domain)})));
  }
  if (s(route?.tracking_url)) {
    part.append(el('p', {}, el('span', {text: tr('routeTracking') + ' '}),
                    el('span', {class: 'plain-address', dir: 'ltr', 'data-role': 'tracking', text: s(route.tracking_url)})));
  }
  part.append(el('p', {class: 'note', text: tr('routeConsult', s(consult?.police) || '#9110',
                                                s(consult?.consumer_hotline) || '188')}));
  return part;
}

export function messageAnswer(answer, tr) {
  const status = VERDICTS.has(answer?.verdict) ? answer.verdict : 'unchecked';
  const box = el('div', {class: 'answer', 'data-verdict': status});
  box.append(el('p', {class: 'status', 'data-status': status, 'data-role': 'advice',
                      text: s(answer?.advice?.[tr.lang]) || s(answer?.advice?.en)}));
  const findings = Array.isArray(answer?.findings) ? answer.findings : [];
  // The reasons quote the message, not a page.
  const quoting = Object.assign((key, ...subs) => tr(key === 'evidencePhrase' ? 'evidenceMessagePhrase' : key, ...subs),
                                {lang: tr.lang, has: tr.has, ordinal: tr.ordinal, times: tr.times});
  if (findings.length) box.append(section(tr('reasonsHeading'), reasonList({reasons: findings}, quoting)));
  const links = Array.isArray(answer?.links) ? answer.links : [];
  if (links.length) box.append(section(tr('messageLinks'), el('ul', {class: 'links'}, ...links.map((l) => linkItem(l, tr)))));
  const phones = Array.isArray(answer?.phones) ? answer.phones : [];
  if (phones.length) {
    box.append(section(tr('messagePhones'), el('ul', {class: 'phones'}, ...phones.map((phone) =>
      el('li', {'data-role': 'phone'},
         el('span', {class: 'plain-address', dir: 'ltr', text: s(phone?.display) || s(phone?.e164)}),
         sightingList(phone?.seen_on_blocked_pages, tr))))));
  }
  const senders = Array.isArray(answer?.senders) ? answer.senders : [];
  if (senders.length) box.append(section(tr('messageSenders'), el('ul', {class: 'senders'}, ...senders.map((x) => senderLine(x, tr)))));
  box.append(officialRoute(answer?.official_route, answer?.consult, tr));
  return box;
}

export function phoneAnswer(answer, tr) {
  const sightings = Array.isArray(answer?.seen_on_blocked_pages) ? answer.seen_on_blocked_pages : [];
  const box = el('div', {class: 'answer', 'data-verdict': sightings.length ? 'block' : 'unchecked'});
  box.append(el('p', {class: 'plain-address', dir: 'ltr', 'data-role': 'number', text: s(answer?.display) || s(answer?.input)}),
             el('p', {class: 'status', 'data-status': sightings.length ? 'block' : 'unchecked', 'data-role': 'summary',
                      text: sightings.length ? seenSummary(sightings, tr)
                        : s(answer?.summary?.[tr.lang]) || s(answer?.summary?.en)}));
  if (sightings.length) box.append(section(tr('phoneSightings'), sightingList(sightings, tr)));
  box.append(officialRoute(answer?.official_route, answer?.consult, tr));
  return box;
}

/** What to say when the helper did not answer: offline (with how to start it), or it refused the input. */
export function checkProblem(result, tr, refusedKey) {
  if (result?.problem === 'error') return el('p', {class: 'status', 'data-status': 'unchecked', text: tr(refusedKey)});
  return el('div', {class: 'answer'},
            el('p', {class: 'status', 'data-status': 'offline', text: tr('checkHelperOffline')}),
            el('code', {class: 'cmd', text: 'python -m helper serve'}));
}
