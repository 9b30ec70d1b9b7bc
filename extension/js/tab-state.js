// The per-tab state the guard keeps (what the tab shows was judged how: status, verdict, when): one storage key,
// read here by whoever needs it (guard.js writes it and paints the badge from it; screen-check.js asks whether a
// tab was stopped while its screen was read). In storage.session: it survives a worker restart, not the browser.
import {session} from './ext.js';

export const tabStateKey = (tabId) => 'tab:' + tabId;
export const tabState = (tabId) => session.get(tabStateKey(tabId), null);
export const saveTabState = (tabId, state) => session.set(tabStateKey(tabId), state);
