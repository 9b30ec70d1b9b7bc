// The remote-control notice (issue 16): shown instead of a remote-control tool's download or join page. Not a
// block: the user may continue. Calm by default; when a scam page was stopped in this browser within the hour (or
// this tab came from one) it says so and puts "continue" second.
import {runtime, uiLanguage} from './ext.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {helpRoute} from './verdict-view.js';

const url = new URLSearchParams(location.search).get('u') ?? '';
const [settings, info] = await Promise.all([
  runtime.send({what: Msg.GET_SETTINGS}).catch(() => null),
  runtime.send({what: Msg.REMOTE_NOTICE, url}).catch(() => null),
]);
const tr = await loadCatalog(pickLang(settings?.lang, uiLanguage()));
applyCatalog(document, tr);
document.title = tr('remoteTitle');

const tool = info?.tool;
const name = tool?.name ?? '';
document.getElementById('rt-tool').textContent = tool ? tr('remoteToolIs', name) : tr('remoteToolUnknown');
document.getElementById('rt-address').textContent = url;
document.getElementById('rt-help').href = helpRoute(null, tr.lang).help_url;
const never = document.getElementById('rt-never');
never.textContent = tr('remoteNever', name);

const actions = document.getElementById('rt-actions');
const proceed = document.getElementById('rt-continue');
const leave = document.getElementById('rt-leave');
if (info?.strong) {
  document.body.dataset.strength = 'strong';
  const strong = document.getElementById('rt-strong');
  strong.textContent = info.strong.minutes < 1 ? tr('remoteStrongJustNow') : tr('remoteStrong', String(info.strong.minutes));
  strong.hidden = false;
  actions.replaceChildren(leave, proceed);          // "continue" second
  leave.classList.add('primary');
} else {
  document.body.dataset.strength = 'calm';
  actions.replaceChildren(proceed, leave);
  proceed.classList.add('primary');
}
if (info?.step?.recorded) {
  const record = document.getElementById('rt-record');
  record.textContent = tr('remoteRecorded', String(info.step.recordId));
  record.hidden = false;
}
if (!tool) {
  proceed.disabled = true;
  never.disabled = true;
}

const choose = async (mode) => {
  proceed.disabled = never.disabled = true;
  const answer = await runtime.send({what: Msg.REMOTE_CONTINUE, url, mode}).catch(() => null);
  if (!answer?.ok) proceed.disabled = never.disabled = false;
};
proceed.addEventListener('click', () => choose('once'));
never.addEventListener('click', () => choose('never'));
leave.addEventListener('click', () => location.replace('safe.html'));
document.body.dataset.ready = 'true';
document.getElementById('rt-headline').focus();
