// Imports and top-level listeners only: they are registered synchronously, so a restarted worker hears the
// event that woke it. Handlers wait for the one readiness promise; tests wait for `globalThis.ready`.
import {navigation, runtime, tabs} from './js/ext.js';
import {handleMessage, init, onBeforeNavigate, onCommitted, onInstalled, onTabRemoved} from './js/guard.js';
import * as remote from './js/remote-guard.js';
import * as screen from './js/screen-check.js';

// The remote-control notice may fail on its own (a broken tool list): the guard still starts.
const ready = init().then(() => remote.init().catch((error) => console.warn('ScamGuard remote notice:', error)));
const whenReady = (handler) => (...args) => {
  ready.then(() => handler(...args)).catch((error) => console.warn('ScamGuard:', error));
};

navigation.onBeforeNavigate(whenReady(onBeforeNavigate));
navigation.onCommitted(whenReady(onCommitted));
tabs.onRemoved(whenReady(onTabRemoved));
runtime.onInstalled(whenReady(onInstalled));
// Wakes the worker when the browser starts, so init() points the detour rules at this session's check page.
runtime.onStartup(whenReady(() => {}));
// The remote-control notice (issue 16): its own module, its own listeners.
navigation.onCommitted(whenReady(remote.onCommitted));
tabs.onRemoved(whenReady(remote.onTabRemoved));
runtime.onInstalled(whenReady(remote.onInstalled));
tabs.onRemoved(whenReady(screen.onTabRemoved));   // issue 15: the page shapes already read in the tab
runtime.onMessage((message, sender, reply) => {
  ready.then(() => (remote.MESSAGES.has(message?.what) ? remote.handleMessage : handleMessage)(message, sender))
    .then(reply, (error) => reply({error: String(error?.message ?? error)}));
  return true;   // the reply comes asynchronously
});

ready.then(() => { globalThis.ready = true; }, (error) => console.error('ScamGuard failed to start:', error));
