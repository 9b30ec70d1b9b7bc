// The toolbar popup: the current tab's verdict, its reasons and the help route, and "check this page now".
// It never says "safe" when nothing was checked. Below: check a pasted message or a typed phone number (issue 7),
// answered by the helper directly (the popup is an extension page, allowed to reach 127.0.0.1).
import {runtime, tabs, uiLanguage} from './ext.js';
import * as helper from './helper-client.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {checkProblem, messageAnswer, phoneAnswer} from './message-view.js';
import {webUrl} from './urls.js';
import {decomposedHost, helpRoute, reasonList} from './verdict-view.js';

// Tests open popup.html in a tab and pass ?tab=<id>; the real popup looks at the active tab.
const explicit = Number(new URLSearchParams(location.search).get('tab'));
const tabId = Number.isInteger(explicit) && explicit > 0 ? explicit : (await tabs.activeTab())?.id;

const STATUS_TEXT = {block: 'popupBlock', warn: 'popupWarn', allow: 'popupAllow', trusted: 'popupTrusted',
                     offline: 'popupOffline', unchecked: 'popupUnchecked', unsupported: 'popupUnsupported'};

function statusOf(answer) {
  if (!answer || !webUrl(answer.tabUrl)) return 'unsupported';
  const status = answer.state?.status;
  if (status === 'offline' || (!status && answer.helperOnline === false)) return 'offline';
  return STATUS_TEXT[status] ? status : 'unchecked';
}

async function render(answer) {
  const tr = await loadCatalog(pickLang(answer?.lang, uiLanguage()));
  applyCatalog(document, tr);
  const status = statusOf(answer);
  const box = document.getElementById('status');
  box.dataset.status = status;
  box.textContent = tr(STATUS_TEXT[status]) + (answer?.state?.proceeded ? ' ' + tr('popupProceeded') : '');
  // After a block from a frame the verdict's host is the frame's: the popup names the tab's own address.
  const host = answer?.state?.frame ? null : answer?.state?.verdict?.host;
  document.getElementById('host').replaceChildren(host?.unicode
    ? decomposedHost(host.unicode, host.registrable_unicode) : (webUrl(answer?.tabUrl)?.hostname ?? ''));
  document.getElementById('offline').hidden = status !== 'offline';
  const verdict = answer?.state?.verdict;
  const hasReasons = verdict && (verdict.verdict !== 'allow' || verdict.reasons?.length);
  document.getElementById('reasons').replaceChildren(...(hasReasons ? [reasonList(verdict, tr)] : []));
  const route = helpRoute(verdict, tr.lang);
  document.getElementById('help').href = route.help_url;
  document.getElementById('help-row').hidden = !(status === 'block' || status === 'warn');
  document.getElementById('check-now').disabled = status === 'unsupported';
  document.body.dataset.ready = 'true';
  return tr;
}

const first = await runtime.send({what: Msg.TAB_STATE, tabId}).catch(() => null);
const tr = await render(first);
showScreenReading(first?.helperUrl ?? helper.DEFAULT_HELPER_URL);

/** Issue 15: when the helper cannot read what pages draw (no OCR engine), the popup says so and why. */
async function showScreenReading(base) {
  const reading = (await helper.health(base)).body?.screen_reading;
  const box = document.getElementById('screen-off');
  if (!reading || reading.available !== false) return;
  box.textContent = tr('popupScreenOff', tr(`screenOff_${reading.why}`) || String(reading.message ?? ''));
  box.hidden = false;
}
document.getElementById('check-now').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  button.textContent = tr('checking');
  document.body.dataset.ready = 'false';
  await render(await runtime.send({what: Msg.CHECK_NOW, tabId}).catch(() => null));
  button.disabled = false;
});

/** Submit → ask the helper → show the answer (or why there is none) in `out`. */
function answerForm(formId, outId, ask, view, refusedKey) {
  document.getElementById(formId).addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = document.getElementById(outId);
    const button = event.currentTarget.querySelector('button[type=submit]');
    button.disabled = true;
    out.dataset.ready = 'false';
    out.replaceChildren(document.createTextNode(tr('checking')));
    const result = await ask(first?.helperUrl ?? helper.DEFAULT_HELPER_URL);
    out.replaceChildren(result.ok ? view(result.body, tr) : checkProblem(result, tr, refusedKey));
    out.dataset.ready = 'true';
    button.disabled = false;
  });
}
answerForm('message-form', 'message-answer',
           (base) => helper.checkMessage(base, document.getElementById('message-text').value),
           messageAnswer, 'messageRefused');
answerForm('phone-form', 'phone-answer',
           (base) => helper.checkPhone(base, document.getElementById('phone-number').value),
           phoneAnswer, 'phoneRefused');
