// Options: helper address (loopback only), language, and the trusted-sites list (see and remove).
import {runtime, uiLanguage} from './ext.js';
import {applyCatalog, loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {el} from './verdict-view.js';

let tr;

async function render(settings, message = '') {
  tr = await loadCatalog(pickLang(settings.lang, uiLanguage()));
  applyCatalog(document, tr);
  document.getElementById('helper-url').value = settings.helperUrl;
  document.getElementById('lang').value = settings.lang;
  const online = settings.helperOnline;
  document.getElementById('helper-status').textContent = message
    || (online === true ? tr('optionsHelperOnline') : online === false ? tr('optionsHelperOffline') : '');
  const list = document.getElementById('trusted');
  list.replaceChildren(...settings.trusted.map((host) => {
    const remove = el('button', {type: 'button', class: 'quiet', 'data-host': host, text: tr('optionsRemove')});
    remove.setAttribute('aria-label', `${tr('optionsRemove')}: ${host}`);
    remove.addEventListener('click', async () => render(await runtime.send({what: Msg.UNTRUST, host})));
    return el('li', {}, el('span', {dir: 'ltr', text: host}), remove);
  }));
  document.getElementById('trusted-none').hidden = settings.trusted.length > 0;
  renderWarningsOff(settings.warningsOff ?? []);
  document.body.dataset.ready = 'true';
}

/** Sites whose warn notice the user turned off: listed, each with "warn me again". */
function renderWarningsOff(hosts) {
  document.getElementById('warnings-off').replaceChildren(...hosts.map((host) => {
    const again = el('button', {type: 'button', class: 'quiet', 'data-host': host, text: tr('optionsWarningsOn')});
    again.setAttribute('aria-label', `${tr('optionsWarningsOn')}: ${host}`);
    again.addEventListener('click', async () => render(await runtime.send({what: Msg.NOTICE_UNDISMISS, host})));
    return el('li', {}, el('span', {dir: 'ltr', text: host}), again);
  }));
  document.getElementById('warnings-off-none').hidden = hosts.length > 0;
}

await render(await runtime.send({what: Msg.GET_SETTINGS}));

document.getElementById('helper-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = await runtime.send({what: Msg.SET_SETTINGS, helperUrl: document.getElementById('helper-url').value});
  if (!answer?.ok) {
    document.getElementById('helper-status').textContent = tr('optionsBadHelper');
    return;
  }
  await render(answer, tr('optionsSaved'));
});
document.getElementById('lang').addEventListener('change', async (event) => {
  render(await runtime.send({what: Msg.SET_SETTINGS, lang: event.target.value}));
});
