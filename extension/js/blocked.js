// The interstitial. Works without the helper (it shows what the service worker recorded for this tab);
// "proceed" goes through the service worker, which accepts only the address this tab was blocked on.
import {runtime, uiLanguage} from './ext.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {webUrl} from './urls.js';
import {addressComparison, helpRoute, reasonList} from './verdict-view.js';

const requested = new URLSearchParams(location.search).get('u') ?? '';
const target = webUrl(requested);                 // javascript:, data:, file: … are never a target
// "Back to safety" needs nothing the worker says: it works from the first paint, also while the worker is slow.
document.getElementById('back').addEventListener('click', () => {
  runtime.send({what: Msg.BACK_TO_SAFETY, canGoBack: history.length > 1});
});
const info = await runtime.send({what: Msg.BLOCK_INFO, url: target?.href}).catch(() => null);
const state = info?.state && info.state.url === target?.href ? info.state : null;
const verdict = state?.verdict ?? null;
// The evidence record the service worker is making for this block, and the held picture of the page.
let record = null;
let shotMessage = '';
let currentTr = null;

async function render(lang) {
  const tr = await loadCatalog(lang);
  applyCatalog(document, tr);
  document.title = tr('blockedTitle');
  const headline = document.getElementById('headline');
  headline.textContent = tr(verdict?.brand ? 'blockedHeadline' : 'blockedHeadlineNoBrand');
  const route = helpRoute(verdict, verdict?.brand ? null : lang);
  document.getElementById('help').href = route.help_url;
  document.getElementById('scam-help').href = route.scam_help_url;
  // A page judged inside a frame is named too, when its address is not the one the user sees.
  const framed = state?.frame && state.frame !== target?.href ? state.frame : null;
  document.getElementById('addresses').replaceChildren(addressComparison(verdict, target?.hostname, tr, framed));
  document.getElementById('reasons').replaceChildren(reasonList(verdict, tr));
  showWarnedAsks(tr);
  nameTheImitatedSite(tr, lang);
  for (const button of document.querySelectorAll('nav.lang button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  currentTr = tr;
  renderRecord(tr);
  return headline;
}

/** The checklist sends the person to the site that was imitated (an amazon.com fake: amazon.com), else by the
 *  language. */
function nameTheImitatedSite(tr, lang) {
  const site = verdict?.brand?.genuine_domain ? String(verdict.brand.genuine_domain) : (lang === 'ja' ? 'amazon.co.jp' : 'amazon.com');
  const name = verdict?.brand?.name ? String(verdict.brand.name) : 'Amazon';
  document.getElementById('checklist3').textContent = tr('checklist3', site, name);
  document.getElementById('checklist4').textContent = tr('checklist4', site, name);
}

/** A warned page stopped because it asked for a secret says so, naming what it asked for. */
function showWarnedAsks(tr) {
  const asks = Array.isArray(state?.asks) ? state.asks : [];
  const line = document.getElementById('warned-asks');
  line.hidden = !asks.length;
  line.textContent = asks.length ? tr('blockedWarnedAsks', asks.map((k) => tr(`field_${k}`) || k).join(tr('listSeparator'))) : '';
  // …or because it kept hiding the warning bar (content/notice-host.js).
  const hid = document.getElementById('warned-hid');
  hid.hidden = state?.hid !== true;
  hid.textContent = state?.hid === true ? tr('blockedWarnedHid') : '';
}

function renderRecord(tr) {
  const made = Boolean(record?.id);
  document.getElementById('record').hidden = !(made || record?.why === 'records_off');
  document.getElementById('record-status').textContent = made ? tr('recordKept') : tr('recordOff');
  document.getElementById('records-link').hidden = !made;
  document.getElementById('shot-offer').hidden = !(made && record.screenshot === 'held');
  if (shotMessage) document.getElementById('record-status').textContent += ' ' + tr(shotMessage);
}

async function loadRecord() {
  for (let i = 0; i < 20 && target; i++) {      // the record is made while this page loads: ask for ~3 s
    const answer = await runtime.send({what: Msg.RECORD_STATE, url: target.href}).catch(() => null);
    if (answer && !answer.pending && !answer.error) {
      record = answer;
      renderRecord(currentTr);
      return;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

(await render(pickLang(info?.lang, uiLanguage()))).focus();
loadRecord().then(() => { document.body.dataset.record = 'ready'; });

document.getElementById('keep-shot').addEventListener('click', async (event) => {
  event.currentTarget.disabled = true;
  const answer = await runtime.send({what: Msg.KEEP_SCREENSHOT, url: target?.href}).catch(() => null);
  shotMessage = answer?.ok ? 'shotKept' : 'shotFailed';
  if (answer?.ok) record = {...record, screenshot: 'kept'};
  renderRecord(currentTr);
});

for (const button of document.querySelectorAll('nav.lang button')) {
  button.addEventListener('click', async () => {
    await runtime.send({what: Msg.SET_SETTINGS, lang: button.dataset.lang}).catch(() => null);
    (await render(button.dataset.lang)).focus();
  });
}


async function proceed(mode) {
  const answer = target ? await runtime.send({what: Msg.PROCEED, url: target.href, mode}).catch(() => null) : null;
  if (!answer?.ok) document.getElementById('proceed-error').hidden = false;
}
document.getElementById('proceed-once').addEventListener('click', () => proceed('once'));
const confirmBox = document.getElementById('trust-confirm');
const trustButton = document.getElementById('trust-always');
confirmBox.addEventListener('change', () => { trustButton.disabled = !confirmBox.checked; });
trustButton.addEventListener('click', () => { if (confirmBox.checked) proceed('always'); });
