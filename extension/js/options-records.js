// Options: the evidence records the helper keeps of blocked pages (issue 7). List them; export one or all as
// the helper's printable page (downloaded as a file: no script, no remote resource); delete one or all; switch
// records off. Each is one click. The records live in the helper, so without it there is nothing to show.
import {local, runtime, uiLanguage} from './ext.js';
import * as helper from './helper-client.js';
import {loadCatalog, pickLang} from './i18n.js';
import {Msg} from './messages.js';
import {localTime} from './message-view.js';
import {el} from './verdict-view.js';

let tr;
let base;
const byId = (id) => document.getElementById(id);

const problemText = (answer) => (answer.problem === 'error'
  ? tr('optionsRecordsFailed', answer.detail || String(answer.status)) : tr('optionsRecordsOffline'));

function recordItem(record) {
  const reasons = (Array.isArray(record.reasons) ? record.reasons : [])
    .map((r) => el('li', {'data-code': String(r.code ?? ''), text: tr(`reason_${r.code}`) || String(r.description ?? r.code)}));
  const phones = Array.isArray(record.phones) ? record.phones.map(String) : [];
  const exportButton = el('button', {type: 'button', 'data-action': 'export', text: tr('optionsExport')});
  const deleteButton = el('button', {type: 'button', class: 'quiet', 'data-action': 'delete', text: tr('optionsDelete')});
  exportButton.addEventListener('click', () => download(record.id));
  deleteButton.addEventListener('click', () => remove(record.id));
  return el('li', {'data-id': String(record.id)},
            el('strong', {text: localTime(record.time, tr.lang)}),
            el('span', {class: 'plain-address', dir: 'ltr', 'data-role': 'address', text: String(record.address ?? '')}),
            record.framed_address ? el('span', {class: 'meta', 'data-role': 'framed-address',
                                                text: tr('recordFramed', String(record.framed_address))}) : null,
            el('ul', {class: 'reasons'}, ...reasons),
            phones.length ? el('span', {class: 'meta', 'data-role': 'phones', text: tr('recordPhones', phones.join(', '))}) : null,
            el('span', {class: 'meta', 'data-role': 'screenshot', text: tr(record.has_screenshot ? 'recordShotYes' : 'recordShotNo')}),
            ...(Array.isArray(record.steps) ? record.steps : []).map((s) => el('span', {
              class: 'meta', 'data-role': 'step', 'data-tool': String(s.tool ?? ''),
              text: tr('recordStepRemote', localTime(s.time, tr.lang), String(s.tool_name ?? s.tool ?? ''))})),
            el('p', {class: 'row'}, exportButton, deleteButton));
}

/** Deletes one record (id) or all of them (no id), then shows the list again. */
async function remove(id) {
  const answer = await helper.deleteRecords(base, id);
  refresh(answer.ok ? tr('optionsRecordsDeleted', answer.body?.deleted ?? 0) : problemText(answer));
}

/** The helper's export page, saved as a file the user can open and print. */
async function download(id) {
  const answer = await helper.exportRecords(base, id);
  if (!answer.ok) return refresh(problemText(answer));
  const url = URL.createObjectURL(new Blob([answer.body], {type: 'text/html'}));
  const link = el('a', {href: url, download: id === undefined ? 'scamguard-records.html' : `scamguard-record-${id}.html`});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function refresh(message = '') {
  const box = byId('records');
  box.dataset.ready = 'false';
  const settings = await runtime.send({what: Msg.GET_SETTINGS}).catch(() => null);
  base = settings?.helperUrl ?? helper.DEFAULT_HELPER_URL;
  tr = await loadCatalog(pickLang(settings?.lang, uiLanguage()));
  const answer = await helper.listRecords(base);
  const records = answer.ok && Array.isArray(answer.body?.records) ? answer.body.records : [];
  for (const id of ['records-off', 'export-all', 'delete-all']) byId(id).disabled = !answer.ok;
  byId('records').dataset.helper = answer.ok ? 'online' : 'offline';
  if (answer.ok) byId('records-off').checked = answer.body?.settings?.keep_records === false;
  byId('records-status').textContent = !answer.ok ? problemText(answer)
    : [message, records.length ? '' : tr('optionsRecordsNone')].filter(Boolean).join(' ');
  byId('record-list').replaceChildren(...records.map(recordItem));
  box.dataset.ready = 'true';
}

byId('export-all').addEventListener('click', () => download());
byId('delete-all').addEventListener('click', () => remove());
byId('records-off').addEventListener('change', async (event) => {
  const answer = await helper.setKeepRecords(base, !event.target.checked);
  refresh(answer.ok ? '' : problemText(answer));
});
local.onChange((changes) => { if (changes.lang || changes.helperUrl) refresh(); });
refresh();
