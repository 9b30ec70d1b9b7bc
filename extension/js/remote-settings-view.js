// The remote-control tools the notice covers, and the switches (issue 16), for the popup and the options page:
// the notice on or off (for people whose work is IT support), and per tool "ask" or "don't ask again".
import {runtime, uiLanguage} from './ext.js';
import {loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {el} from './verdict-view.js';

const box = document.getElementById('remote-tools');
const settings = await runtime.send({what: Msg.GET_SETTINGS}).catch(() => null);
const tr = await loadCatalog(pickLang(settings?.lang, uiLanguage()));

function render(state) {
  if (!state?.tools) return;
  const on = el('input', {type: 'checkbox', id: 'remote-on'});
  on.checked = !state.off;
  on.addEventListener('change', async () => render(await runtime.send({what: Msg.SET_REMOTE_SETTINGS, off: !on.checked})));
  const items = state.tools.map((tool) => {
    const ask = el('input', {type: 'checkbox', 'data-tool': tool.id});
    ask.checked = !state.skip.includes(tool.id);
    ask.disabled = state.off;
    ask.addEventListener('change', async () => {
      const skip = ask.checked ? state.skip.filter((id) => id !== tool.id) : [...state.skip, tool.id];
      render(await runtime.send({what: Msg.SET_REMOTE_SETTINGS, skip}));
    });
    return el('li', {'data-tool': tool.id}, el('label', {}, ask, ' ', el('span', {text: tool.name})), ' ',
              el('span', {class: 'note', dir: 'ltr', text: tool.hosts.join(', ')}));
  });
  box.replaceChildren(
    el('summary', {text: tr('remoteSettingsTitle')}),
    el('p', {class: 'note', text: tr('remoteSettingsHint')}),
    el('p', {}, el('label', {}, on, ' ', el('span', {text: tr('remoteSettingsOn')}))),
    el('p', {class: 'note', text: tr('remoteSettingsPerTool')}),
    el('ul', {id: 'remote-list', class: 'remote-list'}, ...items));
  box.dataset.ready = 'true';
}

render(await runtime.send({what: Msg.REMOTE_SETTINGS}).catch(() => null));
